// One line of a run's metrics.jsonl, as the live tailer and the run store read it.
#include "fuzz_support.h"
#include "ipt/runs/metrics_tailer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    MetricRecord record;
    if (!fuzz::accepted([&] { record = parse_metric_line(fuzz::as_string(data, size), "metrics.jsonl:1"); }))
        return 0;
    for (const auto& [key, value] : record.values) IPT_FUZZ_CHECK(key != "step");
    return 0;
}
