#include "launch/job_launcher.h"

#include <QFileInfo>

#include "common/job_bridge.h"
#include "common/local_path.h"

JobLauncher::JobLauncher(QObject* parent) : QObject(parent) {
    synthesis_ = new JobBridge(this);
    synthesis_->setObjectName("synthesisJobs");
    expansion_ = new JobBridge(this);
    expansion_->setObjectName("expansionJobs");
}

bool JobLauncher::startSynthesis(const SynthesisLaunch& launch, const QString& workspace) {
    lastSynthesis_ = launch;
    auto outcome = std::make_shared<LaunchedJobOutcome>();
    const QString title = tr("Synthesizing %1").arg(QFileInfo(launch.input).fileName());
    return start(synthesis_, title,
                 synthesisJob(launch, workspace.isEmpty() ? "" : localPath(workspace), outcome), outcome);
}

bool JobLauncher::startExpansion(const ExpansionLaunch& launch, const QString& workspace) {
    lastExpansion_ = launch;
    auto outcome = std::make_shared<LaunchedJobOutcome>();
    const QString title = tr("Expanding the vocabulary for %1").arg(QFileInfo(launch.corpus).fileName());
    return start(expansion_, title,
                 expansionJob(launch, workspace.isEmpty() ? "" : localPath(workspace), outcome), outcome);
}

bool JobLauncher::start(JobBridge* bridge, const QString& title, ipt::Job::Work work,
                        const std::shared_ptr<LaunchedJobOutcome>& outcome) {
    if (bridge->isRunning()) {
        emit statusMessage(tr("%1 is still running").arg(bridge->jobName()));
        return false;
    }
    return bridge->start(title, std::move(work), [this, bridge, outcome] {
        QString message = outcome->summary;
        if (!outcome->filedAs.isEmpty()) {
            message += tr("; filed as %1").arg(outcome->filedAs);
            emit jobFiled(outcome->filedAs);
        }
        emit statusMessage(message);
        if (bridge == expansion_)
            emit expansionWritten(outcome->output);
        else
            emit pairsWritten(outcome->output);
    });
}

void JobLauncher::askSynthesis(QWidget* parent, const QString& workspace) {
    SynthesisLaunchDialog dialog(workspace, lastSynthesis_, parent);
    if (dialog.exec() == QDialog::Accepted) startSynthesis(dialog.launch(), workspace);
}

void JobLauncher::askExpansion(QWidget* parent, const QString& workspace) {
    ExpansionLaunchDialog dialog(workspace, lastExpansion_, parent);
    if (dialog.exec() == QDialog::Accepted) startExpansion(dialog.launch(), workspace);
}
