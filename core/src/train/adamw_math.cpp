#include "adamw_math.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <torch/version.h>

#include <cmath>

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define IPT_HAVE_FUSED_ADAMW 1  // on the CPU too from 2.4
#endif

namespace ipt {

void AdamWSlots::add(at::Tensor weight, bool decays) {
    exp_avg.push_back(at::zeros_like(weight));
    exp_avg_sq.push_back(at::zeros_like(weight));
    weights.push_back(std::move(weight));
    decay.push_back(decays);
    if (!step.defined()) step = at::zeros({}, weights.back().options().dtype(at::kFloat));
}

int64_t AdamWSlots::bytes() const {
    int64_t total = 0;
    for (size_t i = 0; i < weights.size(); ++i)
        total += (exp_avg[i].numel() + exp_avg_sq[i].numel()) * int64_t(sizeof(float));
    return total;
}

void adamw_update(AdamWSlots& s, const std::vector<at::Tensor>& grads, double lr, const AdamWOptions& o,
                  const at::Tensor& skip) {
    c10::NoGradGuard no_grad;
    if (s.weights.empty()) return;
#ifdef IPT_HAVE_FUSED_ADAMW
    // As torch.optim.AdamW(fused=True) does under a gradient scaler: the count moves on, the kernel
    // returns early where `skip` is set, and the count moves back.
    s.step.add_(1);
    for (const bool decays : {true, false}) {
        std::vector<at::Tensor> w, g, m, v;
        for (size_t i = 0; i < s.weights.size(); ++i) {
            if (s.decay[i] != decays) continue;
            w.push_back(s.weights[i]);
            g.push_back(grads[i]);
            m.push_back(s.exp_avg[i]);
            v.push_back(s.exp_avg_sq[i]);
        }
        if (w.empty()) continue;
        const std::vector<at::Tensor> steps(w.size(), s.step);
        at::_fused_adamw_(w, g, m, v, {}, steps, lr, o.beta1, o.beta2, decays ? o.weight_decay : 0.0, o.eps,
                          /*amsgrad=*/false, /*maximize=*/false, c10::nullopt, skip);
    }
    s.step.sub_(skip);
#else
    // LibTorch 1.13 (CPU builds): reading the flag and the count costs nothing on the CPU.
    if (skip.item<float>() != 0) return;
    s.step.add_(1);
    const double n = s.step.item<double>();
    const double bias1 = 1.0 - std::pow(o.beta1, n);
    const double bias2_sqrt = std::sqrt(1.0 - std::pow(o.beta2, n));
    for (size_t i = 0; i < s.weights.size(); ++i) {
        at::Tensor& p = s.weights[i];
        if (s.decay[i] && o.weight_decay > 0) p.mul_(1.0 - lr * o.weight_decay);
        s.exp_avg[i].lerp_(grads[i], 1.0 - o.beta1);
        s.exp_avg_sq[i].mul_(o.beta2).addcmul_(grads[i], grads[i], 1.0 - o.beta2);
        at::Tensor denom = (s.exp_avg_sq[i].sqrt() / bias2_sqrt).add_(o.eps);
        p.addcdiv_(s.exp_avg[i], denom, -lr / bias1);
    }
#endif
}

at::Tensor squared_sum(const std::vector<at::Tensor>& grads, const at::Device& device) {
    c10::NoGradGuard no_grad;
    at::Tensor total = at::zeros({}, at::TensorOptions().dtype(at::kFloat).device(device));
    for (const at::Tensor& g : grads) total += g.to(at::kFloat).pow(2).sum();
    return total;
}

void clip_to_norm(const std::vector<at::Tensor>& grads, const at::Tensor& norm, double max_norm) {
    if (max_norm <= 0) return;
    c10::NoGradGuard no_grad;
    const at::Tensor scale = (max_norm / (norm + 1e-6)).clamp_max(1.0);
    for (const at::Tensor& g : grads) g.mul_(scale.to(g.scalar_type()));
}

at::Tensor nonfinite_flag(const at::Tensor& loss, const at::Tensor& norm) {
    return at::logical_not(at::logical_and(at::isfinite(loss.to(at::kFloat)), at::isfinite(norm)))
        .to(at::kFloat)
        .to(norm.device());
}

}  // namespace ipt
