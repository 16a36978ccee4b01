#include "ipt/model/runtime.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <ATen/Parallel.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <mutex>

#include "cpu_kernels.h"
#include "ipt/common/error.h"
#include "ipt/common/parallel.h"

namespace ipt {

void init_torch_threads(int threads) {
    tune_allocator();
    at::set_num_threads(threads > 0 ? threads : hardware_threads());
}

void tune_allocator() {
    static std::once_flag once;
    std::call_once(once, [] {
#if defined(__GLIBC__)
        // 32 MiB is the largest threshold glibc accepts on 64-bit systems. Setting it fixes the
        // threshold (no dynamic adjustment); the trim threshold keeps freed memory at the heap's top.
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 512 << 20);
        mallopt(M_TOP_PAD, 16 << 20);
#endif
    });
}

std::string cpu_features() {
    std::string out = cpu::has_avx2_fma() ? "AVX2 FMA" : "no AVX2/FMA";
    if (cpu::best_isa() == cpu::Isa::avx512) out += ", AVX-512";
    out += cpu::has_native_bf16() ? ", AVX512-BF16" : ", no AVX512-BF16";
    return out;
}

std::string cpu_dtype_note(c10::ScalarType dtype, bool training) {
    if (dtype != c10::kBFloat16 && dtype != c10::kHalf) return {};
    const std::string name = dtype == c10::kHalf ? "float16" : "bfloat16";
    if (training) {
        if (dtype == c10::kHalf)
            return "float16 cannot be trained on the CPU (LibTorch has no float16 CPU matrix product); use "
                   "float32, or bfloat16 where the CPU has AVX512-BF16";
        if (!cpu::has_native_bf16())
            return "this CPU (" + cpu_features() +
                   ") multiplies bfloat16 through LibTorch's generic kernel, about 30x slower than float32: "
                   "train in float32 here";
        return {};
    }
    return name +
           " weights on the CPU are widened to float32 as they are read: products and activations "
           "are float32 (half the weight bytes of a float32 model per token)";
}

bool cuda_available() {
    return at::hasCUDA();
}

at::Generator make_generator(const c10::Device& device, uint64_t seed) {
    if (device.is_cpu()) return at::make_generator<at::CPUGeneratorImpl>(seed);
    // A copy of the device's default generator is a generator of the same kind that nobody else uses.
    at::Generator generator = at::globalContext().defaultGenerator(device).clone();
    generator.set_current_seed(seed);
    return generator;
}

c10::Device parse_device(const std::string& name) {
    c10::Device device(c10::kCPU);
    try {
        device = c10::Device(name);
    } catch (const c10::Error&) {
        throw UsageError("unknown device '" + name + "' (cpu, cuda, cuda:N)");
    }
    if (device.is_cuda() && !cuda_available())
        throw UsageError("device '" + name +
                         "' requested but this build of LibTorch has no CUDA (or no GPU is visible)");
    if (!device.is_cpu() && !device.is_cuda())
        throw UsageError("device '" + name + "' is not supported (cpu, cuda)");
    return device;
}

c10::ScalarType parse_dtype(const std::string& name) {
    if (name == "float32" || name == "fp32" || name == "f32") return c10::kFloat;
    if (name == "bfloat16" || name == "bf16") return c10::kBFloat16;
    if (name == "float16" || name == "fp16" || name == "half") return c10::kHalf;
    throw UsageError("unknown dtype '" + name + "' (float32, bfloat16, float16)");
}

std::string dtype_name(c10::ScalarType type) {
    switch (type) {
        case c10::kFloat:
            return "float32";
        case c10::kBFloat16:
            return "bfloat16";
        case c10::kHalf:
            return "float16";
        default:
            throw UsageError(std::string("dtype ") + c10::toString(type) + " is not a model dtype");
    }
}

}  // namespace ipt
