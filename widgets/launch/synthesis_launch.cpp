#include "launch/synthesis_launch.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <filesystem>

#include "common/endpoint_settings_form.h"
#include "common/local_path.h"
#include "ipt/model/sampling.h"
#include "ipt/serve/synthesis_backend.h"
#include "ipt/synth/synth_run.h"
#include "launch/browse_row.h"
#include "synth/synthesizer_endpoint_form.h"

namespace {

enum Method { RulesMethod, SynthesizerMethod, EndpointMethod };

}  // namespace

SynthesisLaunchDialog::SynthesisLaunchDialog(const QString& workspace, const SynthesisLaunch& previous,
                                             QWidget* parent)
    : LaunchDialog(parent), workspace_(workspace) {
    setObjectName("synthesisLaunchDialog");
    setWindowTitle(tr("Synthesize Pairs"));
    input_ = new QLineEdit(this);
    input_->setObjectName("launchInput");
    input_->setPlaceholderText(tr("raw corpus: .jsonl or .txt"));
    textField_ = new QLineEdit(this);
    textField_->setObjectName("launchTextField");
    method_ = new QComboBox(this);
    method_->setObjectName("launchMethod");
    method_->addItem(tr("Rule-based miner"));
    method_->addItem(tr("Synthesizer model"));
    method_->addItem(tr("Endpoint (OpenAI-compatible completions server)"));
    synthesizer_ = new QLineEdit(this);
    synthesizer_->setObjectName("launchSynthesizer");
    synthesizer_->setPlaceholderText(tr("Hugging Face model folder"));
    endpoint_ = new SynthesizerEndpointForm(this);
    endpoint_->setObjectName("launchEndpoint");
    endpointBox_ = new QGroupBox(tr("Endpoint"), this);
    auto* endpointLayout = new QVBoxLayout(endpointBox_);
    endpointLayout->setContentsMargins(0, 0, 0, 0);
    endpointLayout->addWidget(endpoint_);
    maxNewTokens_ = new QSpinBox(this);
    maxNewTokens_->setObjectName("launchMaxNewTokens");
    maxNewTokens_->setRange(1, 32768);
    rounds_ = new QSpinBox(this);
    rounds_->setObjectName("launchRounds");
    rounds_->setRange(1, 16);
    rounds_->setToolTip(
        tr("Multi-round chaining: 2 for general corpora, 3 for domain corpora (the paper's M)"));
    output_ = new QLineEdit(this);
    output_->setObjectName("launchOutput");
    name_ = new QLineEdit(this);
    name_->setObjectName("launchName");
    name_->setPlaceholderText(tr("the output's name"));

    QFormLayout* form = this->form();
    form->addRow(tr("Raw corpus:"), browseRow(input_, this, [this] {
                     const QString file =
                         QFileDialog::getOpenFileName(this, tr("Raw Corpus"), input_->text(),
                                                      tr("Corpora (*.jsonl *.txt);;All files (*)"));
                     if (!file.isEmpty()) input_->setText(file);
                 }));
    form->addRow(tr("Text field:"), textField_);
    form->addRow(tr("Method:"), method_);
    form->addRow(tr("Synthesizer:"), browseRow(synthesizer_, this, [this] {
                     const QString folder = QFileDialog::getExistingDirectory(this, tr("Synthesizer Model"));
                     if (!folder.isEmpty()) synthesizer_->setText(folder);
                 }));
    form->addRow(endpointBox_);
    form->addRow(tr("Max new tokens:"), maxNewTokens_);
    form->addRow(tr("Rounds:"), rounds_);
    form->addRow(tr("Pairs file:"), browseRow(output_, this, [this] {
                     const QString file = QFileDialog::getSaveFileName(
                         this, tr("Pairs File"), output_->text(), tr("Pairs files (*.jsonl)"));
                     if (!file.isEmpty()) output_->setText(file);
                 }));
    form->addRow(tr("Run name:"), name_);

    setLaunch(previous);
    connect(input_, &QLineEdit::textChanged, this, &SynthesisLaunchDialog::suggestOutput);
    connect(output_, &QLineEdit::textEdited, this, [this] { outputEdited_ = true; });
    connect(method_, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &SynthesisLaunchDialog::updateMethod);
}

void SynthesisLaunchDialog::setLaunch(const SynthesisLaunch& launch) {
    input_->setText(launch.input);
    textField_->setText(launch.textField);
    method_->setCurrentIndex(!launch.endpoint.base_url.empty() ? EndpointMethod
                             : launch.synthesizer.isEmpty()    ? RulesMethod
                                                               : SynthesizerMethod);
    synthesizer_->setText(launch.synthesizer);
    endpoint_->endpoint()->setSettings(launch.endpoint);
    endpoint_->setTokenizer(launch.tokenizer);
    endpoint_->setContext(launch.endpointContext);
    maxNewTokens_->setValue(launch.maxNewTokens);
    rounds_->setValue(launch.rounds);
    output_->setText(launch.output);
    outputEdited_ = !launch.output.isEmpty();
    name_->setText(launch.name);
    if (launch.output.isEmpty()) suggestOutput();
    updateMethod();
}

SynthesisLaunch SynthesisLaunchDialog::launch() const {
    SynthesisLaunch launch;
    launch.input = input_->text().trimmed();
    launch.textField = textField_->text().trimmed();
    if (method_->currentIndex() == SynthesizerMethod) launch.synthesizer = synthesizer_->text().trimmed();
    if (method_->currentIndex() == EndpointMethod) {
        launch.endpoint = endpoint_->endpoint()->settings();
        launch.tokenizer = endpoint_->tokenizer();
    }
    launch.endpointContext = endpoint_->context();
    launch.maxNewTokens = maxNewTokens_->value();
    launch.rounds = rounds_->value();
    launch.output = output_->text().trimmed();
    launch.name = name_->text().trimmed();
    return launch;
}

// The pairs file goes to the workspace's pairs/ folder (where the pairs panel finds it) under the
// corpus's name, until the user types another.
void SynthesisLaunchDialog::suggestOutput() {
    if (outputEdited_) return;
    const QFileInfo input(input_->text().trimmed());
    if (input.fileName().isEmpty()) return;
    const QString folder = workspace_.isEmpty() ? input.absolutePath() : QDir(workspace_).filePath("pairs");
    output_->setText(QDir(folder).filePath(input.completeBaseName() + ".pairs.jsonl"));
}

void SynthesisLaunchDialog::updateMethod() {
    const bool folder = method_->currentIndex() == SynthesizerMethod;
    const bool endpoint = method_->currentIndex() == EndpointMethod;
    synthesizer_->setEnabled(folder);
    endpointBox_->setVisible(endpoint);
    maxNewTokens_->setEnabled(folder || endpoint);
    rounds_->setEnabled(folder || endpoint);
    adjustSize();
}

QString SynthesisLaunchDialog::problem() const {
    const SynthesisLaunch l = launch();
    if (l.input.isEmpty()) return tr("Raw corpus: choose the file to synthesize pairs for.");
    if (!QFileInfo(l.input).isFile())
        return tr("Raw corpus: %1 is not a file.").arg(QDir::toNativeSeparators(l.input));
    if (l.textField.isEmpty()) return tr("Text field: give the JSONL field that holds the text.");
    if (method_->currentIndex() == SynthesizerMethod) {
        if (l.synthesizer.isEmpty()) return tr("Synthesizer: choose a model folder.");
        if (!QFileInfo::exists(QDir(l.synthesizer).filePath("config.json")))
            return tr("Synthesizer: %1 has no config.json.").arg(QDir::toNativeSeparators(l.synthesizer));
    }
    if (method_->currentIndex() == EndpointMethod) {
        const QString endpoint = endpoint_->problem();
        if (!endpoint.isEmpty()) return endpoint;
    }
    if (l.output.isEmpty()) return tr("Pairs file: give where the pairs go.");
    if (QFileInfo(l.output).absoluteFilePath() == QFileInfo(l.input).absoluteFilePath())
        return tr("Pairs file: it would overwrite the raw corpus.");
    return runNameProblem(l.name);
}

ipt::Job::Work synthesisJob(const SynthesisLaunch& launch, const std::string& workspaceRoot,
                            std::shared_ptr<LaunchedJobOutcome> outcome) {
    return [launch, workspaceRoot, outcome](const ipt::ProgressSink& progress,
                                            const ipt::CancelToken& cancel) {
        const auto started = std::chrono::system_clock::now();
        const std::string input = localPath(launch.input), output = localPath(launch.output);
        std::filesystem::create_directories(std::filesystem::path(output).parent_path());
        ipt::Workspace::FinishedJob job;
        job.name = launch.name.toStdString();
        job.kind = ipt::RunKind::synth;
        job.output = output;
        job.started = started;
        if (launch.synthesizer.isEmpty() && launch.endpoint.base_url.empty()) {
            const ipt::RulesRunReport r =
                ipt::run_rule_mining(input, output, launch.textField.toStdString(), progress, cancel);
            job.summary = ipt::summarize_rule_mining(input, r);
            outcome->summary =
                QObject::tr("%1 records, %2 pairs mined").arg(qulonglong(r.records)).arg(qulonglong(r.pairs));
        } else {
            // The settings `ipt synth run` uses by default: greedy decoding; an endpoint's context as given.
            ipt::SynthRunOptions options;
            options.input = input;
            options.output = output;
            options.text_field = launch.textField.toStdString();
            options.synthesizer.max_new_tokens = launch.maxNewTokens;
            options.synthesizer.rounds = launch.rounds;
            if (!launch.endpoint.base_url.empty()) options.synthesizer.context = launch.endpointContext;
            ipt::SynthesisBackendSpec spec;
            spec.folder = localPath(launch.synthesizer);
            spec.endpoint = launch.endpoint;
            spec.tokenizer = localPath(launch.tokenizer);
            spec.context = options.synthesizer.context;
            spec.sampling = ipt::sampling_for_temperature(0.0f, 1.0f, 0, 0);
            ipt::report(progress,
                        spec.endpoint.base_url.empty() ? "loading synthesizer" : "loading tokenizer", 0, 0);
            const ipt::SynthesisBackend backend = ipt::open_synthesis_backend(spec);
            cancel.throw_if_cancelled();
            options.model_name = backend.model_name;
            options.settings_json = ipt::synthesis_settings_json(options.synthesizer, spec.sampling);
            const ipt::SynthRunReport r = ipt::run_synthesis(options, backend.model(), progress, cancel);
            outcome->output = launch.output;
            if (r.already_complete) {  // nothing new to file, as on the command line
                outcome->summary = QObject::tr("%1 was already complete").arg(launch.output);
                return;
            }
            job.summary = ipt::summarize_synthesis(options, r);
            job.parent_model = spec.folder;
            job.status = r.complete ? ipt::RunStatus::finished : ipt::RunStatus::stopped;
            outcome->summary = QObject::tr("%1 records, %2 pairs made in this run")
                                   .arg(qulonglong(r.records))
                                   .arg(qlonglong(r.counters.pairs));
        }
        outcome->output = launch.output;
        outcome->filedAs = QString::fromStdString(fileFinishedJob(workspaceRoot, job));
    };
}
