#pragma once
// Language-adaptive pre-training (LAPT) of every method an expansion wrote, each into its own run
// directory side by side (runs/<prefix>-<method>/), so that their curves overlay and their results
// compare. Each method's folder holds the lapt.toml `expand_vocabulary` wrote (LoRA plus embeddings and
// head, one epoch of the target corpus); the overrides here shorten or lengthen it the same way for
// every method, so the methods differ only in their initialisation. A run that is complete is kept, a
// run stopped part-way resumes, so a second call only does what is missing.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"

namespace ipt {

struct AdaptationOptions {
    std::string expanded;              // the folder `ipt vocab expand` wrote
    std::string runs_folder;           // where the run directories go
    std::string prefix;                // run names: <prefix>-<method>; default: the expansion folder's name
    std::vector<std::string> methods;  // empty: every method of expansion.json with a lapt.toml
    // Held-out target text (.txt or .jsonl), prepared once with the extended tokenizer as every run's
    // validation set: validation loss per token, comparable across the methods (one tokenizer).
    std::string validation_text;
    // The same overrides for every method's lapt.toml (unset: as written).
    std::optional<int64_t> steps, sequence_length, global_batch_tokens, micro_batch, eval_every, log_every,
        warmup_steps;
    std::optional<double> lr;
    std::string device;  // empty: as written
    ProgressSink progress;
    CancelToken cancel;
    std::function<void(const std::string&)> on_log;  // each run's log lines, prefixed by the method
};

struct AdaptedMethod {
    std::string method, run_dir;
    int64_t steps = 0;
    double last_loss = 0;
    double last_val_loss = -1;  // -1: no validation
    bool already_complete = false;
    std::string last_checkpoint;
};

// Throws FileError naming the file (no expansion.json, a method without lapt.toml, ...), UsageError for
// a bad override, and Cancelled (the current run keeps its last checkpoint and resumes next time).
std::vector<AdaptedMethod> adapt_expansion(const AdaptationOptions& options);

}  // namespace ipt
