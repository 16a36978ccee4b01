#pragma once
// `ipt selftest`: checks that a build computes what the CPU reference computes on a device (GPU nodes
// run it after installing), without Qt or test data: forward and backward parity, KV-cache parity, bf16
// autocast sanity, and an all-reduce across the processes when started under torchrun.
#include <string>
#include <vector>

namespace ipt {

class ProcessGroup;

struct SelfTestCheck {
    std::string name;
    bool passed = false;
    std::string detail;  // the measured value and the bound
};

// Never throws for a failed check; throws UsageError when the device cannot be used at all.
std::vector<SelfTestCheck> run_selftest(const std::string& device, ProcessGroup* group = nullptr);

}  // namespace ipt
