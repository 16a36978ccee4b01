#include "ipt/model/attention.h"

#include <ATen/ATen.h>
#include <torch/version.h>

#include <limits>

#include "ipt/model/decoder.h"

// scaled_dot_product_attention arrived in LibTorch 2.0; its enable_gqa flag (key/value heads shared by
// groups of query heads, without copies) in 2.5.
#if TORCH_VERSION_MAJOR >= 2
#define IPT_HAVE_SDPA 1
#endif
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 5)
#define IPT_HAVE_SDPA_GQA 1
#endif

namespace ipt {

bool fused_attention_available() {
#ifdef IPT_HAVE_SDPA
    return true;
#else
    return false;
#endif
}

AttentionMask make_attention_mask(const ModelConfig& config, int64_t batch, int64_t past, int64_t t,
                                  const at::Tensor& padding, const at::Device& device,
                                  const AttentionOptions& options) {
    AttentionMask mask;
    mask.fused = fused_attention_available() && options.kernel == AttentionKernel::automatic &&
                 !(options.training && options.dropout > 0);
    mask.queries = t;
    const int64_t s = past + t;
    const bool windowed = config.sliding_window && *config.sliding_window < s;
    // With cached positions and several new queries the causal diagonal is offset, which the fused
    // kernels' is_causal (aligned at the top left) does not express: that case gets a tensor too.
    mask.causal_only = !padding.defined() && !windowed && (past == 0 || t == 1);
    if (mask.causal_only && (mask.fused || t == 1)) return mask;

    auto long_options = at::TensorOptions().dtype(at::kLong).device(device);
    at::Tensor q_idx = at::arange(past, s, long_options).unsqueeze(1);  // [T, 1]
    at::Tensor k_idx = at::arange(0, s, long_options).unsqueeze(0);     // [1, S]
    at::Tensor allowed = k_idx.le(q_idx);
    if (windowed) allowed = allowed.logical_and(q_idx.sub(k_idx).lt(*config.sliding_window));
    allowed = allowed.view({1, 1, t, s});
    if (padding.defined()) {
        allowed = allowed.logical_and(padding.to(device).to(at::kBool).view({batch, 1, 1, s}));
        allowed = allowed.logical_or(k_idx.eq(q_idx).view({1, 1, t, s}));
    }
    if (mask.fused) {
        mask.allowed = allowed;
    } else {
        mask.additive = at::zeros(allowed.sizes(), at::TensorOptions().dtype(at::kFloat).device(device))
                            .masked_fill(allowed.logical_not(), -std::numeric_limits<float>::infinity());
    }
    return mask;
}

at::Tensor attend(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const AttentionMask& mask,
                  const AttentionOptions& options) {
#ifdef IPT_HAVE_SDPA
    if (mask.fused) {
        c10::optional<at::Tensor> allowed;
        if (mask.allowed.defined()) allowed = mask.allowed;
        const bool causal = mask.causal_only && mask.queries > 1;
#ifdef IPT_HAVE_SDPA_GQA
        return at::scaled_dot_product_attention(q, k, v, allowed, 0.0, causal, c10::nullopt,
                                                /*enable_gqa=*/k.size(1) != q.size(1));
#else
        const int64_t groups = q.size(1) / k.size(1);
        at::Tensor kk = groups > 1 ? k.repeat_interleave(groups, 1) : k;
        at::Tensor vv = groups > 1 ? v.repeat_interleave(groups, 1) : v;
        return at::scaled_dot_product_attention(q, kk, vv, allowed, 0.0, causal);
#endif
    }
#endif
    return grouped_query_attention(q, k, v, mask.additive, options.dropout, options.training,
                                   options.generator);
}

at::Tensor dropout(const at::Tensor& x, double p, bool training,
                   const c10::optional<at::Generator>& generator) {
    if (!training || p <= 0) return x;
    if (p >= 1) return at::zeros_like(x);
    at::Tensor keep = at::empty_like(x).bernoulli_(1.0 - p, generator);
    return x * keep * (1.0 / (1.0 - p));
}

}  // namespace ipt
