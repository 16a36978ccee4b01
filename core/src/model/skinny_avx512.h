#pragma once
// One row of x against a weight matrix (a decoding step of one sequence, cpu::skinny_linear) in AVX-512
// registers, for CPUs that have them. The step streams every weight once, so it is bound by memory:
// 16 floats per instruction and a prefetch of the next weight rows keep more of memory busy than the
// AVX2 loop does. Measured (llama-500m, one thread, an Intel Xeon with AVX-512): one sequence decodes
// 7-8% faster than with the AVX2 loop, at 0.97-0.99 of what the core reads from memory.
//
// Several rows of x stay with the AVX2 tiles (cpu_kernels.cpp). On the same machine, decoding 8
// sequences with AVX-512 tiles instead was slower or even: 8 rows by 3 weight rows in one pass, 13%
// slower in float32 and even in bfloat16; the AVX2 tile's 4 x 3 in two passes with its prefetch spread
// over both, 11% and 4% slower; the same with the whole next tile prefetched in the first pass, 20% and
// 17%. Those tiles wait on memory, not on arithmetic: a profile puts the samples on the weight loads
// and the prefetches, and the core multiply-adds twice as much in AVX-512 registers as in AVX2 ones.
#include <cstdint>

namespace ipt::cpu::avx512 {

// True when this CPU and this build run these kernels (x86-64 with AVX-512 F).
bool available();

enum class WeightType { f32, bf16, f16 };

// y[j] = x . w[j] for weight rows j in [begin, end) of w [*, k] (contiguous, of type `type`), x [k]
// float32, three weight rows at a time as far as they go. Returns the first row left (fewer than 3
// remain), for the caller's one-row kernel.
int64_t dot_one_row(const float* x, const void* w, WeightType type, int64_t k, float* y, int64_t begin,
                    int64_t end);

}  // namespace ipt::cpu::avx512
