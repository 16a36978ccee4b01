#include "ipt/vocab/adaptation.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/data/dataset_builder.h"
#include "ipt/text/model_tokenizer.h"
#include "ipt/train/train_config.h"
#include "ipt/train/trainer.h"

namespace ipt {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> expansion_methods(const fs::path& folder) {
    const fs::path path = folder / "expansion.json";
    if (!fs::exists(path))
        throw FileError(path.string(),
                        "not found: is " + folder.string() + " a folder written by 'ipt vocab expand'?");
    const nlohmann::json j = nlohmann::json::parse(read_text_file(path), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("methods") || !j["methods"].is_array())
        throw FileError(path.string(), "not valid JSON with a 'methods' list");
    std::vector<std::string> out;
    for (const auto& m : j["methods"]) {
        if (!m.is_string()) throw FileError(path.string(), "key 'methods' holds a non-string");
        out.push_back(m.get<std::string>());
    }
    return out;
}

// The checkpoint checkpoints/latest names ("step-0000100"), "" when there is none. It moves only once
// a checkpoint is whole.
std::string latest_checkpoint(const fs::path& dir) {
    const RunPaths paths(dir.string());
    if (!fs::exists(paths.latest())) return "";
    std::string latest = read_text_file(paths.latest());
    while (!latest.empty() && (latest.back() == '\n' || latest.back() == '\r')) latest.pop_back();
    return latest;
}

// Whether the run in `dir` has its final checkpoint.
bool run_is_complete(const fs::path& dir, int64_t steps) {
    const std::string latest = latest_checkpoint(dir);
    if (latest.rfind("step-", 0) != 0 || latest.size() == 5) return false;
    const std::string digits = latest.substr(5);
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 18) return false;
    return std::stoll(digits) == steps;
}

// The last training and validation losses a run logged (its result when it was complete already).
void read_last_losses(const fs::path& dir, AdaptedMethod* out) {
    std::ifstream in(RunPaths(dir.string()).metrics());
    std::string line;
    while (std::getline(in, line)) {
        const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) continue;
        if (j.contains("loss") && j["loss"].is_number()) out->last_loss = j["loss"].get<double>();
        if (j.contains("val_loss") && j["val_loss"].is_number())
            out->last_val_loss = j["val_loss"].get<double>();
        if (j.contains("step") && j["step"].is_number_integer()) out->steps = j["step"].get<int64_t>();
    }
}

void apply_overrides(const AdaptationOptions& o, TrainConfig* c) {
    if (o.steps) c->steps = *o.steps;
    if (o.sequence_length) c->sequence_length = *o.sequence_length;
    if (o.micro_batch) c->micro_batch = *o.micro_batch;
    if (o.global_batch_tokens)
        c->global_batch_tokens = *o.global_batch_tokens;
    else if (o.sequence_length || o.micro_batch)
        c->global_batch_tokens = c->sequence_length * c->micro_batch;  // keep the batch consistent
    if (o.lr) {
        c->lr = *o.lr;
        c->min_lr = *o.lr / 10;
    }
    if (o.warmup_steps)
        c->warmup_steps = *o.warmup_steps;
    else if (o.steps)
        c->warmup_steps = std::min(c->warmup_steps, c->steps / 10);
    if (o.eval_every) c->eval_every = *o.eval_every;
    if (o.log_every) c->log_every = *o.log_every;
    if (!o.device.empty()) c->device = o.device;
    // Checkpoints at the end only for short runs, else four along the way (resumable, few on disk).
    c->checkpoint_every = c->steps >= 200 ? c->steps / 4 : 0;
}

}  // namespace

std::vector<AdaptedMethod> adapt_expansion(const AdaptationOptions& o) {
    const fs::path folder = fs::absolute(o.expanded);
    if (o.runs_folder.empty()) throw UsageError("no folder for the adaptation runs given");
    std::vector<std::string> methods = o.methods.empty() ? expansion_methods(folder) : o.methods;
    if (methods.empty()) throw FileError((folder / "expansion.json").string(), "lists no methods");
    std::string prefix = o.prefix.empty() ? folder.filename().string() : o.prefix;
    if (prefix.empty()) prefix = "lapt";

    // Every config is read and checked before the first run starts.
    std::vector<TrainConfig> configs;
    for (const auto& m : methods) {
        const fs::path toml = folder / m / "lapt.toml";
        if (!fs::exists(toml))
            throw FileError(toml.string(), "not found: expand wrote no LAPT config for method '" + m +
                                               "' (was it run with --no-lapt, or without this method?)");
        TrainConfig c = read_train_config(toml.string());
        apply_overrides(o, &c);
        try {
            c.validate();
        } catch (const UsageError& e) {
            throw UsageError(toml.string() + " with the overrides: " + e.what());
        }
        configs.push_back(std::move(c));
    }
    if (!o.validation_text.empty()) {
        // The held-out text with the extended tokenizer, once for all methods (a complete earlier
        // preparation of the same text is kept).
        PrepareOptions prepare;
        prepare.inputs = {o.validation_text};
        prepare.output = (folder / "lapt-validation").string();
        auto tokenizer = load_tokenizer(folder.string());
        const PrepareReport r = prepare_dataset(prepare, *tokenizer, o.progress, o.cancel);
        if (r.tokens == 0) throw FileError(o.validation_text, "no text to validate on");
        for (auto& c : configs) {
            c.validation = prepare.output;
            c.validation_tokens = std::min<int64_t>(c.validation_tokens, int64_t(r.tokens));
        }
    }

    fs::create_directories(o.runs_folder);
    std::vector<AdaptedMethod> out;
    for (size_t i = 0; i < methods.size(); ++i) {
        o.cancel.throw_if_cancelled();
        AdaptedMethod a;
        a.method = methods[i];
        a.run_dir = (fs::absolute(o.runs_folder) / (prefix + "-" + methods[i])).string();
        if (run_is_complete(a.run_dir, configs[i].steps)) {
            a.already_complete = true;
            read_last_losses(a.run_dir, &a);
            a.last_checkpoint = RunPaths(a.run_dir).checkpoints() + "/" + latest_checkpoint(a.run_dir);
            out.push_back(a);
            continue;
        }
        TrainOptions t;
        t.run_dir = a.run_dir;
        t.cancel = o.cancel;
        t.progress = [&](const Progress& p) {
            if (!o.progress) return;
            Progress q = p;
            q.stage = methods[i] + ": " + p.stage;
            o.progress(q);
        };
        if (o.on_log) t.on_log = [&](const std::string& line) { o.on_log(methods[i] + ": " + line); };
        // A run directory with a config but no final checkpoint was stopped: it resumes (from step 0 when
        // it had written none).
        const bool resume = fs::exists(RunPaths(a.run_dir).config());
        const TrainResult r = resume ? resume_training(t) : train(configs[i], t);
        a.steps = r.steps_done;
        a.last_loss = r.last_loss;
        a.last_val_loss = r.last_val_loss;
        a.last_checkpoint = r.last_checkpoint;
        out.push_back(a);
        if (r.stopped_early) throw Cancelled();
    }
    return out;
}

}  // namespace ipt
