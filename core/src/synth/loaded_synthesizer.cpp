#include "ipt/synth/loaded_synthesizer.h"

#include "ipt/common/error.h"
#include "ipt/model/decoder.h"

namespace ipt {

std::unique_ptr<LoadedSynthesizer> load_synthesizer(const std::string& folder, const LoadOptions& load,
                                                    const SamplingOptions& sampling) {
    auto s = std::make_unique<LoadedSynthesizer>();
    s->folder = folder;
    s->loaded = load_hf_model(folder, load);
    s->tokenizer = load_tokenizer(folder + "/tokenizer.model");
    const int64_t rows = s->loaded.model->config().vocab_size;
    if (s->tokenizer->vocab_size() > rows)
        throw UsageError(folder + "/tokenizer.model: tokenizer has " +
                         std::to_string(s->tokenizer->vocab_size()) +
                         " pieces but the model's vocab_size is " + std::to_string(rows));
    s->model = std::make_unique<GeneratorSynthesisModel>(*s->loaded.model, *s->tokenizer, sampling);
    return s;
}

}  // namespace ipt
