#pragma once
// Hugging Face model folders: config.json, model.safetensors (or shards with an index),
// generation_config.json and the tokenizer (tokenizer.json with its configs, or tokenizer.model). What
// transformers writes for Llama/Mistral loads here; what this writes, transformers loads.
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ipt/common/progress.h"
#include "ipt/model/decoder.h"

namespace ipt {

struct LoadOptions {
    std::string device = "cpu";
    std::optional<c10::ScalarType> dtype;  // default: the config's torch_dtype
    ProgressSink progress;
    // A PEFT adapter folder (adapter_config.json + adapter_model.safetensors) to put on the base model,
    // as PeftModel.from_pretrained(base, adapter) does. Empty: the model folder's own adapter, if any.
    std::string adapter;
};

struct LoadedModel {
    std::unique_ptr<Decoder> model;
    // Tensors in the files that the decoder does not use (reported, not fatal; e.g. old rotary buffers).
    std::vector<std::string> unused_tensors;
};

// Throws FileError naming the file and the key or tensor at fault.
LoadedModel load_hf_model(const std::string& folder, const LoadOptions& options = {});

struct SaveOptions {
    std::optional<c10::ScalarType> dtype;  // default: the model's dtype
    uint64_t max_shard_bytes = 5ull << 30;
    // Copied in when given: a tokenizer.json (with the configs beside it) or a tokenizer.model, or a
    // folder holding one (model_tokenizer.h).
    std::string tokenizer_file;
};

// Writes the folder complete or not at all (built beside it under a temporary name, then renamed).
void save_hf_model(const Decoder& model, const std::string& folder, const SaveOptions& options = {});

// What `ipt model info` and the playground show, read from the headers alone (no weights loaded).
struct ModelSummary {
    ModelConfig config;
    int64_t parameters = 0;           // counted from the tensors in the files
    uint64_t weight_bytes = 0;        // bytes of tensor data
    std::vector<std::string> dtypes;  // distinct safetensors dtypes in the files
    std::vector<std::string> files;
    bool has_tokenizer = false;
    std::string tokenizer_file;  // "tokenizer.json" or "tokenizer.model" when there is one
};
ModelSummary summarize_hf_model(const std::string& folder);

}  // namespace ipt
