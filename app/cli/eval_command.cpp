// `ipt eval`: score a model folder on task files and write lm-evaluation-harness-style results.
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "ipt/common/error.h"
#include "ipt/eval/evaluator.h"
#include "ipt/eval/speedup.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/runtime.h"
#include "ipt/runs/workspace.h"
#include "ipt/text/model_tokenizer.h"
#include "ipt/text/tokenizer.h"
#include "ipt/vocab/target_corpus.h"
#include "progress_line.h"
#include "speedup_summary.h"
#include "workspace_record.h"

namespace ipt::cli {
namespace {

struct EvalArgs {
    std::string model, out, data, device = "cpu", dtype, tokenizer;
    std::string import, workspace, name;
    std::vector<std::string> tasks;
    int64_t limit = -1, num_fewshot = -1;
    bool log_samples = false, quiet = false;
};

// Files results (ours or lm-evaluation-harness's) under a run of the workspace's store.
void index_results(const std::string& file, const EvalArgs& a) {
    if (a.name.empty()) throw UsageError("--name is needed to file results in a workspace");
    const std::shared_ptr<Workspace> workspace =
        open_workspace_for_filing(a.workspace.empty() ? "." : a.workspace);
    RunInfo run = workspace->store().import_results(file, a.name);
    std::printf("indexed %s as run '%s' in %s (%lld result rows)\n", file.c_str(), run.name.c_str(),
                workspace->store().database_path().string().c_str(), static_cast<long long>(run.result_rows));
}

void run_eval(const EvalArgs& a) {
    if (!a.import.empty()) {
        if (!a.model.empty() || !a.tasks.empty()) throw UsageError("--import takes no --model or --task");
        index_results(a.import, a);
        return;
    }
    if (a.model.empty() || a.tasks.empty() || a.out.empty())
        throw UsageError("give --model, --task and --out (or --import FILE --name N)");
    std::vector<TaskDefinition> tasks;
    for (const auto& path : a.tasks) {
        TaskDefinition t = read_task(path);
        if (!a.data.empty()) {
            if (a.tasks.size() != 1) throw UsageError("--data applies to a single --task");
            t.data = a.data;
        }
        if (a.limit >= 0) t.limit = a.limit;
        if (a.num_fewshot >= 0) t.num_fewshot = a.num_fewshot;
        tasks.push_back(t);
    }
    LoadOptions load;
    load.device = a.device;
    if (!a.dtype.empty()) load.dtype = parse_dtype(a.dtype);
    LoadedModel loaded = load_hf_model(a.model, load);
    auto tokenizer = load_model_tokenizer(a.model, loaded.model->config().vocab_size, a.tokenizer);

    EvalOptions options;
    options.log_samples = a.log_samples;
    options.cancel = cancel_on_sigint();
    ProgressLine line(a.quiet);
    options.progress = line.sink();
    std::vector<TaskResult> results;
    for (const auto& t : tasks) results.push_back(evaluate_task(*loaded.model, *tokenizer, t, options));
    line.finish();
    write_results(a.out, results, tasks, a.model);

    std::printf("%-24s %6s %6s  %-12s %8s %8s\n", "task", "n", "shots", "metric", "value", "stderr");
    for (const auto& r : results)
        for (const auto& [name, m] : r.metrics)
            std::printf("%-24s %6lld %6lld  %-12s %8.4f %8.4f\n", r.task.c_str(),
                        static_cast<long long>(r.samples), static_cast<long long>(r.num_fewshot),
                        name.c_str(), m.value, m.stderr_);
    std::printf("results: %s\n", a.out.c_str());
    if (!a.workspace.empty() || !a.name.empty()) index_results(a.out, a);
}

}  // namespace

void add_eval_command(CLI::App& app) {
    auto a = std::make_shared<EvalArgs>();
    CLI::App* cmd = app.add_subcommand("eval", "Score a model on task files (multiple choice, generation)");
    cmd->add_option("--model", a->model, "Hugging Face model folder");
    cmd->add_option("--task", a->tasks, "Task file(s) (JSON), e.g. resources/tasks/arc_easy.json");
    cmd->add_option("--data", a->data, "JSONL data for the task (overrides the task file's 'data')");
    cmd->add_option("--out", a->out, "Results JSON (lm-evaluation-harness layout)");
    cmd->add_option("--import", a->import,
                    "Index a results JSON written by lm-evaluation-harness (v0.4 or older)");
    cmd->add_option("--workspace", a->workspace, "Workspace whose store indexes the results (default: .)");
    cmd->add_option("--name", a->name, "Run name for the results in the workspace");
    cmd->add_option("--limit", a->limit, "Score at most this many items per task");
    cmd->add_option("--num-fewshot", a->num_fewshot, "Few-shot examples (overrides the task file)");
    cmd->add_option("--tokenizer", a->tokenizer,
                    "tokenizer.json or tokenizer.model (default: the model folder's)");
    cmd->add_option("--device", a->device, "cpu, cuda or cuda:N");
    cmd->add_option("--dtype", a->dtype, "Compute dtype (default: the model's)");
    cmd->add_flag("--log-samples", a->log_samples, "Write samples_<task>.jsonl beside the results");
    cmd->add_flag("--quiet", a->quiet, "No progress line");
    cmd->callback([a] { run_eval(*a); });
}

namespace {

struct SpeedupArgs {
    std::string source, expanded, text, device = "cpu";
    SpeedupOptions options;
};

void run_speedup(const SpeedupArgs& a) {
    LoadOptions load;
    load.device = a.device;
    LoadedModel source = load_hf_model(a.source, load), expanded = load_hf_model(a.expanded, load);
    auto source_tok = load_model_tokenizer(a.source, source.model->config().vocab_size);
    auto expanded_tok = load_model_tokenizer(a.expanded, expanded.model->config().vocab_size);
    const SpeedupReport r = measure_speedup(*source.model, *source_tok, *expanded.model, *expanded_tok,
                                            read_target_corpus(a.text), a.options);
    print_speedup(r);
}

}  // namespace

void add_speedup_command(CLI::App& app) {
    auto a = std::make_shared<SpeedupArgs>();
    CLI::App* cmd = app.add_subcommand(
        "speedup",
        "Vocabulary expansion's speed-up on the same held-out text, with the token reduction and the "
        "per-token cost");
    cmd->add_option("--source", a->source, "Source model folder (with its tokenizer)")->required();
    cmd->add_option("--expanded", a->expanded, "Expanded model folder (with its tokenizer)")->required();
    cmd->add_option("--text", a->text, "Held-out target-language text: .txt (a document per line) or .jsonl")
        ->required();
    add_speedup_options(cmd, &a->options);
    cmd->add_option("--device", a->device, "cpu, cuda or cuda:N");
    cmd->callback([a] { run_speedup(*a); });
}

}  // namespace ipt::cli
