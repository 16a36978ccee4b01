#include "ipt/synth/pair_parser.h"

#include <algorithm>
#include <set>

#include "ipt/common/python_text.h"

namespace ipt {
namespace {

const std::string kQue = "<QUE>", kAns = "<ANS>", kEnd = "</END>";
const std::string kStepByStep = "\nLet's think step by step.", kTherefore = "\nTherefore, the answer is ";
const std::string kOptions = "\nOptions:\n- ", kOptionSeparator = "\n- ";
// Markers that never belong inside a question or an answer: their presence means the model lost
// track of the format.
const char* const kStrayMarkers[] = {"<CON>", "</CON>", "<s>", "</s>"};

size_t count(const std::string& s, const std::string& what) {
    size_t n = 0;
    for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
    return n;
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Why the fragment is not a pair, or empty when it is one (then `pair` holds it).
std::string read_fragment(const std::string& fragment, Pair* pair) {
    const size_t answers = count(fragment, kAns);
    if (answers == 0) return "no <ANS>";
    if (answers > 1) return "several <ANS>";
    const size_t at = fragment.find(kAns);
    const std::string question = python_strip(fragment.substr(0, at)),
                      answer = python_strip(fragment.substr(at + kAns.size()));
    if (!starts_with(question, kQue)) return "no <QUE> before <ANS>";
    if (count(question, kQue) > 1) return "several <QUE>";
    if (count(answer, kQue) > 0) return "<QUE> inside the answer";
    for (const char* marker : kStrayMarkers)
        if (fragment.find(marker) != std::string::npos) return std::string("stray ") + marker;
    if (answer.empty()) return "empty answer";
    // An empty question is accepted, as the released parser accepts it.
    pair->question = python_strip(question.substr(kQue.size()));
    pair->answer = answer;
    return {};
}

}  // namespace

ParsedPairs parse_pairs(const std::string& generation) {
    ParsedPairs out;
    std::vector<std::string> fragments = python_split(generation, kEnd);
    // What follows the last </END> never got its end marker: the generation stopped inside it.
    const std::string tail = python_strip(fragments.back());
    fragments.pop_back();
    std::set<std::string> questions;
    for (const std::string& fragment : fragments) {
        if (python_strip(fragment).empty()) {
            out.rejected.push_back({fragment, "empty fragment"});
            continue;
        }
        Pair pair;
        std::string why = read_fragment(fragment, &pair);
        if (why.empty() && !questions.insert(python_lower(pair.question)).second) why = "duplicate question";
        if (!why.empty()) {
            out.rejected.push_back({python_strip(fragment), why});
            continue;
        }
        annotate_pair(&pair);
        out.pairs.push_back(std::move(pair));
    }
    if (!tail.empty()) out.rejected.push_back({tail, "truncated"});
    return out;
}

std::vector<std::string> parse_options(const std::string& question) {
    const std::vector<std::string> parts = python_split(question, kOptions);
    if (parts.size() != 2) return {};
    return python_split(parts[1], kOptionSeparator);
}

bool parse_chain_of_thought(const Pair& pair, ChainOfThought* parts, std::string* problem) {
    const bool marked = pair.question.find(kStepByStep) != std::string::npos ||
                        pair.answer.find(kTherefore) != std::string::npos;
    if (!marked) return false;
    auto fail = [&](const std::string& why) {
        if (problem) *problem = "chain of thought: " + why;
        return true;
    };
    if (!ends_with(pair.question, kStepByStep))
        return fail("the question does not end with \"Let's think step by step.\"");
    ChainOfThought cot;
    cot.question = python_strip(pair.question.substr(0, pair.question.size() - kStepByStep.size()));
    if (cot.question.empty()) return fail("no question before \"Let's think step by step.\"");
    const std::vector<std::string> halves = python_split(pair.answer, kTherefore);
    if (halves.size() != 2)
        return fail(std::to_string(halves.size() - 1) +
                    " \"Therefore, the answer is\" in the answer (one needed)");
    cot.reasoning = python_strip(halves[0]);
    cot.final_answer = python_strip(halves[1]);
    if (!cot.reasoning.empty() && cot.reasoning.back() == '.') cot.reasoning.pop_back();
    if (cot.reasoning.empty() || cot.final_answer.empty()) return fail("empty reasoning or final answer");
    if (parts) *parts = cot;
    if (problem) problem->clear();
    return true;
}

std::string categorize_pair(const Pair& pair) {
    if (pair.cot || parse_chain_of_thought(pair)) return "cot";
    if (!pair.options.empty() || !parse_options(pair.question).empty()) return "multiple-choice";
    static const std::set<std::string> auxiliaries = {
        "is",     "are", "was",  "were", "do",  "does",  "did",  "can",   "could", "will",   "would",
        "should", "has", "have", "had",  "may", "might", "must", "shall", "isn't", "aren't", "doesn't"};
    const std::string q = python_lower(python_strip(pair.question));
    const std::string first = q.substr(0, q.find_first_of(" ,?"));
    if (auxiliaries.count(first)) return "yes-no";
    return "free-form";
}

void annotate_pair(Pair* pair) {
    ChainOfThought cot;
    std::string problem;
    pair->cot = parse_chain_of_thought(*pair, &cot, &problem);
    const bool cot_ok = pair->cot && problem.empty();
    // Options are looked for in the question without its chain-of-thought request, as released.
    const std::string question = cot_ok ? cot.question : pair->question;
    const std::string answer = cot_ok ? cot.final_answer : pair->answer;
    pair->options.clear();
    if (problem.empty() && question.find(kOptions) != std::string::npos) {
        const std::vector<std::string> parts = python_split(question, kOptions);
        if (parts.size() != 2) {
            problem = "options: \"Options:\" appears more than once";
        } else if (parts[0].empty()) {
            problem = "options: no question before the options";
        } else {
            pair->options = python_split(parts[1], kOptionSeparator);
            const std::string wanted = python_strip(answer);
            const bool listed = std::any_of(pair->options.begin(), pair->options.end(),
                                            [&](const std::string& o) { return python_strip(o) == wanted; });
            // The templating step may still accept an answer from its "none of the above" list.
            if (!listed) problem = "options: the answer is not among the options";
        }
    }
    pair->released_drop = problem;
    if (pair->category.empty()) pair->category = categorize_pair(*pair);
}

}  // namespace ipt
