#pragma once
// The jobs dock: every job any panel started in this session, newest first, with its stage, progress
// and outcome, and a button that cancels the selected one. Panels own their bridges; this list only
// watches them, so a bridge that goes away leaves its finished rows behind.
#include <QHash>
#include <QPointer>
#include <QWidget>

class JobBridge;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

class JobsList : public QWidget {
    Q_OBJECT

  public:
    explicit JobsList(QWidget* parent = nullptr);

    // Adds a row each time `bridge` starts a job. Watching the same bridge twice is harmless.
    void track(JobBridge* bridge);

    int rowCount() const;
    // Column texts of row `row` (0 = newest): name, status, progress.
    QStringList rowTexts(int row) const;
    void selectRow(int row);

  public slots:
    void cancelSelected();
    void clearFinished();

  private:
    enum Column { NameColumn, StatusColumn, ProgressColumn };

    void addRow(JobBridge* bridge, const QString& name);
    void setOutcome(JobBridge* bridge, const QString& status);
    void updateButtons();

    QTreeWidget* tree_;
    QPushButton* cancel_;
    QPushButton* clear_;
    // The row of each bridge's running job; removed when it ends.
    QHash<JobBridge*, QTreeWidgetItem*> running_;
    QHash<QTreeWidgetItem*, QPointer<JobBridge>> bridges_;
};
