#pragma once
// Launching a vocabulary expansion from the workbench: the dialog that asks for it and the job that runs
// it, `ipt vocab expand` through the same core call (expand_vocabulary), filed in the workspace as the
// command line files it. The expansion folder then opens in the embeddings panel.
#include <QList>
#include <QString>

#include <memory>
#include <vector>

#include "ipt/jobs/job.h"
#include "ipt/vocab/embedding_initializer.h"
#include "launch/launch_dialog.h"
#include "launch/launched_job.h"

class QCheckBox;
class QLineEdit;
class QSpinBox;

struct ExpansionLaunch {
    QString model;      // the source model folder
    QString tokenizer;  // its tokenizer file; empty: the folder's
    QString corpus;     // target-language text: .txt or .jsonl
    int newTokens = 100;
    std::vector<ipt::InitMethod> methods{ipt::InitMethod::Mean};
    bool lapt = true;  // also write the LAPT data and a training config per method
    QString output;    // the expansion folder (must not exist yet, or be empty)
    QString name;      // the run's name in the workspace; empty: the folder's name
};

class ExpansionLaunchDialog : public LaunchDialog {
    Q_OBJECT

  public:
    // `workspace` (may be empty) decides where the expansion goes by default: its vocab/ folder.
    ExpansionLaunchDialog(const QString& workspace, const ExpansionLaunch& previous,
                          QWidget* parent = nullptr);

    ExpansionLaunch launch() const;
    void setLaunch(const ExpansionLaunch& launch);
    QString problem() const override;

  private:
    void suggestOutput();

    QString workspace_;
    QLineEdit* model_;
    QLineEdit* tokenizer_;
    QLineEdit* corpus_;
    QSpinBox* newTokens_;
    QList<QCheckBox*> methods_;  // in all_init_methods() order
    QCheckBox* lapt_;
    QLineEdit* output_;
    QLineEdit* name_;
    bool outputEdited_ = false;
};

// The job: expands, then files the expansion in the workspace at `workspaceRoot` (empty: nothing is
// filed). `outcome` is filled on the job's thread before the job returns.
ipt::Job::Work expansionJob(const ExpansionLaunch& launch, const std::string& workspaceRoot,
                            std::shared_ptr<LaunchedJobOutcome> outcome);
