#pragma once
// Outputs appear complete or not at all: write to a temporary name beside the target, flush, then
// rename over the target (rename is atomic within one file system).
#include <cstddef>
#include <cstdint>
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

// A fresh name beside `target` for something built there and renamed onto it:
// ".<name>.<tag>-<pid>-<random>". The pid lets remove_stale_temporaries() tell a dead writer's
// leftovers from a live writer's work.
std::filesystem::path temporary_path(const std::filesystem::path& target, const std::string& tag);

// Removes what killed writers left beside `target`: files and folders named by temporary_path() with
// `tag` whose process no longer runs. A job calls it when it starts on an output, so that a SIGKILL
// leaves nothing behind for good; the work of a live process (another job on the same output) stays.
// Returns how many it removed.
int remove_stale_temporaries(const std::filesystem::path& target, const std::string& tag = "tmp");
// The same for every target in `folder` (a dataset's shards, a run's files).
int remove_stale_temporaries_in(const std::filesystem::path& folder, const std::string& tag = "tmp");

// Convenience for small files (configs, JSON indexes).
void write_file_atomically(const std::filesystem::path& target, const std::string& contents);

// The whole file. Throws FileError when it cannot be read or holds more than `max_bytes` (configs and
// indexes pass a limit, so that a hostile or mistaken multi-gigabyte file is refused before it is read).
std::string read_text_file(const std::filesystem::path& path, uint64_t max_bytes = UINT64_MAX);
// The limit for small JSON and TOML files: configs, task definitions, results, indexes.
constexpr uint64_t kMaxConfigBytes = 64ull << 20;

// Removes the temporaries that AtomicFile leaves in `dir` when a process is killed mid-write (names
// ".<target>.tmp-<pid>-<hex>"; not recursive). For a job that holds its output's lock: nobody else writes
// there. Returns how many were removed.
int remove_atomic_temporaries(const std::filesystem::path& dir);

}  // namespace ipt
