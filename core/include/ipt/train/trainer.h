#pragma once
// The training loop: from-scratch pre-training or continual pre-training of a HF folder on a data
// mixture, with gradient accumulation, AdamW, warm-up + decay, clipping, validation, metrics.jsonl,
// log.txt and atomic checkpoints that resume exactly. Data-parallel across processes when given a
// process group (see process_group.h); rank 0 alone writes.
#include <cstdint>
#include <memory>
#include <string>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"
#include "ipt/train/train_config.h"

namespace ipt {

class ProcessGroup;

struct TrainOptions {
    std::string run_dir;
    bool resume = false;  // continue the run in run_dir from its latest checkpoint
    ProgressSink progress;
    CancelToken cancel;                   // stops after the current step with a checkpoint
    std::shared_ptr<ProcessGroup> group;  // null: one process
    // Called with each line written to log.txt (the CLI echoes them).
    std::function<void(const std::string&)> on_log;
};

struct TrainResult {
    int64_t steps_done = 0;     // optimizer steps completed in total
    int64_t skipped_steps = 0;  // non-finite steps skipped in this process's session
    double last_loss = 0;
    double last_val_loss = -1;   // -1: no validation
    bool stopped_early = false;  // cancelled
    std::string last_checkpoint;
};

// The run directory's files.
struct RunPaths {
    explicit RunPaths(std::string dir) : root(std::move(dir)) {}
    std::string root;
    std::string config() const { return root + "/config.toml"; }
    std::string metrics() const { return root + "/metrics.jsonl"; }
    std::string log() const { return root + "/log.txt"; }
    std::string checkpoints() const { return root + "/checkpoints"; }
    std::string latest() const { return root + "/checkpoints/latest"; }
};

// Why the run in `run_dir` cannot be resumed, "" when it can: not a run directory, or it wrote
// checkpoints and has lost them (checkpoints/latest names the last one written whole). A run without a
// checkpoint yet can: it starts again from step 0.
std::string resume_problem(const std::string& run_dir);

// Throws UsageError / FileError for bad configs and data (naming the key or file), Error with the step
// for a non-finite loss under on_nonfinite = "stop".
TrainResult train(const TrainConfig& config, const TrainOptions& options);
// Reads run_dir/config.toml and continues from the latest checkpoint.
TrainResult resume_training(const TrainOptions& options);

}  // namespace ipt
