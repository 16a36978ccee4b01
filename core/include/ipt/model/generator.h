#pragma once
// Autoregressive generation over a preallocated KV cache, in the shape of gpt-fast: a prefill per
// prompt, then decoding one token for every running sequence per step, for n steps. Sequences run in
// a fixed number of slots; with fewer slots than prompts, a slot is refilled with the next prompt as
// soon as its sequence finishes (continuous batching), so no slot waits for the longest sequence of a
// batch. Greedy or sampled decoding on the logits' device, stop on EOS or stop strings, a per-token
// callback for streaming, cancellation.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/model/sampling.h"
#include "ipt/text/tokenizer.h"

namespace ipt {

class Decoder;

struct GenerationOptions {
    int64_t max_new_tokens = 128;
    SamplingOptions sampling;
    bool stop_at_eos = true;
    std::vector<int32_t> eos_ids;           // empty: the config's eos_token_id(s)
    std::vector<std::string> stop_strings;  // needs a tokenizer; the match and what follows are cut
    // Sequences decoded together; 0: every prompt at once. Results do not depend on it.
    size_t slot_count = 0;
};

enum class StopReason { Eos, StopString, MaxTokens, ContextFull, Cancelled };
const char* stop_reason_name(StopReason reason);

struct Generation {
    // Generated tokens, including the EOS token that ended the generation (as transformers' generate
    // and the OpenAI API count them): with StopReason::Eos the last token is an EOS id.
    TokenIds tokens;
    // Decoded generated text: never contains the EOS, cut at a stop string (empty without a tokenizer).
    std::string text;
    StopReason reason = StopReason::MaxTokens;
};

struct TokenEvent {
    size_t sequence = 0;  // index into the prompts
    int32_t token = 0;
    std::string text_delta;  // text this token completed (may be empty mid-character)
    bool finished = false;   // the sequence's last event
};
using TokenCallback = std::function<void(const TokenEvent&)>;

// A prompt that arrives while the generator runs (Generator::serve): its own options and callbacks,
// called on the generating thread. `on_token` events carry `id` as their sequence.
struct GenerationRequest {
    size_t id = 0;
    TokenIds prompt;
    GenerationOptions options;  // slot_count is ignored
    TokenCallback on_token;
    std::function<void(Generation)> on_done;
    std::shared_ptr<CancelToken> cancel;  // optional: stops this request only (reason Cancelled)
};

// Asked for the next request whenever a slot is free: fills `request` and returns true, or returns
// false when none is waiting. With `idle` (nothing is running) it may block until one arrives, and
// returning false then ends Generator::serve.
using RequestSource = std::function<bool(GenerationRequest* request, bool idle)>;

class Generator {
  public:
    // `tokenizer` may be null: then there is no text, and stop strings are refused.
    explicit Generator(const Decoder& model, const Tokenizer* tokenizer = nullptr);

    // Throws UsageError when a prompt is empty or does not fit the model's context.
    std::vector<Generation> generate(const std::vector<TokenIds>& prompts, const GenerationOptions& options,
                                     const TokenCallback& on_token = {},
                                     const CancelToken* cancel = nullptr) const;

    // Continuous batching over requests as they arrive (a server): `slot_count` sequences at most at once,
    // each up to the model's context. Returns when `next` ends it or `cancel` fires (running requests
    // then finish as Cancelled).
    void serve(size_t slot_count, const RequestSource& next, const CancelToken* cancel = nullptr) const;

    // Throws UsageError naming the problem when `prompt` cannot be generated from with `options`.
    void check(const TokenIds& prompt, const GenerationOptions& options) const;

  private:
    const Decoder& model_;
    const Tokenizer* tokenizer_;
};

}  // namespace ipt
