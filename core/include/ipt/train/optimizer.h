#pragma once
// AdamW (decoupled weight decay, Loshchilov & Hutter) over named parameters, the warm-up + decay
// learning-rate schedule, global gradient-norm clipping, and the gradient reduction of data-parallel
// training. Two layouts of the same update:
// - replicated: every process keeps the whole state (moments, and fp32 master weights when the
//   weights on the device are bf16); gradients are all-reduced;
// - sharded (ZeRO-1 / ZeRO-2): each process keeps the fp32 master weights and moments of 1/N of the
//   elements; gradients are reduce-scattered, the updated slices all-gathered into the weights.
// The step never reads a value back to the host (on LibTorch 2.x): clipping and skipping a non-finite
// step happen on the device, and the trainer reads the flags when it logs. State is saved by parameter
// name and element range, so a checkpoint written by N processes loads in M.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ipt {

struct TrainConfig;
class ProcessGroup;

double learning_rate(const TrainConfig& config, int64_t step);

struct AdamWOptions {
    double beta1 = 0.9, beta2 = 0.95, eps = 1e-8, weight_decay = 0.1;
    // Weight decay applies to matrices only (not to norms), as is usual for Llama training.
};

// What one optimizer step did, as device scalars (read them only when logging).
struct StepOutcome {
    at::Tensor grad_norm;  // float32, before clipping
    at::Tensor skipped;    // float32 1 when the step was skipped (non-finite loss or gradients), else 0
};

class Optimizer {
  public:
    virtual ~Optimizer() = default;

    // Called after the backward pass of each micro-batch (ZeRO-2 reduce-scatters and frees the
    // gradients there).
    virtual void after_backward() {}
    // Reduces the gradients over the processes, clips their global norm to `max_norm` (0: no clipping)
    // and updates, unless `loss` or the gradients are not finite: then nothing changes.
    virtual StepOutcome step(double lr, double max_norm, const at::Tensor& loss) = 0;
    virtual void zero_grad() = 0;

    // Updates taken (skipped steps excluded): the bias correction's step count.
    virtual int64_t steps_taken() const = 0;
    // This process's optimizer-state bytes (moments, master weights, a sharded layout's reduced gradients).
    virtual int64_t state_bytes() const = 0;

    // Writes this process's part into `dir` (every process calls it; a replicated optimizer writes from
    // rank 0 only). Files: optimizer.safetensors, or optimizer/rank-R-of-N.safetensors.
    virtual void save(const std::string& dir) const = 0;
    // Reads what save() wrote, by any number of processes, into this layout. Throws FileError naming the
    // file and the tensor that is missing or misshapen.
    virtual void load(const std::string& dir, int64_t steps_taken) = 0;
};

struct OptimizerSettings {
    AdamWOptions adamw;
    int zero = 0;                   // 0 replicated; 1 sharded state; 2 sharded state and gradients
    ProcessGroup* group = nullptr;  // null: one process
    int64_t shard_chunk_elements = int64_t(4) << 20;  // per process and collective (sharded)
};

// `parameters`: the trainable ones. fp32 weights are updated in place; bf16 weights get fp32 master
// copies held by the optimizer.
std::unique_ptr<Optimizer> make_optimizer(std::vector<std::pair<std::string, at::Tensor>> parameters,
                                          const OptimizerSettings& settings);

}  // namespace ipt
