#include "ipt/train/memory_plan.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "ipt/common/error.h"

namespace ipt {
namespace {

// How the forward pass stores what it saves for backward, from the config's precision settings.
struct Precision {
    double weight = 4;      // bytes per weight element on the device
    double activation = 4;  // bytes per element of the projections' outputs
    bool autocast = false;  // fp32 weights, bf16 matmuls: the residual stream stays fp32
};

Precision precision_of(const TrainConfig& t) {
    Precision p;
    if (t.weight_dtype == "bf16") {
        p.weight = 2;
        p.activation = 2;
    } else if (t.precision == "bf16") {
        p.activation = 2;
        p.autocast = true;
    }
    return p;
}

// Bytes one RMSNorm saves per token of width h: its input (a float32 copy when the input is bf16),
// the normalised values and the weighted output (the next projections' input).
double norm_bytes(const Precision& p, double h) {
    if (p.autocast) return h * (4 + 4 + 4 + 2);  // fp32 input, normalised, output; the bf16 cast for matmuls
    if (p.weight == 2) return h * (4 + 2 + 2);   // float32 copy of the input, bf16 normalised and output
    return h * (4 + 4 + 4);
}

// Bytes one decoder layer saves per token (see attention.cpp and decoder.cpp for the tensors).
double layer_bytes(const ModelConfig& m, const TrainConfig& t, const Precision& p, bool fused) {
    const double h = double(m.hidden_size), d = double(m.resolved_head_dim());
    const double hq = d * double(m.num_attention_heads), kv = d * double(m.num_key_value_heads);
    const double i = double(m.intermediate_size), heads = double(m.num_attention_heads);
    const double s = double(t.sequence_length), e = p.activation;
    double bytes = 2 * norm_bytes(p, h);  // their inputs are the layer's input and its mid-layer residual
    // q, k, v; the rotated halves and rotated q and k.
    bytes += e * (hq + 2 * kv) + e * (2 * hq + 2 * kv);
    if (fused) {
        // The kernel's output and log-sum-exp, and the head-major copy the output projection reads.
        bytes += e * 2 * hq + 4 * heads;
    } else {
        // Contiguous copies of q, k, v for the batched matmuls, the probabilities (float32 softmax output,
        // plus its bf16 copy for the bf16 matmul), and the head-major copy of the output.
        bytes += e * (hq + 2 * kv) + heads * s * (e == 4 ? 4 : 6) + e * hq;
    }
    bytes += e * 4 * i;  // gate, up, silu(gate), silu(gate) * up
    // Residual dropout keeps its mask (the product needs no input back), twice per layer.
    if (t.hidden_dropout > 0) bytes += 2 * e * h;
    if (t.attention_dropout > 0 && !fused) bytes += 2 * e * heads * s;
    return bytes;
}

int64_t trainable_parameters(const ModelConfig& m, const TrainConfig& t) {
    const int64_t h = m.hidden_size, d = m.resolved_head_dim(), i = m.intermediate_size;
    const int64_t hq = d * m.num_attention_heads, kv = d * m.num_key_value_heads;
    const int64_t embed = m.vocab_size * h;
    struct Part {
        const char* name;
        int64_t size;
    };
    std::vector<Part> parts{{"embed_tokens", embed},
                            {"input_layernorm", h * m.num_hidden_layers},
                            {"q_proj", h * hq * m.num_hidden_layers},
                            {"k_proj", h * kv * m.num_hidden_layers},
                            {"v_proj", h * kv * m.num_hidden_layers},
                            {"o_proj", hq * h * m.num_hidden_layers},
                            {"post_attention_layernorm", h * m.num_hidden_layers},
                            {"gate_proj", h * i * m.num_hidden_layers},
                            {"up_proj", h * i * m.num_hidden_layers},
                            {"down_proj", i * h * m.num_hidden_layers},
                            {"model.norm", h}};
    if (!m.tie_word_embeddings) parts.push_back({"lm_head", embed});
    int64_t total = 0;
    if (t.lora) {
        for (const std::string& target : t.lora->targets) {
            const int64_t in = target == "o_proj" ? hq : target == "down_proj" ? i : h;
            const int64_t out = target == "q_proj"                             ? hq
                                : target == "k_proj" || target == "v_proj"     ? kv
                                : target == "gate_proj" || target == "up_proj" ? i
                                                                               : h;
            total += t.lora->rank * (in + out) * m.num_hidden_layers;
        }
    }
    if (t.trainable.empty() && !t.lora) return m.parameter_count();
    for (const Part& part : parts)
        for (const std::string& pattern : t.trainable)
            if (std::string(part.name).find(pattern) != std::string::npos ||
                pattern.find(part.name) != std::string::npos) {
                total += part.size;
                break;
            }
    return total;
}

std::string gib(int64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f GiB", double(bytes) / double(int64_t(1) << 30));
    return text;
}

}  // namespace

int64_t MemoryPlan::peak_with(bool with_checkpointing) const {
    return weights + gradients + optimizer +
           (with_checkpointing ? activations_checkpointed + backward_working_checkpointed
                               : activations + backward_working);
}

int64_t MemoryPlan::peak() const {
    return peak_with(checkpointing);
}

MemoryPlan plan_memory(const ModelConfig& m, const TrainConfig& t, const MemoryPlanSettings& s) {
    if (s.processes < 1) throw UsageError("the plan needs at least one process");
    const Precision p = precision_of(t);
    MemoryPlan plan;
    plan.checkpointing = t.activation_checkpointing;
    plan.parameters = m.parameter_count();
    plan.trainable = trainable_parameters(m, t);
    const double n = double(s.processes);
    const double tokens = double(t.micro_batch) * double(t.sequence_length);
    plan.weights = int64_t(double(plan.parameters) * p.weight);
    plan.gradients = int64_t(double(plan.trainable) * p.weight);
    if (t.zero == 0) {
        // Moments, and master copies of bf16 weights.
        plan.optimizer = int64_t(double(plan.trainable) * (8 + (p.weight == 2 ? 4 : 0)));
    } else {
        // This process's masters, moments and reduced gradients, all float32.
        plan.optimizer = int64_t(std::ceil(double(plan.trainable) / n) * (4 + 8 + 4));
    }
    const double layer = layer_bytes(m, t, p, s.fused_attention);
    const double residual = p.weight == 2 ? 2 : 4;
    const double h = double(m.hidden_size), v = double(m.vocab_size);
    // After the last layer: the final norm, the float32 logits and their log-softmax.
    const double head = norm_bytes(p, h) + 8 * v;
    // Autocast's bf16 copies of the weights are saved by every matmul until the backward pass.
    const double weight_copies = p.autocast ? 2.0 * double(plan.parameters) : 0.0;
    plan.activations = int64_t(tokens * (double(m.num_hidden_layers) * layer + head) + weight_copies);
    // Checkpointing keeps each layer's input only.
    plan.activations_checkpointed =
        int64_t(tokens * (double(m.num_hidden_layers) * residual * h + head) + weight_copies);
    // The logits' gradient (float32, then in the head's dtype), a few activation gradients of one layer.
    const double working = tokens * ((4 + p.activation) * v + 4 * (4 * h + 3 * double(m.intermediate_size)));
    plan.backward_working = int64_t(working);
    plan.backward_working_checkpointed = int64_t(working + tokens * layer);  // one layer recomputed
    return plan;
}

std::string describe_memory_plan(const ModelConfig& m, const TrainConfig& t, const MemoryPlanSettings& s) {
    const MemoryPlan plan = plan_memory(m, t, s);
    std::ostringstream out;
    out << "model: " << plan.parameters << " parameters (" << plan.trainable << " trained), sequence "
        << t.sequence_length << " x micro-batch " << t.micro_batch << ", " << s.processes << " process"
        << (s.processes == 1 ? "" : "es") << ", weights " << t.weight_dtype << ", precision " << t.precision
        << ", ZeRO-" << t.zero << ", attention " << (s.fused_attention ? "fused (SDPA)" : "explicit") << "\n";
    auto row = [&](const char* what, int64_t bytes) {
        char line[96];
        std::snprintf(line, sizeof line, "  %-40s %12s\n", what, gib(bytes).c_str());
        out << line;
    };
    out << "per process:\n";
    row("weights", plan.weights);
    row("gradients", plan.gradients);
    row(t.zero ? "optimizer state (this process's share)" : "optimizer state", plan.optimizer);
    row("activations", plan.activations);
    row("activations with checkpointing", plan.activations_checkpointed);
    row("backward working memory", plan.backward_working);
    row("backward working memory, checkpointing", plan.backward_working_checkpointed);
    row(t.activation_checkpointing ? "peak (checkpointing on, as configured)" : "peak (as configured)",
        plan.peak());
    if (s.device_bytes <= 0) return out.str();
    const bool fits = plan.peak() <= s.device_bytes;
    out << (fits ? "fits in " : "does not fit in ") << gib(s.device_bytes) << " per device";
    out << " (" << int(std::lround(100.0 * double(plan.peak()) / double(s.device_bytes))) << "%)\n";
    if (fits) return out.str();
    // The first of these, in the order of their cost in speed, that makes the run fit.
    struct Option {
        std::string what;
        TrainConfig config;
    };
    std::vector<Option> options;
    auto with = [&](const std::string& what, auto change) {
        TrainConfig c = t;
        change(c);
        options.push_back({what, c});
    };
    with("train.zero = 1", [](TrainConfig& c) { c.zero = std::max<int64_t>(c.zero, 1); });
    with("train.activation_checkpointing = true", [](TrainConfig& c) { c.activation_checkpointing = true; });
    with("train.zero = 1 and train.activation_checkpointing = true", [](TrainConfig& c) {
        c.zero = std::max<int64_t>(c.zero, 1);
        c.activation_checkpointing = true;
    });
    with("train.weight_dtype = \"bf16\", train.zero = 1 and train.activation_checkpointing = true",
         [](TrainConfig& c) {
             c.weight_dtype = "bf16";
             c.zero = std::max<int64_t>(c.zero, 1);
             c.activation_checkpointing = true;
         });
    for (int64_t mb = t.micro_batch / 2; mb >= 1; mb /= 2)
        with("the above and batch.micro_batch = " + std::to_string(mb), [mb](TrainConfig& c) {
            c.weight_dtype = "bf16";
            c.zero = std::max<int64_t>(c.zero, 1);
            c.activation_checkpointing = true;
            c.micro_batch = mb;
        });
    for (const Option& o : options) {
        const int64_t peak = plan_memory(m, o.config, s).peak();
        if (peak <= s.device_bytes) {
            out << "fits with " << o.what << ": peak " << gib(peak) << "\n";
            return out.str();
        }
    }
    out << "no combination of ZeRO, checkpointing, bf16 weights and micro-batch size fits: use more "
           "devices\n";
    return out.str();
}

int64_t parse_byte_size(const std::string& text) {
    size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    std::string unit = text.substr(used);
    for (char& c : unit) c = char(std::toupper(static_cast<unsigned char>(c)));
    double scale = 0;
    if (unit.empty() || unit == "B") scale = 1;
    if (unit == "K" || unit == "KB") scale = 1e3;
    if (unit == "M" || unit == "MB") scale = 1e6;
    if (unit == "G" || unit == "GB") scale = 1e9;
    if (unit == "T" || unit == "TB") scale = 1e12;
    if (unit == "KIB") scale = 1024.0;
    if (unit == "MIB") scale = 1024.0 * 1024;
    if (unit == "GIB") scale = 1024.0 * 1024 * 1024;
    if (unit == "TIB") scale = 1024.0 * 1024 * 1024 * 1024;
    if (used == 0 || scale == 0 || !(value > 0) || value * scale > 9e18)
        throw UsageError("'" + text + "' is not a memory size (e.g. 80GB, 24GiB, 512MB)");
    return int64_t(value * scale);
}

}  // namespace ipt
