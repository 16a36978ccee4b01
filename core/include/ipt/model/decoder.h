#pragma once
// The Llama/Mistral decoder: token embeddings, N blocks of (RMSNorm, rotary grouped-query attention,
// RMSNorm, SwiGLU MLP) with residuals, a final RMSNorm and the LM head. Parameters carry Hugging Face's
// names ("model.layers.0.self_attn.q_proj.weight"), so loading and saving are plain name lookups.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ipt/model/lora.h"
#include "ipt/model/model_config.h"

namespace ipt {

class KvCache;

struct ForwardOptions {
    // Continue after the positions held by this cache (and append to it). Null: no cache.
    KvCache* cache = nullptr;
    // [batch, cached + T]: 1 for real tokens, 0 for padding. Undefined: every token is real.
    at::Tensor attention_mask;
    // [batch, T] rotary positions. Undefined: counted from the mask (left padding) or from the cache.
    at::Tensor position_ids;
    // Compute logits for the last position only (generation).
    bool last_position_only = false;
};

// The parameters a config implies, in HF order, with their shapes: what Decoder allocates and what a
// checkpoint must hold. Computed from the config alone, so that a folder's weights can be checked
// against its config.json before anything is allocated. Throws UsageError for an invalid config.
std::vector<std::pair<std::string, std::vector<int64_t>>> decoder_parameter_shapes(const ModelConfig& config);

class Decoder {
  public:
    // Parameters are allocated uninitialised in `options`' dtype and device; call init_weights() or
    // load them (load_hf_model).
    Decoder(const ModelConfig& config, const at::TensorOptions& options);

    const ModelConfig& config() const { return config_; }
    // Logits [batch, T (or 1), vocab] in float32.
    at::Tensor forward(const at::Tensor& input_ids, const ForwardOptions& options = {}) const;

    // Normal(0, initializer_range) for matrices, ones for norms; deterministic for a seed on any device.
    void init_weights(uint64_t seed);

    // In HF order: embeddings, layers, final norm, LM head (absent when tied).
    const std::vector<std::pair<std::string, at::Tensor>>& named_parameters() const { return parameters_; }
    at::Tensor parameter(const std::string& name) const;  // throws UsageError naming the tensor
    bool has_parameter(const std::string& name) const { return index_.count(name) != 0; }

    // Adds adapters (named "<projection>.lora_A.weight" / ".lora_B.weight") on the settings' targets:
    // A uniform in +-1/sqrt(in) from `seed`, B zero. Throws UsageError when adapters exist already.
    void add_lora(const LoraSettings& settings, uint64_t seed);
    bool has_lora() const { return lora_.has_value(); }
    const LoraSettings& lora() const { return *lora_; }
    // Folds the adapters into the projections (W += scale B A) and removes them.
    void merge_lora();

    void set_training(bool training) { training_ = training; }
    bool training() const { return training_; }
    void to(const at::TensorOptions& options);
    at::Device device() const;
    at::ScalarType dtype() const;
    int64_t parameter_count() const;

  private:
    struct Adapter {
        at::Tensor a, b;  // undefined without LoRA on this projection
    };
    struct Projection {
        at::Tensor weight;
        Adapter lora;
    };
    struct Layer {
        at::Tensor input_norm, post_norm;
        Projection q, k, v, o, gate, up, down;
    };
    at::Tensor project(const at::Tensor& x, const Projection& p) const;
    void add(const std::string& name, std::vector<int64_t> shape, const at::TensorOptions& options);
    void bind();
    at::Tensor attention(const Layer& layer, const at::Tensor& x, const at::Tensor& cos,
                         const at::Tensor& sin, const at::Tensor& mask, KvCache* cache,
                         int64_t layer_index) const;

    ModelConfig config_;
    std::vector<std::pair<std::string, at::Tensor>> parameters_;
    std::map<std::string, size_t> index_;
    std::vector<Layer> layers_;
    at::Tensor embed_, final_norm_, lm_head_;
    std::optional<LoraSettings> lora_;
    bool training_ = false;
};

// Building blocks, public so that tests and the training engine can check them in isolation.
at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps);
// cos/sin of shape [batch, T, head_dim] in float32 for the given positions, HF rotate-half layout.
std::pair<at::Tensor, at::Tensor> rotary_cos_sin(const at::Tensor& position_ids, int64_t head_dim,
                                                 double theta);
// x: [batch, heads, T, head_dim]; cos/sin: [batch, T, head_dim].
at::Tensor apply_rotary(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);
// Grouped-query attention: q [B, H, T, D], k/v [B, KVH, S, D], additive float mask broadcastable to
// [B, 1, T, S] (or undefined). Query head h reads key/value head h / (H / KVH).
at::Tensor grouped_query_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                   const at::Tensor& mask, double dropout, bool training);

}  // namespace ipt
