#pragma once
// A training run as its run.toml describes it. Every key is checked: unknown keys and missing required
// keys are errors naming the key, so a typo never silently trains with a default.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ipt/model/lora.h"

namespace ipt {

struct DataSource {
    std::string path;  // a prepared dataset folder
    double weight = 1.0;
};

struct TrainConfig {
    // [model]: exactly one of preset (from scratch) and from (continue a HF folder).
    std::string preset;
    std::string from;
    std::optional<int64_t> vocab_size;  // preset only
    std::string tokenizer;              // copied into every checkpoint
    double hidden_dropout = 0.0;
    double attention_dropout = 0.0;
    // Parameters to train: name substrings; empty = all (with [lora]: the adapters only). LAPT trains
    // adapters plus embeddings: ["embed_tokens", "lm_head"].
    std::vector<std::string> trainable;
    std::optional<LoraSettings> lora;  // [lora]: adapters on the target projections

    // [data]
    std::vector<DataSource> sources;
    std::string validation;  // a prepared dataset folder, optional
    int64_t validation_tokens = 65536;
    int64_t sequence_length = 1024;

    // [batch]
    int64_t global_batch_tokens = 0;
    int64_t micro_batch = 1;  // sequences per forward pass per process

    // [optimizer]
    double lr = 3e-4;
    double min_lr = 3e-5;
    int64_t warmup_steps = 0;
    std::string decay = "cosine";  // "cosine", "linear" or "constant"
    double beta1 = 0.9, beta2 = 0.95, eps = 1e-8;
    double weight_decay = 0.1;
    double grad_clip = 1.0;  // 0: off

    // [train]
    int64_t steps = 0;
    uint64_t seed = 1;
    std::string device = "cpu";
    std::string precision = "fp32";  // "fp32" or "bf16" (autocast; master weights stay fp32)
    int64_t log_every = 1;
    int64_t eval_every = 0;        // 0: at the end only (when a validation set is given)
    int64_t checkpoint_every = 0;  // 0: at the end only
    int64_t keep_checkpoints = 2;
    std::string on_nonfinite = "stop";  // "stop" or "skip" the step
    // Recompute each decoder layer in the backward pass instead of keeping its activations.
    bool activation_checkpointing = false;
    // 0: plain data parallelism (every process holds the whole optimizer state); 1: the fp32 master
    // weights and AdamW moments are sharded over the processes (ZeRO-1); 2: gradients too (ZeRO-2).
    int64_t zero = 0;
    // The weights on the device: "fp32", or "bf16" with fp32 master copies kept by the optimizer.
    std::string weight_dtype = "fp32";

    // Gradient-accumulation steps for `world` processes; throws UsageError naming the keys.
    int64_t accumulation(int world = 1) const;
    void validate() const;
};

// `where` names the file in messages ("run.toml: unknown key 'optimizer.lrr'").
TrainConfig train_config_from_toml(const std::string& text, const std::string& where);
TrainConfig read_train_config(const std::string& path);
std::string train_config_to_toml(const TrainConfig& config);

}  // namespace ipt
