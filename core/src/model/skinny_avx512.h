#pragma once
// One row of x against a weight matrix (a decoding step of one sequence, cpu::skinny_linear) in AVX-512
// registers, for CPUs that have them. The step streams every weight once, so it is bound by memory:
// 16 floats per instruction and a prefetch of the next weight rows keep more of memory busy than the
// AVX2 loop does. Measured (llama-500m, one thread, an Intel Xeon with AVX-512): one sequence decodes
// 7-8% faster than with the AVX2 loop, at 0.97-0.99 of what the core reads from memory.
//
// Several rows of x (a step of 2-8 sequences) take an AVX-512 tile of all the rows by 3 weight rows, in
// one pass over the weights, only where it measured faster than the AVX2 tiles (cpu_kernels.cpp): for
// 16-bit weights, whose widening doubles the AVX2 tile's work per weight and which AVX-512 does 16 at a
// time, and only while the rows of x (rows x k floats) fit in 16 KiB, so that they stay in the
// first-level cache beside the streaming weights. Measured decoding 8 sequences (same machine):
// - small-50m (k = 512 in most matrices) in bfloat16: 689-697 against 652-653 tokens/s at one thread;
//   in float32 even (489-493 against 493-509), so float32 keeps the AVX2 tile.
// - llama-500m (k = 1536, 8 rows of x are 48 KiB): the AVX-512 tile for every matrix was 13% slower in
//   float32, even in bfloat16 at one thread and 5-8% slower at two; the AVX2 tile's 4 x 3 in two passes
//   in AVX-512 registers, its prefetch spread over both, 11% and 4% slower at one thread.
// Those tiles wait on memory, not on arithmetic (a profile puts the samples on the weight loads and the
// prefetches; the core multiply-adds twice as much in AVX-512 registers as in AVX2 ones).
// Only bfloat16 was measured; float16 weights (one conversion instruction where bfloat16 takes two)
// follow the same rule.
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

// Whether dot_tiles is the faster kernel for `rows` rows of x of k floats against weights of
// `weight_bytes` bytes an element (the rule above).
bool tiles_apply(int64_t weight_bytes, int64_t rows, int64_t k);

// y[m * ldy + j] = x[m] . w[j] for the `rows` (2 to 8) rows of x [rows, k] (contiguous) and weight rows
// j in [begin, end), three weight rows at a time in one pass. Returns the first weight row left.
int64_t dot_tiles(const float* x, int64_t rows, const void* w, WeightType type, int64_t k, float* y,
                  int64_t ldy, int64_t begin, int64_t end);

}  // namespace ipt::cpu::avx512
