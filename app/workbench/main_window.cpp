#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

#include "common/job_bridge.h"
#include "common/job_status_area.h"
#include "pairs/pairs_panel.h"
#include "playground/playground_panel.h"

namespace {

constexpr int kMaxRecentFolders = 8;
constexpr int kStatusMessageMs = 8000;

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName("mainWindow");
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName("panels");
    tabs_->setDocumentMode(true);
    setCentralWidget(tabs_);

    jobArea_ = new JobStatusArea(this);
    statusBar()->addPermanentWidget(jobArea_);

    createMenus();

    playground_ = new PlaygroundPanel(this);
    playground_->setObjectName("playground");
    addPanel(playground_, tr("Model Playground"), playground_->jobBridge());
    connect(playground_, &PlaygroundPanel::modelLoaded, this, [this](const QString& folder) {
        rememberFolder(folder);
        setWindowTitle(QFileInfo(folder).fileName());
    });
    connect(playground_, &PlaygroundPanel::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, kStatusMessageMs); });
    addPairsPanel();

    restoreSettings();
    statusBar()->showMessage(tr("Ready"), kStatusMessageMs);
}

void MainWindow::addPanel(QWidget* panel, const QString& title, JobBridge* bridge) {
    tabs_->addTab(panel, title);
    auto* toggle = viewMenu_->addAction(title);
    toggle->setObjectName(panel->objectName() + "Toggle");
    toggle->setCheckable(true);
    toggle->setChecked(true);
    // Looked up on each toggle: indexes move when panels are added in front.
    connect(toggle, &QAction::toggled, this, [this, panel](bool visible) {
        const int index = tabs_->indexOf(panel);
        tabs_->setTabVisible(index, visible);
        if (visible) tabs_->setCurrentIndex(index);
    });
    if (bridge) connect(bridge, &JobBridge::started, this, [this, bridge] { jobArea_->follow(bridge); });
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    fileMenu_ = file;
    QAction* open = file->addAction(tr("&Open Model Folder…"), this, [this] {
        tabs_->setCurrentWidget(playground_);
        playground_->browseForModel();
    });
    open->setShortcut(QKeySequence::Open);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
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

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About IPT Workbench"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::openModelFolder(const QString& folder) {
    tabs_->setCurrentWidget(playground_);
    playground_->openModel(folder);
}

void MainWindow::rememberFolder(const QString& folder) {
    const QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    recentFolders_.removeAll(path);
    recentFolders_.prepend(path);
    while (recentFolders_.size() > kMaxRecentFolders) recentFolders_.removeLast();
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    for (const QString& folder : recentFolders_) {
        QAction* action = recentMenu_->addAction(QDir::toNativeSeparators(folder));
        connect(action, &QAction::triggered, this, [this, folder] { openModelFolder(folder); });
    }
    if (!recentFolders_.isEmpty()) {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("Clear List"), this, [this] {
            recentFolders_.clear();
            rebuildRecentMenu();
        });
    }
    recentMenu_->setEnabled(!recentFolders_.isEmpty());
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
    settings.setValue("recentFolders", recentFolders_);
    settings.beginGroup("playground");
    playground_->saveSettings(settings);
    settings.endGroup();
    settings.beginGroup("pairs");
    pairs_->saveSettings(settings);
    settings.endGroup();
}

void MainWindow::restoreSettings() {
    QSettings settings;
    settings.beginGroup("mainWindow");
    if (!restoreGeometry(settings.value("geometry").toByteArray())) resize(1200, 800);
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

    recentFolders_ = settings.value("recentFolders").toStringList();
    rebuildRecentMenu();
    settings.beginGroup("playground");
    playground_->restoreSettings(settings);
    settings.endGroup();
    settings.beginGroup("pairs");
    pairs_->restoreSettings(settings);
    settings.endGroup();
}

void MainWindow::addPairsPanel() {
    pairs_ = new PairsPanel(this);
    pairs_->setObjectName("pairs");
    addPanel(pairs_, tr("Pairs"), pairs_->jobBridge());
    // Search, token counts and export run on the panel's second bridge.
    connect(pairs_->workBridge(), &JobBridge::started, this,
            [this] { jobArea_->follow(pairs_->workBridge()); });
    connect(pairs_, &PairsPanel::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, kStatusMessageMs); });
    connect(pairs_, &PairsPanel::fileOpened, this, [this] { tabs_->setCurrentWidget(pairs_); });

    // File > Open Pairs File… and the recent pairs files, after the model folder entries.
    const QList<QAction*> fileActions = fileMenu_->actions();
    QAction* before = fileActions.value(fileActions.indexOf(recentMenu_->menuAction()) + 1);
    QAction* open = new QAction(tr("Open &Pairs File…"), this);
    open->setObjectName("openPairsAction");
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(open, &QAction::triggered, this, [this] {
        tabs_->setCurrentWidget(pairs_);
        pairs_->browseForFile();
    });
    fileMenu_->insertAction(before, open);
    fileMenu_->insertMenu(before, pairs_->recentFilesMenu());

    // The browsing keys, listed where they can be found; they act while the pairs panel has the focus.
    QMenu* menu = new QMenu(tr("&Pairs"), this);
    menu->addActions(pairs_->browseActions());
    menuBar()->insertMenu(menuBar()->actions().value(menuBar()->actions().size() - 1), menu);
}

void MainWindow::openPairsFile(const QString& path) {
    tabs_->setCurrentWidget(pairs_);
    pairs_->openFile(path);
}
