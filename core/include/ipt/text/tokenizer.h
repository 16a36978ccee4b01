#pragma once
// The tokenizer interface every other part of the workbench codes against. Token ids are int32 (the
// largest vocabularies in use, ~256K, fit comfortably) and a sequence is a std::vector of them.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ipt {

using TokenIds = std::vector<int32_t>;

struct EncodeOptions {
    bool add_bos = false;
    bool add_eos = false;
    // Recognise the spelling of control pieces (e.g. "<s>", "</s>") in the text and emit their ids
    // instead of tokenizing the characters. Off by default: raw corpora may contain such strings.
    bool parse_special = false;
    // The text continues earlier text: no word-start marker is added in front of it (a leading space
    // still becomes one). For texts built from separately tokenized segments.
    bool continuation = false;
};

class Tokenizer {
  public:
    virtual ~Tokenizer() = default;

    virtual TokenIds encode(const std::string& text, const EncodeOptions& options = {}) const = 0;
    // Encodes many texts on up to `threads` threads (0 = all hardware threads). Order is preserved.
    virtual std::vector<TokenIds> encode_batch(const std::vector<std::string>& texts,
                                               const EncodeOptions& options = {}, int threads = 0) const;
    virtual std::string decode(const TokenIds& ids) const = 0;

    virtual int32_t vocab_size() const = 0;
    virtual std::string piece(int32_t id) const = 0;
    // -1 when the piece is not in the vocabulary.
    virtual int32_t piece_id(const std::string& piece) const = 0;
    virtual bool is_control(int32_t id) const = 0;
    virtual bool is_byte(int32_t id) const = 0;
    virtual bool is_unknown(int32_t id) const = 0;
    // The text a vocabulary piece stands for (the piece need not be in this vocabulary): "▁" is a
    // space and "<0xNN>" the byte NN; byte-level vocabularies (tokenizer.json) map their alphabet back
    // to bytes.
    virtual std::string piece_text(const std::string& piece) const;

    virtual int32_t bos_id() const = 0;  // -1 when absent
    virtual int32_t eos_id() const = 0;
    virtual int32_t pad_id() const = 0;
    virtual int32_t unk_id() const = 0;

    // A stable hash of the model's bytes; token shards record it so that data tokenized with one
    // tokenizer is never silently trained with another.
    virtual std::string fingerprint() const = 0;
};

// Loads a tokenizer file: a `tokenizer.json` (Hugging Face; any *.json) or a SentencePiece
// `tokenizer.model`; a folder means the tokenizer in it (model_tokenizer.h). Throws FileError naming
// the file.
std::unique_ptr<Tokenizer> load_tokenizer(const std::string& path);

}  // namespace ipt
