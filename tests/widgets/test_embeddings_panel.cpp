// The embeddings panel on an expansion folder written by hand in this test (expansion.json and
// report.json per the file contract): the token table, the neighbour view of a selected token, the PCA
// scatter, the norms histograms, the speed-up figure and the held-out loss table show the file's values,
// with the measures' definitions in tooltips; a broken report is an error naming the key.
#include <qcustomplot.h>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "embeddings/embeddings_panel.h"

namespace {

constexpr int kTimeoutMs = 30000;

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    file.write(bytes);
}

const char* const kExpansion =
    "{\"version\": 1, \"source_model\": \"tiny-llama\", \"source_tokenizer\": \"llama2.model\", \"corpus\": "
    "\"ko.txt\","
    " \"k_requested\": 3, \"k\": 3, \"source_vocab_size\": 32000, \"vocab_size\": 32008,"
    " \"methods\": [\"mean\", \"focus\"],"
    " \"new_tokens\": [{\"id\": 32000, \"piece\": \"\\u2581\\ud55c\\uad6d\", \"frequency\": 120},"
    "                  {\"id\": 32001, \"piece\": \"\\ub2c8\\ub2e4\", \"frequency\": 95},"
    "                  {\"id\": 32002, \"piece\": \"\\u2581\\uc0ac\\ub78c\", \"frequency\": 40}]}";

// Two methods, three new tokens, two neighbours each; norms chosen so the histogram bins are known.
QByteArray report(const char* meanNorms) {
    return QStringLiteral(
               "{\"version\": 1, \"source\": \"src\", \"expanded\": \"exp\", \"text\": \"heldout.txt\","
               " \"speedup\": {\"characters\": 1000, \"words\": 200, \"source_tokens\": 600, "
               "\"expanded_tokens\": 450,"
               "   \"source_tokens_per_char\": 0.6, \"expanded_tokens_per_char\": 0.45,"
               "   \"source_tokens_per_word\": 3.0, \"expanded_tokens_per_word\": 2.25,"
               "   \"length_reduction_percent\": 25.0, \"source_tokens_per_s\": 1000.0,"
               "   \"expanded_tokens_per_s\": 980.0, \"throughput_kind\": \"encoding\", \"speedup_percent\": "
               "30.7},"
               " \"new_tokens\": [{\"id\": 32000, \"piece\": \"a\", \"frequency_corpus\": 120, "
               "\"frequency_heldout\": 7},"
               "                  {\"id\": 32001, \"piece\": \"b\", \"frequency_corpus\": 95, "
               "\"frequency_heldout\": 3},"
               "                  {\"id\": 32002, \"piece\": \"c\", \"frequency_corpus\": 40, "
               "\"frequency_heldout\": 0}],"
               " \"methods\": {"
               "  \"focus\": {\"norms\": [1.0, 1.5, 2.0], \"source_norm_mean\": 1.2, \"source_norm_std\": "
               "0.1,"
               "    \"cosine_to_mean\": [0.25, 0.5, 0.75],"
               "    \"neighbours\": [[{\"id\": 5, \"piece\": \"\\u2581Korea\", \"cosine\": 0.91},"
               "                      {\"id\": 6, \"piece\": \"\\u2581nation\", \"cosine\": 0.8}],"
               "                     [{\"id\": 7, \"piece\": \"ing\", \"cosine\": 0.7}, {\"id\": 8, "
               "\"piece\": \"s\", \"cosine\": 0.6}],"
               "                     [{\"id\": 9, \"piece\": \"\\u2581man\", \"cosine\": 0.55},"
               "                      {\"id\": 10, \"piece\": \"\\u2581person\", \"cosine\": 0.5}]],"
               "    \"pca\": {\"source\": [[0, 0], [1, 1], [2, 0], [0, 2]], \"source_ids\": [1, 2, 3, 4],"
               "             \"new\": [[0.5, 0.5], [1.5, 0.5], [0.5, 1.5]]}},"
               "  \"mean\": {\"norms\": %1, \"source_norm_mean\": 1.2, \"source_norm_std\": 0.1,"
               "    \"cosine_to_mean\": [1.0, 1.0, 1.0],"
               "    \"neighbours\": [[{\"id\": 11, \"piece\": \"the\", \"cosine\": 0.3}], [], []],"
               "    \"pca\": {\"source\": [[0, 0], [1, 1]], \"source_ids\": [1, 2], \"new\": [[0.1, 0.1], "
               "[0.2, 0.2], [0.3, 0.3]]}}"
               " }}")
        .arg(QString::fromLatin1(meanNorms))
        .toUtf8();
}

QString cell(const QTableWidget* table, int row, int column) {
    const QTableWidgetItem* item = table->item(row, column);
    return item ? item->text() : QString();
}

int graphPoints(QCustomPlot* plot, const QString& name) {
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name() == name) return plot->graph(i)->data()->size();
    return -1;
}

double histogramTotal(QCustomPlot* plot, const QString& name) {
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name() == name) {
            double total = 0;
            for (auto p = plot->graph(i)->data()->constBegin(); p != plot->graph(i)->data()->constEnd(); ++p)
                total += p->value;
            return total;
        }
    return -1;
}

QCPGraph* graphNamed(QCustomPlot* plot, const QString& name) {
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name() == name) return plot->graph(i);
    return nullptr;
}

// The points a scatter graph draws, found the way QCPGraph finds them: the data between the binary
// searches for the key axis' range (which assume sorted keys), inside the value axis' range, all of them
// only when adaptive sampling (which merges points of a pixel column) is off.
QVector<QPointF> drawnPoints(QCPGraph* graph) {
    QVector<QPointF> drawn;
    const QCPRange keys = graph->keyAxis()->range(), values = graph->valueAxis()->range();
    const auto data = graph->data();
    for (auto p = data->findBegin(keys.lower, false); p != data->findEnd(keys.upper, false); ++p)
        if (keys.contains(p->key) && values.contains(p->value)) drawn << QPointF(p->key, p->value);
    if (graph->adaptiveSampling() && drawn.size() > 2) drawn.resize(2);  // counted as not all drawn
    return drawn;
}

bool lessPoint(const QPointF& a, const QPointF& b) {
    return a.x() != b.x() ? a.x() < b.x() : a.y() < b.y();
}

QJsonArray pointsJson(const QVector<QPointF>& points) {
    QJsonArray out;
    for (const QPointF& p : points) out.append(QJsonArray{p.x(), p.y()});
    return out;
}

// An expansion of `newCount` tokens whose report has `sourceCount` source points, in random order over
// the x range [-0.085, 0.077] (what a real "random" initialisation looked like).
void writeLargeExpansion(const QString& folder, int sourceCount, int newCount, QVector<QPointF>* source,
                         QVector<QPointF>* added) {
    QDir().mkpath(folder);
    QRandomGenerator rng(11);
    auto point = [&] {
        return QPointF(-0.085 + 0.162 * rng.generateDouble(), -0.05 + 0.1 * rng.generateDouble());
    };
    for (int i = 0; i < sourceCount; ++i) *source << point();
    (*source)[0].setX(-0.085);
    (*source)[1].setX(0.077);
    for (int i = 0; i < newCount; ++i) *added << point();
    QJsonArray tokens, reportTokens, norms, cosines, neighbours, ids;
    for (int i = 0; i < newCount; ++i) {
        tokens.append(
            QJsonObject{{"id", 32000 + i}, {"piece", QString("p%1").arg(i)}, {"frequency", 100 - i}});
        reportTokens.append(QJsonObject{{"id", 32000 + i},
                                        {"piece", QString("p%1").arg(i)},
                                        {"frequency_corpus", 100 - i},
                                        {"frequency_heldout", 1}});
        norms.append(0.5 + 0.01 * i);
        cosines.append(0.1);
        neighbours.append(QJsonArray{});
    }
    for (int i = 0; i < sourceCount; ++i) ids.append(i);
    const QJsonObject expansion{{"version", 1},
                                {"source_model", "m"},
                                {"source_tokenizer", "t"},
                                {"corpus", "c"},
                                {"k_requested", newCount},
                                {"k", newCount},
                                {"source_vocab_size", 32000},
                                {"vocab_size", 32000 + newCount},
                                {"methods", QJsonArray{"random"}},
                                {"new_tokens", tokens}};
    const QJsonObject random{
        {"norms", norms},
        {"source_norm_mean", 0.9},
        {"source_norm_std", 0.1},
        {"cosine_to_mean", cosines},
        {"neighbours", neighbours},
        {"pca",
         QJsonObject{{"source", pointsJson(*source)}, {"source_ids", ids}, {"new", pointsJson(*added)}}}};
    const QJsonObject report{{"version", 1},
                             {"source", "s"},
                             {"expanded", "e"},
                             {"text", "t"},
                             {"new_tokens", reportTokens},
                             {"methods", QJsonObject{{"random", random}}}};
    writeFile(folder + "/expansion.json", QJsonDocument(expansion).toJson());
    writeFile(folder + "/report.json", QJsonDocument(report).toJson());
}

}  // namespace

class TestEmbeddingsPanel : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void showsTokensAndNeighbours();
    void plotsPcaNormsAndSpeedup();
    void pcaDrawsEveryPointOfALargeReport();
    void legendsStayOffTheData();
    void findsExpansionsInAWorkspace();
    void reportsAMalformedReport();
    void readsAnExpansionWithoutReport();
    void showsTheSameTextSpeedupAndHeldoutLoss();

  private:
    bool open(EmbeddingsPanel& panel, const QString& folder);
    QTemporaryDir dir_;
    QString expansion_;
};

void TestEmbeddingsPanel::initTestCase() {
    QVERIFY(dir_.isValid());
    expansion_ = dir_.filePath("workspace/vocab/expansion");
    QDir().mkpath(expansion_);
    writeFile(expansion_ + "/expansion.json", kExpansion);
    writeFile(expansion_ + "/report.json", report("[1.1, 1.2, 1.3]"));
}

bool TestEmbeddingsPanel::open(EmbeddingsPanel& panel, const QString& folder) {
    QSignalSpy loaded(&panel, &EmbeddingsPanel::expansionLoaded);
    QSignalSpy failed(&panel, &EmbeddingsPanel::loadFailed);
    panel.openExpansion(folder);
    if (!QTest::qWaitFor([&] { return loaded.count() + failed.count() > 0; }, kTimeoutMs)) return false;
    return loaded.count() == 1;
}

void TestEmbeddingsPanel::showsTokensAndNeighbours() {
    EmbeddingsPanel panel;
    panel.show();
    QVERIFY(open(panel, expansion_));
    QVERIFY(panel.errorMessage().isEmpty());
    const QTableWidget* tokens = panel.tokenTable();
    QCOMPARE(tokens->rowCount(), 3);
    QCOMPARE(cell(tokens, 0, 0), QString("32000"));
    QCOMPARE(cell(tokens, 0, 1), QString::fromUtf8("\u2581\ud55c\uad6d"));
    QCOMPARE(cell(tokens, 0, 2), QString("120"));
    QCOMPARE(cell(tokens, 0, 3), QString("7"));
    QCOMPARE(cell(tokens, 1, 1), QString::fromUtf8("\ub2c8\ub2e4"));
    QCOMPARE(cell(tokens, 2, 2), QString("40"));
    QVERIFY(panel.findChild<QLabel*>("expansionSummary")->text().contains("32000"));

    // The first token is selected at once: one row per method, in expansion.json's method order.
    const QTableWidget* neighbours = panel.neighbourTable();
    QCOMPARE(neighbours->rowCount(), 2);
    QCOMPARE(cell(neighbours, 0, 0), QString("mean"));
    QCOMPARE(cell(neighbours, 1, 0), QString("focus"));
    QCOMPARE(cell(neighbours, 1, 1), QString("0.2500"));
    QCOMPARE(cell(neighbours, 1, 2), QString("1.0000"));
    QCOMPARE(cell(neighbours, 1, 3), QString::fromUtf8("\u2581Korea (0.910), \u2581nation (0.800)"));
    QCOMPARE(cell(neighbours, 0, 3), QString("the (0.300)"));

    // Another token: the third one.
    panel.selectToken(2);
    QCOMPARE(panel.selectedToken(), 2);
    QCOMPARE(cell(neighbours, 1, 1), QString("0.7500"));
    QCOMPARE(cell(neighbours, 1, 2), QString("2.0000"));
    QCOMPARE(cell(neighbours, 1, 3), QString::fromUtf8("\u2581man (0.550), \u2581person (0.500)"));
    QCOMPARE(cell(neighbours, 0, 1), QString("1.0000"));
    QCOMPARE(cell(neighbours, 0, 3), QString());

    // Sorting by frequency keeps the selection on the same token.
    panel.tokenTable()->sortItems(2, Qt::AscendingOrder);
    QCOMPARE(cell(tokens, 0, 2), QString("40"));
    QCOMPARE(panel.selectedToken(), 2);
}

void TestEmbeddingsPanel::plotsPcaNormsAndSpeedup() {
    EmbeddingsPanel panel;
    panel.show();
    QVERIFY(open(panel, expansion_));
    panel.setPcaMethod("focus");
    QCOMPARE(panel.pcaMethod(), QString("focus"));
    QCOMPARE(graphPoints(panel.pcaPlot(), "source tokens"), 4);
    QCOMPARE(graphPoints(panel.pcaPlot(), "new tokens"), 3);
    // The selected (first) token is marked at its own coordinates.
    const QString piece = QString::fromUtf8("\u2581\ud55c\uad6d");
    QCOMPARE(graphPoints(panel.pcaPlot(), piece), 1);
    panel.setPcaMethod("mean");
    QCOMPARE(graphPoints(panel.pcaPlot(), "source tokens"), 2);

    // Each method's histogram counts its three tokens once.
    QCOMPARE(histogramTotal(panel.normsPlot(), "mean"), 3.0);
    QCOMPARE(histogramTotal(panel.normsPlot(), "focus"), 3.0);

    // Speed-up: three side-by-side panels (per character, per word, tokens/s), two bars each.
    int bars = 0;
    for (int i = 0; i < panel.speedupPlot()->plottableCount(); ++i)
        if (qobject_cast<QCPBars*>(panel.speedupPlot()->plottable(i))) ++bars;
    QCOMPARE(bars, 6);
    const QString summary = panel.findChild<QLabel*>("speedupSummary")->text();
    QVERIFY2(summary.contains("25.0%") && summary.contains("600") && summary.contains("450") &&
                 summary.contains("30.7%"),
             qPrintable(summary));
}

void TestEmbeddingsPanel::pcaDrawsEveryPointOfALargeReport() {
    QVector<QPointF> source, added;
    const QString folder = dir_.filePath("large/random");
    writeLargeExpansion(folder, 2000, 100, &source, &added);
    EmbeddingsPanel panel;
    panel.resize(1200, 800);
    panel.show();
    QVERIFY(open(panel, folder));
    QVERIFY2(panel.errorMessage().isEmpty(), qPrintable(panel.errorMessage()));
    panel.pcaPlot()->replot();
    for (const auto& [name, expected] :
         {std::pair{QString("source tokens"), source}, {QString("new tokens"), added}}) {
        QCPGraph* graph = graphNamed(panel.pcaPlot(), name);
        QVERIFY(graph);
        QVector<QPointF> drawn = drawnPoints(graph), want = expected;
        QCOMPARE(drawn.size(), want.size());
        std::sort(drawn.begin(), drawn.end(), lessPoint);
        std::sort(want.begin(), want.end(), lessPoint);
        QVERIFY(drawn == want);
    }
    // The x axis spans the data: -0.085 ... 0.077.
    const QCPRange x = panel.pcaPlot()->xAxis->range();
    QVERIFY2(x.lower <= -0.085 && x.upper >= 0.077,
             qPrintable(QString("%1 .. %2").arg(x.lower).arg(x.upper)));
    QVERIFY(x.lower > -0.1 && x.upper < 0.1);
}

void TestEmbeddingsPanel::legendsStayOffTheData() {
    EmbeddingsPanel panel;
    panel.resize(1200, 800);
    panel.show();
    QVERIFY(open(panel, expansion_));
    for (QCustomPlot* plot : {panel.normsPlot(), panel.pcaPlot()}) {
        plot->replot();
        QVERIFY(plot->legend->visible());
        QVERIFY(plot->legend->itemCount() > 0);
        const QRect legend = plot->legend->outerRect();
        QVERIFY2(!legend.intersects(plot->axisRect()->rect()), qPrintable(plot->objectName()));
        // Every histogram step is inside the axis rect, so none lies under the legend.
        for (int g = 0; g < plot->graphCount(); ++g)
            for (auto p = plot->graph(g)->data()->constBegin(); p != plot->graph(g)->data()->constEnd();
                 ++p) {
                const QPointF pixel = plot->graph(g)->coordsToPixels(p->key, p->value);
                QVERIFY(!legend.contains(pixel.toPoint()));
            }
    }
}

void TestEmbeddingsPanel::findsExpansionsInAWorkspace() {
    const QStringList found = EmbeddingsPanel::findExpansions(dir_.filePath("workspace"));
    QCOMPARE(found, QStringList({QDir::cleanPath(expansion_)}));
    EmbeddingsPanel panel;
    QSignalSpy loaded(&panel, &EmbeddingsPanel::expansionLoaded);
    panel.setWorkspace(dir_.filePath("workspace"));
    QVERIFY(loaded.wait(kTimeoutMs));
    QCOMPARE(panel.tokenTable()->rowCount(), 3);
}

void TestEmbeddingsPanel::reportsAMalformedReport() {
    const QString broken = dir_.filePath("broken");
    QDir().mkpath(broken);
    writeFile(broken + "/expansion.json", kExpansion);
    writeFile(broken + "/report.json", report("[1.1, 1.2]"));  // two norms for three tokens
    EmbeddingsPanel panel;
    QVERIFY(!open(panel, broken));
    QVERIFY2(
        panel.errorMessage().contains("methods.mean.norms") && panel.errorMessage().contains("report.json"),
        qPrintable(panel.errorMessage()));
    QVERIFY(!panel.report());

    writeFile(broken + "/report.json", "{\"version\": 1, ");
    QVERIFY(!open(panel, broken));
    QVERIFY2(panel.errorMessage().contains("malformed JSON"), qPrintable(panel.errorMessage()));
}

void TestEmbeddingsPanel::readsAnExpansionWithoutReport() {
    const QString bare = dir_.filePath("bare");
    QDir().mkpath(bare);
    writeFile(bare + "/expansion.json", kExpansion);
    EmbeddingsPanel panel;
    QVERIFY(open(panel, bare));
    QCOMPARE(panel.tokenTable()->rowCount(), 3);
    QCOMPARE(cell(panel.tokenTable(), 1, 3), QString::fromUtf8("–"));
    QCOMPARE(panel.neighbourTable()->rowCount(), 0);
    QVERIFY(panel.findChild<QLabel*>("expansionSummary")->text().contains("report.json"));
}

QTEST_MAIN(TestEmbeddingsPanel)

void TestEmbeddingsPanel::showsTheSameTextSpeedupAndHeldoutLoss() {
    // report.json as `ipt vocab report` writes it now: the same-text speed-up with its spread, and the
    // held-out loss per model (the source first, then the methods in expansion.json's order).
    QByteArray json = report("[1.1, 1.2, 1.3]");
    json.replace("\"throughput_kind\": \"encoding\"",
                 "\"throughput_kind\": \"same_text\", \"repeats\": 5, \"speedup_percent_min\": 28.2, "
                 "\"speedup_percent_max\": 35.9, \"predicted_speedup_percent\": 40.0, "
                 "\"timed_predicted_speedup_percent\": 33.3, "
                 "\"per_token_cost_ratio\": 1.004");
    json.replace(
        "\"new_tokens\": [{\"id\": 32000, \"piece\": \"a\"",
        "\"heldout_loss\": {\"unit\": \"bits per character\", \"adapted\": false,"
        " \"target\": {\"source\": {\"bits_per_char\": 3.5},"
        "   \"methods\": {\"focus\": {\"bits_per_char\": 3.25}, \"mean\": {\"bits_per_char\": 3.125}}},"
        " \"source_language\": {\"source\": {\"bits_per_char\": 1.5},"
        "   \"methods\": {\"mean\": {\"bits_per_char\": 1.5626}}}},"
        " \"new_tokens\": [{\"id\": 32000, \"piece\": \"a\"");
    const QString folder = dir_.filePath("same-text");
    QDir().mkpath(folder);
    writeFile(folder + "/expansion.json", kExpansion);
    writeFile(folder + "/report.json", json);
    EmbeddingsPanel panel;
    panel.show();
    QVERIFY(open(panel, folder));
    QVERIFY2(panel.errorMessage().isEmpty(), qPrintable(panel.errorMessage()));

    const QLabel* label = panel.findChild<QLabel*>("speedupSummary");
    const QString summary = label->text();
    for (const char* part : {"Speed-up on the same text: 30.7%", "median of 5 repeats, 28.2% to 35.9%",
                             "alone predict 33.3%", "1.004"})
        QVERIFY2(summary.contains(part), qPrintable(summary + " lacks " + part));
    for (const char* part : {"same held-out characters", "teacher", "median", "Per-token cost ratio"})
        QVERIFY2(label->toolTip().contains(part), qPrintable(label->toolTip() + " lacks " + part));

    const QTableWidget* loss = panel.heldoutLossTable();
    QVERIFY(loss->isVisible());
    QCOMPARE(loss->rowCount(), 3);
    QCOMPARE(cell(loss, 0, 0), QString("source"));
    QCOMPARE(cell(loss, 0, 1), QString("3.500"));
    QCOMPARE(cell(loss, 0, 2), QString("1.500"));
    QCOMPARE(cell(loss, 1, 0), QString("mean"));  // expansion.json lists mean before focus
    QCOMPARE(cell(loss, 1, 1), QString("3.125"));
    QCOMPARE(cell(loss, 1, 2), QString("1.563"));
    QCOMPARE(cell(loss, 2, 0), QString("focus"));
    QCOMPARE(cell(loss, 2, 1), QString("3.250"));
    QCOMPARE(cell(loss, 2, 2), QString::fromUtf8("—"));  // not measured on source-language text
    QVERIFY(loss->horizontalHeaderItem(1)->text().contains("bits per character"));
    QVERIFY(loss->horizontalHeaderItem(1)->toolTip().contains("divided by the text's characters"));
    QVERIFY(loss->horizontalHeaderItem(2)->toolTip().contains("source-language text"));

    // An older report without these fields hides the table.
    QVERIFY(open(panel, expansion_));
    QVERIFY(!panel.heldoutLossTable()->isVisible());
}
#include "test_embeddings_panel.moc"
