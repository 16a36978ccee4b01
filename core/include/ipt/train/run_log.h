#pragma once
// The two files a run appends to while it trains: metrics.jsonl (one JSON object per line) and
// log.txt. Every write is checked: a full disk or any other failure stops the run with an error naming
// the file, instead of a run that exits 0 with lost steps. A line is written whole with one write(2)
// call, so a reader tailing the file live sees complete lines only (and a kill at worst a torn last one,
// which the next start cuts off).
#include <cstdint>
#include <string>

namespace ipt {

class AppendOnlyFile {
  public:
    AppendOnlyFile() = default;
    explicit AppendOnlyFile(std::string path);  // creates the file if needed; throws FileError
    ~AppendOnlyFile();
    AppendOnlyFile(AppendOnlyFile&& other) noexcept;
    AppendOnlyFile& operator=(AppendOnlyFile&& other) noexcept;
    AppendOnlyFile(const AppendOnlyFile&) = delete;
    AppendOnlyFile& operator=(const AppendOnlyFile&) = delete;

    // Appends `line` and a newline. Throws FileError naming the file (with the system's reason).
    void append_line(const std::string& line);
    bool is_open() const { return fd_ >= 0; }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
    int fd_ = -1;
};

// Keeps the lines of metrics.jsonl whose "step" is at most `step` and drops the rest (and a torn last
// line): a run killed after its last checkpoint logged steps that it is about to train again. Throws
// FileError naming the file and line for a line that is whole but not a metrics record.
void truncate_metrics(const std::string& path, int64_t step);

}  // namespace ipt
