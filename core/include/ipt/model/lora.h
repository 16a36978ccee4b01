#pragma once
// Low-rank adapters (Hu et al., 2021) on the decoder's projections: y = W x + (alpha / r) B A dropout(x),
// with A [r, in] and B [out, r]. B starts at zero, so an adapted model begins as its base. Stored the
// way PEFT stores them (adapter_config.json + adapter_model.safetensors), so PEFT loads ours.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace ipt {

struct LoraSettings {
    int64_t rank = 8;
    double alpha = 32;
    double dropout = 0.05;
    std::vector<std::string> targets{"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                     "gate_proj", "up_proj", "down_proj"};

    // rsLoRA (PEFT's use_rslora): the update is scaled by alpha / sqrt(r) instead of alpha / r.
    bool rank_stabilized = false;

    double scale() const { return rank_stabilized ? alpha / std::sqrt(double(rank)) : alpha / double(rank); }
};

// The projection names a target may use.
const std::vector<std::string>& lora_target_names();

// adapter_config.json <-> settings. `where` names the file in errors. PEFT options that change what
// the adapters compute and that this decoder does not implement (DoRA, per-module ranks, layer
// subsets, extra trained modules, ...) are refused by name rather than ignored.
std::string lora_config_to_json(const LoraSettings& settings, const std::string& base_model);
LoraSettings lora_config_from_json(const std::string& text, const std::string& where);

// Our parameter name ("model.layers.0.self_attn.q_proj.lora_A.weight") <-> PEFT's
// ("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").
std::string peft_name(const std::string& name);
std::string from_peft_name(const std::string& name);

}  // namespace ipt
