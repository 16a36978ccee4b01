#include "ipt/common/line_reader.h"

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

bool LineReader::next(std::string* line) {
    if (!std::getline(in_, *line)) return false;
    offset_ += line->size() + (in_.eof() ? 0 : 1);
    ++line_;
    if (!line->empty() && line->back() == '\r') line->pop_back();
    return true;
}

}  // namespace ipt
