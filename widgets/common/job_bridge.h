#pragma once
// Runs one ipt::Job at a time and turns what its thread reports into Qt signals on the GUI thread.
// Core calls a job's callbacks on the job's own thread; widgets must only be touched from the GUI
// thread, so every callback is re-posted to this object's thread as a queued call.
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

#include "ipt/jobs/job.h"

class JobBridge : public QObject {
    Q_OBJECT

  public:
    using Work = ipt::Job::Work;

    explicit JobBridge(QObject* parent = nullptr);
    // Cancels a running job and waits for its thread, so the job never calls back into a dead bridge.
    ~JobBridge() override;

    // Starts `work` on a job thread unless a job is already running (then returns false). `onSuccess`
    // runs on the GUI thread after `work` returned normally and before finished() is emitted: the place
    // to take over results that `work` left in state it shares with the caller.
    bool start(const QString& name, Work work, std::function<void()> onSuccess = {});

    // Thread-safe: called from a job's work to run `call` later on the GUI thread, in order with the
    // bridge's own signals. Dropped when the bridge is destroyed first.
    void post(std::function<void()> call);

    bool isRunning() const { return job_ != nullptr; }
    QString jobName() const { return name_; }

  public slots:
    void cancel();

  signals:
    void started(const QString& name);
    void progress(const QString& stage, qint64 done, qint64 total);
    void finished();
    void failed(const QString& message);
    void cancelled();
    // After finished(), failed() or cancelled(): the bridge is idle again.
    void idle();

  private:
    void complete(const ipt::JobOutcome& outcome);

    std::shared_ptr<ipt::Job> job_;
    std::function<void()> onSuccess_;
    QString name_;
};
