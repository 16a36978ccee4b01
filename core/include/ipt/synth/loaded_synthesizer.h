#pragma once
// A synthesizer model folder, loaded: the decoder, its tokenizer, and the model synthesis runs on. The
// command line and the workbench's synthesis playground both load synthesizers through this.
#include <memory>
#include <string>

#include "ipt/model/hf_folder.h"
#include "ipt/model/sampling.h"
#include "ipt/synth/synthesizer.h"
#include "ipt/text/tokenizer.h"

namespace ipt {

struct LoadedSynthesizer {
    std::string folder;
    LoadedModel loaded;
    std::unique_ptr<Tokenizer> tokenizer;
    std::unique_ptr<GeneratorSynthesisModel> model;  // refers to `loaded` and `tokenizer`
};

// Reads <folder> (HF layout, with tokenizer.json or tokenizer.model). Throws FileError naming the file at
// fault, and UsageError when the tokenizer has more pieces than the model has embedding rows.
std::unique_ptr<LoadedSynthesizer> load_synthesizer(const std::string& folder, const LoadOptions& load = {},
                                                    const SamplingOptions& sampling = {});

}  // namespace ipt
