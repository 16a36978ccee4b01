// The workbench's side of bench/compare_engines: generation speed of one model folder, measured the way
// llama.cpp's llama-bench and llama-batched-bench measure theirs, one figure per line ("name value"):
//   decode_1      tokens/s of one sequence, 48 tokens decoded after a 64-token prompt (prefill excluded)
//   decode_8      tokens/s of 8 sequences together, the same
//   prefill_512   tokens/s of a 512-token prompt run through the model into an empty cache
//   prefill_1024  the same for 1024 tokens
//   greedy        the first 32 greedy ids after the prompt 1..16 (to check that the engines agree)
// Usage: engine_bench MODEL_DIR [--dtype NAME] [--threads N] [--only NAME] [--reference]
// --reference takes the general path instead of the CPU inference path (what the decoder ran before).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

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

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(
            stderr,
            "usage: engine_bench MODEL_DIR [--dtype NAME] [--threads N] [--only NAME] [--reference]\n");
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
        else {
            std::fprintf(stderr, "engine_bench: unknown argument '%s'\n", a.c_str());
            return 2;
        }
    }
    init_torch_threads(threads);
    LoadedModel loaded = load_hf_model(argv[1], load);
    const Decoder& model = *loaded.model;
    std::printf("# %s, %s, %d threads, %s, %s path\n", argv[1], dtype_name(model.dtype()).c_str(),
                at::get_num_threads(), cpu_features().c_str(), reference ? "reference" : "inference");
    auto wanted = [&](const char* name) { return only.empty() || only == name; };
    // With --reference the generator still runs the inference path; only prefill compares both.
    if (wanted("decode_1")) std::printf("decode_1 %.2f\n", decode_rate(model, 1));
    if (wanted("decode_8")) std::printf("decode_8 %.2f\n", decode_rate(model, 8));
    if (wanted("prefill_512")) std::printf("prefill_512 %.2f\n", prefill_rate(model, 512, reference));
    if (wanted("prefill_1024")) std::printf("prefill_1024 %.2f\n", prefill_rate(model, 1024, reference));
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
