#include "ipt/model/decoder.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include "ipt/common/error.h"
#include "ipt/model/kv_cache.h"
#include "ipt/model/rope.h"
#include "region_tensors.h"

namespace ipt {
namespace {

std::string layer_name(int64_t i, const char* rest) {
    return "model.layers." + std::to_string(i) + "." + rest;
}

}  // namespace

at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps) {
    at::Tensor h = x.to(at::kFloat);
    h = h * at::rsqrt(h.pow(2).mean(-1, /*keepdim=*/true) + eps);
    return weight * h.to(x.scalar_type());
}

std::pair<at::Tensor, at::Tensor> rotary_cos_sin(const at::Tensor& position_ids, int64_t head_dim,
                                                 double theta) {
    return rotary_cos_sin(position_ids,
                          default_rope_inverse_frequencies(head_dim, theta, position_ids.device()));
}

std::pair<at::Tensor, at::Tensor> rotary_cos_sin(const at::Tensor& position_ids, const at::Tensor& inv_freq) {
    at::Tensor freqs = position_ids.to(at::kFloat).unsqueeze(-1) * inv_freq;  // [B, T, D/2]
    at::Tensor emb = at::cat({freqs, freqs}, -1);                             // [B, T, D]
    return {emb.cos(), emb.sin()};
}

at::Tensor apply_rotary(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    const int64_t half = x.size(-1) / 2;
    at::Tensor rotated = at::cat({x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)}, -1);
    at::Tensor c = cos.unsqueeze(1).to(x.scalar_type()), s = sin.unsqueeze(1).to(x.scalar_type());
    return x * c + rotated * s;
}

at::Tensor grouped_query_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                   const at::Tensor& mask, double dropout, bool training,
                                   const c10::optional<at::Generator>& generator) {
    const int64_t b = q.size(0), heads = q.size(1), t = q.size(2), d = q.size(3);
    const int64_t kv_heads = k.size(1), s = k.size(2), groups = heads / kv_heads;
    // Fold the query heads that share a key/value head into the row dimension, so that K and V are
    // used in place: no repeat of the (possibly long) cache per step.
    at::Tensor qg = q.reshape({b, kv_heads, groups * t, d});
    // Scores, softmax and the weighted sum in fp32 whatever the weights' dtype, as SDPA's kernels
    // compute them: rounding scores and probabilities to bf16 made bf16 logits 1.5x further from the
    // fp32 result than transformers' (tests/compat/transformers).
    at::Tensor scores =
        at::matmul(qg.to(at::kFloat), k.transpose(-1, -2).to(at::kFloat)) * (1.0 / std::sqrt(double(d)));
    scores = scores.view({b, kv_heads, groups, t, s});
    if (mask.defined()) scores = scores + mask.unsqueeze(2);
    at::Tensor probs = at::softmax(scores, -1);
    probs = ipt::dropout(probs, dropout, training, generator);
    at::Tensor out =
        at::matmul(probs.view({b, kv_heads, groups * t, s}), v.to(at::kFloat)).to(q.scalar_type());
    return out.view({b, heads, t, d});
}

std::vector<std::pair<std::string, std::vector<int64_t>>> decoder_parameter_shapes(const ModelConfig& c) {
    c.validate();
    const int64_t d = c.resolved_head_dim();
    std::vector<std::pair<std::string, std::vector<int64_t>>> shapes;
    shapes.push_back({"model.embed_tokens.weight", {c.vocab_size, c.hidden_size}});
    for (int64_t i = 0; i < c.num_hidden_layers; ++i) {
        shapes.push_back({layer_name(i, "input_layernorm.weight"), {c.hidden_size}});
        shapes.push_back(
            {layer_name(i, "self_attn.q_proj.weight"), {c.num_attention_heads * d, c.hidden_size}});
        shapes.push_back(
            {layer_name(i, "self_attn.k_proj.weight"), {c.num_key_value_heads * d, c.hidden_size}});
        shapes.push_back(
            {layer_name(i, "self_attn.v_proj.weight"), {c.num_key_value_heads * d, c.hidden_size}});
        shapes.push_back(
            {layer_name(i, "self_attn.o_proj.weight"), {c.hidden_size, c.num_attention_heads * d}});
        shapes.push_back({layer_name(i, "post_attention_layernorm.weight"), {c.hidden_size}});
        shapes.push_back({layer_name(i, "mlp.gate_proj.weight"), {c.intermediate_size, c.hidden_size}});
        shapes.push_back({layer_name(i, "mlp.up_proj.weight"), {c.intermediate_size, c.hidden_size}});
        shapes.push_back({layer_name(i, "mlp.down_proj.weight"), {c.hidden_size, c.intermediate_size}});
    }
    shapes.push_back({"model.norm.weight", {c.hidden_size}});
    if (!c.tie_word_embeddings) shapes.push_back({"lm_head.weight", {c.vocab_size, c.hidden_size}});
    return shapes;
}

Decoder::Decoder(const ModelConfig& config, const at::TensorOptions& options) : config_(config) {
    const auto named_shapes = decoder_parameter_shapes(config_);
    std::vector<at::Tensor> placed;
    if (options.device().is_cpu()) {
        std::vector<std::vector<int64_t>> shapes;
        for (const auto& entry : named_shapes) shapes.push_back(entry.second);
        placed = tensors_in_one_region(shapes, c10::typeMetaToScalarType(options.dtype()));
    }
    for (size_t i = 0; i < named_shapes.size(); ++i)
        add(named_shapes[i].first, named_shapes[i].second, options,
            placed.empty() ? at::Tensor() : placed[i]);
    bind();
}

void Decoder::add(const std::string& name, std::vector<int64_t> shape, const at::TensorOptions& options,
                  at::Tensor placed) {
    at::Tensor tensor = std::move(placed);
    try {
        if (!tensor.defined()) tensor = at::empty(shape, options);
    } catch (const std::exception& e) {
        // LibTorch's allocator message names neither the tensor nor the config that asked for it.
        double elements = 1;
        std::string dims;
        for (int64_t d : shape) {
            elements *= double(d);
            dims += (dims.empty() ? "" : ", ") + std::to_string(d);
        }
        char size[64];
        std::snprintf(size, sizeof size, "%.3g GiB",
                      elements * double(options.dtype().itemsize()) / double(1 << 30));
        throw Error("cannot allocate tensor '" + name + "' [" + dims + "] (" + size + ", vocab_size " +
                    std::to_string(config_.vocab_size) + ", hidden_size " +
                    std::to_string(config_.hidden_size) + ") on " + options.device().str() +
                    ": not enough memory for this model config");
    }
    index_[name] = parameters_.size();
    parameters_.emplace_back(name, std::move(tensor));
}

void Decoder::bind() {
    auto p = [&](const std::string& name) { return parameters_[index_.at(name)].second; };
    auto projection = [&](int64_t i, const char* module) {
        Projection out;
        const std::string base = layer_name(i, module);
        out.weight = p(base + ".weight");
        if (has_parameter(base + ".lora_A.weight"))
            out.lora = {p(base + ".lora_A.weight"), p(base + ".lora_B.weight")};
        return out;
    };
    layers_.clear();
    for (int64_t i = 0; i < config_.num_hidden_layers; ++i) {
        Layer l;
        l.input_norm = p(layer_name(i, "input_layernorm.weight"));
        l.q = projection(i, "self_attn.q_proj");
        l.k = projection(i, "self_attn.k_proj");
        l.v = projection(i, "self_attn.v_proj");
        l.o = projection(i, "self_attn.o_proj");
        l.post_norm = p(layer_name(i, "post_attention_layernorm.weight"));
        l.gate = projection(i, "mlp.gate_proj");
        l.up = projection(i, "mlp.up_proj");
        l.down = projection(i, "mlp.down_proj");
        layers_.push_back(std::move(l));
    }
    embed_ = p("model.embed_tokens.weight");
    final_norm_ = p("model.norm.weight");
    lm_head_ = config_.tie_word_embeddings ? embed_ : p("lm_head.weight");
}

namespace {

const char* module_path(const std::string& target) {
    if (target == "q_proj") return "self_attn.q_proj";
    if (target == "k_proj") return "self_attn.k_proj";
    if (target == "v_proj") return "self_attn.v_proj";
    if (target == "o_proj") return "self_attn.o_proj";
    if (target == "gate_proj") return "mlp.gate_proj";
    if (target == "up_proj") return "mlp.up_proj";
    if (target == "down_proj") return "mlp.down_proj";
    throw UsageError("LoRA target '" + target +
                     "' is not a projection (q_proj, k_proj, v_proj, o_proj, gate_proj, "
                     "up_proj, down_proj)");
}

}  // namespace

void Decoder::add_lora(const LoraSettings& settings, uint64_t seed) {
    if (lora_) throw UsageError("the model has LoRA adapters already");
    if (settings.rank <= 0) throw UsageError("LoRA rank must be positive");
    c10::NoGradGuard no_grad;
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const auto options = embed_.options();
    for (int64_t i = 0; i < config_.num_hidden_layers; ++i)
        for (const std::string& target : settings.targets) {
            const std::string base = layer_name(i, module_path(target));
            const at::Tensor w = parameter(base + ".weight");
            const int64_t out = w.size(0), in = w.size(1);
            at::Tensor a = at::empty({settings.rank, in}, at::kFloat);
            const double bound = 1.0 / std::sqrt(double(in));
            a.uniform_(-bound, bound, generator);
            add(base + ".lora_A.weight", {settings.rank, in}, options);
            parameters_.back().second.copy_(a);
            add(base + ".lora_B.weight", {out, settings.rank}, options);
            parameters_.back().second.zero_();
        }
    lora_ = settings;
    bind();
}

void Decoder::merge_lora() {
    if (!lora_) return;
    c10::NoGradGuard no_grad;
    const double scale = lora_->scale();
    std::vector<std::pair<std::string, at::Tensor>> kept;
    for (const auto& [name, tensor] : parameters_) {
        if (name.find(".lora_") != std::string::npos) continue;
        kept.emplace_back(name, tensor);
    }
    for (auto& [name, tensor] : kept) {
        const std::string base = name.substr(0, name.size() - std::string(".weight").size());
        if (!has_parameter(base + ".lora_A.weight")) continue;
        at::Tensor delta = at::matmul(parameter(base + ".lora_B.weight").to(at::kFloat),
                                      parameter(base + ".lora_A.weight").to(at::kFloat)) *
                           scale;
        tensor.add_(delta.to(tensor.scalar_type()));
    }
    parameters_ = kept;
    index_.clear();
    for (size_t i = 0; i < parameters_.size(); ++i) index_[parameters_[i].first] = i;
    lora_.reset();
    bind();
}

at::Tensor Decoder::project(const at::Tensor& x, const Projection& p,
                            const c10::optional<at::Generator>& generator) const {
    at::Tensor y = at::linear(x, p.weight);
    if (!p.lora.a.defined()) return y;
    at::Tensor h = dropout(x, lora_->dropout, training_, generator);
    return y + at::linear(at::linear(h, p.lora.a), p.lora.b) * lora_->scale();
}

at::Tensor Decoder::parameter(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) throw UsageError("model has no parameter '" + name + "'");
    return parameters_[it->second].second;
}

void Decoder::init_weights(uint64_t seed) {
    c10::NoGradGuard no_grad;
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (auto& [name, tensor] : parameters_) {
        at::Tensor value;
        if (tensor.dim() == 1) {
            value = at::ones(tensor.sizes(), at::kFloat);
        } else {
            value = at::empty(tensor.sizes(), at::kFloat);
            value.normal_(0.0, config_.initializer_range, generator);
        }
        tensor.copy_(value);
    }
}

void Decoder::to(const at::TensorOptions& options) {
    c10::NoGradGuard no_grad;
    // On the CPU the converted parameters go into one region, as the constructor places them. Every
    // parameter has the model's dtype and device.
    const at::ScalarType dtype =
        options.has_dtype() ? c10::typeMetaToScalarType(options.dtype()) : this->dtype();
    const at::Device target = options.has_device() ? options.device() : device();
    std::vector<at::Tensor> placed;
    if (target.is_cpu() && (dtype != this->dtype() || target != device())) {
        std::vector<std::vector<int64_t>> shapes;
        for (const auto& entry : parameters_) shapes.push_back(entry.second.sizes().vec());
        placed = tensors_in_one_region(shapes, dtype);
    }
    for (size_t i = 0; i < parameters_.size(); ++i) {
        at::Tensor& t = parameters_[i].second;
        const bool grad = t.requires_grad();
        at::Tensor moved = placed.empty() ? t.to(options) : placed[i].copy_(t);
        t = moved.detach().requires_grad_(grad);
    }
    bind();
}

at::Device Decoder::device() const {
    return embed_.device();
}
at::ScalarType Decoder::dtype() const {
    return embed_.scalar_type();
}

int64_t Decoder::parameter_count() const {
    int64_t total = 0;
    for (const auto& entry : parameters_) total += entry.second.numel();
    return total;
}

at::Tensor Decoder::attention(const Layer& layer, const at::Tensor& x, const LayerInputs& in,
                              int64_t layer_index) const {
    const int64_t b = x.size(0), t = x.size(1), d = config_.resolved_head_dim();
    const int64_t heads = config_.num_attention_heads, kv_heads = config_.num_key_value_heads;
    at::Tensor q = project(x, layer.q, in.generator).view({b, t, heads, d}).transpose(1, 2);
    at::Tensor k = project(x, layer.k, in.generator).view({b, t, kv_heads, d}).transpose(1, 2);
    at::Tensor v = project(x, layer.v, in.generator).view({b, t, kv_heads, d}).transpose(1, 2);
    q = apply_rotary(q, in.cos, in.sin);
    k = apply_rotary(k, in.cos, in.sin);
    if (in.cache) std::tie(k, v) = in.cache->append(layer_index, k, v);
    at::Tensor out = attend(q, k, v, in.mask, in.attention);
    return project(out.transpose(1, 2).reshape({b, t, heads * d}), layer.o, in.generator);
}

at::Tensor Decoder::layer_forward(const Layer& layer, const at::Tensor& x, const LayerInputs& in,
                                  int64_t layer_index) const {
    const double p = config_.hidden_dropout;
    at::Tensor h = attention(layer, rms_norm(x, layer.input_norm, config_.rms_norm_eps), in, layer_index);
    at::Tensor out = x + dropout(h, p, training_, in.generator);
    h = rms_norm(out, layer.post_norm, config_.rms_norm_eps);
    h = project(at::silu(project(h, layer.gate, in.generator)) * project(h, layer.up, in.generator),
                layer.down, in.generator);
    return out + dropout(h, p, training_, in.generator);
}

at::Tensor Decoder::forward(const at::Tensor& input_ids, const ForwardOptions& options) const {
    if (input_ids.dim() != 2) throw UsageError("input_ids must be [batch, tokens]");
    const int64_t b = input_ids.size(0), t = input_ids.size(1);
    if (t == 0) throw UsageError("input_ids holds no tokens");
    KvCache* cache = options.cache;
    const int64_t past = cache ? cache->length() : 0;
    if (past + t > config_.max_position_embeddings)
        throw UsageError(std::to_string(past + t) + " positions exceed the model's context of " +
                         std::to_string(config_.max_position_embeddings) + " (max_position_embeddings)");
    const at::Device device = embed_.device();
    at::Tensor ids = input_ids.to(device);

    at::Tensor padding = options.attention_mask;
    if (padding.defined() && (padding.size(0) != b || padding.size(1) != past + t))
        throw UsageError("attention_mask must be [batch, cached + new] = [" + std::to_string(b) + ", " +
                         std::to_string(past + t) + "]");
    if (cache && cache->ragged() && padding.defined())
        throw UsageError("a KV cache with rows of different lengths takes no attention_mask");
    at::Tensor positions = options.position_ids;
    if (!positions.defined() && cache && cache->ragged()) positions = cache->step_positions();
    if (!positions.defined()) {
        if (padding.defined()) {
            positions = (padding.to(device).to(at::kLong).cumsum(-1) - 1).clamp_min(0).narrow(1, past, t);
        } else {
            positions = at::arange(past, past + t, at::TensorOptions().dtype(at::kLong).device(device))
                            .expand({b, t});
        }
    }
    if (inference_path_applies(options)) return forward_inference(ids, positions, padding, options);
    if (device.is_cpu() && embed_.scalar_type() == at::kHalf)
        throw UsageError(
            "float16 weights run on the CPU only in inference (LibTorch has no float16 CPU matrix "
            "product): load the model as float32 or bfloat16 (--dtype) to train or to take gradients");
    LayerInputs in;
    std::tie(in.cos, in.sin) =
        rotary_cos_sin(positions.to(device), rope_inverse_frequencies(config_, past + t, device));
    in.cache = cache;
    in.generator = options.generator;
    in.attention.dropout = config_.attention_dropout;
    in.attention.training = training_;
    in.attention.generator = options.generator;
    in.attention.kernel = options.attention;
    if (cache && cache->ragged()) {
        // One new position per row after rows of different lengths: the cache knows who sees what.
        in.mask.queries = t;
        in.mask.additive = cache->step_mask(config_.sliding_window);
        in.mask.causal_only = !in.mask.additive.defined();
    } else {
        in.mask = make_attention_mask(config_, b, past, t, padding, device, in.attention);
    }

    // Checkpointing saves memory only where a backward pass will follow.
    const bool checkpoint = options.checkpoint_layers && training_ && !cache && c10::GradMode::is_enabled();
    at::Tensor x = at::embedding(embed_, ids);
    for (size_t i = 0; i < layers_.size(); ++i) {
        const auto index = static_cast<int64_t>(i);
        x = checkpoint ? checkpointed_layer_forward(layers_[i], x, in, index)
                       : layer_forward(layers_[i], x, in, index);
    }
    if (cache) cache->advance(t);
    x = rms_norm(x, final_norm_, config_.rms_norm_eps);
    if (options.last_position_only) x = x.narrow(1, t - 1, 1);
    return at::linear(x, lm_head_).to(at::kFloat);
}

}  // namespace ipt
