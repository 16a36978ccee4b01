#pragma once
// Turning texts and their pairs into pre-training text, with the structure of the released
// Instruction Pre-Training code (microsoft/LMOps instruction_pretrain/utils/read_compre.py,
// cook_pt_entries): one seed per chain drives every choice, through Python's random.Random(seed) as the
// released code draws them, so the same pools, chain and seed give the released text byte for byte.
//
// A chain's texts are cut into groups where a text did not inherit from its predecessor. Per group a
// layout is drawn: with fewer than 2 pairs in some text classic 95% / dialog 5%, else classic 80% and
// dialog, numbered questions, inline few-shot and next-turn dialog 5% each; pairs before the text 5%
// of the time (classic and dialog). Questions with options have them shuffled and the answer given as
// its option label; chains of thought are laid out with their reasoning. A group's texts are joined by
// a sampled separator; texts without pairs come out as documents of their own.
//
// The strings come from pools (TemplatePools), a JSON file the user can replace; the workbench ships
// its own (resources/synth/template_pools.json, compiled in).
#include <cstdint>
#include <string>
#include <vector>

#include "ipt/data/pair_record.h"

namespace ipt {

// A question/answer layout (FLAN's few-shot pattern): prefix + inputs + delimiter + prefix + targets,
// examples separated by example_separator. Fields in braces ({question}, {answer}, {options_},
// {option_answer}, {cot}, {context}, ...) are filled as Python's str.format fills them.
struct FewShotPattern {
    std::string inputs, targets, inputs_prefix, targets_prefix;
    std::string x_y_delimiter = "\n\n", example_separator = "\n\n\n";
    std::string example() const { return inputs_prefix + inputs + x_y_delimiter + targets_prefix + targets; }
};

// Inline few-shot: a context, worked examples, then the last question as the exercise.
struct InlinePattern {
    std::string context, ex_input, ex_output, testing_input, testing_output;
    std::string example_separator = "\n\n";
};

struct LayoutWeights {
    // With fewer than 2 pairs in some text of the group: classic, dialog.
    std::vector<double> few = {95, 5};
    // Otherwise: classic, dialog, numbered questions, inline few-shot, next-turn dialog.
    std::vector<double> many = {80, 5, 5, 5, 5};
    std::vector<double> inversion = {5, 95};  // pairs before the text: yes, no
};

struct TemplatePools {
    std::vector<FewShotPattern> qa, qa_options, qa_cot, qa_options_cot, numbered_questions, next_turn_dialog;
    std::vector<InlinePattern> inline_explained, inline_plain;
    // Classic layout: "{context}" start, end after it, the line that introduces the pairs.
    std::vector<std::string> read_starts, read_ends, compre_starts;
    // Pairs before the text: "{QA_demos}" start, end after them, "{context}" start of the text.
    std::vector<std::string> qa_starts, qa_ends, text_starts;
    // Options: the heading, item names (one list of up to 26 per style), the end of each item.
    std::vector<std::string> option_starts, option_item_ends;
    std::vector<std::vector<std::string>> option_item_names;
    // An answer in this list with no matching option becomes the sampled one of them.
    std::vector<std::string> unanswerable_options;
    std::vector<std::vector<std::string>> question_item_names;  // numbered questions, up to 26 each
    // Dialog: joiner + start line, the two speakers' prefixes, the turn end, the turn separator.
    std::vector<std::string> dialog_start_joiners, dialog_starts, dialog_item_ends, dialog_turn_separators;
    std::vector<std::pair<std::string, std::string>> dialog_item_names;
    LayoutWeights weights;
    std::string source;  // the file, or "built-in"
};

// Reads a pools file; throws FileError naming the file and the key at fault (a pool that is missing or
// empty, a pattern without inputs, a field name a pattern may not use).
TemplatePools parse_template_pools(const std::string& json_text, const std::string& where);
TemplatePools read_template_pools(const std::string& path);
const TemplatePools& builtin_template_pools();

// One text of a chain with its pairs; `inherit_from_prev` when it was synthesized after its
// predecessor (as a demonstration) and has pairs of its own.
struct ChainEntry {
    std::string text;
    std::vector<Pair> pairs;
    bool inherit_from_prev = false;
};

struct CookedDocument {
    std::string text;
    bool instruction = false;     // false: a text without pairs, emitted as it is
    std::vector<size_t> entries;  // the chain's texts it holds (indices into the chain)
};

struct CookReport {
    size_t pairs = 0, dropped = 0;  // pairs seen, pairs the released templating drops (released_drop)
};

// The documents of one chain (the released cook_pt_entries), in the released order. Throws UsageError
// naming the pattern when a pattern uses a field that its pairs do not have.
std::vector<CookedDocument> cook_chain(const std::vector<ChainEntry>& chain, int64_t seed,
                                       const TemplatePools& pools, CookReport* report = nullptr);

// Python's str.format with named fields only: "{name}" replaced, "{{" and "}}" for braces.
std::string format_fields(const std::string& pattern,
                          const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace ipt
