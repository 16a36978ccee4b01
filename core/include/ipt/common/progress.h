#pragma once
// Progress reporting from long jobs. A sink is called from the job's thread; front-ends forward it
// (the GUI through queued signals, the CLI to stderr).
#include <cstdint>
#include <functional>
#include <string>

namespace ipt {

struct Progress {
    std::string stage;  // what is happening, e.g. "loading weights"
    int64_t done = 0;   // units finished
    int64_t total = 0;  // 0 when unknown
};

using ProgressSink = std::function<void(const Progress&)>;

inline void report(const ProgressSink& sink, std::string stage, int64_t done, int64_t total) {
    if (sink) sink(Progress{std::move(stage), done, total});
}

}  // namespace ipt
