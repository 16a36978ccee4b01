#include "playground/playground_panel.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QVBoxLayout>

#include <chrono>
#include <filesystem>

#include "common/error_banner.h"
#include "common/job_bridge.h"
#include "common/local_path.h"
#include "ipt/common/error.h"
#include "ipt/model/generator.h"
#include "ipt/model/hf_folder.h"
#include "ipt/text/model_tokenizer.h"
#include "ipt/text/tokenizer.h"
#include "playground/generation_settings_form.h"
#include "playground/model_info_table.h"

struct PlaygroundPanel::LoadResult {
    ipt::ModelSummary summary;
    std::shared_ptr<ipt::Decoder> model;
    std::shared_ptr<ipt::Tokenizer> tokenizer;
    int unusedTensors = 0;
};

// Written by the generation job, read on the GUI thread once the job thread has been joined.
struct PlaygroundPanel::GenerationRun {
    ipt::Generation generation;
    bool completed = false;
    double seconds = 0;
};

namespace {

// Prompts without a tokenizer: "1, 450, 4996" or "1 450 4996".
ipt::TokenIds parseTokenIds(const QString& text) {
    ipt::TokenIds ids;
    const QStringList items = text.split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts);
    for (const QString& item : items) {
        bool ok = false;
        const int value = item.toInt(&ok);
        if (!ok || value < 0)
            throw ipt::UsageError(
                PlaygroundPanel::tr("'%1' is not a token id: without a tokenizer the prompt is "
                                    "comma-separated token ids, e.g. 1, 450, 4996")
                    .arg(item)
                    .toStdString());
        ids.push_back(value);
    }
    if (ids.empty())
        throw ipt::UsageError(
            PlaygroundPanel::tr("The prompt is empty: enter comma-separated token ids, e.g. 1, 450, 4996")
                .toStdString());
    return ids;
}

QString describeStopReason(const QString& reason) {
    if (reason == "eos") return PlaygroundPanel::tr("end of sequence");
    if (reason == "stop_string") return PlaygroundPanel::tr("stop string");
    if (reason == "max_tokens") return PlaygroundPanel::tr("max new tokens reached");
    if (reason == "context_full") return PlaygroundPanel::tr("context full");
    if (reason == "cancelled") return PlaygroundPanel::tr("cancelled");
    return reason;
}

}  // namespace

PlaygroundPanel::PlaygroundPanel(QWidget* parent) : QWidget(parent) {
    bridge_ = new JobBridge(this);
    buildLayout();

    connect(folderEdit_, &QLineEdit::returnPressed, this, [this] { openModel(folderEdit_->text()); });
    connect(openButton_, &QPushButton::clicked, this, [this] { openModel(folderEdit_->text()); });
    connect(browseButton_, &QPushButton::clicked, this, &PlaygroundPanel::browseForModel);
    connect(generateButton_, &QPushButton::clicked, this, &PlaygroundPanel::generate);
    connect(cancelButton_, &QPushButton::clicked, this, &PlaygroundPanel::cancel);
    auto* generateShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    generateShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(generateShortcut, &QShortcut::activated, this, [this] {
        if (generateButton_->isEnabled()) generate();
    });

    connect(bridge_, &JobBridge::started, this, &PlaygroundPanel::updateActions);
    connect(bridge_, &JobBridge::failed, this, &PlaygroundPanel::onJobFailed);
    connect(bridge_, &JobBridge::cancelled, this, &PlaygroundPanel::onJobCancelled);
    connect(bridge_, &JobBridge::idle, this, [this] {
        activity_ = Activity::Idle;
        updateActions();
        // A folder asked for while another was loading (the last session's model, then --model).
        if (!pendingFolder_.isEmpty()) {
            const QString next = pendingFolder_;
            pendingFolder_.clear();
            openModel(next);
        }
    });
    updateActions();
}

PlaygroundPanel::~PlaygroundPanel() {
    // Stop the job before any member goes: its thread posts calls that name this panel.
    delete bridge_;
}

void PlaygroundPanel::buildLayout() {
    folderEdit_ = new QLineEdit(this);
    folderEdit_->setObjectName("modelFolder");
    folderEdit_->setPlaceholderText(tr("A Hugging Face model folder (config.json, model.safetensors)"));
    folderEdit_->setClearButtonEnabled(true);
    browseButton_ = new QPushButton(tr("Browse…"), this);
    browseButton_->setObjectName("browseModel");
    openButton_ = new QPushButton(tr("Open"), this);
    openButton_->setObjectName("openModel");

    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(new QLabel(tr("Model folder:"), this));
    folderRow->addWidget(folderEdit_, 1);
    folderRow->addWidget(browseButton_);
    folderRow->addWidget(openButton_);

    errorLabel_ = new ErrorBanner(this);

    info_ = new ModelInfoTable(this);
    info_->setObjectName("modelInfo");
    auto* modelBox = new QGroupBox(tr("Model"), this);
    auto* modelLayout = new QVBoxLayout(modelBox);
    modelLayout->addWidget(info_);

    settings_ = new GenerationSettingsForm(this);
    settings_->setObjectName("generationSettings");
    auto* settingsBox = new QGroupBox(tr("Generation"), this);
    auto* settingsLayout = new QVBoxLayout(settingsBox);
    settingsLayout->addWidget(settings_);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(modelBox, 1);
    leftLayout->addWidget(settingsBox);

    prompt_ = new QPlainTextEdit(this);
    prompt_->setObjectName("prompt");
    promptHint_ = new QLabel(this);
    promptHint_->setObjectName("promptHint");
    promptHint_->setTextFormat(Qt::PlainText);
    promptHint_->setWordWrap(true);
    QFont hintFont = promptHint_->font();
    hintFont.setPointSizeF(hintFont.pointSizeF() * 0.9);
    promptHint_->setFont(hintFont);
    promptHint_->setForegroundRole(QPalette::PlaceholderText);
    generateButton_ = new QPushButton(tr("Generate"), this);
    generateButton_->setObjectName("generate");
    generateButton_->setDefault(true);
    generateButton_->setToolTip(tr("Generate a continuation of the prompt (Ctrl+Return)"));
    cancelButton_ = new QPushButton(tr("Cancel"), this);
    cancelButton_->setObjectName("cancel");

    auto* promptBox = new QGroupBox(tr("Prompt"), this);
    auto* promptLayout = new QVBoxLayout(promptBox);
    promptLayout->addWidget(prompt_, 1);
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(promptHint_, 1);
    buttonRow->addWidget(generateButton_);
    buttonRow->addWidget(cancelButton_);
    promptLayout->addLayout(buttonRow);

    output_ = new QPlainTextEdit(this);
    output_->setObjectName("output");
    output_->setReadOnly(true);
    output_->setPlaceholderText(tr("Generated text appears here as it is produced."));
    statsLabel_ = new QLabel(this);
    statsLabel_->setObjectName("generationStats");
    statsLabel_->setTextFormat(Qt::PlainText);
    statsLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* outputBox = new QGroupBox(tr("Output"), this);
    auto* outputLayout = new QVBoxLayout(outputBox);
    outputLayout->addWidget(output_, 1);
    outputLayout->addWidget(statsLabel_);

    promptOutput_ = new QSplitter(Qt::Vertical, this);
    promptOutput_->setObjectName("promptOutputSplitter");
    promptOutput_->addWidget(promptBox);
    promptOutput_->addWidget(outputBox);
    promptOutput_->setStretchFactor(0, 1);
    promptOutput_->setStretchFactor(1, 2);
    promptOutput_->setChildrenCollapsible(false);

    columns_ = new QSplitter(Qt::Horizontal, this);
    columns_->setObjectName("columnsSplitter");
    columns_->addWidget(left);
    columns_->addWidget(promptOutput_);
    columns_->setStretchFactor(0, 2);
    columns_->setStretchFactor(1, 3);
    columns_->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(folderRow);
    layout->addWidget(errorLabel_);
    layout->addWidget(columns_, 1);
}

bool PlaygroundPanel::isBusy() const {
    return bridge_->isRunning();
}

QString PlaygroundPanel::outputText() const {
    return output_->toPlainText();
}

QString PlaygroundPanel::errorMessage() const {
    return errorLabel_->message();
}

void PlaygroundPanel::setPrompt(const QString& text) {
    prompt_->setPlainText(text);
}

void PlaygroundPanel::saveSettings(QSettings& settings) const {
    settings.setValue("folder", folderEdit_->text());
    settings.setValue("loadedModel", folder_);
    settings.setValue("prompt", prompt_->toPlainText());
    settings.setValue("columns", columns_->saveState());
    settings.setValue("promptOutput", promptOutput_->saveState());
    settings.beginGroup("generation");
    settings_->saveSettings(settings);
    settings.endGroup();
}

void PlaygroundPanel::restoreSettings(QSettings& settings) {
    folderEdit_->setText(settings.value("folder").toString());
    prompt_->setPlainText(settings.value("prompt").toString());
    columns_->restoreState(settings.value("columns").toByteArray());
    promptOutput_->restoreState(settings.value("promptOutput").toByteArray());
    settings.beginGroup("generation");
    settings_->restoreSettings(settings);
    settings.endGroup();
    // The model that was loaded when the workbench closed is loaded again (on a job, as any open).
    const QString loaded = settings.value("loadedModel").toString();
    if (!loaded.isEmpty()) {
        if (QFileInfo::exists(loaded + "/config.json"))
            openModel(loaded);
        else
            showError(
                tr("The model of the last session, %1, is gone.").arg(QDir::toNativeSeparators(loaded)));
    }
}

void PlaygroundPanel::browseForModel() {
    const QString start = folderEdit_->text().isEmpty() ? QDir::homePath() : folderEdit_->text();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Model Folder"), start);
    if (!folder.isEmpty()) openModel(folder);
}

void PlaygroundPanel::openModel(const QString& folder) {
    if (activity_ == Activity::Loading) {
        // The newer request wins: the load under way stops, this one follows.
        pendingFolder_ = folder;
        bridge_->cancel();
        return;
    }
    if (isBusy()) {
        showError(tr("A job is running; cancel it before opening another model."));
        return;
    }
    clearError();
    const QString cleaned = QDir::cleanPath(folder.trimmed());
    folderEdit_->setText(QDir::toNativeSeparators(cleaned));
    if (cleaned.isEmpty() || cleaned == ".") {
        showError(tr("Choose a model folder first."));
        return;
    }

    auto result = std::make_shared<LoadResult>();
    const std::string path = localPath(cleaned);
    const std::string readingStage = tr("reading config.json").toStdString();
    const std::string tokenizerStage = tr("loading tokenizer").toStdString();
    auto work = [path, result, readingStage, tokenizerStage](const ipt::ProgressSink& progress,
                                                             const ipt::CancelToken& cancel) {
        // The header-only summary first: a bad folder is reported before any weight is read.
        ipt::report(progress, readingStage, 0, 0);
        result->summary = ipt::summarize_hf_model(path);
        cancel.throw_if_cancelled();
        ipt::LoadOptions options;
        options.progress = progress;
        ipt::LoadedModel loaded = ipt::load_hf_model(path, options);
        result->unusedTensors = static_cast<int>(loaded.unused_tensors.size());
        result->model = std::move(loaded.model);
        cancel.throw_if_cancelled();
        if (!result->summary.has_tokenizer) return;
        ipt::report(progress, tokenizerStage, 0, 0);
        result->tokenizer = ipt::load_model_tokenizer(path, result->model->config().vocab_size);
    };
    activity_ = Activity::Loading;
    loadingFolder_ = cleaned;
    bridge_->start(tr("Loading model"), work, [this, cleaned, result] { installModel(cleaned, *result); });
    emit statusMessage(tr("Loading %1…").arg(QDir::toNativeSeparators(cleaned)));
}

void PlaygroundPanel::installModel(const QString& folder, const LoadResult& loaded) {
    model_ = loaded.model;
    tokenizer_ = loaded.tokenizer;
    folder_ = folder;
    info_->showModel(QDir::toNativeSeparators(folder), loaded.summary,
                     tokenizer_ ? tokenizer_->vocab_size() : -1, loaded.unusedTensors);
    settings_->setStopStringsAvailable(tokenizer_ != nullptr);
    if (tokenizer_) {
        prompt_->setPlaceholderText(tr("Type a prompt…"));
        promptHint_->setText(
            tr("The prompt is tokenized with the folder's %1; a BOS token is prepended where the "
               "tokenizer uses one and special tokens such as <s> are recognised.")
                .arg(QString::fromStdString(loaded.summary.tokenizer_file)));
    } else {
        prompt_->setPlaceholderText(QStringLiteral("1, 450, 4996"));
        promptHint_->setText(
            tr("No tokenizer.json or tokenizer.model in this folder: the prompt is comma-separated "
               "token ids and the output shows ids."));
    }
    output_->clear();
    statsLabel_->clear();
    tokensGenerated_ = 0;
    stopReason_.clear();
    emit statusMessage(tr("Loaded %1").arg(QDir::toNativeSeparators(folder)));
    emit modelLoaded(folder);
}

void PlaygroundPanel::generate() {
    if (!model_ || isBusy()) return;
    clearError();

    ipt::TokenIds prompt;
    ipt::GenerationOptions options = settings_->options();
    try {
        if (tokenizer_) {
            ipt::EncodeOptions encode;
            encode.add_bos = true;
            encode.parse_special = true;
            prompt = tokenizer_->encode(prompt_->toPlainText().toStdString(), encode);
        } else {
            prompt = parseTokenIds(prompt_->toPlainText());
        }
        options.sampling.validate();
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return;
    }

    output_->clear();
    tokensGenerated_ = 0;
    stopReason_.clear();
    statsLabel_->setText(tr("Generating…"));

    auto run = std::make_shared<GenerationRun>();
    run_ = run;
    std::shared_ptr<const ipt::Decoder> model = model_;
    std::shared_ptr<const ipt::Tokenizer> tokenizer = tokenizer_;
    JobBridge* bridge = bridge_;
    const std::string stage = tr("new tokens").toStdString();
    auto work = [this, model, tokenizer, prompt, options, run, bridge, stage](
                    const ipt::ProgressSink& progress, const ipt::CancelToken& cancel) {
        // Only values captured here are touched on the job thread; `this` is used solely inside calls
        // posted back to the GUI thread through the bridge, which the panel outlives.
        const auto start = std::chrono::steady_clock::now();
        auto elapsed = [start] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        };
        qint64 count = 0;
        auto onToken = [&](const ipt::TokenEvent& event) {
            ++count;
            const QString delta =
                tokenizer ? QString::fromStdString(event.text_delta)
                          : (count > 1 ? QStringLiteral(", ") : QString()) + QString::number(event.token);
            const double seconds = elapsed();
            bridge->post([this, delta, count, seconds] { appendStreamed(delta, count, seconds); });
            ipt::report(progress, stage, count, options.max_new_tokens);
        };
        ipt::Generator generator(*model, tokenizer.get());
        run->generation = generator.generate({prompt}, options, onToken, &cancel).front();
        run->seconds = elapsed();
        run->completed = true;
    };
    activity_ = Activity::Generating;
    bridge_->start(tr("Generating"), work, [this, run] {
        finishGeneration(QString::fromUtf8(ipt::stop_reason_name(run->generation.reason)), *run);
    });
    emit statusMessage(tr("Generating… (max new tokens: %1)").arg(options.max_new_tokens));
}

void PlaygroundPanel::cancel() {
    bridge_->cancel();
}

void PlaygroundPanel::appendStreamed(const QString& delta, qint64 count, double seconds) {
    tokensGenerated_ = count;
    if (!delta.isEmpty()) {
        // Keep following the end only while the user has not scrolled up to read.
        QScrollBar* bar = output_->verticalScrollBar();
        const bool following = bar->value() == bar->maximum();
        QTextCursor cursor(output_->document());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(delta);
        if (following) bar->setValue(bar->maximum());
    }
    showStats(count, seconds, QString());
    emit tokenStreamed(count);
}

void PlaygroundPanel::finishGeneration(const QString& reason, const GenerationRun& run) {
    tokensGenerated_ = static_cast<qint64>(run.generation.tokens.size());
    // The stream shows what was safe to show at each step; the final text is authoritative (a stop
    // string cut, a character completed by the last token).
    if (tokenizer_) {
        const QString text = QString::fromStdString(run.generation.text);
        if (output_->toPlainText() != text) output_->setPlainText(text);
    }
    stopReason_ = reason;
    showStats(tokensGenerated_, run.seconds, reason);
    emit statusMessage(
        tr("Generation stopped: %1 (new tokens: %2)").arg(describeStopReason(reason)).arg(tokensGenerated_));
    emit generationFinished(reason);
}

void PlaygroundPanel::onJobFailed(const QString& message) {
    if (activity_ == Activity::Loading) {
        // The field goes back to the model still loaded, so that it never names one that is not.
        folderEdit_->setText(QDir::toNativeSeparators(folder_));
        if (folder_.isEmpty())
            showError(
                tr("Could not open the model %1: %2").arg(QDir::toNativeSeparators(loadingFolder_), message));
        else
            showError(tr("Could not open the model %1: %2\n%3 stays loaded.")
                          .arg(QDir::toNativeSeparators(loadingFolder_), message,
                               QDir::toNativeSeparators(folder_)));
        emit modelLoadFailed(message);
    } else {
        showError(tr("Generation failed: %1").arg(message));
        statsLabel_->clear();
        stopReason_ = "failed";
        emit generationFinished(stopReason_);
    }
}

void PlaygroundPanel::onJobCancelled() {
    if (activity_ == Activity::Loading) {
        folderEdit_->setText(QDir::toNativeSeparators(folder_));
        if (!pendingFolder_.isEmpty()) return;  // replaced by a newer open, not given up
        emit statusMessage(tr("Loading %1 cancelled").arg(QDir::toNativeSeparators(loadingFolder_)));
        return;
    }
    // The generator returns what it had when it saw the cancel, with the reason "cancelled" (or the
    // real one when the cancel came after the last token).
    if (run_ && run_->completed) {
        finishGeneration(QString::fromUtf8(ipt::stop_reason_name(run_->generation.reason)), *run_);
        return;
    }
    stopReason_ = QStringLiteral("cancelled");
    showStats(tokensGenerated_, 0, stopReason_);
    emit statusMessage(tr("Generation stopped: %1 (new tokens: %2)")
                           .arg(describeStopReason(stopReason_))
                           .arg(tokensGenerated_));
    emit generationFinished(stopReason_);
}

void PlaygroundPanel::showError(const QString& message) {
    errorLabel_->showMessage(message);
    emit statusMessage(message);
}

void PlaygroundPanel::clearError() {
    errorLabel_->clearMessage();
}

void PlaygroundPanel::showStats(qint64 tokens, double seconds, const QString& reason) {
    QString text = tr("New tokens: %1").arg(tokens);
    if (seconds > 0 && tokens > 0)
        text += QStringLiteral("  ·  ") + tr("%1 tokens/s").arg(tokens / seconds, 0, 'f', 1);
    if (!reason.isEmpty())
        text += QStringLiteral("  ·  ") + tr("Stopped: %1").arg(describeStopReason(reason));
    statsLabel_->setText(text);
}

void PlaygroundPanel::updateActions() {
    const bool busy = isBusy();
    generateButton_->setEnabled(model_ != nullptr && !busy);
    cancelButton_->setEnabled(busy);
    openButton_->setEnabled(!busy);
    browseButton_->setEnabled(!busy);
    folderEdit_->setEnabled(!busy);
}

void PlaygroundPanel::showWorkspace(const std::shared_ptr<ipt::Workspace>&) {
    clearError();
}
