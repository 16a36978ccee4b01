#include "ipt/synth/loaded_synthesizer.h"

#include "ipt/common/error.h"
#include "ipt/model/decoder.h"
#include "ipt/text/model_tokenizer.h"

namespace ipt {

std::unique_ptr<LoadedSynthesizer> load_synthesizer(const std::string& folder, const LoadOptions& load,
                                                    const SamplingOptions& sampling) {
    auto s = std::make_unique<LoadedSynthesizer>();
    s->folder = folder;
    s->loaded = load_hf_model(folder, load);
    s->tokenizer = load_model_tokenizer(folder, s->loaded.model->config().vocab_size);
    s->model = std::make_unique<GeneratorSynthesisModel>(*s->loaded.model, *s->tokenizer, sampling);
    return s;
}

}  // namespace ipt
