// A whole pairs file through the browser's index: every row it reports must be readable (summary, id,
// preview, pair words, and the full record, which parses without a problem unless the row is marked
// malformed).
#include "fuzz_support.h"
#include "ipt/data/pairs_index.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    const std::string path = fuzz::write_scratch("pairs.jsonl", fuzz::as_string(data, size));
    std::shared_ptr<PairsIndex> index;
    if (!fuzz::accepted([&] {
            index = PairsIndex::open(path);
            index->build({}, CancelToken());
        }))
        return 0;
    IPT_FUZZ_CHECK(index->complete());
    size_t pairs = 0;
    for (size_t row = 0; row < index->size(); ++row) {
        const PairsIndex::Summary& s = index->summary(row);
        IPT_FUZZ_CHECK(s.offset + s.length <= size);
        IPT_FUZZ_CHECK(s.first_pair == pairs);
        pairs += s.pairs;
        (void)index->id(row);
        (void)index->text_preview(row, 40);
        for (uint32_t k = 0; k < s.pairs; ++k) (void)index->pair_words(s.first_pair + k);
        const PairsIndex::Record r = index->record(row);
        if (s.malformed()) {
            IPT_FUZZ_CHECK(!index->problem(row).empty());
        } else {
            IPT_FUZZ_CHECK(r.problem.empty());
            IPT_FUZZ_CHECK(index->problem(row).empty());
        }
    }
    IPT_FUZZ_CHECK(index->pair_count() == pairs);
    return 0;
}
