#pragma once
// SentencePiece backend (the tokenizer.model of Llama, Mistral and the synthesizer).
#include <memory>
#include <string>
#include <vector>

#include "ipt/text/tokenizer.h"

namespace ipt {
namespace detail {
class SpmBackend;
}

class SentencePieceTokenizer : public Tokenizer {
  public:
    static std::unique_ptr<SentencePieceTokenizer> from_file(const std::string& path);
    // From the serialized ModelProto (the bytes of a tokenizer.model file).
    static std::unique_ptr<SentencePieceTokenizer> from_bytes(const std::string& bytes,
                                                              const std::string& name = "<memory>");
    ~SentencePieceTokenizer() override;

    TokenIds encode(const std::string& text, const EncodeOptions& options = {}) const override;
    std::string decode(const TokenIds& ids) const override;

    int32_t vocab_size() const override;
    std::string piece(int32_t id) const override;
    int32_t piece_id(const std::string& piece) const override;
    bool is_control(int32_t id) const override;
    bool is_byte(int32_t id) const override;
    bool is_unknown(int32_t id) const override;
    int32_t bos_id() const override;
    int32_t eos_id() const override;
    int32_t pad_id() const override;
    int32_t unk_id() const override;
    std::string fingerprint() const override;

    const std::string& serialized() const { return bytes_; }

  private:
    SentencePieceTokenizer(std::string bytes, std::string name);
    TokenIds encode_plain(const std::string& text) const;
    bool in_range(int32_t id) const;
    void append_chunk(const std::string& chunk, bool continuation, TokenIds* out) const;

    std::string bytes_;
    std::string name_;
    std::unique_ptr<detail::SpmBackend> processor_;
    std::vector<std::pair<std::string, int32_t>> specials_;  // control pieces, longest first
};

}  // namespace ipt
