#include "workspace_record.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "ipt/runs/run_store.h"

namespace ipt::cli {
namespace fs = std::filesystem;

namespace {

std::string now_utc() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return text;
}

}  // namespace

void add_workspace_options(CLI::App* command, WorkspaceRecord* record) {
    command->add_option("--workspace", record->workspace, "Workspace whose store lists this run");
    command->add_option("--name", record->name, "Run name in the workspace (default: the output's name)");
}

void record_in_workspace(const WorkspaceRecord& record, const std::string& kind, const std::string& status,
                         const std::string& output, const std::string& config,
                         const std::string& parent_model,
                         const std::vector<std::pair<std::string, double>>& figures) {
    if (record.workspace.empty()) return;
    fs::path out = fs::absolute(output).lexically_normal();
    if (!out.has_filename()) out = out.parent_path();
    RunInfo run;
    run.name = record.name.empty() ? out.stem().string() : record.name;
    run.kind = kind;
    run.status = status;
    run.config = config;
    run.parent_model = parent_model;
    run.directory = out.string();
    run.started_at = now_utc();
    run.ended_at = run.started_at;
    RunStore store(record.workspace);
    store.record_run(run, figures);
    std::cout << "recorded as " << kind << " run '" << run.name << "' in " << store.database_path().string()
              << "\n";
}

}  // namespace ipt::cli
