// Instruction synthesis speed. (1) Synthesis throughput in generated tokens/s through the whole path
// (prompt encoding, batched generation with the KV cache, parsing) at batch 8 against batch 1, on a
// randomly initialised decoder of the given preset. (2) Rule-based mining in MB/s against a reference
// in the same run: lower-casing each text and searching it once for every connective with
// std::string::find, the least any connective-based miner has to do.
#include <ATen/Parallel.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "ipt/model/decoder.h"
#include "ipt/model/model_config.h"
#include "ipt/model/runtime.h"
#include "ipt/synth/rule_miner.h"
#include "ipt/synth/synthesizer.h"
#include "ipt/text/tokenizer.h"

using namespace ipt;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

const char* const kSentences[] = {
    "The river rose after three days of rain, and the ferry stopped running until the water fell again.",
    "Therefore, the farmers moved their cattle to the hills before the bridge was closed.",
    "However, the old mill downstream kept working because its wheel sat above the flood line.",
    "Moreover, the town council opened the school gym as a shelter for families from the lower streets.",
    "The harvest was late due to the cold spring and the wet summer that followed it.",
    "A floodplain is defined as the flat land next to a river that is covered when the river overflows.",
    "In other words, it is the ground the river claims whenever it carries more water than its channel "
    "holds.",
    "Copper conducts electricity well, but silver conducts it even better at a much higher price.",
};

std::vector<std::string> make_texts(size_t count, size_t sentences) {
    std::vector<std::string> texts;
    const size_t n = sizeof kSentences / sizeof kSentences[0];
    for (size_t t = 0; t < count; ++t) {
        std::string text = "Report " + std::to_string(t) + " on the valley\n";
        for (size_t s = 0; s < sentences; ++s)
            text += std::string(s ? " " : "") + kSentences[(t * 3 + s) % n];
        texts.push_back(std::move(text));
    }
    return texts;
}

double synthesis_tokens_per_second(const Decoder& model, const Tokenizer& tokenizer, size_t batch,
                                   const std::vector<std::string>& texts, int64_t new_tokens) {
    GeneratorSynthesisModel synthesis(model, tokenizer);
    SynthesizerOptions options;
    options.rounds = 1;
    options.batch = batch;
    options.max_new_tokens = new_tokens;
    Synthesizer synthesizer(synthesis, options);
    std::vector<SynthInput> inputs;
    for (size_t i = 0; i < texts.size(); ++i)
        inputs.push_back({std::to_string(i), texts[i], PairStatus::Ok, {}});
    std::vector<PairRecord> records;
    const auto start = Clock::now();
    synthesizer.run(inputs, &records, {});
    return double(synthesizer.counters().generated_tokens) / seconds_since(start);
}

size_t connective_reference(const std::vector<std::string>& texts) {
    std::vector<std::string> all;
    for (const auto* family : {&Connectives::entail(), &Connectives::contradict(), &Connectives::neutral(),
                               &Connectives::cause(), &Connectives::paraphrase()})
        all.insert(all.end(), family->begin(), family->end());
    size_t hits = 0;
    for (const std::string& text : texts) {
        std::string low = text;
        std::transform(low.begin(), low.end(), low.begin(), [](unsigned char c) { return std::tolower(c); });
        for (const std::string& c : all)
            for (size_t at = low.find(c); at != std::string::npos; at = low.find(c, at + c.size())) ++hits;
    }
    return hits;
}

}  // namespace

int main(int argc, char** argv) {
    init_torch_threads();
    const std::string tokenizer_path = argc > 1 ? argv[1] : IPT_FIXTURES_DIR "/llama2-tokenizer.model";
    const std::string preset = argc > 2 ? argv[2] : "small-10m";
    auto tokenizer = load_tokenizer(tokenizer_path);

    ModelConfig config = model_preset(preset);
    Decoder model(config, at::TensorOptions().dtype(at::kFloat));
    model.init_weights(1);
    std::printf("synthesis: preset %s (%.1fM parameters), float32, %d threads\n", preset.c_str(),
                model.parameter_count() / 1e6, at::get_num_threads());
    const std::vector<std::string> texts = make_texts(16, 2);
    const int64_t new_tokens = 32;
    synthesis_tokens_per_second(model, *tokenizer, 8, make_texts(8, 1), 4);  // warm-up
    double one = 0, eight = 0;
    for (int i = 0; i < 2; ++i) {  // best of two: interference only ever slows a run down
        one = std::max(one, synthesis_tokens_per_second(model, *tokenizer, 1, texts, new_tokens));
        eight = std::max(eight, synthesis_tokens_per_second(model, *tokenizer, 8, texts, new_tokens));
    }
    std::printf("16 texts, %lld new tokens each, greedy\n", static_cast<long long>(new_tokens));
    std::printf("batch 1: %8.1f generated tokens/s\n", one);
    std::printf("batch 8: %8.1f generated tokens/s\n", eight);
    std::printf("  ratio batch-8 / batch-1: %6.2f\n", eight / one);

    const std::vector<std::string> corpus = make_texts(8000, 6);
    size_t bytes = 0;
    for (const auto& t : corpus) bytes += t.size();
    double mined = 0, scanned = 0;
    size_t pairs = 0, hits = 0;
    for (int i = 0; i < 3; ++i) {
        auto start = Clock::now();
        pairs = 0;
        for (const std::string& t : corpus) pairs += mine_rule_pairs(t).size();
        mined = std::max(mined, double(bytes) / 1e6 / seconds_since(start));
        start = Clock::now();
        hits = connective_reference(corpus);
        scanned = std::max(scanned, double(bytes) / 1e6 / seconds_since(start));
    }
    std::printf("rule mining: %.1f MB in %zu texts, %zu pairs (%zu connective hits)\n", double(bytes) / 1e6,
                corpus.size(), pairs, hits);
    std::printf("miner:                       %8.2f MB/s\n", mined);
    std::printf("reference (find per connective): %8.2f MB/s\n", scanned);
    std::printf("  ratio miner / reference: %6.2f\n", mined / scanned);
    return 0;
}
