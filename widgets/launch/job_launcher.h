#pragma once
// Starts the jobs the workbench launches over whole files (synthesis, vocabulary expansion), each kind
// on its own job bridge so a long synthesis does not keep an expansion waiting, and says what came of
// them: where the output is, and under which name the workspace filed it. The main window owns one and
// wires its signals to the panels that show the outputs.
#include <QObject>
#include <QString>

#include "launch/expansion_launch.h"
#include "launch/synthesis_launch.h"

class JobBridge;
class QWidget;

class JobLauncher : public QObject {
    Q_OBJECT

  public:
    explicit JobLauncher(QObject* parent = nullptr);

    JobBridge* synthesisBridge() const { return synthesis_; }
    JobBridge* expansionBridge() const { return expansion_; }
    // The launches started last (what the dialogs offer next time: launching the same synthesis again
    // resumes it).
    const SynthesisLaunch& lastSynthesis() const { return lastSynthesis_; }
    const ExpansionLaunch& lastExpansion() const { return lastExpansion_; }

    // Starts the job; the finished job is filed in the workspace at `workspace` (empty: none). False
    // when a job of that kind is still running (said through statusMessage).
    bool startSynthesis(const SynthesisLaunch& launch, const QString& workspace);
    bool startExpansion(const ExpansionLaunch& launch, const QString& workspace);

    // Asks with the dialog over `parent`, then starts what was asked for.
    void askSynthesis(QWidget* parent, const QString& workspace);
    void askExpansion(QWidget* parent, const QString& workspace);

  signals:
    void pairsWritten(const QString& path);
    void expansionWritten(const QString& folder);
    // A job was filed in the workspace under `name`.
    void jobFiled(const QString& name);
    void statusMessage(const QString& message);

  private:
    bool start(JobBridge* bridge, const QString& title, ipt::Job::Work work,
               const std::shared_ptr<LaunchedJobOutcome>& outcome);

    JobBridge* synthesis_;
    JobBridge* expansion_;
    SynthesisLaunch lastSynthesis_;
    ExpansionLaunch lastExpansion_;
};
