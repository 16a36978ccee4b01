#pragma once
// Synthesis through an OpenAI-compatible completions endpoint (vLLM, SGLang, TGI, llama.cpp's server,
// `ipt serve`): the multi-round chaining, parsing, resume and sharding stay the Synthesizer's; only the
// generation runs remotely. Prompts are sent as token ids of the synthesizer's tokenizer, exactly what
// the local engine would run, and fitted to the context here with that tokenizer.
// A prompt the server refuses (4xx) comes back with its reason (the text is recorded, never lost); a
// server that does not answer after every retry stops the run (EndpointUnavailable): what is finished
// is saved, and running the same command again resumes.
#include <memory>

#include "ipt/model/sampling.h"
#include "ipt/serve/completions_client.h"
#include "ipt/synth/synthesizer.h"
#include "ipt/text/tokenizer.h"

namespace ipt {

class RemoteSynthesisModel : public SynthesisModel {
  public:
    RemoteSynthesisModel(EndpointSettings endpoint, std::unique_ptr<Tokenizer> tokenizer, int64_t context,
                         SamplingOptions sampling = {});
    int64_t context_length() const override { return context_; }
    int64_t prompt_tokens(const SynthPrompt& prompt) const override;
    std::string truncate_text(const std::string& text, int64_t max_tokens) const override;
    std::vector<Output> generate(const std::vector<SynthPrompt>& prompts, int64_t max_new_tokens,
                                 const std::vector<std::string>& stop_strings, const CancelToken* cancel,
                                 size_t slot_count) override;

  private:
    CompletionsClient client_;
    std::unique_ptr<Tokenizer> tokenizer_;
    int64_t context_;
    SamplingOptions sampling_;
};

}  // namespace ipt
