#include "progress_line.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace ipt::cli {
namespace {

CancelToken* g_cancel = nullptr;

void on_sigint(int) {
    if (g_cancel && !g_cancel->cancelled()) {
        g_cancel->cancel();
        return;
    }
    std::_Exit(130);
}

}  // namespace

ProgressSink ProgressLine::sink() {
    if (quiet_ || !isatty(STDERR_FILENO)) return {};
    return [this](const Progress& p) {
        auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(200) && p.done != p.total) return;
        last_ = now;
        if (p.total > 0)
            std::fprintf(stderr, "\r%s: %5.1f%%   ", p.stage.c_str(),
                         100.0 * double(p.done) / double(p.total));
        else
            std::fprintf(stderr, "\r%s: %lld   ", p.stage.c_str(), static_cast<long long>(p.done));
        drawn_ = true;
    };
}

void ProgressLine::finish() {
    if (drawn_) std::fprintf(stderr, "\n");
    drawn_ = false;
}

CancelToken cancel_on_sigint() {
    static CancelToken token;
    g_cancel = &token;
    std::signal(SIGINT, on_sigint);
    return token;
}

}  // namespace ipt::cli
