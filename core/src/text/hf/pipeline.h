#pragma once
// A loaded tokenizer.json: the stages in the library's order, and the special tokens the workbench
// needs (BOS, EOS, pad) from the configs beside it.
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "added_tokens.h"
#include "bpe_model.h"
#include "components.h"

namespace ipt::hf {

class Pipeline {
  public:
    // `name` is the file named in error messages. The configs may be empty strings.
    Pipeline(const std::string& tokenizer_json, const std::string& tokenizer_config,
             const std::string& special_tokens_map, const std::string& name);

    void encode(const std::string& text, bool specials, bool continuation, std::vector<int32_t>* out) const;
    // The pieces the model would see (added tokens left out), in the model's units.
    void pre_tokenize(const std::string& text, std::vector<std::string>* pieces) const;
    // The model alone on one piece spelt as the vocabulary spells it.
    void encode_piece(const std::string& piece, std::vector<int32_t>* out) const;
    std::string decode(const std::vector<int32_t>& ids) const;

    int32_t vocab_size() const { return vocab_size_; }
    // Empty for ids that name nothing (gaps in the id space).
    const std::string* token(int32_t id) const;
    int32_t find(const std::string& token) const;
    const AddedToken* added(int32_t id) const;
    const BpeModel& model() const { return *model_; }
    bool byte_level() const { return byte_level_; }

    int32_t bos = -1, eos = -1, pad = -1;
    bool adds_bos = false;

  private:
    // Encodes into *out, or collects the pre-tokenised pieces into *pieces when it is given.
    void encode_text(const std::string& text, bool origin, bool specials, bool continuation,
                     std::vector<int32_t>* out, std::vector<std::string>* pieces = nullptr) const;
    void read_specials(const json& tokenizer, const std::string& config, const std::string& map);

    std::string name_;
    std::unique_ptr<Normalizer> normalizer_;
    std::unique_ptr<PreTokenizer> pre_tokenizer_;
    std::unique_ptr<BpeModel> model_;
    std::unique_ptr<Decoder> decoder_;
    std::vector<AddedToken> added_;
    std::unordered_map<int32_t, size_t> added_by_id_;
    std::unordered_map<std::string, int32_t> added_by_content_;
    AddedTokenMatcher raw_matcher_, normalized_matcher_;
    bool byte_level_ = false;
    int32_t vocab_size_ = 0;
};

}  // namespace ipt::hf
