#pragma once
// Loops for the CPU inference path (model/decoder_inference.cpp), where LibTorch's general operators
// cost more than the arithmetic: products of a few rows with a weight matrix (Debian's OpenBLAS packs
// the whole matrix for every GEMM, even for one row), RMSNorm and rotary embeddings in one pass each, a
// decoding step's attention. Activations are float32; weights may be float32, bfloat16 or float16 and are
// widened as they are read, so a 16-bit model reads half the bytes per token. Each kernel has a plain-C++
// version; the AVX2/FMA version is chosen at run time where the CPU has it, and for products of one row
// (and of a few rows with 16-bit weights) the AVX-512 one (model/skinny_avx512.h) where it has that.
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace ipt::cpu {

// True when this CPU runs the AVX2/FMA versions (x86-64 with both features).
bool has_avx2_fma();
// The instruction sets of the kernels' versions, in order. The kernels run the best one this CPU has, up
// to a limit that tests lower to check every version against the plain one on a CPU that has several.
enum class Isa { plain, avx2, avx512 };
// The best version this CPU (and this build) runs.
Isa best_isa();
// The version the kernels run now: the lower of best_isa() and the limit (the best unless set).
Isa active_isa();
void set_isa_limit(Isa limit);
// "plain", "avx2" or "avx512".
const char* isa_name(Isa isa);

// True when the CPU multiplies bfloat16 natively (AVX512-BF16 or AMX): then LibTorch's bf16 GEMM is
// fast, and bf16 needs no widening for large products.
bool has_native_bf16();

// The most rows `skinny_linear` is meant for; above it a BLAS GEMM reuses each weight better.
constexpr int64_t kSkinnyRows = 8;

// y [rows, n] = x [rows, k] (float32, contiguous) times weight [n, k]^T (contiguous; f32, bf16, f16).
at::Tensor skinny_linear(const at::Tensor& x, const at::Tensor& weight);

// x [rows, k] float32 times weight^T for any number of rows: `skinny_linear` for a few rows, else a
// BLAS GEMM (a 16-bit weight is widened block by block into a reused float32 buffer).
at::Tensor linear_f32(const at::Tensor& x, const at::Tensor& weight);

// RMSNorm of the rows of x (float32, contiguous, last dimension d) with a weight of d elements (any
// float dtype): y = x / sqrt(mean(x^2) + eps) * weight, in float32.
at::Tensor rms_norm_f32(const at::Tensor& x, const at::Tensor& weight, double eps);

// Rotates x [rows, heads, d] (float32, contiguous) in place, HF rotate-half layout: dimension i pairs
// with i + d/2. Row r uses the angles of table row positions[r] (int64, `rows` of them); the tables
// (float32 [positions, d], cos and sin) hold the HF duplicated layout. Every element is multiplied by
// `scale` too (1 for keys; the attention scale for queries, so that no separate op is needed).
void rotary_in_place(at::Tensor& x, const at::Tensor& positions, const at::Tensor& cos_table,
                     const at::Tensor& sin_table, float scale);

// Attention of one new query per sequence (a decoding step), where a batched matmul would make one
// BLAS call (packing both operands) per head for a few dot products. q [B, KVH, G, D] float32
// contiguous, already scaled: the G query heads that share key/value head h; keys and values
// [B, KVH, S, D] float32 with the last dimension contiguous (views of a cache); mask undefined or an
// additive float32 [B or 1, 1, 1, S]. Returns [B, KVH, G, D]: softmax(q k^T + mask) v per head.
at::Tensor decode_attention(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& values,
                            const at::Tensor& mask);

}  // namespace ipt::cpu
