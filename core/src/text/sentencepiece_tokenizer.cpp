#include "ipt/text/sentencepiece_tokenizer.h"

#include <algorithm>
#include <cstdio>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/fingerprint.h"
#include "spm_backend.h"

namespace ipt {

SentencePieceTokenizer::SentencePieceTokenizer(std::string bytes, std::string name)
    : bytes_(std::move(bytes)), name_(std::move(name)), processor_(detail::create_spm_backend()) {
    std::string error;
    if (!processor_->load(bytes_, &error)) throw FileError(name_, "not a SentencePiece model: " + error);
    for (int i = 0; i < processor_->piece_size(); ++i) {
        if (processor_->is_control(i)) {
            std::string p = processor_->id_to_piece(i);
            if (!p.empty()) specials_.emplace_back(p, i);
        }
    }
    std::sort(specials_.begin(), specials_.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::from_file(const std::string& path) {
    return std::unique_ptr<SentencePieceTokenizer>(new SentencePieceTokenizer(read_text_file(path), path));
}

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::from_bytes(const std::string& bytes,
                                                                           const std::string& name) {
    return std::unique_ptr<SentencePieceTokenizer>(new SentencePieceTokenizer(bytes, name));
}

TokenIds SentencePieceTokenizer::encode_plain(const std::string& text) const {
    std::vector<int> ids;
    std::string error;
    if (!processor_->encode(text, &ids, &error)) throw Error(name_ + ": encoding failed: " + error);
    return TokenIds(ids.begin(), ids.end());
}

void SentencePieceTokenizer::append_chunk(const std::string& chunk, bool continuation, TokenIds* out) const {
    TokenIds body;
    if (!continuation) {
        body = encode_plain(chunk);
    } else if (chunk[0] == ' ') {
        // SentencePiece's dummy prefix stands for the one space that separates the texts
        // ("<s> Hello" -> <s> ▁Hello, as transformers' non-legacy Llama tokenizers do).
        body = encode_plain(chunk.substr(1));
    } else {
        // No space at all ("<s>Hello"): encode behind a sentinel so that no dummy prefix is added, and
        // drop the sentinel's tokens (transformers' trick with its unknown-token string). The chunk's
        // first characters can merge into the sentinel's last piece ("<unk>" + "<QUE>" gives "><"); then
        // a newline, a byte piece that merges with nothing, serves as the sentinel instead.
        auto behind = [&](const std::string& sentinel) {
            const TokenIds alone = encode_plain(sentinel);
            TokenIds joined = encode_plain(sentinel + chunk);
            if (joined.size() < alone.size() || !std::equal(alone.begin(), alone.end(), joined.begin()))
                return false;
            body.assign(joined.begin() + static_cast<long>(alone.size()), joined.end());
            return true;
        };
        if (!behind(piece(unk_id())) && !behind("\n")) body = encode_plain(chunk);
    }
    out->insert(out->end(), body.begin(), body.end());
}

TokenIds SentencePieceTokenizer::encode(const std::string& text, const EncodeOptions& options) const {
    TokenIds out;
    if (options.add_bos && bos_id() >= 0) out.push_back(bos_id());
    if (!options.parse_special || specials_.empty()) {
        if (!text.empty()) append_chunk(text, options.continuation, &out);
    } else {
        // Split on the spellings of control pieces; the text between them is encoded as usual.
        size_t start = 0, pos = 0;
        while (pos < text.size()) {
            const std::pair<std::string, int32_t>* hit = nullptr;
            for (const auto& special : specials_) {
                if (text.compare(pos, special.first.size(), special.first) == 0) {
                    hit = &special;
                    break;
                }
            }
            if (!hit) {
                ++pos;
                continue;
            }
            if (pos > start)
                append_chunk(text.substr(start, pos - start), start > 0 || options.continuation, &out);
            out.push_back(hit->second);
            pos += hit->first.size();
            start = pos;
        }
        if (start < text.size()) append_chunk(text.substr(start), start > 0 || options.continuation, &out);
    }
    if (options.add_eos && eos_id() >= 0) out.push_back(eos_id());
    return out;
}

std::string SentencePieceTokenizer::decode(const TokenIds& ids) const {
    std::vector<int> in;
    in.reserve(ids.size());
    for (int32_t id : ids) {
        if (id < 0 || id >= vocab_size())
            throw UsageError(name_ + ": token id " + std::to_string(id) +
                             " is outside the vocabulary (size " + std::to_string(vocab_size()) + ")");
        in.push_back(id);
    }
    std::string text, error;
    if (!processor_->decode(in, &text, &error)) throw Error(name_ + ": decoding failed: " + error);
    return text;
}

int32_t SentencePieceTokenizer::vocab_size() const {
    return processor_->piece_size();
}
bool SentencePieceTokenizer::in_range(int32_t id) const {
    return id >= 0 && id < vocab_size();
}
std::string SentencePieceTokenizer::piece(int32_t id) const {
    if (!in_range(id)) return {};
    return processor_->id_to_piece(id);
}
int32_t SentencePieceTokenizer::piece_id(const std::string& piece) const {
    int id = processor_->piece_to_id(piece);
    // PieceToId answers unk_id for unknown pieces; tell them apart from the real <unk>.
    if (id == processor_->unk_id() && piece != processor_->id_to_piece(id)) return -1;
    return id;
}
bool SentencePieceTokenizer::is_control(int32_t id) const {
    return in_range(id) && processor_->is_control(id);
}
bool SentencePieceTokenizer::is_byte(int32_t id) const {
    return in_range(id) && processor_->is_byte(id);
}
bool SentencePieceTokenizer::is_unknown(int32_t id) const {
    return in_range(id) && processor_->is_unknown(id);
}
int32_t SentencePieceTokenizer::bos_id() const {
    return processor_->bos_id();
}
int32_t SentencePieceTokenizer::eos_id() const {
    return processor_->eos_id();
}
int32_t SentencePieceTokenizer::pad_id() const {
    return processor_->pad_id();
}
int32_t SentencePieceTokenizer::unk_id() const {
    return processor_->unk_id();
}
std::string SentencePieceTokenizer::fingerprint() const {
    return "spm-fnv1a64:" + fnv1a64_hex(bytes_);
}

}  // namespace ipt
