// The learning-rate schedule, and AdamW with the whole state on every process (plain data
// parallelism). The sharded layout is in sharded_optimizer.cpp; the update itself in adamw_math.cpp.
#include "ipt/train/optimizer.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include <cmath>

#include "adamw_math.h"
#include "ipt/common/error.h"
#include "ipt/model/safetensors.h"
#include "ipt/train/process_group.h"
#include "ipt/train/train_config.h"
#include "optimizer_state.h"

namespace ipt {

std::unique_ptr<Optimizer> make_sharded_optimizer(std::vector<std::pair<std::string, at::Tensor>> parameters,
                                                  const OptimizerSettings& settings);

double learning_rate(const TrainConfig& c, int64_t step) {
    if (c.warmup_steps > 0 && step < c.warmup_steps) return c.lr * double(step + 1) / double(c.warmup_steps);
    const double span = double(std::max<int64_t>(1, c.steps - c.warmup_steps));
    const double progress = std::min(1.0, std::max(0.0, double(step - c.warmup_steps) / span));
    if (c.decay == "cosine") return c.min_lr + (c.lr - c.min_lr) * 0.5 * (1.0 + std::cos(M_PI * progress));
    if (c.decay == "linear") return c.lr - (c.lr - c.min_lr) * progress;
    return c.lr;
}

namespace {

// A parameter's gradient as float32 (a zero one when the backward pass did not reach it, so that every
// process reduces the same list).
at::Tensor float_gradient(const at::Tensor& p) {
    if (!p.grad().defined()) return at::zeros(p.sizes(), p.options().dtype(at::kFloat));
    return p.grad().scalar_type() == at::kFloat ? p.grad() : p.grad().to(at::kFloat);
}

class ReplicatedAdamW final : public Optimizer {
  public:
    ReplicatedAdamW(std::vector<std::pair<std::string, at::Tensor>> parameters, const OptimizerSettings& s)
        : parameters_(std::move(parameters)), settings_(s) {
        c10::NoGradGuard no_grad;
        for (const auto& [name, p] : parameters_) {
            // bf16 weights are updated through fp32 master copies; fp32 ones in place.
            at::Tensor weight = p.scalar_type() == at::kFloat ? p : p.detach().to(at::kFloat);
            masters_.push_back(p.scalar_type() == at::kFloat ? at::Tensor() : weight);
            slots_.add(weight, p.dim() >= 2);
        }
    }

    StepOutcome step(double lr, double max_norm, const at::Tensor& loss) override {
        c10::NoGradGuard no_grad;
        std::vector<at::Tensor> grads;
        for (const auto& entry : parameters_) grads.push_back(float_gradient(entry.second));
        if (settings_.group) settings_.group->all_reduce_sum(grads);
        StepOutcome out;
        out.grad_norm = squared_sum(grads, device()).sqrt();
        clip_to_norm(grads, out.grad_norm, max_norm);
        out.skipped = nonfinite_flag(loss, out.grad_norm);
        adamw_update(slots_, grads, lr, settings_.adamw, out.skipped);
        for (size_t i = 0; i < parameters_.size(); ++i)
            if (masters_[i].defined()) parameters_[i].second.copy_(masters_[i]);
        return out;
    }

    void zero_grad() override {
        for (auto& entry : parameters_)
            if (entry.second.grad().defined()) entry.second.mutable_grad() = at::Tensor();
    }

    int64_t steps_taken() const override { return static_cast<int64_t>(slots_.step.item<double>()); }

    int64_t state_bytes() const override {
        int64_t bytes = slots_.bytes();
        for (const at::Tensor& m : masters_)
            if (m.defined()) bytes += m.numel() * int64_t(sizeof(float));
        return bytes;
    }

    void save(const std::string& dir) const override {
        if (settings_.group && settings_.group->rank() != 0) return;
        NamedTensors state;
        for (size_t i = 0; i < parameters_.size(); ++i) {
            const std::string& name = parameters_[i].first;
            state.emplace_back(optimizer_state_name("exp_avg", name), slots_.exp_avg[i]);
            state.emplace_back(optimizer_state_name("exp_avg_sq", name), slots_.exp_avg_sq[i]);
            if (masters_[i].defined()) state.emplace_back(optimizer_state_name("master", name), masters_[i]);
        }
        write_safetensors(replicated_state_file(dir), state);
    }

    void load(const std::string& dir, int64_t steps_taken) override {
        c10::NoGradGuard no_grad;
        const OptimizerStateReader reader(dir);
        for (size_t i = 0; i < parameters_.size(); ++i) {
            const std::string& name = parameters_[i].first;
            const int64_t n = parameters_[i].second.numel();
            reader.read("exp_avg", name, n, 0, slots_.exp_avg[i]);
            reader.read("exp_avg_sq", name, n, 0, slots_.exp_avg_sq[i]);
            // A state saved with fp32 weights has no master copies: the loaded weights are exact.
            if (masters_[i].defined() && reader.has("master", name))
                reader.read("master", name, n, 0, masters_[i]);
        }
        slots_.step.fill_(static_cast<double>(steps_taken));
    }

  private:
    at::Device device() const { return parameters_.front().second.device(); }

    std::vector<std::pair<std::string, at::Tensor>> parameters_;
    OptimizerSettings settings_;
    std::vector<at::Tensor> masters_;  // fp32 copies of bf16 weights; undefined for fp32 ones
    AdamWSlots slots_;
};

}  // namespace

std::unique_ptr<Optimizer> make_optimizer(std::vector<std::pair<std::string, at::Tensor>> parameters,
                                          const OptimizerSettings& settings) {
    if (parameters.empty()) throw UsageError("the optimizer has no parameter to train");
    if (settings.zero < 0 || settings.zero > 2)
        throw UsageError("ZeRO stage " + std::to_string(settings.zero) + " (0, 1 or 2)");
    if (settings.zero == 0) return std::make_unique<ReplicatedAdamW>(std::move(parameters), settings);
    return make_sharded_optimizer(std::move(parameters), settings);
}

}  // namespace ipt
