#pragma once
// What a synthesis run generates with: a synthesizer model folder run here, or an OpenAI-compatible
// completions endpoint given the synthesizer's tokenizer. `ipt synth run`, the synthesis playground
// and the workbench's synthesis launcher open it through this, so that one setting means one thing
// wherever a run is started, and a run records the same model name for it.
#include <cstdint>
#include <memory>
#include <string>

#include "ipt/model/hf_folder.h"
#include "ipt/model/sampling.h"
#include "ipt/serve/completions_client.h"
#include "ipt/serve/remote_synthesis_model.h"
#include "ipt/synth/loaded_synthesizer.h"

namespace ipt {

struct SynthesisBackendSpec {
    // The synthesizer model folder: what runs here, or, with an endpoint, where its tokenizer is found
    // when `tokenizer` is empty.
    std::string folder;
    LoadOptions load;  // for a folder run here
    // base_url set: generate through this server.
    EndpointSettings endpoint;
    // With an endpoint: the synthesizer's tokenizer (a tokenizer.model, a tokenizer.json, or a folder
    // holding one), which fits prompts to the context and counts tokens as the local engine would.
    std::string tokenizer;
    int64_t context = SynthesizerOptions{}.context;  // with an endpoint: the context prompts are fitted to
    SamplingOptions sampling;
};

struct SynthesisBackend {
    std::unique_ptr<LoadedSynthesizer> local;      // set for a folder run here
    std::unique_ptr<RemoteSynthesisModel> remote;  // set for an endpoint
    std::string model_name;                        // what the run records (synth_run.h's rules)

    SynthesisModel& model() const;
};

// Opens the backend the spec names: throws UsageError when it names none, or an endpoint without a
// tokenizer or with a bad setting (naming it); FileError for a folder or tokenizer that cannot be read.
SynthesisBackend open_synthesis_backend(const SynthesisBackendSpec& spec);

}  // namespace ipt
