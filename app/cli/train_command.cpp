// `ipt train --config run.toml --run DIR` and `ipt train --resume DIR`.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "ipt/common/error.h"
#include "ipt/model/attention.h"
#include "ipt/model/model_config.h"
#include "ipt/train/memory_plan.h"
#include "ipt/train/process_group.h"
#include "ipt/train/trainer.h"
#include "progress_line.h"

namespace ipt::cli {
namespace {

struct TrainArgs {
    std::string config, run, resume;
    bool quiet = false;
    bool plan = false;
    int gpus = 1;
    std::string gpu_memory, model;
};

// The architecture a run trains: its preset, or its model folder's config.json (`--model` names a
// preset or folder instead, to plan a run whose base model is not downloaded yet).
ModelConfig planned_model(const TrainConfig& config, const std::string& model) {
    const std::string source = !model.empty() ? model : !config.preset.empty() ? config.preset : config.from;
    const auto presets = model_preset_names();
    ModelConfig m = std::find(presets.begin(), presets.end(), source) != presets.end()
                        ? model_preset(source)
                        : read_model_config((std::filesystem::path(source) / "config.json").string());
    if (config.vocab_size && !config.preset.empty() && model.empty()) m.vocab_size = *config.vocab_size;
    return m;
}

void print_plan(const TrainArgs& a) {
    if (a.config.empty()) throw UsageError("--plan needs --config run.toml");
    if (a.gpus < 1) throw UsageError("--gpus must be at least 1");
    const TrainConfig config = read_train_config(a.config);
    MemoryPlanSettings settings;
    settings.processes = a.gpus;
    settings.device_bytes = a.gpu_memory.empty() ? 0 : parse_byte_size(a.gpu_memory);
    // GPU nodes run LibTorch 2.x, whose fused attention keeps no score matrix.
    settings.fused_attention = config.device != "cpu" || fused_attention_available();
    std::cout << describe_memory_plan(planned_model(config, a.model), config, settings);
}

void run_train(const TrainArgs& a) {
    if (a.plan) return print_plan(a);
    if (a.resume.empty() == a.config.empty())
        throw UsageError("give either --config (with --run) or --resume RUN_DIR");
    TrainOptions options;
    options.cancel = cancel_on_sigint();
    options.on_log = [quiet = a.quiet](const std::string& line) {
        if (!quiet) std::cerr << "ipt: " << line << "\n";
    };
    // Under torchrun or Slurm (WORLD_SIZE > 1) this process joins the others; the device decides between
    // Gloo and NCCL, so a resumed run reads it from the run's own config.
    TrainConfig config;
    if (!a.resume.empty()) {
        options.run_dir = a.resume;
        const RunPaths paths(a.resume);
        if (!std::filesystem::exists(paths.config()))
            throw FileError(paths.config(), "missing: not a run directory");
        config = read_train_config(paths.config());
    } else {
        if (a.run.empty()) throw UsageError("--run DIR is needed with --config");
        options.run_dir = a.run;
        config = read_train_config(a.config);
    }
    options.group = process_group_from_env(config.device);
    const TrainResult r = a.resume.empty() ? train(config, options) : resume_training(options);
    if (!options.group || options.group->rank() == 0) {  // rank 0 reports for the group
        std::cout << "steps " << r.steps_done << ", loss " << r.last_loss;
        if (r.last_val_loss >= 0) std::cout << ", validation loss " << r.last_val_loss;
        std::cout << "\ncheckpoint " << r.last_checkpoint << "\n";
    }
    if (r.stopped_early) throw Cancelled();
}

}  // namespace

void add_train_command(CLI::App& app) {
    auto a = std::make_shared<TrainArgs>();
    CLI::App* cmd =
        app.add_subcommand("train", "Pre-train or continue training a model (resumable; Ctrl-C saves)");
    cmd->add_option("--config", a->config, "run.toml");
    cmd->add_option("--run", a->run, "Run directory to create (config, metrics.jsonl, log.txt, checkpoints)");
    cmd->add_option("--resume", a->resume, "Continue the run in this directory from its latest checkpoint");
    cmd->add_flag("--quiet", a->quiet, "Do not echo log lines");
    cmd->add_flag("--plan", a->plan,
                  "Print the memory the run needs per GPU (weights, gradients, optimizer, activations) and "
                  "whether and how it fits; trains nothing");
    cmd->add_option("--gpus", a->gpus, "With --plan: data-parallel processes (GPUs)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--gpu-memory", a->gpu_memory, "With --plan: memory of one GPU, e.g. 80GB");
    cmd->add_option("--model", a->model,
                    "With --plan: a preset or model folder to plan for instead of the config's");
    cmd->callback([a] { run_train(*a); });
}

}  // namespace ipt::cli
