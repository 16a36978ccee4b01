// One pairs record through the pair reader (the corpus builder's and fine-tuning data's input) in both
// of its modes. The lenient reading (the browser's) never throws, and where the strict reading accepts
// a line the two read the same record. A record that reads must write a line that reads again, and
// writing is a fixed point after one round.
#include "fuzz_support.h"
#include "ipt/data/pair_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    const std::string text = fuzz::as_string(data, size);
    LenientPairRecord lenient;
    bool lenient_threw = false;
    try {
        lenient = parse_pair_record_leniently(text, "pairs.jsonl:1");
    } catch (...) {
        lenient_threw = true;
    }
    IPT_FUZZ_CHECK(!lenient_threw);
    PairRecord record;
    if (!fuzz::accepted([&] { record = parse_pair_record(text, "pairs.jsonl:1"); })) return 0;
    IPT_FUZZ_CHECK(lenient.problem.empty());
    IPT_FUZZ_CHECK(to_json_line(lenient) == to_json_line(record));
    const std::string line = to_json_line(record);
    IPT_FUZZ_CHECK(line.find('\n') == std::string::npos);
    const PairRecord again = parse_pair_record(line, "written pairs.jsonl:1");
    IPT_FUZZ_CHECK(again.pairs.size() == record.pairs.size());
    IPT_FUZZ_CHECK(to_json_line(parse_pair_record(to_json_line(again), "rewritten")) == to_json_line(again));
    return 0;
}
