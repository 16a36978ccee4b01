#include "results/results_model.h"

#include <QColor>
#include <QFont>

namespace {

QString number(double value) {
    return QString::number(value, 'f', 4);
}

QString signedNumber(double value) {
    return (value >= 0 ? QStringLiteral("+") : QString()) + number(value);
}

QVariant optionalValue(const std::optional<double>& value) {
    return value ? QVariant(*value) : QVariant();
}

}  // namespace

ResultsModel::ResultsModel(QObject* parent) : QAbstractTableModel(parent) {}

void ResultsModel::setSummary(ResultsSummary summary) {
    beginResetModel();
    summary_ = std::move(summary);
    endResetModel();
}

void ResultsModel::setShowStderr(bool show) {
    if (show == showStderr_) return;
    showStderr_ = show;
    if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

int ResultsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(summary_.table.runs.size());
}

int ResultsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || summary_.table.runs.empty() ? 0 : summary_.columnCount();
}

QString ResultsModel::cellText(int run, int column) const {
    const std::optional<double> value = summary_.value(run, column);
    if (!value) return QStringLiteral("–");
    QString text = number(*value);
    const std::optional<double> stderr_ = summary_.stderrOf(run, column);
    if (showStderr_ && stderr_) text += QStringLiteral(" ± ") + number(*stderr_);
    const std::optional<double> delta = summary_.delta(run, column);
    if (delta && summary_.table.runs[size_t(run)] != summary_.table.baseline)
        text += QStringLiteral(" (") + signedNumber(*delta) + QStringLiteral(")");
    return text;
}

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const int run = index.row(), column = index.column();
    switch (role) {
        case Qt::DisplayRole:
            return cellText(run, column);
        case Qt::FontRole:
            if (summary_.isBest(run, column)) {
                QFont bold;
                bold.setBold(true);
                return bold;
            }
            return {};
        case Qt::ForegroundRole: {
            const std::optional<double> delta = summary_.delta(run, column);
            if (!delta || *delta == 0) return {};
            const bool improved = summary_.higherIsBetter ? *delta > 0 : *delta < 0;
            return QColor(improved ? 0x2e7d32 : 0xb71c1c);
        }
        case Qt::TextAlignmentRole:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        case ValueRole:
            return optionalValue(summary_.value(run, column));
        case DeltaRole:
            return optionalValue(summary_.delta(run, column));
        case StderrRole:
            return optionalValue(summary_.stderrOf(run, column));
        default:
            return {};
    }
}

QVariant ResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role == Qt::FontRole && orientation == Qt::Vertical &&
        summary_.table.runs[size_t(section)] == summary_.table.baseline) {
        QFont italic;
        italic.setItalic(true);
        return italic;
    }
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) {
        const QString run = QString::fromStdString(summary_.table.runs[size_t(section)]);
        return run == QString::fromStdString(summary_.table.baseline) ? tr("%1 (baseline)").arg(run) : run;
    }
    if (section == summary_.averageColumn()) return tr("Average");
    return QString::fromStdString(summary_.table.tasks[size_t(section)]);
}
