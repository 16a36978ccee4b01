#pragma once
// The parts of the pairs-file contract that synthesis (which writes pairs files) and the pairs index
// (which reads them for the browser) share: one instruction-response pair, and the statuses a record can
// have, with their names as the files spell them. Kept here, below both, so there is one of each.
#include <string>
#include <vector>

namespace ipt {

struct Pair {
    std::string question;              // as generated; carries "\nOptions:\n- ..." when it has options
    std::string answer;                // as generated; a chain of thought when `cot`
    std::vector<std::string> options;  // the options listed in the question, if any
    bool cot = false;                  // "...\nLet's think step by step." / "...\nTherefore, the answer is X"
    std::string category;              // free-form, multiple-choice, yes-no, cot, or a rule task kind
    // Why the released Instruction Pre-Training pipeline would drop this pair when templating it (a
    // chain of thought without exactly one "Therefore, the answer is", an answer that is none of the
    // options); empty when it would keep it. The pair is kept here, with the reason.
    std::string released_drop;
};

// What happened to a raw text. Every input line gets a record, whatever went wrong with it.
enum class PairStatus { Ok, NoPairs, EmptyText, Truncated, MalformedInput };
constexpr int kPairStatusCount = 5;

// "ok", "no_pairs", "empty_text", "truncated", "malformed_input".
const char* pair_status_name(PairStatus status);
// Throws FileError naming `where` for a name not in the table.
PairStatus parse_pair_status(const std::string& name, const std::string& where);
// false for a name not in the table.
bool find_pair_status(const std::string& name, PairStatus* status);

}  // namespace ipt
