#include "common/jobs_list.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QStyle>
#include <QTime>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "common/job_bridge.h"

JobsList::JobsList(QWidget* parent) : QWidget(parent) {
    tree_ = new QTreeWidget(this);
    tree_->setObjectName("jobsTree");
    tree_->setRootIsDecorated(false);
    tree_->setHeaderLabels({tr("Job"), tr("Status"), tr("Progress")});
    tree_->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    tree_->setSelectionMode(QAbstractItemView::SingleSelection);

    cancel_ = new QPushButton(tr("Cancel Job"), this);
    cancel_->setObjectName("cancelJob");
    cancel_->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
    cancel_->setToolTip(tr("Cancel the selected running job"));
    clear_ = new QPushButton(tr("Clear Finished"), this);
    clear_->setObjectName("clearJobs");

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(clear_);
    buttons->addWidget(cancel_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(tree_, 1);
    layout->addLayout(buttons);

    connect(cancel_, &QPushButton::clicked, this, &JobsList::cancelSelected);
    connect(clear_, &QPushButton::clicked, this, &JobsList::clearFinished);
    connect(tree_, &QTreeWidget::itemSelectionChanged, this, &JobsList::updateButtons);
    updateButtons();
}

void JobsList::track(JobBridge* bridge) {
    if (!bridge) return;
    disconnect(bridge, nullptr, this, nullptr);
    connect(bridge, &JobBridge::started, this, [this, bridge](const QString& name) { addRow(bridge, name); });
    connect(bridge, &JobBridge::progress, this,
            [this, bridge](const QString& stage, qint64 done, qint64 total) {
                QTreeWidgetItem* item = running_.value(bridge);
                if (!item) return;
                item->setText(StatusColumn, stage.isEmpty() ? tr("running") : stage);
                item->setText(ProgressColumn, total > 0 ? tr("%1 of %2").arg(done).arg(total)
                                                        : (done > 0 ? QString::number(done) : QString()));
            });
    connect(bridge, &JobBridge::finished, this, [this, bridge] { setOutcome(bridge, tr("finished")); });
    connect(bridge, &JobBridge::cancelled, this, [this, bridge] { setOutcome(bridge, tr("cancelled")); });
    connect(bridge, &JobBridge::failed, this, [this, bridge](const QString& message) {
        QTreeWidgetItem* item = running_.value(bridge);
        if (item) item->setToolTip(StatusColumn, message);
        setOutcome(bridge, tr("failed: %1").arg(message));
    });
    connect(bridge, &QObject::destroyed, this, [this, bridge] {
        if (QTreeWidgetItem* item = running_.take(bridge)) item->setText(StatusColumn, tr("ended"));
        updateButtons();
    });
    if (bridge->isRunning()) addRow(bridge, bridge->jobName());
}

void JobsList::addRow(JobBridge* bridge, const QString& name) {
    auto* item = new QTreeWidgetItem;
    item->setText(NameColumn, name);
    item->setToolTip(NameColumn, tr("Started at %1").arg(QTime::currentTime().toString()));
    item->setText(StatusColumn, tr("running"));
    tree_->insertTopLevelItem(0, item);
    running_.insert(bridge, item);
    bridges_.insert(item, bridge);
    if (!tree_->currentItem()) tree_->setCurrentItem(item);
    updateButtons();
}

void JobsList::setOutcome(JobBridge* bridge, const QString& status) {
    QTreeWidgetItem* item = running_.take(bridge);
    if (!item) return;
    item->setText(StatusColumn, status);
    updateButtons();
}

int JobsList::rowCount() const {
    return tree_->topLevelItemCount();
}

QStringList JobsList::rowTexts(int row) const {
    QTreeWidgetItem* item = tree_->topLevelItem(row);
    if (!item) return {};
    return {item->text(NameColumn), item->text(StatusColumn), item->text(ProgressColumn)};
}

void JobsList::selectRow(int row) {
    tree_->setCurrentItem(tree_->topLevelItem(row));
}

void JobsList::cancelSelected() {
    QTreeWidgetItem* item = tree_->currentItem();
    if (!item) return;
    JobBridge* bridge = bridges_.value(item);
    // Only the row of the bridge's current job cancels it: older rows of the same bridge are history.
    if (bridge && running_.value(bridge) == item) {
        bridge->cancel();
        item->setText(StatusColumn, tr("cancelling…"));
    }
    cancel_->setEnabled(false);
}

void JobsList::clearFinished() {
    for (int i = tree_->topLevelItemCount() - 1; i >= 0; --i) {
        QTreeWidgetItem* item = tree_->topLevelItem(i);
        JobBridge* bridge = bridges_.value(item);
        if (bridge && running_.value(bridge) == item) continue;
        bridges_.remove(item);
        delete item;
    }
    updateButtons();
}

void JobsList::updateButtons() {
    QTreeWidgetItem* item = tree_->currentItem();
    JobBridge* bridge = item ? bridges_.value(item).data() : nullptr;
    cancel_->setEnabled(bridge && running_.value(bridge) == item);
    clear_->setEnabled(tree_->topLevelItemCount() > running_.size());
}
