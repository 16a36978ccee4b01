#pragma once
// The inference speed-up of vocabulary expansion (Yamaguchi et al., Table 2): on the same held-out
// target-language text, how many tokens each model's tokenizer needs, and how fast each model generates,
// in tokens and in characters per second (a longer vocabulary item carries more characters per step).
#include <cstdint>
#include <string>
#include <vector>

namespace ipt {

class Decoder;
class Tokenizer;

struct SpeedSide {
    int64_t characters = 0;            // UTF-8 code points of the text
    int64_t tokens = 0;                // tokens the side's tokenizer needs for it
    double tokens_per_second = 0;      // greedy generation
    double characters_per_second = 0;  // of the generated text
};

struct SpeedupReport {
    SpeedSide source, expanded;
    double length_ratio() const { return double(expanded.tokens) / double(source.tokens); }
    // Percent more characters generated per second by the expanded model.
    double speedup_percent() const {
        return 100.0 * (expanded.characters_per_second / source.characters_per_second - 1.0);
    }
};

struct SpeedupOptions {
    int64_t prompts = 4;  // generation prompts taken from the start of the texts
    int64_t prompt_characters = 200;
    int64_t max_new_tokens = 64;
};

SpeedupReport measure_speedup(const Decoder& source, const Tokenizer& source_tokenizer,
                              const Decoder& expanded, const Tokenizer& expanded_tokenizer,
                              const std::vector<std::string>& texts, const SpeedupOptions& options = {});

// Counts UTF-8 code points.
int64_t utf8_length(const std::string& text);

}  // namespace ipt
