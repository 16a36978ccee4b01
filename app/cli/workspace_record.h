#pragma once
// `--workspace DIR [--name NAME]` on commands whose output is not a run directory (synthesis, vocabulary
// expansion): the finished job is filed in the workspace's run store, so the workbench lists it beside
// training and evaluation runs.
#include <CLI/CLI.hpp>

#include <string>
#include <utility>
#include <vector>

namespace ipt::cli {

struct WorkspaceRecord {
    std::string workspace;  // empty: nothing is recorded
    std::string name;       // default: derived from the output's name
};

void add_workspace_options(CLI::App* command, WorkspaceRecord* record);

// Records the run when a workspace was given and prints where. `kind` is synth or vocab; `output` is the
// file or folder the command wrote, `config` a description of the settings (e.g. the command line).
void record_in_workspace(const WorkspaceRecord& record, const std::string& kind, const std::string& status,
                         const std::string& output, const std::string& config,
                         const std::string& parent_model,
                         const std::vector<std::pair<std::string, double>>& figures);

}  // namespace ipt::cli
