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
        if (bridge_) bridge_->cancel();
        cancel_->setEnabled(false);
    });
    showIdle();
}

void JobStatusArea::follow(JobBridge* bridge) {
    if (bridge_ == bridge) return;
    if (bridge_) disconnect(bridge_, nullptr, this, nullptr);
    bridge_ = bridge;
    if (!bridge_) {
        showIdle();
        return;
    }
    connect(bridge_, &JobBridge::started, this, [this] { showProgress(QString(), 0, 0); });
    connect(bridge_, &JobBridge::progress, this, &JobStatusArea::showProgress);
    connect(bridge_, &JobBridge::idle, this, &JobStatusArea::showIdle);
    connect(bridge_, &QObject::destroyed, this, &JobStatusArea::showIdle);
    if (bridge_->isRunning())
        showProgress(QString(), 0, 0);
    else
        showIdle();
}

void JobStatusArea::showProgress(const QString& stage, qint64 done, qint64 total) {
    if (!bridge_) return;
    const QString name = bridge_->jobName();
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
