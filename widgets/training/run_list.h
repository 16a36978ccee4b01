#pragma once
// The training panel's list of runs: name, status, last step, last loss and directory, with a check
// box per run that puts it on the plot. Rows are keyed by run name and updated in place, so a refresh
// keeps the user's checks and selection.
#include <QString>
#include <QStringList>
#include <QTreeWidget>

#include "ipt/runs/run_kind.h"

struct RunRow {
    QString name;
    ipt::RunStatus status = ipt::RunStatus::unknown;
    bool trainingHere = false;  // a job of this workbench trains it now
    QString directory;
    qint64 lastStep = -1;  // -1: none logged yet
    double lastLoss = 0;
    bool hasLoss = false;
};

class RunList : public QTreeWidget {
    Q_OBJECT

  public:
    explicit RunList(QWidget* parent = nullptr);

    // Adds the row or updates it; a new row starts checked when `checkNew` is set.
    void setRow(const RunRow& row, bool checkNew);
    void removeRow(const QString& name);
    bool hasRow(const QString& name) const { return item(name) != nullptr; }
    // Core's name of the row's status (run_kind.h), or "training" while it trains here.
    QString status(const QString& name) const;
    QString directory(const QString& name) const;
    QStringList names() const;
    QStringList checkedRuns() const;
    void setChecked(const QString& name, bool checked);
    QString selectedRun() const;
    void selectRun(const QString& name);

  signals:
    void checkToggled(const QString& name, bool checked);

  private:
    enum Column { NameColumn, StatusColumn, StepColumn, LossColumn, DirectoryColumn };
    QTreeWidgetItem* item(const QString& name) const;
};
