#include "ipt/train/optimizer.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include <cmath>

#include "ipt/common/error.h"
#include "ipt/train/train_config.h"

namespace ipt {

double learning_rate(const TrainConfig& c, int64_t step) {
    if (c.warmup_steps > 0 && step < c.warmup_steps) return c.lr * double(step + 1) / double(c.warmup_steps);
    const double span = double(std::max<int64_t>(1, c.steps - c.warmup_steps));
    const double progress = std::min(1.0, std::max(0.0, double(step - c.warmup_steps) / span));
    if (c.decay == "cosine") return c.min_lr + (c.lr - c.min_lr) * 0.5 * (1.0 + std::cos(M_PI * progress));
    if (c.decay == "linear") return c.lr - (c.lr - c.min_lr) * progress;
    return c.lr;
}

AdamW::AdamW(std::vector<std::pair<std::string, at::Tensor>> parameters, Options options)
    : parameters_(std::move(parameters)), options_(options) {
    for (const auto& [name, p] : parameters_) {
        exp_avg_.push_back(at::zeros(p.sizes(), p.options().dtype(at::kFloat)));
        exp_avg_sq_.push_back(at::zeros(p.sizes(), p.options().dtype(at::kFloat)));
    }
}

void AdamW::step(double lr) {
    c10::NoGradGuard no_grad;
    ++steps_;
    const double bias1 = 1.0 - std::pow(options_.beta1, double(steps_));
    const double bias2 = 1.0 - std::pow(options_.beta2, double(steps_));
    for (size_t i = 0; i < parameters_.size(); ++i) {
        at::Tensor& p = parameters_[i].second;
        if (!p.grad().defined()) continue;
        at::Tensor g = p.grad().to(at::kFloat);
        exp_avg_[i].mul_(options_.beta1).add_(g, 1.0 - options_.beta1);
        exp_avg_sq_[i].mul_(options_.beta2).addcmul_(g, g, 1.0 - options_.beta2);
        if (options_.weight_decay > 0 && p.dim() >= 2) p.mul_(1.0 - lr * options_.weight_decay);
        at::Tensor denom = (exp_avg_sq_[i] / bias2).sqrt_().add_(options_.eps);
        p.addcdiv_(exp_avg_[i], denom, -lr / bias1);
    }
}

void AdamW::zero_grad() {
    for (auto& entry : parameters_)
        if (entry.second.grad().defined()) entry.second.mutable_grad() = at::Tensor();
}

NamedTensors AdamW::state() const {
    NamedTensors out;
    for (size_t i = 0; i < parameters_.size(); ++i) {
        out.emplace_back("exp_avg/" + parameters_[i].first, exp_avg_[i]);
        out.emplace_back("exp_avg_sq/" + parameters_[i].first, exp_avg_sq_[i]);
    }
    return out;
}

void AdamW::load_state(const SafetensorsFile& file, int64_t steps_taken) {
    c10::NoGradGuard no_grad;
    for (size_t i = 0; i < parameters_.size(); ++i) {
        for (auto* moments : {&exp_avg_, &exp_avg_sq_}) {
            const std::string name =
                (moments == &exp_avg_ ? "exp_avg/" : "exp_avg_sq/") + parameters_[i].first;
            at::Tensor saved = file.tensor(name);
            if (saved.sizes() != (*moments)[i].sizes())
                throw FileError(file.path(), "tensor '" + name + "' does not match the parameter's shape");
            (*moments)[i].copy_(saved);
        }
    }
    steps_ = steps_taken;
}

double clip_gradients(const std::vector<std::pair<std::string, at::Tensor>>& parameters, double max_norm) {
    c10::NoGradGuard no_grad;
    std::vector<at::Tensor> squares;
    for (const auto& entry : parameters)
        if (entry.second.grad().defined()) squares.push_back(entry.second.grad().to(at::kFloat).pow(2).sum());
    if (squares.empty()) return 0.0;
    const double norm = at::stack(squares).sum().sqrt().item<double>();
    if (max_norm > 0 && norm > max_norm && std::isfinite(norm)) {
        const double scale = max_norm / (norm + 1e-6);
        for (const auto& entry : parameters)
            if (entry.second.grad().defined()) entry.second.grad().mul_(scale);
    }
    return norm;
}

}  // namespace ipt
