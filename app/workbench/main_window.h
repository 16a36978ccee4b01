#pragma once
// The workbench's main window: the house the panels live in (one tab each), the jobs dock, the menus
// that reach them, the workspace they show, the settings kept between sessions, and the status bar
// that follows the running job.
//
// Adding a panel: a QWidget that is also a Panel (common/panel.h); construct it in createPanels() and
// register it there with addPanel() (a tab, a View-menu toggle, a Go-menu shortcut, its job bridge
// followed in the status bar and the jobs dock, its settings kept under its object name, the workspace
// handed to it), or a plain widget with addDock().
//
// Workspaces: opening a folder that is not a workspace asks before creating one there; the workspace
// remembered between sessions changes only when another opens.
#include <QList>
#include <QMainWindow>
#include <QStringList>

#include <functional>
#include <memory>

class EmbeddingsPanel;
class JobBridge;
class JobLauncher;
class JobStatusArea;
class JobsList;
class PairsPanel;
class Panel;
class SynthesisPlayground;
class PlaygroundPanel;
class QDockWidget;
class QMenu;
class QMessageBox;
class QTabWidget;
class QTimer;
class RecentList;
class ResultsPanel;
class TrainingPanel;

namespace ipt {
class Workspace;
}

class MainWindow : public QMainWindow {
    Q_OBJECT

  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    PlaygroundPanel* playground() const { return playground_; }
    PairsPanel* pairs() const { return pairs_; }
    SynthesisPlayground* synthesis() const { return synthesis_; }
    TrainingPanel* training() const { return training_; }
    ResultsPanel* results() const { return results_; }
    EmbeddingsPanel* embeddings() const { return embeddings_; }
    JobsList* jobsList() const { return jobsList_; }
    // Synthesis and vocabulary expansion over whole files (the Run menu).
    JobLauncher* launcher() const { return launcher_; }
    QString workspace() const;
    const std::shared_ptr<ipt::Workspace>& currentWorkspace() const { return workspace_; }
    // Asked before a folder without workspace.db becomes a workspace; answers whether to create it.
    // By default a question box; tests and scripted starts set their own.
    void setCreateWorkspaceQuestion(std::function<bool(const QString& folder)> ask);

    // Renders every panel (and the whole window) to PNG files in `folder`, named by the panels' object
    // names. Returns the files written; throws ipt::FileError when one cannot be written.
    QStringList saveScreenshots(const QString& folder);

    // The demo workspace that scripts/run builds beside the binary (build/demo/workspace), or "".
    static QString demoWorkspace();
    // The workspace to open at start: the last one opened, else (first start) the demo workspace.
    static QString startupWorkspace();

  public slots:
    void openModelFolder(const QString& folder);
    // Switches to the pairs browser and opens `path` there.
    void openPairsFile(const QString& path);
    // Opens the workspace in `folder` and shows it in every panel. A folder without workspace.db
    // becomes a workspace only when the question says yes. False (nothing changed) after showing why.
    bool openWorkspace(const QString& folder);
    void browseForWorkspace();
    void reloadWorkspace();
    void showSettings();
    // A message box that does not block (several errors update one box), plus the status bar.
    void showError(const QString& message);

  protected:
    void closeEvent(QCloseEvent* event) override;

  private:
    void createPanels();
    template <typename P>
    void addPanel(P* panel, const QString& title, JobBridge* bridge) {
        addPanelWidget(panel, panel, title, bridge);
    }
    void addPanelWidget(QWidget* widget, Panel* panel, const QString& title, JobBridge* bridge);
    QDockWidget* addDock(QWidget* widget, const QString& title, Qt::DockWidgetArea area);
    void trackJobs(JobBridge* bridge);
    void createMenus();
    void createRunMenu();
    void checkWorkspaceChanges();
    void showAbout();
    void saveSettings();
    void restoreSettings();
    void showStatus(const QString& message);

    QTabWidget* tabs_;
    JobStatusArea* jobArea_;
    JobsList* jobsList_ = nullptr;
    PlaygroundPanel* playground_ = nullptr;
    PairsPanel* pairs_ = nullptr;
    SynthesisPlayground* synthesis_ = nullptr;
    TrainingPanel* training_ = nullptr;
    ResultsPanel* results_ = nullptr;
    EmbeddingsPanel* embeddings_ = nullptr;
    JobLauncher* launcher_ = nullptr;
    QMenu* fileMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* goMenu_ = nullptr;
    QAction* openPairsBefore_ = nullptr;
    QMessageBox* errorBox_ = nullptr;
    RecentList* recentWorkspaces_ = nullptr;
    RecentList* recentModels_ = nullptr;
    RecentList* recentConfigs_ = nullptr;
    RecentList* recentExpansions_ = nullptr;
    struct PanelEntry {
        QWidget* widget;
        Panel* panel;
    };
    QList<PanelEntry> panels_;
    std::function<bool(const QString&)> askCreate_;

    std::shared_ptr<ipt::Workspace> workspace_;
    JobBridge* workspaceJob_;  // indexes run directories that appeared in the workspace
    QTimer* watchTimer_;
    QString runsSignature_, expansionsSignature_;
};
