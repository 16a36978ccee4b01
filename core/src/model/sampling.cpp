#include "ipt/model/sampling.h"

#include <ATen/ATen.h>

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

bool SamplingOptions::operator==(const SamplingOptions& o) const {
    return greedy == o.greedy && temperature == o.temperature && top_k == o.top_k && top_p == o.top_p &&
           repetition_penalty == o.repetition_penalty && seed == o.seed;
}

SamplingOptions sampling_for_temperature(float temperature, float top_p, int top_k, uint64_t seed) {
    SamplingOptions s;
    s.greedy = !(temperature > 0);
    if (!s.greedy) s.temperature = temperature;
    s.top_p = top_p;
    s.top_k = top_k;
    s.seed = seed;
    return s;
}

std::mt19937_64 sampling_rng(uint64_t seed, uint64_t stream) {
    std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                      static_cast<uint32_t>(stream), static_cast<uint32_t>(stream >> 32)};
    return std::mt19937_64(seq);
}

Sampler::Sampler(const SamplingOptions& options, uint64_t stream)
    : options_(options), rng_(sampling_rng(options.seed, stream)) {}

int32_t Sampler::sample(float* logits, int64_t vocab, const std::vector<int32_t>& history) {
    if (options_.repetition_penalty != 1.0f) {
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
    const bool truncated = (options_.top_k > 0 && options_.top_k < vocab) || options_.top_p < 1.0f;
    if (truncated) {
        auto by_logit = [&](int32_t a, int32_t b) {
            return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
        };
        if (options_.top_k > 0 && options_.top_k < vocab) {
            std::nth_element(candidates.begin(), candidates.begin() + options_.top_k, candidates.end(),
                             by_logit);
            candidates.resize(static_cast<size_t>(options_.top_k));
        }
        std::sort(candidates.begin(), candidates.end(), by_logit);
    }

    const double max_logit = *std::max_element(logits, logits + vocab);
    std::vector<double> probs(candidates.size());
    double total = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
        probs[i] = std::exp((double(logits[candidates[i]]) - max_logit) / options_.temperature);
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
    double draw = std::uniform_real_distribution<double>(0.0, 1.0)(rng_) * kept_total;
    double cumulative = 0;
    for (size_t i = 0; i < keep; ++i) {
        cumulative += probs[i];
        if (cumulative > draw) return candidates[i];
    }
    return candidates[keep - 1];
}

namespace {

std::vector<int32_t> to_ids(const at::Tensor& ids) {
    at::Tensor host = ids.to(at::kCPU).to(at::kLong).contiguous();
    const int64_t* p = host.data_ptr<int64_t>();
    return std::vector<int32_t>(p, p + host.numel());
}

// The index of the first cumulative weight above each row's draw: [rows] int64.
at::Tensor pick(const at::Tensor& cumulative, const at::Tensor& draws, const at::Tensor& last) {
    at::Tensor index = cumulative.le(draws.unsqueeze(1)).sum(-1);
    return at::minimum(index, last);
}

// Rows sharing one set of options: logits [n, vocab] float32, draws u in [0, 1).
at::Tensor sample_group(const at::Tensor& logits, const SamplingOptions& o, const std::vector<double>& u) {
    const int64_t n = logits.size(0), vocab = logits.size(1);
    const auto dev = logits.device();
    at::Tensor draws = at::tensor(u, at::TensorOptions().dtype(at::kDouble)).to(dev);
    at::Tensor scores = logits.to(at::kDouble);
    at::Tensor top = std::get<0>(scores.max(-1, /*keepdim=*/true));
    const bool use_k = o.top_k > 0 && o.top_k < vocab, use_p = o.top_p < 1.0f;
    if (!use_k && !use_p) {
        // The whole vocabulary in id order: no ranking needed.
        at::Tensor cumulative = scores.sub(top).div_(o.temperature).exp_().cumsum(-1);
        at::Tensor kept = cumulative.select(1, vocab - 1);
        at::Tensor last = at::full({n}, vocab - 1, at::TensorOptions().dtype(at::kLong).device(dev));
        return pick(cumulative, draws.mul(kept), last);
    }
    // Partial selection: the top k only; for top-p without top-k, k grows until every row's kept
    // prefix lies inside it.
    at::Tensor full_mass;
    if (!use_k) full_mass = scores.sub(top).div_(o.temperature).exp_().sum(-1);
    int64_t k = use_k ? o.top_k : std::min<int64_t>(vocab, 64);
    while (true) {
        auto [values, ids] = scores.topk(k, -1, /*largest=*/true, /*sorted=*/true);
        at::Tensor probs = values.sub(top).div_(o.temperature).exp_();  // [n, k], descending
        at::Tensor cumulative = probs.cumsum(-1);
        at::Tensor keep = at::full({n}, k, at::TensorOptions().dtype(at::kLong).device(dev));
        if (use_p) {
            at::Tensor mass = use_k ? cumulative.select(1, k - 1) : full_mass;
            at::Tensor share = cumulative.div(mass.unsqueeze(1));
            if (!use_k && k < vocab && !share.select(1, k - 1).ge(o.top_p).all().item<bool>()) {
                k = std::min(vocab, 4 * k);
                continue;
            }
            // The first index whose cumulative share reaches top_p, plus one.
            keep = at::minimum(share.lt(o.top_p).sum(-1).add(1), keep);
        }
        at::Tensor last = keep.sub(1);
        at::Tensor kept = cumulative.gather(1, last.unsqueeze(1)).squeeze(1);
        at::Tensor index = pick(cumulative, draws.mul(kept), last);
        return ids.gather(1, index.unsqueeze(1)).squeeze(1);
    }
}

}  // namespace

std::vector<int32_t> sample_rows(at::Tensor& logits, const at::Tensor& seen,
                                 const std::vector<SampledRow>& rows) {
    const int64_t n = static_cast<int64_t>(rows.size());
    if (logits.dim() != 2 || logits.size(0) != n)
        throw UsageError("sample_rows: logits must be [rows, vocab] with one row per entry");
    std::vector<int32_t> out(rows.size(), 0);
    std::vector<bool> done(rows.size(), false);
    for (size_t first = 0; first < rows.size(); ++first) {
        if (done[first]) continue;
        const SamplingOptions& o = *rows[first].options;
        std::vector<int64_t> members;
        for (size_t r = first; r < rows.size(); ++r)
            if (!done[r] && *rows[r].options == o) {
                members.push_back(static_cast<int64_t>(r));
                done[r] = true;
            }
        const bool all = static_cast<int64_t>(members.size()) == n;
        at::Tensor index =
            all ? at::Tensor()
                : at::tensor(members, at::TensorOptions().dtype(at::kLong)).to(logits.device());
        at::Tensor group = all ? logits : logits.index_select(0, index);
        if (o.repetition_penalty != 1.0f) {
            if (!seen.defined()) throw UsageError("sample_rows: a repetition penalty needs the seen tokens");
            at::Tensor mark = all ? seen : seen.index_select(0, index);
            const double p = o.repetition_penalty;
            group = at::where(mark, at::where(group.gt(0), group.div(p), group.mul(p)), group);
        }
        at::Tensor ids;
        if (o.greedy) {
            ids = group.argmax(-1);
        } else {
            std::vector<double> u;
            for (int64_t r : members)
                u.push_back(std::uniform_real_distribution<double>(0.0, 1.0)(*rows[r].rng));
            ids = sample_group(group, o, u);
        }
        const std::vector<int32_t> picked = to_ids(ids);
        for (size_t i = 0; i < members.size(); ++i) out[static_cast<size_t>(members[i])] = picked[i];
    }
    return out;
}

}  // namespace ipt
