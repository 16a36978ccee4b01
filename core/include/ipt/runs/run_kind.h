#pragma once
// What a run of the workspace is (its kind) and where it stands (its status), with their names: the one
// table the store's SQL (the names are what the runs table holds), the CLI's flags and output and the
// workbench's lists all use.
#include <optional>
#include <string>
#include <vector>

namespace ipt {

enum class RunKind { train, synth, vocab, eval };
// unknown: the store cannot tell (a run directory whose metrics could not be read).
enum class RunStatus { running, finished, failed, stopped, unknown };

const char* to_string(RunKind kind);
const char* to_string(RunStatus status);
// In the order of the enums.
const std::vector<RunKind>& all_run_kinds();
const std::vector<RunStatus>& all_run_statuses();
// nullopt for a name not in the table.
std::optional<RunKind> parse_run_kind(const std::string& name);
std::optional<RunStatus> parse_run_status(const std::string& name);
// The same, throwing UsageError that names `what` (e.g. "--kind") and lists the known names.
RunKind run_kind_from_name(const std::string& name, const std::string& what);
RunStatus run_status_from_name(const std::string& name, const std::string& what);
// Unrecognised text -> unknown (for text read back from files written by other versions).
RunStatus run_status_from_string(const std::string& text);
// "train, synth, vocab, eval": for help texts and messages.
std::string run_kind_names();
std::string run_status_names();

}  // namespace ipt
