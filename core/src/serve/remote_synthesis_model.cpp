#include "ipt/serve/remote_synthesis_model.h"

#include "ipt/synth/prompt_format.h"

namespace ipt {

RemoteSynthesisModel::RemoteSynthesisModel(EndpointSettings endpoint, std::unique_ptr<Tokenizer> tokenizer,
                                           int64_t context, SamplingOptions sampling)
    : client_(std::move(endpoint)), tokenizer_(std::move(tokenizer)), context_(context), sampling_(sampling) {
    if (context_ < 1) throw UsageError("the endpoint's context must be at least 1 token");
    sampling_.validate();
}

int64_t RemoteSynthesisModel::prompt_tokens(const SynthPrompt& prompt) const {
    return static_cast<int64_t>(encode_prompt(*tokenizer_, prompt).size());
}

std::string RemoteSynthesisModel::truncate_text(const std::string& text, int64_t max_tokens) const {
    TokenIds ids = tokenizer_->encode(text);
    if (static_cast<int64_t>(ids.size()) <= max_tokens) return text;
    ids.resize(static_cast<size_t>(std::max<int64_t>(max_tokens, 0)));
    return tokenizer_->decode(ids);
}

std::vector<SynthesisModel::Output> RemoteSynthesisModel::generate(
    const std::vector<SynthPrompt>& prompts, int64_t max_new_tokens,
    const std::vector<std::string>& stop_strings, const CancelToken* cancel, size_t) {
    std::vector<CompletionRequest> requests;
    for (const SynthPrompt& p : prompts) {
        CompletionRequest r;
        r.prompt_ids = encode_prompt(*tokenizer_, p);
        r.max_tokens = max_new_tokens;
        r.sampling = sampling_;
        r.stop = stop_strings;
        requests.push_back(std::move(r));
    }
    std::vector<Output> out;
    for (CompletionsClient::Outcome& o : client_.complete_all(requests, cancel)) {
        if (!o.error.empty() && !o.refused) throw EndpointUnavailable(o.error);
        Output x;
        x.text = std::move(o.completion.text);
        x.tokens = std::max<int64_t>(o.completion.completion_tokens, 0);
        if (o.refused) x.error = "the endpoint refused the prompt: " + o.error;
        out.push_back(std::move(x));
    }
    return out;
}

}  // namespace ipt
