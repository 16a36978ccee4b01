#pragma once
// The status bar's job area: what a running job is doing, how far it got, and a button to cancel it.
// Panels own their bridges; the main window hands every one to track(). The area shows the job started
// last and, when that one ends while others still run, the most recent of those, so that one job ending
// (or failing at once) never hides another's progress.
#include <QList>
#include <QPointer>
#include <QWidget>

class JobBridge;
class QLabel;
class QProgressBar;
class QToolButton;

class JobStatusArea : public QWidget {
    Q_OBJECT

  public:
    explicit JobStatusArea(QWidget* parent = nullptr);

    // Watches `bridge` from now on (no-op when watched already); shows it while it is the latest
    // running job.
    void track(JobBridge* bridge);
    // The job shown; null when none runs.
    JobBridge* shownJob() const { return shown_; }
    QString text() const;

  private:
    void onStarted(JobBridge* bridge);
    void onEnded(JobBridge* bridge);
    void show(JobBridge* bridge);
    void showProgress(JobBridge* bridge, const QString& stage, qint64 done, qint64 total);
    void showIdle();

    QList<JobBridge*> running_;  // oldest first; a destroyed bridge leaves both lists at once
    QList<JobBridge*> tracked_;
    QPointer<JobBridge> shown_;
    QLabel* label_;
    QProgressBar* bar_;
    QToolButton* cancel_;
};
