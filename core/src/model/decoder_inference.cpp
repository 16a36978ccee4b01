// The decoder's CPU inference path: the same model as Decoder::forward's general path (which stays the
// reference, and the path for training and other devices), computed with fewer and cheaper operations.
// - Activations are float32 whatever the weights' dtype; 16-bit weights are widened as they are read.
// - Products of a few rows (decoding) go through cpu::skinny_linear, which reads each weight once.
// - RMSNorm and rotary embeddings are single loops; the rotary table is built once per model and
//   grown, not rebuilt per forward; the attention scale is folded into the queries' rotation.
// - A decoding step's attention is one kernel (cpu::decode_attention), not a BLAS call per head.
// - Longer attention runs in chunks of queries, each seeing only the keys causality allows, with the
//   mask added and the softmax taken in place: no score tensor large enough for the allocator to map
//   it fresh from the kernel (and zero it) at every layer.
#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

#include "cpu_kernels.h"
#include "ipt/common/error.h"
#include "ipt/model/decoder.h"
#include "ipt/model/kv_cache.h"
#include "ipt/model/rope.h"

namespace ipt {

struct Decoder::RotaryTable {
    std::mutex mutex;
    at::Tensor cos, sin;  // [positions, head_dim] float32
};

std::shared_ptr<Decoder::RotaryTable> Decoder::new_rotary_table() {
    return std::make_shared<RotaryTable>();
}

namespace {

// Scores of one chunk of queries are kept below this many floats (8 MiB).
constexpr int64_t kScoreBudget = int64_t(2) << 20;

// Additive mask [B or 1, 1, t1 - t0, keys] for queries [t0, t1) of this forward (absolute positions
// past + t0 ..) over keys [0, keys); undefined when every query may see every key. The same rules as
// the general path: causal, the sliding window, and padding keys hidden (a padding query sees itself).
at::Tensor chunk_mask(const ModelConfig& config, int64_t b, int64_t past, int64_t t0, int64_t t1,
                      int64_t keys, const at::Tensor& padding) {
    const bool windowed = config.sliding_window && *config.sliding_window < past + t1;
    const bool causal_cut = past + t0 < keys - 1;  // some query of the chunk is before the last key
    if (!padding.defined() && !windowed && !causal_cut) return {};
    const int64_t tc = t1 - t0;
    auto long_options = at::TensorOptions().dtype(at::kLong);
    at::Tensor q_idx = at::arange(past + t0, past + t1, long_options).unsqueeze(1);  // [tc, 1]
    at::Tensor k_idx = at::arange(0, keys, long_options).unsqueeze(0);               // [1, keys]
    at::Tensor allowed = k_idx.le(q_idx);
    if (windowed) allowed = allowed.logical_and(q_idx.sub(k_idx).lt(*config.sliding_window));
    allowed = allowed.view({1, 1, tc, keys});
    if (padding.defined()) {
        allowed = allowed.logical_and(padding.narrow(1, 0, keys).to(at::kBool).view({b, 1, 1, keys}));
        allowed = allowed.logical_or(k_idx.eq(q_idx).view({1, 1, tc, keys}));
    }
    at::Tensor mask = at::zeros(allowed.sizes(), at::TensorOptions().dtype(at::kFloat));
    return mask.masked_fill_(allowed.logical_not(), -std::numeric_limits<float>::infinity());
}

}  // namespace

at::ScalarType Decoder::inference_dtype() const {
    return device().is_cpu() ? at::kFloat : dtype();
}

bool Decoder::inference_path_applies(const ForwardOptions& options) const {
    if (options.reference_path || !device().is_cpu() || training_) return false;
    if (c10::GradMode::is_enabled()) return false;
    const at::ScalarType type = dtype();
    return type == at::kFloat || type == at::kBFloat16 || type == at::kHalf;
}

std::pair<at::Tensor, at::Tensor> Decoder::rotary_table(int64_t positions) const {
    std::lock_guard<std::mutex> lock(rotary_->mutex);
    const int64_t have = rotary_->cos.defined() ? rotary_->cos.size(0) : 0;
    if (have < positions) {
        // Grow geometrically up to the context, so that a long generation rebuilds it a few times only.
        // Dynamic RoPE scaling changes every frequency with the sequence length past the original
        // context: there the table is built for exactly the positions in use, as transformers does.
        const bool dynamic = config_.rope_scaling && config_.rope_scaling->type == "dynamic";
        int64_t size = std::max<int64_t>(
            positions, std::min<int64_t>(std::max<int64_t>(2 * have, 256), config_.max_position_embeddings));
        if (dynamic) size = positions;
        at::Tensor ids = at::arange(size, at::TensorOptions().dtype(at::kLong)).view({1, size});
        auto [cos, sin] = rotary_cos_sin(ids, rope_inverse_frequencies(config_, size, at::kCPU));
        rotary_->cos = cos.view({size, -1}).contiguous();
        rotary_->sin = sin.view({size, -1}).contiguous();
    }
    return {rotary_->cos, rotary_->sin};
}

at::Tensor Decoder::project_f32(const at::Tensor& x, const Projection& p) const {
    at::Tensor y = cpu::linear_f32(x, p.weight);
    if (!p.lora.a.defined()) return y;
    const at::Tensor a = p.lora.a.to(at::kFloat), b = p.lora.b.to(at::kFloat);
    return y.add_(at::linear(at::linear(x.reshape({y.size(0), -1}), a), b), lora_->scale());
}

at::Tensor Decoder::attention_inference(const Layer& layer, const at::Tensor& x, const at::Tensor& positions,
                                        const std::pair<at::Tensor, at::Tensor>& rotary,
                                        const std::vector<at::Tensor>& masks, int64_t chunk, KvCache* cache,
                                        int64_t layer_index) const {
    const int64_t b = positions.size(0), t = positions.size(1), d = config_.resolved_head_dim();
    const int64_t heads = config_.num_attention_heads, kv_heads = config_.num_key_value_heads;
    const int64_t groups = heads / kv_heads;
    at::Tensor q = project_f32(x, layer.q).view({b * t, heads, d});
    at::Tensor k = project_f32(x, layer.k).view({b * t, kv_heads, d});
    at::Tensor v = project_f32(x, layer.v);
    cpu::rotary_in_place(q, positions, rotary.first, rotary.second, float(1.0 / std::sqrt(double(d))));
    cpu::rotary_in_place(k, positions, rotary.first, rotary.second, 1.0f);
    at::Tensor keys = k.view({b, t, kv_heads, d}).transpose(1, 2);    // [B, KVH, T, D]
    at::Tensor values = v.view({b, t, kv_heads, d}).transpose(1, 2);  // [B, KVH, T, D]
    if (cache) std::tie(keys, values) = cache->append(layer_index, keys, values);
    if (keys.scalar_type() != at::kFloat) {  // a cache made in the weights' 16-bit dtype
        keys = keys.to(at::kFloat);
        values = values.to(at::kFloat);
    }
    const int64_t s = keys.size(2), past = s - t;
    if (t == 1) {  // a decoding step: [B, H * D] is [B, KVH, G, D] merged
        at::Tensor out = cpu::decode_attention(q.view({b, kv_heads, groups, d}), keys, values, masks[0]);
        return project_f32(out.view({b, heads * d}), layer.o);
    }
    // Query heads that share a key/value head are folded into rows, so K and V are used in place.
    at::Tensor q5 = q.view({b, t, kv_heads, groups, d}).permute({0, 2, 3, 1, 4});  // [B, KVH, G, T, D]
    at::Tensor kt = keys.transpose(-1, -2);                                        // [B, KVH, D, S]
    at::Tensor out = at::empty({b, kv_heads, groups, t, d}, q.options());
    for (int64_t t0 = 0, c = 0; t0 < t; t0 += chunk, ++c) {
        const int64_t tc = std::min(chunk, t - t0);
        const int64_t visible = std::min(s, past + t0 + tc);  // causality: later keys are never seen
        at::Tensor qc = q5.narrow(3, t0, tc).reshape({b, kv_heads, groups * tc, d});
        at::Tensor scores = at::matmul(qc, kt.narrow(-1, 0, visible));  // [B, KVH, G*tc, visible]
        if (masks[c].defined()) scores.view({b, kv_heads, groups, tc, visible}).add_(masks[c].unsqueeze(2));
        at::_softmax_out(scores, scores, -1, false);
        at::Tensor oc = at::matmul(scores, values.narrow(2, 0, visible));  // [B, KVH, G*tc, D]
        out.narrow(3, t0, tc).copy_(oc.view({b, kv_heads, groups, tc, d}));
    }
    // [B, KVH, G, T, D] -> [B*T, H*D]
    at::Tensor merged = out.view({b, heads, t, d}).transpose(1, 2).reshape({b * t, heads * d});
    return project_f32(merged, layer.o);
}

at::Tensor Decoder::forward_inference(const at::Tensor& ids, const at::Tensor& position_ids,
                                      const at::Tensor& padding, const ForwardOptions& options) const {
    const int64_t b = ids.size(0), t = ids.size(1);
    KvCache* cache = options.cache;
    const int64_t past = cache ? cache->length() : 0, s = past + t;
    const double eps = config_.rms_norm_eps;
    const at::Tensor positions = position_ids.to(at::kLong).contiguous();
    const int64_t* pp = positions.data_ptr<int64_t>();
    const int64_t top = positions.numel() ? *std::max_element(pp, pp + positions.numel()) : 0;
    const auto rotary = rotary_table(std::max(top + 1, s));

    const int64_t heads = config_.num_attention_heads;
    const int64_t chunk =
        std::max<int64_t>(1, std::min<int64_t>(t, kScoreBudget / std::max<int64_t>(1, b * heads * s)));
    const at::Tensor pad = padding.defined() ? padding.to(at::kLong) : at::Tensor();
    std::vector<at::Tensor> masks;
    const bool ragged = cache && cache->ragged();  // then t is 1 and the cache knows every row's keys
    if (ragged) masks.push_back(cache->step_mask(config_.sliding_window));
    for (int64_t t0 = 0; !ragged && t0 < t; t0 += chunk) {
        const int64_t t1 = std::min(t, t0 + chunk);
        masks.push_back(chunk_mask(config_, b, past, t0, t1, std::min(s, past + t1), pad));
    }

    at::Tensor x = at::embedding(embed_, ids).to(at::kFloat).reshape({b * t, config_.hidden_size});
    for (size_t i = 0; i < layers_.size(); ++i) {
        const Layer& layer = layers_[i];
        x.add_(attention_inference(layer, cpu::rms_norm_f32(x, layer.input_norm, eps), positions, rotary,
                                   masks, chunk, cache, static_cast<int64_t>(i)));
        at::Tensor h = cpu::rms_norm_f32(x, layer.post_norm, eps);
        at::Tensor gate = project_f32(h, layer.gate);
        at::silu_(gate).mul_(project_f32(h, layer.up));
        x.add_(project_f32(gate, layer.down));
    }
    if (cache) cache->advance(t);
    at::Tensor last = x.view({b, t, config_.hidden_size});
    if (options.last_position_only) last = last.narrow(1, t - 1, 1).contiguous();
    const int64_t rows = last.size(1);
    at::Tensor logits =
        cpu::linear_f32(cpu::rms_norm_f32(last.reshape({b * rows, -1}), final_norm_, eps), lm_head_);
    return logits.view({b, rows, config_.vocab_size});
}

}  // namespace ipt
