#pragma once
// Choosing the next token from a row of logits. Runs on the host in plain C++ with its own RNG, so a
// seed gives the same tokens on every device and LibTorch version.
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
};

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

}  // namespace ipt
