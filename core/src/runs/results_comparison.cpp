#include "ipt/runs/results_comparison.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "ipt/common/error.h"
#include "ipt/runs/run_store.h"

namespace ipt {

namespace {

TaskSection::Task task(const std::string& name, std::vector<std::string> aliases = {}) {
    return TaskSection::Task{name, std::move(aliases)};
}

std::vector<TaskSection::Task> languages(const std::string& prefix) {
    std::vector<TaskSection::Task> out;
    // The seven target languages of the vocabulary paper.
    for (const char* language : {"ar", "de", "el", "hi", "ja", "sw", "th"})
        out.push_back(task(prefix + language));
    return out;
}

std::vector<TaskGroup> make_groups() {
    TaskGroup all{"all", "All tasks", {TaskSection{"", "", {}, ""}}};
    // Instruction Pre-Training, Table 1: zero-shot, lm-evaluation-harness task names.
    TaskGroup general{
        "general",
        "General benchmarks (Instruction PT)",
        {TaskSection{"",
                     "",
                     {task("arc_easy"), task("arc_challenge"), task("boolq"), task("siqa", {"social_iqa"}),
                      task("winogrande"), task("piqa"), task("openbookqa"), task("hellaswag"), task("mmlu")},
                     ""}}};
    TaskGroup vocab{"vocab",
                    "NLI / SUM / SPAN x language (vocabulary expansion)",
                    {TaskSection{"NLI", "acc", languages("nli_"), "nli"},
                     TaskSection{"SUM", "rougeL", languages("sum_"), "sum"},
                     TaskSection{"SPAN", "f1", languages("span_"), "span"}}};
    return {all, general, vocab};
}

// A row's results by (task, metric).
using RowResults = std::map<std::pair<std::string, std::string>, ComparisonCell>;

RowResults from_store(const RunStore& store, const std::string& run) {
    RowResults out;
    for (const ResultRow& r : store.results(run)) {
        ComparisonCell cell;
        cell.value = r.value;
        cell.stderr_ = r.stderr_;
        cell.samples = r.samples;
        out[{r.task, r.metric}] = cell;
    }
    return out;
}

RowResults from_entries(const std::vector<ResultEntry>& entries) {
    RowResults out;
    for (const ResultEntry& e : entries) {
        ComparisonCell cell;
        cell.value = e.value;
        cell.stderr_ = e.stderr_;
        cell.samples = e.samples;
        out[{e.task, e.metric}] = cell;
    }
    return out;
}

// The row's cell for a task under its name or an alias; null when it has none with a value.
const ComparisonCell* find(const RowResults& row, const TaskSection::Task& t, const std::string& metric) {
    auto it = row.find({t.name, metric});
    if (it != row.end() && it->second.value) return &it->second;
    for (const std::string& alias : t.aliases) {
        it = row.find({alias, metric});
        if (it != row.end() && it->second.value) return &it->second;
    }
    return nullptr;
}

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string average_title(const ResultsComparison& c, size_t s) {
    const std::string& title = c.sections[s].title;
    return title.empty() ? std::string("Average") : title + " average";
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

bool better(double a, double b, bool higher) {
    return higher ? a > b : a < b;
}

std::string latex_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '_':
            case '&':
            case '%':
            case '$':
            case '#':
            case '{':
            case '}':
                out += '\\';
                out += c;
                break;
            case '~':
                out += "\\textasciitilde{}";
                break;
            case '^':
                out += "\\textasciicircum{}";
                break;
            case '\\':
                out += "\\textbackslash{}";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string markdown_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '|' || c == '*' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

// The columns of the written table, section by section: the tasks, then the section's average.
struct Column {
    size_t section, index;  // index == tasks.size(): the average
    std::string title;
};

// The baseline's own cells print without their (zero) deltas.
ComparisonFormat format_for_row(const ResultsComparison& c, size_t row, ComparisonFormat format) {
    if (c.rows[row].name == c.baseline) format.deltas = false;
    return format;
}

std::vector<Column> columns_of(const ResultsComparison& c) {
    std::vector<Column> out;
    for (size_t s = 0; s < c.sections.size(); ++s) {
        for (size_t t = 0; t < c.sections[s].tasks.size(); ++t) out.push_back({s, t, c.sections[s].tasks[t]});
        out.push_back({s, c.sections[s].tasks.size(), average_title(c, s)});
    }
    return out;
}

}  // namespace

const std::vector<TaskGroup>& task_groups() {
    static const std::vector<TaskGroup> groups = make_groups();
    return groups;
}

const TaskGroup& task_group(const std::string& id) {
    std::string ids;
    for (const TaskGroup& g : task_groups()) {
        if (g.id == id) return g;
        ids += (ids.empty() ? "" : ", ") + g.id;
    }
    throw UsageError("unknown task group '" + id + "' (" + ids + ")");
}

ReferenceResults parse_reference_results(const std::string& text, const std::string& where) {
    ReferenceResults out;
    out.entries = parse_results_json(text, where);  // the same reader (and checks) as any results file
    const nlohmann::json root = nlohmann::json::parse(replace_nonfinite_tokens(text));
    const auto reference = root.find("reference");
    if (reference == root.end() || !reference->is_object())
        throw FileError(where, "key 'reference' missing: not a reference results file");
    for (const char* key : {"name", "source"})
        if (!reference->contains(key) || !(*reference)[key].is_string() ||
            (*reference)[key].get<std::string>().empty())
            throw FileError(where, std::string("key 'reference.") + key + "' missing or not a string");
    if (reference->value("published", false) != true)
        throw FileError(where,
                        "key 'reference.published' must be true: reference rows are published numbers");
    out.name = (*reference)["name"].get<std::string>();
    out.source = (*reference)["source"].get<std::string>();
    return out;
}

std::optional<double> ResultsComparison::best(size_t section, size_t column) const {
    std::optional<double> out;
    const bool higher = sections[section].higher_is_better;
    for (size_t r = 0; r < rows.size(); ++r) {
        const std::optional<double>& v = cell(r, section, column).value;
        if (v && std::isfinite(*v) && (!out || better(*v, *out, higher))) out = v;
    }
    return out;
}

const ComparisonCell& ResultsComparison::cell(size_t row, size_t section, size_t column) const {
    if (column == sections[section].tasks.size()) return averages[row][section];
    return cells[row][section][column];
}

ResultsComparison compare_results(const RunStore& store, const ComparisonRequest& request) {
    const TaskGroup& group = task_group(request.group);
    ResultsComparison out;
    out.group = group.id;
    out.baseline = request.baseline;
    std::vector<std::string> runs = request.runs;
    bool baseline_known = request.baseline.empty();
    for (const ReferenceResults& r : request.references)
        baseline_known = baseline_known || r.name == request.baseline;
    // A baseline run that is not selected joins the table first: deltas against an unseen row would
    // not be readable.
    if (!baseline_known && std::find(runs.begin(), runs.end(), request.baseline) == runs.end()) {
        if (!store.find_run(request.baseline))
            throw UsageError("baseline '" + request.baseline + "' is neither a run nor a reference row");
        runs.insert(runs.begin(), request.baseline);
    }
    std::vector<RowResults> results;
    for (const std::string& run : runs) {
        store.run(run);  // UsageError naming an unknown run
        out.rows.push_back({run, false, ""});
        results.push_back(from_store(store, run));
    }
    for (const ReferenceResults& r : request.references) {
        out.rows.push_back({r.name, true, r.source});
        results.push_back(from_entries(r.entries));
    }
    const size_t rows = out.rows.size();
    const bool any_run = !runs.empty();

    out.cells.assign(rows, {});
    out.averages.assign(rows, {});
    out.published_average.assign(rows, {});
    for (const TaskSection& section : group.sections) {
        ComparisonSection shown;
        shown.title = section.title;
        shown.metric = section.metric.empty() ? request.metric : section.metric;
        shown.higher_is_better = higher_is_better(shown.metric);
        std::vector<TaskSection::Task> tasks = section.tasks;
        if (tasks.empty()) {
            std::set<std::string> names;
            for (const RowResults& row : results)
                for (const auto& [key, cell] : row)
                    if (key.second == shown.metric && cell.value) names.insert(key.first);
            for (const std::string& name : names) tasks.push_back(task(name));
        }
        std::vector<TaskSection::Task> columns;
        for (const TaskSection::Task& t : tasks) {
            bool someone = false;
            for (const RowResults& row : results) someone = someone || find(row, t, shown.metric);
            if (someone) columns.push_back(t);
        }
        std::vector<bool> averaged(columns.size(), true);
        for (size_t t = 0; t < columns.size(); ++t) {
            for (size_t r = 0; r < rows; ++r)
                if ((out.rows[r].reference == !any_run) && !find(results[r], columns[t], shown.metric))
                    averaged[t] = false;
            shown.tasks.push_back(columns[t].name);
            (averaged[t] ? shown.averaged : shown.left_out).push_back(columns[t].name);
        }
        for (size_t r = 0; r < rows; ++r) {
            std::vector<ComparisonCell> cells;
            double sum = 0;
            size_t count = 0;
            for (size_t t = 0; t < columns.size(); ++t) {
                const ComparisonCell* c = find(results[r], columns[t], shown.metric);
                cells.push_back(c ? *c : ComparisonCell{});
                if (c && averaged[t]) {
                    sum += *c->value;
                    ++count;
                }
            }
            ComparisonCell average;
            bool published = false;
            if (!shown.averaged.empty() && count == shown.averaged.size()) {
                average.value = sum / double(count);
            } else if (!section.aggregate.empty()) {
                // A row without the averaged tasks (a paper's table of averages) gives its own.
                const ComparisonCell* given = find(results[r], task(section.aggregate), shown.metric);
                if (given) {
                    average.value = given->value;
                    published = true;
                }
            }
            out.cells[r].push_back(std::move(cells));
            out.averages[r].push_back(average);
            out.published_average[r].push_back(published);
        }
        out.sections.push_back(std::move(shown));
    }
    if (!request.baseline.empty()) {
        size_t base = rows;
        for (size_t r = 0; r < rows; ++r)
            if (out.rows[r].name == request.baseline) base = r;
        for (size_t s = 0; s < out.sections.size(); ++s)
            for (size_t column = 0; column <= out.sections[s].tasks.size(); ++column) {
                const std::optional<double> b = column == out.sections[s].tasks.size()
                                                    ? out.averages[base][s].value
                                                    : out.cells[base][s][column].value;
                for (size_t r = 0; r < rows; ++r) {
                    ComparisonCell& c =
                        column == out.sections[s].tasks.size() ? out.averages[r][s] : out.cells[r][s][column];
                    if (c.value && b) c.delta = *c.value - *b;
                }
            }
    }
    return out;
}

std::string format_comparison_cell(const ComparisonCell& cell, const ComparisonFormat& format) {
    if (!cell.value) return "";
    std::string text = fixed(*cell.value, format.decimals);
    if (format.stderr_ && cell.stderr_) text += " ± " + fixed(*cell.stderr_, format.decimals);
    if (format.samples && cell.samples) text += " (n=" + std::to_string(*cell.samples) + ")";
    if (format.deltas && cell.delta)
        text += " (" + std::string(*cell.delta >= 0 ? "+" : "") + fixed(*cell.delta, format.decimals) + ")";
    return text;
}

std::vector<std::string> comparison_notes(const ResultsComparison& c) {
    std::vector<std::string> notes;
    for (size_t s = 0; s < c.sections.size(); ++s) {
        const ComparisonSection& section = c.sections[s];
        if (section.tasks.empty()) continue;
        std::string note = average_title(c, s) + " (" + section.metric + "): ";
        if (section.averaged.empty())
            note += "no task that every selected run has";
        else
            note += "over the " + std::to_string(section.averaged.size()) +
                    (section.averaged.size() == 1 ? " task" : " tasks") + " every selected run has (" +
                    join(section.averaged) + ")";
        if (!section.left_out.empty()) note += "; left out: " + join(section.left_out);
        bool published = false;
        for (size_t r = 0; r < c.rows.size(); ++r) published = published || c.published_average[r][s];
        if (published) note += "; reference rows without those tasks show their published average";
        notes.push_back(note + ".");
    }
    std::set<std::string> sources;
    for (const auto& row : c.rows)
        if (row.reference) sources.insert(row.source);
    for (const std::string& source : sources) notes.push_back("Published: " + source + ".");
    return notes;
}

TextTable comparison_csv_table(const ResultsComparison& c, const ComparisonFormat& format) {
    TextTable t;
    const bool deltas = format.deltas && !c.baseline.empty();
    t.header.push_back("run");
    for (const Column& col : columns_of(c)) {
        std::string title = col.title;
        if (col.index == c.sections[col.section].tasks.size() && c.sections.size() == 1) title = "average";
        t.header.push_back(title);
        if (col.index < c.sections[col.section].tasks.size()) {
            t.header.push_back(title + " stderr");
            t.header.push_back(title + " n");
        }
        if (deltas) t.header.push_back(title + " delta");
    }
    t.header.push_back("published");
    for (size_t r = 0; r < c.rows.size(); ++r) {
        std::vector<std::string> row{c.rows[r].name};
        for (const Column& col : columns_of(c)) {
            const ComparisonCell& cell = c.cell(r, col.section, col.index);
            row.push_back(format_number(cell.value));
            if (col.index < c.sections[col.section].tasks.size()) {
                row.push_back(format_number(cell.stderr_));
                row.push_back(cell.samples ? std::to_string(*cell.samples) : "");
            }
            if (deltas) row.push_back(format_number(cell.delta));
        }
        row.push_back(c.rows[r].reference ? c.rows[r].source : "");
        t.rows.push_back(std::move(row));
    }
    return t;
}

std::string comparison_markdown(const ResultsComparison& c, const ComparisonFormat& format) {
    const std::vector<Column> columns = columns_of(c);
    std::string out = "| Run |";
    for (const Column& col : columns) out += " " + markdown_escape(col.title) + " |";
    out += "\n|---|";
    for (size_t i = 0; i < columns.size(); ++i) out += "---:|";
    out += "\n";
    for (size_t r = 0; r < c.rows.size(); ++r) {
        out += "| " + markdown_escape(c.rows[r].name) + (c.rows[r].reference ? " †" : "") + " |";
        const ComparisonFormat row_format = format_for_row(c, r, format);
        for (const Column& col : columns) {
            const ComparisonCell& cell = c.cell(r, col.section, col.index);
            std::string text = format_comparison_cell(cell, row_format);
            const std::optional<double> best = c.best(col.section, col.index);
            if (cell.value && best && *cell.value == *best) text = "**" + text + "**";
            out += " " + (text.empty() ? std::string("–") : text) + " |";
        }
        out += "\n";
    }
    out += "\n";
    for (const std::string& note : comparison_notes(c))
        out += (note.rfind("Published", 0) == 0 ? "† " : "") + note + "\n";
    return out;
}

std::string comparison_latex(const ResultsComparison& c, const ComparisonFormat& format) {
    const std::vector<Column> columns = columns_of(c);
    std::string out = "% needs \\usepackage{booktabs}\n\\begin{table}[t]\n\\centering\n\\begin{tabular}{l";
    for (size_t s = 0; s < c.sections.size(); ++s)
        out += (s ? "|" : "") + std::string(c.sections[s].tasks.size() + 1, 'r');
    out += "}\n\\toprule\n";
    if (c.sections.size() > 1) {
        out += " ";
        for (size_t s = 0; s < c.sections.size(); ++s)
            out += " & \\multicolumn{" + std::to_string(c.sections[s].tasks.size() + 1) + "}{c}{" +
                   latex_escape(c.sections[s].title) + " (" + latex_escape(c.sections[s].metric) + ")}";
        out += " \\\\\n";
    }
    out += "Run";
    for (const Column& col : columns) out += " & " + latex_escape(col.title);
    out += " \\\\\n\\midrule\n";
    bool references_started = false;
    for (size_t r = 0; r < c.rows.size(); ++r) {
        if (c.rows[r].reference && !references_started && r > 0) out += "\\midrule\n";
        references_started = references_started || c.rows[r].reference;
        out += latex_escape(c.rows[r].name) + (c.rows[r].reference ? "$^\\dagger$" : "");
        const ComparisonFormat row_format = format_for_row(c, r, format);
        for (const Column& col : columns) {
            const ComparisonCell& cell = c.cell(r, col.section, col.index);
            std::string text = latex_escape(format_comparison_cell(cell, row_format));
            // "±" as math, so that it sets in any font encoding.
            for (size_t at; (at = text.find("±")) != std::string::npos;)
                text.replace(at, std::string("±").size(), "$\\pm$");
            const std::optional<double> best = c.best(col.section, col.index);
            if (cell.value && best && *cell.value == *best) text = "\\textbf{" + text + "}";
            out += " & " + (text.empty() ? std::string("--") : text);
        }
        out += " \\\\\n";
    }
    out += "\\bottomrule\n\\end{tabular}\n\\caption{";
    std::string caption;
    for (const std::string& note : comparison_notes(c))
        caption += (caption.empty() ? "" : " ") +
                   std::string(note.rfind("Published", 0) == 0 ? "$^\\dagger$ " : "") + latex_escape(note);
    out += caption + "}\n\\end{table}\n";
    return out;
}

}  // namespace ipt
