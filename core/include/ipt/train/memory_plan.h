#pragma once
// What a training run needs per process (per GPU), predicted from its config before anything is
// allocated: weights, gradients, optimizer state (sharded or not), the activations the backward pass
// keeps (with and without activation checkpointing), and the backward pass's working memory. The
// activation model counts the tensors this engine's decoder actually saves for backward (the tests
// check it against memory measured on the CPU), and `ipt train --plan` prints it with a verdict and the
// settings that make a run fit.
#include <cstdint>
#include <string>
#include <vector>

#include "ipt/model/model_config.h"
#include "ipt/train/train_config.h"

namespace ipt {

struct MemoryPlanSettings {
    int processes = 1;            // data-parallel processes (GPUs)
    int64_t device_bytes = 0;     // memory of one device; 0: no verdict
    bool fused_attention = true;  // scaled_dot_product_attention (LibTorch 2.x); else the explicit path
};

struct MemoryPlan {
    int64_t parameters = 0, trainable = 0;
    int64_t weights = 0;      // on the device, in their dtype
    int64_t gradients = 0;    // full gradients of the trainable weights (alive through the backward pass)
    int64_t optimizer = 0;    // moments and fp32 master copies, this process's share
    int64_t activations = 0;  // saved for backward by one micro-batch's forward pass
    int64_t activations_checkpointed = 0;  // the same with activation checkpointing
    int64_t backward_working = 0;          // extra while the backward pass runs (logit gradients, one layer)
    int64_t backward_working_checkpointed = 0;
    // The peak with the config's own setting of activation checkpointing.
    int64_t peak() const;
    bool checkpointing = false;  // the config's setting
    int64_t peak_with(bool checkpointing) const;
};

// `model`: the architecture (a preset's, or a folder's config.json). Throws UsageError for settings the
// plan cannot describe.
MemoryPlan plan_memory(const ModelConfig& model, const TrainConfig& train,
                       const MemoryPlanSettings& settings);

// A table of the plan with the verdict against settings.device_bytes, and when it does not fit, which of
// checkpointing, ZeRO-1/2, bf16 weights and a smaller micro-batch would make it fit.
std::string describe_memory_plan(const ModelConfig& model, const TrainConfig& train,
                                 const MemoryPlanSettings& settings);

// "80GB", "80GiB", "24G", "512MB", a plain number of bytes. Throws UsageError otherwise.
int64_t parse_byte_size(const std::string& text);

}  // namespace ipt
