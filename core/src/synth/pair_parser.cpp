#include "ipt/synth/pair_parser.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace ipt {
namespace {

const std::string kQue = "<QUE>", kAns = "<ANS>", kEnd = "</END>";
// Markers that never belong inside a question or an answer: their presence means the model lost
// track of the format.
const char* const kStrayMarkers[] = {"<CON>", "</CON>", "<s>", "</s>"};

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

size_t count(const std::string& s, const std::string& what) {
    size_t n = 0;
    for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
    return n;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

// Why the fragment is not a pair, or empty when it is one (then `pair` holds it).
std::string read_fragment(const std::string& fragment, Pair* pair) {
    const size_t answers = count(fragment, kAns);
    if (answers == 0) return "no <ANS>";
    if (answers > 1) return "several <ANS>";
    const size_t at = fragment.find(kAns);
    const std::string question = trim(fragment.substr(0, at)),
                      answer = trim(fragment.substr(at + kAns.size()));
    if (!starts_with(question, kQue)) return "no <QUE> before <ANS>";
    if (count(question, kQue) > 1) return "several <QUE>";
    if (count(answer, kQue) > 0) return "<QUE> inside the answer";
    for (const char* marker : kStrayMarkers)
        if (fragment.find(marker) != std::string::npos) return std::string("stray ") + marker;
    pair->question = trim(question.substr(kQue.size()));
    pair->answer = answer;
    if (pair->question.empty()) return "empty question";
    if (pair->answer.empty()) return "empty answer";
    return {};
}

}  // namespace

ParsedPairs parse_pairs(const std::string& generation) {
    ParsedPairs out;
    std::vector<std::string> fragments;
    size_t start = 0;
    for (size_t at = generation.find(kEnd); at != std::string::npos; at = generation.find(kEnd, start)) {
        fragments.push_back(generation.substr(start, at - start));
        start = at + kEnd.size();
    }
    // What follows the last </END> never got its end marker: the generation stopped inside it.
    const std::string tail = trim(generation.substr(start));
    std::set<std::string> questions;
    for (const std::string& fragment : fragments) {
        if (trim(fragment).empty()) {
            out.rejected.push_back({fragment, "empty fragment"});
            continue;
        }
        Pair pair;
        std::string why = read_fragment(fragment, &pair);
        if (why.empty() && !questions.insert(lower(pair.question)).second) why = "duplicate question";
        if (!why.empty()) {
            out.rejected.push_back({trim(fragment), why});
            continue;
        }
        annotate_pair(&pair);
        out.pairs.push_back(std::move(pair));
    }
    if (!tail.empty()) out.rejected.push_back({tail, "truncated"});
    return out;
}

std::vector<std::string> parse_options(const std::string& question) {
    std::vector<std::string> options;
    const std::string marker = "\nOptions:\n";
    size_t at = question.find(marker);
    if (at == std::string::npos) return options;
    size_t pos = at + marker.size();
    while (pos < question.size()) {
        size_t end = question.find('\n', pos);
        if (end == std::string::npos) end = question.size();
        const std::string line = question.substr(pos, end - pos);
        if (!starts_with(line, "- ")) break;
        options.push_back(trim(line.substr(2)));
        pos = end + 1;
    }
    return options;
}

bool parse_chain_of_thought(const std::string& answer, std::string* final_answer) {
    if (!starts_with(lower(trim(answer)), "let's think step by step")) return false;
    const std::string conclusion = "Therefore, the answer is";
    const size_t at = answer.rfind(conclusion);
    if (at == std::string::npos) return false;
    if (final_answer) {
        std::string x = trim(answer.substr(at + conclusion.size()));
        if (!x.empty() && x.back() == '.') x.pop_back();
        *final_answer = trim(x);
    }
    return true;
}

std::string categorize_pair(const Pair& pair) {
    if (pair.cot || parse_chain_of_thought(pair.answer)) return "cot";
    if (!pair.options.empty() || !parse_options(pair.question).empty()) return "multiple-choice";
    static const std::set<std::string> auxiliaries = {
        "is",     "are", "was",  "were", "do",  "does",  "did",  "can",   "could", "will",   "would",
        "should", "has", "have", "had",  "may", "might", "must", "shall", "isn't", "aren't", "doesn't"};
    const std::string q = lower(trim(pair.question));
    const std::string first = q.substr(0, q.find_first_of(" ,?"));
    if (auxiliaries.count(first)) return "yes-no";
    return "free-form";
}

void annotate_pair(Pair* pair) {
    pair->options = parse_options(pair->question);
    pair->cot = parse_chain_of_thought(pair->answer);
    if (pair->category.empty()) pair->category = categorize_pair(*pair);
}

}  // namespace ipt
