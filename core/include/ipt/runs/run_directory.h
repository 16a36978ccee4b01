#pragma once
// What the store learns from a run directory written by `ipt train` (config.toml, metrics.jsonl,
// log.txt) without opening any checkpoint: the config text, the planned steps, the model it starts
// from and whether the run has ended.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "ipt/runs/run_kind.h"

namespace ipt {

struct RunDirectoryInfo {
    std::string config_text;               // config.toml verbatim ("" when absent)
    std::optional<int64_t> planned_steps;  // [train] steps
    std::string parent_model;              // model.from, else model.preset
    std::string started_at, ended_at;      // ISO 8601 UTC from file times; ended_at only once ended
};

// Reads config.toml (toml++; a malformed file is a FileError naming it). A directory without
// config.toml is not a run directory and is an error too.
RunDirectoryInfo read_run_directory(const std::filesystem::path& dir);

// finished: the last logged step equals the planned steps; stopped: log.txt's last line says
// "stopped at step"; otherwise running (a crashed run looks like a running one until it is resumed).
RunStatus decide_run_status(const std::filesystem::path& dir, std::optional<int64_t> last_step,
                            std::optional<int64_t> planned_steps);

// A file's modification time as "YYYY-MM-DDTHH:MM:SSZ", or "" when it does not exist.
std::string file_time_utc(const std::filesystem::path& file);

}  // namespace ipt
