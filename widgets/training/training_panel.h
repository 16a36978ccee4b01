#pragma once
// The training panel: write or open a run.toml (checked as you type), launch it as a background job,
// and watch the curves of every checked run grow live from its metrics.jsonl. Runs of the workspace's
// index are listed with their status; a run directory started elsewhere (the CLI, torchrun on a GPU
// node, a copied folder) is added with Add Directory and followed the same way. Stop cancels a run
// launched here (it saves a checkpoint first); Resume continues a stopped run from its checkpoint. Run
// names, where a new run goes and what a run directory is are the core Workspace's rules.
#include <QHash>
#include <QString>
#include <QWidget>

#include "common/panel.h"

#include <memory>

#include "ipt/jobs/job.h"
#include "ipt/runs/metrics_tailer.h"
#include "ipt/runs/run_kind.h"

class ConfigEditor;
class ErrorBanner;
class JobBridge;
class MetricsPlot;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSplitter;
class QTimer;
class RunList;

namespace ipt {
class Workspace;
}  // namespace ipt

class TrainingPanel : public QWidget, public Panel {
    Q_OBJECT

  public:
    explicit TrainingPanel(QWidget* parent = nullptr);
    ~TrainingPanel() override;

    // The workspace whose runs are listed and where launched runs go (<workspace>/runs/<name>). Null
    // closes it. Runs training here stay listed; the rest of the old workspace's go, and so does an
    // error shown about it.
    void setWorkspace(std::shared_ptr<ipt::Workspace> workspace);
    QString workspace() const { return folder_; }

    MetricsPlot* plot() const { return plot_; }
    RunList* runList() const { return runs_; }
    ConfigEditor* configEditor() const { return editor_; }
    QString errorMessage() const;
    // The run launched or resumed here under `name`, while its job runs; else null.
    JobBridge* jobFor(const QString& name) const;
    bool isFollowing(const QString& name) const;
    // Whether `name`'s first read (on a job) is still going; its curve is empty until then.
    bool isLoading(const QString& name) const;

    void saveSettings(QSettings& settings) const override;
    void restoreSettings(QSettings& settings) override;
    void showWorkspace(const std::shared_ptr<ipt::Workspace>& workspace) override { setWorkspace(workspace); }

  public slots:
    // Lists the workspace's training runs again (keeps checks and the followed runs).
    void refreshRuns();
    // Follows `dir` under its folder name (made unique); indexes it in the workspace when one is open.
    // Returns the run's name, or an empty string after showing why not.
    QString addRunDirectory(const QString& dir);
    void browseForRunDirectory();
    void openConfigFile(const QString& file);
    void browseForConfig();
    // Starts the editor's config as a new run named by the name field. Returns false after showing why
    // not.
    bool launch();
    void stopSelected();
    bool resumeSelected();
    // Reads what every followed run appended since the last poll (a timer does this every second).
    void pollRuns();

  signals:
    // A new bridge for a launched or resumed run: the main window lists its job.
    void jobBridgeCreated(JobBridge* bridge);
    void runFinished(const QString& name, const QString& outcome);
    void configOpened(const QString& file);
    // A followed run's first read ended (its curve shows what the file held, or an error says why not).
    void runLoaded(const QString& name);
    void statusMessage(const QString& message);
    void errorOccurred(const QString& message);

  private:
    struct Followed;

    void buildLayout();
    void follow(const QString& name, const QString& dir);
    void unfollow(const QString& name);
    void pollRun(const QString& name, Followed& run);
    void startFirstRead(const QString& name, const std::shared_ptr<Followed>& run, bool index);
    void applyPoll(const QString& name, Followed& run, const ipt::MetricsTailer::Poll& poll);
    void startJob(const QString& name, const QString& dir, ipt::Job::Work work, const QString& jobName);
    QString uniqueName(const QString& base) const;
    void showError(const QString& message);
    void clearError();
    void updateActions();

    RunList* runs_;
    MetricsPlot* plot_;
    ConfigEditor* editor_;
    QLineEdit* runName_;
    QPushButton* launchButton_;
    QPushButton* stopButton_;
    QPushButton* resumeButton_;
    QPushButton* addDirButton_;
    ErrorBanner* errorLabel_;
    QLabel* hintLabel_;
    QSplitter* columns_;
    QSplitter* rightSplit_;
    QTimer* pollTimer_;

    QString folder_;
    std::shared_ptr<ipt::Workspace> workspace_;
    QHash<QString, std::shared_ptr<Followed>> followed_;
    QHash<QString, JobBridge*> jobs_;  // run name -> its running job's bridge
};
