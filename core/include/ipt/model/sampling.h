#pragma once
// Choosing the next token from logits. Random draws come from a host RNG per sequence (seeded by the
// seed and the sequence's stream), so a seed gives the same tokens on every device and LibTorch version.
// Two implementations of one rule: `Sampler` on a host row (the reference, plain C++), and
// `sample_rows` on a [rows, vocab] tensor where the logits live (what generation runs: argmax for
// greedy rows, partial selection for top-k / top-p, only the chosen ids come back to the host).
//
// The rule: the repetition penalty first (as in CTRL and transformers), then greedy takes the first
// most likely token; sampling with top-k and/or top-p ranks candidates by logit (descending) and keeps
// the top k, then the shortest prefix whose probability reaches top-p; without either it keeps the whole
// vocabulary in id order. One uniform draw u in [0, 1) per token picks the first candidate whose
// cumulative weight exceeds u times the kept weight.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <random>
#include <vector>

namespace ipt {

struct SamplingOptions {
    bool greedy = true;
    float temperature = 1.0f;
    int top_k = 0;                    // 0: off
    float top_p = 1.0f;               // 1: off
    float repetition_penalty = 1.0f;  // 1: off; >1 discourages tokens already in the sequence
    uint64_t seed = 0;

    void validate() const;  // throws UsageError naming the bad option
    bool operator==(const SamplingOptions& other) const;
};

// Sampling settings as front-ends spell them: a temperature of 0 or below means greedy (the method's
// and the OpenAI API's convention), above 0 sampling at that temperature.
SamplingOptions sampling_for_temperature(float temperature, float top_p = 1.0f, int top_k = 0,
                                         uint64_t seed = 0);

// The random stream of sequence `stream` for `seed`.
std::mt19937_64 sampling_rng(uint64_t seed, uint64_t stream);

class Sampler {
  public:
    // `stream` separates the random streams of sequences in one batch: sequence i of a batch draws the
    // same numbers as the same prompt generated alone with stream i.
    Sampler(const SamplingOptions& options, uint64_t stream = 0);
    // `logits` is modified in place (penalty, temperature). `history` lists the tokens seen so far.
    int32_t sample(float* logits, int64_t vocab, const std::vector<int32_t>& history);

  private:
    SamplingOptions options_;
    std::mt19937_64 rng_;
};

// One row of a batch to sample: its settings and its random stream (unused by greedy rows).
struct SampledRow {
    const SamplingOptions* options = nullptr;
    std::mt19937_64* rng = nullptr;
};

// Picks a token for each row of `logits` ([rows.size(), vocab], float32, on any device; modified in
// place by the penalty). `seen` ([rows, vocab] bool, same device) marks each row's tokens so far, for the
// repetition penalty; it may be undefined when no row has a penalty. Returns the ids, on the host.
std::vector<int32_t> sample_rows(at::Tensor& logits, const at::Tensor& seen,
                                 const std::vector<SampledRow>& rows);

}  // namespace ipt
