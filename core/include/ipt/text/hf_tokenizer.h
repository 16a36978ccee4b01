#pragma once
// The Hugging Face tokenizer.json backend (Llama 3, Qwen, Mistral v0.3+, SmolLM, GPT-2 and models
// converted from SentencePiece): a BPE model with byte-level or Metaspace/byte-fallback pre-processing,
// its added and special tokens, and BOS/EOS/pad from tokenizer_config.json (or special_tokens_map.json)
// beside it. Encodes and decodes as the `tokenizers` library does (tests/compat/tokenizers holds the
// goldens). A component it does not implement is refused when the file is read, naming the file and
// the JSON path, never approximated.
#include <memory>
#include <string>
#include <vector>

#include "ipt/text/tokenizer.h"

namespace ipt {
namespace hf {
class Pipeline;
}

// The files a tokenizer.json tokenizer is read from; the two configs may be empty.
struct HfTokenizerFiles {
    std::string tokenizer_json;
    std::string tokenizer_config;    // tokenizer_config.json
    std::string special_tokens_map;  // special_tokens_map.json
};

class HfTokenizer : public Tokenizer {
  public:
    // `path`: a tokenizer.json; the configs are read from beside it when present.
    static std::unique_ptr<HfTokenizer> from_file(const std::string& path);
    // `name` appears in error messages in place of a path.
    static std::unique_ptr<HfTokenizer> from_files(const HfTokenizerFiles& files,
                                                   const std::string& name = "tokenizer.json");
    ~HfTokenizer() override;

    // add_bos prepends BOS only where the tokenizer's convention has one (tokenizer_config.json's
    // add_bos_token, else the post-processor's template): Llama and Mistral do, GPT-2 and Qwen do not.
    // parse_special: special added tokens are recognised in the text; non-special added tokens always
    // are, as in the library. continuation: no "▁" or prefix space is added in front of the text.
    TokenIds encode(const std::string& text, const EncodeOptions& options = {}) const override;
    // As the library's decode(ids, skip_special_tokens=False).
    std::string decode(const TokenIds& ids) const override;

    int32_t vocab_size() const override;
    std::string piece(int32_t id) const override;  // as tokenizer.json spells it ("Ġthe", "▁the")
    int32_t piece_id(const std::string& piece) const override;
    bool is_control(int32_t id) const override;  // a special added token
    bool is_byte(int32_t id) const override;     // a "<0xNN>" byte-fallback token
    bool is_unknown(int32_t id) const override;
    int32_t bos_id() const override;
    int32_t eos_id() const override;
    int32_t pad_id() const override;
    int32_t unk_id() const override;
    std::string fingerprint() const override;

    bool adds_bos() const;
    // Byte-level (GPT-2 alphabet) vocabulary, as Llama 3, Qwen and GPT-2 have; else Metaspace-style.
    bool byte_level() const;
    // Under ByteLevel the piece's bytes; otherwise as Tokenizer::piece_text.
    std::string piece_text(const std::string& piece) const override;
    const HfTokenizerFiles& files() const { return files_; }

    // For vocabulary expansion. The words the model sees for `text` (added tokens left out), spelt as
    // the vocabulary spells them ("Ġword" under ByteLevel, "▁word" under Metaspace).
    std::vector<std::string> pre_tokenize(const std::string& text) const;
    // The model alone on one vocabulary-spelt piece: how the merges split it.
    TokenIds encode_piece(const std::string& piece) const;
    // The vocabulary spelling of text the model sees (the GPT-2 byte alphabet under ByteLevel).
    std::string vocabulary_spelling(const std::string& model_units) const;

  private:
    HfTokenizer(HfTokenizerFiles files, const std::string& name);
    HfTokenizerFiles files_;
    std::string name_;
    std::unique_ptr<hf::Pipeline> pipeline_;
};

}  // namespace ipt
