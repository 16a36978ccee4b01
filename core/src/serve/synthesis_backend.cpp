#include "ipt/serve/synthesis_backend.h"

#include "ipt/common/error.h"
#include "ipt/synth/synth_run.h"
#include "ipt/text/tokenizer.h"

namespace ipt {

SynthesisModel& SynthesisBackend::model() const {
    if (remote) return *remote;
    if (!local) throw UsageError("synthesis backend: nothing was opened");
    return *local->model;
}

SynthesisBackend open_synthesis_backend(const SynthesisBackendSpec& spec) {
    SynthesisBackend backend;
    if (!spec.endpoint.base_url.empty()) {
        const std::string tokenizer = spec.tokenizer.empty() ? spec.folder : spec.tokenizer;
        if (tokenizer.empty())
            throw UsageError(
                "an endpoint needs the synthesizer's tokenizer: give its tokenizer.model or tokenizer.json, "
                "or the model folder that holds it");
        spec.endpoint.validate();
        backend.model_name = endpoint_model_name(spec.endpoint.model);
        backend.remote = std::make_unique<RemoteSynthesisModel>(spec.endpoint, load_tokenizer(tokenizer),
                                                                spec.context, spec.sampling);
        return backend;
    }
    if (spec.folder.empty()) throw UsageError("give a synthesizer model folder or an endpoint");
    backend.model_name = synthesizer_model_name(spec.folder);
    backend.local = load_synthesizer(spec.folder, spec.load, spec.sampling);
    return backend;
}

}  // namespace ipt
