#include "ipt/model/lora.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "../common/json_read.h"
#include "ipt/common/error.h"

namespace ipt {

namespace {
const std::string kPeftPrefix = "base_model.model.";
}

const std::vector<std::string>& lora_target_names() {
    static const std::vector<std::string> names{"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                                "gate_proj", "up_proj", "down_proj"};
    return names;
}

std::string lora_config_to_json(const LoraSettings& s, const std::string& base_model) {
    nlohmann::json j{
        {"peft_type", "LORA"},   {"task_type", "CAUSAL_LM"},  {"r", s.rank},
        {"lora_alpha", s.alpha}, {"lora_dropout", s.dropout}, {"target_modules", s.targets},
        {"bias", "none"},        {"fan_in_fan_out", false},   {"use_rslora", s.rank_stabilized},
        {"use_dora", false},     {"inference_mode", false},   {"base_model_name_or_path", base_model}};
    return j.dump(2) + "\n";
}

LoraSettings lora_config_from_json(const std::string& text, const std::string& where) {
    LoraSettings s;
    try {
        const auto j = parse_json(text, where);
        if (j.value("peft_type", "LORA") != "LORA")
            throw FileError(where, "key 'peft_type': only LORA adapters are supported");
        // The rank sizes the adapter tensors: checked before anything allocates them.
        s.rank = json_integer(j.at("r"), {1, int64_t(1) << 12}, "r", where);
        s.alpha = checked_real(json_number(j.at("lora_alpha"), "lora_alpha", where), 1e-12, 1e12,
                               "lora_alpha", where);
        const bool has_dropout = j.contains("lora_dropout") && !j["lora_dropout"].is_null();
        s.dropout = checked_real(has_dropout ? json_number(j["lora_dropout"], "lora_dropout", where) : 0.0, 0,
                                 0.999999, "lora_dropout", where);
        if (j.at("target_modules").is_string())
            throw FileError(where, "key 'target_modules': a regular expression (" +
                                       j["target_modules"].dump() +
                                       ") is not supported; list the projections");
        s.targets = j.at("target_modules").get<std::vector<std::string>>();
        s.rank_stabilized = j.value("use_rslora", false);
        if (j.value("bias", "none") != "none")
            throw FileError(where, "key 'bias': adapters with biases are not supported");
        // Options that would make PEFT compute something else than W x + scale B A x on every layer.
        for (const char* flag : {"use_dora", "fan_in_fan_out", "lora_bias", "use_qalora"})
            if (j.contains(flag) && j[flag].is_boolean() && j[flag].get<bool>())
                throw FileError(where, std::string("key '") + flag + "': not supported by this decoder");
        for (const char* key : {"rank_pattern", "alpha_pattern", "layers_to_transform", "layers_pattern",
                                "modules_to_save", "layer_replication", "trainable_token_indices",
                                "target_parameters", "alora_invocation_tokens"}) {
            if (!j.contains(key)) continue;
            const auto& v = j[key];
            if (!v.is_null() && !(v.is_object() && v.empty()) && !(v.is_array() && v.empty()))
                throw FileError(where, std::string("key '") + key + "': " + v.dump() +
                                           " is not supported by this decoder");
        }
    } catch (const nlohmann::json::exception& e) {
        throw FileError(where, std::string("malformed adapter config: ") + shortened(e.what()));
    }
    for (const auto& t : s.targets)
        if (std::find(lora_target_names().begin(), lora_target_names().end(), t) == lora_target_names().end())
            throw FileError(where, "target module '" + t + "' is not a projection of this decoder");
    return s;
}

std::string peft_name(const std::string& name) {
    return kPeftPrefix + name;
}

std::string from_peft_name(const std::string& name) {
    return name.rfind(kPeftPrefix, 0) == 0 ? name.substr(kPeftPrefix.size()) : name;
}

}  // namespace ipt
