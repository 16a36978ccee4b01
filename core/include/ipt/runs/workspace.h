#pragma once
// A workspace: the folder where `ipt` and the workbench keep runs and what they produce, with its index
// (workspace.db, see run_store.h). The rules about it live here, so the command line and the workbench
// agree on them: what a run may be called, where a new run goes, which folders are run directories,
// pairs files or vocabulary expansions, and how a finished job is filed in the index.
//
// Layout:
//   <root>/workspace.db        the index (SQLite, WAL)
//   <root>/runs/<name>/        training run directories (config.toml, metrics.jsonl, checkpoints/, log.txt)
//   <root>/pairs/*.jsonl       pairs files
//   <root>/.../expansion.json  vocabulary expansions, up to kExpansionDepth folders down
//
// A Workspace holds one connection to the index: use one per thread (open another on a job's thread).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ipt/common/job_summary.h"
#include "ipt/runs/run_kind.h"
#include "ipt/runs/run_store.h"

namespace ipt {

class Workspace {
  public:
    static constexpr int kExpansionDepth = 3;
    static constexpr size_t kMaxRunNameLength = 100;

    // Whether `folder` holds a workspace (its workspace.db).
    static bool exists(const std::filesystem::path& folder);
    // Opens the workspace in `folder`. A folder without workspace.db is a FileError saying so, and
    // nothing is written: a mistyped path never turns into a new, empty workspace.
    static std::shared_ptr<Workspace> open(const std::filesystem::path& folder);
    // Opens the workspace in `folder`, creating the folder and its index when absent.
    static std::shared_ptr<Workspace> create(const std::filesystem::path& folder);

    const std::filesystem::path& root() const { return root_; }
    RunStore& store() const { return *store_; }

    std::filesystem::path runs_folder() const;
    std::filesystem::path pairs_folder() const;
    std::filesystem::path run_directory(const std::string& name) const;  // runs/<name>

    // --- naming ---
    // Why `name` cannot name a new run directory, or "" when it can: letters, digits, '.', '_' and '-',
    // at most kMaxRunNameLength characters, not starting with '.' or '-'.
    static std::string run_name_problem(const std::string& name);
    // "run-YYYYMMDD-HHMMSS" in local time: the name of a run nobody named.
    static std::string default_run_name(std::chrono::system_clock::time_point when);
    // Taken by any run of the index (names are unique across kinds) or by a folder under runs/.
    bool is_name_taken(const std::string& name) const;
    // `base` when free, else base-2, base-3, ... ("run" for an empty base).
    std::string unique_run_name(const std::string& base) const;
    // The directory for a new training run named `name` (not created). UsageError when the name breaks
    // the rules or is taken.
    std::filesystem::path new_run_directory(const std::string& name) const;

    // --- discovery ---
    // runs/<dir> holding config.toml, by name.
    std::vector<std::filesystem::path> run_directories() const;
    // Indexes every run directory the index does not know by its directory, under the folder's name, or
    // "runs/<name>" when another run has that name. One folder that cannot be indexed does not keep
    // out the others: its error goes to `problems`. Returns the names added.
    std::vector<std::string> index_new_run_directories(std::vector<std::string>* problems = nullptr);
    // pairs/*.jsonl, newest first (the flags files beside them are not pairs files).
    std::vector<std::filesystem::path> pairs_files() const;
    // Folders holding expansion.json, up to kExpansionDepth folders down (not through symlinks), by path.
    std::vector<std::filesystem::path> expansions() const;
    // Cheap stamps that change when something the panels show changed on disk: the index (and its WAL)
    // and the list of run folders; the expansion and report files.
    std::string runs_signature() const;
    std::string expansions_signature() const;

    // --- recording jobs ---
    // A job that wrote a file or folder other than a run directory (synthesis, vocabulary expansion).
    struct FinishedJob {
        std::string name;  // "" = the output's name (a folder's name, a file's name without extension)
        RunKind kind = RunKind::synth;
        RunStatus status = RunStatus::finished;
        std::filesystem::path output;
        JobSummary summary;  // from the job's module; its figures are stored at step 0
        std::string parent_model;
        std::chrono::system_clock::time_point started, ended;
    };
    // Files the job in the index. A job continuing an earlier stopped one (same name, kind and output)
    // keeps the earlier start time. UsageError for a training run (those are indexed from their
    // directory) or when no name can be derived.
    RunInfo record_job(const FinishedJob& job);

  private:
    explicit Workspace(std::filesystem::path root);

    std::filesystem::path root_;
    std::unique_ptr<RunStore> store_;
};

// Folders under `root` (itself included) holding expansion.json, up to `depth` folders down, not through
// symlinks, by path: what Workspace::expansions() finds, for any folder.
std::vector<std::filesystem::path> find_expansion_folders(const std::filesystem::path& root,
                                                          int depth = Workspace::kExpansionDepth);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_timestamp(std::chrono::system_clock::time_point when);

}  // namespace ipt
