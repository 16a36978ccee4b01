#include "ipt/vocab/focus_initializer.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <c10/core/GradMode.h>

#include "ipt/common/error.h"
#include "ipt/vocab/embedding_initializer.h"

namespace ipt {
namespace {

// Centre positions with their context windows, in compact ids (rows of the static matrix).
struct Windows {
    std::vector<int64_t> centres;
    std::vector<int64_t> contexts;  // centres.size() x 2*window, -1 where the window leaves the text
};

Windows build_windows(const std::vector<std::vector<int64_t>>& texts, int64_t window) {
    Windows w;
    for (const auto& t : texts) {
        const auto n = static_cast<int64_t>(t.size());
        if (n < 2) continue;
        for (int64_t i = 0; i < n; ++i) {
            w.centres.push_back(t[size_t(i)]);
            for (int64_t o = -window; o <= window; ++o) {
                if (o == 0) continue;
                const int64_t j = i + o;
                w.contexts.push_back(j >= 0 && j < n ? t[size_t(j)] : -1);
            }
        }
    }
    return w;
}

struct Adam {
    at::Tensor m, v;
    int64_t step = 0;
    void update(at::Tensor& param, const at::Tensor& grad, double lr) {
        if (!m.defined()) {
            m = at::zeros_like(param);
            v = at::zeros_like(param);
        }
        ++step;
        m.mul_(0.9).add_(grad, 0.1);
        v.mul_(0.999).addcmul_(grad, grad, 0.001);
        const double c1 = 1 - std::pow(0.9, double(step)), c2 = 1 - std::pow(0.999, double(step));
        param.sub_(m / c1 / ((v / c2).sqrt() + 1e-8) * lr);
    }
};

}  // namespace

at::Tensor sparsemax(const at::Tensor& z) {
    if (z.dim() != 1 || z.numel() == 0) throw UsageError("sparsemax: expected a non-empty 1-D tensor");
    const at::Tensor x = z.to(at::kDouble);
    const at::Tensor sorted = std::get<0>(x.sort(0, /*descending=*/true));
    const at::Tensor cumulative = sorted.cumsum(0);
    const at::Tensor k = at::arange(1, x.numel() + 1, x.options());
    const at::Tensor support = (1 + k * sorted) > cumulative;
    const int64_t size = support.sum().item<int64_t>();
    const double tau = (cumulative[size - 1].item<double>() - 1.0) / double(size);
    return (x - tau).clamp_min(0).to(z.scalar_type());
}

StaticEmbeddings train_static_embeddings(const std::vector<TokenIds>& corpus, const StaticEmbeddingOptions& o,
                                         const ProgressSink& progress, const CancelToken* cancel) {
    StaticEmbeddings out;
    std::vector<std::vector<int64_t>> texts;
    for (const auto& ids : corpus) {
        std::vector<int64_t> t;
        for (int32_t id : ids) {
            auto [it, added] = out.row.emplace(id, static_cast<int64_t>(out.count.size()));
            if (added) out.count.push_back(0);
            ++out.count[size_t(it->second)];
            t.push_back(it->second);
        }
        texts.push_back(std::move(t));
    }
    const auto vocab = static_cast<int64_t>(out.count.size());
    const Windows w = build_windows(texts, o.window);
    const auto positions = static_cast<int64_t>(w.centres.size());
    if (positions == 0) throw UsageError("static embeddings: the corpus has no text of two tokens or more");
    const auto f32 = at::TensorOptions().dtype(at::kFloat);
    const auto i64 = at::TensorOptions().dtype(at::kLong);
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(o.seed);
    at::Tensor in = (at::rand({vocab, o.dimension}, gen, f32) - 0.5) / double(o.dimension);
    at::Tensor outw = at::zeros({vocab, o.dimension}, f32);
    // word2vec's noise distribution: unigram counts to the power 3/4.
    at::Tensor noise = at::tensor(out.count, i64).to(at::kDouble).pow(0.75);
    const at::Tensor centres = at::tensor(w.centres, i64);
    const at::Tensor contexts = at::tensor(w.contexts, i64).view({positions, 2 * o.window});
    const int64_t steps_per_epoch = (positions + o.batch - 1) / o.batch;
    const int64_t steps = std::min(o.max_steps, std::max<int64_t>(1, steps_per_epoch * o.epochs));
    Adam adam_in, adam_out;
    for (int64_t step = 0; step < steps; ++step) {
        if (cancel) cancel->throw_if_cancelled();
        const at::Tensor pick = at::randint(positions, {std::min(o.batch, positions)}, gen, i64);
        const at::Tensor c = centres.index_select(0, pick);
        const at::Tensor ctx = contexts.index_select(0, pick);
        const at::Tensor valid = ctx.ge(0).to(at::kFloat);  // [B, C]
        const at::Tensor safe = ctx.clamp_min(0);
        const at::Tensor negatives =
            at::multinomial(noise, c.size(0) * o.negatives, true, gen).view({c.size(0), o.negatives});
        at::Tensor in_leaf = in.detach().requires_grad_(true);
        at::Tensor out_leaf = outw.detach().requires_grad_(true);
        const at::Tensor denom = valid.sum(1, true).clamp_min(1);
        const at::Tensor h =
            (in_leaf.index_select(0, safe.flatten()).view({c.size(0), -1, o.dimension}) * valid.unsqueeze(-1))
                .sum(1) /
            denom;  // [B, d]
        const at::Tensor pos = (h * out_leaf.index_select(0, c)).sum(-1);
        const at::Tensor neg =
            at::bmm(out_leaf.index_select(0, negatives.flatten()).view({c.size(0), o.negatives, -1}),
                    h.unsqueeze(-1))
                .squeeze(-1);
        const at::Tensor loss = -(at::log_sigmoid(pos) + at::log_sigmoid(-neg).sum(-1)).mean();
        loss.backward();
        {
            c10::NoGradGuard no_grad;
            adam_in.update(in, in_leaf.grad(), o.lr);
            adam_out.update(outw, out_leaf.grad(), o.lr);
        }
        if (step % 50 == 0 || step + 1 == steps)
            report(progress, "training static embeddings (FOCUS)", step + 1, steps);
    }
    out.vectors = in;
    return out;
}

at::Tensor focus_rows(const at::Tensor& source, const StaticEmbeddings& embeddings, const TokenIds& new_ids,
                      const TokenIds& anchors, const std::vector<TokenIds>& fallback) {
    std::vector<int64_t> anchor_rows, anchor_ids;
    for (int32_t a : anchors) {
        auto it = embeddings.row.find(a);
        if (it == embeddings.row.end()) continue;
        anchor_rows.push_back(it->second);
        anchor_ids.push_back(a);
    }
    std::vector<at::Tensor> rows;
    at::Tensor anchor_vectors, anchor_source;
    if (!anchor_rows.empty()) {
        const at::Tensor v = embeddings.vectors.index_select(0, at::tensor(anchor_rows));
        anchor_vectors = v / v.norm(2, 1, true).clamp_min(1e-12);
        anchor_source = source.index_select(0, at::tensor(anchor_ids).to(source.device())).to(at::kFloat);
    }
    for (size_t i = 0; i < new_ids.size(); ++i) {
        auto it = embeddings.row.find(new_ids[i]);
        if (it == embeddings.row.end() || anchor_rows.empty()) {
            rows.push_back(mean_of_rows(source, i < fallback.size() ? fallback[i] : TokenIds{}));
            continue;
        }
        at::Tensor v = embeddings.vectors[it->second];
        v = v / v.norm().clamp_min(1e-12);
        const at::Tensor weights = sparsemax(at::mv(anchor_vectors, v));
        rows.push_back(at::mv(anchor_source.t(), weights.to(anchor_source.device())));
    }
    if (rows.empty()) return at::empty({0, source.size(1)}, source.options().dtype(at::kFloat));
    return at::stack(rows);
}

}  // namespace ipt
