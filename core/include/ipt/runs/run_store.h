#pragma once
// The workspace's index: `<workspace>/workspace.db`, an SQLite database (WAL, so the GUI can read while
// a CLI import writes) of runs, their logged metrics and their evaluation results. The files stay the
// source of truth (run directories, lm-eval JSON); the database is what makes listing and comparing
// many runs fast, and it can always be rebuilt by importing the files again.
//
// Tables (schema version 1, `PRAGMA user_version`):
//   runs(id, name UNIQUE, kind, status, config, parent_model, directory, started_at, ended_at,
//        tail_offset, tail_line, tail_inode)      kind and status hold the names of run_kind.h
//   metrics(run_id, step, name, value NULL when non-finite)   PRIMARY KEY (run_id, step, name)
//   results(run_id, task, metric, value, stderr NULL, n_shot, samples)   PRIMARY KEY (run_id, task, metric)
//
// Concurrency: every write is one transaction that takes the write lock up front and waits (busy
// timeout, then retries) while another process writes, so two processes importing at once neither
// corrupt the file nor lose rows, and a process killed mid-import leaves the previous state.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ipt/runs/run_directory.h"
#include "ipt/runs/run_kind.h"
#include "ipt/runs/table.h"

namespace ipt {

namespace runs_detail {
class Database;
}

// One row of the runs table.
struct RunInfo {
    int64_t id = 0;
    std::string name;
    RunKind kind = RunKind::train;
    RunStatus status = RunStatus::unknown;
    std::string config;  // config.toml text
    std::string parent_model;
    std::string directory;  // absolute path of the run directory ("" for results-only runs)
    std::string started_at, ended_at;
    int64_t metric_rows = 0;  // rows in metrics
    int64_t result_rows = 0;  // rows in results
};

// list_runs() filter; unset fields match everything. name_contains matches a substring of the name.
struct RunFilter {
    std::optional<RunKind> kind;
    std::optional<RunStatus> status;
    std::string name_contains;
};

// One metric of several runs, aligned by step: rows[i].values[j] is runs[j]'s value at rows[i].step,
// nullopt where that run logged nothing at the step (or logged a non-finite value). Rows are sorted by
// step and hold every step any of the runs logged.
struct AlignedMetric {
    std::string metric;
    std::vector<std::string> runs;
    struct Row {
        int64_t step = 0;
        std::vector<std::optional<double>> values;
    };
    std::vector<Row> rows;
};

// Summary of one metric of one run over its finite values. `best` is the minimum for losses and the
// maximum for metrics where higher is better (see higher_is_better()). count = 0 leaves all unset.
struct MetricSummary {
    std::string run, metric;
    int64_t count = 0;
    std::optional<double> last, best, min, max;
    std::optional<int64_t> last_step, best_step;
};

// One row of the results table, as stored.
struct ResultRow {
    std::string task, metric;
    std::optional<double> value, stderr_;
    std::optional<int64_t> n_shot, samples;
};

// Evaluation results, runs × tasks, for one metric. values[r][t] is runs[r]'s score on tasks[t];
// with a baseline, deltas[r][t] = values[r][t] - baseline's value on tasks[t] (nullopt where either is
// missing; the baseline's own row is all zeros where it has a value). samples[r][t] is the number of
// examples the score was computed on (lm-eval's n-samples), when the results file said.
struct ResultsTable {
    std::string metric;
    std::string baseline;  // "" = none
    std::vector<std::string> runs, tasks;
    std::vector<std::vector<std::optional<double>>> values, stderrs, deltas;
    std::vector<std::vector<std::optional<int64_t>>> samples;
};

// Whether a larger value is better: accuracies, F1, exact match, BLEU/ROUGE, throughput.
bool higher_is_better(const std::string& metric);

class RunStore {
  public:
    // Opens `<workspace>/workspace.db`, creating the folder and the database when absent, and brings
    // the schema up to date (each migration runs once, in its own transaction).
    explicit RunStore(const std::filesystem::path& workspace);
    ~RunStore();
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    static constexpr const char* kFileName = "workspace.db";
    static int latest_schema_version();
    int schema_version() const;
    int migrations_applied() const { return migrations_applied_; }  // by this open
    std::string integrity_check() const;                            // "ok" when sound
    const std::filesystem::path& database_path() const { return path_; }

    // Indexes a run directory (config.toml, metrics.jsonl, log.txt) under `name` (default: the
    // directory's name), replacing whatever the store had for that run; importing twice gives the same
    // rows. A last metrics line without '\n' is still being written and is skipped. Any other malformed
    // line is a FileError naming file:line, unless `problems` is given: then such lines are skipped,
    // listed there ("file:line: what"), and the others indexed. Returns the run as stored.
    RunInfo import_run(const std::filesystem::path& dir, const std::string& name = "",
                       std::vector<std::string>* problems = nullptr);

    // Adds an lm-evaluation-harness results file to `run_name`'s results (an eval-kind run is created
    // when the name is new), replacing earlier values of the same task and metric.
    RunInfo import_results(const std::filesystem::path& file, const std::string& run_name);

    // Reads only what the run's metrics.jsonl gained since the last import or update (the byte offset
    // is kept in the database) and refreshes its status; a replaced or truncated file is re-read whole.
    // Returns the number of new metric lines. Malformed lines as in import_run().
    int64_t update_run(const std::string& name, std::vector<std::string>* problems = nullptr);

    // Files a job that has no metrics.jsonl to tail (a synthesis or vocabulary run): name, kind,
    // status, config text, parent model, output folder and times as given, plus summary figures stored
    // as metrics at step 0 (e.g. pairs per text, length reduction). Recording a name again replaces the
    // run's fields and those figures, and keeps its evaluation results. Throws UsageError for an empty
    // name. (Workspace::record_job() is the entry point that names, times and checks a finished job.)
    RunInfo record_run(const RunInfo& run, const std::vector<std::pair<std::string, double>>& figures = {});
    std::optional<RunInfo> find_run(const std::string& name) const;
    RunInfo run(const std::string& name) const;  // throws UsageError naming an unknown run
    std::vector<RunInfo> list_runs(const RunFilter& filter = {}) const;
    std::vector<std::string> metric_names(const std::string& run) const;
    AlignedMetric aligned_metric(const std::vector<std::string>& runs, const std::string& metric) const;
    MetricSummary summarize_metric(const std::string& run, const std::string& metric) const;
    std::vector<ResultRow> results(const std::string& run) const;
    // `runs` empty = every run with results for `metric`, by name. An unknown baseline is a UsageError.
    ResultsTable results_table(std::vector<std::string> runs, const std::string& metric,
                               const std::string& baseline = "") const;
    void remove_run(const std::string& name);

  private:
    void migrate();
    int64_t upsert_run(const RunInfo& run);

    std::filesystem::path path_;
    std::unique_ptr<runs_detail::Database> db_;
    int migrations_applied_ = 0;
};

// The queries' results as text tables, for CSV export and the CLI.
TextTable to_table(const std::vector<RunInfo>& runs);
TextTable to_table(const AlignedMetric& metric);
TextTable to_table(const std::vector<MetricSummary>& summaries);
// One row per run, one column per task; with a baseline, a "<task> delta" column after each task.
TextTable to_table(const ResultsTable& table);

}  // namespace ipt
