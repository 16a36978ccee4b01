// The results panel on a workspace whose results the test imports from hand-written
// lm-evaluation-harness files: best value per column in bold, averages over the tasks every selected run
// has (and the note that says which), n beside each score, deltas against a baseline, run selection by
// check box, name and kind, task groups, reference rows from the papers, sorting, the bar chart counted
// against the table, and CSV / Markdown / LaTeX exports, all against values computed by hand here.
#include <qcustomplot.h>
#include <QCheckBox>
#include <QFile>
#include <QHeaderView>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "ipt/runs/run_store.h"
#include "ipt/runs/workspace.h"
#include "results/results_model.h"
#include "results/results_panel.h"

namespace {

// lm-evaluation-harness v0.4 layout, two tasks, with sample counts.
QByteArray harnessJson(double arc, double arcErr, double boolq, double boolqErr) {
    return QStringLiteral(
               "{\"results\": {"
               "\"arc_easy\": {\"alias\": \"arc_easy\", \"acc,none\": %1, \"acc_stderr,none\": %2, "
               "\"acc_norm,none\": 0.4, \"acc_norm_stderr,none\": 0.01},"
               "\"boolq\": {\"alias\": \"boolq\", \"acc,none\": %3, \"acc_stderr,none\": %4}},"
               "\"n-shot\": {\"arc_easy\": 0, \"boolq\": 0},"
               "\"n-samples\": {\"arc_easy\": {\"original\": 2376, \"effective\": 2376}, "
               "\"boolq\": {\"original\": 3270, \"effective\": 3270}}}")
        .arg(arc)
        .arg(arcErr)
        .arg(boolq)
        .arg(boolqErr)
        .toUtf8();
}

bool isBold(const QAbstractItemModel* model, int row, int column) {
    return model->data(model->index(row, column), Qt::FontRole).value<QFont>().bold();
}

double number(const QAbstractItemModel* model, int row, int column, int role) {
    return model->data(model->index(row, column), role).toDouble();
}

QString text(const QAbstractItemModel* model, int row, int column) {
    return model->data(model->index(row, column), Qt::DisplayRole).toString();
}

int columnOf(const QAbstractItemModel* model, const QString& header) {
    for (int c = 0; c < model->columnCount(); ++c)
        if (model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString() == header) return c;
    return -1;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestResultsPanel : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void boldsBestAndComputesAverage();
    void deltasAgainstBaseline();
    void averageOverTheTasksEveryRunHas();
    void chartDrawsEachBarUnderItsTask();
    void selectsRunsByCheckNameAndKind();
    void sortsByAnyColumn();
    void referenceRowsAndTaskGroups();
    void exportsCsvMarkdownAndLatex();
    void reportsABadFile();

  private:
    QString write(const QString& name, const QByteArray& json);
    int row(const QString& run) const;

    QTemporaryDir dir_;
    std::shared_ptr<ipt::Workspace> workspace_;
    std::unique_ptr<ResultsPanel> panel_;
};

QString TestResultsPanel::write(const QString& name, const QByteArray& json) {
    const QString path = dir_.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    file.write(json);
    return path;
}

int TestResultsPanel::row(const QString& run) const {
    return panel_->model()->rowOf(run);
}

void TestResultsPanel::initTestCase() {
    QVERIFY(dir_.isValid());
    workspace_ = ipt::Workspace::create(dir_.filePath("workspace").toStdString());
    panel_ = std::make_unique<ResultsPanel>();
    panel_->resize(1400, 900);
    panel_->show();
    panel_->setWorkspace(workspace_);
    QCOMPARE(panel_->model()->rowCount(), 0);
    QVERIFY(panel_->importResults(write("base.json", harnessJson(0.50, 0.010, 0.60, 0.020)), "base"));
    QVERIFY(panel_->importResults(write("a.json", harnessJson(0.55, 0.011, 0.58, 0.019)), "mean-init"));
    QVERIFY(panel_->importResults(write("b.json", harnessJson(0.52, 0.012, 0.65, 0.018)), "focus-init"));
    QVERIFY2(panel_->errorMessage().isEmpty(), qPrintable(panel_->errorMessage()));
}

void TestResultsPanel::boldsBestAndComputesAverage() {
    panel_->setTaskGroup("all");
    panel_->setBaseline(QString());
    panel_->setMetric("acc");
    const ResultsModel* model = panel_->model();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->columnCount(), 4);  // run, arc_easy, boolq, Average
    QCOMPARE(model->headerData(1, Qt::Horizontal, Qt::DisplayRole).toString(), QString("arc_easy"));
    QCOMPARE(model->headerData(3, Qt::Horizontal, Qt::DisplayRole).toString(), QString("Average (2 tasks)"));
    const int base = row("base"), mean = row("mean-init"), focus = row("focus-init");
    QVERIFY(base >= 0 && mean >= 0 && focus >= 0);

    // arc_easy: 0.55 (mean-init) is best; boolq: 0.65 (focus-init).
    QVERIFY(isBold(model, mean, 1));
    QVERIFY(!isBold(model, base, 1));
    QVERIFY(!isBold(model, focus, 1));
    QVERIFY(isBold(model, focus, 2));
    QVERIFY(!isBold(model, mean, 2));
    // Averages by hand: (0.50+0.60)/2 = 0.55, (0.55+0.58)/2 = 0.565, (0.52+0.65)/2 = 0.585 (best).
    QCOMPARE(number(model, base, 3, ResultsModel::ValueRole), 0.55);
    QCOMPARE(number(model, mean, 3, ResultsModel::ValueRole), 0.565);
    QCOMPARE(number(model, focus, 3, ResultsModel::ValueRole), 0.585);
    QVERIFY(isBold(model, focus, 3));
    // The cell text: value ± stderr and n, no delta without a baseline.
    QCOMPARE(text(model, mean, 1), QString("0.5500 ± 0.0110 (n=2376)"));
    QCOMPARE(number(model, mean, 2, ResultsModel::SamplesRole), 3270.0);
    QVERIFY(!model->data(model->index(mean, 1), ResultsModel::DeltaRole).isValid());
    panel_->setShowStderr(false);
    panel_->setShowSamples(false);
    QCOMPARE(text(model, mean, 1), QString("0.5500"));
    panel_->setShowStderr(true);
    panel_->setShowSamples(true);
}

void TestResultsPanel::deltasAgainstBaseline() {
    panel_->setMetric("acc");
    panel_->setBaseline("base");
    QCOMPARE(panel_->baseline(), QString("base"));
    panel_->setShowSamples(false);
    const ResultsModel* model = panel_->model();
    const int base = row("base"), mean = row("mean-init"), focus = row("focus-init");
    // mean-init - base: 0.55-0.50 = +0.05, 0.58-0.60 = -0.02, average 0.565-0.55 = +0.015.
    QVERIFY(qAbs(number(model, mean, 1, ResultsModel::DeltaRole) - 0.05) < 1e-12);
    QVERIFY(qAbs(number(model, mean, 2, ResultsModel::DeltaRole) + 0.02) < 1e-12);
    QVERIFY(qAbs(number(model, mean, 3, ResultsModel::DeltaRole) - 0.015) < 1e-12);
    QVERIFY(qAbs(number(model, focus, 3, ResultsModel::DeltaRole) - 0.035) < 1e-12);
    QCOMPARE(number(model, base, 1, ResultsModel::DeltaRole), 0.0);
    QCOMPARE(text(model, mean, 1), QString("0.5500 ± 0.0110 (+0.0500)"));
    QCOMPARE(text(model, mean, 2), QString("0.5800 ± 0.0190 (-0.0200)"));
    QCOMPARE(text(model, mean, 3), QString("0.5650 (+0.0150)"));
    QCOMPARE(text(model, base, 1), QString("0.5000 ± 0.0100"));  // no delta against itself
    QVERIFY(text(model, base, 0).contains("baseline"));
    panel_->setShowSamples(true);
    panel_->setBaseline(QString());
}

void TestResultsPanel::averageOverTheTasksEveryRunHas() {
    // A run with arc_easy only: the average of every run is over arc_easy, and the note says so.
    QVERIFY(panel_->importResults(
        write("partial.json",
              "{\"results\": {\"arc_easy\": {\"acc,none\": 0.9, \"acc_stderr,none\": 0.01}}}"),
        "partial"));
    panel_->setTaskGroup("all");
    panel_->setMetric("acc");
    const ResultsModel* model = panel_->model();
    const int partial = row("partial"), base = row("base");
    QVERIFY(partial >= 0);
    QCOMPARE(model->headerData(3, Qt::Horizontal, Qt::DisplayRole).toString(), QString("Average (1 task)"));
    QCOMPARE(number(model, partial, 3, ResultsModel::ValueRole), 0.9);
    QCOMPARE(number(model, base, 3, ResultsModel::ValueRole), 0.5);  // its arc_easy, not "–"
    QCOMPARE(text(model, partial, 2), QString("–"));                 // no boolq
    QVERIFY2(panel_->note().contains("over the 1 task every selected run has (arc_easy)") &&
                 panel_->note().contains("left out: boolq"),
             qPrintable(panel_->note()));
    // Unchecking the run that lacks boolq brings the two-task average back.
    panel_->setRowChecked("partial", false);
    QCOMPARE(model->headerData(3, Qt::Horizontal, Qt::DisplayRole).toString(), QString("Average (2 tasks)"));
    QCOMPARE(number(model, row("base"), 3, ResultsModel::ValueRole), 0.55);
    QVERIFY(!panel_->note().contains("left out"));
    panel_->setRowChecked("partial", true);
}

void TestResultsPanel::chartDrawsEachBarUnderItsTask() {
    panel_->setTaskGroup("all");
    panel_->setMetric("acc");
    QCustomPlot* chart = panel_->chart();
    chart->replot();
    const ResultsModel* model = panel_->model();
    const int groups = model->columnCount() - 1;  // arc_easy, boolq, Average
    QCOMPARE(groups, 3);
    // Per group: as many bars as rows with a value there (boolq has 3 of 4), centred on the tick, each
    // bar's value the table's.
    std::vector<std::vector<double>> keysPerGroup(static_cast<size_t>(groups));
    int legendBars = 0;
    for (int i = 0; i < chart->plottableCount(); ++i) {
        auto* bars = qobject_cast<QCPBars*>(chart->plottable(i));
        if (!bars) continue;
        ++legendBars;
        const QString name = bars->name();
        const int r = row(name);
        QVERIFY2(r >= 0, qPrintable(name));
        for (auto p = bars->data()->constBegin(); p != bars->data()->constEnd(); ++p) {
            const int group = int(std::lround(p->key));
            QVERIFY(group >= 1 && group <= groups);
            QVERIFY(qAbs(p->key - group) < 0.45);  // under its own label
            QCOMPARE(p->value, number(model, r, group, ResultsModel::ValueRole));
            keysPerGroup[size_t(group - 1)].push_back(p->key);
        }
    }
    QCOMPARE(legendBars, model->rowCount());
    for (int g = 0; g < groups; ++g) {
        int withValue = 0;
        for (int r = 0; r < model->rowCount(); ++r)
            withValue += model->data(model->index(r, g + 1), ResultsModel::ValueRole).isValid();
        const std::vector<double>& keys = keysPerGroup[size_t(g)];
        QCOMPARE(int(keys.size()), withValue);
        double mean = 0;
        for (double k : keys) mean += k;
        QVERIFY(qAbs(mean / double(keys.size()) - (g + 1)) < 1e-9);  // centred: no empty slot
    }
    QCOMPARE(int(keysPerGroup[1].size()), 3);
    // The legend lies outside the axis rect, so it covers no bar.
    QVERIFY(!chart->legend->outerRect().intersects(chart->axisRect()->rect()));
}

void TestResultsPanel::selectsRunsByCheckNameAndKind() {
    panel_->setTaskGroup("all");
    QCOMPARE(panel_->comparedRows(), QStringList({"base", "focus-init", "mean-init", "partial"}));
    panel_->setRunFilter("init");
    QCOMPARE(panel_->comparedRows(), QStringList({"focus-init", "mean-init"}));
    QCOMPARE(panel_->model()->rowCount(), 2);
    panel_->setRunFilter(QString());
    // Kinds: imported results are evaluation runs; the papers' rows are their own kind.
    panel_->setKindFilter("train");
    QVERIFY(panel_->comparedRows().isEmpty());
    QCOMPARE(panel_->model()->rowCount(), 0);
    panel_->setKindFilter("eval");
    QCOMPARE(panel_->comparedRows().size(), 4);
    panel_->setKindFilter(QString());
    panel_->setRowChecked("mean-init", false);
    QCOMPARE(panel_->model()->rowCount(), 3);
    QCOMPARE(row("mean-init"), -1);
    panel_->setRowChecked("mean-init", true);
}

void TestResultsPanel::sortsByAnyColumn() {
    panel_->setTaskGroup("all");
    panel_->setMetric("acc");
    QTableView* table = panel_->tableView();
    QAbstractItemModel* shown = table->model();
    // boolq descending: 0.65 focus, 0.60 base, 0.58 mean, then partial (no value) last.
    table->sortByColumn(2, Qt::DescendingOrder);
    QStringList order;
    for (int r = 0; r < shown->rowCount(); ++r)
        order << shown->data(shown->index(r, 0), ResultsModel::SortRole).toString();
    QCOMPARE(order, QStringList({"focus-init", "base", "mean-init", "partial"}));
    table->sortByColumn(2, Qt::AscendingOrder);
    order.clear();
    for (int r = 0; r < shown->rowCount(); ++r)
        order << shown->data(shown->index(r, 0), ResultsModel::SortRole).toString();
    QCOMPARE(order, QStringList({"mean-init", "base", "focus-init", "partial"}));  // missing stays last
    table->sortByColumn(0, Qt::AscendingOrder);
    QCOMPARE(shown->data(shown->index(0, 0), ResultsModel::SortRole).toString(), QString("base"));
}

void TestResultsPanel::referenceRowsAndTaskGroups() {
    // The papers' tables: five Instruction PT rows and seven vocabulary rows, marked as published.
    const auto& references = ResultsPanel::publishedReferences();
    QCOMPARE(int(references.size()), 12);
    QVERIFY(panel_->listedRuns().contains("500M Instruct PT"));
    panel_->setTaskGroup("general");
    panel_->setMetric("acc");
    panel_->setRowChecked("500M Instruct PT", true);
    const ResultsModel* model = panel_->model();
    const int ref = row("500M Instruct PT");
    QVERIFY(ref >= 0);
    QVERIFY(model->data(model->index(ref, 0), ResultsModel::ReferenceRole).toBool());
    QVERIFY(text(model, ref, 0).contains("†"));
    // Table 1 as printed (percent), filed as fractions: ARC-e 54.8, BoolQ 62.0.
    QCOMPARE(number(model, ref, columnOf(model, "arc_easy"), ResultsModel::ValueRole), 0.548);
    QCOMPARE(number(model, ref, columnOf(model, "boolq"), ResultsModel::ValueRole), 0.62);
    // Only the tasks some row has are columns; the average is over the runs' common ones (arc_easy),
    // and the reference row is averaged over those too: 0.548.
    QCOMPARE(columnOf(model, "arc_easy"), 1);
    QCOMPARE(model->columnCount(), 1 + 9 + 1);  // the reference row has all nine
    const int average = model->columnCount() - 1;
    QCOMPARE(number(model, ref, average, ResultsModel::ValueRole), 0.548);
    QVERIFY(panel_->note().contains("Published: Instruction Pre-Training (Cheng et al., 2024), Table 1"));
    panel_->setRowChecked("500M Instruct PT", false);

    // The vocabulary grid: NLI (acc), SUM (rougeL), SPAN (f1) over languages, each with its average.
    QVERIFY(panel_->importResults(
        write("sw.json",
              "{\"results\": {\"nli_sw\": {\"acc,none\": 0.4}, \"nli_de\": {\"acc,none\": 0.5},"
              " \"sum_sw\": {\"rougeL,none\": 0.2}, \"span_sw\": {\"f1,none\": 0.3, \"exact_match,none\": "
              "0.1}}}"),
        "sw-mean"));
    for (const QString& run : {"base", "focus-init", "mean-init", "partial"})
        panel_->setRowChecked(run, false);
    panel_->setRowChecked("Llama 2 7B + Align", true);
    panel_->setTaskGroup("vocab");
    QStringList headers;
    for (int c = 0; c < model->columnCount(); ++c)
        headers << model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
    QCOMPARE(headers, QStringList({"Run", "nli_de", "nli_sw", "NLI average (2 tasks)", "sum_sw",
                                   "SUM average (1 task)", "span_sw", "SPAN average (1 task)"}));
    const int sw = row("sw-mean"), align = row("Llama 2 7B + Align");
    QCOMPARE(number(model, sw, 3, ResultsModel::ValueRole), 0.45);
    QCOMPARE(number(model, sw, 7, ResultsModel::ValueRole), 0.3);
    // The paper's row gives its averages over seven languages: .32, 22.4 (0.224), .23.
    QCOMPARE(number(model, align, 3, ResultsModel::ValueRole), 0.32);
    QCOMPARE(number(model, align, 5, ResultsModel::ValueRole), 0.224);
    QCOMPARE(number(model, align, 7, ResultsModel::ValueRole), 0.23);
    QCOMPARE(text(model, align, 1), QString("–"));
    QVERIFY(panel_->note().contains("reference rows without those tasks show their published average"));
    panel_->setRowChecked("Llama 2 7B + Align", false);
    for (const QString& run : {"base", "focus-init", "mean-init", "partial"})
        panel_->setRowChecked(run, true);
    panel_->setRowChecked("sw-mean", false);
    panel_->setTaskGroup("all");
}

void TestResultsPanel::exportsCsvMarkdownAndLatex() {
    panel_->setTaskGroup("all");
    panel_->setMetric("acc");
    panel_->setBaseline("base");
    panel_->setRowChecked("partial", false);
    // A reference row: its nine tasks become columns of "all tasks" (alphabetical); the Average stays
    // over the two every run has.
    panel_->setRowChecked("1.3B Vanilla PT", true);
    const QString csv = dir_.filePath("results.csv");
    panel_->exportCsv(csv);
    // RFC 4180 ends records with CRLF.
    const QList<QByteArray> lines = readAll(csv).replace("\r\n", "\n").split('\n');
    const QList<QByteArray> header = lines.value(0).split(',');
    QCOMPARE(header.size(), 1 + 9 * 4 + 2 + 1);
    QCOMPARE(header.mid(0, 5), QList<QByteArray>({"run", "arc_challenge", "arc_challenge stderr",
                                                  "arc_challenge n", "arc_challenge delta"}));
    QCOMPARE(header.mid(header.size() - 3), QList<QByteArray>({"average", "average delta", "published"}));
    auto cells = [&](const QByteArray& run) {
        for (const QByteArray& line : lines)
            if (line.startsWith(run + ",")) return line.split(',');
        return QList<QByteArray>();
    };
    auto at = [&](const QList<QByteArray>& row, const QByteArray& column) {
        return row.value(header.indexOf(column));
    };
    const QList<QByteArray> mean = cells("mean-init");
    QCOMPARE(at(mean, "arc_easy"), QByteArray("0.55"));
    QCOMPARE(at(mean, "arc_easy stderr"), QByteArray("0.011"));
    QCOMPARE(at(mean, "arc_easy n"), QByteArray("2376"));
    QCOMPARE(at(mean, "arc_easy delta"), QByteArray("0.05"));
    QCOMPARE(at(mean, "boolq delta"), QByteArray("-0.02"));
    QCOMPARE(at(mean, "average"), QByteArray("0.565"));
    QCOMPARE(at(mean, "average delta"), QByteArray("0.015"));
    QCOMPARE(at(mean, "piqa"), QByteArray());
    // 1.3B Vanilla PT: ARC-e 58.5, BoolQ 60.3, PIQA 73.0; average of the first two 0.594, deltas against
    // base 0.085, 0.003, 0.044; its source in the last column.
    const QList<QByteArray> paper = cells("1.3B Vanilla PT");
    QCOMPARE(at(paper, "arc_easy"), QByteArray("0.585"));
    QCOMPARE(at(paper, "arc_easy delta"), QByteArray("0.085"));
    QCOMPARE(at(paper, "boolq delta"), QByteArray("0.003"));
    QCOMPARE(at(paper, "piqa"), QByteArray("0.73"));
    QCOMPARE(at(paper, "average"), QByteArray("0.594"));
    QCOMPARE(at(paper, "average delta"), QByteArray("0.044"));
    QVERIFY(at(paper, "published").startsWith("Instruction Pre-Training (Cheng et al.") ||
            readAll(csv).contains("\"Instruction Pre-Training (Cheng et al., 2024), Table 1"));

    panel_->setShowStderr(false);
    panel_->setShowSamples(false);
    const QString md = dir_.filePath("results.md");
    panel_->exportMarkdown(md);
    const QString markdown = QString::fromUtf8(readAll(md));
    QVERIFY2(markdown.startsWith(
                 "| Run | arc\\_challenge | arc\\_easy | boolq | hellaswag | mmlu | openbookqa | piqa | "
                 "siqa | winogrande | Average |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"),
             qPrintable(markdown));
    QVERIFY2(
        markdown.contains("| mean-init | – | 0.5500 (+0.0500) | 0.5800 (-0.0200) | – | – | – | – | – | – | "
                          "0.5650 (+0.0150) |"),
        qPrintable(markdown));
    // The best of each column bold: focus-init leads boolq; the paper row the rest (alone in seven).
    QVERIFY2(
        markdown.contains("| 1.3B Vanilla PT † | **0.2880** | **0.5850 (+0.0850)** | 0.6030 (+0.0030) | "
                          "**0.5490** | **0.2570** | **0.3360** | **0.7300** | **0.4790** | **0.5490** | "
                          "**0.5940 (+0.0440)** |"),
        qPrintable(markdown));
    QVERIFY(markdown.contains("| focus-init | – | 0.5200 (+0.0200) | **0.6500 (+0.0500)** |"));
    QVERIFY(markdown.contains("| base | – | 0.5000 | 0.6000 | – |"));  // the baseline without deltas
    QVERIFY(markdown.contains("† Published: Instruction Pre-Training"));

    const QString tex = dir_.filePath("results.tex");
    panel_->exportLatex(tex);
    const QString latex = QString::fromUtf8(readAll(tex));
    QVERIFY2(
        latex.contains("\\begin{tabular}{lrrrrrrrrrr}") &&
            latex.contains("Run & arc\\_challenge & arc\\_easy & boolq & hellaswag") &&
            latex.contains("mean-init & -- & 0.5500 (+0.0500) & 0.5800 (-0.0200) & -- & ") &&
            latex.contains(
                "\\midrule\n1.3B Vanilla PT$^\\dagger$ & \\textbf{0.2880} & \\textbf{0.5850 (+0.0850)}") &&
            latex.contains("\\bottomrule") && latex.contains("\\caption{Average (acc): over the 2 tasks"),
        qPrintable(latex));
    panel_->setShowStderr(true);
    panel_->setShowSamples(true);
    const QString png = dir_.filePath("results.png");
    panel_->exportPng(png);
    QVERIFY(QFileInfo(png).size() > 0);
    panel_->setRowChecked("1.3B Vanilla PT", false);
    panel_->setRowChecked("partial", true);
    panel_->setBaseline(QString());
}

void TestResultsPanel::reportsABadFile() {
    QSignalSpy errors(panel_.get(), &ResultsPanel::errorOccurred);
    QVERIFY(!panel_->importResults(write("bad.json", "{\"config\": {}}"), "bad"));
    QVERIFY2(panel_->errorMessage().contains("results"), qPrintable(panel_->errorMessage()));
    QVERIFY(panel_->errorMessage().contains("bad.json"));
    QCOMPARE(errors.count(), 1);
    QVERIFY(!workspace_->store().find_run("bad"));
}

QTEST_MAIN(TestResultsPanel)
#include "test_results_panel.moc"
