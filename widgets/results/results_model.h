#pragma once
// The results table as a Qt model: runs as rows, tasks then "Average" as columns. A cell reads
// "0.6120 ± 0.0140 (+0.0250)": the value, its standard error when shown, and the delta against the
// baseline run when one is chosen. The best value of each column is bold.
#include <QAbstractTableModel>

#include "results/results_summary.h"

class ResultsModel : public QAbstractTableModel {
    Q_OBJECT

  public:
    static constexpr int ValueRole = Qt::UserRole;      // double, or invalid when missing
    static constexpr int DeltaRole = Qt::UserRole + 1;  // double, or invalid
    static constexpr int StderrRole = Qt::UserRole + 2;

    explicit ResultsModel(QObject* parent = nullptr);

    void setSummary(ResultsSummary summary);
    const ResultsSummary& summary() const { return summary_; }
    void setShowStderr(bool show);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  private:
    QString cellText(int run, int column) const;

    ResultsSummary summary_;
    bool showStderr_ = true;
};
