#include "training/training_panel.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

#include "common/error_banner.h"
#include "common/job_bridge.h"
#include "common/local_path.h"
#include "common/plot_helpers.h"
#include "ipt/common/error.h"
#include "ipt/runs/metrics_tailer.h"
#include "ipt/runs/run_store.h"
#include "ipt/runs/workspace.h"
#include "ipt/train/trainer.h"
#include "training/config_editor.h"
#include "training/metrics_plot.h"
#include "training/run_list.h"

namespace {
constexpr int kPollMs = 1000;
// Runs listed from the index are drawn at once up to this many; more would be a tangle, not a plot.
constexpr int kMaxAutoChecked = 8;
}  // namespace

// A run whose metrics.jsonl is read into the plot.
struct TrainingPanel::Followed {
    QString dir;
    std::unique_ptr<ipt::MetricsTailer> tailer;
    bool done = false;    // finished or stopped: polled again only when metrics.jsonl changes
    QDateTime doneStamp;  // metrics.jsonl's modification time when it was found done
    qint64 doneSize = -1;
    bool broken = false;  // the file could not be read: polling stops until the run is re-added
    std::optional<ipt::RunStatus> status;  // from the last poll; fresher than the index's
    bool loading = false;                  // the first read runs on a job, which owns the tailer meanwhile
    qint64 lastStep = -1;
    double lastLoss = 0;
    bool hasLoss = false;
};

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
    buildLayout();
    pollTimer_ = new QTimer(this);
    pollTimer_->setInterval(kPollMs);
    connect(pollTimer_, &QTimer::timeout, this, &TrainingPanel::pollRuns);
    pollTimer_->start();

    connect(runs_, &RunList::checkToggled, this, [this](const QString& name, bool checked) {
        if (checked)
            follow(name, runs_->directory(name));
        else
            unfollow(name);
    });
    connect(runs_, &QTreeWidget::currentItemChanged, this, &TrainingPanel::updateActions);
    connect(plot_, &MetricsPlot::errorOccurred, this, &TrainingPanel::showError);
    connect(editor_, &ConfigEditor::validityChanged, this, &TrainingPanel::updateActions);
    connect(launchButton_, &QPushButton::clicked, this, &TrainingPanel::launch);
    connect(stopButton_, &QPushButton::clicked, this, &TrainingPanel::stopSelected);
    connect(resumeButton_, &QPushButton::clicked, this, &TrainingPanel::resumeSelected);
    connect(addDirButton_, &QPushButton::clicked, this, &TrainingPanel::browseForRunDirectory);
    auto* launchShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    launchShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(launchShortcut, &QShortcut::activated, this, [this] {
        if (launchButton_->isEnabled()) launch();
    });
    updateActions();
}

TrainingPanel::~TrainingPanel() = default;

void TrainingPanel::buildLayout() {
    errorLabel_ = new ErrorBanner(this);

    runs_ = new RunList(this);
    addDirButton_ = new QPushButton(tr("Add Directory…"), this);
    addDirButton_->setObjectName("addRunDirectory");
    addDirButton_->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
    addDirButton_->setToolTip(tr("Follow a run directory started elsewhere (CLI, torchrun, a GPU node)"));
    stopButton_ = new QPushButton(tr("Stop"), this);
    stopButton_->setObjectName("stopRun");
    stopButton_->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    stopButton_->setToolTip(tr("Stop the selected run after its current step, with a checkpoint"));
    resumeButton_ = new QPushButton(tr("Resume"), this);
    resumeButton_->setObjectName("resumeRun");
    resumeButton_->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));
    resumeButton_->setToolTip(tr("Continue the selected run from its latest checkpoint"));
    auto* refreshButton = new QPushButton(tr("Refresh"), this);
    refreshButton->setObjectName("refreshRuns");
    refreshButton->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    connect(refreshButton, &QPushButton::clicked, this, &TrainingPanel::refreshRuns);
    auto* runButtons = new QHBoxLayout;
    runButtons->addWidget(addDirButton_);
    runButtons->addWidget(refreshButton);
    runButtons->addStretch(1);
    runButtons->addWidget(stopButton_);
    runButtons->addWidget(resumeButton_);
    auto* runsBox = new QGroupBox(tr("Runs"), this);
    auto* runsLayout = new QVBoxLayout(runsBox);
    runsLayout->addWidget(runs_, 1);
    runsLayout->addLayout(runButtons);

    editor_ = new ConfigEditor(this);
    editor_->setObjectName("configEditor");
    runName_ = new QLineEdit(this);
    runName_->setObjectName("runName");
    runName_->setPlaceholderText(tr("run name (default: run-<date>-<time>)"));
    auto* openButton = new QPushButton(tr("Open TOML…"), this);
    openButton->setObjectName("openConfig");
    openButton->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    connect(openButton, &QPushButton::clicked, this, &TrainingPanel::browseForConfig);
    launchButton_ = new QPushButton(tr("Launch"), this);
    launchButton_->setObjectName("launchRun");
    launchButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    launchButton_->setToolTip(tr("Train this config as a new run in the workspace (Ctrl+Return)"));
    hintLabel_ = new QLabel(this);
    hintLabel_->setObjectName("configHint");
    hintLabel_->setWordWrap(true);
    hintLabel_->setForegroundRole(QPalette::PlaceholderText);
    hintLabel_->setText(tr("Relative paths in the config are read from the working directory %1, as by "
                           "ipt train.")
                            .arg(QDir::toNativeSeparators(QDir::currentPath())));
    auto* launchRow = new QHBoxLayout;
    launchRow->addWidget(openButton);
    launchRow->addWidget(runName_, 1);
    launchRow->addWidget(launchButton_);
    auto* configBox = new QGroupBox(tr("New run (run.toml)"), this);
    auto* configLayout = new QVBoxLayout(configBox);
    configLayout->addWidget(editor_, 1);
    configLayout->addWidget(hintLabel_);
    configLayout->addLayout(launchRow);

    plot_ = new MetricsPlot(this);
    plot_->setObjectName("metricsPlotPanel");

    rightSplit_ = new QSplitter(Qt::Vertical, this);
    rightSplit_->setObjectName("trainingRightSplitter");
    rightSplit_->addWidget(runsBox);
    rightSplit_->addWidget(configBox);
    rightSplit_->setChildrenCollapsible(false);

    columns_ = new QSplitter(Qt::Horizontal, this);
    columns_->setObjectName("trainingColumns");
    columns_->addWidget(plot_);
    columns_->addWidget(rightSplit_);
    columns_->setStretchFactor(0, 3);
    columns_->setStretchFactor(1, 2);
    columns_->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(errorLabel_);
    layout->addWidget(columns_, 1);
}

void TrainingPanel::setWorkspace(std::shared_ptr<ipt::Workspace> workspace) {
    workspace_ = std::move(workspace);
    folder_ = workspace_ ? QString::fromStdString(workspace_->root().string()) : QString();
    clearError();  // it was about the workspace shown before
    // Runs of the previous workspace go, except those still training here.
    for (const QString& name : runs_->names())
        if (!jobs_.contains(name)) {
            unfollow(name);
            runs_->removeRow(name);
        }
    refreshRuns();
}

void TrainingPanel::refreshRuns() {
    if (!workspace_) return;
    try {
        ipt::RunFilter filter;
        filter.kind = ipt::RunKind::train;
        const ipt::RunStore& store = workspace_->store();
        for (const ipt::RunInfo& info : store.list_runs(filter)) {
            const QString name = QString::fromStdString(info.name);
            RunRow row;
            row.name = name;
            const auto followed = followed_.value(name);
            row.trainingHere = jobs_.contains(name);
            row.status = followed && followed->status ? *followed->status : info.status;
            row.directory = QString::fromStdString(info.directory);
            const ipt::MetricSummary loss = store.summarize_metric(info.name, "loss");
            if (loss.last) {
                row.hasLoss = true;
                row.lastLoss = *loss.last;
                row.lastStep = loss.last_step.value_or(-1);
            }
            const bool draw = !row.directory.isEmpty() && runs_->checkedRuns().size() < kMaxAutoChecked;
            runs_->setRow(row, draw);
        }
    } catch (const std::exception& e) {
        showError(tr("Could not list the workspace's runs: %1").arg(QString::fromUtf8(e.what())));
    }
    updateActions();
}

QString TrainingPanel::uniqueName(const QString& base) const {
    const QString root = base.isEmpty() ? QStringLiteral("run") : base;
    const QStringList taken = runs_->names();
    // Names are unique across every kind of run of the workspace (its rule), and across the runs
    // followed here without a workspace.
    auto used = [&](const QString& candidate) {
        return taken.contains(candidate) ||
               (workspace_ && workspace_->is_name_taken(candidate.toStdString()));
    };
    QString name = root;
    for (int i = 2; used(name); ++i) name = QStringLiteral("%1-%2").arg(root).arg(i);
    return name;
}

QString TrainingPanel::addRunDirectory(const QString& dir) {
    clearError();
    const QString path = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    if (!QFileInfo::exists(path + "/config.toml")) {
        showError(tr("%1 is not a run directory: it has no config.toml").arg(QDir::toNativeSeparators(path)));
        return {};
    }
    for (const QString& name : runs_->names())
        if (QDir::cleanPath(runs_->directory(name)) == path) {
            runs_->setChecked(name, true);
            runs_->selectRun(name);
            return name;
        }
    const QString name = uniqueName(QFileInfo(path).fileName());
    RunRow row;
    row.name = name;
    row.status = ipt::RunStatus::unknown;  // until the first read says
    row.directory = path;
    runs_->setRow(row, true);  // checked: follows, reads and indexes it on a job
    runs_->selectRun(name);
    emit statusMessage(tr("Following %1").arg(QDir::toNativeSeparators(path)));
    return name;
}

void TrainingPanel::browseForRunDirectory() {
    const QString start = folder_.isEmpty() ? QDir::homePath() : folder_;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add Run Directory"), start);
    if (!dir.isEmpty()) addRunDirectory(dir);
}

void TrainingPanel::follow(const QString& name, const QString& dir) {
    if (dir.isEmpty() || followed_.contains(name)) return;
    auto run = std::make_shared<Followed>();
    run->dir = dir;
    followed_.insert(name, run);
    plot_->addRun(name);
    const bool index = workspace_ && !workspace_->store().find_run(name.toStdString());
    startFirstRead(name, run, index);
}

void TrainingPanel::unfollow(const QString& name) {
    followed_.remove(name);
    plot_->removeRun(name);
}

bool TrainingPanel::isFollowing(const QString& name) const {
    return followed_.contains(name);
}

bool TrainingPanel::isLoading(const QString& name) const {
    const auto run = followed_.value(name);
    return run && run->loading;
}

void TrainingPanel::pollRuns() {
    // Copies of the handles: a poll may show an error, and nothing may change the hash under the loop.
    const auto runs = followed_;
    for (auto it = runs.constBegin(); it != runs.constEnd(); ++it) {
        Followed& run = *it.value();
        if (run.broken) continue;
        if (run.done && !jobs_.contains(it.key())) {
            // An ended run wakes up when its file changes (resumed elsewhere, replaced).
            const QFileInfo metrics(run.dir + "/metrics.jsonl");
            if (metrics.size() == run.doneSize && metrics.lastModified() == run.doneStamp) continue;
        }
        pollRun(it.key(), run);
    }
}

void TrainingPanel::pollRun(const QString& name, Followed& run) {
    if (run.loading) return;
    // A run launched here has no config.toml for a moment; the tailer reads the planned steps from it
    // on its first poll, so it starts once the file is there (and the file is still short).
    if (!run.tailer) {
        if (!QFileInfo::exists(run.dir + "/config.toml")) return;
        run.tailer = std::make_unique<ipt::MetricsTailer>(localPath(run.dir));
    }
    ipt::MetricsTailer::Poll poll;
    try {
        poll = run.tailer->poll();
    } catch (const std::exception& e) {
        // The file cannot be read at all (a malformed line is not this: the tailer skips it).
        run.broken = true;
        showError(tr("Stopped following %1: %2").arg(name, QString::fromUtf8(e.what())));
        return;
    }
    applyPoll(name, run, poll);
}

// The first read of a run can be long (a finished run of many steps); it runs on a job, together with
// indexing the run when the workspace does not know it yet. Later polls read only what was appended.
void TrainingPanel::startFirstRead(const QString& name, const std::shared_ptr<Followed>& run, bool index) {
    if (!QFileInfo::exists(run->dir + "/config.toml")) return;  // pollRun() starts it once there
    run->tailer = std::make_unique<ipt::MetricsTailer>(localPath(run->dir));
    run->loading = true;
    auto poll = std::make_shared<ipt::MetricsTailer::Poll>();
    auto indexProblem = std::make_shared<std::string>();
    const std::string workspace = index && workspace_ ? workspace_->root().string() : std::string();
    const std::string dir = localPath(run->dir), runName = name.toStdString();
    auto* loader = new JobBridge(this);
    connect(loader, &JobBridge::idle, loader, &QObject::deleteLater);
    connect(loader, &JobBridge::failed, this, [this, name, run](const QString& message) {
        run->loading = false;
        run->broken = true;
        if (followed_.value(name) == run) showError(tr("Stopped following %1: %2").arg(name, message));
        emit runLoaded(name);
    });
    // `run` is shared with the job, so that unchecking the run meanwhile cannot free the tailer it reads.
    loader->start(
        tr("Reading %1").arg(name),
        [run, poll, indexProblem, workspace, dir, runName](const ipt::ProgressSink&,
                                                           const ipt::CancelToken&) {
            *poll = run->tailer->poll();
            if (workspace.empty()) return;
            try {
                // A connection of this thread's own; bad lines are reported from the poll above.
                std::vector<std::string> skipped;
                ipt::Workspace::open(workspace)->store().import_run(dir, runName, &skipped);
            } catch (const std::exception& e) {
                // The curves still follow the files; only the index lacks the run.
                *indexProblem = e.what();
            }
        },
        [this, name, run, poll, indexProblem] {
            run->loading = false;
            if (!indexProblem->empty())
                showError(tr("Could not index %1 in the workspace: %2")
                              .arg(name, QString::fromStdString(*indexProblem)));
            if (followed_.value(name) == run) applyPoll(name, *run, *poll);
            emit runLoaded(name);
        });
}

void TrainingPanel::applyPoll(const QString& name, Followed& run, const ipt::MetricsTailer::Poll& poll) {
    if (poll.restarted) plot_->clearRun(name);
    // Lines that are not metrics records are skipped and named; the lines around them still count.
    if (!poll.problems.empty()) {
        QStringList lines;
        for (const std::string& problem : poll.problems) lines << QString::fromStdString(problem);
        showError(tr("%1: skipped lines that are not metrics records:\n%2").arg(name, lines.join('\n')));
    }
    const bool statusChanged = !run.status || *run.status != poll.status;
    run.status = poll.status;
    if (!poll.records.empty()) {
        plot_->appendRecords(name, poll.records);
        for (const ipt::MetricRecord& record : poll.records) {
            run.lastStep = record.step;
            for (const auto& [key, value] : record.values)
                if (key == "loss" && value) {
                    run.lastLoss = *value;
                    run.hasLoss = true;
                }
        }
    }
    if (workspace_ && (!poll.records.empty() || statusChanged)) {
        try {
            ipt::RunStore& store = workspace_->store();
            std::vector<std::string> skipped;  // reported above, from the panel's own read
            const auto known = store.find_run(name.toStdString());
            if (!known)
                store.import_run(localPath(run.dir), name.toStdString(), &skipped);
            else if (known->kind == ipt::RunKind::train &&
                     QDir::cleanPath(QString::fromStdString(known->directory)) == QDir::cleanPath(run.dir))
                store.update_run(name.toStdString(),
                                 &skipped);  // only the lines appended since, and the status
            // else: the name belongs to another run of the store; this one is drawn but not indexed.
        } catch (const std::exception& e) {
            // The plot reads the files directly; the index catches up on the next poll or refresh.
            emit statusMessage(tr("Could not index %1: %2").arg(name, QString::fromUtf8(e.what())));
        }
    }
    run.done = poll.finished && !jobs_.contains(name);
    if (run.done) {
        const QFileInfo metrics(run.dir + "/metrics.jsonl");
        run.doneSize = metrics.size();
        run.doneStamp = metrics.lastModified();
    }
    RunRow row;
    row.name = name;
    row.directory = run.dir;
    row.trainingHere = jobs_.contains(name);
    row.status = poll.status;
    row.lastStep = run.lastStep;
    row.hasLoss = run.hasLoss;
    row.lastLoss = run.lastLoss;
    runs_->setRow(row, true);
}

void TrainingPanel::openConfigFile(const QString& file) {
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly | QIODevice::Text)) {
        showError(tr("Could not read %1: %2").arg(QDir::toNativeSeparators(file), in.errorString()));
        return;
    }
    clearError();
    editor_->setText(QString::fromUtf8(in.readAll()));
    if (runName_->text().isEmpty()) runName_->setText(QFileInfo(file).completeBaseName());
    emit configOpened(file);
}

void TrainingPanel::browseForConfig() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Run Config"), folder_,
                                                      tr("TOML files (*.toml);;All files (*)"));
    if (!file.isEmpty()) openConfigFile(file);
}

bool TrainingPanel::launch() {
    clearError();
    if (!workspace_) {
        showError(tr("Open a workspace first (File > Open Workspace…): runs are created in it."));
        return false;
    }
    std::shared_ptr<ipt::TrainConfig> config = editor_->validate();
    if (!config) {
        showError(tr("The config has a problem: %1").arg(editor_->problem().message));
        return false;
    }
    QString name = runName_->text().trimmed();
    if (name.isEmpty())
        name = QString::fromStdString(ipt::Workspace::default_run_name(std::chrono::system_clock::now()));
    std::filesystem::path runDir;
    try {
        if (runs_->hasRow(name))
            throw ipt::UsageError("a run named '" + name.toStdString() +
                                  "' is listed already; choose another name");
        runDir = workspace_->new_run_directory(name.toStdString());
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    ipt::TrainConfig trainConfig = *config;
    const std::string runPath = runDir.string();
    startJob(
        name, QString::fromStdString(runPath),
        [trainConfig, runPath](const ipt::ProgressSink& progress, const ipt::CancelToken& cancel) {
            ipt::TrainOptions options;
            options.run_dir = runPath;
            options.progress = progress;
            options.cancel = cancel;
            const ipt::TrainResult result = ipt::train(trainConfig, options);
            if (result.stopped_early) throw ipt::Cancelled();
        },
        tr("Training %1").arg(name));
    runName_->clear();
    return true;
}

bool TrainingPanel::resumeSelected() {
    clearError();
    const QString name = runs_->selectedRun();
    const QString dir = runs_->directory(name);
    if (name.isEmpty() || dir.isEmpty()) {
        showError(tr("Select a run with a directory to resume."));
        return false;
    }
    if (jobs_.contains(name)) {
        showError(tr("%1 is already training here.").arg(name));
        return false;
    }
    if (runs_->status(name) == "finished") {
        showError(tr("%1 has finished all its steps; there is nothing to resume.").arg(name));
        return false;
    }
    const std::string runDir = localPath(dir);
    // Refused here, before a job: nothing is written and no job is listed for a run that cannot resume.
    const std::string problem = ipt::resume_problem(runDir);
    if (!problem.empty()) {
        showError(tr("%1 cannot be resumed: %2")
                      .arg(name, QDir::toNativeSeparators(dir + "/checkpoints/latest") + ": " +
                                     QString::fromStdString(problem)));
        return false;
    }
    startJob(
        name, dir,
        [runDir](const ipt::ProgressSink& progress, const ipt::CancelToken& cancel) {
            ipt::TrainOptions options;
            options.run_dir = runDir;
            options.resume = true;
            options.progress = progress;
            options.cancel = cancel;
            const ipt::TrainResult result = ipt::resume_training(options);
            if (result.stopped_early) throw ipt::Cancelled();
        },
        tr("Resuming %1").arg(name));
    return true;
}

void TrainingPanel::startJob(const QString& name, const QString& dir, ipt::Job::Work work,
                             const QString& jobName) {
    auto* bridge = new JobBridge(this);
    jobs_.insert(name, bridge);
    emit jobBridgeCreated(bridge);
    auto ended = [this, name, bridge](const QString& outcome) {
        jobs_.remove(name);
        bridge->deleteLater();
        if (auto run = followed_.value(name)) {
            run->done = false;  // one more poll picks up the last lines and the final status
            pollRun(name, *run);
        }
        refreshRuns();
        updateActions();
        emit runFinished(name, outcome);
    };
    connect(bridge, &JobBridge::finished, this, [this, name, ended] {
        emit statusMessage(tr("%1 finished").arg(name));
        ended(QStringLiteral("finished"));
    });
    connect(bridge, &JobBridge::cancelled, this, [this, name, ended] {
        emit statusMessage(tr("%1 stopped; Resume continues it from its checkpoint").arg(name));
        ended(QStringLiteral("stopped"));
    });
    connect(bridge, &JobBridge::failed, this, [this, name, ended](const QString& message) {
        showError(tr("Training %1 failed: %2").arg(name, message));
        emit errorOccurred(tr("Training %1 failed: %2").arg(name, message));
        ended(QStringLiteral("failed"));
    });
    bridge->start(jobName, std::move(work));

    RunRow row;
    row.name = name;
    row.trainingHere = true;
    row.status = ipt::RunStatus::running;
    row.directory = dir;
    runs_->setRow(row, true);
    follow(name, dir);
    if (auto run = followed_.value(name)) run->done = false;
    runs_->selectRun(name);
    updateActions();
    emit statusMessage(tr("%1 started in %2").arg(name, QDir::toNativeSeparators(dir)));
}

void TrainingPanel::stopSelected() {
    if (JobBridge* bridge = jobs_.value(runs_->selectedRun())) {
        bridge->cancel();
        emit statusMessage(tr("Stopping %1 after its current step…").arg(runs_->selectedRun()));
    }
}

JobBridge* TrainingPanel::jobFor(const QString& name) const {
    return jobs_.value(name);
}

QString TrainingPanel::errorMessage() const {
    return errorLabel_->message();
}

void TrainingPanel::showError(const QString& message) {
    errorLabel_->showMessage(message);
    emit statusMessage(message);
}

void TrainingPanel::clearError() {
    errorLabel_->clearMessage();
}

void TrainingPanel::updateActions() {
    const QString selected = runs_->selectedRun();
    const bool running = jobs_.contains(selected);
    stopButton_->setEnabled(running);
    resumeButton_->setEnabled(!selected.isEmpty() && !running && !runs_->directory(selected).isEmpty() &&
                              runs_->status(selected) != "finished");
    launchButton_->setEnabled(editor_->isValid());
}

void TrainingPanel::saveSettings(QSettings& settings) const {
    settings.setValue("config", editor_->text());
    settings.setValue("columns", columns_->saveState());
    settings.setValue("right", rightSplit_->saveState());
    settings.beginGroup("plot");
    plot_->saveSettings(settings);
    settings.endGroup();
}

void TrainingPanel::restoreSettings(QSettings& settings) {
    editor_->setText(settings.value("config").toString());
    columns_->restoreState(settings.value("columns").toByteArray());
    rightSplit_->restoreState(settings.value("right").toByteArray());
    settings.beginGroup("plot");
    plot_->restoreSettings(settings);
    settings.endGroup();
}
