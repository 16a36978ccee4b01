#pragma once
// Evaluation results compared the way papers and leaderboards compare them: pick the runs, pick a task
// group, read a runs x tasks table with an average. A task group has sections, each with one metric
// (averaging accuracy with ROUGE-L would mean nothing): the nine general benchmarks of Instruction
// Pre-Training (Cheng et al., 2024, Table 1), or the NLI / SUM / SPAN x language grid of the
// vocabulary expansion paper (Yamaguchi et al., 2024, Table 1). The Average of a section is taken over
// the tasks every selected run has, and the comparison says which those are and which it left out.
// Reference rows (the papers' published numbers, shipped as results files) sit beside the runs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ipt/runs/results_file.h"
#include "ipt/runs/table.h"

namespace ipt {

class RunStore;

struct TaskSection {
    std::string title;   // "NLI"; "" for a group's only section
    std::string metric;  // "" = the comparison's chosen metric
    // Tasks in column order, each with the names other tools file it under ("siqa" is lm-eval's
    // "social_iqa"). Empty = every task some row has with the metric.
    struct Task {
        std::string name;
        std::vector<std::string> aliases;
    };
    std::vector<Task> tasks;
    // The task name under which results files give the section's average directly (an lm-eval group
    // result, a paper's average over its languages): used for a row that lacks the averaged tasks.
    std::string aggregate;
};

struct TaskGroup {
    std::string id;  // "all", "general", "vocab"
    std::string title;
    std::vector<TaskSection> sections;
};

// "all" (every task with the chosen metric), "general", "vocab".
const std::vector<TaskGroup>& task_groups();
// UsageError listing the ids for an unknown one.
const TaskGroup& task_group(const std::string& id);

// One row that does not come from the workspace: a paper's published results.
struct ReferenceResults {
    std::string name;    // the row's label
    std::string source;  // the paper and table
    std::vector<ResultEntry> entries;
};
// A results file in lm-evaluation-harness layout with a "reference" object: {"name", "source",
// "published": true}. FileError naming `where` and the key when that object is missing or incomplete.
ReferenceResults parse_reference_results(const std::string& text, const std::string& where);

struct ComparisonCell {
    std::optional<double> value, stderr_, delta;
    std::optional<int64_t> samples;
};

struct ComparisonSection {
    std::string title, metric;
    std::vector<std::string> tasks;     // columns: the section's tasks some row has, in group order
    std::vector<std::string> averaged;  // the tasks every selected run has: the Average is over these
    std::vector<std::string> left_out;  // columns some selected run lacks, so not in the Average
    bool higher_is_better = true;
};

struct ResultsComparison {
    struct Row {
        std::string name;
        bool reference = false;
        std::string source;  // reference rows: where the numbers were published
    };
    std::string group, baseline;
    std::vector<Row> rows;
    std::vector<ComparisonSection> sections;
    std::vector<std::vector<std::vector<ComparisonCell>>> cells;  // [row][section][task]
    std::vector<std::vector<ComparisonCell>> averages;            // [row][section]
    // How a row's average was found: over the averaged tasks, or the published aggregate.
    std::vector<std::vector<bool>> published_average;  // [row][section]

    // The best value of a column (a section's task t, or its average when t == tasks.size()) among
    // all rows; nullopt when the column is empty.
    std::optional<double> best(size_t section, size_t column) const;
    const ComparisonCell& cell(size_t row, size_t section, size_t column) const;  // column as in best()
};

struct ComparisonRequest {
    std::vector<std::string> runs;  // workspace runs, in row order
    std::string group = "all";
    std::string metric = "acc";                // for sections without a metric of their own
    std::string baseline;                      // "" = none; a run's or a reference row's name
    std::vector<ReferenceResults> references;  // rows after the runs
};

// UsageError for an unknown run, group or baseline.
ResultsComparison compare_results(const RunStore& store, const ComparisonRequest& request);

// How a comparison is written out. Cells read "0.5500 ± 0.0110 (n=2376)" as chosen; CSV keeps each
// figure in a column of its own ("<task>", "<task> stderr", "<task> n", "<task> delta").
struct ComparisonFormat {
    bool stderr_ = true;
    bool samples = true;
    bool deltas = true;
    int decimals = 4;
};
TextTable comparison_csv_table(const ResultsComparison& comparison, const ComparisonFormat& format);
// One cell per task; the best value of each column marked (**bold** in Markdown, \textbf in LaTeX),
// reference rows marked as published, and a note naming the averaged and the left-out tasks.
std::string comparison_markdown(const ResultsComparison& comparison, const ComparisonFormat& format);
std::string comparison_latex(const ResultsComparison& comparison, const ComparisonFormat& format);
// "0.5500 ± 0.0110 (n=2376) (+0.0500)" for one cell.
std::string format_comparison_cell(const ComparisonCell& cell, const ComparisonFormat& format);
// Which tasks each section averaged and which it left out, one line per section.
std::vector<std::string> comparison_notes(const ResultsComparison& comparison);

}  // namespace ipt
