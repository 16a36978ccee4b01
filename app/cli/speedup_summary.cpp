#include "speedup_summary.h"

#include <cstdio>

namespace ipt::cli {

void add_speedup_options(CLI::App* command, SpeedupOptions* o) {
    command->add_option("--repeats", o->repeats, "Timings per model (the two alternate); median and spread")
        ->capture_default_str();
    command
        ->add_option("--speed-characters", o->max_characters,
                     "Characters of the held-out text timed (whole texts from its start)")
        ->capture_default_str();
    command
        ->add_option("--generate-tokens", o->generate_tokens,
                     "Tokens generated from the same prompt for the per-token cost")
        ->capture_default_str();
}

void print_speedup(const SpeedupReport& r) {
    std::printf("held-out text: %lld characters; tokens: source %lld, expanded %lld (%.1f%% fewer)\n",
                static_cast<long long>(r.source.characters), static_cast<long long>(r.source.tokens),
                static_cast<long long>(r.expanded.tokens), r.token_reduction_percent());
    std::printf(
        "same work (%lld characters: prefill + teacher-forced decoding, %lld repeats): source %.3g s/char "
        "(%lld tokens), expanded %.3g s/char (%lld tokens)\n",
        static_cast<long long>(r.source.timed_characters), static_cast<long long>(r.repeats),
        r.source.seconds_per_character.median, static_cast<long long>(r.source.timed_tokens),
        r.expanded.seconds_per_character.median, static_cast<long long>(r.expanded.timed_tokens));
    std::printf("per-token cost (generation), expanded / source: %.3f (source %.3g s/token, expanded %.3g)\n",
                r.per_token_cost_ratio(), r.source.seconds_per_token.median,
                r.expanded.seconds_per_token.median);
    std::printf(
        "inference speed-up on the same text: %+.1f%% (repeats %+.1f%% to %+.1f%%); the token "
        "counts alone predict %+.1f%% on the timed text, %+.1f%% on the whole text\n",
        r.speedup_percent(), r.speedup_min_percent(), r.speedup_max_percent(),
        r.timed_predicted_speedup_percent(), r.predicted_speedup_percent());
}

}  // namespace ipt::cli
