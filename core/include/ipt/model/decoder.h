#pragma once
// The Llama/Mistral decoder: token embeddings, N blocks of (RMSNorm, rotary grouped-query attention,
// RMSNorm, SwiGLU MLP) with residuals, a final RMSNorm and the LM head. Parameters carry Hugging Face's
// names ("model.layers.0.self_attn.q_proj.weight"), so loading and saving are plain name lookups.
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>
#include <c10/util/Optional.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ipt/model/attention.h"
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
    // Draws every dropout mask while training (none: LibTorch's default generator). A training session
    // passes its own, so that its random stream is its own and is saved in its checkpoints.
    c10::optional<at::Generator> generator;
    AttentionKernel attention = AttentionKernel::automatic;
    // Activation checkpointing: keep only each decoder layer's input and recompute the layer in the
    // backward pass (the same dropout masks, replayed from a copy of `generator`). While training with
    // gradients only; the gradients are identical, the activation memory about one layer's.
    bool checkpoint_layers = false;
    // Take the general path even where the CPU inference path applies (parity tests, benchmarks).
    bool reference_path = false;
};

// The parameters a config implies, in HF order, with their shapes: what Decoder allocates and what a
// checkpoint must hold. Computed from the config alone, so that a folder's weights can be checked
// against its config.json before anything is allocated. Throws UsageError for an invalid config.
std::vector<std::pair<std::string, std::vector<int64_t>>> decoder_parameter_shapes(const ModelConfig& config);

class Decoder {
  public:
    // Parameters are allocated uninitialised in `options`' dtype and device; call init_weights() or
    // load them (load_hf_model). On the CPU they lie side by side in one huge-page region, in HF order
    // (so does to() place them), which decoding streams faster than scattered 4 KiB pages.
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
    // The dtype of activations and of the KV cache in inference: float32 on the CPU, where the inference
    // path widens 16-bit weights as it reads them (LibTorch 1.13 has no fast 16-bit CPU matrix product
    // without AVX512-BF16), else the weights' dtype.
    at::ScalarType inference_dtype() const;
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
    at::Tensor project(const at::Tensor& x, const Projection& p,
                       const c10::optional<at::Generator>& generator) const;
    // `placed`: the tensor's memory allocated already (see the constructor); undefined: allocate it.
    void add(const std::string& name, std::vector<int64_t> shape, const at::TensorOptions& options,
             at::Tensor placed = {});
    void bind();
    // What every layer of one forward pass shares.
    struct LayerInputs {
        at::Tensor cos, sin;
        AttentionMask mask;
        KvCache* cache = nullptr;
        AttentionOptions attention;
        c10::optional<at::Generator> generator;  // residual and LoRA dropout
    };
    at::Tensor attention(const Layer& layer, const at::Tensor& x, const LayerInputs& in,
                         int64_t layer_index) const;
    // One decoder layer: x + attention(norm(x)), then + mlp(norm(.)), with residual dropout.
    at::Tensor layer_forward(const Layer& layer, const at::Tensor& x, const LayerInputs& in,
                             int64_t layer_index) const;
    // The same through activation checkpointing (checkpoint.cpp).
    at::Tensor checkpointed_layer_forward(const Layer& layer, const at::Tensor& x, const LayerInputs& in,
                                          int64_t layer_index) const;

    // The CPU inference path (decoder_inference.cpp): no autograd, float32 activations, fused loops.
    struct RotaryTable;
    bool inference_path_applies(const ForwardOptions& options) const;
    at::Tensor forward_inference(const at::Tensor& ids, const at::Tensor& positions,
                                 const at::Tensor& padding, const ForwardOptions& options) const;
    at::Tensor attention_inference(const Layer& layer, const at::Tensor& x, const at::Tensor& positions,
                                   const std::pair<at::Tensor, at::Tensor>& rotary,
                                   const std::vector<at::Tensor>& masks, int64_t chunk, KvCache* cache,
                                   int64_t layer_index) const;
    at::Tensor project_f32(const at::Tensor& x, const Projection& p) const;
    std::pair<at::Tensor, at::Tensor> rotary_table(int64_t positions) const;
    static std::shared_ptr<RotaryTable> new_rotary_table();

    ModelConfig config_;
    std::shared_ptr<RotaryTable> rotary_ =
        new_rotary_table();  // cos/sin of every position so far, built once and grown
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
// The same for given inverse frequencies [head_dim / 2] (rope.h: the config's, scaling included).
std::pair<at::Tensor, at::Tensor> rotary_cos_sin(const at::Tensor& position_ids, const at::Tensor& inv_freq);
// x: [batch, heads, T, head_dim]; cos/sin: [batch, T, head_dim].
at::Tensor apply_rotary(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);
// Grouped-query attention, the explicit reference path: q [B, H, T, D], k/v [B, KVH, S, D], additive
// float mask broadcastable to [B, 1, T, S] (or undefined). Query head h reads key/value head
// h / (H / KVH). Dropout masks come from `generator` (none: LibTorch's default one).
at::Tensor grouped_query_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                   const at::Tensor& mask, double dropout, bool training,
                                   const c10::optional<at::Generator>& generator = c10::nullopt);

}  // namespace ipt
