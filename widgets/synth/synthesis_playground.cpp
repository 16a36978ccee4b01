#include "synth/synthesis_playground.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "common/endpoint_settings_form.h"
#include "common/error_banner.h"
#include "common/job_bridge.h"
#include "common/local_path.h"
#include "common/settings_values.h"
#include "ipt/serve/synthesis_backend.h"
#include "ipt/synth/loaded_synthesizer.h"
#include "ipt/synth/pair_parser.h"
#include "ipt/synth/rule_miner.h"
#include "ipt/synth/synthesizer.h"
#include "ipt/text/tokenizer.h"
#include "synth/synthesizer_endpoint_form.h"

struct SynthesisPlayground::Result {
    std::vector<ipt::Pair> pairs;
    std::string raw;
    std::vector<ipt::RejectedFragment> rejected;
    int64_t tokens = 0;
    std::string note;        // the record's reason: truncation, why no pair survived
    bool generated = false;  // by a synthesizer (its output may be empty: a refused prompt), not mined
};

namespace {

constexpr int kMaxRecentSynthesizers = 5;
// The source list: the miner, the endpoint, then the recent synthesizer folders.
constexpr int kRulesIndex = 0;
constexpr int kEndpointIndex = 1;
constexpr int kFirstFolderIndex = 2;

QString escaped(const std::string& text) {
    return QString::fromUtf8(text).toHtmlEscaped().replace('\n', "<br>");
}

}  // namespace

SynthesisPlayground::SynthesisPlayground(QWidget* parent) : QWidget(parent) {
    text_ = new QPlainTextEdit(this);
    text_->setObjectName("synthText");
    text_->setPlaceholderText(tr("Paste a raw text here…"));
    source_ = new QComboBox(this);
    source_->setObjectName("synthSource");
    source_->addItem(tr("Rule-based miner"), QString());
    source_->addItem(tr("Endpoint (completions server)"), QString());
    QPushButton* browse = new QPushButton(tr("Synthesizer…"), this);
    connect(browse, &QPushButton::clicked, this, &SynthesisPlayground::browseForSynthesizer);
    maxNewTokens_ = new QSpinBox(this);
    maxNewTokens_->setObjectName("synthMaxNewTokens");
    maxNewTokens_->setRange(16, 4096);
    maxNewTokens_->setValue(400);  // the released synthesizer's setting
    run_ = new QPushButton(tr("Synthesize"), this);
    run_->setObjectName("synthRun");
    run_->setToolTip(tr("Mine or generate the pairs of the text (Ctrl+Return)"));
    cancel_ = new QPushButton(tr("Cancel"), this);
    summary_ = new QLabel(this);
    summary_->setObjectName("synthSummary");
    errorLabel_ = new ErrorBanner(this);
    result_ = new QTextBrowser(this);
    result_->setObjectName("synthResult");

    auto* sourceRow = new QHBoxLayout;
    sourceRow->addWidget(source_, 1);
    sourceRow->addWidget(browse);
    endpointBox_ = buildEndpointBox();
    auto* form = new QFormLayout;
    form->addRow(tr("Source:"), sourceRow);
    form->addRow(tr("Max new tokens:"), maxNewTokens_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_);
    buttons->addWidget(cancel_);
    buttons->addStretch();
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(text_, 1);
    leftLayout->addLayout(form);
    leftLayout->addWidget(endpointBox_);
    leftLayout->addLayout(buttons);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(errorLabel_);
    rightLayout->addWidget(summary_);
    rightLayout->addWidget(result_, 1);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    bridge_ = new JobBridge(this);
    connect(run_, &QPushButton::clicked, this, &SynthesisPlayground::synthesize);
    connect(cancel_, &QPushButton::clicked, bridge_, &JobBridge::cancel);
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &SynthesisPlayground::synthesize);
    connect(bridge_, &JobBridge::started, this, &SynthesisPlayground::updateActions);
    connect(bridge_, &JobBridge::idle, this, &SynthesisPlayground::updateActions);
    connect(bridge_, &JobBridge::failed, this, &SynthesisPlayground::showError);
    connect(bridge_, &JobBridge::cancelled, this, [this] { summary_->setText(tr("Cancelled.")); });
    connect(text_, &QPlainTextEdit::textChanged, this, &SynthesisPlayground::updateActions);
    connect(source_, &QComboBox::currentIndexChanged, this, &SynthesisPlayground::updateSource);
    connect(endpoint_->endpoint(), &EndpointSettingsForm::listingFailed, this,
            &SynthesisPlayground::showError);
    connect(endpoint_->endpoint(), &EndpointSettingsForm::modelsListed, this, [this] {
        error_.clear();
        errorLabel_->clearMessage();
    });
    updateSource();
}

QWidget* SynthesisPlayground::buildEndpointBox() {
    auto* box = new QGroupBox(tr("Endpoint"), this);
    box->setObjectName("synthEndpointBox");
    endpoint_ = new SynthesizerEndpointForm(box);
    endpoint_->setObjectName("synthEndpoint");
    endpoint_->endpoint()->setConcurrencyShown(false);  // one text, one request
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(endpoint_);
    return box;
}

EndpointSettingsForm* SynthesisPlayground::endpointSettings() const {
    return endpoint_->endpoint();
}

SynthesisPlayground::~SynthesisPlayground() {
    delete bridge_;  // joins the job before the model it uses goes
}

void SynthesisPlayground::setText(const QString& text) {
    text_->setPlainText(text);
}

void SynthesisPlayground::setSynthesizer(const QString& folder) {
    if (folder.isEmpty()) {
        source_->setCurrentIndex(kRulesIndex);
        return;
    }
    const QString clean = QDir::cleanPath(folder);
    int index = source_->findData(clean);
    if (index < kFirstFolderIndex) {
        source_->insertItem(kFirstFolderIndex, QDir::toNativeSeparators(clean), clean);
        index = kFirstFolderIndex;
        while (source_->count() > kMaxRecentSynthesizers + kFirstFolderIndex)
            source_->removeItem(source_->count() - 1);
    }
    source_->setCurrentIndex(index);
}

QString SynthesisPlayground::synthesizer() const {
    return source_->currentIndex() >= kFirstFolderIndex ? source_->currentData().toString() : QString();
}

void SynthesisPlayground::useEndpoint() {
    source_->setCurrentIndex(kEndpointIndex);
}

bool SynthesisPlayground::usesEndpoint() const {
    return source_->currentIndex() == kEndpointIndex;
}

void SynthesisPlayground::setEndpointTokenizer(const QString& path) {
    endpoint_->setTokenizer(path);
}

void SynthesisPlayground::setEndpointContext(int tokens) {
    endpoint_->setContext(tokens);
}

void SynthesisPlayground::updateSource() {
    endpointBox_->setVisible(usesEndpoint());
    updateActions();
}

void SynthesisPlayground::browseForSynthesizer() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Synthesizer Model Folder"));
    if (!folder.isEmpty()) setSynthesizer(folder);
}

void SynthesisPlayground::synthesizeWith(ipt::SynthesisModel& model, const std::string& text,
                                         int64_t maxNewTokens, int64_t context,
                                         const ipt::CancelToken& cancel, Result* result) {
    // Exactly what `ipt synth run` does with one text: its context budget, truncation and parser.
    ipt::SynthesizerOptions options;
    options.rounds = 1;
    options.batch = 1;
    options.max_new_tokens = maxNewTokens;
    options.context = context;
    ipt::Synthesizer synthesizer(model, options);  // UsageError when nothing fits
    std::vector<ipt::PairRecord> records;
    synthesizer.run({ipt::SynthInput{"playground", text}}, &records, {}, 0, {}, cancel);
    const ipt::PairRecord& record = records.at(0);
    result->generated = true;
    result->raw = record.raw_output;
    result->tokens = synthesizer.counters().generated_tokens;
    result->pairs = record.pairs;
    result->note = record.reason;
    // A record counts the rejected fragments; the panel shows them, so the output is read for them.
    if (record.dropped > 0) result->rejected = ipt::parse_pairs(record.raw_output).rejected;
}

void SynthesisPlayground::synthesize() {
    if (bridge_->isRunning() || text_->toPlainText().trimmed().isEmpty()) return;
    const std::string text = text_->toPlainText().toStdString();
    const int64_t maxNewTokens = maxNewTokens_->value();
    if (usesEndpoint()) {
        startEndpointRun(text, maxNewTokens);
        return;
    }
    const QString folder = synthesizer();
    auto result = std::make_shared<Result>();
    // Another folder: let the old model go before the new one loads (two 7B models rarely fit).
    if (loaded_ && loaded_->folder != localPath(folder)) loaded_.reset();
    auto holder = std::make_shared<std::shared_ptr<ipt::LoadedSynthesizer>>(loaded_);
    JobBridge::Work work = [text, folder, maxNewTokens, result, holder](const ipt::ProgressSink& progress,
                                                                        const ipt::CancelToken& cancel) {
        if (folder.isEmpty()) {
            result->pairs = ipt::mine_rule_pairs(text);
            return;
        }
        if (!*holder) {
            ipt::report(progress, "loading synthesizer", 0, 0);
            *holder = ipt::load_synthesizer(localPath(folder));
        }
        cancel.throw_if_cancelled();
        ipt::report(progress, "generating", 0, maxNewTokens);
        synthesizeWith(*(*holder)->model, text, maxNewTokens, ipt::SynthesizerOptions{}.context, cancel,
                       result.get());
    };
    error_.clear();
    errorLabel_->clearMessage();
    summary_->setText(folder.isEmpty() ? tr("Mining…") : tr("Generating…"));
    bridge_->start(tr("Synthesizing pairs"), work, [this, result, holder] {
        loaded_ = *holder;
        showResult(*result);
    });
}

void SynthesisPlayground::startEndpointRun(const std::string& text, int64_t maxNewTokens) {
    error_.clear();
    errorLabel_->clearMessage();
    const QString problem = endpoint_->problem();
    if (!problem.isEmpty()) {
        showError(problem);
        return;
    }
    const ipt::EndpointSettings endpoint = endpoint_->endpoint()->settings();
    const std::string tokenizerFile = localPath(endpoint_->tokenizer());
    const int64_t context = endpoint_->context();
    const std::string unavailable = tr("the endpoint is unavailable: %1").toStdString();
    auto result = std::make_shared<Result>();
    JobBridge::Work work = [text, maxNewTokens, endpoint, tokenizerFile, context, unavailable, result](
                               const ipt::ProgressSink& progress, const ipt::CancelToken& cancel) {
        ipt::report(progress, "loading tokenizer", 0, 0);
        ipt::SynthesisBackendSpec spec;
        spec.endpoint = endpoint;
        spec.tokenizer = tokenizerFile;
        spec.context = context;
        const ipt::SynthesisBackend backend = ipt::open_synthesis_backend(spec);
        ipt::SynthesisModel& model = backend.model();
        ipt::report(progress, "generating", 0, maxNewTokens);
        try {
            synthesizeWith(model, text, maxNewTokens, context, cancel, result.get());
        } catch (const ipt::EndpointUnavailable& e) {
            // A refused prompt is no failure: its record says why (the result's note).
            throw ipt::Error(
                QString::fromStdString(unavailable).arg(QString::fromUtf8(e.what())).toStdString());
        }
    };
    summary_->setText(tr("Generating through %1…").arg(QString::fromStdString(endpoint.base_url)));
    bridge_->start(tr("Synthesizing pairs"), work, [this, result] { showResult(*result); });
}

void SynthesisPlayground::showResult(const Result& r) {
    pairs_ = r.pairs;
    raw_ = QString::fromUtf8(r.raw);
    rejected_.clear();
    for (const auto& f : r.rejected)
        rejected_ << QStringLiteral("%1: %2").arg(QString::fromUtf8(f.reason), QString::fromUtf8(f.fragment));
    QString html;
    int n = 0;
    for (const ipt::Pair& p : pairs_) {
        html += QStringLiteral("<p><b>%1. %2</b>").arg(++n).arg(escaped(p.question));
        if (!p.category.empty())
            html += QStringLiteral(" <span style='color:gray'>[%1]</span>").arg(escaped(p.category));
        html += QStringLiteral("<br>%1</p>").arg(escaped(p.answer));
    }
    if (!rejected_.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><ul>").arg(tr("Rejected by the parser"));
        for (const QString& line : rejected_) html += "<li>" + line.toHtmlEscaped() + "</li>";
        html += "</ul>";
    }
    if (!r.note.empty()) html += QStringLiteral("<p><i>%1</i></p>").arg(escaped(r.note));
    if (!raw_.isEmpty())
        html += QStringLiteral("<h4>%1</h4><pre>%2</pre>").arg(tr("Raw output"), raw_.toHtmlEscaped());
    result_->setHtml(html);
    summary_->setText(!r.generated ? tr("%n pair(s) mined.", "", n)
                                   : tr("%n pair(s) from %1 generated tokens.", "", n).arg(r.tokens));
    emit statusMessage(summary_->text());
    emit finished(n);
}

void SynthesisPlayground::showError(const QString& message) {
    error_ = message;
    summary_->clear();
    errorLabel_->showMessage(message);
    emit statusMessage(message);
}

void SynthesisPlayground::updateActions() {
    const bool busy = bridge_->isRunning();
    run_->setEnabled(!busy && !text_->toPlainText().trimmed().isEmpty());
    cancel_->setEnabled(busy);
    source_->setEnabled(!busy);
    endpointBox_->setEnabled(!busy);
}

void SynthesisPlayground::saveSettings(QSettings& settings) const {
    QStringList folders;
    for (int i = kFirstFolderIndex; i < source_->count(); ++i) folders << source_->itemData(i).toString();
    settings.setValue("synthesizers", folders);
    settings.setValue("current", synthesizer());
    settings.setValue("useEndpoint", usesEndpoint());
    settings.setValue("maxNewTokens", maxNewTokens_->value());
    settings.beginGroup("endpoint");
    endpoint_->saveSettings(settings);
    settings.endGroup();
}

void SynthesisPlayground::restoreSettings(QSettings& settings) {
    const QStringList folders = settings.value("synthesizers").toStringList();
    for (auto it = folders.rbegin(); it != folders.rend(); ++it) setSynthesizer(*it);
    setSynthesizer(settings.value("current").toString());
    if (settings.value("useEndpoint", false).toBool()) useEndpoint();
    restoreValue(settings, "maxNewTokens", maxNewTokens_);
    settings.beginGroup("endpoint");
    endpoint_->restoreSettings(settings);
    settings.endGroup();
}
