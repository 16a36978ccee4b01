// The pairs browser on a small pairs file the test writes line by line: which rows the model shows for
// filters and searches, malformed lines as rows with their line numbers, a click on a histogram bar,
// flag + undo and the flags file, export of the rows shown, and the detail view's highlighting. Every
// expected value is worked out by hand from the lines below.
#include <qcustomplot.h>
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QUndoStack>
#include <QtTest>

#include "common/job_bridge.h"
#include "ipt/data/pairs_index.h"
#include "ipt/data/pairs_query.h"
#include "ipt/data/quoted_spans.h"
#include "ipt/text/tokenizer.h"
#include "pairs/histogram_view.h"
#include "pairs/pairs_detail_view.h"
#include "pairs/pairs_filter_bar.h"
#include "pairs/pairs_panel.h"
#include "pairs/pairs_table_model.h"

namespace {

constexpr int kTimeoutMs = 20000;

// Line numbers are 1-based; line 3 is blank (no record), lines 6 and 8 are malformed.
const char* const kLines[] = {
    // 1: a1, rules, 1 pair of 5 + 6 = 11 words; the answer and the question quote the text.
    "{\"id\":\"a1\",\"text\":\"The harbour of the old town was busy in winter.\",\"pairs\":[{\"question\":"
    "\"What was busy in winter?\",\"answer\":\"The harbour of the old "
    "town\"}],\"method\":\"rules\",\"round\":1,"
    "\"status\":\"ok\"}",
    // 2: a2, synthesizer, 2 pairs of 5 + 3 = 8 and 3 + 1 = 4 words, with a raw output.
    "{\"id\":\"a2\",\"text\":\"Rivers carry water to the sea.\",\"pairs\":[{\"question\":\"Where do rivers "
    "carry "
    "water?\",\"answer\":\"To the sea.\"},{\"question\":\"Is this true?\",\"answer\":\"Yes\"}],\"method\":"
    "\"synthesizer\",\"round\":1,\"status\":\"ok\",\"raw_output\":\"<QUE> Where do rivers carry water? <ANS> "
    "To "
    "the sea. </END>\"}",
    // 3: blank.
    "   ",
    // 4: a3, rules, no pairs, empty text.
    "{\"id\":\"a3\",\"text\":\"\",\"pairs\":[],\"method\":\"rules\",\"round\":1,\"status\":\"empty_text\","
    "\"reason\":\"the text is empty\"}",
    // 5: a4, synthesizer, 3 pairs of 2 words each; escaped text "Café culture in Paris — a Harbour of ideas."
    "{\"id\":\"a4\",\"text\":\"Caf\\u00e9 culture in Paris \\u2014 a Harbour of "
    "ideas.\",\"pairs\":[{\"question\":"
    "\"q1\",\"answer\":\"a1\"},{\"question\":\"q2\",\"answer\":\"a2\"},{\"question\":\"q3\",\"answer\":"
    "\"a3\"}],"
    "\"method\":\"synthesizer\",\"round\":2,\"status\":\"ok\"}",
    // 6: not JSON.
    "this is not json",
    // 7: a5, rules, 1 pair of 1 + 14 = 15 words.
    "{\"id\":\"a5\",\"text\":\"Short.\",\"pairs\":[{\"question\":\"Why?\",\"answer\":\"Because the long "
    "answer goes "
    "on and on for quite a few words here\"}],\"method\":\"rules\",\"status\":\"ok\"}",
    // 8: JSON, but "pairs" is not an array.
    "{\"id\":\"a6\",\"text\":\"x\",\"pairs\":\"oops\"}",
    // 9: a second record with id a2, rules, no pairs.
    "{\"id\":\"a2\",\"text\":\"Duplicate id "
    "record.\",\"pairs\":[],\"method\":\"rules\",\"status\":\"no_pairs\","
    "\"reason\":\"nothing\"}",
};

QString writeLines(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    for (const char* line : kLines) {
        file.write(line);
        file.write("\n");
    }
    return path;
}

// The rows shown, by id, malformed lines as "#<line>".
QStringList shown(const PairsTableModel& model) {
    QStringList rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data(PairsTableModel::MalformedRole).toBool())
            rows << "#" + model.index(row, PairsTableModel::LineColumn).data().toString();
        else
            rows << model.index(row, PairsTableModel::IdColumn).data().toString() + "@" +
                        model.index(row, PairsTableModel::LineColumn).data().toString();
    }
    return rows;
}

QJsonObject readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QAction* action(const PairsPanel& panel, const char* name) {
    for (QAction* a : panel.browseActions())
        if (a->objectName() == name) return a;
    qFatal("no action %s", name);
    return nullptr;
}

}  // namespace

class TestPairsBrowser : public QObject {
    Q_OBJECT

  private slots:
    void init();
    void cleanup();
    void indexesEveryRecordWithItsColumns();
    void modelRowsFollowFilters();
    void searchFindsTextsQuestionsAndAnswers();
    void malformedLinesAreRowsWithLineNumbers();
    void clickingAHistogramBarFilters();
    void flagUndoRedoAndTheFlagsFile();
    void unreadableFlagsFileIsNeverOverwritten();
    void exportWritesExactlyTheShownRows();
    void detailViewHighlightsQuotesAndHits();
    void nextAndPreviousMoveTheSelection();
    void quotedSpansAreMaximalCommonSubstrings();
    void pairLengthsInTokensOfATokenizer();
    void rowsAppearWhileIndexingAndCancelKeepsThem();
    void zeroPairsBarAndFilterAgree();
    void detailShowsOnlyARecordOfTheTable();
    void tokenCountsStopResumeAndSayWhatTheyCount();

  private:
    void openAndWait(const QString& path);
    void searchAndWait(const QString& query);

    QTemporaryDir dir_;
    QString file_;
    std::unique_ptr<PairsPanel> panel_;
};

void TestPairsBrowser::init() {
    QVERIFY(dir_.isValid());
    file_ = writeLines(dir_.filePath("pairs.jsonl"));
    QFile::remove(file_ + ".flags.json");
    panel_ = std::make_unique<PairsPanel>();
    panel_->resize(1200, 800);
    panel_->show();
    QVERIFY(QTest::qWaitForWindowExposed(panel_.get()));
    // Shortcuts only reach an active window.
    panel_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(panel_.get()));
    openAndWait(file_);
}

void TestPairsBrowser::cleanup() {
    panel_.reset();
}

void TestPairsBrowser::openAndWait(const QString& path) {
    QSignalSpy indexed(panel_.get(), &PairsPanel::indexingFinished);
    panel_->openFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(indexed.count() == 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!panel_->workBridge()->isRunning() && !panel_->isIndexing(), kTimeoutMs);
}

void TestPairsBrowser::searchAndWait(const QString& query) {
    QSignalSpy finished(panel_.get(), &PairsPanel::searchFinished);
    panel_->search(query);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kTimeoutMs);
    QCOMPARE(finished.at(0).at(0).toString(), query);
}

void TestPairsBrowser::indexesEveryRecordWithItsColumns() {
    PairsTableModel& model = *panel_->model();
    QVERIFY(panel_->isIndexComplete());
    QCOMPARE(panel_->recordCount(), 8);  // nine lines, one blank
    // The first row was selected as soon as it arrived, and stays selected once sorting is enabled.
    QCOMPARE(panel_->tableView()->currentIndex().row(), 0);
    QVERIFY(panel_->detailView()->headerText().startsWith("Line 1 · a1 · rules"));
    QCOMPARE(shown(model), QStringList({"a1@1", "a2@2", "a3@4", "a4@5", "#6", "a5@7", "#8", "a2@9"}));
    // Pairs, length (characters of the decoded text) and method of each well-formed record.
    const QList<int> pairs = {1, 2, 0, 3, 1, 0};
    const QList<int> lengths = {int(QString("The harbour of the old town was busy in winter.").size()),
                                int(QString("Rivers carry water to the sea.").size()),
                                0,
                                int(QString::fromUtf8("Café culture in Paris — a Harbour of ideas.").size()),
                                int(QString("Short.").size()),
                                int(QString("Duplicate id record.").size())};
    const QStringList methods = {"rules", "synthesizer", "rules", "synthesizer", "rules", "rules"};
    const QList<int> rows = {0, 1, 2, 3, 5, 7};
    for (int i = 0; i < rows.size(); ++i) {
        QCOMPARE(model.index(rows[i], PairsTableModel::PairsColumn).data().toInt(), pairs[i]);
        QCOMPARE(model.index(rows[i], PairsTableModel::CharsColumn).data().toInt(), lengths[i]);
        QCOMPARE(model.index(rows[i], PairsTableModel::MethodColumn).data().toString(), methods[i]);
    }
    QCOMPARE(model.index(3, PairsTableModel::TextColumn).data().toString(),
             QString::fromUtf8("Café culture in Paris — a Harbour of ideas."));
    QCOMPARE(model.index(2, PairsTableModel::StatusColumn).data().toString(), QString("empty_text"));
    // Words per pair, in file order: 5+6, 5+3, 3+1, 2, 2, 2, 1+14.
    const ipt::PairsIndex& index = *model.pairsIndex();
    QCOMPARE(index.pair_count(), size_t(7));
    const std::vector<uint32_t> words = {11, 8, 4, 2, 2, 2, 15};
    for (size_t p = 0; p < words.size(); ++p) QCOMPARE(index.pair_words(p), words[p]);
}

void TestPairsBrowser::modelRowsFollowFilters() {
    PairsTableModel& model = *panel_->model();
    PairsFilterBar& bar = *panel_->filterBar();
    bar.methodBox()->setCurrentIndex(bar.methodBox()->findText("rules"));
    QCOMPARE(shown(model), QStringList({"a1@1", "a3@4", "a5@7", "a2@9"}));
    bar.setPairsRange(1, 1);
    QCOMPARE(shown(model), QStringList({"a1@1", "a5@7"}));
    bar.reset();
    bar.setPairsRange(2, 3);
    QCOMPARE(shown(model), QStringList({"a2@2", "a4@5"}));
    bar.reset();
    auto* minChars = bar.findChild<QSpinBox*>("minChars");
    auto* maxChars = bar.findChild<QSpinBox*>("maxChars");
    minChars->setValue(10);
    QCOMPARE(shown(model), QStringList({"a1@1", "a2@2", "a4@5", "a2@9"}));
    maxChars->setValue(30);  // "Rivers carry water to the sea." is 30, "Duplicate id record." 20
    QCOMPARE(shown(model), QStringList({"a2@2", "a2@9"}));
    bar.reset();
    bar.statusBox()->setCurrentIndex(bar.statusBox()->findText("Well-formed records"));
    QCOMPARE(model.rowCount(), 6);
    bar.statusBox()->setCurrentIndex(bar.statusBox()->findText("no_pairs"));
    QCOMPARE(shown(model), QStringList({"a2@9"}));
    panel_->clearFilters();
    QCOMPARE(model.rowCount(), 8);
}

void TestPairsBrowser::searchFindsTextsQuestionsAndAnswers() {
    PairsTableModel& model = *panel_->model();
    // In a1's text and answer, and (escaped, different case) in a4's text.
    searchAndWait("harbour");
    QCOMPARE(shown(model), QStringList({"a1@1", "a4@5"}));
    // Only in a question (the raw output is not searched).
    searchAndWait("WHERE DO RIVERS");
    QCOMPARE(shown(model), QStringList({"a2@2"}));
    // Only in an answer.
    searchAndWait("quite a few");
    QCOMPARE(shown(model), QStringList({"a5@7"}));
    // Decoded from \u escapes.
    searchAndWait(QString::fromUtf8("Café"));
    QCOMPARE(shown(model), QStringList({"a4@5"}));
    // Field names and other values are not searched.
    searchAndWait("synthesizer");
    QCOMPARE(model.rowCount(), 0);
    // Search and filters together.
    searchAndWait("the");
    QCOMPARE(shown(model), QStringList({"a1@1", "a2@2", "a5@7"}));
    panel_->filterBar()->methodBox()->setCurrentIndex(panel_->filterBar()->methodBox()->findText("rules"));
    QCOMPARE(shown(model), QStringList({"a1@1", "a5@7"}));
    panel_->search(QString());
    QCOMPARE(shown(model), QStringList({"a1@1", "a3@4", "a5@7", "a2@9"}));
}

void TestPairsBrowser::malformedLinesAreRowsWithLineNumbers() {
    PairsTableModel& model = *panel_->model();
    PairsFilterBar& bar = *panel_->filterBar();
    bar.statusBox()->setCurrentIndex(bar.statusBox()->findText("Malformed lines"));
    QCOMPARE(shown(model), QStringList({"#6", "#8"}));
    QCOMPARE(model.index(0, PairsTableModel::StatusColumn).data().toString(), QString("malformed"));
    QVERIFY(
        model.index(0, PairsTableModel::TextColumn).data().toString().startsWith("malformed line: column 1"));
    QVERIFY(
        model.index(1, PairsTableModel::TextColumn).data().toString().contains("\"pairs\" is not an array"));
    panel_->showRecordAt(1);
    QVERIFY(panel_->detailView()->headerText().startsWith("Line 8: malformed"));
    QVERIFY(panel_->detailView()->shownText().startsWith(kLines[7]));
    // Malformed lines cannot carry a flag.
    panel_->tableView()->selectRow(0);
    action(*panel_, "pairsFlagAction")->trigger();
    QCOMPARE(panel_->undoStack()->count(), 0);
    QVERIFY(!QFile::exists(file_ + ".flags.json"));
}

void TestPairsBrowser::clickingAHistogramBarFilters() {
    PairsTableModel& model = *panel_->model();
    HistogramView& perText = *panel_->pairsHistogram();
    // Pairs per well-formed record: 1, 2, 0, 3, 1, 0.
    QCOMPARE(perText.histogram().width, 1u);
    QCOMPARE(std::vector<uint64_t>(perText.histogram().counts), std::vector<uint64_t>({2, 2, 1, 1}));
    perText.plot()->replot();
    QTest::mouseClick(perText.plot(), Qt::LeftButton, Qt::NoModifier, perText.barCenter(2).toPoint());
    QCOMPARE(perText.selectedBin(), 2);
    QCOMPARE(shown(model), QStringList({"a2@2"}));
    QCOMPARE(panel_->filterBar()->filter().min_pairs, 2u);
    QCOMPARE(panel_->filterBar()->filter().max_pairs, 2u);
    QTest::mouseClick(perText.plot(), Qt::LeftButton, Qt::NoModifier, perText.barCenter(2).toPoint());
    QCOMPARE(perText.selectedBin(), -1);
    QCOMPARE(model.rowCount(), 8);

    // Pair lengths 11, 8, 4, 2, 2, 2, 15 words: bins of one word up to 15.
    HistogramView& perPair = *panel_->lengthHistogram();
    QVERIFY2(perPair.xLabel().startsWith("Words per pair"), qPrintable(perPair.xLabel()));
    QCOMPARE(perPair.histogram().width, 1u);
    QCOMPARE(perPair.histogram().counts.size(), size_t(16));
    QCOMPARE(perPair.histogram().counts[2], uint64_t(3));
    perPair.plot()->replot();
    QTest::mouseClick(perPair.plot(), Qt::LeftButton, Qt::NoModifier, perPair.barCenter(15).toPoint());
    QCOMPARE(shown(model), QStringList({"a5@7"}));
    QTest::mouseClick(perPair.plot(), Qt::LeftButton, Qt::NoModifier, perPair.barCenter(2).toPoint());
    QCOMPARE(shown(model), QStringList({"a4@5"}));
    QTest::mouseClick(perPair.plot(), Qt::LeftButton, Qt::NoModifier, perPair.barCenter(2).toPoint());
    QCOMPARE(model.rowCount(), 8);
}

void TestPairsBrowser::flagUndoRedoAndTheFlagsFile() {
    PairsTableModel& model = *panel_->model();
    const QString flagsFile = file_ + ".flags.json";
    panel_->tableView()->setFocus();
    panel_->tableView()->selectRow(1);  // a2 at line 2; line 9 has the same id
    QSignalSpy saved(panel_.get(), &PairsPanel::flagsSaved);
    action(*panel_, "pairsFlagAction")->trigger();
    QCOMPARE(saved.count(), 1);
    QVERIFY(model.index(1, 0).data(PairsTableModel::FlaggedRole).toBool());
    QVERIFY(model.index(7, 0).data(PairsTableModel::FlaggedRole).toBool());
    QVERIFY(!model.index(0, 0).data(PairsTableModel::FlaggedRole).toBool());
    QCOMPARE(model.index(1, PairsTableModel::FlagColumn).data().toString(), QString("\u2691"));
    QJsonObject flags = readJson(flagsFile);
    QCOMPARE(flags.value("version").toInt(), 1);
    QCOMPARE(flags.value("flagged").toArray(), QJsonArray({"a2"}));

    panel_->filterBar()->flagBox()->setCurrentIndex(1);  // flagged only
    QCOMPARE(shown(model), QStringList({"a2@2", "a2@9"}));

    panel_->undoStack()->undo();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(readJson(flagsFile).value("flagged").toArray(), QJsonArray());
    panel_->undoStack()->redo();
    QCOMPARE(shown(model), QStringList({"a2@2", "a2@9"}));
    QCOMPARE(readJson(flagsFile).value("flagged").toArray(), QJsonArray({"a2"}));

    // Flags come back from the flags file when the file is opened again.
    panel_->filterBar()->reset();
    panel_->tableView()->selectRow(0);
    action(*panel_, "pairsFlagAction")->trigger();
    QCOMPARE(readJson(flagsFile).value("flagged").toArray(), QJsonArray({"a1", "a2"}));
    openAndWait(file_);
    QCOMPARE(panel_->undoStack()->count(), 0);
    panel_->filterBar()->flagBox()->setCurrentIndex(1);
    QCOMPARE(shown(*panel_->model()), QStringList({"a1@1", "a2@2", "a2@9"}));
    // Toggling a selection that is all flagged unflags it, as one undoable step.
    panel_->tableView()->selectAll();
    action(*panel_, "pairsFlagAction")->trigger();
    QCOMPARE(panel_->model()->rowCount(), 0);
    QCOMPARE(readJson(flagsFile).value("flagged").toArray(), QJsonArray());
    QCOMPARE(panel_->undoStack()->count(), 1);
    panel_->undoStack()->undo();
    QCOMPARE(readJson(flagsFile).value("flagged").toArray(), QJsonArray({"a1", "a2"}));
}

void TestPairsBrowser::unreadableFlagsFileIsNeverOverwritten() {
    const QString flagsFile = file_ + ".flags.json";
    {
        QFile file(flagsFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"version\": 1, \"flagged\": [3]}");
    }
    openAndWait(file_);
    QVERIFY(panel_->errorMessage().contains(flagsFile));
    QVERIFY(panel_->errorMessage().contains("flagged[0] is not a string"));
    panel_->tableView()->selectRow(0);
    action(*panel_, "pairsFlagAction")->trigger();
    QFile file(flagsFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("{\"version\": 1, \"flagged\": [3]}"));
}

void TestPairsBrowser::exportWritesExactlyTheShownRows() {
    PairsFilterBar& bar = *panel_->filterBar();
    bar.methodBox()->setCurrentIndex(bar.methodBox()->findText("rules"));
    const QString out = dir_.filePath("rules.jsonl");
    QSignalSpy done(panel_.get(), &PairsPanel::exportFinished);
    panel_->exportShownRows(out);
    QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, kTimeoutMs);
    QCOMPARE(done.at(0).at(1).toLongLong(), 4);
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray expected =
        QByteArray(kLines[0]) + "\n" + kLines[3] + "\n" + kLines[6] + "\n" + kLines[8] + "\n";
    QCOMPARE(file.readAll(), expected);

    // Malformed lines are shown but not exported: the output stays JSONL.
    bar.reset();
    const QString all = dir_.filePath("all.jsonl");
    panel_->exportShownRows(all);
    QTRY_VERIFY_WITH_TIMEOUT(done.count() == 2, kTimeoutMs);
    QCOMPARE(done.at(1).at(1).toLongLong(), 6);
    QFile allFile(all);
    QVERIFY(allFile.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = allFile.readAll().split('\n');
    QCOMPARE(lines.size(), 7);  // six lines and the empty rest after the last line end
    for (const QByteArray& line : lines.mid(0, 6)) QVERIFY(!QJsonDocument::fromJson(line).isNull());
}

void TestPairsBrowser::detailViewHighlightsQuotesAndHits() {
    PairsDetailView& detail = *panel_->detailView();
    panel_->showRecordAt(0);  // a1
    QCOMPARE(detail.mode(), PairsDetailView::Mode::Rendered);
    const QString rendered = detail.shownText();
    QCOMPARE(rendered, QString(" <CON> The harbour of the old town was busy in winter. </CON>\n\n"
                               "<QUE> What was busy in winter? <ANS> The harbour of the old town </END>"));
    // In the text: "The harbour of the old town" (answer, 27 characters from 7) and " was busy in winter"
    // (question, 19 characters) follow each other, both quoted by pair 1: one range [7, 53).
    QVERIFY(detail.quotedRanges().contains(qMakePair(7, 53)));
    // In the question " was busy in winter" (after "<QUE> What"), and the whole answer.
    const int question = rendered.indexOf("<QUE> ") + 6;
    QVERIFY(detail.quotedRanges().contains(qMakePair(question + 4, question + 23)));
    const int answer = rendered.indexOf("<ANS> ") + 6;
    QVERIFY(detail.quotedRanges().contains(qMakePair(answer, answer + 27)));
    // Below the minimum length nothing is quoted.
    detail.setMinimumQuoteLength(30);
    QVERIFY(detail.quotedRanges().isEmpty());
    detail.setMinimumQuoteLength(12);

    searchAndWait("HARBOUR");
    panel_->showRecordAt(0);
    QCOMPARE(detail.searchRanges().size(), 2);  // in the text and in the answer
    for (const auto& range : detail.searchRanges())
        QCOMPARE(detail.shownText().mid(range.first, range.second - range.first), QString("harbour"));

    detail.setMode(PairsDetailView::Mode::Raw);
    QCOMPARE(detail.shownText(), QString::fromUtf8(kLines[0]));  // no raw output: the JSON line
    panel_->search(QString());
    panel_->showRecordAt(1);  // a2 has a raw output
    QCOMPARE(detail.shownText(), QString("<QUE> Where do rivers carry water? <ANS> To the sea. </END>"));
    QVERIFY(detail.headerText().contains("2 pair"));
}

void TestPairsBrowser::nextAndPreviousMoveTheSelection() {
    QTableView& table = *panel_->tableView();
    table.setFocus();
    table.selectRow(0);
    action(*panel_, "pairsNextAction")->trigger();
    QCOMPARE(table.currentIndex().row(), 1);
    QVERIFY(panel_->detailView()->headerText().startsWith("Line 2"));
    action(*panel_, "pairsNextAction")->trigger();
    action(*panel_, "pairsPreviousAction")->trigger();
    QCOMPARE(table.currentIndex().row(), 1);
    // The keyboard: J is the next record while the table has the focus.
    QTest::keyClick(&table, Qt::Key_J);
    QCOMPARE(table.currentIndex().row(), 2);
    QTest::keyClick(&table, Qt::Key_F, Qt::ControlModifier);
    QVERIFY(panel_->searchField()->hasFocus());
}

void TestPairsBrowser::quotedSpansAreMaximalCommonSubstrings() {
    // " brown fox " and "ps over the lazy " (from "jumps" and "leaps") are shared; "the" alone is below
    // the minimum.
    const std::u32string text = U"the quick brown fox jumps over the lazy dog";
    const std::u32string quote = U"a brown fox leaps over the lazy cat";
    const std::vector<ipt::QuotedSpan> spans = ipt::find_quoted_spans(text, quote, 5);
    QCOMPARE(spans.size(), size_t(2));
    QCOMPARE(spans[0].text_begin, size_t(9));  // " brown fox " from the space before "brown"
    QCOMPARE(spans[0].quote_begin, size_t(1));
    QCOMPARE(spans[0].length, size_t(11));
    QCOMPARE(spans[1].text_begin, size_t(23));
    QCOMPARE(spans[1].quote_begin, size_t(15));
    QCOMPARE(spans[1].length, size_t(17));
}

void TestPairsBrowser::pairLengthsInTokensOfATokenizer() {
    const QString model = QStringLiteral(IPT_FIXTURES_DIR "/llama2-tokenizer.model");
    if (!QFileInfo::exists(model)) QSKIP(qPrintable("missing fixture " + model));
    std::shared_ptr<const ipt::Tokenizer> tokenizer = ipt::load_tokenizer(model.toStdString());
    // The pairs of the file in order, counted straight from the strings above.
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {"What was busy in winter?", "The harbour of the old town"},
        {"Where do rivers carry water?", "To the sea."},
        {"Is this true?", "Yes"},
        {"q1", "a1"},
        {"q2", "a2"},
        {"q3", "a3"},
        {"Why?", "Because the long answer goes on and on for quite a few words here"}};
    std::vector<uint32_t> expected;
    for (const auto& [question, answer] : pairs)
        expected.push_back(uint32_t(tokenizer->encode(question).size() + tokenizer->encode(answer).size()));

    QSignalSpy ready(panel_.get(), &PairsPanel::tokenCountsReady);
    panel_->setTokenizer(tokenizer, "llama2-tokenizer.model");
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, kTimeoutMs);
    QVERIFY(panel_->model()->pairTokens());
    QCOMPARE(*panel_->model()->pairTokens(), expected);
    HistogramView& perPair = *panel_->lengthHistogram();
    QVERIFY(perPair.xLabel().contains("tokenizer llama2-tokenizer.model"));
    const uint32_t largest = *std::max_element(expected.begin(), expected.end());
    QCOMPARE(perPair.histogram().counts.size(), size_t(largest / perPair.histogram().width + 1));
    // The longest pair (a5's) alone in the last bin.
    perPair.plot()->replot();
    const int last = int(perPair.histogram().counts.size()) - 1;
    QTest::mouseClick(perPair.plot(), Qt::LeftButton, Qt::NoModifier, perPair.barCenter(last).toPoint());
    QCOMPARE(shown(*panel_->model()), QStringList({"a5@7"}));
    panel_->setTokenizer(nullptr, QString());
    QVERIFY2(perPair.xLabel().startsWith("Words per pair"), qPrintable(perPair.xLabel()));
    QCOMPARE(panel_->model()->rowCount(), 8);
}

void TestPairsBrowser::rowsAppearWhileIndexingAndCancelKeepsThem() {
    // 300,000 short records: long enough to index that the first rows come well before the end.
    constexpr int kRecords = 300000;
    const QString big = dir_.filePath("big.jsonl");
    {
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray all;
        for (int i = 0; i < kRecords; ++i)
            all +=
                "{\"id\":\"r" + QByteArray::number(i) +
                "\",\"text\":\"some text to make the line longer than a few bytes\",\"pairs\":[{\"question\":"
                "\"q\",\"answer\":\"a\"}],\"method\":\"rules\",\"status\":\"ok\"}\n";
        file.write(all);
    }
    QSignalSpy rows(panel_->model(), &PairsTableModel::rowsChanged);
    panel_->openFile(big);
    while (panel_->model()->rowCount() == 0) QVERIFY(rows.wait(kTimeoutMs));
    QVERIFY(!panel_->isIndexComplete());
    QVERIFY(panel_->isIndexing());
    panel_->jobBridge()->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!panel_->isIndexing(), kTimeoutMs);
    QVERIFY(!panel_->isIndexComplete());
    const qint64 indexed = panel_->recordCount();
    QVERIFY(indexed > 0 && indexed < kRecords);
    QCOMPARE(qint64(panel_->model()->rowCount()), indexed);
    QCOMPARE(panel_->model()->index(int(indexed - 1), PairsTableModel::IdColumn).data().toString(),
             "r" + QString::number(indexed - 1));
}

void TestPairsBrowser::zeroPairsBarAndFilterAgree() {
    // Bar 0 of pairs per text counts a3 and the second a2 (malformed lines 6 and 8 have no pair count).
    HistogramView& perText = *panel_->pairsHistogram();
    QCOMPARE(perText.histogram().counts[0], uint64_t(2));
    perText.plot()->replot();
    QTest::mouseClick(perText.plot(), Qt::LeftButton, Qt::NoModifier, perText.barCenter(0).toPoint());
    QCOMPARE(shown(*panel_->model()), QStringList({"a3@4", "a2@9"}));
    QCOMPARE(uint64_t(panel_->model()->rowCount()), perText.histogram().counts[0]);
    panel_->clearFilters();
    // A text-length range leaves them out too; the unbounded filter keeps them.
    panel_->filterBar()->findChild<QSpinBox*>("maxChars")->setValue(1000);
    QCOMPARE(panel_->model()->rowCount(), 6);
    panel_->clearFilters();
    QCOMPARE(panel_->model()->rowCount(), 8);
}

void TestPairsBrowser::detailShowsOnlyARecordOfTheTable() {
    PairsTableModel& model = *panel_->model();
    // Records: 0 a1, 1 a2, 2 a3, 3 a4, 4 line 6, 5 a5, 6 line 8, 7 the second a2. Show a5, then search
    // for a word it lacks.
    panel_->showRecordAt(model.rowOfRecord(5));
    QVERIFY(panel_->detailView()->headerText().contains("a5"));
    searchAndWait("harbour");
    QCOMPARE(shown(model), QStringList({"a1@1", "a4@5"}));
    // The detail follows the table: a5 is gone, the first row (a1) is shown and selected.
    QVERIFY2(!panel_->detailView()->headerText().contains("a5"),
             qPrintable(panel_->detailView()->headerText()));
    QCOMPARE(panel_->shownRecord(), qint64(0));
    QVERIFY(panel_->detailView()->headerText().contains("a1"));
    QCOMPARE(panel_->tableView()->currentIndex().row(), 0);
    // A record still in the table stays shown when the rows change around it.
    panel_->showRecordAt(1);  // a4
    panel_->filterBar()->setPairsRange(3, 3);
    QCOMPARE(shown(model), QStringList({"a4@5"}));
    QCOMPARE(panel_->shownRecord(), qint64(3));
    QCOMPARE(panel_->tableView()->currentIndex().row(), 0);
    // No rows at all: nothing is shown.
    panel_->filterBar()->setPairsRange(7, 9);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(panel_->shownRecord(), qint64(-1));
    QVERIFY(panel_->detailView()->shownText().isEmpty());
    panel_->clearFilters();
}

void TestPairsBrowser::tokenCountsStopResumeAndSayWhatTheyCount() {
    const QString tokenizerFile = QStringLiteral(IPT_FIXTURES_DIR "/llama2-tokenizer.model");
    if (!QFileInfo::exists(tokenizerFile)) QSKIP(qPrintable("missing fixture " + tokenizerFile));
    std::shared_ptr<const ipt::Tokenizer> tokenizer = ipt::load_tokenizer(tokenizerFile.toStdString());
    // 40,000 records of two pairs: ten batches of 4096 records for the counting job.
    constexpr int kRecords = 40000;
    const QString big = dir_.filePath("tokens.jsonl");
    std::vector<uint32_t> expected;
    {
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray all;
        for (int i = 0; i < kRecords; ++i) {
            const QString q1 = QString("What does record %1 say about rivers?").arg(i);
            const QString a1 = QString("It says they carry %1 litres of water to the sea.").arg(i * 7);
            const QString q2 = QString("Is %1 even?").arg(i);
            const QString a2 = i % 2 ? QString("No") : QString("Yes, it is.");
            for (const auto& [q, a] : {std::pair{q1, a1}, {q2, a2}})
                expected.push_back(uint32_t(tokenizer->encode(q.toStdString()).size() +
                                            tokenizer->encode(a.toStdString()).size()));
            all += QJsonDocument(
                       QJsonObject{{"id", QString("r%1").arg(i)},
                                   {"text", "rivers"},
                                   {"pairs", QJsonArray{QJsonObject{{"question", q1}, {"answer", a1}},
                                                        QJsonObject{{"question", q2}, {"answer", a2}}}},
                                   {"method", "rules"},
                                   {"status", "ok"}})
                       .toJson(QJsonDocument::Compact) +
                   "\n";
        }
        file.write(all);
    }
    openAndWait(big);
    HistogramView& perPair = *panel_->lengthHistogram();
    QVERIFY2(perPair.xLabel().startsWith("Words per pair"), qPrintable(perPair.xLabel()));

    // Choosing a tokenizer counts; the user cancels after the first batch.
    QSignalSpy progress(panel_->workBridge(), &JobBridge::progress);
    QSignalSpy ready(panel_.get(), &PairsPanel::tokenCountsReady);
    QVERIFY(panel_->loadTokenizer(tokenizerFile));
    QVERIFY(panel_->isCountingTokens());
    QVERIFY2(perPair.xLabel().contains("counting tokens"), qPrintable(perPair.xLabel()));
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty(), kTimeoutMs);
    panel_->workBridge()->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!panel_->workBridge()->isRunning(), kTimeoutMs);
    QCOMPARE(ready.count(), 0);
    QVERIFY(!panel_->hasTokenCounts());
    const qint64 counted = panel_->countedRecords();
    QVERIFY2(counted > 0 && counted < kRecords && counted % 4096 == 0, qPrintable(QString::number(counted)));
    QVERIFY2(perPair.xLabel().startsWith("Words per pair") && perPair.xLabel().contains("stopped at"),
             qPrintable(perPair.xLabel()));
    auto* count = panel_->findChild<QPushButton*>("countPairTokens");
    QVERIFY(count->isEnabled());
    QCOMPARE(count->text(), QString("Resume Token Count"));

    // Asked again, the count resumes where it stopped and ends with the numbers counted one by one.
    progress.clear();
    QTest::mouseClick(count, Qt::LeftButton);
    QVERIFY(panel_->isCountingTokens());
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 120000);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.first().at(1).toLongLong(), std::min<qint64>(counted + 4096, kRecords));
    QVERIFY(panel_->model()->pairTokens());
    QVERIFY(*panel_->model()->pairTokens() == expected);
    QVERIFY2(perPair.xLabel().startsWith("Tokens per pair"), qPrintable(perPair.xLabel()));
    QVERIFY(!count->isEnabled());

    // Not stopped since: the next file is counted by itself. Stopped there: the one after is not.
    ready.clear();
    progress.clear();
    panel_->openFile(file_);
    QTRY_VERIFY_WITH_TIMEOUT(panel_->isIndexComplete(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, kTimeoutMs);
    QSignalSpy indexed(panel_.get(), &PairsPanel::indexingFinished);
    panel_->openFile(big);
    QTRY_VERIFY_WITH_TIMEOUT(indexed.count() == 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(panel_->isCountingTokens(), kTimeoutMs);
    panel_->workBridge()->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!panel_->workBridge()->isRunning(), kTimeoutMs);
    indexed.clear();
    panel_->openFile(file_);
    QTRY_VERIFY_WITH_TIMEOUT(indexed.count() == 1, kTimeoutMs);
    QTest::qWait(200);
    QVERIFY(!panel_->isCountingTokens());
    QVERIFY(!panel_->hasTokenCounts());
    QVERIFY2(perPair.xLabel().startsWith("Words per pair"), qPrintable(perPair.xLabel()));
    QVERIFY(count->isEnabled());
    QCOMPARE(count->text(), QString("Count Tokens"));
}

QTEST_MAIN(TestPairsBrowser)
#include "test_pairs_browser.moc"
