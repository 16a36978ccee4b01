#pragma once
// The speed-up measurement as `ipt speedup` and `ipt vocab report` print it, and the flags that set it.
#include <CLI/CLI.hpp>

#include "ipt/eval/speedup.h"

namespace ipt::cli {

void add_speedup_options(CLI::App* command, SpeedupOptions* options);
void print_speedup(const SpeedupReport& report);

}  // namespace ipt::cli
