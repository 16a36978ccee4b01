#pragma once
// The safetensors format: an 8-byte little-endian header length, a JSON header that maps tensor names
// to dtype, shape and byte offsets, then the raw little-endian data. Nothing here ever unpickles.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ipt {

class MappedFile;

struct SafetensorsEntry {
    std::string name;
    std::string dtype;  // "F32", "F16", "BF16", ...
    std::vector<int64_t> shape;
    uint64_t begin = 0;  // byte offsets into the data section
    uint64_t end = 0;
};

// One file, memory-mapped read-only (copy-on-write): tensors are views of the mapping and keep it alive.
class SafetensorsFile {
  public:
    // Throws FileError naming the file (and the tensor) for every malformed input.
    static std::shared_ptr<SafetensorsFile> open(const std::string& path);
    ~SafetensorsFile();

    const std::string& path() const { return path_; }
    const std::vector<SafetensorsEntry>& entries() const { return entries_; }  // in data order
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    bool contains(const std::string& name) const { return index_.count(name) != 0; }
    const SafetensorsEntry& entry(const std::string& name) const;
    // A CPU tensor over the mapped bytes (copied only when misaligned for its dtype).
    at::Tensor tensor(const std::string& name) const;

  private:
    SafetensorsFile() = default;
    std::string path_;
    std::shared_ptr<MappedFile> mapping_;
    const uint8_t* data_ = nullptr;  // start of the data section
    std::vector<SafetensorsEntry> entries_;
    std::map<std::string, size_t> index_;
    std::map<std::string, std::string> metadata_;
};

using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;

// Writes `tensors` (any device, made contiguous on the CPU) atomically. The metadata always carries
// format=pt, which transformers requires.
void write_safetensors(const std::string& path, const NamedTensors& tensors,
                       const std::map<std::string, std::string>& metadata = {});

// A checkpoint that is either one `model.safetensors` or shards listed by `model.safetensors.index.json`.
class SafetensorsCheckpoint {
  public:
    static SafetensorsCheckpoint open(const std::string& folder);
    std::vector<std::string> names() const;
    bool contains(const std::string& name) const { return owner_.count(name) != 0; }
    // The file that holds `name`, for error messages.
    const std::string& file_of(const std::string& name) const;
    const SafetensorsEntry& entry(const std::string& name) const;
    at::Tensor tensor(const std::string& name) const;
    uint64_t total_bytes() const;
    const std::vector<std::shared_ptr<SafetensorsFile>>& files() const { return files_; }

  private:
    std::vector<std::shared_ptr<SafetensorsFile>> files_;
    std::map<std::string, size_t> owner_;  // tensor name -> index into files_
};

// Writes `model.safetensors`, or shards of at most `max_shard_bytes` plus the index when it does not fit.
void write_safetensors_checkpoint(const std::string& folder, const NamedTensors& tensors,
                                  uint64_t max_shard_bytes = 5ull << 30);

// The safetensors spelling of a dtype, and back. Throw UsageError / return false for the unsupported.
std::string safetensors_dtype_name(at::ScalarType type);
bool safetensors_dtype_from_name(const std::string& name, at::ScalarType* type, size_t* element_size);

}  // namespace ipt
