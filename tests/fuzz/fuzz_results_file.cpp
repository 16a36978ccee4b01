// An evaluation results file (lm-evaluation-harness layout, ours or theirs), as the results panel and
// `ipt eval --import` read it.
#include "fuzz_support.h"
#include "ipt/runs/results_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    std::vector<ResultEntry> entries;
    if (!fuzz::accepted([&] { entries = parse_results_json(fuzz::as_string(data, size), "results.json"); }))
        return 0;
    IPT_FUZZ_CHECK(!entries.empty());
    for (const ResultEntry& e : entries) IPT_FUZZ_CHECK(!e.value || e.value == e.value);  // never NaN
    return 0;
}
