#pragma once
// bf16 autocast for a forward pass on the CPU or CUDA; master weights and optimizer state stay fp32.
// LibTorch 2.4 replaced the per-device setters with ones that take the device type.
#include <ATen/autocast_mode.h>
#include <c10/core/Device.h>
#include <torch/version.h>

#define IPT_AUTOCAST_BY_DEVICE_TYPE \
    (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4))

namespace ipt {

// Whether bf16 autocast is on for `device`'s type on this thread (activation checkpointing replays a
// layer under the same setting as its forward pass).
inline bool autocast_enabled(const c10::Device& device) {
#if IPT_AUTOCAST_BY_DEVICE_TYPE
    return at::autocast::is_autocast_enabled(device.type());
#else
    return device.is_cuda() ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
#endif
}

class AutocastScope {
  public:
    AutocastScope(bool enabled, const c10::Device& device) : enabled_(enabled), cuda_(device.is_cuda()) {
        if (!enabled_) return;
#if IPT_AUTOCAST_BY_DEVICE_TYPE
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
#if IPT_AUTOCAST_BY_DEVICE_TYPE
        at::autocast::set_autocast_enabled(cuda_ ? at::kCUDA : at::kCPU, false);
#else
        if (cuda_)
            at::autocast::set_enabled(false);
        else
            at::autocast::set_cpu_enabled(false);
#endif
        at::autocast::clear_cache();
    }
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

  private:
    bool enabled_, cuda_;
};

}  // namespace ipt
