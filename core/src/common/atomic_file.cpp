#include "ipt/common/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <sstream>

#include "ipt/common/error.h"

namespace ipt {
namespace {

std::filesystem::path temporary_name(const std::filesystem::path& target) {
    std::random_device rd;
    std::ostringstream name;
    name << "." << target.filename().string() << ".tmp-" << getpid() << "-" << std::hex << rd();
    return target.parent_path() / name.str();
}

void sync_path(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
    std::error_code ec;
    if (target_.has_parent_path()) std::filesystem::create_directories(target_.parent_path(), ec);
    temp_ = temporary_name(target_);
    out_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!out_)
        throw FileError(target_.string(), std::string("cannot open for writing: ") + std::strerror(errno));
}

AtomicFile::~AtomicFile() {
    if (!committed_) {
        out_.close();
        std::error_code ec;
        std::filesystem::remove(temp_, ec);
    }
}

void AtomicFile::write(const void* data, size_t size) {
    out_.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out_) throw FileError(target_.string(), "write failed (disk full?)");
}

void AtomicFile::commit() {
    out_.flush();
    if (!out_) throw FileError(target_.string(), "write failed (disk full?)");
    out_.close();
    sync_path(temp_);
    std::error_code ec;
    std::filesystem::rename(temp_, target_, ec);
    if (ec) throw FileError(target_.string(), "cannot rename temporary file into place: " + ec.message());
    committed_ = true;
    if (target_.has_parent_path()) sync_path(target_.parent_path());
}

void write_file_atomically(const std::filesystem::path& target, const std::string& contents) {
    AtomicFile file(target);
    file.write(contents);
    file.commit();
}

std::string read_text_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(path.string(), "cannot open for reading");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

int remove_atomic_temporaries(const std::filesystem::path& dir) {
    int removed = 0;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() < 2 || name[0] != '.' || name.find(".tmp-") == std::string::npos) continue;
        if (!entry.is_regular_file(ec)) continue;
        if (std::filesystem::remove(entry.path(), ec)) ++removed;
    }
    return removed;
}

}  // namespace ipt
