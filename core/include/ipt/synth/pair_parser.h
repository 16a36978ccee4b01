#pragma once
// Reading pairs out of a synthesizer's generation, with the released parser's rules
// (microsoft/LMOps instruction_pretrain/utils/read_compre.py, parse_comprehension): split on "</END>";
// a trailing fragment without "</END>" is a truncation and is dropped; a fragment needs exactly one
// "<ANS>" after a "<QUE>" and a non-empty answer (the question may be empty); question and answer are
// trimmed of all Unicode whitespace (Python's str.strip()); questions are de-duplicated by Python's
// str.lower(), the first one kept. Every rejected fragment is counted with its reason. One deliberate
// difference: a fragment with a second "<QUE>" or a stray "<CON>", "</CON>", "<s>", "</s>" is rejected
// (the released parser keeps it), since such a pair would teach the model its own control markers.
#include <string>
#include <vector>

#include "ipt/data/pair_record.h"

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

// The released option convention: the question holds "\nOptions:\n- " once, the options follow it
// separated by "\n- " (as they are, not trimmed). Empty when the question has no options.
std::vector<std::string> parse_options(const std::string& question);

// The released chain-of-thought convention: the question ends with "\nLet's think step by step." and
// the answer is the reasoning, then "\nTherefore, the answer is " and the final answer.
struct ChainOfThought {
    std::string question;      // without "\nLet's think step by step.", trimmed
    std::string reasoning;     // trimmed, a final '.' removed (the templates add their own)
    std::string final_answer;  // trimmed
};
// True when the pair uses the convention (either marker is present). `problem` is set when it does so
// in a way the released pipeline drops (it would not template the pair); `parts` when it does not.
bool parse_chain_of_thought(const Pair& pair, ChainOfThought* parts = nullptr,
                            std::string* problem = nullptr);

// The task category by question form: multiple-choice, yes-no, cot or free-form.
std::string categorize_pair(const Pair& pair);
// Fills options, cot, category and released_drop from the question and answer texts.
void annotate_pair(Pair* pair);

}  // namespace ipt
