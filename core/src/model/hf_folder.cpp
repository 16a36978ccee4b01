#include "ipt/model/hf_folder.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>
#include <sstream>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/model/lora.h"
#include "ipt/model/runtime.h"
#include "ipt/model/safetensors.h"
#include "ipt/text/model_tokenizer.h"

namespace ipt {
namespace fs = std::filesystem;
namespace {

std::string shape_string(at::IntArrayRef shape) {
    std::ostringstream s;
    s << "[";
    for (size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
    s << "]";
    return s.str();
}

bool ignorable(const std::string& name, const ModelConfig& config) {
    // Older checkpoints store the rotary frequencies; tied models may still carry a copy of the head.
    if (name.find("rotary_emb.inv_freq") != std::string::npos) return true;
    return config.tie_word_embeddings && name == "lm_head.weight";
}

// PEFT's adapter_config.json + adapter_model.safetensors, when the folder has them (`required`: it must).
void load_adapters(const std::string& folder, Decoder& model, bool required) {
    const fs::path config_path = fs::path(folder) / "adapter_config.json";
    if (!fs::exists(config_path)) {
        if (required)
            throw FileError(config_path.string(), "missing: an adapter folder needs adapter_config.json");
        return;
    }
    LoraSettings settings = lora_config_from_json(read_text_file(config_path), config_path.string());
    model.add_lora(settings, 0);
    auto file = SafetensorsFile::open((fs::path(folder) / "adapter_model.safetensors").string());
    c10::NoGradGuard no_grad;
    std::set<std::string> used;
    for (const auto& [name, param] : model.named_parameters()) {
        if (name.find(".lora_") == std::string::npos) continue;
        if (!file->contains(peft_name(name)))
            throw FileError(file->path(),
                            "missing tensor '" + peft_name(name) + "' (adapter_config.json targets " + "it)");
        used.insert(peft_name(name));
        at::Tensor saved = file->tensor(peft_name(name));
        if (saved.sizes() != param.sizes())
            throw FileError(file->path(), "tensor '" + peft_name(name) + "' has shape " +
                                              shape_string(saved.sizes()) + ", adapter_config.json implies " +
                                              shape_string(param.sizes()));
        param.copy_(saved);
    }
    // A tensor nobody reads would be an adapter silently dropped (another layer naming, an embedding).
    for (const auto& entry : file->entries())
        if (!used.count(entry.name))
            throw FileError(file->path(), "tensor '" + entry.name + "' is not an adapter of this model's " +
                                              "target projections");
}

ModelConfig read_folder_config(const std::string& folder) {
    fs::path config_path = fs::path(folder) / "config.json";
    if (!fs::is_directory(folder)) throw FileError(folder, "not a model folder (no such directory)");
    if (!fs::exists(config_path))
        throw FileError(config_path.string(), "missing: a model folder needs config.json");
    return read_model_config(config_path.string());
}

}  // namespace

LoadedModel load_hf_model(const std::string& folder, const LoadOptions& options) {
    ModelConfig config = read_folder_config(folder);
    SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint::open(folder);
    c10::ScalarType dtype = options.dtype ? *options.dtype : parse_dtype(config.torch_dtype);
    c10::Device device = parse_device(options.device);

    // Every weight is checked against config.json before the model is allocated: a config that
    // disagrees with its files (or claims an absurd size) is an error naming the tensor, never a
    // gigabyte-sized allocation that fails or a copy between mismatched shapes.
    for (const auto& [name, shape] : decoder_parameter_shapes(config)) {
        if (!checkpoint.contains(name))
            throw FileError(
                checkpoint.files().front()->path(),
                "missing tensor '" + name + "' (needed by the config in " + folder + "/config.json)");
        const SafetensorsEntry& entry = checkpoint.entry(name);
        if (entry.shape != shape)
            throw FileError(checkpoint.file_of(name), "tensor '" + name + "' has shape " +
                                                          shape_string(entry.shape) +
                                                          ", config.json implies " + shape_string(shape));
        at::ScalarType stored;
        safetensors_dtype_from_name(entry.dtype, &stored, nullptr);
        if (stored != at::kFloat && stored != at::kHalf && stored != at::kBFloat16)
            throw FileError(checkpoint.file_of(name), "tensor '" + name + "' has dtype " + entry.dtype +
                                                          "; weights must be F32, F16 or BF16");
    }

    LoadedModel loaded;
    loaded.model = std::make_unique<Decoder>(config, at::TensorOptions().dtype(dtype).device(device));
    c10::NoGradGuard no_grad;
    const auto& parameters = loaded.model->named_parameters();
    int64_t done = 0;
    for (const auto& [name, param] : parameters) {
        param.copy_(checkpoint.tensor(name));
        report(options.progress, "loading weights", ++done, static_cast<int64_t>(parameters.size()));
    }
    for (const std::string& name : checkpoint.names())
        if (!loaded.model->has_parameter(name) && !ignorable(name, config))
            loaded.unused_tensors.push_back(name);
    if (options.adapter.empty())
        load_adapters(folder, *loaded.model, false);
    else
        load_adapters(options.adapter, *loaded.model, true);
    return loaded;
}

void save_hf_model(const Decoder& model, const std::string& folder, const SaveOptions& options) {
    fs::path target = fs::path(folder);
    if (target.filename().empty()) target = target.parent_path();
    if (!options.tokenizer_file.empty() && !fs::exists(options.tokenizer_file))
        throw FileError(options.tokenizer_file, "tokenizer file not found");
    // A save killed before its rename left a staging folder (or the old folder it was replacing).
    remove_stale_temporaries(target, "saving");
    remove_stale_temporaries(target, "old");
    fs::path staging = temporary_path(target, "saving");
    fs::create_directories(staging);
    try {
        ModelConfig config = model.config();
        c10::ScalarType dtype = options.dtype ? *options.dtype : model.dtype();
        config.torch_dtype = dtype_name(dtype);
        write_model_config(config, (staging / "config.json").string());

        nlohmann::json generation;
        generation["bos_token_id"] = config.bos_token_id;
        if (config.eos_token_ids.size() == 1)
            generation["eos_token_id"] = config.eos_token_ids.front();
        else
            generation["eos_token_id"] = config.eos_token_ids;
        if (config.pad_token_id) generation["pad_token_id"] = *config.pad_token_id;
        write_file_atomically(staging / "generation_config.json", generation.dump(2) + "\n");

        NamedTensors tensors, adapters;
        for (const auto& [name, param] : model.named_parameters()) {
            if (name.find(".lora_") != std::string::npos)
                adapters.emplace_back(peft_name(name), param.detach().to(dtype));
            else
                tensors.emplace_back(name, param.detach().to(dtype));
        }
        write_safetensors_checkpoint(staging.string(), tensors, options.max_shard_bytes);
        if (model.has_lora()) {
            // The base weights stay a plain HF model; the adapters sit beside them as PEFT writes them.
            write_file_atomically(staging / "adapter_config.json", lora_config_to_json(model.lora(), "."));
            write_safetensors((staging / "adapter_model.safetensors").string(), adapters);
        }
        if (!options.tokenizer_file.empty()) copy_tokenizer_files(options.tokenizer_file, staging.string());

        // Swap the finished folder into place; an existing one is moved aside first and removed after.
        fs::path old;
        if (fs::exists(target)) {
            old = temporary_path(target, "old");
            fs::rename(target, old);
        }
        fs::rename(staging, target);
        if (!old.empty()) fs::remove_all(old);
    } catch (const fs::filesystem_error& e) {
        std::error_code ec;
        fs::remove_all(staging, ec);
        throw FileError(target.string(), std::string("cannot write model folder: ") + e.what());
    } catch (...) {
        std::error_code ec;
        fs::remove_all(staging, ec);
        throw;
    }
}

ModelSummary summarize_hf_model(const std::string& folder) {
    ModelSummary summary;
    summary.config = read_folder_config(folder);
    SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint::open(folder);
    std::set<std::string> dtypes;
    for (const std::string& name : checkpoint.names()) {
        const SafetensorsEntry& e = checkpoint.entry(name);
        int64_t n = 1;
        for (int64_t d : e.shape) n *= d;
        if (!ignorable(name, summary.config)) summary.parameters += n;
        summary.weight_bytes += e.end - e.begin;
        dtypes.insert(e.dtype);
    }
    summary.dtypes.assign(dtypes.begin(), dtypes.end());
    for (const auto& f : checkpoint.files()) summary.files.push_back(fs::path(f->path()).filename().string());
    const std::string tokenizer = tokenizer_file_in(folder);
    summary.has_tokenizer = !tokenizer.empty();
    if (summary.has_tokenizer) summary.tokenizer_file = fs::path(tokenizer).filename().string();
    return summary;
}

}  // namespace ipt
