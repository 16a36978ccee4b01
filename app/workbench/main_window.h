#pragma once
// The workbench's main window: the house the panels live in (one tab each), the menus that reach
// them, the settings kept between sessions, and the status bar that follows the running job.
#include <QMainWindow>
#include <QStringList>

class JobBridge;
class JobStatusArea;
class PairsPanel;
class PlaygroundPanel;
class QMenu;
class QTabWidget;

class MainWindow : public QMainWindow {
    Q_OBJECT

  public:
    explicit MainWindow(QWidget* parent = nullptr);

    PlaygroundPanel* playground() const { return playground_; }
    PairsPanel* pairs() const { return pairs_; }

  public slots:
    void openModelFolder(const QString& folder);
    void openPairsFile(const QString& path);

  protected:
    void closeEvent(QCloseEvent* event) override;

  private:
    void addPanel(QWidget* panel, const QString& title, JobBridge* bridge);
    void createMenus();
    void rememberFolder(const QString& folder);
    void rebuildRecentMenu();
    void showAbout();
    void saveSettings();
    void restoreSettings();
    void addPairsPanel();

    QTabWidget* tabs_;
    JobStatusArea* jobArea_;
    PlaygroundPanel* playground_;
    PairsPanel* pairs_ = nullptr;
    QMenu* fileMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QStringList recentFolders_;
};
