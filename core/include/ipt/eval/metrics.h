#pragma once
// Scores of generated text against references, as SQuAD and ROUGE define them, and the standard
// error of a mean.
#include <string>
#include <vector>

namespace ipt {

// SQuAD normalisation: lower case, punctuation removed, the articles a/an/the removed, whitespace
// collapsed.
std::string normalize_answer(const std::string& text);
double exact_match(const std::string& prediction, const std::string& reference);
// Token-level F1 of the normalised texts (SQuAD).
double token_f1(const std::string& prediction, const std::string& reference);
// ROUGE-L F-measure (beta = 1) over lower-cased whitespace tokens: longest common subsequence.
double rouge_l(const std::string& prediction, const std::string& reference);

// Sample standard deviation over sqrt(n), as lm-evaluation-harness reports for means; 0 for n < 2.
double mean_stderr(const std::vector<double>& values);
double mean(const std::vector<double>& values);

}  // namespace ipt
