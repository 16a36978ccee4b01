#include "ipt/model/sampling.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

#include "ipt/common/error.h"

namespace ipt {

void SamplingOptions::validate() const {
    if (greedy) return;
    if (!(temperature > 0)) throw UsageError("temperature must be > 0, got " + std::to_string(temperature));
    if (top_k < 0) throw UsageError("top-k must be >= 0, got " + std::to_string(top_k));
    if (!(top_p > 0 && top_p <= 1)) throw UsageError("top-p must be in (0, 1], got " + std::to_string(top_p));
    if (!(repetition_penalty > 0))
        throw UsageError("repetition penalty must be > 0, got " + std::to_string(repetition_penalty));
}

Sampler::Sampler(const SamplingOptions& options, uint64_t stream) : options_(options) {
    std::seed_seq seq{static_cast<uint32_t>(options.seed), static_cast<uint32_t>(options.seed >> 32),
                      static_cast<uint32_t>(stream), static_cast<uint32_t>(stream >> 32)};
    rng_.seed(seq);
}

int32_t Sampler::sample(float* logits, int64_t vocab, const std::vector<int32_t>& history) {
    if (options_.repetition_penalty != 1.0f) {
        // As in CTRL and transformers: shrink the score of every token already present.
        std::unordered_set<int32_t> seen(history.begin(), history.end());
        for (int32_t id : seen) {
            if (id < 0 || id >= vocab) continue;
            logits[id] = logits[id] > 0 ? logits[id] / options_.repetition_penalty
                                        : logits[id] * options_.repetition_penalty;
        }
    }
    if (options_.greedy) return static_cast<int32_t>(std::max_element(logits, logits + vocab) - logits);

    std::vector<int32_t> candidates(static_cast<size_t>(vocab));
    std::iota(candidates.begin(), candidates.end(), 0);
    auto by_logit = [&](int32_t a, int32_t b) {
        return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
    };
    if (options_.top_k > 0 && options_.top_k < vocab) {
        std::nth_element(candidates.begin(), candidates.begin() + options_.top_k, candidates.end(), by_logit);
        candidates.resize(static_cast<size_t>(options_.top_k));
    }
    std::sort(candidates.begin(), candidates.end(), by_logit);

    const double max_logit = logits[candidates.front()];
    std::vector<double> probs(candidates.size());
    double total = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
        probs[i] = std::exp((logits[candidates[i]] - max_logit) / options_.temperature);
        total += probs[i];
    }
    size_t keep = candidates.size();
    if (options_.top_p < 1.0f) {
        // The smallest prefix of the sorted distribution whose mass reaches top_p.
        double mass = 0;
        for (size_t i = 0; i < candidates.size(); ++i) {
            mass += probs[i] / total;
            if (mass >= options_.top_p) {
                keep = i + 1;
                break;
            }
        }
    }
    double kept_total = std::accumulate(probs.begin(), probs.begin() + static_cast<long>(keep), 0.0);
    double draw = std::uniform_real_distribution<double>(0.0, kept_total)(rng_);
    for (size_t i = 0; i < keep; ++i) {
        draw -= probs[i];
        if (draw < 0) return candidates[i];
    }
    return candidates[keep - 1];
}

}  // namespace ipt
