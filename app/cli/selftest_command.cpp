// `ipt selftest --device cuda`: verify a GPU install against the CPU reference.
#include <iostream>

#include "commands.h"
#include "ipt/common/error.h"
#include "ipt/train/selftest.h"

namespace ipt::cli {

void add_selftest_command(CLI::App& app) {
    auto device = std::make_shared<std::string>("cpu");
    CLI::App* cmd = app.add_subcommand(
        "selftest", "Check a device against the CPU reference (parity, KV cache, all-reduce)");
    cmd->add_option("--device", *device, "cpu, cuda or cuda:N");
    cmd->callback([device] {
        int failed = 0;
        for (const SelfTestCheck& check : run_selftest(*device)) {
            std::cout << (check.passed ? "PASS  " : "FAIL  ") << check.name << ": " << check.detail << "\n";
            failed += check.passed ? 0 : 1;
        }
        if (failed) throw Error(std::to_string(failed) + " self-test check(s) failed on " + *device);
        std::cout << "all checks passed on " << *device << "\n";
    });
}

}  // namespace ipt::cli
