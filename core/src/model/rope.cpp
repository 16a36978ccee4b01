#include "ipt/model/rope.h"

#include <ATen/ATen.h>

#include <cmath>

#include "ipt/common/error.h"
#include "rope_json.h"

namespace ipt {

at::Tensor default_rope_inverse_frequencies(int64_t head_dim, double theta, c10::Device device) {
    auto options = at::TensorOptions().dtype(at::kFloat).device(device);
    at::Tensor exponents =
        at::arange(0, head_dim, 2, options.dtype(at::kLong)).to(at::kFloat) / double(head_dim);
    return 1.0 / at::pow(theta, exponents);
}

namespace {

// Llama 3.1's scheme (transformers' _compute_llama3_parameters): wavelengths longer than the original
// context / low_freq_factor are slowed by `factor`, shorter than context / high_freq_factor are kept, and
// the band between is interpolated smoothly.
at::Tensor llama3_frequencies(const at::Tensor& inv_freq, const RopeScaling& s) {
    const double original = double(s.original_max_position_embeddings);
    const double low_wavelen = original / s.low_freq_factor, high_wavelen = original / s.high_freq_factor;
    at::Tensor wavelen = 2 * M_PI / inv_freq;
    at::Tensor scaled = at::where(wavelen > low_wavelen, inv_freq / s.factor, inv_freq);
    at::Tensor smooth = (original / wavelen - s.low_freq_factor) / (s.high_freq_factor - s.low_freq_factor);
    at::Tensor smoothed = (1 - smooth) * scaled / s.factor + smooth * scaled;
    at::Tensor medium = (wavelen >= high_wavelen).logical_and(wavelen <= low_wavelen);
    return at::where(medium, smoothed, scaled);
}

}  // namespace

at::Tensor rope_inverse_frequencies(const ModelConfig& config, int64_t sequence_length, c10::Device device) {
    const int64_t dim = config.resolved_head_dim();
    if (!config.rope_scaling) return default_rope_inverse_frequencies(dim, config.rope_theta, device);
    const RopeScaling& s = *config.rope_scaling;
    if (s.type == "linear")
        return default_rope_inverse_frequencies(dim, config.rope_theta, device) / s.factor;
    if (s.type == "llama3")
        return llama3_frequencies(default_rope_inverse_frequencies(dim, config.rope_theta, device), s);
    if (s.type == "dynamic") {
        // transformers' _compute_dynamic_ntk_parameters: theta grows with the sequence past the context.
        const int64_t context = s.original_max_position_embeddings > 0 ? s.original_max_position_embeddings
                                                                       : config.max_position_embeddings;
        double theta = config.rope_theta;
        if (sequence_length > context) {
            const double grown = s.factor * double(sequence_length) / double(context) - (s.factor - 1);
            theta *= std::pow(grown, double(dim) / double(dim - 2));
        }
        return default_rope_inverse_frequencies(dim, theta, device);
    }
    throw UsageError("rope_scaling type '" + s.type + "' is not supported (llama3, linear, dynamic)");
}

void validate_rope_scaling(const RopeScaling& s) {
    auto fail = [](const std::string& what) { throw UsageError("model config: rope_scaling: " + what); };
    if (s.type != "llama3" && s.type != "linear" && s.type != "dynamic")
        fail("rope_type '" + s.type + "' is not supported (llama3, linear, dynamic)");
    if (!(s.factor > 0) || !std::isfinite(s.factor)) fail("factor must be positive");
    if (s.type == "llama3") {
        if (s.original_max_position_embeddings <= 0)
            fail("llama3 needs original_max_position_embeddings > 0");
        if (!(s.low_freq_factor > 0) || !(s.high_freq_factor > s.low_freq_factor))
            fail("llama3 needs 0 < low_freq_factor < high_freq_factor");
    }
    if (s.original_max_position_embeddings < 0) fail("original_max_position_embeddings must not be negative");
}

std::optional<RopeScaling> rope_scaling_from_json(const nlohmann::json& j, const std::string& where,
                                                  double* theta) {
    const char* key = "rope_scaling";
    if (!j.contains("rope_scaling") || j["rope_scaling"].is_null()) key = "rope_parameters";
    if (!j.contains(key) || j[key].is_null()) return std::nullopt;
    const nlohmann::json& r = j[key];
    const std::string name = std::string("key '") + key + "'";
    if (!r.is_object()) throw FileError(where, name + ": expected an object, got " + r.dump());
    auto number = [&](const char* field, double fallback) {
        if (!r.contains(field) || r[field].is_null()) return fallback;
        if (!r[field].is_number())
            throw FileError(where, name + ": '" + field + "' must be a number, got " + r[field].dump());
        return r[field].get<double>();
    };
    if (std::string(key) == "rope_parameters" && r.contains("rope_theta"))
        *theta = number("rope_theta", *theta);
    std::string type;
    for (const char* field : {"rope_type", "type"})
        if (r.contains(field) && r[field].is_string()) {
            type = r[field].get<std::string>();
            break;
        }
    if (type.empty() || type == "default") return std::nullopt;
    if (type != "llama3" && type != "linear" && type != "dynamic")
        throw FileError(where,
                        name + ": rope_type '" + type + "' is not supported (llama3, linear, dynamic)");
    RopeScaling s;
    s.type = type;
    s.factor = number("factor", 1.0);
    s.low_freq_factor = number("low_freq_factor", 1.0);
    s.high_freq_factor = number("high_freq_factor", 4.0);
    const double original = number("original_max_position_embeddings", 0);
    if (original != std::floor(original) || original < 0 || original > 1e12)
        throw FileError(where, name + ": 'original_max_position_embeddings' must be a whole number");
    s.original_max_position_embeddings = static_cast<int64_t>(original);
    if (type == "llama3" && !r.contains("original_max_position_embeddings"))
        throw FileError(where, name + ": llama3 scaling needs 'original_max_position_embeddings'");
    try {
        validate_rope_scaling(s);
    } catch (const UsageError& e) {
        throw FileError(where, name + ": " + e.what());
    }
    return s;
}

nlohmann::json rope_scaling_to_json(const std::optional<RopeScaling>& scaling) {
    if (!scaling) return nullptr;
    nlohmann::json r;
    r["rope_type"] = scaling->type;
    r["factor"] = scaling->factor;
    if (scaling->type == "llama3") {
        r["low_freq_factor"] = scaling->low_freq_factor;
        r["high_freq_factor"] = scaling->high_freq_factor;
    }
    if (scaling->original_max_position_embeddings > 0)
        r["original_max_position_embeddings"] = scaling->original_max_position_embeddings;
    return r;
}

}  // namespace ipt
