// The workbench's side of bench/compare_engines: generation speed of one model folder, measured the way
// llama.cpp's llama-bench and llama-batched-bench measure theirs, one figure per line ("name value"):
//   decode_1      tokens/s of one sequence, 48 tokens decoded after a 64-token prompt (prefill excluded)
//   decode_8      tokens/s of 8 sequences together, the same
//   prefill_512   tokens/s of a 512-token prompt run through the model into an empty cache
//   prefill_1024  the same for 1024 tokens
//   greedy        the first 32 greedy ids after the prompt 1..16 (to check that the engines agree)
//   step_bytes    bytes of weights one decoding step reads: every parameter but the embedding table, of
//                 which a step reads one row per sequence (a tied head reads it all, counted once)
//   memory_read_gbps  GB/s these threads read from a buffer far larger than the caches, best of 5, in
//                 huge pages as the model's weights lie (HugePageRegion): with step_bytes, the ceiling
//                 no engine's decoding passes on this machine
//   memory_read_4k_gbps  the same from ordinary 4 KiB pages (a malloc'd buffer, an mmap'd file)
//   fma_gflops    float32 GFLOP/s these threads multiply-add with everything in registers, best of 5, in
//                 the widest registers the kernels use (AVX2, or AVX-512 where the CPU has it): with the
//                 step's parameters (2 FLOP each per token), the ceiling of arithmetic
// Usage: engine_bench MODEL_DIR [--dtype NAME] [--threads N] [--only NAME] [--reference] [--isa NAME]
// --reference takes the general path instead of the CPU inference path (what the decoder ran before).
// --isa plain|avx2|avx512 holds the CPU kernels to that version or below (the best the CPU runs unless
// given), to measure one version against another on the same machine.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#define IPT_BENCH_AVX2 __attribute__((target("avx2")))
#define IPT_BENCH_FMA __attribute__((target("avx2,fma")))
#define IPT_BENCH_AVX512 __attribute__((target("avx512f")))
#else
#define IPT_BENCH_AVX2
#define IPT_BENCH_FMA
#define IPT_BENCH_AVX512
#endif

#include "../core/src/model/cpu_kernels.h"  // the kernels' versions (--isa), as the tests use them
#include "ipt/common/huge_page_region.h"
#include "ipt/model/decoder.h"
#include "ipt/model/generator.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/kv_cache.h"
#include "ipt/model/runtime.h"

using namespace ipt;
using Clock = std::chrono::steady_clock;

namespace {

TokenIds prompt_of(int64_t length, int64_t seed, int64_t vocab) {
    TokenIds ids;
    for (int64_t i = 0; i < length; ++i)
        ids.push_back(static_cast<int32_t>((i * 7919 + seed * 104729) % (vocab - 3) + 3));
    return ids;
}

double decode_rate(const Decoder& model, int64_t batch) {
    std::vector<TokenIds> prompts;
    for (int64_t b = 0; b < batch; ++b) prompts.push_back(prompt_of(64, b, model.config().vocab_size));
    GenerationOptions options;
    options.max_new_tokens = 49;
    options.stop_at_eos = false;
    Clock::time_point first, last;
    int64_t events = 0;
    Generator(model).generate(prompts, options, [&](const TokenEvent&) {
        last = Clock::now();
        // The clock starts once every sequence has its first token (the end of the prefills).
        if (++events == batch) first = last;
    });
    return double(batch) * 48.0 / std::chrono::duration<double>(last - first).count();
}

double prefill_rate(const Decoder& model, int64_t tokens, bool reference) {
    const TokenIds prompt = prompt_of(tokens, 1, model.config().vocab_size);
    std::vector<int64_t> ids(prompt.begin(), prompt.end());
    at::Tensor input = at::tensor(ids, at::TensorOptions().dtype(at::kLong)).view({1, tokens});
    c10::InferenceMode inference;
    KvCache cache(model.config(), 1, tokens, at::TensorOptions().dtype(model.inference_dtype()));
    ForwardOptions options;
    options.cache = &cache;
    options.last_position_only = true;
    options.reference_path = reference;
    const auto start = Clock::now();
    model.forward(input, options);
    return double(tokens) / std::chrono::duration<double>(Clock::now() - start).count();
}

int64_t step_bytes(const Decoder& model) {
    int64_t bytes = 0;
    for (const auto& [name, tensor] : model.named_parameters())
        if (name != "model.embed_tokens.weight" || model.config().tie_word_embeddings)
            bytes += tensor.numel() * static_cast<int64_t>(tensor.element_size());
    return bytes;
}

// Reads a buffer far larger than the caches, each thread its own contiguous stretch, with 32-byte loads
// into four sums (as the decoder's kernels read weights): what memory delivers to these cores.
IPT_BENCH_AVX2 uint64_t sum_words(const uint64_t* p, int64_t n) {
#if defined(__x86_64__)
    __m256i a = _mm256_setzero_si256(), b = a, c = a, d = a;
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        a = _mm256_add_epi64(a, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i)));
        b = _mm256_add_epi64(b, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 4)));
        c = _mm256_add_epi64(c, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 8)));
        d = _mm256_add_epi64(d, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 12)));
    }
    alignas(32) uint64_t lanes[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes),
                       _mm256_add_epi64(_mm256_add_epi64(a, b), _mm256_add_epi64(c, d)));
    uint64_t s = lanes[0] + lanes[1] + lanes[2] + lanes[3];
#else
    uint64_t s = 0;
    int64_t i = 0;
#endif
    for (; i < n; ++i) s += p[i];
    return s;
}

// Multiply-adds of 8 floats into 10 independent sums (more than the FMA units' latency times their
// number, so that they never wait on each other), `steps` times: 160 FLOP a step.
IPT_BENCH_FMA float fma_loop(int64_t steps, float seed) {
#if defined(__x86_64__)
    __m256 acc[10];
    for (int i = 0; i < 10; ++i) acc[i] = _mm256_set1_ps(seed + float(i));
    const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    // Unrolled by pragma: left as a loop, GCC -O2 keeps the sums on the stack.
    for (int64_t s = 0; s < steps; ++s) {
#pragma GCC unroll 10
        for (int i = 0; i < 10; ++i) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
    }
    __m256 sum = acc[0];
    for (int i = 1; i < 10; ++i) sum = _mm256_add_ps(sum, acc[i]);
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, sum);
    return lanes[0];
#else
    float acc = seed;
    for (int64_t s = 0; s < steps * 80; ++s) acc = acc * 0.999999f + 1e-7f;
    return acc;
#endif
}

// The same in 16-float registers, half the steps (the same 160 FLOP a step of the other loop, so the
// two take the same arithmetic): on a CPU with AVX-512 the kernels' ceiling of arithmetic is this one.
IPT_BENCH_AVX512 float fma_loop_avx512(int64_t steps, float seed) {
#if defined(__x86_64__)
    __m512 acc[10];
    for (int i = 0; i < 10; ++i) acc[i] = _mm512_set1_ps(seed + float(i));
    const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
    for (int64_t s = 0; s < steps / 2; ++s) {
#pragma GCC unroll 10
        for (int i = 0; i < 10; ++i) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
    }
    __m512 sum = acc[0];
    for (int i = 1; i < 10; ++i) sum = _mm512_add_ps(sum, acc[i]);
    return _mm512_reduce_add_ps(sum);
#else
    return fma_loop(steps, seed);
#endif
}

// Runs work(t) on `threads` plain threads (t = 0 .. threads - 1), 5 times; returns the shortest wall
// time in seconds. Plain threads: at::parallel_for runs serially in a file not compiled with OpenMP
// (core/CMakeLists.txt says why), as this one is not.
double shortest_on_threads(int threads, const std::function<void(int)>& work) {
    double shortest = 1e30;
    for (int repeat = 0; repeat < 5; ++repeat) {
        const auto start = Clock::now();
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t) workers.emplace_back([&, t] { work(t); });
        for (std::thread& w : workers) w.join();
        shortest = std::min(shortest, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return shortest;
}

double fma_gflops() {
    const int threads = std::max(1, at::get_num_threads());     // one per intra-op thread
    const int64_t steps = 50'000'000;                           // 8 GFLOP a thread, a few tenths of a second
    std::vector<float> sums(size_t(threads) * 16, 0.0f);        // a cache line each
    const bool avx512 = cpu::active_isa() == cpu::Isa::avx512;  // the widest registers the kernels use
    const double seconds = shortest_on_threads(threads, [&](int t) {
        sums[size_t(t) * 16] += avx512 ? fma_loop_avx512(steps, float(t)) : fma_loop(steps, float(t));
    });
    float total = 0;
    for (float s : sums) total += s;
    if (total == 42.0f) std::printf("#\n");  // keeps the sums, and so the arithmetic, alive
    return double(threads) * double(steps) * 160.0 / seconds / 1e9;
}

double memory_read_gbps(bool huge_pages) {
    // 2 GiB: 4x the largest last-level cache of these machines (480 MiB, shared with other tenants).
    const int64_t words = (int64_t(2048) << 20) / 8;
    std::vector<uint64_t> small_pages;
    std::shared_ptr<HugePageRegion> region;
    uint64_t* buffer;
    if (huge_pages) {
        region = HugePageRegion::allocate(size_t(words) * 8);
        buffer = reinterpret_cast<uint64_t*>(region->data());
    } else {
        small_pages.resize(size_t(words));
        buffer = small_pages.data();
    }
    for (int64_t i = 0; i < words; ++i) buffer[i] = uint64_t(i);
    const int threads = std::max(1, at::get_num_threads());  // one per intra-op thread
    std::vector<uint64_t> sums(size_t(threads) * 8, 0);      // a cache line each
    const double seconds = shortest_on_threads(threads, [&](int t) {
        const int64_t begin = words * t / threads, end = words * (t + 1) / threads;
        sums[size_t(t) * 8] += sum_words(buffer + begin, end - begin);
    });
    uint64_t total = 0;
    for (uint64_t s : sums) total += s;
    if (total == 42) std::printf("#\n");  // keeps the sums, and so the loads, alive
    return double(words * 8) / seconds / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: engine_bench MODEL_DIR [--dtype NAME] [--threads N] [--only NAME] [--reference] "
                     "[--isa plain|avx2|avx512]\n");
        return 2;
    }
    LoadOptions load;
    int threads = 0;
    std::string only;
    bool reference = false;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--dtype" && i + 1 < argc)
            load.dtype = parse_dtype(argv[++i]);
        else if (a == "--threads" && i + 1 < argc)
            threads = std::atoi(argv[++i]);
        else if (a == "--only" && i + 1 < argc)
            only = argv[++i];
        else if (a == "--reference")
            reference = true;
        else if (a == "--isa" && i + 1 < argc) {
            const std::string wanted = argv[++i];
            bool known = false;
            for (cpu::Isa isa : {cpu::Isa::plain, cpu::Isa::avx2, cpu::Isa::avx512})
                if (wanted == cpu::isa_name(isa)) {
                    cpu::set_isa_limit(isa);
                    known = true;
                }
            if (!known) {
                std::fprintf(stderr, "engine_bench: --isa takes plain, avx2 or avx512, not '%s'\n",
                             wanted.c_str());
                return 2;
            }
        } else {
            std::fprintf(stderr, "engine_bench: unknown argument '%s'\n", a.c_str());
            return 2;
        }
    }
    init_torch_threads(threads);
    LoadedModel loaded = load_hf_model(argv[1], load);
    const Decoder& model = *loaded.model;
    std::printf("# %s, %s, %d threads, %s, %s kernels, %s path\n", argv[1], dtype_name(model.dtype()).c_str(),
                at::get_num_threads(), cpu_features().c_str(), cpu::isa_name(cpu::active_isa()),
                reference ? "reference" : "inference");
    auto wanted = [&](const char* name) { return only.empty() || only == name; };
    // With --reference the generator still runs the inference path; only prefill compares both.
    if (wanted("decode_1")) std::printf("decode_1 %.2f\n", decode_rate(model, 1));
    if (wanted("decode_8")) std::printf("decode_8 %.2f\n", decode_rate(model, 8));
    if (wanted("prefill_512")) std::printf("prefill_512 %.2f\n", prefill_rate(model, 512, reference));
    if (wanted("prefill_1024")) std::printf("prefill_1024 %.2f\n", prefill_rate(model, 1024, reference));
    if (wanted("step_bytes")) std::printf("step_bytes %lld\n", static_cast<long long>(step_bytes(model)));
    if (wanted("memory_read_gbps")) std::printf("memory_read_gbps %.2f\n", memory_read_gbps(true));
    if (wanted("memory_read_4k_gbps")) std::printf("memory_read_4k_gbps %.2f\n", memory_read_gbps(false));
    if (wanted("fma_gflops")) std::printf("fma_gflops %.2f\n", fma_gflops());
    if (wanted("greedy")) {
        TokenIds prompt;
        for (int32_t i = 1; i <= 16; ++i) prompt.push_back(i);
        GenerationOptions options;
        options.max_new_tokens = 32;
        options.stop_at_eos = false;
        const Generation g = Generator(model).generate({prompt}, options)[0];
        std::printf("greedy");
        for (int32_t id : g.tokens) std::printf(" %d", id);
        std::printf("\n");
    }
    return 0;
}
