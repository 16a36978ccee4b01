#pragma once
// A prepared dataset on disk: token shards (flat little-endian uint16 or uint32), the start of every
// document in each shard (uint64), an optional per-token loss mask (uint8, 1 = counts in the loss), and
// index.json with counts, sources and the tokenizer's fingerprint. index.json is written last, so a
// folder without it is an unfinished (resumable) preparation, never a dataset.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ipt {

class MappedFile;

struct ShardInfo {
    std::string tokens_file;  // relative to the dataset folder
    std::string documents_file;
    std::string mask_file;  // empty without a mask
    uint64_t tokens = 0;
    uint64_t documents = 0;
};

struct DatasetIndex {
    int token_bytes = 2;  // 2: uint16, 4: uint32
    std::string tokenizer_fingerprint;
    int64_t vocab_size = 0;
    int64_t bos_id = -1, eos_id = -1;
    bool has_mask = false;
    uint64_t tokens = 0;
    uint64_t documents = 0;
    uint64_t skipped_records = 0;
    std::vector<ShardInfo> shards;
    std::vector<std::string> sources;

    std::string to_json() const;
    static DatasetIndex from_json(const std::string& text, const std::string& where);
};

class TokenDataset {
  public:
    // Throws FileError naming the file when index.json is missing or disagrees with the shard files.
    static std::shared_ptr<TokenDataset> open(const std::string& folder);

    const DatasetIndex& index() const { return index_; }
    const std::string& folder() const { return folder_; }
    uint64_t size() const { return index_.tokens; }

    // Copies tokens [offset, offset + count) of the concatenated shards (wrapping at the end) into
    // `tokens`, and their loss mask into `mask` when given (all ones for datasets without a mask).
    void read(uint64_t offset, uint64_t count, int64_t* tokens, uint8_t* mask = nullptr) const;
    // Start of every document in dataset-global token offsets.
    std::vector<uint64_t> document_starts() const;

  private:
    std::string folder_;
    DatasetIndex index_;
    std::vector<std::shared_ptr<MappedFile>> tokens_, documents_, masks_;
    std::vector<uint64_t> shard_start_;  // global offset of each shard's first token
};

}  // namespace ipt
