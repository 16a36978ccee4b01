#pragma once
// Runs tasks on a model and writes results laid out like lm-evaluation-harness (v0.4):
// results.<task>."acc,none" with "acc_stderr,none" beside it, n-shot, n-samples and the task configs.
#include <map>
#include <string>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"
#include "ipt/eval/task.h"

namespace ipt {

class Decoder;
class Tokenizer;

struct MetricValue {
    double value = 0;
    double stderr_ = 0;
};

struct TaskResult {
    std::string task;
    int64_t samples = 0;
    int64_t num_fewshot = 0;
    std::map<std::string, MetricValue> metrics;  // "acc", "acc_norm", "exact_match", "f1", "rougeL"
    std::vector<std::string> sample_log;         // one JSON object per item, when asked for
};

struct EvalOptions {
    bool log_samples = false;
    int64_t generation_batch = 8;
    ProgressSink progress;
    CancelToken cancel;
};

TaskResult evaluate_task(const Decoder& model, const Tokenizer& tokenizer, const TaskDefinition& task,
                         const EvalOptions& options = {});

// Writes the results JSON atomically; with sample logs, samples_<task>.jsonl beside it.
void write_results(const std::string& path, const std::vector<TaskResult>& results,
                   const std::vector<TaskDefinition>& tasks, const std::string& model);

}  // namespace ipt
