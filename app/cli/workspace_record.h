#pragma once
// `--workspace DIR [--name NAME]` on commands whose output is not a run directory (synthesis, vocabulary
// expansion): the finished job is filed in the workspace's index through Workspace::record_job(), so the
// workbench lists it beside training and evaluation runs.
#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "ipt/common/job_summary.h"
#include "ipt/runs/run_kind.h"

namespace ipt {
class Workspace;
}

namespace ipt::cli {

struct WorkspaceRecord {
    std::string workspace;  // empty: nothing is recorded
    std::string name;       // default: derived from the output's name
    // When the command's work began: set once its flags are parsed, just before it runs.
    std::chrono::system_clock::time_point started{};
};

// Every command that files something in a workspace opens it here: an existing one as it is, and a
// folder without one made a workspace, saying so on stdout (a mistyped path is seen at once, and
// `ipt runs init` makes one deliberately).
std::shared_ptr<Workspace> open_workspace_for_filing(const std::string& folder);

void add_workspace_options(CLI::App* command, WorkspaceRecord* record);

// Records the run when a workspace was given (open_workspace_for_filing) and prints where. `output` is
// the file or folder the command wrote; `summary` comes from the job's module (summarize_synthesis, ...).
void record_in_workspace(const WorkspaceRecord& record, RunKind kind, RunStatus status,
                         const std::string& output, const JobSummary& summary,
                         const std::string& parent_model);

}  // namespace ipt::cli
