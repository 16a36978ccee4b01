#include "cpu_kernels.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <string>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define IPT_X86_KERNELS 1
#define IPT_AVX2 __attribute__((target("avx2,fma,f16c")))
#endif

#include "ipt/common/error.h"
#include "skinny_avx512.h"

namespace ipt::cpu {
namespace {

// Weight element types as stored: float32, and the raw 16-bit patterns of bfloat16 and float16.
struct Bf16 {
    uint16_t bits;
};
struct F16 {
    uint16_t bits;
};

inline float widen(float v) {
    return v;
}
inline float widen(Bf16 v) {
    uint32_t u = uint32_t(v.bits) << 16;
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}
inline float widen(F16 v) {
    return static_cast<float>(c10::Half(v.bits, c10::Half::from_bits()));
}

// ---- plain C++ -----------------------------------------------------------------------------------

template <typename W>
void dot_rows_plain(const float* x, int64_t ldx, int64_t rows, const W* w, int64_t k, float* y, int64_t ldy) {
    for (int64_t m = 0; m < rows; ++m) {
        const float* xm = x + m * ldx;
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int64_t i = 0;
        for (; i + 4 <= k; i += 4) {
            a0 += xm[i] * widen(w[i]);
            a1 += xm[i + 1] * widen(w[i + 1]);
            a2 += xm[i + 2] * widen(w[i + 2]);
            a3 += xm[i + 3] * widen(w[i + 3]);
        }
        for (; i < k; ++i) a0 += xm[i] * widen(w[i]);
        y[m * ldy] = (a0 + a1) + (a2 + a3);
    }
}

#ifdef IPT_X86_KERNELS

IPT_AVX2 inline __m256 load8(const float* p) {
    return _mm256_loadu_ps(p);
}
IPT_AVX2 inline __m256 load8(const Bf16* p) {
    const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(raw), 16));
}
IPT_AVX2 inline __m256 load8(const F16* p) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

IPT_AVX2 inline float horizontal_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// MR rows of x against one weight row: the weight is read once (from memory), the rows of x stay in
// the first-level cache.
template <typename W, int MR>
IPT_AVX2 void dot_rows_avx2(const float* x, int64_t ldx, const W* w, int64_t k, float* y, int64_t ldy) {
    __m256 acc[MR][2];
    for (int m = 0; m < MR; ++m) acc[m][0] = acc[m][1] = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= k; i += 16) {
        const __m256 w0 = load8(w + i), w1 = load8(w + i + 8);
        for (int m = 0; m < MR; ++m) {
            acc[m][0] = _mm256_fmadd_ps(_mm256_loadu_ps(x + m * ldx + i), w0, acc[m][0]);
            acc[m][1] = _mm256_fmadd_ps(_mm256_loadu_ps(x + m * ldx + i + 8), w1, acc[m][1]);
        }
    }
    for (; i + 8 <= k; i += 8) {
        const __m256 w0 = load8(w + i);
        for (int m = 0; m < MR; ++m)
            acc[m][0] = _mm256_fmadd_ps(_mm256_loadu_ps(x + m * ldx + i), w0, acc[m][0]);
    }
    for (int m = 0; m < MR; ++m) {
        float s = horizontal_sum(_mm256_add_ps(acc[m][0], acc[m][1]));
        for (int64_t j = i; j < k; ++j) s += x[m * ldx + j] * widen(w[j]);
        y[m * ldy] = s;
    }
}

// One row of x against one weight row: a decoding step of one sequence, which streams every weight
// once. Four sums, since a 16-bit weight's widening lengthens each step. 16-bit weights are prefetched
// 1 KiB ahead: their loop issues twice the instructions per byte that a float32 one does, so the
// out-of-order window sees half as far ahead, and without the prefetch the loop read bfloat16 at 75-80%
// of what the core reads from memory, with it 85-90% (measured, small-50m's shapes, one thread). For
// float32 weights the same prefetch costs 10-20%, and without it the loop reads at 96%.
template <typename W>
IPT_AVX2 void dot_row_avx2(const float* x, const W* w, int64_t k, float* y) {
    constexpr int64_t kAhead = sizeof(W) == 2 ? 512 : 0;  // elements
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    int64_t i = 0;
    for (; i + 32 <= k; i += 32) {
        if (kAhead) _mm_prefetch(reinterpret_cast<const char*>(w + i + kAhead), _MM_HINT_T0);
        a0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), load8(w + i), a0);
        a1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 8), load8(w + i + 8), a1);
        a2 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 16), load8(w + i + 16), a2);
        a3 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 24), load8(w + i + 24), a3);
    }
    for (; i + 8 <= k; i += 8) a0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), load8(w + i), a0);
    float s = horizontal_sum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    for (; i < k; ++i) s += x[i] * widen(w[i]);
    *y = s;
}

// MR rows of x against NR weight rows at once: each weight vector loaded is used for MR rows and each
// x vector for NR weight rows, so a step of 8 columns takes MR + NR loads for MR * NR multiply-adds
// (4 x 3: 7 loads for 12, where one weight row at a time takes 10 loads for 8). The 12 accumulators,
// 3 weight vectors and one x vector are the 16 registers AVX2 has.
//
// More than MR rows of x take several passes over the same weight rows, and only the first reads them
// from memory. So the next tile's weights are prefetched spread over the passes: with kPasses = 2,
// pass 0 prefetches the first half of each next row and pass 1 the second, and memory is busy during
// both. kPasses = 1 prefetches all of the next rows in one pass, 0 nothing.
template <typename W, int MR, int NR, int kPasses>
IPT_AVX2 void dot_tile_avx2(const float* x, int64_t ldx, const W* w, int64_t k, float* y, int64_t ldy,
                            int pass) {
    static_assert(kPasses >= 0 && kPasses <= 2, "the prefetch is spread over 1 or 2 passes");
    constexpr int kShare = kPasses > 0 ? kPasses : 1;  // this pass prefetches 1 / kShare of each row
    __m256 acc[MR][NR];
    for (int m = 0; m < MR; ++m)
        for (int j = 0; j < NR; ++j) acc[m][j] = _mm256_setzero_ps();
    const W* ahead = w + NR * k + pass * (k / kShare);
    int64_t i = 0;
    // The loops are unrolled by pragma: left as loops, GCC -O2 keeps the accumulators on the stack
    // (the disassembly shows it) and the tile runs slower than one weight row at a time.
    for (; i + 8 <= k; i += 8) {
        __m256 wv[NR];
#pragma GCC unroll 4
        for (int j = 0; j < NR; ++j) {
            wv[j] = load8(w + j * k + i);
            if (kPasses > 0)
                _mm_prefetch(reinterpret_cast<const char*>(ahead + j * k + i / kShare), _MM_HINT_T0);
        }
#pragma GCC unroll 4
        for (int m = 0; m < MR; ++m) {
            const __m256 xv = _mm256_loadu_ps(x + m * ldx + i);
#pragma GCC unroll 4
            for (int j = 0; j < NR; ++j) acc[m][j] = _mm256_fmadd_ps(xv, wv[j], acc[m][j]);
        }
    }
    for (int m = 0; m < MR; ++m)
        for (int j = 0; j < NR; ++j) {
            float s = horizontal_sum(acc[m][j]);
            for (int64_t t = i; t < k; ++t) s += x[m * ldx + t] * widen(w[j * k + t]);
            y[m * ldy + j] = s;
        }
}

// When the tile prefetches the next tile's weights (float32, one thread, weights in huge pages):
// - One pass (up to 4 rows of x): only for weight rows shorter than kOnePassPrefetchRowBytes. With short
//   rows the hardware prefetcher never ramps up within one, and without the prefetch the tile waits on
//   memory: with 4 rows of x it gained 29% at rows of 2 KiB and 7-17% at 6 KiB, and was even at 8 KiB.
//   With long rows the hardware prefetcher has ramped up, and three more streams only compete with it:
//   5% slower at 16 KiB, 6-8% at 44 KiB.
// - Two passes (5-8 rows of x): always. Spread over the passes, the prefetch keeps memory busy without
//   competing: with 8 rows of x it ran 11-20% faster than a whole-tile prefetch in the first pass at rows
//   of 2-6 KiB, and 9% faster than none at 16 KiB, 2-5% at 32-44 KiB.
constexpr int64_t kOnePassPrefetchRowBytes = 8192;

// Every row of x against weight rows [0, 3): the tile kernel over groups of 4 rows (pass 0, 1, ...),
// then the rest.
template <typename W, int kPasses>
IPT_AVX2 void dot_rows_tile3_avx2(const float* x, int64_t ldx, int64_t rows, const W* w, int64_t k, float* y,
                                  int64_t ldy) {
    int64_t m = 0;
    for (; m + 4 <= rows; m += 4)
        dot_tile_avx2<W, 4, 3, kPasses>(x + m * ldx, ldx, w, k, y + m * ldy, ldy, int(m / 4));
    const int pass = int(m / 4);
    switch (rows - m) {
        case 3:
            dot_tile_avx2<W, 3, 3, kPasses>(x + m * ldx, ldx, w, k, y + m * ldy, ldy, pass);
            break;
        case 2:
            dot_tile_avx2<W, 2, 3, kPasses>(x + m * ldx, ldx, w, k, y + m * ldy, ldy, pass);
            break;
        case 1:
            dot_tile_avx2<W, 1, 3, kPasses>(x + m * ldx, ldx, w, k, y + m * ldy, ldy, pass);
            break;
        default:
            break;
    }
}

static_assert(kSkinnyRows <= 8, "the tile's prefetch is spread over at most two passes of 4 rows");

// Weight rows [begin, end) in tiles of 3, as far as they go; returns the first row left.
template <typename W>
IPT_AVX2 int64_t dot_tiles_avx2(const float* x, int64_t rows, const W* w, int64_t k, float* y, int64_t n,
                                int64_t begin, int64_t end) {
    const int64_t row_bytes = k * int64_t(sizeof(W));
    int64_t j = begin;
    if (rows <= 4 && row_bytes < kOnePassPrefetchRowBytes)
        for (; j + 3 <= end; j += 3) dot_rows_tile3_avx2<W, 1>(x, k, rows, w + j * k, k, y + j, n);
    else if (rows > 4)  // two passes: kSkinnyRows is at most 8
        for (; j + 3 <= end; j += 3) dot_rows_tile3_avx2<W, 2>(x, k, rows, w + j * k, k, y + j, n);
    else
        for (; j + 3 <= end; j += 3) dot_rows_tile3_avx2<W, 0>(x, k, rows, w + j * k, k, y + j, n);
    return j;
}

template <typename W>
IPT_AVX2 void dot_rows_avx2_any(const float* x, int64_t ldx, int64_t rows, const W* w, int64_t k, float* y,
                                int64_t ldy) {
    int64_t m = 0;
    for (; m + 4 <= rows; m += 4) dot_rows_avx2<W, 4>(x + m * ldx, ldx, w, k, y + m * ldy, ldy);
    switch (rows - m) {
        case 3:
            dot_rows_avx2<W, 3>(x + m * ldx, ldx, w, k, y + m * ldy, ldy);
            break;
        case 2:
            dot_rows_avx2<W, 2>(x + m * ldx, ldx, w, k, y + m * ldy, ldy);
            break;
        case 1:
            dot_row_avx2(x + m * ldx, w, k, y + m * ldy);
            break;
        default:
            break;
    }
}

IPT_AVX2 void rms_norm_row_avx2(const float* x, const float* w, float* y, int64_t d, float eps) {
    __m256 acc = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 8 <= d; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        acc = _mm256_fmadd_ps(v, v, acc);
    }
    float sum = horizontal_sum(acc);
    for (; i < d; ++i) sum += x[i] * x[i];
    const float inv = 1.0f / std::sqrt(sum / float(d) + eps);
    const __m256 vinv = _mm256_set1_ps(inv);
    for (i = 0; i + 8 <= d; i += 8)
        _mm256_storeu_ps(y + i,
                         _mm256_mul_ps(_mm256_mul_ps(_mm256_loadu_ps(x + i), vinv), _mm256_loadu_ps(w + i)));
    for (; i < d; ++i) y[i] = x[i] * inv * w[i];
}

IPT_AVX2 float dot_avx2(const float* a, const float* b, int64_t d) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= d; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    for (; i + 8 <= d; i += 8) acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    float s = horizontal_sum(_mm256_add_ps(acc0, acc1));
    for (; i < d; ++i) s += a[i] * b[i];
    return s;
}

// y [d] += p * x [d]
IPT_AVX2 void axpy_avx2(float p, const float* x, float* y, int64_t d) {
    const __m256 pv = _mm256_set1_ps(p);
    int64_t i = 0;
    for (; i + 8 <= d; i += 8)
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(pv, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
    for (; i < d; ++i) y[i] += p * x[i];
}

// scores [s] = q . k[j] for the s keys (rows `ks` apart), d a multiple of 8: four keys at a time, their
// four sums reduced together (one horizontal sum per key costs as much as the dot product itself).
IPT_AVX2 void scores_avx2(const float* q, const float* k, int64_t ks, int64_t s, int64_t d, float* scores) {
    int64_t j = 0;
    for (; j + 4 <= s; j += 4) {
        const float* k0 = k + j * ks;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        for (int64_t i = 0; i < d; i += 8) {
            const __m256 qv = _mm256_loadu_ps(q + i);
            a0 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k0 + i), a0);
            a1 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k0 + ks + i), a1);
            a2 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k0 + 2 * ks + i), a2);
            a3 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k0 + 3 * ks + i), a3);
        }
        const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
        _mm_storeu_ps(scores + j, _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1)));
    }
    for (; j < s; ++j) scores[j] = dot_avx2(q, k + j * ks, d);
}

// og [8 * DV] = sum over the s keys of p[j] * v[j] (rows `vs` apart), the sum kept in registers: one
// load and one multiply-add per 8 values, where a multiply-add into og per key also loads and stores it.
template <int DV>
IPT_AVX2 void weighted_rows_avx2(const float* p, const float* v, int64_t vs, int64_t s, float* og) {
    __m256 acc[DV];
#pragma GCC unroll 16
    for (int i = 0; i < DV; ++i) acc[i] = _mm256_setzero_ps();
    for (int64_t j = 0; j < s; ++j) {
        if (p[j] == 0.0f) continue;  // a hidden key adds nothing: its values are not read
        const __m256 pj = _mm256_set1_ps(p[j]);
        const float* vj = v + j * vs;
#pragma GCC unroll 16
        for (int i = 0; i < DV; ++i) acc[i] = _mm256_fmadd_ps(pj, _mm256_loadu_ps(vj + 8 * i), acc[i]);
    }
#pragma GCC unroll 16
    for (int i = 0; i < DV; ++i) _mm256_storeu_ps(og + 8 * i, acc[i]);
}

// The same for any head dimension (og starts at zero): the sizes above in registers, others through og.
IPT_AVX2 void weighted_rows_any_avx2(const float* p, const float* v, int64_t vs, int64_t s, float* og,
                                     int64_t d) {
    switch (d) {
        case 32:
            return weighted_rows_avx2<4>(p, v, vs, s, og);
        case 64:
            return weighted_rows_avx2<8>(p, v, vs, s, og);
        case 128:
            return weighted_rows_avx2<16>(p, v, vs, s, og);
        default:
            for (int64_t j = 0; j < s; ++j)
                if (p[j] != 0.0f) axpy_avx2(p[j], v + j * vs, og, d);
    }
}

#endif  // IPT_X86_KERNELS

float dot_plain(const float* a, const float* b, int64_t d) {
    float s = 0;
    for (int64_t i = 0; i < d; ++i) s += a[i] * b[i];
    return s;
}

void axpy_plain(float p, const float* x, float* y, int64_t d) {
    for (int64_t i = 0; i < d; ++i) y[i] += p * x[i];
}

void rms_norm_row_plain(const float* x, const float* w, float* y, int64_t d, float eps) {
    float sum = 0;
    for (int64_t i = 0; i < d; ++i) sum += x[i] * x[i];
    const float inv = 1.0f / std::sqrt(sum / float(d) + eps);
    for (int64_t i = 0; i < d; ++i) y[i] = x[i] * inv * w[i];
}

constexpr avx512::WeightType avx512_type(const float*) {
    return avx512::WeightType::f32;
}
constexpr avx512::WeightType avx512_type(const Bf16*) {
    return avx512::WeightType::bf16;
}
constexpr avx512::WeightType avx512_type(const F16*) {
    return avx512::WeightType::f16;
}

template <typename W>
void skinny_rows(const float* x, int64_t rows, int64_t k, const W* w, int64_t n, float* y) {
    // Enough weight rows per task that a thread streams a long contiguous stretch of the matrix.
    const int64_t grain = std::max<int64_t>(1, 16384 / std::max<int64_t>(k, 1));
    const Isa isa = active_isa();
    const bool fast = isa >= Isa::avx2;
    at::parallel_for(0, n, grain, [&](int64_t begin, int64_t end) {
        int64_t j = begin;
#ifdef IPT_X86_KERNELS
        // One row of x gains nothing from tiles (each weight is used once whatever the order); with
        // AVX-512 it streams the weights three rows at a time. Several rows take the AVX-512 tile only
        // where skinny_avx512.h measured it faster than the AVX2 one.
        if (isa == Isa::avx512 && rows == 1)
            j = avx512::dot_one_row(x, w, avx512_type(w), k, y, begin, end);
        else if (isa == Isa::avx512 && rows > 1 && avx512::tiles_apply(sizeof(W), rows, k))
            j = avx512::dot_tiles(x, rows, w, avx512_type(w), k, y, n, begin, end);
        else if (fast && rows > 1)
            j = dot_tiles_avx2(x, rows, w, k, y, n, begin, end);
#endif
        for (; j < end; ++j) {
#ifdef IPT_X86_KERNELS
            if (fast) {
                dot_rows_avx2_any(x, k, rows, w + j * k, k, y + j, n);
                continue;
            }
#endif
            dot_rows_plain(x, k, rows, w + j * k, k, y + j, n);
        }
    });
}

void check_f32_matrix(const at::Tensor& x, const char* what) {
    if (x.scalar_type() != at::kFloat || !x.is_contiguous() || !x.device().is_cpu())
        throw UsageError(std::string("cpu kernels: ") + what + " must be a contiguous float32 CPU tensor");
}

void check_f32_rows(const at::Tensor& x, const char* what) {
    if (x.scalar_type() != at::kFloat || x.dim() != 4 || x.stride(3) != 1 || !x.device().is_cpu())
        throw UsageError(std::string("cpu kernels: ") + what +
                         " must be a float32 CPU tensor [B, KVH, S, D] with D contiguous");
}

}  // namespace

bool has_avx2_fma() {
#ifdef IPT_X86_KERNELS
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return yes;
#else
    return false;
#endif
}

namespace {
std::atomic<Isa> isa_limit{Isa::avx512};
}  // namespace

Isa best_isa() {
    if (avx512::available() && has_avx2_fma()) return Isa::avx512;
    return has_avx2_fma() ? Isa::avx2 : Isa::plain;
}

Isa active_isa() {
    return std::min(best_isa(), isa_limit.load(std::memory_order_relaxed));
}

const char* isa_name(Isa isa) {
    switch (isa) {
        case Isa::plain:
            return "plain";
        case Isa::avx2:
            return "avx2";
        case Isa::avx512:
            return "avx512";
    }
    return "?";
}

void set_isa_limit(Isa limit) {
    isa_limit.store(limit, std::memory_order_relaxed);
}

bool has_native_bf16() {
#ifdef IPT_X86_KERNELS
    static const bool yes = __builtin_cpu_supports("avx512bf16");
    return yes;
#else
    return false;
#endif
}

at::Tensor skinny_linear(const at::Tensor& x, const at::Tensor& weight) {
    check_f32_matrix(x, "input");
    if (!weight.is_contiguous() || weight.dim() != 2 || weight.size(1) != x.size(-1))
        throw UsageError("cpu kernels: weight must be a contiguous [n, " + std::to_string(x.size(-1)) +
                         "] matrix");
    const int64_t k = x.size(-1), rows = x.numel() / std::max<int64_t>(k, 1), n = weight.size(0);
    at::Tensor y = at::empty({rows, n}, x.options());
    const float* xp = x.data_ptr<float>();
    float* yp = y.data_ptr<float>();
    switch (weight.scalar_type()) {
        case at::kFloat:
            skinny_rows(xp, rows, k, weight.data_ptr<float>(), n, yp);
            break;
        case at::kBFloat16:
            skinny_rows(xp, rows, k, static_cast<const Bf16*>(weight.data_ptr()), n, yp);
            break;
        case at::kHalf:
            skinny_rows(xp, rows, k, static_cast<const F16*>(weight.data_ptr()), n, yp);
            break;
        default:
            throw UsageError(std::string("cpu kernels: weights of dtype ") +
                             c10::toString(weight.scalar_type()) + " are not supported");
    }
    return y;
}

at::Tensor linear_f32(const at::Tensor& x, const at::Tensor& weight_in) {
    const int64_t k = x.size(-1), rows = x.numel() / std::max<int64_t>(k, 1);
    // Weights are contiguous as loaded; a view (rare) is copied rather than refused.
    const at::Tensor weight = weight_in.is_contiguous() ? weight_in : weight_in.contiguous();
    if (rows <= kSkinnyRows) return skinny_linear(x.contiguous(), weight);
    const at::Tensor x2 = x.reshape({rows, k});
    if (weight.scalar_type() == at::kFloat) return at::linear(x2, weight);
    // The weight widened block by block (of W's rows) into one float32 buffer, each block's product
    // written straight into its columns of y. Blocks are as large as the budget allows: OpenBLAS's GEMM
    // loses 7% at 485 rows of 4320 against the whole matrix, and about 1% at 2048 (measured, 2 threads,
    // 512 rows of x). The budget stays under the allocator's mmap threshold (runtime.cpp), so that the
    // buffer comes from the heap, not from fresh pages the kernel zeroes at every call.
    constexpr int64_t kWidenBudget = int64_t(24) << 20;  // bytes
    const int64_t n = weight.size(0);
    const int64_t block = std::max<int64_t>(64, kWidenBudget / (4 * std::max<int64_t>(k, 1)));
    at::Tensor wide = at::empty({std::min(block, n), k}, x.options());
    if (n <= block) return at::linear(x2, wide.copy_(weight));
    at::Tensor y = at::empty({rows, n}, x.options());
    for (int64_t j = 0; j < n; j += block) {
        const int64_t nb = std::min(block, n - j);
        at::Tensor w = wide.narrow(0, 0, nb);
        w.copy_(weight.narrow(0, j, nb));
        at::Tensor columns = y.narrow(1, j, nb);  // rows of stride n: BLAS writes them in place
        at::mm_out(columns, x2, w.t());
    }
    return y;
}

at::Tensor rms_norm_f32(const at::Tensor& x, const at::Tensor& weight, double eps) {
    check_f32_matrix(x, "input");
    const int64_t d = x.size(-1), rows = x.numel() / std::max<int64_t>(d, 1);
    const at::Tensor w = weight.to(at::kFloat).contiguous();
    if (w.numel() != d) throw UsageError("cpu kernels: RMSNorm weight size does not match the input");
    at::Tensor y = at::empty_like(x);
    const float *xp = x.data_ptr<float>(), *wp = w.data_ptr<float>();
    float* yp = y.data_ptr<float>();
    const bool fast = active_isa() >= Isa::avx2;
    const float e = static_cast<float>(eps);
    at::parallel_for(0, rows, std::max<int64_t>(1, 65536 / std::max<int64_t>(d, 1)),
                     [&](int64_t b, int64_t end) {
                         for (int64_t r = b; r < end; ++r) {
#ifdef IPT_X86_KERNELS
                             if (fast) {
                                 rms_norm_row_avx2(xp + r * d, wp, yp + r * d, d, e);
                                 continue;
                             }
#endif
                             rms_norm_row_plain(xp + r * d, wp, yp + r * d, d, e);
                         }
                     });
    return y;
}

void rotary_in_place(at::Tensor& x, const at::Tensor& positions, const at::Tensor& cos_table,
                     const at::Tensor& sin_table, float scale) {
    check_f32_matrix(x, "rotary input");
    check_f32_matrix(cos_table, "cos table");
    check_f32_matrix(sin_table, "sin table");
    const int64_t d = x.size(-1), half = d / 2, heads = x.size(-2);
    const int64_t rows = x.numel() / (d * heads);
    const at::Tensor pos = positions.to(at::kLong).contiguous();
    if (pos.numel() != rows) throw UsageError("cpu kernels: one rotary position per row expected");
    const int64_t* pp = pos.data_ptr<int64_t>();
    const int64_t limit = cos_table.size(0);
    for (int64_t r = 0; r < rows; ++r)
        if (pp[r] < 0 || pp[r] >= limit)
            throw UsageError("rotary position " + std::to_string(pp[r]) + " is outside the table of " +
                             std::to_string(limit) + " positions");
    float* xp = x.data_ptr<float>();
    const float *cp = cos_table.data_ptr<float>(), *sp = sin_table.data_ptr<float>();
    at::parallel_for(0, rows, std::max<int64_t>(1, 4096 / std::max<int64_t>(d * heads, 1)),
                     [&](int64_t b, int64_t end) {
                         for (int64_t r = b; r < end; ++r) {
                             const float* c = cp + pp[r] * d;
                             const float* s = sp + pp[r] * d;
                             for (int64_t h = 0; h < heads; ++h) {
                                 float* v = xp + (r * heads + h) * d;
                                 for (int64_t i = 0; i < half; ++i) {
                                     const float a = v[i], bb = v[i + half];
                                     v[i] = (a * c[i] - bb * s[i]) * scale;
                                     v[i + half] = (bb * c[i + half] + a * s[i + half]) * scale;
                                 }
                             }
                         }
                     });
}

at::Tensor decode_attention(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& values,
                            const at::Tensor& mask) {
    check_f32_matrix(q, "decode attention query");
    check_f32_rows(keys, "decode attention keys");
    check_f32_rows(values, "decode attention values");
    if (q.dim() != 4) throw UsageError("cpu kernels: decode attention query must be [B, KVH, G, D]");
    const int64_t b = q.size(0), kv_heads = q.size(1), groups = q.size(2), d = q.size(3), s = keys.size(2);
    if (keys.size(0) != b || keys.size(1) != kv_heads || keys.size(3) != d ||
        !values.sizes().equals(keys.sizes()))
        throw UsageError("cpu kernels: decode attention shapes do not match");
    const float* mp = nullptr;
    int64_t mask_rows = 0;
    if (mask.defined()) {
        check_f32_matrix(mask, "decode attention mask");
        mask_rows = mask.size(0);
        if (mask.numel() != mask_rows * s || (mask_rows != 1 && mask_rows != b))
            throw UsageError("cpu kernels: decode attention mask must be [B or 1, 1, 1, S]");
        mp = mask.data_ptr<float>();
    }
    // Three passes: scores, ATen's softmax over them in place (vectorized exp), the weighted values.
    at::Tensor scores = at::empty({b, kv_heads, groups, s}, q.options());
    at::Tensor out = at::zeros({b, kv_heads, groups, d}, q.options());
    const float *qp = q.data_ptr<float>(), *kp = keys.data_ptr<float>(), *vp = values.data_ptr<float>();
    float *sp = scores.data_ptr<float>(), *op = out.data_ptr<float>();
    const int64_t kb = keys.stride(0), kh = keys.stride(1), ks = keys.stride(2);
    const int64_t vb = values.stride(0), vh = values.stride(1), vs = values.stride(2);
    const bool fast = active_isa() >= Isa::avx2;
    const int64_t grain = std::max<int64_t>(1, 4096 / std::max<int64_t>(1, s * groups * d));
    at::parallel_for(0, b * kv_heads, grain, [&](int64_t begin, int64_t end) {
        for (int64_t bh = begin; bh < end; ++bh) {
            const int64_t row = bh / kv_heads, head = bh % kv_heads;
            const float* k = kp + row * kb + head * kh;
            const float* m = mp ? mp + (mask_rows == 1 ? 0 : row) * s : nullptr;
            for (int64_t g = 0; g < groups; ++g) {
                const float* qg = qp + (bh * groups + g) * d;
                float* sg = sp + (bh * groups + g) * s;
#ifdef IPT_X86_KERNELS
                if (fast && d % 8 == 0)
                    scores_avx2(qg, k, ks, s, d, sg);
                else if (fast)
                    for (int64_t j = 0; j < s; ++j) sg[j] = dot_avx2(qg, k + j * ks, d);
                else
#endif
                    for (int64_t j = 0; j < s; ++j) sg[j] = dot_plain(qg, k + j * ks, d);
                if (m)
                    for (int64_t j = 0; j < s; ++j) sg[j] += m[j];
            }
        }
    });
    at::_softmax_out(scores, scores, -1, false);
    at::parallel_for(0, b * kv_heads, grain, [&](int64_t begin, int64_t end) {
        for (int64_t bh = begin; bh < end; ++bh) {
            const float* v = vp + (bh / kv_heads) * vb + (bh % kv_heads) * vh;
            for (int64_t g = 0; g < groups; ++g) {
                const float* pg = sp + (bh * groups + g) * s;
                float* og = op + (bh * groups + g) * d;
#ifdef IPT_X86_KERNELS
                if (fast) {
                    weighted_rows_any_avx2(pg, v, vs, s, og, d);
                    continue;
                }
#endif
                for (int64_t j = 0; j < s; ++j)
                    if (pg[j] != 0.0f) axpy_plain(pg[j], v + j * vs, og, d);  // a hidden key adds nothing
            }
        }
    });
    return out;
}

}  // namespace ipt::cpu
