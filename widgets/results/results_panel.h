#pragma once
// The results panel: evaluation results compared as papers and leaderboards compare them. Pick the runs
// (check boxes; the list filters by name and kind), pick a task group (every task, the nine general
// benchmarks of Instruction Pre-Training, or the vocabulary paper's NLI / SUM / SPAN x language grid),
// and read the runs x tasks table: ± stderr and n beside each score, the best of each column in bold,
// an Average per section over the tasks every selected run has (the note under the table says which),
// deltas against a baseline, sorting by any column. The papers' published tables are offered as
// reference rows. A grouped bar chart shows the same numbers; the table exports as CSV, Markdown and
// LaTeX, the chart as PNG. The comparison itself is core's (results_comparison.h).
#include <QString>
#include <QStringList>
#include <QWidget>

#include "common/panel.h"

#include <memory>
#include <vector>

#include "ipt/runs/results_comparison.h"

class ErrorBanner;
class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QSettings;
class QSplitter;
class QTableView;
class QTreeWidget;
class QTreeWidgetItem;
class ResultsModel;
class ResultsSortProxy;

namespace ipt {
class Workspace;
}

class ResultsPanel : public QWidget, public Panel {
    Q_OBJECT

  public:
    explicit ResultsPanel(QWidget* parent = nullptr);
    ~ResultsPanel() override;

    // Null closes it. The error shown about the previous workspace goes.
    void setWorkspace(std::shared_ptr<ipt::Workspace> workspace);

    // The papers' tables shipped with the workbench (resources/reference, read once).
    static const std::vector<ipt::ReferenceResults>& publishedReferences();

    ResultsModel* model() const { return model_; }
    ResultsSortProxy* sortedModel() const { return proxy_; }
    QTableView* tableView() const { return table_; }
    QCustomPlot* chart() const { return chart_; }
    QTreeWidget* runList() const { return runs_; }
    QString metric() const;
    void setMetric(const QString& metric);
    QString baseline() const;  // "" = none
    void setBaseline(const QString& run);
    QString taskGroup() const;  // a core task group id
    void setTaskGroup(const QString& id);
    // Rows of the run list: workspace runs with results, then the reference rows.
    QStringList listedRuns() const;
    // What the table compares: checked rows that pass the name and kind filters, runs then references.
    QStringList comparedRows() const;
    void setRowChecked(const QString& name, bool checked);
    void setRunFilter(const QString& text);
    // A core run kind name, "reference" for the published rows, "" for all.
    void setKindFilter(const QString& kind);
    void setShowStderr(bool on);
    void setShowSamples(bool on);
    // The note under the table: which tasks each Average covers and which it leaves out.
    QString note() const;
    QString errorMessage() const;

    // Files `file` (lm-evaluation-harness JSON) under `run` in the workspace. False after showing why not.
    bool importResults(const QString& file, const QString& run);
    void exportCsv(const QString& file) const;
    void exportMarkdown(const QString& file) const;
    void exportLatex(const QString& file) const;
    void exportPng(const QString& file);

    void saveSettings(QSettings& settings) const override;
    void restoreSettings(QSettings& settings) override;
    void showWorkspace(const std::shared_ptr<ipt::Workspace>& workspace) override { setWorkspace(workspace); }

  public slots:
    // Re-reads runs and results from the workspace index.
    void refresh();
    // Refreshes only when runs gained or lost results since the last refresh (cheap to call often).
    void refreshIfChanged();
    void browseForResults();

  signals:
    void statusMessage(const QString& message);
    void errorOccurred(const QString& message);

  private:
    void buildLayout();
    QString resultsSignature() const;
    void fillRunList(const std::vector<std::pair<QString, QString>>& runs);
    void applyListFilter();
    void fillMetricsAndBaselines();
    void rebuildTable();
    void rebuildChart();
    bool rowPasses(const QTreeWidgetItem* item) const;
    void showError(const QString& message);
    void clearError();
    void exportAs(const QString& title, const QString& suffix, const QString& filter,
                  void (ResultsPanel::*write)(const QString&) const);

    QComboBox* groupBox_;
    QComboBox* metricBox_;
    QComboBox* baselineBox_;
    QCheckBox* stderrBox_;
    QCheckBox* samplesBox_;
    QLineEdit* runFilter_;
    QComboBox* kindBox_;
    QTreeWidget* runs_;
    QTableView* table_;
    ResultsModel* model_;
    ResultsSortProxy* proxy_;
    QLabel* noteLabel_;
    QCustomPlot* chart_;
    ErrorBanner* errorLabel_;
    QLabel* emptyLabel_;
    QSplitter* split_;
    QSplitter* columns_;

    std::shared_ptr<ipt::Workspace> workspace_;
    QString wantedMetric_, wantedBaseline_;
    QStringList uncheckedRuns_;      // runs are compared unless unchecked, so new results show at once
    QStringList checkedReferences_;  // references only when checked
    QString shown_;                  // which runs with how many results the list was built from
    bool filling_ = false;
};
