#include "ipt/vocab/target_corpus.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "ipt/common/error.h"
#include "ipt/common/line_reader.h"

namespace ipt {

std::vector<std::string> read_target_corpus(const std::string& path) {
    std::vector<std::string> texts;
    const bool jsonl = path.size() > 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0;
    LineReader reader(path);
    std::string line;
    while (reader.next(&line)) {
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        if (!jsonl) {
            texts.push_back(line);
            continue;
        }
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("text") || !j["text"].is_string())
            throw FileError(reader.where(), "expected a JSON object with a string 'text'");
        std::string text = j["text"].get<std::string>();
        if (!text.empty()) texts.push_back(std::move(text));
    }
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
