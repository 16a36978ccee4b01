#include "ipt/train/run_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/line_reader.h"

namespace ipt {

AppendOnlyFile::AppendOnlyFile(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) throw FileError(path_, std::string("cannot open for appending: ") + std::strerror(errno));
}

AppendOnlyFile::~AppendOnlyFile() {
    if (fd_ >= 0) ::close(fd_);
}

AppendOnlyFile::AppendOnlyFile(AppendOnlyFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

AppendOnlyFile& AppendOnlyFile::operator=(AppendOnlyFile&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        path_ = std::move(other.path_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

void AppendOnlyFile::append_line(const std::string& line) {
    if (fd_ < 0) throw FileError(path_, "not open for appending");
    const std::string data = line + "\n";
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int error = n < 0 ? errno : ENOSPC;
            throw FileError(path_, std::string("write failed: ") + std::strerror(error) +
                                       (error == ENOSPC || error == EFBIG || error == EDQUOT
                                            ? " (the disk is full: free space, then resume the run)"
                                            : ""));
        }
        done += static_cast<size_t>(n);
    }
}

void truncate_metrics(const std::string& path, int64_t step) {
    if (!std::filesystem::exists(path)) return;
    std::string kept;
    LineReader reader(path);
    std::string line;
    int64_t number = 0;
    bool torn = false;
    while (reader.next(&line)) {
        ++number;
        if (torn) throw FileError(path + ":" + std::to_string(number - 1), "malformed metrics line");
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded()) {
            torn = true;  // only a last line may be torn (a kill mid-write)
            continue;
        }
        const auto it = j.find("step");
        if (!j.is_object() || it == j.end() || !it->is_number_integer())
            throw FileError(path + ":" + std::to_string(number), "metrics line without an integer \"step\"");
        if (it->get<int64_t>() <= step) kept += line + "\n";
    }
    write_file_atomically(path, kept);
}

}  // namespace ipt
