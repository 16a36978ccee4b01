#pragma once
// Process-wide LibTorch set-up and the parsing of device / dtype names shared by every front-end.
#include <ATen/core/Generator.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <string>

namespace ipt {

// LibTorch uses one intra-op thread by default on these machines; front-ends call this once at
// start-up. `threads` <= 0 means every hardware thread.
void init_torch_threads(int threads = 0);

// "cpu", "cuda", "cuda:1". Throws UsageError when the device is unknown or this build lacks CUDA.
c10::Device parse_device(const std::string& name);
// "float32"/"fp32", "bfloat16"/"bf16", "float16"/"fp16". Throws UsageError otherwise.
c10::ScalarType parse_dtype(const std::string& name);
// The config.json spelling: "float32", "bfloat16", "float16".
std::string dtype_name(c10::ScalarType type);
bool cuda_available();

// A random generator of its own for `device` (a CPU generator, or a CUDA one for a CUDA device), seeded
// with `seed`: independent of LibTorch's process-wide generators, which other work in the same process
// draws from too. Its state (get_state / set_state) round-trips through checkpoints.
at::Generator make_generator(const c10::Device& device, uint64_t seed);

}  // namespace ipt
