#pragma once
// Outputs appear complete or not at all: write to a temporary name beside the target, flush, then
// rename over the target (rename is atomic within one file system).
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>

namespace ipt {

class AtomicFile {
  public:
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();  // discards the temporary unless commit() ran
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    std::ofstream& stream() { return out_; }
    void write(const void* data, size_t size);
    void write(const std::string& text) { write(text.data(), text.size()); }
    // Flushes, syncs to disk and renames onto the target. Throws FileError on any failure.
    void commit();

  private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    std::ofstream out_;
    bool committed_ = false;
};

// Convenience for small files (configs, JSON indexes).
void write_file_atomically(const std::filesystem::path& target, const std::string& contents);

std::string read_text_file(const std::filesystem::path& path);

// Removes the temporaries that AtomicFile leaves in `dir` when a process is killed mid-write (names
// ".<target>.tmp-<pid>-<hex>"; not recursive). For a job that holds its output's lock: nobody else writes
// there. Returns how many were removed.
int remove_atomic_temporaries(const std::filesystem::path& dir);

}  // namespace ipt
