#pragma once
// Reading pairs out of a synthesizer's generation, with the released parser's rules: split on
// "</END>"; a trailing fragment without "</END>" is a truncation and is dropped; a fragment needs
// exactly one "<ANS>" after a "<QUE>" and a non-empty answer; questions are de-duplicated without
// regard to case. Every rejected fragment is counted with its reason.
#include <string>
#include <vector>

#include "ipt/synth/pair.h"

namespace ipt {

struct RejectedFragment {
    std::string fragment;
    std::string reason;  // "truncated", "no <QUE>", "no <ANS>", "several <ANS>", "empty answer", ...
};

struct ParsedPairs {
    std::vector<Pair> pairs;
    std::vector<RejectedFragment> rejected;
};

ParsedPairs parse_pairs(const std::string& generation);

// "Q\nOptions:\n- a\n- b" -> {"a", "b"}; empty when the question lists no options.
std::vector<std::string> parse_options(const std::string& question);
// "Let's think step by step. ... Therefore, the answer is X" -> true, and X in `final_answer`.
bool parse_chain_of_thought(const std::string& answer, std::string* final_answer = nullptr);
// The task category by question form: multiple-choice, yes-no, cot or free-form.
std::string categorize_pair(const Pair& pair);
// Fills options, cot and category from the question and answer texts.
void annotate_pair(Pair* pair);

}  // namespace ipt
