// One pairs record through the pair reader (the corpus builder's and fine-tuning data's input). A
// record that reads must write a line that reads again, and writing is a fixed point after one round.
#include "fuzz_support.h"
#include "ipt/synth/pair.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    PairRecord record;
    if (!fuzz::accepted([&] { record = parse_pair_record(fuzz::as_string(data, size), "pairs.jsonl:1"); }))
        return 0;
    const std::string line = to_json_line(record);
    IPT_FUZZ_CHECK(line.find('\n') == std::string::npos);
    const PairRecord again = parse_pair_record(line, "written pairs.jsonl:1");
    IPT_FUZZ_CHECK(again.pairs.size() == record.pairs.size());
    IPT_FUZZ_CHECK(to_json_line(parse_pair_record(to_json_line(again), "rewritten")) == to_json_line(again));
    return 0;
}
