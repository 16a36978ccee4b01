#include "training/config_editor.h"

#include <QFontDatabase>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

#include "ipt/train/train_config.h"

namespace {

constexpr int kDebounceMs = 300;
const char* const kWhere = "run.toml";

// The line of `[section]` / `[[section]]`, or 0.
int sectionLine(const QStringList& lines, const QString& section) {
    const QRegularExpression header("^\\s*\\[\\[?\\s*" + QRegularExpression::escape(section) +
                                    "\\s*\\]\\]?\\s*(#.*)?$");
    for (int i = 0; i < lines.size(); ++i)
        if (header.match(lines[i]).hasMatch()) return i + 1;
    return 0;
}

// The line of `key =` in the table whose body starts at 0-based index `from` (stopping at the next
// table header), or 0.
int keyLine(const QStringList& lines, int from, const QString& key) {
    const QRegularExpression assignment("^\\s*" + QRegularExpression::escape(key) + "\\s*=");
    const QRegularExpression header("^\\s*\\[");
    for (int i = from; i < lines.size(); ++i) {
        if (header.match(lines[i]).hasMatch()) break;
        if (assignment.match(lines[i]).hasMatch()) return i + 1;
    }
    return 0;
}

// `data.sources[1].weight` -> line of `weight` in the second [[data.sources]]; `optimizer.lr` -> line
// of `lr` in [optimizer]; `model` -> the [model] header.
int dottedNameLine(const QStringList& lines, const QString& name) {
    static const QRegularExpression indexed("^(.*)\\[(\\d+)\\]$");
    QStringList parts = name.split('.');
    if (parts.size() == 1) {
        const int header = sectionLine(lines, name);
        return header ? header : keyLine(lines, 0, name);
    }
    const QString key = parts.takeLast();
    QString section = parts.join('.');
    int occurrence = 0;
    const QRegularExpressionMatch m = indexed.match(section);
    if (m.hasMatch()) {
        section = m.captured(1);
        occurrence = m.captured(2).toInt();
    }
    const QRegularExpression header("^\\s*\\[\\[?\\s*" + QRegularExpression::escape(section) +
                                    "\\s*\\]\\]?\\s*(#.*)?$");
    int seen = -1;
    for (int i = 0; i < lines.size(); ++i) {
        if (!header.match(lines[i]).hasMatch() || ++seen != occurrence) continue;
        const int found = keyLine(lines, i + 1, key);
        return found ? found : i + 1;
    }
    return 0;
}

}  // namespace

ConfigProblem locateConfigProblem(const QString& text, const QString& message) {
    ConfigProblem problem;
    problem.message = message;
    static const QRegularExpression parserLine("\\bline (\\d+)\\b");
    const QRegularExpressionMatch lineMatch = parserLine.match(message);
    if (lineMatch.hasMatch()) {
        problem.line = lineMatch.captured(1).toInt();
        return problem;
    }
    const QStringList lines = text.split('\n');
    // A quoted name first ('optimizer.lrr'), then bare dotted names (data.sequence_length must be > 1).
    static const QRegularExpression quoted("'([A-Za-z_][\\w.\\[\\]]*)'");
    static const QRegularExpression dotted("\\b([a-z_]+(?:\\[\\d+\\])?\\.[a-z_]+)\\b");
    for (const QRegularExpression* pattern : {&quoted, &dotted}) {
        auto matches = pattern->globalMatch(message);
        while (matches.hasNext()) {
            const int line = dottedNameLine(lines, matches.next().captured(1));
            if (line > 0) {
                problem.line = line;
                return problem;
            }
        }
    }
    return problem;
}

ConfigEditor::ConfigEditor(QWidget* parent) : QWidget(parent) {
    edit_ = new QPlainTextEdit(this);
    edit_->setObjectName("configText");
    edit_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit_->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit_->setPlaceholderText(tr("Paste or write a run.toml here, or open one."));
    problems_ = new QListWidget(this);
    problems_->setObjectName("configProblems");
    problems_->setMaximumHeight(64);
    state_ = new QLabel(this);
    state_->setObjectName("configState");
    state_->setTextFormat(Qt::PlainText);
    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit_, 1);
    layout->addWidget(state_);
    layout->addWidget(problems_);

    connect(edit_, &QPlainTextEdit::textChanged, debounce_, qOverload<>(&QTimer::start));
    connect(debounce_, &QTimer::timeout, this, [this] { validate(); });
    connect(problems_, &QListWidget::itemActivated, this, [this] {
        if (problem_.line <= 0) return;
        QTextCursor cursor(edit_->document()->findBlockByNumber(problem_.line - 1));
        edit_->setTextCursor(cursor);
        edit_->setFocus();
    });
    validate();
}

ConfigEditor::~ConfigEditor() = default;

QString ConfigEditor::text() const {
    return edit_->toPlainText();
}

void ConfigEditor::setText(const QString& text) {
    edit_->setPlainText(text);
    validate();
}

std::shared_ptr<ipt::TrainConfig> ConfigEditor::validate() {
    debounce_->stop();
    const bool wasValid = isValid();
    std::shared_ptr<ipt::TrainConfig> config;
    const QString text = edit_->toPlainText();
    if (text.trimmed().isEmpty()) {
        problem_ = {0, tr("The config is empty.")};
    } else {
        try {
            config =
                std::make_shared<ipt::TrainConfig>(ipt::train_config_from_toml(text.toStdString(), kWhere));
            problem_ = {};
        } catch (const std::exception& e) {
            QString message = QString::fromUtf8(e.what());
            const QString prefix = QString::fromLatin1(kWhere) + ": ";
            if (message.startsWith(prefix)) message = message.mid(prefix.size());
            problem_ = locateConfigProblem(text, message);
        }
    }
    showProblem();
    if (wasValid != isValid()) emit validityChanged(isValid());
    return config;
}

void ConfigEditor::showProblem() {
    problems_->clear();
    QList<QTextEdit::ExtraSelection> marks;
    if (isValid()) {
        state_->setText(tr("✓ Valid run config"));
        state_->setStyleSheet("color: #2e7d32;");
        problems_->hide();
    } else {
        state_->setText(tr("✗ Not a valid run config"));
        state_->setStyleSheet("color: #8a1c1c;");
        problems_->addItem(problem_.line > 0 ? tr("line %1: %2").arg(problem_.line).arg(problem_.message)
                                             : problem_.message);
        problems_->show();
        if (problem_.line > 0) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(edit_->document()->findBlockByNumber(problem_.line - 1));
            mark.format.setBackground(QColor(0xfd, 0xec, 0xea));
            mark.format.setProperty(QTextFormat::FullWidthSelection, true);
            mark.format.setToolTip(problem_.message);
            marks << mark;
        }
    }
    edit_->setExtraSelections(marks);
}
