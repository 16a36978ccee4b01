#include "training/run_list.h"

#include <QDir>
#include <QHeaderView>

#include "common/run_names.h"

namespace {
constexpr int kStatusRole = Qt::UserRole;
constexpr int kDirectoryRole = Qt::UserRole + 1;
}  // namespace

RunList::RunList(QWidget* parent) : QTreeWidget(parent) {
    setObjectName("runList");
    setRootIsDecorated(false);
    setHeaderLabels({tr("Run"), tr("Status"), tr("Step"), tr("Loss"), tr("Directory")});
    header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSortingEnabled(false);
    connect(this, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* changed, int column) {
        if (column == NameColumn)
            emit checkToggled(changed->text(NameColumn), changed->checkState(NameColumn) == Qt::Checked);
    });
}

QTreeWidgetItem* RunList::item(const QString& name) const {
    for (int i = 0; i < topLevelItemCount(); ++i)
        if (topLevelItem(i)->text(NameColumn) == name) return topLevelItem(i);
    return nullptr;
}

void RunList::setRow(const RunRow& row, bool checkNew) {
    QTreeWidgetItem* it = item(row.name);
    const bool added = it == nullptr;
    {
        // Programmatic edits must not look like the user's checks.
        const QSignalBlocker quiet(this);
        if (added) {
            it = new QTreeWidgetItem(this);
            it->setText(NameColumn, row.name);
            it->setFlags(it->flags() | Qt::ItemIsUserCheckable);
            it->setCheckState(NameColumn, checkNew ? Qt::Checked : Qt::Unchecked);
        }
        it->setText(StatusColumn, row.trainingHere ? trainingHereText() : runStatusText(row.status));
        it->setData(
            StatusColumn, kStatusRole,
            row.trainingHere ? QStringLiteral("training") : QString::fromLatin1(ipt::to_string(row.status)));
        if (row.lastStep >= 0) it->setText(StepColumn, QString::number(row.lastStep));
        if (row.hasLoss) it->setText(LossColumn, QString::number(row.lastLoss, 'g', 4));
        if (!row.directory.isEmpty()) {
            it->setText(DirectoryColumn, QDir::toNativeSeparators(row.directory));
            it->setData(DirectoryColumn, kDirectoryRole, row.directory);
            it->setToolTip(DirectoryColumn, QDir::toNativeSeparators(row.directory));
        }
    }
    if (added && checkNew) emit checkToggled(row.name, true);
}

void RunList::removeRow(const QString& name) {
    delete item(name);
}

QString RunList::status(const QString& name) const {
    QTreeWidgetItem* it = item(name);
    return it ? it->data(StatusColumn, kStatusRole).toString() : QString();
}

QString RunList::directory(const QString& name) const {
    QTreeWidgetItem* it = item(name);
    return it ? it->data(DirectoryColumn, kDirectoryRole).toString() : QString();
}

QStringList RunList::names() const {
    QStringList result;
    for (int i = 0; i < topLevelItemCount(); ++i) result << topLevelItem(i)->text(NameColumn);
    return result;
}

QStringList RunList::checkedRuns() const {
    QStringList result;
    for (int i = 0; i < topLevelItemCount(); ++i)
        if (topLevelItem(i)->checkState(NameColumn) == Qt::Checked)
            result << topLevelItem(i)->text(NameColumn);
    return result;
}

void RunList::setChecked(const QString& name, bool checked) {
    if (QTreeWidgetItem* it = item(name))
        it->setCheckState(NameColumn, checked ? Qt::Checked : Qt::Unchecked);
}

QString RunList::selectedRun() const {
    QTreeWidgetItem* it = currentItem();
    return it ? it->text(NameColumn) : QString();
}

void RunList::selectRun(const QString& name) {
    if (QTreeWidgetItem* it = item(name)) setCurrentItem(it);
}
