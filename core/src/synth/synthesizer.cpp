#include "ipt/synth/synthesizer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "ipt/common/error.h"
#include "ipt/model/decoder.h"
#include "ipt/model/generator.h"
#include "ipt/synth/pair_parser.h"
#include "ipt/text/tokenizer.h"

namespace ipt {

GeneratorSynthesisModel::GeneratorSynthesisModel(const Decoder& model, const Tokenizer& tokenizer,
                                                 SamplingOptions sampling)
    : model_(model), tokenizer_(tokenizer), sampling_(sampling) {}

int64_t GeneratorSynthesisModel::context_length() const {
    return model_.config().max_position_embeddings;
}

int64_t GeneratorSynthesisModel::prompt_tokens(const SynthPrompt& prompt) const {
    return static_cast<int64_t>(encode_prompt(tokenizer_, prompt, encoding_).size());
}

std::string GeneratorSynthesisModel::truncate_text(const std::string& text, int64_t max_tokens) const {
    TokenIds ids = tokenizer_.encode(text);
    if (static_cast<int64_t>(ids.size()) <= max_tokens) return text;
    ids.resize(static_cast<size_t>(std::max<int64_t>(max_tokens, 0)));
    // The tokens end anywhere, often inside a word: cut the text itself at the last word boundary
    // within what they cover.
    const std::string head = tokenizer_.decode(ids);
    size_t covered = 0;
    while (covered < head.size() && covered < text.size() && head[covered] == text[covered]) ++covered;
    return cut_at_word_boundary(text, covered);
}

std::vector<SynthesisModel::Output> GeneratorSynthesisModel::generate(
    const std::vector<SynthPrompt>& prompts, int64_t max_new_tokens,
    const std::vector<std::string>& stop_strings, const CancelToken* cancel, size_t slot_count) {
    std::vector<TokenIds> ids;
    ids.reserve(prompts.size());
    for (const SynthPrompt& p : prompts) ids.push_back(encode_prompt(tokenizer_, p, encoding_));
    GenerationOptions options;
    options.max_new_tokens = max_new_tokens;
    options.sampling = sampling_;
    options.stop_strings = stop_strings;
    options.slot_count = slot_count;
    Generator generator(model_, &tokenizer_);
    std::vector<Output> out;
    for (Generation& g : generator.generate(ids, options, {}, cancel))
        out.push_back({std::move(g.text), static_cast<int64_t>(g.tokens.size())});
    return out;
}

ChunkPlan::ChunkPlan(size_t texts, int rounds) : texts_(texts) {
    if (rounds < 1) throw UsageError("rounds must be at least 1 (got " + std::to_string(rounds) + ")");
    chunk_size_ =
        std::max<size_t>(1, (texts + static_cast<size_t>(rounds) - 1) / static_cast<size_t>(rounds));
}

int ChunkPlan::round_of(size_t index) const {
    return static_cast<int>(index / chunk_size_) + 1;
}

int64_t ChunkPlan::chain_of(size_t index) const {
    return static_cast<int64_t>(index % chunk_size_);
}

int64_t ChunkPlan::predecessor(size_t index) const {
    return index < chunk_size_ ? -1 : static_cast<int64_t>(index - chunk_size_);
}

size_t ChunkPlan::chunk_end(size_t index) const {
    return std::min(texts_, (index / chunk_size_ + 1) * chunk_size_);
}

Synthesizer::Synthesizer(SynthesisModel& model, SynthesizerOptions options)
    : model_(model), options_(options) {
    if (options_.batch == 0) throw UsageError("batch must be at least 1");
    if (options_.max_new_tokens < 1) throw UsageError("max new tokens must be at least 1");
    const int64_t room = effective_context() - options_.max_new_tokens - model_.prompt_tokens(SynthPrompt{});
    if (room < 1)
        throw UsageError("a context of " + std::to_string(effective_context()) +
                         " tokens leaves no room for a text after " +
                         std::to_string(options_.max_new_tokens) + " new tokens");
}

int64_t Synthesizer::effective_context() const {
    return std::min(options_.context, model_.context_length());
}

bool Synthesizer::fits(const SynthPrompt& prompt) const {
    return model_.prompt_tokens(prompt) + options_.max_new_tokens <= effective_context();
}

std::vector<SynthExample> Synthesizer::inherited_chain(const std::vector<SynthInput>& inputs,
                                                       const std::vector<PairRecord>& records,
                                                       size_t index) const {
    const ChunkPlan plan(inputs.size(), options_.rounds);
    const int64_t previous = plan.predecessor(index);
    if (previous < 0 || static_cast<size_t>(previous) >= records.size()) return {};
    const PairRecord& before = records[static_cast<size_t>(previous)];
    // A text that yielded nothing has no example to pass on: the chain breaks.
    if (before.status != PairStatus::Ok || before.pairs.empty()) return {};
    std::vector<SynthExample> chain;
    if (before.linked) chain = inherited_chain(inputs, records, static_cast<size_t>(previous));
    chain.push_back({before.text, before.pairs});
    return chain;
}

namespace {

std::string rejection_summary(const std::vector<RejectedFragment>& rejected) {
    std::map<std::string, int> reasons;
    for (const auto& r : rejected) ++reasons[r.reason];
    std::string out;
    for (const auto& [reason, n] : reasons)
        out += (out.empty() ? "" : ", ") + reason + " x" + std::to_string(n);
    return out;
}

}  // namespace

std::vector<PairRecord> Synthesizer::run_batch(const std::vector<SynthInput>& inputs,
                                               const std::vector<PairRecord>& records, size_t begin,
                                               size_t end, const CancelToken& cancel) {
    const ChunkPlan plan(inputs.size(), options_.rounds);
    std::vector<PairRecord> made(end - begin);
    std::vector<SynthPrompt> prompts;
    std::vector<size_t> prompted;  // positions in `made`
    for (size_t i = begin; i < end; ++i) {
        const SynthInput& input = inputs[i];
        PairRecord& r = made[i - begin];
        r.id = input.id;
        r.text = input.text;
        r.method = "synthesizer";
        r.round = plan.round_of(i);
        r.chain = plan.chain_of(i);
        if (input.status != PairStatus::Ok) {
            r.status = input.status;
            r.reason = input.reason;
            continue;
        }
        if (input.text.find_first_not_of(" \t\r\n") == std::string::npos) {
            r.status = PairStatus::EmptyText;
            r.reason = "the text is empty";
            continue;
        }
        SynthPrompt prompt{inherited_chain(inputs, records, i), input.text, {}};
        if (!prompt.demonstrations.empty() && !fits(prompt)) prompt.demonstrations.clear();
        r.linked = !prompt.demonstrations.empty();
        if (!fits(prompt)) {
            const int64_t room =
                effective_context() - options_.max_new_tokens - model_.prompt_tokens(SynthPrompt{});
            prompt.text = model_.truncate_text(input.text, room);
            // Decoding can differ from the text by a character or two; cut further until it fits.
            while (!fits(prompt) && !prompt.text.empty()) {
                size_t size = prompt.text.size() - std::max<size_t>(1, prompt.text.size() / 64);
                // Never inside a UTF-8 sequence: step back over continuation bytes.
                while (size > 0 && (static_cast<unsigned char>(prompt.text[size]) & 0xC0) == 0x80) --size;
                prompt.text.resize(size);
            }
            r.text = prompt.text;
            r.truncated = true;
            r.reason = "text cut to fit the context: " + std::to_string(prompt.text.size()) + " of " +
                       std::to_string(input.text.size()) + " bytes kept";
        }
        prompts.push_back(std::move(prompt));
        prompted.push_back(i - begin);
    }
    if (prompts.empty()) return made;
    std::vector<SynthesisModel::Output> outputs =
        model_.generate(prompts, options_.max_new_tokens, {}, &cancel, options_.batch);
    if (cancel.cancelled()) throw Cancelled();
    for (size_t k = 0; k < prompted.size(); ++k) {
        PairRecord& r = made[prompted[k]];
        if (!outputs[k].error.empty()) {
            r.status = PairStatus::NoPairs;
            r.reason = r.truncated ? r.reason + "; " + outputs[k].error : outputs[k].error;
            continue;
        }
        r.raw_output = outputs[k].text;
        ParsedPairs parsed = parse_pairs(outputs[k].text);
        r.pairs = std::move(parsed.pairs);
        r.dropped = static_cast<int>(parsed.rejected.size());
        counters_.generated_tokens += outputs[k].tokens;
        counters_.dropped += r.dropped;
        if (!r.pairs.empty()) {
            r.status = PairStatus::Ok;
        } else {
            const std::string why = parsed.rejected.empty() ? "the generation holds no pair"
                                                            : "no valid pair in the generation (" +
                                                                  rejection_summary(parsed.rejected) + ")";
            r.status = r.truncated ? PairStatus::Truncated : PairStatus::NoPairs;
            r.reason = r.truncated ? r.reason + "; " + why : why;
        }
    }
    return made;
}

void Synthesizer::run(const std::vector<SynthInput>& inputs, std::vector<PairRecord>* records,
                      const std::function<void(const std::vector<PairRecord>&)>& on_batch, size_t end,
                      const ProgressSink& progress, const CancelToken& cancel) {
    const ChunkPlan plan(inputs.size(), options_.rounds);
    const size_t stop = end == 0 ? inputs.size() : std::min(end, inputs.size());
    const auto started = std::chrono::steady_clock::now();
    const SynthesisCounters at_start = counters_;
    size_t k = records->size();
    while (k < stop) {
        cancel.throw_if_cancelled();
        const size_t group = options_.group ? options_.group : 4 * options_.batch;
        const size_t batch_end = std::min({k + group, plan.chunk_end(k), stop});
        std::vector<PairRecord> made = run_batch(inputs, *records, k, batch_end, cancel);
        for (const PairRecord& r : made) {
            ++counters_.texts;
            counters_.pairs += static_cast<int64_t>(r.pairs.size());
        }
        records->insert(records->end(), made.begin(), made.end());
        if (on_batch) on_batch(made);
        k = batch_end;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        char stage[128];
        std::snprintf(stage, sizeof stage, "round %d/%d, %.2f texts/s, %.2f pairs/s", plan.round_of(k - 1),
                      options_.rounds, double(counters_.texts - at_start.texts) / std::max(seconds, 1e-9),
                      double(counters_.pairs - at_start.pairs) / std::max(seconds, 1e-9));
        report(progress, stage, static_cast<int64_t>(k), static_cast<int64_t>(inputs.size()));
    }
}

}  // namespace ipt
