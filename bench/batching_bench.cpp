// Continuous batching against static batches on sequences of mixed length, measured in this run:
// 32 prompts of 24-120 tokens whose greedy continuations stop (at EOS) after 4 to 160 tokens. Static
// batching generates 8 prompts at a time and each batch waits for its longest sequence; continuous
// batching runs 8 slots and refills a slot as soon as its sequence stops. Prints both rates (generated
// tokens per second, prefill included) and their ratio.
// Usage: batching_bench [PRESET] (default small-10m, random weights)
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <string>

#include "ipt/model/decoder.h"
#include "ipt/model/generator.h"
#include "ipt/model/model_config.h"
#include "ipt/model/runtime.h"

using namespace ipt;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    init_torch_threads();
    const std::string preset = argc > 1 ? argv[1] : "small-10m";
    ModelConfig config = model_preset(preset);
    Decoder model(config, at::TensorOptions().dtype(at::kFloat));
    model.init_weights(3);
    const size_t n = 32, slots = 8;
    std::vector<TokenIds> prompts;
    for (size_t i = 0; i < n; ++i) {
        TokenIds p;
        for (size_t j = 0; j < 24 + (i * 37) % 97; ++j)
            p.push_back(static_cast<int32_t>((i * 7919 + j * 31) % 31000 + 3));
        prompts.push_back(p);
    }
    // Calibration: each prompt's greedy continuation; the token at a chosen, mixed length becomes an
    // EOS id. A sequence may meet another's EOS earlier: the lengths below are the ones generated.
    GenerationOptions options;
    options.max_new_tokens = 160;
    options.stop_at_eos = false;
    Generator generator(model);
    std::set<int32_t> eos;
    const auto free_run = generator.generate(prompts, options);
    for (size_t i = 0; i < n; ++i) {
        const size_t length = 4 + (i * i * 53) % 157;
        eos.insert(free_run[i].tokens[std::min(length, free_run[i].tokens.size()) - 1]);
    }
    options.stop_at_eos = true;
    options.eos_ids.assign(eos.begin(), eos.end());

    auto run_static = [&] {
        int64_t tokens = 0;
        for (size_t b = 0; b < n; b += slots) {
            std::vector<TokenIds> batch(prompts.begin() + b, prompts.begin() + std::min(n, b + slots));
            for (const auto& g : generator.generate(batch, options))
                tokens += static_cast<int64_t>(g.tokens.size());
        }
        return tokens;
    };
    auto run_continuous = [&] {
        GenerationOptions o = options;
        o.slot_count = slots;
        int64_t tokens = 0;
        for (const auto& g : generator.generate(prompts, o)) tokens += static_cast<int64_t>(g.tokens.size());
        return tokens;
    };
    auto rate = [](auto run, int64_t* tokens) {
        const auto start = Clock::now();
        *tokens = run();
        return double(*tokens) / std::chrono::duration<double>(Clock::now() - start).count();
    };
    std::vector<size_t> lengths;
    for (const auto& g : generator.generate(prompts, options)) lengths.push_back(g.tokens.size());
    std::sort(lengths.begin(), lengths.end());
    std::printf(
        "model: preset %s, float32, %d threads; %zu prompts, %zu slots; generated lengths min %zu, "
        "median %zu, max %zu\n",
        preset.c_str(), at::get_num_threads(), n, slots, lengths.front(), lengths[n / 2], lengths.back());
    double best_static = 0, best_continuous = 0;
    int64_t a = 0, b = 0;
    for (int repeat = 0; repeat < 3; ++repeat) {  // interleaved, best of three: the machine is shared
        best_static = std::max(best_static, rate(run_static, &a));
        best_continuous = std::max(best_continuous, rate(run_continuous, &b));
    }
    std::printf("static batches of %zu:        %8.1f tokens/s (%lld tokens)\n", slots, best_static,
                static_cast<long long>(a));
    std::printf("continuous batching, %zu slots: %8.1f tokens/s (%lld tokens)\n", slots, best_continuous,
                static_cast<long long>(b));
    std::printf("  ratio continuous / static:  %8.2f\n", best_continuous / best_static);
    return a == b ? 0 : 1;
}
