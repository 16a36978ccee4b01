#include "results/results_summary.h"

#include <cmath>

namespace {

bool better(double a, double b, bool higherIsBetter) {
    return higherIsBetter ? a > b : a < b;
}

}  // namespace

std::optional<double> ResultsSummary::value(int run, int column) const {
    if (column == averageColumn()) return averages[size_t(run)];
    return table.values[size_t(run)][size_t(column)];
}

std::optional<double> ResultsSummary::stderrOf(int run, int column) const {
    if (column == averageColumn()) return std::nullopt;
    return table.stderrs[size_t(run)][size_t(column)];
}

std::optional<double> ResultsSummary::delta(int run, int column) const {
    if (table.baseline.empty()) return std::nullopt;
    if (column == averageColumn()) return averageDeltas[size_t(run)];
    return table.deltas[size_t(run)][size_t(column)];
}

bool ResultsSummary::isBest(int run, int column) const {
    const std::optional<double> v = value(run, column);
    const std::optional<double>& b = best[size_t(column)];
    return v && b && *v == *b;
}

ResultsSummary summarizeResults(ipt::ResultsTable table) {
    ResultsSummary s;
    s.table = std::move(table);
    s.higherIsBetter = ipt::higher_is_better(s.table.metric);
    const size_t runs = s.table.runs.size(), tasks = s.table.tasks.size();
    s.averages.assign(runs, std::nullopt);
    s.averageDeltas.assign(runs, std::nullopt);
    for (size_t r = 0; r < runs; ++r) {
        double sum = 0;
        size_t count = 0;
        for (size_t t = 0; t < tasks; ++t)
            if (const auto& v = s.table.values[r][t]) {
                sum += *v;
                ++count;
            }
        if (tasks > 0 && count == tasks) s.averages[r] = sum / double(count);
    }
    if (!s.table.baseline.empty()) {
        std::optional<double> baseline;
        for (size_t r = 0; r < runs; ++r)
            if (s.table.runs[r] == s.table.baseline) baseline = s.averages[r];
        for (size_t r = 0; r < runs; ++r)
            if (baseline && s.averages[r]) s.averageDeltas[r] = *s.averages[r] - *baseline;
    }
    s.best.assign(tasks + 1, std::nullopt);
    for (int c = 0; c < s.columnCount(); ++c)
        for (size_t r = 0; r < runs; ++r) {
            const std::optional<double> v = s.value(int(r), c);
            if (v && std::isfinite(*v) &&
                (!s.best[size_t(c)] || better(*v, *s.best[size_t(c)], s.higherIsBetter)))
                s.best[size_t(c)] = v;
        }
    return s;
}

ipt::TextTable toTextTable(const ResultsSummary& s) {
    ipt::TextTable out;
    const bool deltas = !s.table.baseline.empty();
    out.header.push_back("run");
    for (const std::string& task : s.table.tasks) {
        out.header.push_back(task);
        out.header.push_back(task + " stderr");
        if (deltas) out.header.push_back(task + " delta");
    }
    out.header.push_back("average");
    if (deltas) out.header.push_back("average delta");
    for (size_t r = 0; r < s.table.runs.size(); ++r) {
        std::vector<std::string> row{s.table.runs[r]};
        for (int t = 0; t < s.averageColumn(); ++t) {
            row.push_back(ipt::format_number(s.value(int(r), t)));
            row.push_back(ipt::format_number(s.stderrOf(int(r), t)));
            if (deltas) row.push_back(ipt::format_number(s.delta(int(r), t)));
        }
        row.push_back(ipt::format_number(s.averages[r]));
        if (deltas) row.push_back(ipt::format_number(s.averageDeltas[r]));
        out.rows.push_back(std::move(row));
    }
    return out;
}
