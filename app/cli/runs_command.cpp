// `ipt runs init|list|show|compare|import|export`: the workspace's run index (workspace.db) from the
// command line, through the same Workspace and RunStore queries the workbench uses. Reading commands
// need an existing workspace; import creates one when the folder has none (and says so).
#include <iostream>
#include <memory>

#include "commands.h"
#include "workspace_record.h"
#include "ipt/common/error.h"
#include "ipt/runs/run_store.h"
#include "ipt/runs/workspace.h"

namespace ipt::cli {
namespace {

struct RunsArgs {
    std::string workspace = ".";
    // import
    std::vector<std::string> dirs;
    std::string name, results_file;
    // list
    std::string kind, status, name_contains;
    // show / compare / export
    std::vector<std::string> names;
    std::string metric, baseline, csv;
    bool results = false, list_runs = false;
};

// Prints the table, or writes it as CSV when --csv names a file.
void emit(const TextTable& table, const std::string& csv) {
    if (csv.empty()) {
        std::cout << to_aligned_text(table);
        return;
    }
    write_csv(csv, table);
    std::cout << "wrote " << csv << " (" << table.rows.size() << " rows)\n";
}

void run_import(const RunsArgs& a) {
    const std::shared_ptr<Workspace> workspace = open_workspace_for_filing(a.workspace);
    RunStore& store = workspace->store();
    if (!a.results_file.empty()) {
        if (!a.dirs.empty()) throw UsageError("give either run directories or --results FILE, not both");
        if (a.name.empty()) throw UsageError("--results needs --name RUN to file the results under");
        const RunInfo run = store.import_results(a.results_file, a.name);
        std::cout << "imported " << a.results_file << " into " << run.name << " (" << run.result_rows
                  << " results)\n";
        return;
    }
    if (a.dirs.empty()) throw UsageError("give run directories to import, or --results FILE --name RUN");
    if (!a.name.empty() && a.dirs.size() > 1) throw UsageError("--name applies to a single run directory");
    for (const std::string& dir : a.dirs) {
        const RunInfo run = store.import_run(dir, a.name);
        std::cout << "imported " << run.name << ": " << to_string(run.status) << ", " << run.metric_rows
                  << " metric values\n";
    }
}

TextTable comparison(const RunStore& store, const RunsArgs& a) {
    if (a.results) {
        if (a.metric.empty()) throw UsageError("--results needs --metric (e.g. acc)");
        return to_table(store.results_table(a.names, a.metric, a.baseline));
    }
    if (a.names.empty()) throw UsageError("name the runs to compare, or give --results");
    return to_table(store.aligned_metric(a.names, a.metric.empty() ? "loss" : a.metric));
}

void run_list(const RunsArgs& a) {
    RunFilter filter;
    if (!a.kind.empty()) filter.kind = run_kind_from_name(a.kind, "--kind");
    if (!a.status.empty()) filter.status = run_status_from_name(a.status, "--status");
    filter.name_contains = a.name_contains;
    TextTable t = to_table(Workspace::open(a.workspace)->store().list_runs(filter));
    if (a.csv.empty()) {  // the terminal view leaves out the long columns
        for (auto& row : t.rows) row.resize(6);
        t.header.resize(6);
    }
    emit(t, a.csv);
}

void run_show(const RunsArgs& a) {
    const std::shared_ptr<Workspace> workspace = Workspace::open(a.workspace);
    const RunStore& store = workspace->store();
    if (a.names.size() != 1) throw UsageError("show takes one run name");
    const RunInfo run = store.run(a.names.front());
    std::cout << "run        " << run.name << "\nkind       " << to_string(run.kind) << "\nstatus     "
              << to_string(run.status) << "\nmodel      "
              << (run.parent_model.empty() ? "-" : run.parent_model) << "\ndirectory  "
              << (run.directory.empty() ? "-" : run.directory) << "\nstarted    "
              << (run.started_at.empty() ? "-" : run.started_at) << "\nended      "
              << (run.ended_at.empty() ? "-" : run.ended_at) << "\n";
    std::vector<MetricSummary> summaries;
    for (const char* metric : {"loss", "val_loss"}) {
        MetricSummary s = store.summarize_metric(run.name, metric);
        if (s.count > 0) summaries.push_back(std::move(s));
    }
    if (!summaries.empty()) std::cout << "\n" << to_aligned_text(to_table(summaries));
    const std::vector<ResultRow> results = store.results(run.name);
    if (!results.empty()) {
        TextTable t;
        t.header = {"task", "metric", "value", "stderr", "n_shot", "samples"};
        auto integer = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
        for (const ResultRow& r : results)
            t.rows.push_back({r.task, r.metric, format_number(r.value), format_number(r.stderr_),
                              integer(r.n_shot), integer(r.samples)});
        std::cout << "\n" << to_aligned_text(t);
    }
    if (!run.config.empty())
        std::cout << "\nconfig.toml:\n" << run.config << (run.config.back() == '\n' ? "" : "\n");
}

}  // namespace

void add_runs_command(CLI::App& app) {
    auto a = std::make_shared<RunsArgs>();
    CLI::App* runs =
        app.add_subcommand("runs", "The workspace's run index (workspace.db): import, list, compare");
    runs->require_subcommand(1);
    runs->add_option("--workspace", a->workspace, "Workspace folder holding workspace.db (default: .)");
    auto workspace = [a](CLI::App* cmd) {
        cmd->add_option("--workspace", a->workspace, "Workspace folder holding workspace.db (default: .)");
    };

    CLI::App* init = runs->add_subcommand("init", "Make the folder a workspace (creates workspace.db)");
    workspace(init);
    init->callback([a] {
        const bool existed = Workspace::exists(a->workspace);
        const std::shared_ptr<Workspace> created = Workspace::create(a->workspace);
        std::cout << (existed ? "already a workspace: " : "created the workspace ")
                  << created->root().string() << "\n";
    });

    CLI::App* import = runs->add_subcommand("import", "Index run directories, or an lm-eval results file");
    workspace(import);
    import->add_option("dirs", a->dirs, "Run directories (config.toml, metrics.jsonl, log.txt)");
    import->add_option("--name", a->name, "Run name (default: the directory's name)");
    import->add_option("--results", a->results_file,
                       "lm-evaluation-harness results JSON to file under --name");
    import->callback([a] { run_import(*a);
});

CLI::App* list = runs->add_subcommand("list", "List runs");
workspace(list);
list->add_option("--kind", a->kind, run_kind_names());
list->add_option("--status", a->status, run_status_names());
list->add_option("--filter", a->name_contains, "Only names containing this text");
list->add_option("--csv", a->csv, "Write the table as CSV to this file");
list->callback([a] { run_list(*a); });

CLI::App* show = runs->add_subcommand("show", "A run's config, status, loss summary and results");
workspace(show);
show->add_option("name", a->names, "Run name")->required();
show->callback([a] { run_show(*a); });

CLI::App* compare = runs->add_subcommand("compare", "Runs side by side: a metric by step, or eval results");
workspace(compare);
compare->add_option("names", a->names, "Runs (with --results: default all runs with the metric)");
compare->add_option("--metric", a->metric, "Metric name (default loss; with --results e.g. acc)");
compare->add_flag("--results", a->results, "Compare evaluation results, runs x tasks");
compare->add_option("--baseline", a->baseline, "With --results: show deltas against this run");
compare->add_option("--csv", a->csv, "Write the table as CSV to this file");
compare->callback([a] { emit(comparison(Workspace::open(a->workspace)->store(), *a), a->csv); });

CLI::App* exporter =
    runs->add_subcommand("export", "Write a table as CSV: --runs, NAME... --metric M, or --results");
workspace(exporter);
exporter->add_option("names", a->names, "Runs whose metric to export");
exporter->add_flag("--runs", a->list_runs, "Export the run list");
exporter->add_option("--metric", a->metric, "Metric name (default loss; with --results e.g. acc)");
exporter->add_flag("--results", a->results, "Export evaluation results, runs x tasks");
exporter->add_option("--baseline", a->baseline, "With --results: add deltas against this run");
exporter->add_option("--csv", a->csv, "Output file")->required();
exporter->callback([a] {
    const std::shared_ptr<Workspace> workspace = Workspace::open(a->workspace);
    const RunStore& store = workspace->store();
    emit(a->list_runs ? to_table(store.list_runs()) : comparison(store, *a), a->csv);
});
}  // namespace ipt::cli

}  // namespace ipt::cli
