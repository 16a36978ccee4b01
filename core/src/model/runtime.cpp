#include "ipt/model/runtime.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <ATen/Parallel.h>

#include "ipt/common/error.h"
#include "ipt/common/parallel.h"

namespace ipt {

void init_torch_threads(int threads) {
    at::set_num_threads(threads > 0 ? threads : hardware_threads());
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
