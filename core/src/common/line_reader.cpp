#include "ipt/common/line_reader.h"

#include <cstring>
#include <filesystem>

#include "ipt/common/error.h"

namespace ipt {

LineReader::LineReader(const std::string& path, uint64_t byte_offset, uint64_t line_number)
    : path_(path), in_(path, std::ios::binary), offset_(byte_offset), line_(line_number) {
    if (!in_) throw FileError(path, "cannot open for reading");
    std::error_code ec;
    const uint64_t size = std::filesystem::file_size(path, ec);
    if (byte_offset > size)
        throw FileError(path, "resume offset " + std::to_string(byte_offset) +
                                  " lies past the end of the file (" + std::to_string(size) +
                                  " bytes): the file changed since the job started");
    in_.seekg(static_cast<std::streamoff>(byte_offset));
}

bool LineReader::refill() {
    if (buffer_.empty()) buffer_.resize(1 << 16);
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    begin_ = 0;
    end_ = static_cast<size_t>(in_.gcount());
    return end_ > 0;
}

bool LineReader::next(std::string* line) {
    line->clear();
    bool any = false, newline = false;
    while (!newline) {
        if (begin_ == end_ && !refill()) break;
        any = true;
        const char* start = buffer_.data() + begin_;
        const char* found = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
        const size_t n = found ? size_t(found - start) : end_ - begin_;
        if (line->size() + n > max_line_)
            throw FileError(path_ + ":" + std::to_string(line_ + 1),
                            "line longer than the limit of " + std::to_string(max_line_) + " bytes");
        line->append(start, n);
        begin_ += n;
        if (found) {
            ++begin_;
            newline = true;
        }
    }
    if (!any) return false;
    offset_ += line->size() + (newline ? 1 : 0);
    ++line_;
    if (!line->empty() && line->back() == '\r') line->pop_back();
    return true;
}

}  // namespace ipt
