#pragma once
// The inference speed-up of vocabulary expansion (Yamaguchi et al., Table 2), measured on the same work:
// both models process the same held-out characters, each through its own tokenizer, as a generation of
// that text would (a prefill of the first part, then one decoding step per remaining token, the next
// token forced to the text's own). Speed-up = source seconds per character / expanded seconds per
// character - 1. Beside it, what explains it: the token reduction, and the per-token cost ratio, from
// generating a fixed number of tokens from the same prompt on both sides (a grown vocabulary only widens
// the embedding and the LM head). Every timing is repeated, the two models alternating, and reported as
// a median with its spread: on a busy machine one timing means little.
#include <cstdint>
#include <string>
#include <vector>

namespace ipt {

class Decoder;
class Tokenizer;

// The median and the spread of repeated timings.
struct TimingStats {
    std::vector<double> samples;
    double median = 0, min = 0, max = 0;
    static TimingStats of(std::vector<double> samples);
};

struct SpeedSide {
    int64_t characters = 0;  // UTF-8 code points of the whole held-out text
    int64_t tokens = 0;      // tokens the side's tokenizer needs for it (no BOS)
    // The timed part (the same characters on both sides): its tokens, BOS included.
    int64_t timed_characters = 0, timed_tokens = 0;
    TimingStats seconds_per_character;     // prefill + teacher-forced decoding of the timed text
    TimingStats seconds_per_token;         // generating `generate_tokens` tokens from the same prompt
    double tokens_per_second() const;      // of the teacher-forced pass, from the median
    double characters_per_second() const;  // of the teacher-forced pass, from the median
};

struct SpeedupReport {
    SpeedSide source, expanded;
    int64_t repeats = 0;
    std::vector<double> speedup_samples_percent;  // one per repeat, each from a source/expanded pair

    // Tokens the expanded tokenizer needs per source token, on the whole held-out text.
    double length_ratio() const { return double(expanded.tokens) / double(source.tokens); }
    double token_reduction_percent() const { return 100.0 * (1.0 - length_ratio()); }
    // The speed-up the token reduction alone predicts, at equal per-token cost: on the whole held-out
    // text, and on the part that was timed (what the measured speed-up compares with).
    double predicted_speedup_percent() const { return 100.0 * (1.0 / length_ratio() - 1.0); }
    double timed_predicted_speedup_percent() const {
        return 100.0 * (double(source.timed_tokens) / double(expanded.timed_tokens) - 1.0);
    }
    // Measured: source seconds per character / expanded seconds per character - 1, from the medians.
    double speedup_percent() const;
    double speedup_min_percent() const;
    double speedup_max_percent() const;
    // Expanded seconds per generated token / source seconds per generated token, from the medians.
    double per_token_cost_ratio() const;
};

struct SpeedupOptions {
    int64_t repeats = 5;              // timings per side and measure (alternating sides)
    int64_t max_characters = 3000;    // of the held-out text timed, taken from its start, whole texts
    double prefill_fraction = 0.25;   // of each timed text's tokens run as one prefill; the rest one by one
    int64_t prompt_characters = 200;  // the prompt of the per-token cost measurement
    int64_t generate_tokens = 32;     // tokens generated for the per-token cost
};

// Throws UsageError when there is no text, or none that encodes to tokens.
SpeedupReport measure_speedup(const Decoder& source, const Tokenizer& source_tokenizer,
                              const Decoder& expanded, const Tokenizer& expanded_tokenizer,
                              const std::vector<std::string>& texts, const SpeedupOptions& options = {});

// Counts UTF-8 code points.
int64_t utf8_length(const std::string& text);
// The first `characters` code points of `text`.
std::string utf8_prefix(const std::string& text, int64_t characters);

}  // namespace ipt
