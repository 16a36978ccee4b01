#include "results/results_model.h"

#include <QColor>
#include <QFont>

namespace {

QVariant optionalValue(const std::optional<double>& value) {
    return value ? QVariant(*value) : QVariant();
}

}  // namespace

ResultsModel::ResultsModel(QObject* parent) : QAbstractTableModel(parent) {}

void ResultsModel::setComparison(ipt::ResultsComparison comparison) {
    beginResetModel();
    comparison_ = std::move(comparison);
    columns_.clear();
    for (size_t s = 0; s < comparison_.sections.size(); ++s)
        for (size_t t = 0; t <= comparison_.sections[s].tasks.size(); ++t) columns_.push_back({s, t});
    endResetModel();
}

void ResultsModel::setFormat(const ipt::ComparisonFormat& format) {
    format_ = format;
    if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

ResultsModel::Column ResultsModel::columnAt(int column) const {
    return columns_[size_t(column - 1)];
}

int ResultsModel::averageColumn(size_t section) const {
    for (size_t c = 0; c < columns_.size(); ++c)
        if (columns_[c].section == section && columns_[c].index == comparison_.sections[section].tasks.size())
            return int(c) + 1;
    return -1;
}

int ResultsModel::rowOf(const QString& run) const {
    for (size_t r = 0; r < comparison_.rows.size(); ++r)
        if (QString::fromStdString(comparison_.rows[r].name) == run) return int(r);
    return -1;
}

int ResultsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(comparison_.rows.size());
}

int ResultsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || comparison_.rows.empty() ? 0 : int(columns_.size()) + 1;
}

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const size_t r = size_t(index.row());
    const ipt::ResultsComparison::Row& row = comparison_.rows[r];
    if (role == ReferenceRole) return row.reference;
    if (index.column() == 0) {
        switch (role) {
            case Qt::DisplayRole:
                return QString::fromStdString(row.name) + (row.reference ? QStringLiteral(" †") : QString()) +
                       (row.name == comparison_.baseline ? tr(" (baseline)") : QString());
            case SortRole:
                return QString::fromStdString(row.name);
            case Qt::ToolTipRole:
                return row.reference ? tr("Published: %1").arg(QString::fromStdString(row.source))
                                     : QVariant();
            case Qt::FontRole: {
                QFont font;
                font.setItalic(row.reference || row.name == comparison_.baseline);
                return font;
            }
            default:
                return {};
        }
    }
    const Column column = columnAt(index.column());
    const ipt::ComparisonCell& cell = comparison_.cell(r, column.section, column.index);
    switch (role) {
        case Qt::DisplayRole: {
            if (!cell.value) return QStringLiteral("–");
            ipt::ComparisonFormat format = format_;
            format.deltas = format.deltas && row.name != comparison_.baseline;
            return QString::fromStdString(ipt::format_comparison_cell(cell, format));
        }
        case Qt::ToolTipRole:
            if (column.index == comparison_.sections[column.section].tasks.size() &&
                comparison_.published_average[r][column.section])
                return tr("The published average of this reference row");
            return {};
        case Qt::FontRole: {
            QFont font;
            const std::optional<double> best = comparison_.best(column.section, column.index);
            font.setBold(cell.value && best && *cell.value == *best);
            font.setItalic(row.reference);
            return font;
        }
        case Qt::ForegroundRole: {
            if (!cell.delta || *cell.delta == 0 || row.name == comparison_.baseline) return {};
            const bool improved =
                comparison_.sections[column.section].higher_is_better ? *cell.delta > 0 : *cell.delta < 0;
            return QColor(improved ? 0x2e7d32 : 0xb71c1c);
        }
        case Qt::TextAlignmentRole:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        case ValueRole:
        case SortRole:
            return optionalValue(cell.value);
        case DeltaRole:
            return optionalValue(cell.delta);
        case StderrRole:
            return optionalValue(cell.stderr_);
        case SamplesRole:
            return cell.samples ? QVariant(qint64(*cell.samples)) : QVariant();
        default:
            return {};
    }
}

QVariant ResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount()) return {};
    if (section == 0) return role == Qt::DisplayRole ? tr("Run") : QVariant();
    const Column column = columnAt(section);
    const ipt::ComparisonSection& s = comparison_.sections[column.section];
    const bool average = column.index == s.tasks.size();
    if (role == Qt::ToolTipRole) {
        if (!average)
            return tr("%1 (%2)").arg(QString::fromStdString(s.tasks[column.index]),
                                     QString::fromStdString(s.metric));
        QStringList averaged;
        for (const std::string& t : s.averaged) averaged << QString::fromStdString(t);
        QString text = averaged.isEmpty() ? tr("No task that every selected run has")
                       : averaged.size() == 1
                           ? tr("Mean %1 over the one task every selected run has: %2")
                                 .arg(QString::fromStdString(s.metric), averaged.join(", "))
                           : tr("Mean %1 over the %2 tasks every selected run has: %3")
                                 .arg(QString::fromStdString(s.metric))
                                 .arg(averaged.size())
                                 .arg(averaged.join(", "));
        if (!s.left_out.empty()) {
            QStringList left;
            for (const std::string& t : s.left_out) left << QString::fromStdString(t);
            text +=
                QLatin1Char('\n') + tr("Left out (some selected run lacks them): %1").arg(left.join(", "));
        }
        return text;
    }
    if (role != Qt::DisplayRole) return {};
    if (!average) return QString::fromStdString(s.tasks[column.index]);
    const QString title =
        s.title.empty() ? tr("Average") : tr("%1 average").arg(QString::fromStdString(s.title));
    // Spelled out rather than "%n task(s)": the source language has no plural forms file.
    return s.averaged.size() == 1 ? tr("%1 (1 task)").arg(title)
                                  : tr("%1 (%2 tasks)").arg(title).arg(s.averaged.size());
}

ResultsSortProxy::ResultsSortProxy(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(ResultsModel::SortRole);
}

bool ResultsSortProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const QVariant a = left.data(sortRole()), b = right.data(sortRole());
    // Missing values go last whichever way the column is sorted.
    if (!a.isValid() || !b.isValid()) {
        if (a.isValid() == b.isValid()) return left.row() < right.row();
        return sortOrder() == Qt::AscendingOrder ? a.isValid() : !a.isValid();
    }
    if (a.typeId() == QMetaType::QString) return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
    return a.toDouble() < b.toDouble();
}
