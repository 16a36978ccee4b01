#pragma once
// The AdamW update and gradient clipping, written once for both optimizer layouts (optimizer.cpp,
// sharded_optimizer.cpp). The same formulas as torch.optim.AdamW; on LibTorch 2.4 and later through its
// fused kernel (one pass over each tensor, skipping on a device flag), before that op by op.
#include <ATen/core/Tensor.h>

#include <vector>

#include "ipt/train/optimizer.h"

namespace ipt {

// The tensors one process updates: fp32 weights (the parameters themselves, master copies, or slices
// of them), their moments, and whether weight decay applies.
struct AdamWSlots {
    std::vector<at::Tensor> weights, exp_avg, exp_avg_sq;
    std::vector<bool> decay;
    at::Tensor step;  // float32 scalar on the device: updates taken so far
    void add(at::Tensor weight, bool decays);
    int64_t bytes() const;  // moments (the weights are counted by whoever owns them)
};

// One update from fp32 `grads` (aligned with the slots), unless `skip` (float32 scalar) is 1.
void adamw_update(AdamWSlots& slots, const std::vector<at::Tensor>& grads, double lr, const AdamWOptions& o,
                  const at::Tensor& skip);

// Sum of the squares of every element of `grads`, float32 scalar on their device (zero for none).
at::Tensor squared_sum(const std::vector<at::Tensor>& grads, const at::Device& device);
// Scales `grads` in place so their global norm is at most `max_norm` (torch's clip_grad_norm_).
void clip_to_norm(const std::vector<at::Tensor>& grads, const at::Tensor& norm, double max_norm);
// 1 where the loss or the gradient norm is not finite, else 0 (float32 scalar).
at::Tensor nonfinite_flag(const at::Tensor& loss, const at::Tensor& norm);

}  // namespace ipt
