#include "skinny_avx512.h"

#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define IPT_AVX512_KERNELS 1
#define IPT_AVX512 __attribute__((target("avx512f,avx2,fma,f16c")))
#endif

namespace ipt::cpu::avx512 {
namespace {

#ifdef IPT_AVX512_KERNELS

// Weight element types as stored: float32, and the raw 16-bit patterns of bfloat16 and float16.
struct Bf16 {
    uint16_t bits;
};
struct F16 {
    uint16_t bits;
};

IPT_AVX512 inline __m512 load16(const float* p) {
    return _mm512_loadu_ps(p);
}
IPT_AVX512 inline __m512 load16(const Bf16* p) {
    const __m256i raw = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(raw), 16));
}
IPT_AVX512 inline __m512 load16(const F16* p) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

inline float widen(float v) {
    return v;
}
inline float widen(Bf16 v) {
    const uint32_t u = uint32_t(v.bits) << 16;
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}
IPT_AVX512 inline float widen(F16 v) {
    return _cvtsh_ss(v.bits);
}

constexpr int kRows = 3;  // weight rows per call of the kernel

// x against weight rows [0, kRows), prefetching rows [kRows, 2 kRows) at the same offsets: the next
// call's weights arrive while this one multiplies. It is dot_tile<W, 1> below in another order (x loaded
// first, the weights read by the multiply-adds themselves), and kept apart because dot_tile<W, 1> in its
// place measured no faster than the AVX2 loop (llama-500m, one thread: 6.94-6.95 against 6.90-6.94
// tokens/s in float32, where this loop gave 7.34-7.35). Without the prefetch, bfloat16 weights decoded 15-20%
// slower (slower than the AVX2 loop too) and float32 ones 1-2% (measured as in skinny_avx512.h).
template <typename W>
IPT_AVX512 void dot_rows3(const float* x, const W* w, int64_t k, float* y) {
    __m512 acc[kRows];
#pragma GCC unroll 4
    for (int j = 0; j < kRows; ++j) acc[j] = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= k; i += 16) {
        const __m512 xv = _mm512_loadu_ps(x + i);
#pragma GCC unroll 4
        for (int j = 0; j < kRows; ++j) {
            _mm_prefetch(reinterpret_cast<const char*>(w + (kRows + j) * k + i), _MM_HINT_T0);
            acc[j] = _mm512_fmadd_ps(xv, load16(w + j * k + i), acc[j]);
        }
    }
    for (int j = 0; j < kRows; ++j) {
        float s = _mm512_reduce_add_ps(acc[j]);
        for (int64_t t = i; t < k; ++t) s += x[t] * widen(w[j * k + t]);
        y[j] = s;
    }
}

template <typename W>
IPT_AVX512 int64_t dot_one_row_of(const float* x, const W* w, int64_t k, float* y, int64_t begin,
                                  int64_t end) {
    int64_t j = begin;
    for (; j + kRows <= end; j += kRows) dot_rows3(x, w + j * k, k, y + j);
    return j;
}

// MR rows of x against kRows weight rows, the next kRows rows prefetched as in dot_rows3: each weight
// vector loaded serves MR rows, each x vector kRows weight rows (8 x 3: 11 loads for 24 multiply-adds;
// 24 sums, 3 weight vectors and one x vector fit the 32 registers).
template <typename W, int MR>
IPT_AVX512 void dot_tile(const float* x, const W* w, int64_t k, float* y, int64_t ldy) {
    __m512 acc[MR][kRows];
#pragma GCC unroll 8
    for (int m = 0; m < MR; ++m)
#pragma GCC unroll 4
        for (int j = 0; j < kRows; ++j) acc[m][j] = _mm512_setzero_ps();
    int64_t i = 0;
    // Unrolled by pragma: left as loops, GCC keeps the sums on the stack (as in the AVX2 tile).
    for (; i + 16 <= k; i += 16) {
        __m512 wv[kRows];
#pragma GCC unroll 4
        for (int j = 0; j < kRows; ++j) {
            _mm_prefetch(reinterpret_cast<const char*>(w + (kRows + j) * k + i), _MM_HINT_T0);
            wv[j] = load16(w + j * k + i);
        }
#pragma GCC unroll 8
        for (int m = 0; m < MR; ++m) {
            const __m512 xv = _mm512_loadu_ps(x + m * k + i);
#pragma GCC unroll 4
            for (int j = 0; j < kRows; ++j) acc[m][j] = _mm512_fmadd_ps(xv, wv[j], acc[m][j]);
        }
    }
    for (int m = 0; m < MR; ++m)
        for (int j = 0; j < kRows; ++j) {
            float s = _mm512_reduce_add_ps(acc[m][j]);
            for (int64_t t = i; t < k; ++t) s += x[m * k + t] * widen(w[j * k + t]);
            y[m * ldy + j] = s;
        }
}

template <typename W, int MR>
IPT_AVX512 int64_t tiles_of(const float* x, const W* w, int64_t k, float* y, int64_t ldy, int64_t begin,
                            int64_t end) {
    int64_t j = begin;
    for (; j + kRows <= end; j += kRows) dot_tile<W, MR>(x, w + j * k, k, y + j, ldy);
    return j;
}

template <typename W>
IPT_AVX512 int64_t tiles(const float* x, int64_t rows, const W* w, int64_t k, float* y, int64_t ldy,
                         int64_t begin, int64_t end) {
    switch (rows) {
        case 2:
            return tiles_of<W, 2>(x, w, k, y, ldy, begin, end);
        case 3:
            return tiles_of<W, 3>(x, w, k, y, ldy, begin, end);
        case 4:
            return tiles_of<W, 4>(x, w, k, y, ldy, begin, end);
        case 5:
            return tiles_of<W, 5>(x, w, k, y, ldy, begin, end);
        case 6:
            return tiles_of<W, 6>(x, w, k, y, ldy, begin, end);
        case 7:
            return tiles_of<W, 7>(x, w, k, y, ldy, begin, end);
        case 8:
            return tiles_of<W, 8>(x, w, k, y, ldy, begin, end);
        default:
            return begin;
    }
}

#endif  // IPT_AVX512_KERNELS

}  // namespace

bool available() {
#ifdef IPT_AVX512_KERNELS
    static const bool yes = __builtin_cpu_supports("avx512f");
    return yes;
#else
    return false;
#endif
}

int64_t dot_one_row(const float* x, const void* w, WeightType type, int64_t k, float* y, int64_t begin,
                    int64_t end) {
#ifdef IPT_AVX512_KERNELS
    switch (type) {
        case WeightType::f32:
            return dot_one_row_of(x, static_cast<const float*>(w), k, y, begin, end);
        case WeightType::bf16:
            return dot_one_row_of(x, static_cast<const Bf16*>(w), k, y, begin, end);
        case WeightType::f16:
            return dot_one_row_of(x, static_cast<const F16*>(w), k, y, begin, end);
    }
#endif
    (void)x, (void)w, (void)type, (void)k, (void)y, (void)end;
    return begin;
}

bool tiles_apply(int64_t weight_bytes, int64_t rows, int64_t k) {
    constexpr int64_t kFirstLevelShare = 16 << 10;  // bytes of x
    return weight_bytes == 2 && rows >= 2 && rows <= 8 &&
           rows * k * int64_t(sizeof(float)) <= kFirstLevelShare;
}

int64_t dot_tiles(const float* x, int64_t rows, const void* w, WeightType type, int64_t k, float* y,
                  int64_t ldy, int64_t begin, int64_t end) {
#ifdef IPT_AVX512_KERNELS
    switch (type) {
        case WeightType::f32:
            return tiles(x, rows, static_cast<const float*>(w), k, y, ldy, begin, end);
        case WeightType::bf16:
            return tiles(x, rows, static_cast<const Bf16*>(w), k, y, ldy, begin, end);
        case WeightType::f16:
            return tiles(x, rows, static_cast<const F16*>(w), k, y, ldy, begin, end);
    }
#endif
    (void)x, (void)rows, (void)w, (void)type, (void)k, (void)y, (void)ldy, (void)end;
    return begin;
}

}  // namespace ipt::cpu::avx512
