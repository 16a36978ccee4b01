#pragma once
// Follows a growing metrics.jsonl the way `tail -f` would: each poll() reads from the byte offset the
// last one stopped at and returns the records of the complete lines only. A last line without '\n' is
// still being written, so it stays in the file for the next poll. When the file was replaced (another
// inode) or truncated (smaller than the offset; `ipt train --resume` trims steps past the checkpoint),
// the tailer starts over from byte 0 and says so, so that the caller drops what it had. A complete line
// that is not a metrics record (a crash mid-write, a hand edit) is skipped and reported, so that one bad
// line never hides the lines around it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ipt/runs/run_directory.h"

namespace ipt {

// One line of metrics.jsonl: its step and every other numeric field ("loss", "val_loss", "lr", ...).
// A null value (the trainer writes null for a non-finite loss) is kept as nullopt.
struct MetricRecord {
    int64_t step = 0;
    std::vector<std::pair<std::string, std::optional<double>>> values;
    uint64_t line = 0;  // 1-based line number in the file
};

// Where a tailer is in its file; the store keeps this per run so that a later poll does not re-read.
struct TailPosition {
    uint64_t offset = 0;  // byte offset of the first line not yet read
    uint64_t line = 0;    // lines read so far
    uint64_t inode = 0;   // of the file read; 0 = not known yet
};

// Parses one line; throws FileError naming `where` (file:line) when it is not a JSON object with an
// integer "step".
MetricRecord parse_metric_line(const std::string& text, const std::string& where);

class MetricsTailer {
  public:
    // `run_dir` holds metrics.jsonl (it may not exist yet: polls then return nothing).
    explicit MetricsTailer(std::filesystem::path run_dir, TailPosition start = {});

    struct Poll {
        std::vector<MetricRecord> records;  // new complete lines, in file order
        bool restarted = false;             // the file was replaced or truncated: records start at line 1
        RunStatus status = RunStatus::running;
        bool finished = false;  // the run has ended (finished or stopped): no more lines will come
        // Complete lines skipped because they are not metrics records: "file:line: what is wrong".
        std::vector<std::string> problems;
    };
    // Reads what was appended since the last poll. Throws FileError only when the file cannot be read.
    Poll poll();

    const TailPosition& position() const { return position_; }
    std::optional<int64_t> last_step() const { return last_step_; }
    // The planned steps, for the finished check; read from config.toml on the first poll when unset.
    void set_planned_steps(std::optional<int64_t> steps) { planned_steps_ = steps; }
    void set_last_step(std::optional<int64_t> step) { last_step_ = step; }

  private:
    std::filesystem::path dir_;
    TailPosition position_;
    std::optional<int64_t> last_step_;
    std::optional<int64_t> planned_steps_;
    bool planned_steps_read_ = false;
};

}  // namespace ipt
