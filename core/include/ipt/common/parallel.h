#pragma once
// Splits [0, count) into contiguous ranges and runs them on up to `threads` std::threads (the calling
// thread takes one range). For CPU-bound work that does not touch LibTorch, e.g. batch tokenization.
#include <cstddef>
#include <functional>

namespace ipt {

// Number of hardware threads, at least 1.
int hardware_threads();

// Calls body(begin, end) for disjoint ranges covering [0, count). The first exception thrown by any
// range is rethrown on the calling thread after all ranges finished.
void parallel_for(size_t count, int threads, const std::function<void(size_t begin, size_t end)>& body);

}  // namespace ipt
