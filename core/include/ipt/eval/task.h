#pragma once
// An evaluation task as a JSON file: where the data is (JSONL, one item per line), how an item becomes
// a prompt, what the choices or the target are, which metrics, and the few-shot set-up.
//
// Templates fill `{{field}}` (dotted paths reach into objects: `{{choices.text}}`) and know two
// filters for split sentences: `{{sentence|before:_}}`, `{{sentence|after:_}}`.
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
    std::string choice_prefix = " ";  // between context and choice
    // Partial scoring (WinoGrande): each choice is a context template (`choice_contexts`) and the shared
    // continuation (`continuation`) is scored after each.
    std::vector<std::string> choice_contexts;
    std::string continuation;

    // generate
    std::string target;  // template, or a list field of references
    std::vector<std::string> until{"\n\n"};
    int64_t max_new_tokens = 64;

    std::vector<std::string> metrics;  // default: acc, acc_norm (MC); exact_match, f1 (generate)
    TextUnits units;                   // "text_units": "words" | "characters"; "strip_suffix"
    int64_t num_fewshot = 0;
    std::string fewshot_data;  // default: the task's own data, never the item itself
    // "random", or "balanced": the examples cycle through the gold choices so that every label is
    // shown about equally often (as lighteval's balanced sampler does for the seed's NLI tasks).
    std::string fewshot_select = "random";
    std::string fewshot_delimiter = "\n\n";
    uint64_t seed = 1234;
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
    int64_t gold = -1;
    std::vector<std::string> references;  // generate
};

// Reads the data and renders every item (few-shot prefixes included). Throws FileError with
// "file:line" and the field for a missing field, an answer out of range, or malformed JSON.
std::vector<TaskItem> load_task_items(const TaskDefinition& task);

}  // namespace ipt
