#pragma once
// The BPE model of tokenizer.json: vocabulary, ranked merges, byte fallback, the unknown token and
// ignore_merges, applied to one pre-tokenised piece at a time. Merging follows the library's rule
// (models/bpe/word.rs): repeatedly merge the adjacent pair of lowest rank, the leftmost among equals.
// Under a ByteLevel pre-tokenizer the model works on raw bytes: its vocabulary is translated from
// GPT-2's byte alphabet once at load, so the text is never mapped.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "components.h"

namespace ipt::hf {

class BpeModel {
  public:
    BpeModel(const json& model, bool byte_level, const JsonPlace& place);

    // Appends the ids for one piece (its bytes under ByteLevel, else its characters).
    void encode(std::string_view piece, std::vector<int32_t>* out) const;

    // The vocabulary as tokenizer.json spells it.
    int32_t size() const { return static_cast<int32_t>(tokens_.size()); }  // highest id + 1
    const std::string& token(int32_t id) const { return tokens_[size_t(id)]; }
    int32_t find(const std::string& token) const;
    int32_t unk_id() const { return unk_id_; }
    bool is_byte(int32_t id) const;  // a "<0xNN>" byte-fallback token
    bool byte_fallback() const { return byte_fallback_; }
    uint64_t instance() const { return instance_; }

  private:
    struct Merge {
        int32_t rank = 0;
        int32_t id = 0;
    };
    // Open addressing on the (left, right) id pair: merge lookups are the inner loop of encoding.
    class MergeTable {
      public:
        void reserve(size_t n);
        void insert(int32_t left, int32_t right, Merge merge);
        const Merge* find(int32_t left, int32_t right) const;

      private:
        static uint64_t key(int32_t l, int32_t r) { return (uint64_t(uint32_t(l)) << 32) | uint32_t(r); }
        std::vector<uint64_t> keys_;
        std::vector<Merge> values_;
        size_t mask_ = 0;
    };

    void merge_word(std::string_view piece, std::vector<int32_t>* out) const;
    void merge_symbols(std::vector<int32_t>* symbols) const;
    void merge_symbols_heap(std::vector<int32_t>* symbols) const;
    int32_t unit_id(std::string_view unit) const;

    std::vector<std::string> tokens_;                    // by id, as spelt in the file
    std::unordered_map<std::string, int32_t> by_token_;  // as spelt in the file
    std::unordered_map<std::string, int32_t> by_unit_;   // as the text spells it (raw bytes under ByteLevel)
    std::vector<int32_t> byte_unit_;                     // ByteLevel: id of each single byte, -1 if absent
    std::vector<int32_t> fallback_byte_;                 // "<0xNN>" ids, -1 if absent
    std::vector<char> is_fallback_byte_;                 // by id
    MergeTable merges_;
    bool byte_level_ = false, byte_fallback_ = false, ignore_merges_ = false, fuse_unk_ = false;
    int32_t unk_id_ = -1;
    uint64_t instance_ = 0;  // tells this model's entries apart in the per-thread word caches
};

}  // namespace ipt::hf
