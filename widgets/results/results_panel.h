#pragma once
// The results panel: evaluation scores of the workspace's runs side by side, runs x tasks for one
// metric, like the tables of the papers and the lm-evaluation-harness leaderboards: ± stderr, the best
// value of each task in bold, an average column, and deltas against a chosen baseline run. A grouped
// bar chart shows the same numbers. lm-evaluation-harness results files are imported under a run name;
// the table exports as CSV and the chart as PNG.
#include <QString>
#include <QWidget>

#include <memory>

class ErrorBanner;
class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QSettings;
class QSplitter;
class QTableView;
class ResultsModel;

namespace ipt {
class RunStore;
}

class ResultsPanel : public QWidget {
    Q_OBJECT

  public:
    explicit ResultsPanel(QWidget* parent = nullptr);
    ~ResultsPanel() override;

    void setWorkspace(const QString& folder, std::shared_ptr<ipt::RunStore> store);

    ResultsModel* model() const { return model_; }
    QTableView* tableView() const { return table_; }
    QCustomPlot* chart() const { return chart_; }
    QString metric() const;
    void setMetric(const QString& metric);
    QString baseline() const;  // "" = none
    void setBaseline(const QString& run);
    QString errorMessage() const;

    // Files `file` (lm-evaluation-harness JSON) under `run` in the workspace. False after showing why not.
    bool importResults(const QString& file, const QString& run);
    void exportCsv(const QString& file) const;
    void exportPng(const QString& file);

    void saveSettings(QSettings& settings) const;
    void restoreSettings(QSettings& settings);

  public slots:
    // Re-reads metrics, runs and results from the workspace index.
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
    void rebuildTable();
    void rebuildChart();
    void showError(const QString& message);
    void clearError();
    void browseCsv();
    void browsePng();

    QComboBox* metricBox_;
    QComboBox* baselineBox_;
    QCheckBox* stderrBox_;
    QTableView* table_;
    ResultsModel* model_;
    QCustomPlot* chart_;
    ErrorBanner* errorLabel_;
    QLabel* emptyLabel_;
    QSplitter* split_;

    QString workspace_;
    std::shared_ptr<ipt::RunStore> store_;
    QString wantedMetric_, wantedBaseline_;
    QString shown_;  // which runs with how many results the table was built from  // restored choices,
                     // applied once the lists are filled
};
