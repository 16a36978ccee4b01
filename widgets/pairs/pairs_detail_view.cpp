#include "pairs/pairs_detail_view.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>
#include <QSpinBox>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextEdit>
#include <QVBoxLayout>

#include <string>
#include <vector>

#include "ipt/data/quoted_spans.h"

namespace {

constexpr int kDefaultMinQuote = 12;

// Soft colours that stay readable under black text; pair k uses colour k modulo the list.
const QColor kPairColours[] = {QColor(0xc8, 0xe6, 0xc9), QColor(0xbb, 0xde, 0xfb), QColor(0xf8, 0xbb, 0xd0),
                               QColor(0xd1, 0xc4, 0xe9), QColor(0xff, 0xe0, 0xb2), QColor(0xb2, 0xeb, 0xf2)};

QColor pairColour(size_t pair) {
    return kPairColours[pair % std::size(kPairColours)];
}

// A string's code points, case-folded one to one (so positions stay comparable), and where each code
// point starts in the QString (surrogate pairs take two positions).
struct Folded {
    std::u32string codes;
    std::vector<int> starts;  // one more than codes: the end
};

Folded fold(const QString& text) {
    Folded f;
    for (int i = 0; i < text.size();) {
        char32_t code = text.at(i).unicode();
        int units = 1;
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            code = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            units = 2;
        }
        f.codes.push_back(QChar::toLower(code));
        f.starts.push_back(i);
        i += units;
    }
    f.starts.push_back(int(text.size()));
    return f;
}

QTextCharFormat tagFormat() {
    QTextCharFormat format;
    format.setForeground(QColor(0x75, 0x75, 0x75));
    return format;
}

}  // namespace

PairsDetailView::PairsDetailView(QWidget* parent) : QWidget(parent) {
    header_ = new QLabel(this);
    header_->setObjectName("recordHeader");
    header_->setTextFormat(Qt::PlainText);
    header_->setWordWrap(true);
    header_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    renderedButton_ = new QRadioButton(tr("Rendered"), this);
    renderedButton_->setObjectName("renderedMode");
    renderedButton_->setToolTip(tr("The synthesizer's text format, with quoted spans highlighted"));
    renderedButton_->setChecked(true);
    rawButton_ = new QRadioButton(tr("Raw"), this);
    rawButton_->setObjectName("rawMode");
    rawButton_->setToolTip(tr("The synthesizer's raw output, or the record's JSON line"));
    auto* modes = new QButtonGroup(this);
    modes->addButton(renderedButton_);
    modes->addButton(rawButton_);
    connect(renderedButton_, &QRadioButton::toggled, this,
            [this](bool rendered) { setMode(rendered ? Mode::Rendered : Mode::Raw); });

    minQuote_ = new QSpinBox(this);
    minQuote_->setObjectName("minimumQuoteLength");
    minQuote_->setRange(3, 200);
    minQuote_->setValue(kDefaultMinQuote);
    minQuote_->setSuffix(tr(" chars"));
    minQuote_->setToolTip(tr("Shortest common substring of text and pair that is highlighted as quoted"));
    connect(minQuote_, qOverload<int>(&QSpinBox::valueChanged), this, [this] { render(); });

    text_ = new QTextEdit(this);
    text_->setObjectName("recordText");
    text_->setReadOnly(true);
    text_->setPlaceholderText(tr("Select a record to see its text and pairs."));

    auto* controls = new QHBoxLayout;
    controls->addWidget(renderedButton_);
    controls->addWidget(rawButton_);
    controls->addStretch(1);
    controls->addWidget(new QLabel(tr("Quotes of at least"), this));
    controls->addWidget(minQuote_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(header_);
    layout->addLayout(controls);
    layout->addWidget(text_, 1);
}

void PairsDetailView::showRecord(const ipt::PairsIndex& index, size_t record) {
    const ipt::PairsIndex::Summary& s = index.summary(record);
    record_ = index.record(record);
    const std::string_view line = index.line(record);
    rawLine_ = QString::fromUtf8(line.data(), qsizetype(line.size()));
    if (s.malformed() || !record_->problem.empty()) {
        header_->setText(tr("Line %1: malformed, %2")
                             .arg(QString::number(s.line), QString::fromStdString(record_->problem)));
    } else {
        QString header =
            tr("Line %1 · %2 · %3 · %n pair(s) · status %4", nullptr, int(record_->pairs.size()))
                .arg(QString::number(s.line),
                     record_->id.empty() ? tr("(no id)") : QString::fromStdString(record_->id),
                     // The reader defaults a missing method to the contract's; the index saw it missing.
                     s.method == ipt::PairsMethod::Missing ? tr("(no method)")
                                                           : QString::fromStdString(record_->method),
                     record_->status_name.empty() ? QStringLiteral("ok")
                                                  : QString::fromStdString(record_->status_name));
        if (!record_->reason.empty()) header += tr(" (%1)").arg(QString::fromStdString(record_->reason));
        if (record_->round > 0) header += tr(" · round %1").arg(record_->round);
        if (record_->truncated) header += tr(" · text truncated");
        if (record_->dropped > 0) header += tr(" · %1 fragments dropped").arg(record_->dropped);
        if (!record_->model.empty()) header += tr(" · model %1").arg(QString::fromStdString(record_->model));
        header_->setText(header);
    }
    render();
}

void PairsDetailView::clear() {
    record_.reset();
    rawLine_.clear();
    header_->clear();
    text_->clear();
    quotedRanges_.clear();
    searchRanges_.clear();
}

void PairsDetailView::setMode(Mode mode) {
    if (mode_ == mode) return;
    mode_ = mode;
    renderedButton_->setChecked(mode == Mode::Rendered);
    rawButton_->setChecked(mode == Mode::Raw);
    render();
}

void PairsDetailView::setSearchQuery(const QString& query) {
    query_ = query;
    render();
}

int PairsDetailView::minimumQuoteLength() const {
    return minQuote_->value();
}

void PairsDetailView::setMinimumQuoteLength(int characters) {
    minQuote_->setValue(characters);
}

QString PairsDetailView::shownText() const {
    return text_->toPlainText();
}

QString PairsDetailView::headerText() const {
    return header_->text();
}

void PairsDetailView::render() {
    quotedRanges_.clear();
    searchRanges_.clear();
    text_->clear();
    if (!record_) return;
    if (mode_ == Mode::Raw || !record_->problem.empty())
        renderRaw();
    else
        renderRecord();
    highlightSearch();
    text_->moveCursor(QTextCursor::Start);
}

void PairsDetailView::renderRaw() {
    QTextCursor cursor(text_->document());
    if (!record_->problem.empty()) {
        cursor.insertText(rawLine_);
        cursor.insertText(QStringLiteral("\n\n"), tagFormat());
        cursor.insertText(QString::fromStdString(record_->problem), tagFormat());
        return;
    }
    cursor.insertText(record_->raw_output.empty() ? rawLine_ : QString::fromStdString(record_->raw_output));
}

void PairsDetailView::renderRecord() {
    const QString text = QString::fromStdString(record_->text);
    const Folded foldedText = fold(text);
    const size_t minLength = size_t(minQuote_->value());

    // For each code point of the text, the pair (+1) whose quote covers it; later pairs paint over.
    std::vector<int> owner(foldedText.codes.size(), 0);
    struct Part {
        QString string;
        std::vector<int> owner;  // per code point
        Folded folded;
    };
    std::vector<std::pair<Part, Part>> pairs;
    for (size_t k = 0; k < record_->pairs.size(); ++k) {
        Part question{QString::fromStdString(record_->pairs[k].question), {}, {}};
        Part answer{QString::fromStdString(record_->pairs[k].answer), {}, {}};
        for (Part* part : {&question, &answer}) {
            part->folded = fold(part->string);
            part->owner.assign(part->folded.codes.size(), 0);
            for (const ipt::QuotedSpan& span :
                 ipt::find_quoted_spans(foldedText.codes, part->folded.codes, minLength)) {
                for (size_t i = 0; i < span.length; ++i) {
                    owner[span.text_begin + i] = int(k) + 1;
                    part->owner[span.quote_begin + i] = int(k) + 1;
                }
            }
        }
        pairs.emplace_back(std::move(question), std::move(answer));
    }

    QTextCursor cursor(text_->document());
    // Inserts `string` with runs of the same owner in that owner's colour.
    auto insertPainted = [&](const QString& string, const Folded& folded, const std::vector<int>& owners) {
        size_t i = 0;
        while (i < owners.size()) {
            size_t j = i;
            while (j < owners.size() && owners[j] == owners[i]) ++j;
            const int start = folded.starts[i], end = folded.starts[j];
            QTextCharFormat format;
            if (owners[i] > 0) {
                format.setBackground(pairColour(size_t(owners[i] - 1)));
                const int at = cursor.position();
                quotedRanges_.append({at, at + (end - start)});
            }
            cursor.insertText(string.mid(start, end - start), format);
            i = j;
        }
    };

    cursor.insertText(QStringLiteral(" <CON> "), tagFormat());
    insertPainted(text, foldedText, owner);
    cursor.insertText(QStringLiteral(" </CON>\n\n"), tagFormat());
    for (size_t k = 0; k < pairs.size(); ++k) {
        if (k) cursor.insertText(QStringLiteral("\n\n"), QTextCharFormat());
        QTextCharFormat tag = tagFormat();
        tag.setFontWeight(QFont::Bold);
        tag.setForeground(pairColour(k).darker(220));
        cursor.insertText(QStringLiteral("<QUE> "), tag);
        insertPainted(pairs[k].first.string, pairs[k].first.folded, pairs[k].first.owner);
        cursor.insertText(QStringLiteral(" <ANS> "), tag);
        insertPainted(pairs[k].second.string, pairs[k].second.folded, pairs[k].second.owner);
        cursor.insertText(QStringLiteral(" </END>"), tag);
    }
}

void PairsDetailView::highlightSearch() {
    if (query_.isEmpty()) return;
    QTextDocument* document = text_->document();
    QTextCharFormat hit;
    hit.setBackground(QColor(0xff, 0xeb, 0x3b));
    hit.setFontWeight(QFont::Bold);
    QTextCursor found = document->find(query_, 0);
    while (!found.isNull()) {
        searchRanges_.append({found.selectionStart(), found.selectionEnd()});
        found.mergeCharFormat(hit);
        found = document->find(query_, found);
    }
}
