#pragma once
// Rotary position embedding frequencies: the plain RoPE of Llama 2 (theta^(-2i/d)) and the scaled
// variants of config.json's rope_scaling that Llama 3.1 / 3.2 and long-context fine-tunes use, computed
// as transformers' modeling_rope_utils does.
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>

#include "ipt/model/model_config.h"

namespace ipt {

// [head_dim / 2] float32: theta^(-2i / head_dim).
at::Tensor default_rope_inverse_frequencies(int64_t head_dim, double theta, c10::Device device);

// The config's inverse frequencies for a forward pass over positions below `sequence_length` (only
// "dynamic" scaling depends on it: it grows theta once the sequence passes max_position_embeddings).
at::Tensor rope_inverse_frequencies(const ModelConfig& config, int64_t sequence_length, c10::Device device);

// Throws UsageError naming the first bad rope_scaling field.
void validate_rope_scaling(const RopeScaling& scaling);

}  // namespace ipt
