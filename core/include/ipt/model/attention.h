#pragma once
// Scaled dot-product attention for the decoder, in two implementations that must agree: the explicit
// reference (grouped_query_attention in decoder.h: scores, additive mask, softmax, values; every
// LibTorch) and LibTorch 2.x's fused at::scaled_dot_product_attention (flash / memory-efficient kernels
// on CUDA, the fused kernel on the CPU), which never materialises the [T, S] score matrix. The mask is
// described, not always built: plain causal attention needs no tensor at all on the fused path.
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <c10/util/Optional.h>

#include <cstdint>

#include "ipt/model/model_config.h"

namespace ipt {

enum class AttentionKernel {
    automatic,  // fused where this LibTorch has it and it can honour the settings, else the reference
    reference,  // always the explicit path (tests, benchmarks)
};

// Whether this build's LibTorch has at::scaled_dot_product_attention (2.x).
bool fused_attention_available();

struct AttentionOptions {
    double dropout = 0;  // on the attention probabilities, while training
    bool training = false;
    // Draws the dropout masks; none: LibTorch's default generator.
    c10::optional<at::Generator> generator;
    AttentionKernel kernel = AttentionKernel::automatic;
};

// Which keys each query of a forward pass may see: position p (cached positions first) sees keys
// 0..p, within the sliding window, never padding (a padding query sees itself only, so that its
// softmax stays finite). Built once per forward pass, in the form the chosen kernel takes.
struct AttentionMask {
    bool fused = false;        // at::scaled_dot_product_attention, else the reference path
    bool causal_only = false;  // no padding, no window in reach: plain causal (nothing at all at T = 1)
    int64_t queries = 0;       // T
    at::Tensor allowed;        // fused and not causal_only: [B or 1, 1, T, past + T] bool
    at::Tensor additive;       // reference: the same as 0 / -inf (float32); undefined when all may see all
};

// `padding`: [batch, past + T], 1 for real tokens (undefined: none).
AttentionMask make_attention_mask(const ModelConfig& config, int64_t batch, int64_t past, int64_t t,
                                  const at::Tensor& padding, const at::Device& device,
                                  const AttentionOptions& options);

// q [B, H, T, D], k/v [B, KVH, S, D] (S = past + T) -> [B, H, T, D], by the kernel `mask` was built for.
// The fused kernels draw attention dropout from LibTorch's default generator, which a training session
// does not own: while training with attention dropout the reference path is chosen.
at::Tensor attend(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const AttentionMask& mask,
                  const AttentionOptions& options);

// Inverted dropout whose mask comes from `generator` (undefined: LibTorch's default one), so that a
// training session owns its random stream and activation checkpointing can replay it exactly.
at::Tensor dropout(const at::Tensor& x, double p, bool training,
                   const c10::optional<at::Generator>& generator);

}  // namespace ipt
