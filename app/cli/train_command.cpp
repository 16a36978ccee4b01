// `ipt train --config run.toml --run DIR` and `ipt train --resume DIR`.
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "ipt/common/error.h"
#include "ipt/train/process_group.h"
#include "ipt/train/trainer.h"
#include "progress_line.h"

namespace ipt::cli {
namespace {

struct TrainArgs {
    std::string config, run, resume;
    bool quiet = false;
};

void run_train(const TrainArgs& a) {
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
    cmd->callback([a] { run_train(*a); });
}

}  // namespace ipt::cli
