#include "ipt/runs/run_kind.h"

#include "ipt/common/error.h"

namespace ipt {

namespace {

template <typename Enum>
std::string joined(const std::vector<Enum>& values) {
    std::string out;
    for (Enum v : values) out += (out.empty() ? "" : ", ") + std::string(to_string(v));
    return out;
}

template <typename Enum>
std::optional<Enum> find_name(const std::vector<Enum>& values, const std::string& name) {
    for (Enum v : values)
        if (name == to_string(v)) return v;
    return std::nullopt;
}

}  // namespace

const char* to_string(RunKind kind) {
    switch (kind) {
        case RunKind::train:
            return "train";
        case RunKind::synth:
            return "synth";
        case RunKind::vocab:
            return "vocab";
        case RunKind::eval:
            break;
    }
    return "eval";
}

const char* to_string(RunStatus status) {
    switch (status) {
        case RunStatus::running:
            return "running";
        case RunStatus::finished:
            return "finished";
        case RunStatus::failed:
            return "failed";
        case RunStatus::stopped:
            return "stopped";
        case RunStatus::unknown:
            break;
    }
    return "unknown";
}

const std::vector<RunKind>& all_run_kinds() {
    static const std::vector<RunKind> kinds{RunKind::train, RunKind::synth, RunKind::vocab, RunKind::eval};
    return kinds;
}

const std::vector<RunStatus>& all_run_statuses() {
    static const std::vector<RunStatus> statuses{RunStatus::running, RunStatus::finished, RunStatus::failed,
                                                 RunStatus::stopped, RunStatus::unknown};
    return statuses;
}

std::optional<RunKind> parse_run_kind(const std::string& name) {
    return find_name(all_run_kinds(), name);
}

std::optional<RunStatus> parse_run_status(const std::string& name) {
    return find_name(all_run_statuses(), name);
}

RunKind run_kind_from_name(const std::string& name, const std::string& what) {
    if (auto kind = parse_run_kind(name)) return *kind;
    throw UsageError(what + ": unknown run kind '" + name + "' (" + run_kind_names() + ")");
}

RunStatus run_status_from_name(const std::string& name, const std::string& what) {
    if (auto status = parse_run_status(name)) return *status;
    throw UsageError(what + ": unknown run status '" + name + "' (" + run_status_names() + ")");
}

RunStatus run_status_from_string(const std::string& text) {
    return parse_run_status(text).value_or(RunStatus::unknown);
}

std::string run_kind_names() {
    return joined(all_run_kinds());
}

std::string run_status_names() {
    return joined(all_run_statuses());
}

}  // namespace ipt
