#pragma once
// `--workspace DIR [--name NAME]` on commands whose output is not a run directory (synthesis, vocabulary
// expansion): the finished job is filed in the workspace's index through Workspace::record_job(), so the
// workbench lists it beside training and evaluation runs.
#include <CLI/CLI.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "ipt/runs/run_kind.h"

namespace ipt::cli {

struct WorkspaceRecord {
    std::string workspace;  // empty: nothing is recorded
    std::string name;       // default: derived from the output's name
    // When the command's work began: set once its flags are parsed, just before it runs.
    std::chrono::system_clock::time_point started{};
};

void add_workspace_options(CLI::App* command, WorkspaceRecord* record);

// Records the run when a workspace was given (creating the workspace when the folder has none) and
// prints where. `output` is the file or folder the command wrote, `config` a description of the
// settings (e.g. the command line).
void record_in_workspace(const WorkspaceRecord& record, RunKind kind, RunStatus status,
                         const std::string& output, const std::string& config,
                         const std::string& parent_model,
                         const std::vector<std::pair<std::string, double>>& figures);

}  // namespace ipt::cli
