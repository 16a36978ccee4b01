#include "synth/synthesis_playground.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "common/error_banner.h"
#include "common/job_bridge.h"
#include "common/local_path.h"
#include "ipt/synth/loaded_synthesizer.h"
#include "ipt/synth/pair_parser.h"
#include "ipt/synth/rule_miner.h"
#include "ipt/synth/synthesizer.h"
#include "ipt/text/tokenizer.h"

struct SynthesisPlayground::Result {
    std::vector<ipt::Pair> pairs;
    std::string raw;
    std::vector<ipt::RejectedFragment> rejected;
    int64_t tokens = 0;
    std::string note;  // the record's reason: truncation, why no pair survived
};

namespace {

constexpr int kMaxRecentSynthesizers = 5;

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
    QPushButton* browse = new QPushButton(tr("Synthesizer…"), this);
    connect(browse, &QPushButton::clicked, this, &SynthesisPlayground::browseForSynthesizer);
    maxNewTokens_ = new QSpinBox(this);
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
    updateActions();
}

SynthesisPlayground::~SynthesisPlayground() {
    delete bridge_;  // joins the job before the model it uses goes
}

void SynthesisPlayground::setText(const QString& text) {
    text_->setPlainText(text);
}

void SynthesisPlayground::setSynthesizer(const QString& folder) {
    if (folder.isEmpty()) {
        source_->setCurrentIndex(0);
        return;
    }
    const QString clean = QDir::cleanPath(folder);
    int index = source_->findData(clean);
    if (index < 0) {
        source_->insertItem(1, QDir::toNativeSeparators(clean), clean);
        index = 1;
        while (source_->count() > kMaxRecentSynthesizers + 1) source_->removeItem(source_->count() - 1);
    }
    source_->setCurrentIndex(index);
}

QString SynthesisPlayground::synthesizer() const {
    return source_->currentData().toString();
}

void SynthesisPlayground::browseForSynthesizer() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Synthesizer Model Folder"));
    if (!folder.isEmpty()) setSynthesizer(folder);
}

void SynthesisPlayground::synthesize() {
    if (bridge_->isRunning() || text_->toPlainText().trimmed().isEmpty()) return;
    const std::string text = text_->toPlainText().toStdString();
    const QString folder = synthesizer();
    const int64_t maxNewTokens = maxNewTokens_->value();
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
        // Exactly what `ipt synth run` does with one text: its context budget, truncation and parser.
        ipt::SynthesizerOptions options;
        options.rounds = 1;
        options.batch = 1;
        options.max_new_tokens = maxNewTokens;
        ipt::Synthesizer synthesizer(*(*holder)->model, options);  // UsageError when nothing fits
        std::vector<ipt::PairRecord> records;
        synthesizer.run({ipt::SynthInput{"playground", text}}, &records, {}, 0, {}, cancel);
        const ipt::PairRecord& record = records.at(0);
        result->raw = record.raw_output;
        result->tokens = synthesizer.counters().generated_tokens;
        result->pairs = record.pairs;
        result->note = record.reason;
        // A record counts the rejected fragments; the panel shows them, so the output is read for them.
        if (record.dropped > 0) result->rejected = ipt::parse_pairs(record.raw_output).rejected;
    };
    error_.clear();
    errorLabel_->clearMessage();
    summary_->setText(folder.isEmpty() ? tr("Mining…") : tr("Generating…"));
    bridge_->start(tr("Synthesizing pairs"), work, [this, result, holder] {
        loaded_ = *holder;
        showResult(*result);
    });
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
    summary_->setText(r.raw.empty() ? tr("%n pair(s) mined.", "", n)
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
}

void SynthesisPlayground::saveSettings(QSettings& settings) const {
    QStringList folders;
    for (int i = 1; i < source_->count(); ++i) folders << source_->itemData(i).toString();
    settings.setValue("synthesizers", folders);
    settings.setValue("current", synthesizer());
    settings.setValue("maxNewTokens", maxNewTokens_->value());
}

void SynthesisPlayground::restoreSettings(QSettings& settings) {
    const QStringList folders = settings.value("synthesizers").toStringList();
    for (auto it = folders.rbegin(); it != folders.rend(); ++it) setSynthesizer(*it);
    setSynthesizer(settings.value("current").toString());
    maxNewTokens_->setValue(settings.value("maxNewTokens", 400).toInt());
}
