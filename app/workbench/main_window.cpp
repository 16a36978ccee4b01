#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>

#include "common/job_bridge.h"
#include "common/job_status_area.h"
#include "common/jobs_list.h"
#include "common/local_path.h"
#include "common/panel.h"
#include "common/plot_helpers.h"
#include "common/recent_list.h"
#include "embeddings/embeddings_panel.h"
#include "ipt/runs/workspace.h"
#include "launch/job_launcher.h"
#include "pairs/pairs_panel.h"
#include "playground/playground_panel.h"
#include "results/results_panel.h"
#include "settings_dialog.h"
#include "synth/synthesis_playground.h"
#include "training/config_editor.h"
#include "training/training_panel.h"

namespace {

constexpr int kStatusMessageMs = 8000;
constexpr int kWatchMs = 3000;

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName("mainWindow");
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName("panels");
    tabs_->setDocumentMode(true);
    setCentralWidget(tabs_);

    jobArea_ = new JobStatusArea(this);
    statusBar()->addPermanentWidget(jobArea_);

    // Housekeeping that takes milliseconds: not listed among the user's jobs. Failures show as messages.
    workspaceJob_ = new JobBridge(this);
    connect(workspaceJob_, &JobBridge::failed, this, &MainWindow::showError);
    watchTimer_ = new QTimer(this);
    watchTimer_->setInterval(kWatchMs);
    connect(watchTimer_, &QTimer::timeout, this, &MainWindow::checkWorkspaceChanges);

    askCreate_ = [this](const QString& folder) {
        return QMessageBox::question(this, tr("Create a Workspace?"),
                                     tr("%1 is not a workspace yet (it has no workspace.db).\n\nCreate a "
                                        "workspace in this folder?")
                                         .arg(QDir::toNativeSeparators(folder)),
                                     QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
    };
    createMenus();
    createPanels();
    restoreSettings();
    statusBar()->showMessage(tr("Ready"), kStatusMessageMs);
}

MainWindow::~MainWindow() = default;

void MainWindow::createPanels() {
    jobsList_ = new JobsList(this);
    jobsList_->setObjectName("jobsList");
    QDockWidget* jobsDock = addDock(jobsList_, tr("Jobs"), Qt::BottomDockWidgetArea);
    jobsDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    jobsDock->hide();  // Ctrl+J; restoreSettings() brings back the user's choice

    playground_ = new PlaygroundPanel(this);
    playground_->setObjectName("playground");
    addPanel(playground_, tr("Model Playground"), playground_->jobBridge());
    connect(playground_, &PlaygroundPanel::modelLoaded, this, [this](const QString& folder) {
        recentModels_->add(folder);
        setWindowTitle(QFileInfo(folder).fileName());
    });
    connect(playground_, &PlaygroundPanel::statusMessage, this, &MainWindow::showStatus);

    pairs_ = new PairsPanel(this);
    pairs_->setObjectName("pairs");
    addPanel(pairs_, tr("Pairs"), pairs_->jobBridge());
    trackJobs(pairs_->workBridge());  // search, token counts and export
    connect(pairs_, &PairsPanel::statusMessage, this, &MainWindow::showStatus);
    // The browsing keys, listed where they can be found; they act while the pairs panel has the focus.
    QMenu* pairsMenu = new QMenu(tr("&Pairs"), this);
    pairsMenu->addActions(pairs_->browseActions());
    menuBar()->insertMenu(goMenu_->menuAction(), pairsMenu);
    QAction* openPairs = new QAction(tr("Open &Pairs File…"), this);
    openPairs->setObjectName("openPairsAction");
    openPairs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    connect(openPairs, &QAction::triggered, this, [this] {
        tabs_->setCurrentWidget(pairs_);
        pairs_->browseForFile();
    });
    fileMenu_->insertAction(openPairsBefore_, openPairs);
    fileMenu_->insertMenu(openPairsBefore_, pairs_->recentFilesMenu());

    synthesis_ = new SynthesisPlayground(this);
    synthesis_->setObjectName("synthesis");
    addPanel(synthesis_, tr("Synthesis"), synthesis_->jobBridge());
    connect(synthesis_, &SynthesisPlayground::statusMessage, this, &MainWindow::showStatus);

    training_ = new TrainingPanel(this);
    training_->setObjectName("training");
    addPanel(training_, tr("Training"), nullptr);
    connect(training_, &TrainingPanel::jobBridgeCreated, this, &MainWindow::trackJobs);
    connect(training_, &TrainingPanel::statusMessage, this, &MainWindow::showStatus);
    connect(training_, &TrainingPanel::errorOccurred, this, &MainWindow::showError);
    connect(training_, &TrainingPanel::runFinished, this, [this] { results_->refresh(); });
    connect(training_, &TrainingPanel::configOpened, recentConfigs_, &RecentList::add);

    results_ = new ResultsPanel(this);
    results_->setObjectName("results");
    addPanel(results_, tr("Results"), nullptr);
    connect(results_, &ResultsPanel::statusMessage, this, &MainWindow::showStatus);
    connect(results_, &ResultsPanel::errorOccurred, this, &MainWindow::showError);

    embeddings_ = new EmbeddingsPanel(this);
    embeddings_->setObjectName("embeddings");
    addPanel(embeddings_, tr("Embeddings"), embeddings_->jobBridge());
    connect(embeddings_, &EmbeddingsPanel::statusMessage, this, &MainWindow::showStatus);
    connect(embeddings_, &EmbeddingsPanel::loadFailed, this, &MainWindow::showError);
    connect(embeddings_, &EmbeddingsPanel::expansionLoaded, recentExpansions_, &RecentList::add);

    createRunMenu();
}

// Jobs over whole files, launched as `ipt synth` and `ipt vocab expand` are: their outputs open in the
// panel that shows them, and the run lists pick up what the workspace filed.
void MainWindow::createRunMenu() {
    launcher_ = new JobLauncher(this);
    trackJobs(launcher_->synthesisBridge());
    trackJobs(launcher_->expansionBridge());
    connect(launcher_->synthesisBridge(), &JobBridge::failed, this, &MainWindow::showError);
    connect(launcher_->expansionBridge(), &JobBridge::failed, this, &MainWindow::showError);
    connect(launcher_, &JobLauncher::statusMessage, this, &MainWindow::showStatus);
    connect(launcher_, &JobLauncher::pairsWritten, this, &MainWindow::openPairsFile);
    connect(launcher_, &JobLauncher::expansionWritten, this, [this](const QString& folder) {
        tabs_->setCurrentWidget(embeddings_);
        embeddings_->openExpansion(folder);
    });
    connect(launcher_, &JobLauncher::jobFiled, this, [this] { checkWorkspaceChanges(); });

    QMenu* run = new QMenu(tr("&Run"), this);
    run->setObjectName("runMenu");
    QAction* synthesize = run->addAction(tr("&Synthesize Pairs…"), this,
                                         [this] { launcher_->askSynthesis(this, workspace()); });
    synthesize->setObjectName("synthesizeAction");
    QAction* expand = run->addAction(tr("&Expand Vocabulary…"), this,
                                     [this] { launcher_->askExpansion(this, workspace()); });
    expand->setObjectName("expandVocabularyAction");
    menuBar()->insertMenu(goMenu_->menuAction(), run);
}

void MainWindow::addPanelWidget(QWidget* panel, Panel* settings, const QString& title, JobBridge* bridge) {
    panels_.append({panel, settings});
    QIcon icon;
    for (int size : {32, 64}) {
        const QString file = QStringLiteral(":/icons/panels/%1-%2.png").arg(panel->objectName()).arg(size);
        if (QFile::exists(file)) icon.addFile(file);
    }
    tabs_->addTab(panel, icon, title);
    auto* toggle = viewMenu_->addAction(icon, title);
    toggle->setObjectName(panel->objectName() + "Toggle");
    toggle->setCheckable(true);
    toggle->setChecked(true);
    // Looked up on each toggle: indexes move when panels are added in front.
    connect(toggle, &QAction::toggled, this, [this, panel](bool visible) {
        const int index = tabs_->indexOf(panel);
        tabs_->setTabVisible(index, visible);
        if (visible) tabs_->setCurrentIndex(index);
    });
    // Ctrl+1, Ctrl+2, ... in the order panels are added.
    QAction* go = goMenu_->addAction(title, this, [this, panel, toggle] {
        toggle->setChecked(true);
        tabs_->setCurrentWidget(panel);
    });
    go->setObjectName(panel->objectName() + "Go");
    const int position = int(goMenu_->actions().size());
    if (position <= 9) go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + position)));
    trackJobs(bridge);
}

QDockWidget* MainWindow::addDock(QWidget* widget, const QString& title, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(widget->objectName() + "Dock");  // saveState() needs a name
    dock->setWidget(widget);
    addDockWidget(area, dock);
    QAction* toggle = dock->toggleViewAction();
    toggle->setObjectName(widget->objectName() + "DockToggle");
    viewMenu_->addAction(toggle);
    return dock;
}

void MainWindow::trackJobs(JobBridge* bridge) {
    if (!bridge) return;
    jobArea_->track(bridge);
    jobsList_->track(bridge);
}

void MainWindow::createMenus() {
    fileMenu_ = menuBar()->addMenu(tr("&File"));
    QAction* openWorkspaceAction =
        fileMenu_->addAction(tr("Open &Workspace…"), this, &MainWindow::browseForWorkspace);
    openWorkspaceAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openWorkspaceAction->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
    recentWorkspaces_ = new RecentList(
        fileMenu_->addMenu(tr("Recent Wor&kspaces")), "recentWorkspaces",
        [this](const QString& folder) { openWorkspace(folder); }, this);
    QAction* reload = fileMenu_->addAction(tr("Re&load Workspace"), this, &MainWindow::reloadWorkspace);
    reload->setShortcut(QKeySequence::Refresh);
    reload->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    fileMenu_->addSeparator();
    QAction* open = fileMenu_->addAction(tr("&Open Model Folder…"), this, [this] {
        tabs_->setCurrentWidget(playground_);
        playground_->browseForModel();
    });
    open->setShortcut(QKeySequence::Open);
    recentModels_ = new RecentList(
        fileMenu_->addMenu(tr("Open &Recent")), "recentFolders",
        [this](const QString& folder) { openModelFolder(folder); }, this);
    openPairsBefore_ = fileMenu_->addSeparator();  // the pairs panel's entries go above, see createPanels()
    QAction* config = fileMenu_->addAction(tr("Open Run &Config…"), this, [this] {
        tabs_->setCurrentWidget(training_);
        training_->browseForConfig();
    });
    config->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    recentConfigs_ = new RecentList(
        fileMenu_->addMenu(tr("Recent Run Con&figs")), "recentConfigs",
        [this](const QString& file) {
            tabs_->setCurrentWidget(training_);
            training_->openConfigFile(file);
        },
        this);
    fileMenu_->addAction(tr("&Add Run Directory…"), this, [this] {
        tabs_->setCurrentWidget(training_);
        training_->browseForRunDirectory();
    });
    fileMenu_->addAction(tr("&Import lm-eval Results…"), this, [this] {
        tabs_->setCurrentWidget(results_);
        results_->browseForResults();
    });
    QAction* expansion = fileMenu_->addAction(tr("Open &Expansion…"), this, [this] {
        tabs_->setCurrentWidget(embeddings_);
        embeddings_->browseForExpansion();
    });
    expansion->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    recentExpansions_ = new RecentList(
        fileMenu_->addMenu(tr("Recent E&xpansions")), "recentExpansions",
        [this](const QString& folder) {
            tabs_->setCurrentWidget(embeddings_);
            embeddings_->openExpansion(folder);
        },
        this);
    fileMenu_->addSeparator();
    QAction* settings = fileMenu_->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settings->setMenuRole(QAction::PreferencesRole);
    fileMenu_->addSeparator();
    QAction* quit = fileMenu_->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    viewMenu_ = menuBar()->addMenu(tr("&View"));
    QAction* statusBarToggle = new QAction(tr("&Status Bar"), this);
    statusBarToggle->setObjectName("statusBarToggle");
    statusBarToggle->setCheckable(true);
    statusBarToggle->setChecked(true);
    connect(statusBarToggle, &QAction::toggled, statusBar(), &QWidget::setVisible);
    viewMenu_->addAction(statusBarToggle);
    viewMenu_->addSeparator();

    goMenu_ = menuBar()->addMenu(tr("&Go"));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About IPT Workbench"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::openModelFolder(const QString& folder) {
    tabs_->setCurrentWidget(playground_);
    // A folder the user opens is what they mean to generate with, over an endpoint chosen before.
    playground_->openModel(folder);
    playground_->setSource(PlaygroundPanel::Source::LocalModel);
}

void MainWindow::openPairsFile(const QString& path) {
    tabs_->setCurrentWidget(pairs_);
    pairs_->openFile(path);
}

QString MainWindow::workspace() const {
    return workspace_ ? QString::fromStdString(workspace_->root().string()) : QString();
}

void MainWindow::setCreateWorkspaceQuestion(std::function<bool(const QString&)> ask) {
    askCreate_ = std::move(ask);
}

bool MainWindow::openWorkspace(const QString& folder) {
    const QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    if (!QFileInfo(path).isDir()) {
        showError(tr("The workspace %1 is not a folder.").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    std::shared_ptr<ipt::Workspace> workspace;
    try {
        if (ipt::Workspace::exists(localPath(path))) {
            workspace = ipt::Workspace::open(localPath(path));
        } else {
            // Nothing is written into a folder the user did not mean as a workspace.
            if (!askCreate_ || !askCreate_(path)) {
                showStatus(
                    tr("%1 is not a workspace; nothing was opened").arg(QDir::toNativeSeparators(path)));
                return false;
            }
            workspace = ipt::Workspace::create(localPath(path));
        }
    } catch (const std::exception& e) {
        showError(tr("Could not open the workspace %1: %2")
                      .arg(QDir::toNativeSeparators(path), QString::fromUtf8(e.what())));
        return false;
    }
    workspace_ = workspace;
    // Messages about the workspace shown before go with it.
    if (errorBox_) errorBox_->hide();
    for (const PanelEntry& entry : panels_) entry.panel->showWorkspace(workspace_);
    runsSignature_.clear();
    expansionsSignature_ = QString::fromStdString(workspace_->expansions_signature());
    recentWorkspaces_->add(path);
    setWindowTitle(QFileInfo(path).fileName());
    showStatus(tr("Opened workspace %1").arg(QDir::toNativeSeparators(path)));
    checkWorkspaceChanges();
    watchTimer_->start();
    return true;
}

void MainWindow::browseForWorkspace() {
    const QString start = workspace_ ? workspace() : QDir::homePath();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Workspace"), start);
    if (!folder.isEmpty()) openWorkspace(folder);
}

void MainWindow::reloadWorkspace() {
    if (!workspace_) return;
    runsSignature_.clear();
    checkWorkspaceChanges();
    embeddings_->setWorkspace(workspace());
}

// Runs and results written by other processes (the CLI, the demo pipeline) show up without a click:
// a cheap look at the folder every few seconds, and a background job that indexes new run folders.
void MainWindow::checkWorkspaceChanges() {
    if (!workspace_) return;
    // A workspace keeps its pairs files in pairs/: the newest opens while the browser has none.
    if (pairs_->filePath().isEmpty()) {
        const std::vector<std::filesystem::path> files = workspace_->pairs_files();
        if (!files.empty()) pairs_->openFile(QString::fromStdString(files.front().string()));
    }
    const QString expansions = QString::fromStdString(workspace_->expansions_signature());
    if (expansions != expansionsSignature_ && !embeddings_->jobBridge()->isRunning()) {
        expansionsSignature_ = expansions;
        embeddings_->setWorkspace(workspace());
    }
    if (workspaceJob_->isRunning()) return;
    const QString runs = QString::fromStdString(workspace_->runs_signature());
    if (runs == runsSignature_) return;
    runsSignature_ = runs;
    const std::string folder = workspace_->root().string();
    auto problems = std::make_shared<std::vector<std::string>>();
    std::shared_ptr<ipt::Workspace> shown = workspace_;
    workspaceJob_->start(
        tr("Indexing workspace"),
        [folder, problems](const ipt::ProgressSink&, const ipt::CancelToken&) {
            // A connection of the job thread's own.
            ipt::Workspace::open(folder)->index_new_run_directories(problems.get());
        },
        [this, shown, problems] {
            if (shown != workspace_) return;
            training_->refreshRuns();
            results_->refreshIfChanged();
            // Shown once per change of the runs folder, not on every watch tick.
            if (!problems->empty()) {
                QStringList lines;
                for (const std::string& p : *problems) lines << QString::fromStdString(p);
                showError(tr("Some run folders could not be indexed:\n%1").arg(lines.join('\n')));
            }
        });
}

void MainWindow::showSettings() {
    SettingsDialog dialog(this);
    const QString before = SettingsDialog::savedLanguage();
    if (dialog.exec() == QDialog::Accepted && dialog.language() != before)
        showStatus(tr("The new language takes effect when the workbench is started again."));
}

void MainWindow::showError(const QString& message) {
    showStatus(message);
    if (!errorBox_) {
        errorBox_ =
            new QMessageBox(QMessageBox::Warning, tr("IPT Workbench"), QString(), QMessageBox::Ok, this);
        errorBox_->setObjectName("errorBox");
        errorBox_->setModal(false);
        errorBox_->setTextFormat(Qt::PlainText);  // messages quote file contents
    }
    errorBox_->setText(message);
    errorBox_->show();
}

void MainWindow::showStatus(const QString& message) {
    statusBar()->showMessage(message, kStatusMessageMs);
}

QStringList MainWindow::saveScreenshots(const QString& folder) {
    QDir().mkpath(folder);
    const QDir dir(folder);
    QStringList written;
    QWidget* current = tabs_->currentWidget();
    for (int i = 0; i < tabs_->count(); ++i) {
        if (!tabs_->isTabVisible(i)) continue;
        QWidget* panel = tabs_->widget(i);
        tabs_->setCurrentIndex(i);
        // Layouts and queued replots settle before the picture is taken.
        QApplication::processEvents();
        QApplication::processEvents();
        const QString file = dir.filePath(panel->objectName() + ".png");
        saveImagePng(panel->grab().toImage(), file);
        written << file;
    }
    if (current) tabs_->setCurrentWidget(current);
    QApplication::processEvents();
    const QString window = dir.filePath("window.png");
    saveImagePng(grab().toImage(), window);
    written << window;
    return written;
}

QString MainWindow::demoWorkspace() {
    QStringList candidates;
#ifdef IPT_DEMO_WORKSPACE
    candidates << QStringLiteral(IPT_DEMO_WORKSPACE);
#endif
    // build/app/workbench/ipt-workbench -> build/demo/workspace
    candidates << QDir(QCoreApplication::applicationDirPath()).filePath("../../demo/workspace");
    for (const QString& candidate : candidates)
        if (QFileInfo(candidate).isDir()) return QDir::cleanPath(QFileInfo(candidate).absoluteFilePath());
    return {};
}

QString MainWindow::startupWorkspace() {
    QSettings settings;
    // The last workspace even when it is gone: opening it says so, and it stays remembered.
    const QString last = settings.value("workspace").toString();
    if (!last.isEmpty()) return last;
    if (settings.value("firstStartDone", settings.contains("workspace")).toBool()) return {};
    return demoWorkspace();
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About IPT Workbench"),
                       tr("<h3>IPT Workbench %1</h3>"
                          "<p>A workbench for Instruction Pre-Training and vocabulary expansion: synthesize "
                          "instruction–response "
                          "pairs, train and adapt language models, and compare the results.</p>"
                          "<p>Built with Qt %2 and LibTorch.</p>")
                           .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    event->accept();
}

void MainWindow::saveSettings() {
    QSettings settings;
    settings.beginGroup("mainWindow");
    settings.setValue("geometry", saveGeometry());
    settings.setValue("state", saveState());
    settings.setValue("currentPanel",
                      tabs_->currentWidget() ? tabs_->currentWidget()->objectName() : QString());
    QStringList hidden;
    for (int i = 0; i < tabs_->count(); ++i)
        if (!tabs_->isTabVisible(i)) hidden << tabs_->widget(i)->objectName();
    settings.setValue("hiddenPanels", hidden);
    settings.setValue("statusBar", statusBar()->isVisible());
    settings.endGroup();
    for (const RecentList* recent : {recentWorkspaces_, recentModels_, recentConfigs_, recentExpansions_})
        recent->save(settings);
    // Only a workspace that opened replaces the remembered one: a mistyped --workspace or a refused
    // folder leaves it as it was.
    if (workspace_) settings.setValue("workspace", workspace());
    settings.setValue("firstStartDone", true);
    for (const PanelEntry& entry : panels_) {
        settings.beginGroup(entry.widget->objectName());
        entry.panel->saveSettings(settings);
        settings.endGroup();
    }
}

void MainWindow::restoreSettings() {
    QSettings settings;
    settings.beginGroup("mainWindow");
    if (!restoreGeometry(settings.value("geometry").toByteArray())) resize(1280, 860);
    restoreState(settings.value("state").toByteArray());
    const QStringList hidden = settings.value("hiddenPanels").toStringList();
    const QString current = settings.value("currentPanel").toString();
    const bool statusBarVisible = settings.value("statusBar", true).toBool();
    settings.endGroup();

    for (QAction* action : viewMenu_->actions()) {
        if (action->objectName() == "statusBarToggle") action->setChecked(statusBarVisible);
        for (const QString& panel : hidden)
            if (action->objectName() == panel + "Toggle") action->setChecked(false);
    }
    for (int i = 0; i < tabs_->count(); ++i)
        if (tabs_->widget(i)->objectName() == current && tabs_->isTabVisible(i)) tabs_->setCurrentIndex(i);

    for (RecentList* recent : {recentWorkspaces_, recentModels_, recentConfigs_, recentExpansions_})
        recent->restore(settings);
    for (const PanelEntry& entry : panels_) {
        settings.beginGroup(entry.widget->objectName());
        entry.panel->restoreSettings(settings);
        settings.endGroup();
    }
    if (training_->configEditor()->text().trimmed().isEmpty()) {
        QFile demo(":/demo/train-tiny.toml");
        if (demo.open(QIODevice::ReadOnly))
            training_->configEditor()->setText(QString::fromUtf8(demo.readAll()));
    }
}
