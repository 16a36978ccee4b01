#pragma once
// What the results panel shows beyond core's runs x tasks table: each run's average over the tasks,
// its delta against the baseline's average, and the best value of every column (tasks, then the
// average), best meaning highest or lowest as core's higher_is_better() says for the metric.
#include <optional>
#include <vector>

#include "ipt/runs/run_store.h"

struct ResultsSummary {
    ipt::ResultsTable table;
    bool higherIsBetter = true;
    // Per run: the mean over all tasks, only when the run has every task (a mean over a different
    // subset of tasks would not be comparable).
    std::vector<std::optional<double>> averages;
    std::vector<std::optional<double>> averageDeltas;  // average - baseline's average
    // Per column, tasks then the average: the best value, nullopt for an empty column.
    std::vector<std::optional<double>> best;

    int columnCount() const { return int(table.tasks.size()) + 1; }
    int averageColumn() const { return int(table.tasks.size()); }
    std::optional<double> value(int run, int column) const;
    std::optional<double> stderrOf(int run, int column) const;  // nullopt for the average
    std::optional<double> delta(int run, int column) const;
    bool isBest(int run, int column) const;
};

ResultsSummary summarizeResults(ipt::ResultsTable table);

// The summary as a text table for CSV: run, then per task the value, its stderr and (with a baseline)
// its delta, then the average (and its delta).
ipt::TextTable toTextTable(const ResultsSummary& summary);
