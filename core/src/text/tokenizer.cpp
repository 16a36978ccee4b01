#include "ipt/text/tokenizer.h"

#include <cctype>
#include <filesystem>

#include "ipt/common/error.h"
#include "ipt/common/parallel.h"
#include "ipt/text/hf_tokenizer.h"
#include "ipt/text/model_tokenizer.h"
#include "ipt/text/sentencepiece_tokenizer.h"

namespace ipt {

std::vector<TokenIds> Tokenizer::encode_batch(const std::vector<std::string>& texts,
                                              const EncodeOptions& options, int threads) const {
    std::vector<TokenIds> out(texts.size());
    parallel_for(texts.size(), threads > 0 ? threads : hardware_threads(), [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) out[i] = encode(texts[i], options);
    });
    return out;
}

std::string Tokenizer::piece_text(const std::string& piece) const {
    if (piece.size() == 6 && piece.compare(0, 3, "<0x") == 0 && piece[5] == '>') {
        const std::string hex = piece.substr(3, 2);
        if (std::isxdigit(static_cast<unsigned char>(hex[0])) &&
            std::isxdigit(static_cast<unsigned char>(hex[1])))
            return std::string(1, char(std::stoi(hex, nullptr, 16)));
    }
    static const std::string marker = "\xE2\x96\x81";  // ▁
    std::string out;
    for (size_t i = 0; i < piece.size();) {
        if (piece.compare(i, marker.size(), marker) == 0) {
            out += ' ';
            i += marker.size();
        } else {
            out += piece[i++];
        }
    }
    return out;
}

std::unique_ptr<Tokenizer> load_tokenizer(const std::string& path) {
    std::filesystem::path p(path);
    if (std::filesystem::is_directory(p)) {
        const std::string inside = tokenizer_file_in(path);
        if (inside.empty()) throw FileError(path, "no tokenizer.json or tokenizer.model in this folder");
        p = inside;
    }
    if (!std::filesystem::exists(p)) throw FileError(p.string(), "tokenizer file not found");
    if (p.extension() == ".json") return HfTokenizer::from_file(p.string());
    return SentencePieceTokenizer::from_file(p.string());
}

}  // namespace ipt
