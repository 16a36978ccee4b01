#pragma once
// A job is a function given a progress sink and a cancel token, run on a thread of its own. This is
// the one place in core that starts threads for long work; front-ends observe jobs through callbacks
// (the GUI's bridge turns them into queued signals).
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"

namespace ipt {

enum class JobState { Running, Succeeded, Failed, Cancelled };

struct JobOutcome {
    JobState state = JobState::Running;
    std::string message;  // the error for Failed; empty otherwise
};

class Job {
  public:
    using Work = std::function<void(const ProgressSink& progress, const CancelToken& cancel)>;
    using Done = std::function<void(const JobOutcome&)>;

    // Starts `work` at once. `progress` and `done` are called on the job's thread; `done` exactly once.
    // Exceptions thrown by `work` become a Failed outcome with their message (ipt::Cancelled: Cancelled).
    static std::shared_ptr<Job> start(std::string name, Work work, ProgressSink progress = {},
                                      Done done = {});
    ~Job();  // cancels and joins

    const std::string& name() const { return name_; }
    void cancel() { cancel_.cancel(); }
    bool cancel_requested() const { return cancel_.cancelled(); }
    void wait();
    JobOutcome outcome() const;

  private:
    Job() = default;
    std::string name_;
    CancelToken cancel_;
    mutable std::mutex mutex_;
    JobOutcome outcome_;
    std::thread thread_;
};

}  // namespace ipt
