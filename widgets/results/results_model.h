#pragma once
// A results comparison (core's ResultsComparison) as a Qt table: the run in column 0, then each
// section's tasks and its Average. A cell reads "0.6120 ± 0.0140 (n=2376) (+0.0250)": the value, its
// standard error and sample count when shown, and the delta against the baseline. The best value of
// each column is bold; reference rows (published numbers) are italic and marked †. Sorting goes
// through ResultsSortProxy, which orders by value and keeps missing cells last.
#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include "ipt/runs/results_comparison.h"

class ResultsModel : public QAbstractTableModel {
    Q_OBJECT

  public:
    static constexpr int ValueRole = Qt::UserRole;  // double, or invalid when missing
    static constexpr int DeltaRole = Qt::UserRole + 1;
    static constexpr int StderrRole = Qt::UserRole + 2;
    static constexpr int SamplesRole = Qt::UserRole + 3;    // qint64, or invalid
    static constexpr int ReferenceRole = Qt::UserRole + 4;  // bool: a published row
    static constexpr int SortRole = Qt::UserRole + 5;       // the name in column 0, else the value

    explicit ResultsModel(QObject* parent = nullptr);

    void setComparison(ipt::ResultsComparison comparison);
    const ipt::ResultsComparison& comparison() const { return comparison_; }
    void setFormat(const ipt::ComparisonFormat& format);
    const ipt::ComparisonFormat& format() const { return format_; }

    struct Column {
        size_t section = 0, index = 0;  // index == the section's task count: its Average
    };
    // Column 0 is the run; columns 1.. map to sections.
    Column columnAt(int column) const;
    int averageColumn(size_t section) const;
    int rowOf(const QString& run) const;  // -1 when absent

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  private:
    ipt::ResultsComparison comparison_;
    ipt::ComparisonFormat format_;
    std::vector<Column> columns_;
};

class ResultsSortProxy : public QSortFilterProxyModel {
    Q_OBJECT

  public:
    explicit ResultsSortProxy(QObject* parent = nullptr);

  protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};
