#include "ipt/text/tokenizer.h"

#include <filesystem>

#include "ipt/common/error.h"
#include "ipt/common/parallel.h"
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

std::unique_ptr<Tokenizer> load_tokenizer(const std::string& path) {
    std::filesystem::path p(path);
    if (std::filesystem::is_directory(p)) p /= "tokenizer.model";
    if (!std::filesystem::exists(p)) throw FileError(p.string(), "tokenizer file not found");
    return SentencePieceTokenizer::from_file(p.string());
}

}  // namespace ipt
