#pragma once
// An evaluation task as a JSON file: where the data is (JSONL, one item per line), how an item becomes
// a prompt, what the choices or the target are, which metrics, and the few-shot set-up.
//
// The task files shipped in resources/tasks render the same prompts as lm-evaluation-harness's task
// definitions (tests/compat/lm_eval compares them), and few-shot examples are drawn the way its default
// sampler draws them (Python's random.Random(seed).sample over the items in order), so the prompts are
// the harness's, character for character.
//
// Templates fill `{{field}}` (dotted paths reach into objects: `{{choices.text}}`) and apply filters in
// turn: `{{sentence|before:_}}`, `{{sentence|after:_|strip}}`, `{{ctx_b|capitalize}}`,
// `{{subject|replace:_: }}`, `strip`, `lstrip`, `rstrip`, `lower`, and `wikihow` (the harness's HellaSwag
// clean-up: strip, " [title]" -> ". ", bracketed spans removed, double spaces halved).
#include <cstdint>
#include <string>
#include <vector>

#include "ipt/eval/metrics.h"

namespace ipt {

struct TaskDefinition {
    std::string name;
    std::string data;    // JSONL; a relative path is relative to the task file
    std::string type;    // "multiple_choice" or "generate"
    std::string prompt;  // the context template

    // multiple_choice: the choices are a list field ("choices": "choices.text"), or fixed strings
    // ("choices": ["no", "yes"]), or one template per choice ("choice_templates"). The answer is a field
    // holding an index, a label (matched against `labels`), or the text itself (answer_is).
    std::string choices_field;
    std::vector<std::string> choice_templates;  // also used for fixed strings
    std::string answer;                         // template of the answer, e.g. "{{answerKey}}"
    std::string answer_is = "index";            // "index", "label", "text" or "bool" (false = choice 0)
    std::string labels_field;
    std::vector<std::string> labels;  // fixed labels, e.g. ["A", "B", "C", "D"]
    std::string choice_prefix = " ";  // between context and choice (the harness's target_delimiter)
    // Partial scoring (WinoGrande): each choice is a context template (`choice_contexts`) and the shared
    // continuation (choice_prefix + `continuation`) is scored after each.
    std::vector<std::string> choice_contexts;
    std::string continuation;
    // Filters applied to the whole rendered prompt and to each choice (e.g. "wikihow" for HellaSwag).
    std::string prompt_filter, choice_filter;
    // Rendered per item and put before the few-shot examples (the harness's `description`, e.g. MMLU's
    // "The following are multiple choice questions (with answers) about ...").
    std::string preamble;

    // generate
    std::string target;  // template, or a list field of references
    std::vector<std::string> until{"\n\n"};
    int64_t max_new_tokens = 64;

    // Multiple choice: acc (argmax of the summed log-likelihoods), acc_norm (each divided by the length
    // of the choice text in characters, as the harness's len(choice)), acc_bytes (in UTF-8 bytes).
    // Default: acc, acc_norm (MC); exact_match, f1 (generate).
    std::vector<std::string> metrics;
    TextUnits units;  // "text_units": "words" | "characters"; "strip_suffix"
    int64_t num_fewshot = 0;
    std::string fewshot_data;  // default: the task's own data
    // "random": the harness's default sampler, one random.Random(seed) for the task, sample() per item
    // in data order; "first_n": the first examples in file order (the harness's MMLU sampler);
    // "balanced": the examples cycle through the gold choices so that every label is shown about
    // equally often (as lighteval's balanced sampler does for the seed's NLI tasks), from the same
    // generator.
    std::string fewshot_select = "random";
    // Draw one example more and drop those equal to the item (the harness does this when the few-shot
    // split is the evaluated one, and also when neither split is named). Default: when the examples
    // come from the task's own data.
    bool fewshot_exclude_item = false;
    // Examples only from records whose field has the item's value (MMLU: the same subject).
    std::string fewshot_match;
    std::string fewshot_delimiter = "\n\n";
    int64_t seed = 1234;      // the harness's default fewshot_random_seed
    int64_t limit = 0;        // 0: every item
    std::string source_path;  // the task file

    bool partial() const { return !choice_contexts.empty(); }
};

// Throws FileError naming the file and the key.
TaskDefinition read_task(const std::string& path);

// One item ready to score: its contexts (one, or one per choice when partial), continuations (one per
// choice, or one shared when partial), and the gold index or reference texts.
struct TaskItem {
    int64_t id = 0;  // 0-based line index among the data's items
    std::vector<std::string> contexts;
    std::vector<std::string> continuations;
    // The choice texts acc_norm and acc_bytes divide by: the choices without the delimiter, or for
    // partial scoring the per-choice contexts without few-shot examples (the harness's doc_to_choice).
    std::vector<std::string> choice_texts;
    int64_t gold = -1;
    std::vector<std::string> references;  // generate
};

// Reads the data and renders every item (few-shot prefixes included). Throws FileError with
// "file:line" and the field for a missing field, an answer out of range, or malformed JSON.
std::vector<TaskItem> load_task_items(const TaskDefinition& task);

}  // namespace ipt
