#include "ipt/common/parallel.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ipt {

int hardware_threads() {
    return std::max(1u, std::thread::hardware_concurrency());
}

void parallel_for(size_t count, int threads, const std::function<void(size_t, size_t)>& body) {
    if (count == 0) return;
    size_t workers = std::clamp<size_t>(threads > 0 ? size_t(threads) : 1, 1, count);
    if (workers == 1) {
        body(0, count);
        return;
    }
    std::exception_ptr first_error;
    std::mutex error_mutex;
    auto run = [&](size_t begin, size_t end) {
        try {
            body(begin, end);
        } catch (...) {
            std::lock_guard<std::mutex> lock(error_mutex);
            if (!first_error) first_error = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    size_t chunk = (count + workers - 1) / workers;
    for (size_t w = 1; w < workers; ++w) {
        size_t begin = w * chunk, end = std::min(count, begin + chunk);
        if (begin < end) pool.emplace_back(run, begin, end);
    }
    run(0, std::min(count, chunk));
    for (auto& t : pool) t.join();
    if (first_error) std::rethrow_exception(first_error);
}

}  // namespace ipt
