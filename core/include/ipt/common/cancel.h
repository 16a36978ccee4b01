#pragma once
// Cooperative cancellation: the requester sets the token, the job polls it between units of work.
#include <atomic>
#include <memory>

#include "ipt/common/error.h"

namespace ipt {

class CancelToken {
  public:
    void cancel() { cancelled_->store(true, std::memory_order_relaxed); }
    bool cancelled() const { return cancelled_->load(std::memory_order_relaxed); }
    void throw_if_cancelled() const {
        if (cancelled()) throw Cancelled();
    }

  private:
    // Shared so that copies handed to worker threads observe the same flag.
    std::shared_ptr<std::atomic<bool>> cancelled_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace ipt
