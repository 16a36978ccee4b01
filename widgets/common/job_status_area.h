#pragma once
// The status bar's job area: what the followed job is doing, how far it got, and a button to cancel it.
// Panels own their bridges; the main window points this area at whichever bridge started last.
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

    // Shows `bridge`'s job from now on and lets go of the one followed before.
    void follow(JobBridge* bridge);

  private:
    void showProgress(const QString& stage, qint64 done, qint64 total);
    void showIdle();

    QPointer<JobBridge> bridge_;
    QLabel* label_;
    QProgressBar* bar_;
    QToolButton* cancel_;
};
