// config.json. A config that reads must validate, count its parameters without overflow, list its
// tensor shapes, and survive a round trip: what the workbench writes, it reads back unchanged.
#include "fuzz_support.h"
#include "ipt/model/decoder.h"
#include "ipt/model/model_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    ModelConfig config;
    if (!fuzz::accepted([&] { config = model_config_from_json(fuzz::as_string(data, size), "config.json"); }))
        return 0;
    config.validate();
    IPT_FUZZ_CHECK(config.parameter_count() > 0);
    int64_t counted = 0;
    for (const auto& [name, shape] : decoder_parameter_shapes(config)) {
        int64_t n = 1;
        for (int64_t d : shape) n *= d;
        counted += n;
    }
    IPT_FUZZ_CHECK(counted == config.parameter_count());
    const std::string written = model_config_to_json(config);
    const ModelConfig again = model_config_from_json(written, "written config.json");
    IPT_FUZZ_CHECK(model_config_to_json(again) == written);
    return 0;
}
