#include "launch/expansion_launch.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>

#include <algorithm>

#include "common/local_path.h"
#include "ipt/vocab/expansion.h"
#include "launch/browse_row.h"

ExpansionLaunchDialog::ExpansionLaunchDialog(const QString& workspace, const ExpansionLaunch& previous,
                                             QWidget* parent)
    : LaunchDialog(parent), workspace_(workspace) {
    setObjectName("expansionLaunchDialog");
    setWindowTitle(tr("Expand Vocabulary"));
    model_ = new QLineEdit(this);
    model_->setObjectName("launchModel");
    model_->setPlaceholderText(tr("source Hugging Face model folder"));
    tokenizer_ = new QLineEdit(this);
    tokenizer_->setObjectName("launchTokenizer");
    tokenizer_->setPlaceholderText(tr("the model folder's"));
    corpus_ = new QLineEdit(this);
    corpus_->setObjectName("launchCorpus");
    corpus_->setPlaceholderText(tr("target-language text: .txt or .jsonl"));
    newTokens_ = new QSpinBox(this);
    newTokens_->setObjectName("launchNewTokens");
    newTokens_->setRange(1, 1000000);
    newTokens_->setToolTip(
        tr("k: the target language's most frequent new pieces added to the source tokenizer"));
    auto* methods = new QWidget(this);
    auto* methodsLayout = new QHBoxLayout(methods);
    methodsLayout->setContentsMargins(0, 0, 0, 0);
    for (ipt::InitMethod m : ipt::all_init_methods()) {
        auto* box = new QCheckBox(QString::fromUtf8(ipt::init_method_name(m)), methods);
        box->setObjectName(QStringLiteral("launchMethod_%1").arg(ipt::init_method_name(m)));
        methodsLayout->addWidget(box);
        methods_.append(box);
    }
    lapt_ = new QCheckBox(tr("Also write the adaptation (LAPT) data and configs"), this);
    lapt_->setObjectName("launchLapt");
    output_ = new QLineEdit(this);
    output_->setObjectName("launchOutput");
    name_ = new QLineEdit(this);
    name_->setObjectName("launchName");
    name_->setPlaceholderText(tr("the folder's name"));

    QFormLayout* form = this->form();
    form->addRow(tr("Source model:"), browseRow(model_, this, [this] {
                     const QString folder = QFileDialog::getExistingDirectory(this, tr("Source Model"));
                     if (!folder.isEmpty()) model_->setText(folder);
                 }));
    form->addRow(tr("Tokenizer:"), browseRow(tokenizer_, this, [this] {
                     const QString file = QFileDialog::getOpenFileName(
                         this, tr("Tokenizer"), {}, tr("Tokenizers (tokenizer.json *.model);;All files (*)"));
                     if (!file.isEmpty()) tokenizer_->setText(file);
                 }));
    form->addRow(tr("Target corpus:"), browseRow(corpus_, this, [this] {
                     const QString file = QFileDialog::getOpenFileName(
                         this, tr("Target Corpus"), {}, tr("Corpora (*.txt *.jsonl);;All files (*)"));
                     if (!file.isEmpty()) corpus_->setText(file);
                 }));
    form->addRow(tr("New tokens:"), newTokens_);
    form->addRow(tr("Initialisations:"), methods);
    form->addRow(QString(), lapt_);
    form->addRow(tr("Expansion folder:"), browseRow(output_, this, [this] {
                     const QString folder = QFileDialog::getExistingDirectory(this, tr("Expansion Folder"));
                     if (!folder.isEmpty()) output_->setText(folder);
                 }));
    form->addRow(tr("Run name:"), name_);

    setLaunch(previous);
    connect(corpus_, &QLineEdit::textChanged, this, &ExpansionLaunchDialog::suggestOutput);
    connect(newTokens_, qOverload<int>(&QSpinBox::valueChanged), this, &ExpansionLaunchDialog::suggestOutput);
    connect(output_, &QLineEdit::textEdited, this, [this] { outputEdited_ = true; });
}

void ExpansionLaunchDialog::setLaunch(const ExpansionLaunch& launch) {
    model_->setText(launch.model);
    tokenizer_->setText(launch.tokenizer);
    corpus_->setText(launch.corpus);
    newTokens_->setValue(launch.newTokens);
    const std::vector<ipt::InitMethod> all = ipt::all_init_methods();
    for (size_t i = 0; i < all.size(); ++i)
        methods_[int(i)]->setChecked(std::find(launch.methods.begin(), launch.methods.end(), all[i]) !=
                                     launch.methods.end());
    lapt_->setChecked(launch.lapt);
    output_->setText(launch.output);
    outputEdited_ = !launch.output.isEmpty();
    name_->setText(launch.name);
    if (launch.output.isEmpty()) suggestOutput();
}

ExpansionLaunch ExpansionLaunchDialog::launch() const {
    ExpansionLaunch launch;
    launch.model = model_->text().trimmed();
    launch.tokenizer = tokenizer_->text().trimmed();
    launch.corpus = corpus_->text().trimmed();
    launch.newTokens = newTokens_->value();
    launch.methods.clear();
    const std::vector<ipt::InitMethod> all = ipt::all_init_methods();
    for (size_t i = 0; i < all.size(); ++i)
        if (methods_[int(i)]->isChecked()) launch.methods.push_back(all[i]);
    launch.lapt = lapt_->isChecked();
    launch.output = output_->text().trimmed();
    launch.name = name_->text().trimmed();
    return launch;
}

// The expansion goes to the workspace's vocab/ folder (where the embeddings panel finds it), named by
// the corpus and k, until the user types another.
void ExpansionLaunchDialog::suggestOutput() {
    if (outputEdited_) return;
    const QFileInfo corpus(corpus_->text().trimmed());
    if (corpus.fileName().isEmpty()) return;
    const QString folder = workspace_.isEmpty() ? corpus.absolutePath() : QDir(workspace_).filePath("vocab");
    output_->setText(QDir(folder).filePath(
        QStringLiteral("%1.k%2").arg(corpus.completeBaseName()).arg(newTokens_->value())));
}

QString ExpansionLaunchDialog::problem() const {
    const ExpansionLaunch l = launch();
    if (l.model.isEmpty()) return tr("Source model: choose a model folder.");
    if (!QFileInfo::exists(QDir(l.model).filePath("config.json")))
        return tr("Source model: %1 has no config.json.").arg(QDir::toNativeSeparators(l.model));
    if (!l.tokenizer.isEmpty() && !QFileInfo(l.tokenizer).isFile())
        return tr("Tokenizer: %1 is not a file.").arg(QDir::toNativeSeparators(l.tokenizer));
    if (l.corpus.isEmpty()) return tr("Target corpus: choose the target-language text.");
    if (!QFileInfo(l.corpus).isFile())
        return tr("Target corpus: %1 is not a file.").arg(QDir::toNativeSeparators(l.corpus));
    if (l.methods.empty()) return tr("Initialisations: choose at least one method.");
    if (l.output.isEmpty()) return tr("Expansion folder: give where the expansion goes.");
    const QDir out(l.output);
    if (out.exists() && !out.isEmpty())
        return tr("Expansion folder: %1 is not empty.").arg(QDir::toNativeSeparators(l.output));
    return runNameProblem(l.name);
}

ipt::Job::Work expansionJob(const ExpansionLaunch& launch, const std::string& workspaceRoot,
                            std::shared_ptr<LaunchedJobOutcome> outcome) {
    return
        [launch, workspaceRoot, outcome](const ipt::ProgressSink& progress, const ipt::CancelToken& cancel) {
            ipt::Workspace::FinishedJob job;
            job.started = std::chrono::system_clock::now();
            ipt::ExpansionOptions options;
            options.model = localPath(launch.model);
            if (!launch.tokenizer.isEmpty()) options.tokenizer = localPath(launch.tokenizer);
            options.corpus = localPath(launch.corpus);
            options.out = localPath(launch.output);
            options.new_tokens = launch.newTokens;
            options.methods = launch.methods;
            options.lapt = launch.lapt;
            options.progress = progress;
            options.cancel = &cancel;
            const ipt::ExpansionResult r = ipt::expand_vocabulary(options);
            job.name = launch.name.toStdString();
            job.kind = ipt::RunKind::vocab;
            job.output = options.out;
            job.summary = ipt::summarize_expansion(options, r);
            job.parent_model = options.model;
            outcome->output = launch.output;
            outcome->summary = QObject::tr("%1 new tokens, vocabulary %2 -> %3")
                                   .arg(r.k)
                                   .arg(r.source_vocab_size)
                                   .arg(r.vocab_size);
            for (const std::string& note : r.notes) outcome->summary += "; " + QString::fromStdString(note);
            outcome->filedAs = QString::fromStdString(fileFinishedJob(workspaceRoot, job));
        };
}
