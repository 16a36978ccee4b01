#pragma once
// One record of a pairs file in full: its text and each pair, either rendered in the synthesizer's text
// format (" <CON> text </CON>" then "<QUE> q <ANS> a </END>" per pair) with the spans of the text that a
// question or an answer quotes highlighted in that pair's colour, or raw (the synthesizer's raw output,
// else the record's JSON line as it is in the file). Search hits are highlighted in both.
#include <QString>
#include <QVector>
#include <QWidget>

#include <optional>

#include "ipt/data/pairs_index.h"

class QButtonGroup;
class QLabel;
class QRadioButton;
class QSpinBox;
class QTextEdit;

class PairsDetailView : public QWidget {
    Q_OBJECT

  public:
    enum class Mode { Rendered, Raw };

    explicit PairsDetailView(QWidget* parent = nullptr);

    void showRecord(const ipt::PairsIndex& index, size_t record);
    void clear();
    Mode mode() const { return mode_; }
    void setMode(Mode mode);
    void setSearchQuery(const QString& query);
    int minimumQuoteLength() const;
    void setMinimumQuoteLength(int characters);

    QString shownText() const;
    QString headerText() const;
    // Text spans currently highlighted as quoted by a pair ([start, end) in shownText()), and as
    // search hits.
    const QVector<QPair<int, int>>& quotedRanges() const { return quotedRanges_; }
    const QVector<QPair<int, int>>& searchRanges() const { return searchRanges_; }

  private:
    void render();
    void renderRecord();
    void renderRaw();
    void highlightSearch();

    QLabel* header_;
    QRadioButton* renderedButton_;
    QRadioButton* rawButton_;
    QSpinBox* minQuote_;
    QTextEdit* text_;
    Mode mode_ = Mode::Rendered;
    QString query_;
    std::optional<ipt::PairsIndex::Record> record_;
    QString rawLine_;
    QVector<QPair<int, int>> quotedRanges_;
    QVector<QPair<int, int>> searchRanges_;
};
