#pragma once
// A one-line progress display on stderr for long commands, and SIGINT turned into a cancel request.
#include <chrono>
#include <string>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"

namespace ipt::cli {

class ProgressLine {
  public:
    explicit ProgressLine(bool quiet = false) : quiet_(quiet) {}
    ProgressSink sink();
    void finish();  // ends the line

  private:
    bool quiet_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_{};
};

// The first Ctrl-C cancels the returned token (jobs then stop cleanly and save their state); a second
// one ends the process at once.
CancelToken cancel_on_sigint();

}  // namespace ipt::cli
