#include "workspace_record.h"

#include <iostream>

#include "ipt/runs/workspace.h"

namespace ipt::cli {

std::shared_ptr<Workspace> open_workspace_for_filing(const std::string& folder) {
    if (Workspace::exists(folder)) return Workspace::open(folder);
    const std::shared_ptr<Workspace> workspace = Workspace::create(folder);
    std::cout << "created the workspace " << workspace->root().string() << "\n";
    return workspace;
}

void add_workspace_options(CLI::App* command, WorkspaceRecord* record) {
    command->add_option("--workspace", record->workspace, "Workspace whose index lists this run");
    command->add_option("--name", record->name, "Run name in the workspace (default: the output's name)");
    // Runs after the flags are parsed and before the command's callback does its work.
    command->parse_complete_callback([record] { record->started = std::chrono::system_clock::now(); });
}

void record_in_workspace(const WorkspaceRecord& record, RunKind kind, RunStatus status,
                         const std::string& output, const JobSummary& summary,
                         const std::string& parent_model) {
    if (record.workspace.empty()) return;
    const std::shared_ptr<Workspace> workspace = open_workspace_for_filing(record.workspace);
    Workspace::FinishedJob job;
    job.name = record.name;
    job.kind = kind;
    job.status = status;
    job.output = output;
    job.summary = summary;
    job.parent_model = parent_model;
    job.ended = std::chrono::system_clock::now();
    job.started = record.started == std::chrono::system_clock::time_point{} ? job.ended : record.started;
    const RunInfo run = workspace->record_job(job);
    std::cout << "recorded as " << to_string(kind) << " run '" << run.name << "' in "
              << workspace->store().database_path().string() << "\n";
}

}  // namespace ipt::cli
