#pragma once
// The rule-based baseline in the released structure (AdaptLLM, microsoft/LMOps adaptllm/utils/read.py
// and raw2read.py): each raw text becomes one reading-comprehension text, the text followed by tasks
// mined from it.
//
// - The first line is the title; the rest is the context the tasks are mined from.
// - Six task types, with the released patterns and connective lists: nli (entail: Yes, Therefore, Thus,
//   Accordingly, Hence, For this reason; contradict: No, However, But, On the contrary, In contrast,
//   Whereas; neutral: Maybe, Also, Furthermore, Secondly, Additionally, Moreover, In addition),
//   common_reason (cause-effect with the entail connectives; effect-cause with due to, on account of,
//   owing to), paraphrase (similar: In other words, Namely, That is to say, i.e., Scilicet, Similarly,
//   Equally; different: the contradict list), word2text (definitions "X is defined as ...", topics
//   "... is about ...", and sentences holding at least three domain keywords), summarize (the title) and
//   text_completion. A mined pair is two sentences of at least 50 characters without commas (NLI,
//   cause-effect), a sentence end before them and a comma after the connective.
// - At most two examples per subcategory (shuffled by the text's seed), the examples of a type together,
//   the types in a shuffled order after a sampled introduction line.
// - Summary only 0.4, completion only 0.1, both 0.4, neither 0.1 (numpy's choice from the seed, as
//   released); with only a title or only enough sentences, 0.5 / 0.5.
// Deliberate differences: sentences are split by split_sentences' rules, not pysbd's; the task types are
// visited in a fixed order before the shuffle (released: the order of a Python set, which changes with
// PYTHONHASHSEED); keyword lists keep the order of the sentence; the templates are the workbench's own.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace ipt {

class Tokenizer;

// Domain keywords, as released: pieces of a tokenizer trained on the domain that the general one lacks,
// that start a word and are longer than 10 characters.
struct DomainKeywords {
    std::set<std::string> pieces;
    const Tokenizer* domain = nullptr;  // splits sentences into pieces
};
DomainKeywords domain_keywords(const Tokenizer& general, const Tokenizer& domain);

struct ReadingComprehensionOptions {
    std::string domain = "general";            // the domain's name in the templates
    const DomainKeywords* keywords = nullptr;  // word2text from domain keywords; none without
    // The context is cut to this many tokens of `tokenizer` (released: max_seq_len 2048 - 200).
    const Tokenizer* tokenizer = nullptr;
    int64_t max_context_tokens = 1848;
};

// Counts of what went into a text, per task type (as the released count_dict).
struct ReadingComprehension {
    std::string text;
    std::vector<std::pair<std::string, size_t>> tasks;  // type -> examples used
};

// One raw text (seeded by its index in the corpus, the released text_id) as a reading-comprehension text.
ReadingComprehension reading_comprehension(const std::string& raw_text, int64_t text_id,
                                           const ReadingComprehensionOptions& options = {});

// A raw corpus (JSONL or .txt) as a corpus of reading-comprehension texts: JSONL {"text", "source":
// "rules", "ids": [id]}, written atomically, one line per raw text (the i-th text seeded with i). Lines
// that are not texts are errors naming file and line; blank ones are skipped.
struct ReadingComprehensionReport {
    size_t texts = 0;
    std::vector<std::pair<std::string, size_t>> tasks;  // type -> examples over the corpus
};
ReadingComprehensionReport build_reading_comprehension_corpus(
    const std::string& input, const std::string& output, const std::string& text_field,
    const ReadingComprehensionOptions& options = {});

// The mined examples of one text, for inspection and tests: type, subcategory, the filled fields.
struct MinedExample {
    std::string type, subcategory, verbalizer, first, second;
};
std::vector<MinedExample> mine_released_patterns(const std::string& context);

}  // namespace ipt
