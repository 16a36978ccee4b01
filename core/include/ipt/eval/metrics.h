#pragma once
// Scores of generated text against references, as SQuAD and ROUGE define them, and the standard
// error of a mean.
#include <string>
#include <vector>

namespace ipt {

// What the scores count. Words suit languages written with spaces; scripts written without them
// (Japanese, Thai) are compared character by character, with the spaces removed and an optional
// closing mark stripped first (the seed's vocabulary-expansion evaluation does so for ja, th and hi).
struct TextUnits {
    bool characters = false;
    std::string strip_suffix;  // removed (repeatedly) from the end, e.g. "。"
};

// SQuAD normalisation: lower case, punctuation removed, the articles a/an/the removed, whitespace
// collapsed.
std::string normalize_answer(const std::string& text);
double exact_match(const std::string& prediction, const std::string& reference, const TextUnits& units = {});
// Token-level F1 of the normalised texts (SQuAD), over words or characters.
double token_f1(const std::string& prediction, const std::string& reference, const TextUnits& units = {});
// ROUGE-L F-measure (beta = 1) over lower-cased words or characters: longest common subsequence.
double rouge_l(const std::string& prediction, const std::string& reference, const TextUnits& units = {});

// Sample standard deviation over sqrt(n), as lm-evaluation-harness reports for means; 0 for n < 2.
double mean_stderr(const std::vector<double>& values);
double mean(const std::vector<double>& values);

}  // namespace ipt
