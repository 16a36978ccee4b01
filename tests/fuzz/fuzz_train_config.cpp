// run.toml. A config that reads must give its gradient accumulation without dividing by zero or
// overflowing, and what the workbench writes back (config.toml in every run) must read again.
#include "fuzz_support.h"
#include "ipt/train/train_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    TrainConfig config;
    if (!fuzz::accepted([&] { config = train_config_from_toml(fuzz::as_string(data, size), "run.toml"); }))
        return 0;
    for (int world : {1, 2, 3, 8, 1 << 20}) fuzz::accepted([&] { (void)config.accumulation(world); });
    const std::string written = train_config_to_toml(config);
    const TrainConfig again = train_config_from_toml(written, "config.toml");
    IPT_FUZZ_CHECK(again.steps == config.steps && again.sources.size() == config.sources.size());
    IPT_FUZZ_CHECK(train_config_to_toml(again) == written);
    return 0;
}
