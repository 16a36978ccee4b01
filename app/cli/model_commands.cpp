// `ipt model init` and `ipt model info`.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "ipt/common/error.h"
#include "ipt/model/decoder.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/model_config.h"
#include "ipt/model/runtime.h"
#include "ipt/text/model_tokenizer.h"
#include "ipt/text/tokenizer.h"

namespace ipt::cli {
namespace {

std::string human_bytes(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024 && u < 4) {
        bytes /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.2f %s", bytes, units[u]);
    return buf;
}

std::string human_count(int64_t n) {
    char buf[32];
    if (n >= 1000000000)
        std::snprintf(buf, sizeof buf, "%.2fB", n / 1e9);
    else if (n >= 1000000)
        std::snprintf(buf, sizeof buf, "%.1fM", n / 1e6);
    else
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(n));
    return buf;
}

struct InitArgs {
    std::string preset, out, tokenizer, dtype = "float32";
    int64_t vocab_size = 0;
    uint64_t seed = 0;
};

void run_init(const InitArgs& a) {
    ModelConfig config = model_preset(a.preset);
    if (!a.tokenizer.empty()) {
        auto tok = load_tokenizer(a.tokenizer);
        config.vocab_size = tok->vocab_size();
        if (tok->bos_id() >= 0) config.bos_token_id = tok->bos_id();
        if (tok->eos_id() >= 0) config.eos_token_ids = {tok->eos_id()};
    }
    if (a.vocab_size > 0) config.vocab_size = a.vocab_size;
    config.torch_dtype = dtype_name(parse_dtype(a.dtype));
    Decoder model(config, at::TensorOptions().dtype(parse_dtype(a.dtype)));
    model.init_weights(a.seed);
    SaveOptions save;
    save.tokenizer_file = a.tokenizer;
    save_hf_model(model, a.out, save);
    std::cout << "wrote " << a.out << ": preset " << a.preset << ", " << human_count(model.parameter_count())
              << " parameters, vocab " << config.vocab_size << ", " << config.torch_dtype << "\n";
}

void run_info(const std::string& folder) {
    ModelSummary s = summarize_hf_model(folder);
    const ModelConfig& c = s.config;
    std::ostringstream out;
    out << "model:        " << folder << "\n"
        << "type:         " << c.model_type
        << (c.sliding_window ? " (sliding window " + std::to_string(*c.sliding_window) + ")" : "") << "\n"
        << "parameters:   " << human_count(s.parameters) << " (" << s.parameters << ")\n"
        << "dtype:        " << c.torch_dtype << " (stored:";
    for (const auto& d : s.dtypes) out << " " << d;
    out << ")\n"
        << "size:         " << human_bytes(static_cast<double>(s.weight_bytes)) << " in " << s.files.size()
        << (s.files.size() == 1 ? " file" : " files") << "\n"
        << "vocab:        " << c.vocab_size << "\n"
        << "hidden:       " << c.hidden_size << ", intermediate " << c.intermediate_size << "\n"
        << "layers:       " << c.num_hidden_layers << "\n"
        << "heads:        " << c.num_attention_heads << " (kv " << c.num_key_value_heads << ", head dim "
        << c.resolved_head_dim() << ")\n"
        << "context:      " << c.max_position_embeddings << ", RoPE theta " << c.rope_theta << "\n"
        << "tied head:    " << (c.tie_word_embeddings ? "yes" : "no") << "\n"
        << "tokenizer:    " << (s.has_tokenizer ? s.tokenizer_file : "none") << "\n";
    if (s.parameters != c.parameter_count())
        out << "warning:      the config implies " << c.parameter_count() << " parameters\n";
    std::cout << out.str();
}

void run_merge(const std::string& folder, const std::string& adapter, const std::string& out) {
    LoadOptions load;
    load.dtype = at::kFloat;  // merge in fp32, save in the folder's dtype
    load.adapter = adapter;
    LoadedModel loaded = load_hf_model(folder, load);
    if (!loaded.model->has_lora())
        throw UsageError(folder + ": no LoRA adapters (adapter_config.json) to merge; a PEFT adapter saved " +
                         "apart from its base goes in --adapter");
    const ModelConfig stored = read_model_config(folder + "/config.json");
    loaded.model->merge_lora();
    SaveOptions save;
    save.dtype = parse_dtype(stored.torch_dtype);
    save.tokenizer_file = tokenizer_file_in(folder);
    save_hf_model(*loaded.model, out, save);
    std::cout << "merged the adapters of " << folder << " into " << out << "\n";
}

}  // namespace

void add_model_commands(CLI::App& app) {
    CLI::App* model = app.add_subcommand("model", "Create and inspect Hugging Face model folders");
    model->require_subcommand(1);

    auto init_args = std::make_shared<InitArgs>();
    CLI::App* init = model->add_subcommand("init", "Write a freshly initialised model from a preset");
    std::string presets;
    for (const auto& n : model_preset_names()) presets += (presets.empty() ? "" : ", ") + n;
    init->add_option("--preset", init_args->preset, "Architecture preset: " + presets)->required();
    init->add_option("--out", init_args->out, "Output folder")->required();
    init->add_option("--vocab-size", init_args->vocab_size, "Override the preset's vocabulary size");
    init->add_option("--tokenizer", init_args->tokenizer,
                     "tokenizer.json or tokenizer.model to copy in (sets vocab size, BOS and EOS from it)");
    init->add_option("--dtype", init_args->dtype, "float32, bfloat16 or float16");
    init->add_option("--seed", init_args->seed, "Initialisation seed");
    init->callback([init_args] { run_init(*init_args); });

    auto folder = std::make_shared<std::string>();
    CLI::App* info =
        model->add_subcommand("info", "Config, parameter count, dtype and size of a model folder");
    info->add_option("folder", *folder, "Model folder")->required();
    info->callback([folder] { run_info(*folder); });

    auto merge_in = std::make_shared<std::string>(), merge_out = std::make_shared<std::string>(),
         merge_adapter = std::make_shared<std::string>();
    CLI::App* merge = model->add_subcommand(
        "merge-lora", "Fold LoRA adapters into the weights (as PEFT's merge_and_unload): a plain HF folder");
    merge
        ->add_option("--model", *merge_in,
                     "Model folder; with its own adapter_config.json + adapter_model.safetensors unless "
                     "--adapter is given")
        ->required();
    merge->add_option("--adapter", *merge_adapter,
                      "A PEFT adapter folder saved apart from the base (PeftModel.save_pretrained)");
    merge->add_option("--out", *merge_out, "Output folder")->required();
    merge->callback(
        [merge_in, merge_adapter, merge_out] { run_merge(*merge_in, *merge_adapter, *merge_out); });
}

}  // namespace ipt::cli
