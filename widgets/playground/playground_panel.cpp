#include "playground/playground_panel.h"

#include <QComboBox>
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
#include <utility>

#include "common/endpoint_settings_form.h"
#include "common/error_banner.h"
#include "common/job_bridge.h"
#include "common/local_path.h"
#include "ipt/common/error.h"
#include "ipt/model/generator.h"
#include "ipt/model/hf_folder.h"
#include "ipt/serve/completions_client.h"
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
    bool fromEndpoint = false;
    bool hasText = false;  // false: the output shows token ids, which the stream wrote whole
    QString text;          // the final text, authoritative over what was streamed
    qint64 tokens = 0;
    QString reason;  // core's stop reason name; an endpoint's finish_reason mapped to it
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

// An endpoint's finish_reason in the names the local engine's reasons have here. "length" is
// max_tokens: the API ends on the server's context limit with "length" too and does not say which, and
// the length asked for is by far the usual cause. "stop" is eos when no stop string was sent; with stop
// strings it stays "stop", since the API says the same for either. Anything else (vLLM's "abort", a
// proxy's "content_filter") is kept as the server said it; none at all is "unreported".
QString stopReasonOfFinish(const std::string& finish, bool sentStopStrings) {
    if (finish == "length") return QStringLiteral("max_tokens");
    if (finish == "stop") return sentStopStrings ? QStringLiteral("stop") : QStringLiteral("eos");
    if (finish.empty()) return QStringLiteral("unreported");
    return QString::fromStdString(finish);
}

QString describeStopReason(const QString& reason) {
    if (reason == "eos") return PlaygroundPanel::tr("end of sequence");
    if (reason == "stop_string") return PlaygroundPanel::tr("stop string");
    if (reason == "max_tokens") return PlaygroundPanel::tr("max new tokens reached");
    if (reason == "context_full") return PlaygroundPanel::tr("context full");
    if (reason == "cancelled") return PlaygroundPanel::tr("cancelled");
    if (reason == "stop") return PlaygroundPanel::tr("end of sequence or stop string");
    if (reason == "unreported") return PlaygroundPanel::tr("not reported by the server");
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
    connect(source_, &QComboBox::currentIndexChanged, this, &PlaygroundPanel::applySource);
    connect(endpoint_, &EndpointSettingsForm::listingFailed, this, &PlaygroundPanel::showError);
    connect(endpoint_, &EndpointSettingsForm::modelsListed, this, [this](const QStringList& models) {
        clearError();
        emit statusMessage(models.isEmpty() ? tr("The endpoint lists no models.")
                                            : tr("The endpoint serves: %1").arg(models.join(", ")));
    });
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
    applySource();
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

    folderRow_ = new QWidget(this);
    auto* folderRow = new QHBoxLayout(folderRow_);
    folderRow->setContentsMargins(0, 0, 0, 0);
    folderRow->addWidget(new QLabel(tr("Model folder:"), this));
    folderRow->addWidget(folderEdit_, 1);
    folderRow->addWidget(browseButton_);
    folderRow->addWidget(openButton_);

    errorLabel_ = new ErrorBanner(this);

    info_ = new ModelInfoTable(this);
    info_->setObjectName("modelInfo");
    modelBox_ = new QGroupBox(tr("Model"), this);
    auto* modelLayout = new QVBoxLayout(modelBox_);
    modelLayout->addWidget(info_);

    endpoint_ = new EndpointSettingsForm(this);
    endpoint_->setObjectName("endpointSettings");
    endpoint_->setConcurrencyShown(false);  // one completion at a time here
    endpointBox_ = new QGroupBox(tr("Endpoint"), this);
    auto* endpointLayout = new QVBoxLayout(endpointBox_);
    endpointLayout->addWidget(endpoint_);
    endpointLayout->addStretch(1);

    settings_ = new GenerationSettingsForm(this);
    settings_->setObjectName("generationSettings");
    auto* settingsBox = new QGroupBox(tr("Generation"), this);
    auto* settingsLayout = new QVBoxLayout(settingsBox);
    settingsLayout->addWidget(settings_);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(modelBox_, 1);
    leftLayout->addWidget(endpointBox_, 1);
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
    layout->addWidget(buildSourceRow());
    layout->addWidget(folderRow_);
    layout->addWidget(errorLabel_);
    layout->addWidget(columns_, 1);
}

QWidget* PlaygroundPanel::buildSourceRow() {
    source_ = new QComboBox(this);
    source_->setObjectName("generationSource");
    source_->addItem(tr("Local model folder"));
    source_->addItem(tr("Endpoint (OpenAI-compatible completions server)"));
    source_->setToolTip(
        tr("Generate with a model loaded here, or through a server: vLLM, SGLang, TGI, "
           "llama.cpp's server or ipt serve"));
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Generate with:"), this));
    layout->addWidget(source_);
    layout->addStretch(1);
    return row;
}

PlaygroundPanel::Source PlaygroundPanel::source() const {
    return source_->currentIndex() == 1 ? Source::Endpoint : Source::LocalModel;
}

void PlaygroundPanel::setSource(Source source) {
    source_->setCurrentIndex(source == Source::Endpoint ? 1 : 0);
}

void PlaygroundPanel::applySource() {
    const bool endpoint = source() == Source::Endpoint;
    folderRow_->setVisible(!endpoint);
    modelBox_->setVisible(!endpoint);
    endpointBox_->setVisible(endpoint);
    // A server matches stop strings on its own text, and always stops at its end-of-sequence token
    // (the completions API has no switch for that).
    settings_->setStopStringsAvailable(endpoint || tokenizer_ != nullptr);
    settings_->setStopAtEosAvailable(!endpoint);
    updatePromptHint();
    updateActions();
    openRememberedModel();
}

void PlaygroundPanel::updatePromptHint() {
    if (source() == Source::Endpoint) {
        prompt_->setPlaceholderText(tr("Type a prompt…"));
        promptHint_->setText(
            tr("The prompt is sent as text; the server tokenizes it with its own tokenizer."));
    } else if (!model_) {
        prompt_->setPlaceholderText(QString());
        promptHint_->clear();
    } else if (tokenizer_) {
        prompt_->setPlaceholderText(tr("Type a prompt…"));
        promptHint_->setText(
            tr("The prompt is tokenized with the folder's %1; a BOS token is prepended where the "
               "tokenizer uses one and special tokens such as <s> are recognised.")
                .arg(tokenizerFile_));
    } else {
        prompt_->setPlaceholderText(QStringLiteral("1, 450, 4996"));
        promptHint_->setText(
            tr("No tokenizer.json or tokenizer.model in this folder: the prompt is comma-separated "
               "token ids and the output shows ids."));
    }
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
    settings.setValue("source", source() == Source::Endpoint ? "endpoint" : "local");
    settings.beginGroup("endpoint");
    endpoint_->saveSettings(settings);
    settings.endGroup();
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
    setSource(settings.value("source").toString() == "endpoint" ? Source::Endpoint : Source::LocalModel);
    settings.beginGroup("endpoint");
    endpoint_->restoreSettings(settings);
    settings.endGroup();
    folderEdit_->setText(settings.value("folder").toString());
    prompt_->setPlainText(settings.value("prompt").toString());
    columns_->restoreState(settings.value("columns").toByteArray());
    promptOutput_->restoreState(settings.value("promptOutput").toByteArray());
    settings.beginGroup("generation");
    settings_->restoreSettings(settings);
    settings.endGroup();
    // The model that was loaded when the workbench closed is loaded again (on a job, as any open),
    // once the local source is in use: a session that ended on an endpoint does not load it at start.
    rememberedFolder_ = settings.value("loadedModel").toString();
    openRememberedModel();
}

void PlaygroundPanel::openRememberedModel() {
    if (rememberedFolder_.isEmpty() || source() != Source::LocalModel) return;
    const QString folder = std::exchange(rememberedFolder_, QString());
    if (model_ || !loadingFolder_.isEmpty()) return;  // another model was opened meanwhile
    if (QFileInfo::exists(folder + "/config.json"))
        openModel(folder);
    else
        showError(tr("The model of the last session, %1, is gone.").arg(QDir::toNativeSeparators(folder)));
}

void PlaygroundPanel::browseForModel() {
    const QString start = folderEdit_->text().isEmpty() ? QDir::homePath() : folderEdit_->text();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Model Folder"), start);
    if (folder.isEmpty()) return;
    setSource(Source::LocalModel);  // the folder chosen is what the user means to generate with
    openModel(folder);
}

void PlaygroundPanel::openModel(const QString& folder) {
    rememberedFolder_.clear();  // a folder asked for replaces the last session's
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
    tokenizerFile_ = QString::fromStdString(loaded.summary.tokenizer_file);
    applySource();
    output_->clear();
    statsLabel_->clear();
    tokensGenerated_ = 0;
    stopReason_.clear();
    emit statusMessage(tr("Loaded %1").arg(QDir::toNativeSeparators(folder)));
    emit modelLoaded(folder);
}

void PlaygroundPanel::generate() {
    if (isBusy()) return;
    if (source() == Source::Endpoint)
        startEndpointGeneration();
    else if (model_)
        startLocalGeneration();
}

void PlaygroundPanel::beginRun(const std::shared_ptr<GenerationRun>& run) {
    clearError();
    output_->clear();
    tokensGenerated_ = 0;
    stopReason_.clear();
    statsLabel_->setText(tr("Generating…"));
    run_ = run;
    activity_ = Activity::Generating;
}

void PlaygroundPanel::startLocalGeneration() {
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

    auto run = std::make_shared<GenerationRun>();
    beginRun(run);
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
        const ipt::Generation generation = generator.generate({prompt}, options, onToken, &cancel).front();
        run->hasText = tokenizer != nullptr;
        run->text = QString::fromStdString(generation.text);
        run->tokens = static_cast<qint64>(generation.tokens.size());
        run->reason = QString::fromUtf8(ipt::stop_reason_name(generation.reason));
        run->seconds = elapsed();
        run->completed = true;
    };
    bridge_->start(tr("Generating"), work, [this, run] { finishGeneration(*run); });
    emit statusMessage(tr("Generating… (max new tokens: %1)").arg(options.max_new_tokens));
}

void PlaygroundPanel::startEndpointGeneration() {
    clearError();
    const ipt::EndpointSettings endpoint = endpoint_->settings();
    const ipt::GenerationOptions options = settings_->options();
    try {
        endpoint.validate();
    } catch (const std::exception& e) {
        showError(tr("Endpoint settings: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    try {
        options.sampling.validate();
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return;
    }
    // The prompt goes as text, as a person would send it with curl: the server's tokenizer is the one
    // its model was trained with, and this panel may not have it.
    ipt::CompletionRequest request;
    request.prompt = prompt_->toPlainText().toStdString();
    request.max_tokens = options.max_new_tokens;
    request.sampling = options.sampling;
    request.stop = options.stop_strings;

    auto run = std::make_shared<GenerationRun>();
    run->fromEndpoint = true;
    beginRun(run);
    JobBridge* bridge = bridge_;
    const std::string stage = tr("text pieces").toStdString();
    const std::string unavailable = tr("the endpoint is unavailable: %1").toStdString();
    const std::string refused = tr("the endpoint refused the request: %1").toStdString();
    auto work = [this, endpoint, request, run, bridge, stage, unavailable, refused](
                    const ipt::ProgressSink& progress, const ipt::CancelToken& cancel) {
        // As in the local run, `this` is only named inside calls posted back to the GUI thread.
        const auto start = std::chrono::steady_clock::now();
        auto elapsed = [start] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        };
        qint64 pieces = 0;
        auto onDelta = [&](const std::string& text) {
            ++pieces;
            const QString delta = QString::fromStdString(text);
            const double seconds = elapsed();
            bridge->post([this, delta, pieces, seconds] { appendStreamed(delta, pieces, seconds); });
            ipt::report(progress, stage, pieces, request.max_tokens);
        };
        auto fill = [](const std::string& format, const char* what) {
            return QString::fromStdString(format).arg(QString::fromUtf8(what)).toStdString();
        };
        ipt::Completion completion;
        try {
            completion = ipt::CompletionsClient(endpoint).complete(request, &cancel, onDelta);
        } catch (const ipt::EndpointUnavailable& e) {
            throw ipt::Error(fill(unavailable, e.what()));
        } catch (const ipt::RequestRefused& e) {
            throw ipt::Error(fill(refused, e.what()));
        }
        run->hasText = true;
        run->text = QString::fromStdString(completion.text);
        // The server's count where it reports usage (-1: it did not), else the pieces it streamed.
        run->tokens = completion.completion_tokens > 0 ? completion.completion_tokens : pieces;
        run->reason = stopReasonOfFinish(completion.finish_reason, !request.stop.empty());
        run->seconds = elapsed();
        run->completed = true;
    };
    bridge_->start(tr("Generating through %1").arg(QString::fromStdString(endpoint.base_url)), work,
                   [this, run] { finishGeneration(*run); });
    emit statusMessage(tr("Generating through %1… (max new tokens: %2)")
                           .arg(QString::fromStdString(endpoint.base_url))
                           .arg(options.max_new_tokens));
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

void PlaygroundPanel::finishGeneration(const GenerationRun& run) {
    tokensGenerated_ = run.tokens;
    // The stream shows what was safe to show at each step; the final text is authoritative (a stop
    // string cut, a character completed by the last token).
    if (run.hasText && output_->toPlainText() != run.text) output_->setPlainText(run.text);
    const QString reason = run.reason;
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
        finishGeneration(*run_);
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
    // What a server streams are pieces of text (often one token each, but the API does not promise
    // it); tokens are counted only by the usage it reports with a finished completion.
    const bool pieces = run_ && run_->fromEndpoint && !run_->completed;
    QString text = pieces ? tr("Text pieces received: %1").arg(tokens) : tr("New tokens: %1").arg(tokens);
    if (seconds > 0 && tokens > 0 && !pieces)
        text += QStringLiteral("  ·  ") + tr("%1 tokens/s").arg(tokens / seconds, 0, 'f', 1);
    if (!reason.isEmpty())
        text += QStringLiteral("  ·  ") + tr("Stopped: %1").arg(describeStopReason(reason));
    statsLabel_->setText(text);
}

void PlaygroundPanel::updateActions() {
    const bool busy = isBusy();
    const bool endpoint = source() == Source::Endpoint;
    generateButton_->setEnabled(!busy && (endpoint || model_ != nullptr));
    source_->setEnabled(!busy);
    endpoint_->setEnabled(!busy);
    cancelButton_->setEnabled(busy);
    openButton_->setEnabled(!busy);
    browseButton_->setEnabled(!busy);
    folderEdit_->setEnabled(!busy);
}

void PlaygroundPanel::showWorkspace(const std::shared_ptr<ipt::Workspace>&) {
    clearError();
}
