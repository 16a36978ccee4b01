#pragma once
// bf16 autocast for a forward pass on the CPU or CUDA; master weights and optimizer state stay fp32.
// LibTorch 2.4 replaced the per-device setters with ones that take the device type.
#include <ATen/autocast_mode.h>
#include <c10/core/Device.h>
#include <torch/version.h>

namespace ipt {

class AutocastScope {
  public:
    AutocastScope(bool enabled, const at::Device& device) : enabled_(enabled), cuda_(device.is_cuda()) {
        if (!enabled_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        const auto type = cuda_ ? at::kCUDA : at::kCPU;
        at::autocast::set_autocast_dtype(type, at::kBFloat16);
        at::autocast::set_autocast_enabled(type, true);
#else
        if (cuda_) {
            at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
            at::autocast::set_enabled(true);
        } else {
            at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
            at::autocast::set_cpu_enabled(true);
        }
#endif
    }
    ~AutocastScope() {
        if (!enabled_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        at::autocast::set_autocast_enabled(cuda_ ? at::kCUDA : at::kCPU, false);
#else
        if (cuda_)
            at::autocast::set_enabled(false);
        else
            at::autocast::set_cpu_enabled(false);
#endif
        at::autocast::clear_cache();
    }

  private:
    bool enabled_, cuda_;
};

}  // namespace ipt
