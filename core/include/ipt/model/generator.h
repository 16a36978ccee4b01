#pragma once
// Autoregressive generation over a preallocated KV cache: batched prompts (left-padded), greedy or
// sampled decoding, stop on EOS or stop strings, a per-token callback for streaming, cancellation.
#include <cstdint>
#include <functional>
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
};

enum class StopReason { Eos, StopString, MaxTokens, ContextFull, Cancelled };
const char* stop_reason_name(StopReason reason);

struct Generation {
    TokenIds tokens;   // generated tokens only (EOS excluded)
    std::string text;  // decoded generated text, cut at a stop string (empty without a tokenizer)
    StopReason reason = StopReason::MaxTokens;
};

struct TokenEvent {
    size_t sequence = 0;  // index into the prompts
    int32_t token = 0;
    std::string text_delta;  // text this token completed (may be empty mid-character)
};
using TokenCallback = std::function<void(const TokenEvent&)>;

class Generator {
  public:
    // `tokenizer` may be null: then there is no text, and stop strings are refused.
    explicit Generator(const Decoder& model, const Tokenizer* tokenizer = nullptr);

    // Throws UsageError when a prompt is empty or does not fit the model's context.
    std::vector<Generation> generate(const std::vector<TokenIds>& prompts, const GenerationOptions& options,
                                     const TokenCallback& on_token = {},
                                     const CancelToken* cancel = nullptr) const;

  private:
    const Decoder& model_;
    const Tokenizer* tokenizer_;
};

}  // namespace ipt
