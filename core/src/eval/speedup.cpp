#include "ipt/eval/speedup.h"

#include <chrono>

#include "ipt/common/error.h"
#include "ipt/model/decoder.h"
#include "ipt/model/generator.h"
#include "ipt/text/tokenizer.h"

namespace ipt {
namespace {

// The first `characters` code points of `text`.
std::string utf8_prefix(const std::string& text, int64_t characters) {
    size_t i = 0;
    for (int64_t n = 0; i < text.size() && n < characters; ++n) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    return text.substr(0, i);
}

SpeedSide measure(const Decoder& model, const Tokenizer& tokenizer, const std::vector<std::string>& texts,
                  const SpeedupOptions& options) {
    SpeedSide side;
    for (const auto& t : texts) {
        side.characters += utf8_length(t);
        side.tokens += static_cast<int64_t>(tokenizer.encode(t).size());
    }
    GenerationOptions g;
    g.max_new_tokens = options.max_new_tokens;
    g.stop_at_eos = false;  // equal work on both sides
    Generator generator(model, &tokenizer);
    EncodeOptions bos;
    bos.add_bos = true;
    int64_t generated = 0, characters = 0;
    double seconds = 0;
    for (int64_t i = 0; i < options.prompts && i < static_cast<int64_t>(texts.size()); ++i) {
        TokenIds prompt =
            tokenizer.encode(utf8_prefix(texts[static_cast<size_t>(i)], options.prompt_characters), bos);
        const auto start = std::chrono::steady_clock::now();
        Generation out = generator.generate({prompt}, g)[0];
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        generated += static_cast<int64_t>(out.tokens.size());
        characters += utf8_length(out.text);
    }
    if (seconds > 0) {
        side.tokens_per_second = double(generated) / seconds;
        side.characters_per_second = double(characters) / seconds;
    }
    return side;
}

}  // namespace

int64_t utf8_length(const std::string& text) {
    int64_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

SpeedupReport measure_speedup(const Decoder& source, const Tokenizer& source_tokenizer,
                              const Decoder& expanded, const Tokenizer& expanded_tokenizer,
                              const std::vector<std::string>& texts, const SpeedupOptions& options) {
    if (texts.empty()) throw UsageError("speed-up: no text to measure on");
    SpeedupReport report;
    report.source = measure(source, source_tokenizer, texts, options);
    report.expanded = measure(expanded, expanded_tokenizer, texts, options);
    if (report.source.tokens == 0) throw UsageError("speed-up: the text encodes to no tokens");
    return report;
}

}  // namespace ipt
