#pragma once
// AdamW (decoupled weight decay, Loshchilov & Hutter) over named parameters, the warm-up + decay
// learning-rate schedule, and global gradient-norm clipping. Moments are kept in float32 and saved by
// parameter name, so a resumed run continues bit for bit.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ipt/model/safetensors.h"

namespace ipt {

struct TrainConfig;

double learning_rate(const TrainConfig& config, int64_t step);

class AdamW {
  public:
    struct Options {
        double beta1 = 0.9, beta2 = 0.95, eps = 1e-8, weight_decay = 0.1;
    };
    AdamW(std::vector<std::pair<std::string, at::Tensor>> parameters, Options options);

    // One update with the gradients held by the parameters. Weight decay applies to matrices only
    // (not to norms), as is usual for Llama training.
    void step(double lr);
    void zero_grad();

    NamedTensors state() const;  // "exp_avg/<name>", "exp_avg_sq/<name>"
    // Throws FileError naming the missing or misshapen entry.
    void load_state(const SafetensorsFile& file, int64_t steps_taken);
    const std::vector<std::pair<std::string, at::Tensor>>& parameters() const { return parameters_; }

  private:
    std::vector<std::pair<std::string, at::Tensor>> parameters_;
    std::vector<at::Tensor> exp_avg_, exp_avg_sq_;
    Options options_;
    int64_t steps_ = 0;
};

// Scales gradients so that their global L2 norm is at most `max_norm` (0: no clipping) and returns the
// norm before scaling.
double clip_gradients(const std::vector<std::pair<std::string, at::Tensor>>& parameters, double max_norm);

}  // namespace ipt
