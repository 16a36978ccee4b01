#include "ipt/jobs/job.h"

#include <ATen/Parallel.h>
#include <c10/util/Exception.h>

#include "ipt/common/error.h"

namespace ipt {

std::shared_ptr<Job> Job::start(std::string name, Work work, ProgressSink progress, Done done) {
    std::shared_ptr<Job> job(new Job());
    job->name_ = std::move(name);
    Job* self = job.get();
    job->thread_ =
        std::thread([self, work = std::move(work), progress = std::move(progress), done = std::move(done)] {
            // LibTorch's intra-op pool is per thread of origin; without this the job runs tensor ops on one
            // core.
            at::init_num_threads();
            JobOutcome outcome;
            try {
                work(progress, self->cancel_);
                outcome.state = self->cancel_.cancelled() ? JobState::Cancelled : JobState::Succeeded;
            } catch (const Cancelled&) {
                outcome.state = JobState::Cancelled;
            } catch (const c10::Error& e) {
                outcome.state = JobState::Failed;
                outcome.message = e.what_without_backtrace();
            } catch (const std::exception& e) {
                outcome.state = JobState::Failed;
                outcome.message = e.what();
            } catch (...) {
                outcome.state = JobState::Failed;
                outcome.message = "unknown error";
            }
            {
                std::lock_guard<std::mutex> lock(self->mutex_);
                self->outcome_ = outcome;
            }
            if (done) done(outcome);
        });
    return job;
}

Job::~Job() {
    cancel();
    // The last owner may be the job's own `done` callback: a thread cannot join itself, so it lets go.
    if (thread_.joinable() && thread_.get_id() == std::this_thread::get_id())
        thread_.detach();
    else
        wait();
}

void Job::wait() {
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

JobOutcome Job::outcome() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return outcome_;
}

}  // namespace ipt
