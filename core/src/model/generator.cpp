#include "ipt/model/generator.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <deque>
#include <optional>

#include "ipt/common/error.h"
#include "ipt/model/decoder.h"
#include "ipt/model/kv_cache.h"

namespace ipt {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";  // what a decoder emits for an unfinished UTF-8 character

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Follows one sequence's text as tokens arrive: what is safe to show, and where a stop string cut it.
// Decoding is incremental (as in vLLM's detokenizer): only the tokens since the last complete piece of
// text are decoded again, so a generation costs linear, not quadratic, decoding work.
class TextStream {
  public:
    TextStream(const Tokenizer* tokenizer, const TokenIds& prompt, const std::vector<std::string>& stops)
        : tokenizer_(tokenizer), stops_(stops) {
        // Decoding after the prompt's last token keeps the space SentencePiece drops at the start of a
        // text ("▁world" continues "Hello" as " world"): it opens the first window and its text is not
        // part of the generation.
        if (tokenizer_ && !prompt.empty() && !tokenizer_->is_control(prompt.back())) {
            window_.push_back(prompt.back());
            settled_ = 1;
        }
    }

    // Adds a token; returns the newly showable text and sets `stopped` when a stop string appeared.
    std::string push(int32_t token, bool finished, bool* stopped) {
        if (!tokenizer_ || stopped_) return {};
        window_.push_back(token);
        return advance(finished, stopped);
    }
    // The generation ended without a token to show (at an EOS): what is still held back.
    std::string finish(bool* stopped) {
        if (!tokenizer_ || stopped_) return {};
        return advance(true, stopped);
    }
    const std::string& text() const { return text_; }

  private:
    std::string advance(bool finished, bool* stopped) {
        const std::string before = decode(0, settled_), now = decode(0, window_.size());
        const size_t old_size = text_.size();
        if (now.size() > before.size() && (finished || !ends_with(now, kReplacement))) {
            text_ += now.compare(0, before.size(), before) == 0 ? now.substr(before.size()) : now;
            // The next window starts at the first token not yet settled.
            window_.erase(window_.begin(), window_.begin() + static_cast<long>(settled_));
            settled_ = window_.size();
        }
        size_t end = text_.size();
        for (const auto& stop : stops_) {
            const size_t from = old_size >= stop.size() ? old_size - stop.size() + 1 : 0;
            const size_t at = text_.find(stop, from);
            if (at != std::string::npos && at < end) {
                end = at;
                stopped_ = true;
            }
        }
        text_.resize(end);
        *stopped = stopped_;
        size_t safe = end;
        if (!stopped_ && !finished)
            // Hold back a tail that could be the start of a stop string.
            for (const auto& stop : stops_)
                for (size_t k = std::min(stop.size() - 1, safe); k > 0; --k)
                    if (text_.compare(safe - k, k, stop, 0, k) == 0) {
                        safe -= k;
                        break;
                    }
        std::string delta;
        if (safe > emitted_) {
            delta = text_.substr(emitted_, safe - emitted_);
            emitted_ = safe;
        }
        return delta;
    }

    std::string decode(size_t begin, size_t end) const {
        return tokenizer_->decode(
            TokenIds(window_.begin() + static_cast<long>(begin), window_.begin() + static_cast<long>(end)));
    }

    const Tokenizer* tokenizer_;
    std::vector<std::string> stops_;
    TokenIds window_;     // tokens decoded together: settled ones first
    size_t settled_ = 0;  // window_[0, settled_) is already in text_
    std::string text_;
    size_t emitted_ = 0;
    bool stopped_ = false;
};

std::vector<int32_t> eos_ids(const ModelConfig& config, const GenerationOptions& options) {
    std::vector<int32_t> eos = options.eos_ids;
    if (eos.empty())
        for (int64_t id : config.eos_token_ids) eos.push_back(static_cast<int32_t>(id));
    return eos;
}

// New tokens `prompt` may take: max_new_tokens, or fewer where the context ends first.
int64_t token_limit(const ModelConfig& config, const TokenIds& prompt, const GenerationOptions& options) {
    return std::min(options.max_new_tokens,
                    config.max_position_embeddings - static_cast<int64_t>(prompt.size()));
}

// A sequence in a slot: its request, where it stands and what it has made.
struct Running {
    GenerationRequest request;
    Generation result;
    std::vector<int32_t> eos;
    int64_t limit = 0;
    StopReason at_limit = StopReason::MaxTokens;
    int64_t position = 0;  // rotary position of the token last taken (where it is fed back)
    int32_t next = 0;      // the token to feed back
    std::mt19937_64 rng;
    std::optional<TextStream> stream;
};

// The slots of a generation: one KV cache row each, refilled as sequences finish. prefill() starts a
// request in a free slot, decode_one() takes one token for every running sequence.
class SlotDecoder {
  public:
    SlotDecoder(const Decoder& model, const Tokenizer* tokenizer, size_t slots, int64_t capacity)
        : model_(model),
          tokenizer_(tokenizer),
          cache_(model.config(), static_cast<int64_t>(slots), std::max<int64_t>(capacity, 1),
                 at::TensorOptions().dtype(model.inference_dtype()).device(model.device())),
          slots_(slots) {}

    bool running() const {
        return std::any_of(slots_.begin(), slots_.end(), [](const auto& s) { return s.has_value(); });
    }
    bool has_free_slot() const {
        return std::any_of(slots_.begin(), slots_.end(), [](const auto& s) { return !s.has_value(); });
    }

    // Prefill: runs the prompt through the model into a free slot's cache row and takes its first token.
    void prefill(GenerationRequest request) {
        const size_t slot = static_cast<size_t>(
            std::find_if(slots_.begin(), slots_.end(), [](const auto& s) { return !s.has_value(); }) -
            slots_.begin());
        const ModelConfig& config = model_.config();
        Running r;
        r.eos = eos_ids(config, request.options);
        r.limit = token_limit(config, request.prompt, request.options);
        r.at_limit =
            r.limit < request.options.max_new_tokens ? StopReason::ContextFull : StopReason::MaxTokens;
        if (r.limit <= 0) {  // max_new_tokens 0: nothing to generate
            if (request.on_done) request.on_done(Generation{});
            return;
        }
        const int64_t n = static_cast<int64_t>(request.prompt.size());
        r.position = n - 1;  // take() moves it to n, where the first new token is fed back
        r.rng = sampling_rng(request.options.sampling.seed, request.id);
        r.stream.emplace(tokenizer_, request.prompt, request.options.stop_strings);
        r.request = std::move(request);
        slots_[slot] = std::move(r);
        const TokenIds& prompt = slots_[slot]->request.prompt;

        KvCache row = cache_.row(static_cast<int64_t>(slot));
        ForwardOptions forward;
        forward.cache = &row;
        forward.last_position_only = true;
        at::Tensor input = at::tensor(std::vector<int64_t>(prompt.begin(), prompt.end()),
                                      at::TensorOptions().dtype(at::kLong))
                               .view({1, n})
                               .to(model_.device());
        at::Tensor logits = model_.forward(input, forward).view({1, -1});
        cache_.set_row_length(static_cast<int64_t>(slot), n);
        at::Tensor seen;
        if (slots_[slot]->request.options.sampling.repetition_penalty != 1.0f) {
            at::Tensor mark = seen_rows()[static_cast<int64_t>(slot)];
            mark.zero_();
            mark.index_fill_(0, input.view({n}), true);
            seen = seen_.narrow(0, static_cast<int64_t>(slot), 1);
        }
        take(slot, sample(logits, seen, {slot})[0]);
    }

    // Decode one: one token for every running sequence (idle rows are computed and never read).
    void decode_one() {
        const int64_t b = static_cast<int64_t>(slots_.size());
        std::vector<int64_t> tokens(slots_.size(), 0), positions(slots_.size(), 0);
        std::vector<size_t> active;
        for (size_t s = 0; s < slots_.size(); ++s) {
            if (!slots_[s]) {
                cache_.set_row_length(static_cast<int64_t>(s), 0);
                continue;
            }
            tokens[s] = slots_[s]->next;
            positions[s] = slots_[s]->position;
            active.push_back(s);
        }
        const auto long_options = at::TensorOptions().dtype(at::kLong);
        ForwardOptions forward;
        forward.cache = &cache_;
        forward.position_ids = at::tensor(positions, long_options).view({b, 1}).to(model_.device());
        at::Tensor input = at::tensor(tokens, long_options).view({b, 1}).to(model_.device());
        at::Tensor logits = model_.forward(input, forward).view({b, -1});
        at::Tensor seen = seen_;
        if (active.size() != slots_.size()) {
            at::Tensor pick = at::tensor(std::vector<int64_t>(active.begin(), active.end()), long_options)
                                  .to(logits.device());
            logits = logits.index_select(0, pick);
            if (seen.defined()) seen = seen.index_select(0, pick);
        }
        const std::vector<int32_t> picked = sample(logits, seen, active);
        for (size_t i = 0; i < active.size(); ++i) take(active[i], picked[i]);
    }

    // Ends the running sequences whose request was cancelled (all of them with `everything`).
    void cancel(bool everything) {
        for (size_t s = 0; s < slots_.size(); ++s) {
            auto& r = slots_[s];
            if (!r || !(everything || (r->request.cancel && r->request.cancel->cancelled()))) continue;
            r->result.reason = StopReason::Cancelled;
            finish(s);
        }
    }

  private:
    at::Tensor& seen_rows() {
        if (!seen_.defined())
            seen_ = at::zeros({static_cast<int64_t>(slots_.size()), model_.config().vocab_size},
                              at::TensorOptions().dtype(at::kBool).device(model_.device()));
        return seen_;
    }

    std::vector<int32_t> sample(at::Tensor& logits, const at::Tensor& seen,
                                const std::vector<size_t>& slots) {
        std::vector<SampledRow> rows;
        for (size_t s : slots) rows.push_back({&slots_[s]->request.options.sampling, &slots_[s]->rng});
        return sample_rows(logits, seen, rows);
    }

    // Records a sequence's new token; frees the slot when the sequence is finished.
    void take(size_t slot, int32_t token) {
        Running& r = *slots_[slot];
        const GenerationOptions& o = r.request.options;
        Generation& g = r.result;
        g.tokens.push_back(token);
        const bool is_eos = o.stop_at_eos && std::find(r.eos.begin(), r.eos.end(), token) != r.eos.end();
        const bool at_limit = static_cast<int64_t>(g.tokens.size()) >= r.limit;
        bool stopped = false;
        TokenEvent event{r.request.id, token, {}, false};
        // The EOS itself is never part of the text (it may be an ordinary piece given as eos_ids).
        event.text_delta = is_eos ? r.stream->finish(&stopped) : r.stream->push(token, at_limit, &stopped);
        g.text = r.stream->text();
        event.finished = is_eos || stopped || at_limit;
        if (event.finished)
            g.reason = is_eos ? StopReason::Eos : stopped ? StopReason::StopString : r.at_limit;
        if (r.request.on_token) r.request.on_token(event);
        if (event.finished) {
            finish(slot);
            return;
        }
        r.next = token;
        ++r.position;
        if (seen_.defined()) seen_[static_cast<int64_t>(slot)][token] = true;
    }

    void finish(size_t slot) {
        Running r = std::move(*slots_[slot]);
        slots_[slot].reset();
        if (r.request.on_done) r.request.on_done(std::move(r.result));
    }

    const Decoder& model_;
    const Tokenizer* tokenizer_;
    KvCache cache_;
    std::vector<std::optional<Running>> slots_;
    at::Tensor seen_;  // [slots, vocab]: tokens of each slot's sequence so far (repetition penalty)
};

// Prefill as long as slots are free and requests wait, then decode one step; until `next` ends it.
void run_slots(SlotDecoder& decoder, const RequestSource& next, const CancelToken* cancel) {
    while (true) {
        if (cancel && cancel->cancelled()) {
            decoder.cancel(/*everything=*/true);
            return;
        }
        decoder.cancel(/*everything=*/false);
        GenerationRequest request;
        bool ended = false;
        while (decoder.has_free_slot()) {
            if (!next(&request, !decoder.running())) {
                ended = !decoder.running();
                break;
            }
            decoder.prefill(std::move(request));
            request = GenerationRequest{};
        }
        if (ended) return;
        if (decoder.running()) decoder.decode_one();
    }
}

}  // namespace

const char* stop_reason_name(StopReason reason) {
    switch (reason) {
        case StopReason::Eos:
            return "eos";
        case StopReason::StopString:
            return "stop_string";
        case StopReason::MaxTokens:
            return "max_tokens";
        case StopReason::ContextFull:
            return "context_full";
        case StopReason::Cancelled:
            return "cancelled";
    }
    return "unknown";
}

Generator::Generator(const Decoder& model, const Tokenizer* tokenizer)
    : model_(model), tokenizer_(tokenizer) {}

namespace {

void check_prompt(const ModelConfig& config, const TokenIds& prompt, const std::string& what) {
    const int64_t n = static_cast<int64_t>(prompt.size()), context = config.max_position_embeddings;
    if (n == 0) throw UsageError(what + " is empty");
    if (n >= context)
        throw UsageError(what + " has " + std::to_string(n) + " tokens; the model's context is " +
                         std::to_string(context) +
                         " tokens (max_position_embeddings), leaving no room to generate");
    for (int32_t id : prompt)
        if (id < 0 || id >= config.vocab_size)
            throw UsageError(what + ": token id " + std::to_string(id) + " is outside the vocabulary (size " +
                             std::to_string(config.vocab_size) + ")");
}

void check_options(const GenerationOptions& options, const Tokenizer* tokenizer) {
    options.sampling.validate();
    if (options.max_new_tokens < 0) throw UsageError("max new tokens must be >= 0");
    if (!options.stop_strings.empty() && !tokenizer) throw UsageError("stop strings need a tokenizer");
}

}  // namespace

void Generator::check(const TokenIds& prompt, const GenerationOptions& options) const {
    check_options(options, tokenizer_);
    check_prompt(model_.config(), prompt, "the prompt");
}

std::vector<Generation> Generator::generate(const std::vector<TokenIds>& prompts,
                                            const GenerationOptions& options, const TokenCallback& on_token,
                                            const CancelToken* cancel) const {
    int64_t capacity = 1;  // cache positions of the longest sequence (its last token is never fed back)
    check_options(options, tokenizer_);
    for (size_t i = 0; i < prompts.size(); ++i) {
        check_prompt(model_.config(), prompts[i], "prompt " + std::to_string(i));
        const int64_t n = static_cast<int64_t>(prompts[i].size());
        capacity = std::max(capacity, n + token_limit(model_.config(), prompts[i], options) - 1);
    }
    std::vector<Generation> results(prompts.size());
    if (prompts.empty() || options.max_new_tokens == 0) return results;

    c10::InferenceMode inference;
    const size_t slots =
        options.slot_count == 0 ? prompts.size() : std::min(options.slot_count, prompts.size());
    SlotDecoder decoder(model_, tokenizer_, slots, capacity);
    size_t next = 0;
    run_slots(
        decoder,
        [&](GenerationRequest* r, bool) {
            if (next == prompts.size()) return false;
            r->id = next;
            r->prompt = prompts[next];
            r->options = options;
            r->on_token = on_token;
            r->on_done = [&results, i = next](Generation g) { results[i] = std::move(g); };
            ++next;
            return true;
        },
        cancel);
    for (; next < prompts.size(); ++next) results[next].reason = StopReason::Cancelled;
    return results;
}

void Generator::serve(size_t slot_count, const RequestSource& next, const CancelToken* cancel) const {
    if (slot_count == 0) throw UsageError("serving needs at least one slot");
    c10::InferenceMode inference;
    SlotDecoder decoder(model_, tokenizer_, slot_count, model_.config().max_position_embeddings);
    run_slots(decoder, next, cancel);
}

}  // namespace ipt
