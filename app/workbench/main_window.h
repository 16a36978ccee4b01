#pragma once
// The workbench's main window: the house the panels live in (one tab each), the jobs dock, the menus
// that reach them, the workspace they show, the settings kept between sessions, and the status bar
// that follows the running job.
//
// Adding a panel: construct it in createPanels() and register it there with addPanel() (a tab, a
// View-menu toggle, a Go-menu shortcut, its job bridge followed in the status bar and the jobs dock) or
// addDock() (a dock widget with a View-menu toggle); then save and restore its settings under its
// object name in saveSettings() / restoreSettings().
#include <QMainWindow>
#include <QStringList>

#include <memory>

class EmbeddingsPanel;
class JobBridge;
class JobStatusArea;
class JobsList;
class PairsPanel;
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
class RunStore;
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
    QString workspace() const { return workspace_; }

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
    // Opens (creating when needed) the workspace index in `folder` and shows it in every panel.
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
    void addPanel(QWidget* panel, const QString& title, JobBridge* bridge);
    QDockWidget* addDock(QWidget* widget, const QString& title, Qt::DockWidgetArea area);
    void trackJobs(JobBridge* bridge);
    void createMenus();
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
    QMenu* fileMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* goMenu_ = nullptr;
    QAction* openPairsBefore_ = nullptr;
    QMessageBox* errorBox_ = nullptr;
    RecentList* recentWorkspaces_ = nullptr;
    RecentList* recentModels_ = nullptr;
    RecentList* recentConfigs_ = nullptr;
    RecentList* recentExpansions_ = nullptr;

    QString workspace_;
    std::shared_ptr<ipt::RunStore> store_;
    JobBridge* workspaceJob_;  // indexes run directories that appeared in the workspace
    QTimer* watchTimer_;
    QString runsSignature_, expansionsSignature_;
};
