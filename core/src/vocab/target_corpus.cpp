#include "ipt/vocab/target_corpus.h"

#include <algorithm>

#include "ipt/common/error.h"
#include "ipt/data/raw_corpus.h"

namespace ipt {

std::vector<std::string> read_target_corpus(const std::string& path) {
    std::vector<std::string> texts;
    for_each_raw_text(path, "text", [&](RawText&& t) {
        if (t.blank) return;  // a blank line is no text, in either format
        if (!t.problem.empty()) throw FileError(t.where, t.problem);
        if (!t.text.empty()) texts.push_back(std::move(t.text));
    });
    return texts;
}

std::vector<TokenIds> tokenize_corpus(const Tokenizer& tokenizer, const std::vector<std::string>& texts,
                                      const std::string& stage, int threads, const ProgressSink& progress,
                                      const CancelToken* cancel) {
    constexpr size_t kBlock = 4096;
    std::vector<TokenIds> out;
    out.reserve(texts.size());
    report(progress, stage, 0, static_cast<int64_t>(texts.size()));
    for (size_t begin = 0; begin < texts.size(); begin += kBlock) {
        if (cancel) cancel->throw_if_cancelled();
        const size_t end = std::min(texts.size(), begin + kBlock);
        std::vector<std::string> block(texts.begin() + long(begin), texts.begin() + long(end));
        for (auto& ids : tokenizer.encode_batch(block, {}, threads)) out.push_back(std::move(ids));
        report(progress, stage, static_cast<int64_t>(end), static_cast<int64_t>(texts.size()));
    }
    return out;
}

int64_t count_words(const std::string& text) {
    int64_t words = 0;
    bool in_word = false;
    for (char c : text) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

}  // namespace ipt
