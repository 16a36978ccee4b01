#pragma once
// Launching a synthesis run over a whole raw corpus from the workbench: the dialog that asks for it and
// the job that runs it. The job is `ipt synth rules` (the rule-based miner) or `ipt synth run` (a
// synthesizer model folder, or an OpenAI-compatible endpoint with the synthesizer's tokenizer) through
// the same core calls, so the pairs file is the same, a stopped run resumes when launched again with
// the same settings, and the finished run is filed in the workspace as the command line files it.
#include <QString>

#include <memory>

#include "ipt/jobs/job.h"
#include "ipt/serve/completions_client.h"
#include "ipt/synth/synthesizer.h"
#include "launch/launch_dialog.h"
#include "launch/launched_job.h"

class SynthesizerEndpointForm;
class QComboBox;
class QLineEdit;
class QSpinBox;

struct SynthesisLaunch {
    QString input;  // raw corpus: .jsonl (with `textField`) or .txt
    QString textField = QStringLiteral("text");
    QString synthesizer;  // model folder; empty (and no endpoint): the rule-based miner
    // base_url set: generate through this server, with `tokenizer` (the synthesizer's tokenizer file,
    // or the folder holding it) fitting prompts to `endpointContext` tokens.
    ipt::EndpointSettings endpoint;
    QString tokenizer;
    int endpointContext = int(ipt::SynthesizerOptions{}.context);
    int maxNewTokens = 400;
    int rounds = 2;
    QString output;  // the pairs file
    QString name;    // the run's name in the workspace; empty: the output's name
};

class SynthesisLaunchDialog : public LaunchDialog {
    Q_OBJECT

  public:
    // `workspace` (may be empty) decides where the pairs file goes by default: its pairs/ folder.
    SynthesisLaunchDialog(const QString& workspace, const SynthesisLaunch& previous,
                          QWidget* parent = nullptr);

    SynthesisLaunch launch() const;
    void setLaunch(const SynthesisLaunch& launch);
    QString problem() const override;

  private:
    void suggestOutput();
    void updateMethod();

    QString workspace_;
    QLineEdit* input_;
    QLineEdit* textField_;
    QComboBox* method_;
    QLineEdit* synthesizer_;
    SynthesizerEndpointForm* endpoint_;
    QWidget* endpointBox_;
    QSpinBox* maxNewTokens_;
    QSpinBox* rounds_;
    QLineEdit* output_;
    QLineEdit* name_;
    bool outputEdited_ = false;
};

// The job: runs the launch and files it in the workspace at `workspaceRoot` (empty: nothing is filed).
// `outcome` is filled on the job's thread before the job returns.
ipt::Job::Work synthesisJob(const SynthesisLaunch& launch, const std::string& workspaceRoot,
                            std::shared_ptr<LaunchedJobOutcome> outcome);
