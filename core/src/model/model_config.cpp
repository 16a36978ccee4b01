#include "ipt/model/model_config.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

#include "../common/json_read.h"
#include "ipt/common/atomic_file.h"
#include "ipt/common/checked_number.h"
#include "ipt/common/error.h"
#include "ipt/model/rope.h"
#include "rope_json.h"

namespace ipt {
namespace {

using nlohmann::json;

template <typename T>
T required(const json& j, const char* key, const std::string& where) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) throw FileError(where, std::string("missing key '") + key + "'");
    try {
        return it->get<T>();
    } catch (const json::exception&) {
        throw FileError(where, std::string("key '") + key + "' has the wrong type: " + shortened(it->dump()));
    }
}

template <typename T>
T optional_value(const json& j, const char* key, T fallback, const std::string& where) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    try {
        return it->get<T>();
    } catch (const json::exception&) {
        throw FileError(where, std::string("key '") + key + "' has the wrong type: " + shortened(it->dump()));
    }
}

// Ranges far beyond any real model yet small enough that the arithmetic on them (head_dim, parameter
// counts, tensor sizes) cannot overflow and LibTorch is never asked for an absurd allocation.
constexpr IntegerRange kVocabSizes{1, int64_t(1) << 24};
constexpr IntegerRange kWidths{1, int64_t(1) << 20};  // hidden, intermediate and head sizes
constexpr IntegerRange kLayers{1, int64_t(1) << 12};
constexpr IntegerRange kHeads{1, int64_t(1) << 14};
constexpr IntegerRange kPositions{1, int64_t(1) << 31};
constexpr IntegerRange kTokenIds{-1, (int64_t(1) << 31) - 1};  // -1: "none", as old Llama configs say
// Weights a config may describe: 2^44 (17.6 trillion) is beyond every model there is.
constexpr int64_t kMaxParameters = int64_t(1) << 44;

int64_t required_integer(const json& j, const char* key, IntegerRange range, const std::string& where) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) throw FileError(where, std::string("missing key '") + key + "'");
    return json_integer(*it, range, key, where);
}

int64_t optional_integer(const json& j, const char* key, int64_t fallback, IntegerRange range,
                         const std::string& where) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    return json_integer(*it, range, key, where);
}

std::vector<int64_t> integer_list(const json& j, const char* key, IntegerRange range,
                                  const std::string& where) {
    const json& list = j.at(key);
    std::vector<int64_t> out;
    for (size_t i = 0; i < list.size(); ++i)
        out.push_back(json_integer(list[i], range, std::string(key) + "[" + std::to_string(i) + "]", where));
    return out;
}

void check_range(int64_t value, IntegerRange range, const char* key) {
    if (value < range.min || value > range.max)
        throw UsageError(std::string("model config: ") + key + " must be in [" + std::to_string(range.min) +
                         ", " + std::to_string(range.max) + "], got " + std::to_string(value));
}

// The exact weight count, or nullopt when it does not fit in 64 bits. Every field must be in range.
std::optional<int64_t> checked_parameter_count(const ModelConfig& c) {
    const int64_t d = c.resolved_head_dim();
    auto mul = [](std::optional<int64_t> a, std::optional<int64_t> b) -> std::optional<int64_t> {
        if (!a || !b) return std::nullopt;
        return checked_product(*a, *b);
    };
    auto add = [](std::optional<int64_t> a, std::optional<int64_t> b) -> std::optional<int64_t> {
        if (!a || !b) return std::nullopt;
        return checked_sum(*a, *b);
    };
    const auto heads = add(c.num_attention_heads, c.num_key_value_heads);
    const auto attention = mul(mul(mul(c.hidden_size, heads), d), 2);
    const auto mlp = mul(mul(c.hidden_size, c.intermediate_size), 3);
    const auto layer = add(add(attention, mlp), mul(c.hidden_size, 2));
    const auto embeddings = mul(mul(c.vocab_size, c.hidden_size), c.tie_word_embeddings ? 1 : 2);
    return add(add(embeddings, mul(c.num_hidden_layers, layer)), c.hidden_size);
}

}  // namespace

void ModelConfig::validate() const {
    auto fail = [](const std::string& what) { throw UsageError("model config: " + what); };
    if (model_type != "llama" && model_type != "mistral")
        fail("model_type '" + model_type + "' is not supported (llama, mistral)");
    // Ranges first: everything below divides by or multiplies these.
    check_range(vocab_size, kVocabSizes, "vocab_size");
    check_range(hidden_size, kWidths, "hidden_size");
    check_range(intermediate_size, kWidths, "intermediate_size");
    check_range(num_hidden_layers, kLayers, "num_hidden_layers");
    check_range(num_attention_heads, kHeads, "num_attention_heads");
    check_range(num_key_value_heads, kHeads, "num_key_value_heads");
    if (head_dim != 0) check_range(head_dim, kWidths, "head_dim");
    check_range(max_position_embeddings, kPositions, "max_position_embeddings");
    if (num_attention_heads % num_key_value_heads != 0)
        fail("num_attention_heads (" + std::to_string(num_attention_heads) +
             ") must be a multiple of num_key_value_heads (" + std::to_string(num_key_value_heads) + ")");
    if (head_dim == 0 && hidden_size % num_attention_heads != 0)
        fail("hidden_size (" + std::to_string(hidden_size) + ") is not divisible by num_attention_heads (" +
             std::to_string(num_attention_heads) + ")");
    if (resolved_head_dim() % 2 != 0) fail("head_dim must be even for rotary embeddings");
    if (sliding_window) check_range(*sliding_window, kPositions, "sliding_window");
    const std::optional<int64_t> parameters = checked_parameter_count(*this);
    if (!parameters || *parameters > kMaxParameters)
        fail("the shape describes more than 2^44 weights (vocab_size " + std::to_string(vocab_size) +
             ", hidden_size " + std::to_string(hidden_size) + ", intermediate_size " +
             std::to_string(intermediate_size) + ", num_hidden_layers " + std::to_string(num_hidden_layers) +
             ")");
    if (!(rms_norm_eps > 0) || !std::isfinite(rms_norm_eps)) fail("rms_norm_eps must be positive and finite");
    if (!(rope_theta > 0) || !std::isfinite(rope_theta)) fail("rope_theta must be positive and finite");
    if (!(initializer_range >= 0) || !std::isfinite(initializer_range))
        fail("initializer_range must be >= 0 and finite");
    for (int64_t id : eos_token_ids) check_range(id, kTokenIds, "eos_token_id");
    check_range(bos_token_id, kTokenIds, "bos_token_id");
    if (pad_token_id) check_range(*pad_token_id, kTokenIds, "pad_token_id");
    if (torch_dtype != "float32" && torch_dtype != "bfloat16" && torch_dtype != "float16")
        fail("torch_dtype '" + torch_dtype + "' is not supported (float32, bfloat16, float16)");
    if (!(attention_dropout >= 0 && attention_dropout < 1 && hidden_dropout >= 0 && hidden_dropout < 1))
        fail("dropout probabilities must be in [0, 1)");
    if (rope_scaling) validate_rope_scaling(*rope_scaling);
}

int64_t ModelConfig::parameter_count() const {
    const std::optional<int64_t> n = checked_parameter_count(*this);
    if (!n) throw UsageError("model config: the parameter count does not fit in 64 bits");
    return *n;
}

ModelConfig model_config_from_json(const std::string& json_text, const std::string& where) {
    const json j = parse_json(json_text, where);
    if (!j.is_object()) throw FileError(where, "expected a JSON object");

    ModelConfig c;
    c.model_type = required<std::string>(j, "model_type", where);
    if (c.model_type != "llama" && c.model_type != "mistral")
        throw FileError(where, "model_type '" + c.model_type + "' is not supported (llama, mistral)");
    // Integers are range-checked as they are read, before head_dim divides by the head count.
    c.vocab_size = required_integer(j, "vocab_size", kVocabSizes, where);
    c.hidden_size = required_integer(j, "hidden_size", kWidths, where);
    c.intermediate_size = required_integer(j, "intermediate_size", kWidths, where);
    c.num_hidden_layers = required_integer(j, "num_hidden_layers", kLayers, where);
    c.num_attention_heads = required_integer(j, "num_attention_heads", kHeads, where);
    c.num_key_value_heads = optional_integer(j, "num_key_value_heads", c.num_attention_heads, kHeads, where);
    c.head_dim = optional_integer(j, "head_dim", 0, {0, kWidths.max}, where);
    if (c.head_dim == c.hidden_size / c.num_attention_heads) c.head_dim = 0;
    c.max_position_embeddings = optional_integer(
        j, "max_position_embeddings", c.model_type == "mistral" ? 4096 * 32 : 2048, kPositions, where);
    c.rms_norm_eps = optional_value<double>(j, "rms_norm_eps", 1e-6, where);
    c.rope_theta = optional_value<double>(j, "rope_theta", 10000.0, where);
    c.tie_word_embeddings = optional_value<bool>(j, "tie_word_embeddings", false, where);
    if (j.contains("sliding_window") && !j["sliding_window"].is_null()) {
        bool used = c.model_type == "mistral" && optional_value<bool>(j, "use_sliding_window", true, where);
        if (used) c.sliding_window = required_integer(j, "sliding_window", kPositions, where);
    }
    c.attention_dropout = optional_value<double>(j, "attention_dropout", 0.0, where);
    c.hidden_dropout = optional_value<double>(j, "hidden_dropout", 0.0, where);
    c.bos_token_id = optional_integer(j, "bos_token_id", 1, kTokenIds, where);
    if (j.contains("eos_token_id") && j["eos_token_id"].is_array())
        c.eos_token_ids = integer_list(j, "eos_token_id", kTokenIds, where);
    else
        c.eos_token_ids = {optional_integer(j, "eos_token_id", 2, kTokenIds, where)};
    if (j.contains("pad_token_id") && !j["pad_token_id"].is_null())
        c.pad_token_id = required_integer(j, "pad_token_id", kTokenIds, where);
    // "dtype" since transformers 5, "torch_dtype" before.
    c.torch_dtype = optional_value<std::string>(
        j, "dtype", optional_value<std::string>(j, "torch_dtype", "float32", where), where);
    c.initializer_range = static_cast<float>(checked_real(
        optional_value<double>(j, "initializer_range", 0.02, where), 0, 1e6, "initializer_range", where));

    // Features this decoder does not implement are refused rather than silently ignored.
    std::string act = optional_value<std::string>(j, "hidden_act", "silu", where);
    if (act != "silu") throw FileError(where, "key 'hidden_act': '" + act + "' is not supported (silu)");
    // rope_scaling (transformers 4) or rope_parameters (transformers 5, which also carries rope_theta).
    c.rope_scaling = rope_scaling_from_json(j, where, &c.rope_theta);
    if (optional_value<bool>(j, "attention_bias", false, where))
        throw FileError(where, "key 'attention_bias': biased attention projections are not supported");
    if (optional_value<bool>(j, "mlp_bias", false, where))
        throw FileError(where, "key 'mlp_bias': biased MLP projections are not supported");
    try {
        c.validate();
    } catch (const UsageError& e) {
        throw FileError(where, e.what());
    }
    return c;
}

std::string model_config_to_json(const ModelConfig& c) {
    json j;
    j["architectures"] = {c.model_type == "mistral" ? "MistralForCausalLM" : "LlamaForCausalLM"};
    j["model_type"] = c.model_type;
    j["vocab_size"] = c.vocab_size;
    j["hidden_size"] = c.hidden_size;
    j["intermediate_size"] = c.intermediate_size;
    j["num_hidden_layers"] = c.num_hidden_layers;
    j["num_attention_heads"] = c.num_attention_heads;
    j["num_key_value_heads"] = c.num_key_value_heads;
    j["head_dim"] = c.resolved_head_dim();
    j["max_position_embeddings"] = c.max_position_embeddings;
    j["rms_norm_eps"] = c.rms_norm_eps;
    j["rope_theta"] = c.rope_theta;
    j["rope_scaling"] = rope_scaling_to_json(c.rope_scaling);
    j["hidden_act"] = "silu";
    j["attention_bias"] = false;
    j["mlp_bias"] = false;
    j["tie_word_embeddings"] = c.tie_word_embeddings;
    if (c.model_type == "mistral") {
        if (c.sliding_window)
            j["sliding_window"] = *c.sliding_window;
        else
            j["sliding_window"] = nullptr;
    }
    j["attention_dropout"] = c.attention_dropout;
    j["hidden_dropout"] = c.hidden_dropout;
    j["bos_token_id"] = c.bos_token_id;
    if (c.eos_token_ids.size() == 1)
        j["eos_token_id"] = c.eos_token_ids.front();
    else
        j["eos_token_id"] = c.eos_token_ids;
    if (c.pad_token_id) j["pad_token_id"] = *c.pad_token_id;
    j["torch_dtype"] = c.torch_dtype;
    j["initializer_range"] = c.initializer_range;
    j["use_cache"] = true;
    j["pretraining_tp"] = 1;
    return j.dump(2) + "\n";
}

ModelConfig read_model_config(const std::string& path) {
    return model_config_from_json(read_text_file(path, kMaxConfigBytes), path);
}

void write_model_config(const ModelConfig& config, const std::string& path) {
    write_file_atomically(path, model_config_to_json(config));
}

namespace {

ModelConfig shape(int64_t vocab, int64_t hidden, int64_t inter, int64_t layers, int64_t heads,
                  int64_t kv_heads, double theta, int64_t context) {
    ModelConfig c;
    c.vocab_size = vocab;
    c.hidden_size = hidden;
    c.intermediate_size = inter;
    c.num_hidden_layers = layers;
    c.num_attention_heads = heads;
    c.num_key_value_heads = kv_heads;
    c.rope_theta = theta;
    c.max_position_embeddings = context;
    return c;
}

const std::map<std::string, ModelConfig>& presets() {
    static const std::map<std::string, ModelConfig> table = [] {
        std::map<std::string, ModelConfig> t;
        // The seed's from-scratch models (Instruction Pre-Training, Table 10) and its 8B base.
        t["llama-500m"] = shape(32000, 1536, 4320, 16, 24, 24, 1e4, 2048);
        t["llama-1.3b"] = shape(32000, 2048, 8192, 20, 32, 8, 1e4, 2048);
        ModelConfig l3 = shape(128256, 4096, 14336, 32, 32, 8, 5e5, 8192);
        l3.bos_token_id = 128000;
        l3.eos_token_ids = {128001};
        t["llama3-8b"] = l3;
        // Llama 3.1 and 3.2: long context through llama3 RoPE scaling, EOS lists; 3.2 ties its head.
        ModelConfig l31 = l3;
        l31.max_position_embeddings = 131072;
        l31.rope_scaling = RopeScaling{};  // llama3, factor 8, 1 / 4, original 8192
        l31.eos_token_ids = {128001, 128008, 128009};
        t["llama3.1-8b"] = l31;
        ModelConfig l32 = shape(128256, 2048, 8192, 16, 32, 8, 5e5, 131072);
        l32.bos_token_id = 128000;
        l32.eos_token_ids = {128001, 128008, 128009};
        l32.rope_scaling = RopeScaling{"llama3", 32.0, 1.0, 4.0, 8192};
        l32.tie_word_embeddings = true;
        t["llama3.2-1b"] = l32;
        // Small shapes for laptops and tests: they train on a CPU in minutes or seconds.
        t["tiny"] = shape(32000, 64, 176, 2, 4, 2, 1e4, 512);
        t["small-10m"] = shape(32000, 256, 688, 4, 8, 4, 1e4, 1024);
        t["small-50m"] = shape(32000, 512, 1376, 8, 8, 4, 1e4, 2048);
        ModelConfig mistral = shape(32000, 64, 176, 2, 4, 2, 1e4, 512);
        mistral.model_type = "mistral";
        mistral.sliding_window = 128;
        t["tiny-mistral"] = mistral;
        // A Llama-3-shaped model small enough for tests: llama3 RoPE scaling, tied embeddings.
        ModelConfig tiny3 = shape(128256, 64, 176, 2, 4, 2, 5e5, 1024);
        tiny3.rope_scaling = RopeScaling{"llama3", 8.0, 1.0, 4.0, 256};
        tiny3.tie_word_embeddings = true;
        tiny3.bos_token_id = 128000;
        tiny3.eos_token_ids = {128001, 128009};
        t["tiny-llama3"] = tiny3;
        return t;
    }();
    return table;
}

}  // namespace

std::vector<std::string> model_preset_names() {
    std::vector<std::string> names;
    for (const auto& entry : presets()) names.push_back(entry.first);
    return names;
}

ModelConfig model_preset(const std::string& name) {
    auto it = presets().find(name);
    if (it == presets().end()) {
        std::string known;
        for (const auto& n : model_preset_names()) known += (known.empty() ? "" : ", ") + n;
        throw UsageError("unknown model preset '" + name + "' (known: " + known + ")");
    }
    return it->second;
}

}  // namespace ipt
