#include "common/job_status_area.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

#include "common/job_bridge.h"

JobStatusArea::JobStatusArea(QWidget* parent) : QWidget(parent) {
    label_ = new QLabel(this);
    label_->setObjectName("jobLabel");
    bar_ = new QProgressBar(this);
    bar_->setObjectName("jobProgress");
    bar_->setMaximumWidth(180);
    bar_->setMaximumHeight(16);
    bar_->setTextVisible(false);
    cancel_ = new QToolButton(this);
    cancel_->setObjectName("jobCancel");
    cancel_->setText(tr("Cancel"));
    cancel_->setToolTip(tr("Cancel the running job"));
    cancel_->setAutoRaise(true);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_);
    layout->addWidget(bar_);
    layout->addWidget(cancel_);

    connect(cancel_, &QToolButton::clicked, this, [this] {
        if (shown_) shown_->cancel();
        cancel_->setEnabled(false);
    });
    showIdle();
}

void JobStatusArea::track(JobBridge* bridge) {
    if (!bridge || tracked_.contains(bridge)) return;
    tracked_ << bridge;
    connect(bridge, &JobBridge::started, this, [this, bridge] { onStarted(bridge); });
    connect(bridge, &JobBridge::progress, this,
            [this, bridge](const QString& stage, qint64 done, qint64 total) {
                if (bridge == shown_) showProgress(bridge, stage, done, total);
            });
    connect(bridge, &JobBridge::idle, this, [this, bridge] { onEnded(bridge); });
    connect(bridge, &QObject::destroyed, this, [this, bridge] {
        tracked_.removeAll(bridge);
        onEnded(bridge);
    });
    if (bridge->isRunning()) onStarted(bridge);
}

QString JobStatusArea::text() const {
    return label_->isHidden() ? QString() : label_->text();
}

void JobStatusArea::onStarted(JobBridge* bridge) {
    running_.removeAll(bridge);
    running_ << bridge;
    show(bridge);
}

void JobStatusArea::onEnded(JobBridge* bridge) {
    running_.removeAll(bridge);
    if (shown_ && shown_.data() != bridge) return;
    // The most recent job still running takes the area over.
    for (int i = int(running_.size()) - 1; i >= 0; --i)
        if (running_[i]->isRunning()) {
            show(running_[i]);
            return;
        }
    shown_ = nullptr;
    showIdle();
}

void JobStatusArea::show(JobBridge* bridge) {
    shown_ = bridge;
    showProgress(bridge, QString(), 0, 0);
}

void JobStatusArea::showProgress(JobBridge* bridge, const QString& stage, qint64 done, qint64 total) {
    const QString name = bridge->jobName();
    QString text = stage.isEmpty() ? name : tr("%1: %2").arg(name, stage);
    if (total > 0) text += QStringLiteral(" (%1/%2)").arg(done).arg(total);
    label_->setText(text);
    if (total > 0) {
        // QProgressBar counts in int; scale large totals down rather than overflow.
        const qint64 scale = total > 1000000 ? total / 1000000 : 1;
        bar_->setRange(0, int(total / scale));
        bar_->setValue(int(done / scale));
    } else {
        bar_->setRange(0, 0);  // busy indicator: the job does not know how much is left
    }
    label_->show();
    bar_->show();
    cancel_->show();
    cancel_->setEnabled(true);
}

void JobStatusArea::showIdle() {
    label_->clear();
    label_->hide();
    bar_->hide();
    bar_->reset();
    cancel_->hide();
}
