#pragma once
// A whole file mapped into memory, copy-on-write: readers get zero-copy views, and a stray write can
// never reach the file on disk.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ipt {

class MappedFile {
  public:
    // Throws FileError naming the file. An empty file maps to size() == 0 and data() == nullptr.
    static std::shared_ptr<MappedFile> open(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return data_; }
    uint8_t* mutable_data() const { return data_; }  // private pages: writes stay in this process
    size_t size() const { return size_; }
    const std::string& path() const { return path_; }

  private:
    MappedFile() = default;
    std::string path_;
    uint8_t* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace ipt
