#include "common/job_bridge.h"

#include <QMetaObject>
#include <QPointer>

#include <exception>
#include <utility>

JobBridge::JobBridge(QObject* parent) : QObject(parent) {}

JobBridge::~JobBridge() {
    if (!job_) return;
    job_->cancel();
    job_->wait();
}

bool JobBridge::start(const QString& name, Work work, std::function<void()> onSuccess) {
    if (job_) return false;
    name_ = name;
    onSuccess_ = std::move(onSuccess);
    // The callbacks capture the raw pointer: the destructor joins the job thread before the object
    // goes away, and posted calls to a destroyed QObject are discarded by Qt.
    auto sink = [this](const ipt::Progress& p) {
        const QString stage = QString::fromStdString(p.stage);
        const qint64 done = p.done, total = p.total;
        post([this, stage, done, total] { emit progress(stage, done, total); });
    };
    auto done = [this](const ipt::JobOutcome& outcome) { post([this, outcome] { complete(outcome); }); };
    job_ = ipt::Job::start(name.toStdString(), std::move(work), std::move(sink), std::move(done));
    emit started(name_);
    return true;
}

void JobBridge::post(std::function<void()> call) {
    QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection);
}

void JobBridge::cancel() {
    if (job_) job_->cancel();
}

void JobBridge::complete(const ipt::JobOutcome& outcome) {
    // The outcome arrives after the work returned, so joining here waits only for the thread to exit.
    // Releasing the job on the GUI thread matters: ipt::Job must not be destroyed on its own thread.
    std::shared_ptr<ipt::Job> job = std::move(job_);
    job->wait();
    job.reset();
    std::function<void()> onSuccess = std::move(onSuccess_);
    onSuccess_ = nullptr;

    QPointer<JobBridge> alive(this);
    switch (outcome.state) {
        case ipt::JobState::Succeeded: {
            // Taking over results may itself fail (e.g. a model the GUI cannot show): that is the job's
            // failure as far as the user is concerned, reported as a message like any other.
            QString problem;
            try {
                if (onSuccess) onSuccess();
            } catch (const std::exception& e) {
                problem = QString::fromStdString(e.what());
            }
            if (!alive) return;
            if (problem.isEmpty())
                emit finished();
            else
                emit failed(problem);
            break;
        }
        case ipt::JobState::Cancelled:
            emit cancelled();
            break;
        case ipt::JobState::Failed:
        case ipt::JobState::Running:
            emit failed(QString::fromStdString(outcome.message));
            break;
    }
    // A slot may already have started the next job on this bridge; then it is not idle.
    if (alive && !job_) emit idle();
}
