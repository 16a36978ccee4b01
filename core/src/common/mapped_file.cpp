#include "ipt/common/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ipt/common/error.h"

namespace ipt {

std::shared_ptr<MappedFile> MappedFile::open(const std::string& path) {
    std::shared_ptr<MappedFile> file(new MappedFile());
    file->path_ = path;
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) throw FileError(path, std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int err = errno;
        ::close(fd);
        throw FileError(path, std::string("cannot stat: ") + std::strerror(err));
    }
    file->size_ = static_cast<size_t>(st.st_size);
    if (file->size_ > 0) {
        void* address = ::mmap(nullptr, file->size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        if (address == MAP_FAILED) {
            int err = errno;
            ::close(fd);
            throw FileError(path, std::string("cannot map: ") + std::strerror(err));
        }
        file->data_ = static_cast<uint8_t*>(address);
    }
    ::close(fd);
    return file;
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(data_, size_);
}

}  // namespace ipt
