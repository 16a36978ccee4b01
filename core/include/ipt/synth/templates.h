#pragma once
// Turning texts and their pairs into pre-training text. A pool of question/answer styles (Question:/
// Answer:, Q:/A:, Problem:/Answer:, numbered questions, dialogue turns, ...), two ways of listing
// options, and layouts (pairs after the text most of the time, sometimes before). One seeded choice
// per chain, so that the same seed and chain give the same text on every machine.
#include <cstdint>
#include <string>
#include <vector>

#include "ipt/synth/prompt_format.h"

namespace ipt {

struct TemplateChoice {
    size_t style = 0;               // index into template_styles()
    bool lettered_options = false;  // "(A) x" instead of "- x"
    bool pairs_first = false;       // pairs before the text
};

struct TemplateStyle {
    std::string name;
    std::string question_label, answer_label;  // e.g. "Question: ", "Answer: "
    bool numbered = false;                     // "Question 1: ", "Answer 1: "
};
const std::vector<TemplateStyle>& template_styles();

// Deterministic for (seed, key), independent of the standard library's distributions.
TemplateChoice choose_template(uint64_t seed, const std::string& key);

// One pair in a style; `number` counts from 1 within a text.
std::string render_qa(const Pair& pair, const TemplateChoice& choice, size_t number);
// A text with its pairs laid out (the text alone when it has no pairs).
std::string render_augmented_text(const SynthExample& example, const TemplateChoice& choice);
// The examples of one chain, each laid out, joined by blank lines.
std::string render_chain(const std::vector<SynthExample>& chain, const TemplateChoice& choice);

}  // namespace ipt
