// Multiple-choice scoring speed: the shared context run once with its KV cache reused by every choice,
// against scoring each (context, choice) pair in full, in one run on the same items. Prints items/s.
#include <ATen/ATen.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "ipt/eval/scorer.h"
#include "ipt/model/decoder.h"
#include "ipt/model/model_config.h"
#include "ipt/model/runtime.h"
#include "ipt/text/tokenizer.h"

using namespace ipt;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    init_torch_threads();
    const std::string tokenizer_path = argc > 1 ? argv[1] : "../shared/fixtures/llama2-tokenizer.model";
    if (!std::filesystem::exists(tokenizer_path)) {
        std::fprintf(stderr, "tokenizer %s not found (pass its path)\n", tokenizer_path.c_str());
        return 1;
    }
    auto tok = load_tokenizer(tokenizer_path);
    ModelConfig c = model_preset("small-10m");
    Decoder model(c, at::TensorOptions().dtype(at::kFloat));
    model.init_weights(1);
    LoglikelihoodScorer scorer(model, *tok);

    // HellaSwag-like items: a paragraph of context (about 250 tokens) and four endings of a sentence.
    std::string context;
    for (int i = 0; i < 25; ++i)
        context += "The workers moved the heavy boxes into the truck before the rain started. ";
    context += "Then the driver";
    const std::vector<std::string> endings{" closed the doors and drove away to the warehouse.",
                                           " sat down and read a newspaper in the cab for an hour.",
                                           " called the office to say that the load was ready.",
                                           " opened an umbrella and walked to the shop across the street."};
    const int items = 12;
    auto time_it = [&](bool shared) {
        auto start = Clock::now();
        for (int i = 0; i < items; ++i) {
            if (shared)
                scorer.score_shared(context, endings);
            else
                scorer.score_pairs(std::vector<std::string>(endings.size(), context), endings);
        }
        return items / std::chrono::duration<double>(Clock::now() - start).count();
    };
    time_it(true);  // warm-up
    const double shared = std::max(time_it(true), time_it(true));
    const double separate = std::max(time_it(false), time_it(false));
    std::printf("model: small-10m (%.1fM parameters), context %zu tokens, 4 choices\n",
                model.parameter_count() / 1e6, tok->encode(context).size());
    std::printf("shared context (KV cache): %7.2f items/s\n", shared);
    std::printf("each choice separately:    %7.2f items/s\n", separate);
    std::printf("  ratio shared / separate: %7.2f\n", shared / separate);
    return 0;
}
