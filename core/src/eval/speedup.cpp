#include "ipt/eval/speedup.h"

#include <ATen/ATen.h>

#include <c10/core/InferenceMode.h>
#include <algorithm>
#include <chrono>

#include "ipt/common/error.h"
#include "ipt/model/decoder.h"
#include "ipt/model/generator.h"
#include "ipt/model/kv_cache.h"
#include "ipt/text/tokenizer.h"

namespace ipt {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

TokenIds with_bos(const Tokenizer& tokenizer, const std::string& text) {
    EncodeOptions bos;
    bos.add_bos = true;
    return tokenizer.encode(text, bos);
}

// The held-out texts both sides are timed on: whole texts from the start up to `max_characters` (at
// least one, cut when it alone is longer), each cut further where either side's tokens would not fit
// its model's context.
std::vector<std::string> timed_texts(const std::vector<std::string>& texts, const SpeedupOptions& o,
                                     const Tokenizer& a, int64_t a_context, const Tokenizer& b,
                                     int64_t b_context) {
    std::vector<std::string> out;
    int64_t characters = 0;
    for (const auto& t : texts) {
        const int64_t n = utf8_length(t);
        if (n == 0) continue;
        if (!out.empty() && characters + n > o.max_characters) break;
        std::string text = out.empty() && n > o.max_characters ? utf8_prefix(t, o.max_characters) : t;
        for (;;) {
            const int64_t over = std::max(int64_t(with_bos(a, text).size()) - a_context,
                                          int64_t(with_bos(b, text).size()) - b_context);
            if (over <= 0) break;
            const int64_t chars = utf8_length(text);
            // Tokens carry at least one character each, so dropping `over` characters (at least 1/8 of
            // the text) converges quickly.
            text = utf8_prefix(text, std::max<int64_t>(0, chars - std::max(over, chars / 8)));
            if (text.empty()) break;
        }
        if (text.empty()) continue;
        characters += utf8_length(text);
        out.push_back(std::move(text));
        if (characters >= o.max_characters) break;
    }
    return out;
}

// One pass over the timed texts as a generation of them would run: a prefill of the first tokens, then
// one decoding step per remaining token with the text's own token fed back, each step's next token
// picked from the logits as greedy decoding does. Returns the seconds.
double teacher_forced_pass(const Decoder& model, const std::vector<TokenIds>& texts,
                           double prefill_fraction) {
    c10::InferenceMode inference;
    const auto long_options = at::TensorOptions().dtype(at::kLong);
    const auto start = Clock::now();
    for (const TokenIds& ids : texts) {
        const int64_t n = static_cast<int64_t>(ids.size());
        const int64_t prefill =
            std::clamp<int64_t>(static_cast<int64_t>(double(n) * prefill_fraction + 0.5), 1, n);
        KvCache cache(model.config(), 1, n,
                      at::TensorOptions().dtype(model.inference_dtype()).device(model.device()));
        ForwardOptions forward;
        forward.cache = &cache;
        forward.last_position_only = true;
        const at::Tensor all = at::tensor(std::vector<int64_t>(ids.begin(), ids.end()), long_options)
                                   .view({1, n})
                                   .to(model.device());
        at::Tensor next = model.forward(all.narrow(1, 0, prefill), forward).argmax(-1);
        for (int64_t i = prefill; i < n; ++i) next = model.forward(all.narrow(1, i, 1), forward).argmax(-1);
        (void)next.item<int64_t>();  // waits for the device
    }
    return seconds_since(start);
}

// Seconds per generated token: `tokens` tokens greedily from `prompt`.
double generation_pass(const Decoder& model, const TokenIds& prompt, int64_t tokens) {
    GenerationOptions g;
    g.max_new_tokens = tokens;
    g.stop_at_eos = false;  // equal work on both sides
    const Generator generator(model, nullptr);
    const auto start = Clock::now();
    const Generation out = generator.generate({prompt}, g)[0];
    const double seconds = seconds_since(start);
    return seconds / double(std::max<size_t>(1, out.tokens.size()));
}

}  // namespace

TimingStats TimingStats::of(std::vector<double> samples) {
    TimingStats s;
    s.samples = samples;
    if (samples.empty()) return s;
    std::sort(samples.begin(), samples.end());
    const size_t n = samples.size();
    s.median = n % 2 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2]);
    s.min = samples.front();
    s.max = samples.back();
    return s;
}

double SpeedSide::tokens_per_second() const {
    const double seconds = seconds_per_character.median * double(timed_characters);
    return seconds > 0 ? double(timed_tokens) / seconds : 0;
}

double SpeedSide::characters_per_second() const {
    return seconds_per_character.median > 0 ? 1.0 / seconds_per_character.median : 0;
}

double SpeedupReport::speedup_percent() const {
    return 100.0 * (source.seconds_per_character.median / expanded.seconds_per_character.median - 1.0);
}

double SpeedupReport::speedup_min_percent() const {
    return speedup_samples_percent.empty()
               ? 0
               : *std::min_element(speedup_samples_percent.begin(), speedup_samples_percent.end());
}

double SpeedupReport::speedup_max_percent() const {
    return speedup_samples_percent.empty()
               ? 0
               : *std::max_element(speedup_samples_percent.begin(), speedup_samples_percent.end());
}

double SpeedupReport::per_token_cost_ratio() const {
    return expanded.seconds_per_token.median / source.seconds_per_token.median;
}

int64_t utf8_length(const std::string& text) {
    int64_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string utf8_prefix(const std::string& text, int64_t characters) {
    size_t i = 0;
    for (int64_t n = 0; i < text.size() && n < characters; ++n) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    return text.substr(0, i);
}

SpeedupReport measure_speedup(const Decoder& source, const Tokenizer& source_tokenizer,
                              const Decoder& expanded, const Tokenizer& expanded_tokenizer,
                              const std::vector<std::string>& texts, const SpeedupOptions& o) {
    if (texts.empty()) throw UsageError("speed-up: no text to measure on");
    if (o.repeats < 1) throw UsageError("speed-up: repeats must be at least 1");
    if (o.max_characters < 1) throw UsageError("speed-up: max_characters must be at least 1");
    if (!(o.prefill_fraction >= 0 && o.prefill_fraction <= 1))
        throw UsageError("speed-up: prefill_fraction must lie in [0, 1]");
    if (o.generate_tokens < 1) throw UsageError("speed-up: generate_tokens must be at least 1");
    SpeedupReport report;
    report.repeats = o.repeats;
    for (const auto& t : texts) {
        const int64_t chars = utf8_length(t);
        report.source.characters += chars;
        report.expanded.characters += chars;
        report.source.tokens += static_cast<int64_t>(source_tokenizer.encode(t).size());
        report.expanded.tokens += static_cast<int64_t>(expanded_tokenizer.encode(t).size());
    }
    if (report.source.tokens == 0 || report.expanded.tokens == 0)
        throw UsageError("speed-up: the text encodes to no tokens");

    const std::vector<std::string> timed =
        timed_texts(texts, o, source_tokenizer, source.config().max_position_embeddings, expanded_tokenizer,
                    expanded.config().max_position_embeddings);
    if (timed.empty()) throw UsageError("speed-up: no held-out text fits the models' context");
    std::vector<TokenIds> source_ids, expanded_ids;
    for (const auto& t : timed) {
        source_ids.push_back(with_bos(source_tokenizer, t));
        expanded_ids.push_back(with_bos(expanded_tokenizer, t));
        report.source.timed_characters += utf8_length(t);
        report.source.timed_tokens += static_cast<int64_t>(source_ids.back().size());
        report.expanded.timed_tokens += static_cast<int64_t>(expanded_ids.back().size());
    }
    report.expanded.timed_characters = report.source.timed_characters;
    // The per-token cost: prompts of the same characters, each side's own tokens, cut to the same
    // number of tokens, so that both sides generate over equally long contexts.
    TokenIds source_prompt = with_bos(source_tokenizer, utf8_prefix(timed.front(), o.prompt_characters));
    TokenIds expanded_prompt = with_bos(expanded_tokenizer, utf8_prefix(timed.front(), o.prompt_characters));
    const int64_t room =
        std::min(source.config().max_position_embeddings, expanded.config().max_position_embeddings) -
        o.generate_tokens;
    if (room < 1) throw UsageError("speed-up: generate_tokens does not fit the models' context");
    const size_t prompt_tokens = static_cast<size_t>(
        std::min<int64_t>(room, int64_t(std::min(source_prompt.size(), expanded_prompt.size()))));
    source_prompt.resize(prompt_tokens);
    expanded_prompt.resize(prompt_tokens);

    // Warm-up (allocator, caches, lazily built tables), not recorded.
    teacher_forced_pass(source, {source_ids.front()}, o.prefill_fraction);
    teacher_forced_pass(expanded, {expanded_ids.front()}, o.prefill_fraction);
    generation_pass(source, source_prompt, std::min<int64_t>(4, o.generate_tokens));
    generation_pass(expanded, expanded_prompt, std::min<int64_t>(4, o.generate_tokens));

    const double characters = double(report.source.timed_characters);
    std::vector<double> source_spc, expanded_spc, source_spt, expanded_spt;
    for (int64_t r = 0; r < o.repeats; ++r) {
        // Alternate which model goes first, so that a drift in the machine's load favours neither.
        const bool source_first = r % 2 == 0;
        double s = 0, e = 0;
        if (source_first) s = teacher_forced_pass(source, source_ids, o.prefill_fraction);
        e = teacher_forced_pass(expanded, expanded_ids, o.prefill_fraction);
        if (!source_first) s = teacher_forced_pass(source, source_ids, o.prefill_fraction);
        source_spc.push_back(s / characters);
        expanded_spc.push_back(e / characters);
        report.speedup_samples_percent.push_back(100.0 * (s / e - 1.0));
        if (source_first) source_spt.push_back(generation_pass(source, source_prompt, o.generate_tokens));
        expanded_spt.push_back(generation_pass(expanded, expanded_prompt, o.generate_tokens));
        if (!source_first) source_spt.push_back(generation_pass(source, source_prompt, o.generate_tokens));
    }
    report.source.seconds_per_character = TimingStats::of(source_spc);
    report.expanded.seconds_per_character = TimingStats::of(expanded_spc);
    report.source.seconds_per_token = TimingStats::of(source_spt);
    report.expanded.seconds_per_token = TimingStats::of(expanded_spt);
    return report;
}

}  // namespace ipt
