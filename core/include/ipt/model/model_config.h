#pragma once
// The architecture of a Llama/Mistral decoder, as Hugging Face's config.json spells it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ipt {

// config.json's rope_scaling (rope.h computes the frequencies). Llama 3.1 / 3.2 use "llama3".
struct RopeScaling {
    std::string type = "llama3";  // "llama3", "linear" or "dynamic"
    double factor = 8.0;
    double low_freq_factor = 1.0, high_freq_factor = 4.0;  // llama3
    int64_t original_max_position_embeddings = 8192;       // llama3; dynamic (0: max_position_embeddings)
};

struct ModelConfig {
    std::string model_type = "llama";  // "llama" or "mistral"
    int64_t vocab_size = 32000;
    int64_t hidden_size = 4096;
    int64_t intermediate_size = 11008;
    int64_t num_hidden_layers = 32;
    int64_t num_attention_heads = 32;
    int64_t num_key_value_heads = 32;
    int64_t head_dim = 0;  // 0: hidden_size / num_attention_heads
    int64_t max_position_embeddings = 4096;
    double rms_norm_eps = 1e-5;
    double rope_theta = 10000.0;
    std::optional<RopeScaling> rope_scaling;
    bool tie_word_embeddings = false;
    std::optional<int64_t> sliding_window;  // Mistral: a query sees at most this many keys
    double attention_dropout = 0.0;
    double hidden_dropout = 0.0;  // after the attention and MLP branches; not an HF Llama key
    int64_t bos_token_id = 1;
    std::vector<int64_t> eos_token_ids = {2};
    std::optional<int64_t> pad_token_id;
    std::string torch_dtype = "float32";  // "float32", "bfloat16" or "float16"
    float initializer_range = 0.02f;

    int64_t resolved_head_dim() const { return head_dim > 0 ? head_dim : hidden_size / num_attention_heads; }
    // Throws UsageError naming the first inconsistent field.
    void validate() const;
    // Exact number of weights of the decoder built from this config.
    int64_t parameter_count() const;
};

// config.json <-> ModelConfig. `where` names the file in error messages.
ModelConfig model_config_from_json(const std::string& json_text, const std::string& where = "config.json");
std::string model_config_to_json(const ModelConfig& config);
ModelConfig read_model_config(const std::string& path);
void write_model_config(const ModelConfig& config, const std::string& path);

// Named starting points: the seed's 500M, 1.3B and Llama-3-8B shapes, and small ones that train on a CPU.
std::vector<std::string> model_preset_names();
ModelConfig model_preset(const std::string& name);  // throws UsageError listing the known names

}  // namespace ipt
