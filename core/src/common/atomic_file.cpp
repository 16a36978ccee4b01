#include "ipt/common/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <random>
#include <sstream>

#include "ipt/common/error.h"

namespace ipt {
namespace {

bool process_runs(pid_t pid) {
    if (pid <= 0) return false;
    if (pid == ::getpid()) return true;
    return ::kill(pid, 0) == 0 || errno == EPERM;
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
    temp_ = temporary_path(target_, "tmp");
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

std::filesystem::path temporary_path(const std::filesystem::path& target, const std::string& tag) {
    std::random_device rd;
    std::ostringstream name;
    name << "." << target.filename().string() << "." << tag << "-" << ::getpid() << "-" << std::hex << rd();
    return target.parent_path() / name.str();
}

namespace {

// The pid in "<prefix><pid>-<random>", or -1 when `name` is not such a name.
pid_t temporary_owner(const std::string& name, const std::string& prefix) {
    if (name.compare(0, prefix.size(), prefix) != 0) return -1;
    const std::string rest = name.substr(prefix.size());
    const size_t dash = rest.find('-');
    if (dash == 0 || dash == std::string::npos || dash > 9 || rest.find_first_not_of("0123456789") != dash)
        return -1;
    return static_cast<pid_t>(std::stol(rest.substr(0, dash)));
}

int remove_stale(const std::filesystem::path& folder, const std::function<pid_t(const std::string&)>& owner) {
    namespace fs = std::filesystem;
    std::error_code ec;
    int removed = 0;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const pid_t pid = owner(it->path().filename().string());
        if (pid <= 0 || process_runs(pid)) continue;
        std::error_code remove_error;
        if (fs::remove_all(it->path(), remove_error) > 0 && !remove_error) ++removed;
    }
    return removed;
}

}  // namespace

int remove_stale_temporaries(const std::filesystem::path& target, const std::string& tag) {
    const std::filesystem::path parent = target.has_parent_path() ? target.parent_path() : ".";
    const std::string prefix = "." + target.filename().string() + "." + tag + "-";
    return remove_stale(parent, [&](const std::string& name) { return temporary_owner(name, prefix); });
}

int remove_stale_temporaries_in(const std::filesystem::path& folder, const std::string& tag) {
    const std::string marker = "." + tag + "-";
    return remove_stale(folder, [&](const std::string& name) -> pid_t {
        if (name.empty() || name[0] != '.') return -1;
        const size_t at = name.rfind(marker);
        if (at == std::string::npos || at == 0) return -1;
        return temporary_owner(name, name.substr(0, at + marker.size()));
    });
}

void write_file_atomically(const std::filesystem::path& target, const std::string& contents) {
    AtomicFile file(target);
    file.write(contents);
    file.commit();
}

std::string read_text_file(const std::filesystem::path& path, uint64_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(path.string(), "cannot open for reading");
    if (max_bytes != UINT64_MAX) {
        std::error_code ec;
        const uint64_t size = std::filesystem::file_size(path, ec);
        if (!ec && size > max_bytes)
            throw FileError(path.string(), std::to_string(size) + " bytes: larger than the " +
                                               std::to_string(max_bytes >> 20) +
                                               " MiB this kind of file may hold");
    }
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
