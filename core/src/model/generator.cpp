#include "ipt/model/generator.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>

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
class TextStream {
  public:
    TextStream(const Tokenizer* tokenizer, const TokenIds& prompt, const std::vector<std::string>& stops)
        : tokenizer_(tokenizer), stops_(stops) {
        // Decoding the new tokens after the prompt's last token keeps the space SentencePiece drops at
        // the start of a text ("▁world" continues "Hello" as " world").
        if (tokenizer_ && !prompt.empty() && !tokenizer_->is_control(prompt.back())) {
            anchor_ = prompt.back();
            anchor_text_ = tokenizer_->decode({anchor_});
        }
    }

    // Returns the newly showable text; sets `stopped` when a stop string appeared.
    std::string push(const TokenIds& generated, bool finished, bool* stopped) {
        if (!tokenizer_) return {};
        std::string full = decode(generated);
        size_t end = full.size();
        for (const auto& stop : stops_) {
            size_t at = full.find(stop);
            if (at != std::string::npos && at < end) {
                end = at;
                *stopped = true;
            }
        }
        text_ = full.substr(0, end);
        size_t safe = end;
        if (!*stopped && !finished) {
            if (ends_with(text_, kReplacement)) safe -= kReplacement.size();
            // Hold back a tail that could be the start of a stop string.
            for (const auto& stop : stops_)
                for (size_t k = std::min(stop.size() - 1, safe); k > 0; --k)
                    if (text_.compare(safe - k, k, stop, 0, k) == 0) {
                        safe -= k;
                        break;
                    }
        }
        std::string delta;
        if (safe > emitted_ && text_.compare(0, emitted_, shown_) == 0)
            delta = text_.substr(emitted_, safe - emitted_);
        if (safe > emitted_) {
            emitted_ = safe;
            shown_ = text_.substr(0, safe);
        }
        return delta;
    }
    const std::string& text() const { return text_; }

  private:
    std::string decode(const TokenIds& generated) const {
        if (anchor_ < 0) return tokenizer_->decode(generated);
        TokenIds ids{anchor_};
        ids.insert(ids.end(), generated.begin(), generated.end());
        std::string text = tokenizer_->decode(ids);
        if (text.compare(0, anchor_text_.size(), anchor_text_) == 0) return text.substr(anchor_text_.size());
        return tokenizer_->decode(generated);
    }

    const Tokenizer* tokenizer_;
    const std::vector<std::string>& stops_;
    int32_t anchor_ = -1;
    std::string anchor_text_;
    std::string text_, shown_;
    size_t emitted_ = 0;
};

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

std::vector<Generation> Generator::generate(const std::vector<TokenIds>& prompts,
                                            const GenerationOptions& options, const TokenCallback& on_token,
                                            const CancelToken* cancel) const {
    options.sampling.validate();
    if (options.max_new_tokens < 0) throw UsageError("max new tokens must be >= 0");
    if (!options.stop_strings.empty() && !tokenizer_) throw UsageError("stop strings need a tokenizer");
    const ModelConfig& config = model_.config();
    const int64_t context = config.max_position_embeddings;
    const size_t batch = prompts.size();
    std::vector<Generation> results(batch);
    if (batch == 0) return results;

    int64_t longest = 0;
    for (size_t i = 0; i < batch; ++i) {
        const int64_t n = static_cast<int64_t>(prompts[i].size());
        if (n == 0) throw UsageError("prompt " + std::to_string(i) + " is empty");
        if (n >= context)
            throw UsageError("prompt " + std::to_string(i) + " has " + std::to_string(n) +
                             " tokens; the model's context is " + std::to_string(context) +
                             " tokens (max_position_embeddings), leaving no room to generate");
        for (int32_t id : prompts[i])
            if (id < 0 || id >= config.vocab_size)
                throw UsageError("prompt " + std::to_string(i) + ": token id " + std::to_string(id) +
                                 " is outside the vocabulary (size " + std::to_string(config.vocab_size) +
                                 ")");
        longest = std::max(longest, n);
    }
    if (options.max_new_tokens == 0) return results;
    const int64_t limit = std::min(options.max_new_tokens, context - longest);
    const StopReason limit_reason =
        limit < options.max_new_tokens ? StopReason::ContextFull : StopReason::MaxTokens;

    std::vector<int32_t> eos = options.eos_ids;
    if (eos.empty())
        for (int64_t id : config.eos_token_ids) eos.push_back(static_cast<int32_t>(id));
    const int64_t pad = config.pad_token_id ? *config.pad_token_id : (eos.empty() ? 0 : eos.front());

    c10::InferenceMode inference;
    const at::Device device = model_.device();
    const auto long_cpu = at::TensorOptions().dtype(at::kLong);
    const int64_t b = static_cast<int64_t>(batch);

    // Left padding: every prompt ends at column `longest`, so new tokens share one cache position.
    at::Tensor input = at::full({b, longest}, pad, long_cpu);
    at::Tensor mask = at::zeros({b, longest + limit}, long_cpu);
    std::vector<int64_t> next_position(batch);
    bool padded = false;
    for (size_t i = 0; i < batch; ++i) {
        const int64_t n = static_cast<int64_t>(prompts[i].size());
        auto row = input[static_cast<int64_t>(i)];
        for (int64_t j = 0; j < n; ++j) row[longest - n + j] = static_cast<int64_t>(prompts[i][j]);
        mask[static_cast<int64_t>(i)].narrow(0, longest - n, n).fill_(1);
        next_position[i] = n;
        padded = padded || n < longest;
    }
    mask = mask.to(device);

    KvCache cache(config, b, longest + limit - 1 > 0 ? longest + limit - 1 : 1,
                  at::TensorOptions().dtype(model_.dtype()).device(device));
    ForwardOptions forward;
    forward.cache = &cache;
    forward.last_position_only = true;
    // Without padding every key is real; the decoder then needs no mask for single-token steps.
    if (padded) forward.attention_mask = mask.narrow(1, 0, longest);
    at::Tensor logits = model_.forward(input.to(device), forward);

    std::vector<Sampler> samplers;
    std::vector<TextStream> streams;
    std::vector<std::vector<int32_t>> history(prompts.begin(), prompts.end());
    std::vector<bool> done(batch, false);
    for (size_t i = 0; i < batch; ++i) {
        samplers.emplace_back(options.sampling, i);
        streams.emplace_back(tokenizer_, prompts[i], options.stop_strings);
    }

    const int64_t vocab = config.vocab_size;
    for (int64_t step = 0; step < limit; ++step) {
        at::Tensor host = logits.reshape({b, vocab}).to(at::kCPU).contiguous();
        float* rows = host.data_ptr<float>();
        at::Tensor next = at::full({b, 1}, pad, long_cpu);
        at::Tensor positions = at::zeros({b, 1}, long_cpu);
        size_t running = 0;
        for (size_t i = 0; i < batch; ++i) {
            if (done[i]) continue;
            Generation& g = results[i];
            const int32_t token =
                samplers[i].sample(rows + static_cast<int64_t>(i) * vocab, vocab, history[i]);
            g.tokens.push_back(token);
            history[i].push_back(token);
            const bool is_eos = options.stop_at_eos && std::find(eos.begin(), eos.end(), token) != eos.end();
            const bool at_limit = static_cast<int64_t>(g.tokens.size()) >= limit;
            bool stopped = false;
            TokenEvent event{i, token, {}};
            event.text_delta = streams[i].push(g.tokens, is_eos || at_limit, &stopped);
            g.text = streams[i].text();
            if (on_token) on_token(event);
            if (is_eos || stopped || at_limit) {
                done[i] = true;
                g.reason = is_eos ? StopReason::Eos : stopped ? StopReason::StopString : limit_reason;
                continue;
            }
            next[static_cast<int64_t>(i)][0] = static_cast<int64_t>(token);
            positions[static_cast<int64_t>(i)][0] = next_position[i]++;
            ++running;
        }
        if (running == 0) break;
        if (cancel && cancel->cancelled()) {
            for (size_t i = 0; i < batch; ++i)
                if (!done[i]) results[i].reason = StopReason::Cancelled;
            break;
        }
        const int64_t length = cache.length();
        if (padded) {
            mask.narrow(1, length, 1).fill_(1);
            forward.attention_mask = mask.narrow(1, 0, length + 1);
        }
        forward.position_ids = positions.to(device);
        logits = model_.forward(next.to(device), forward);
    }
    return results;
}

}  // namespace ipt
