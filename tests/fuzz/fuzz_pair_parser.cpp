// The synthesizer's output format (<QUE> ... <ANS> ... </END>), parsed into pairs. Every pair kept has an
// answer (an empty question is kept, as the released parser keeps it), and every fragment is either a
// pair or a rejection with its reason.
#include "fuzz_support.h"
#include "ipt/synth/pair_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    const std::string generation = fuzz::as_string(data, size);
    const ParsedPairs parsed = parse_pairs(generation);
    for (const Pair& p : parsed.pairs) {
        IPT_FUZZ_CHECK(!p.answer.empty());
        IPT_FUZZ_CHECK(!p.category.empty());
        ChainOfThought parts;
        std::string problem;
        if (parse_chain_of_thought(p, &parts, &problem) && problem.empty())
            IPT_FUZZ_CHECK(p.answer.find(parts.final_answer) != std::string::npos);
        (void)categorize_pair(p);
    }
    for (const auto& rejected : parsed.rejected) IPT_FUZZ_CHECK(!rejected.reason.empty());
    (void)parse_options(generation);
    return 0;
}
