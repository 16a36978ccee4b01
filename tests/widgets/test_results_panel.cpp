// The results panel on a workspace whose results the test imports from hand-written
// lm-evaluation-harness files: best value per column in bold, the average column, deltas against a
// baseline, the bar chart and the CSV export, all against values computed by hand here.
#include <qcustomplot.h>
#include <QFile>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "ipt/runs/run_store.h"
#include "results/results_model.h"
#include "results/results_panel.h"

namespace {

// lm-evaluation-harness v0.4 layout, two tasks.
QByteArray harnessJson(double arc, double arcErr, double boolq, double boolqErr) {
    return QStringLiteral(
               "{\"results\": {"
               "\"arc_easy\": {\"alias\": \"arc_easy\", \"acc,none\": %1, \"acc_stderr,none\": %2, "
               "\"acc_norm,none\": 0.4, \"acc_norm_stderr,none\": 0.01},"
               "\"boolq\": {\"alias\": \"boolq\", \"acc,none\": %3, \"acc_stderr,none\": %4}},"
               "\"n-shot\": {\"arc_easy\": 0, \"boolq\": 0}}")
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

}  // namespace

class TestResultsPanel : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void boldsBestAndComputesAverage();
    void deltasAgainstBaseline();
    void lowerIsBetterAndMissingTasks();
    void chartAndExport();
    void reportsABadFile();

  private:
    QString write(const QString& name, const QByteArray& json);
    int row(const QString& run) const;

    QTemporaryDir dir_;
    std::shared_ptr<ipt::RunStore> store_;
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
    const auto& runs = panel_->model()->summary().table.runs;
    for (size_t i = 0; i < runs.size(); ++i)
        if (QString::fromStdString(runs[i]) == run) return int(i);
    return -1;
}

void TestResultsPanel::initTestCase() {
    QVERIFY(dir_.isValid());
    QDir().mkpath(dir_.filePath("workspace"));
    store_ = std::make_shared<ipt::RunStore>(dir_.filePath("workspace").toStdString());
    panel_ = std::make_unique<ResultsPanel>();
    panel_->show();
    panel_->setWorkspace(dir_.filePath("workspace"), store_);
    QCOMPARE(panel_->model()->rowCount(), 0);
    QVERIFY(panel_->importResults(write("base.json", harnessJson(0.50, 0.010, 0.60, 0.020)), "base"));
    QVERIFY(panel_->importResults(write("a.json", harnessJson(0.55, 0.011, 0.58, 0.019)), "mean-init"));
    QVERIFY(panel_->importResults(write("b.json", harnessJson(0.52, 0.012, 0.65, 0.018)), "focus-init"));
    QVERIFY2(panel_->errorMessage().isEmpty(), qPrintable(panel_->errorMessage()));
}

void TestResultsPanel::boldsBestAndComputesAverage() {
    panel_->setBaseline(QString());
    panel_->setMetric("acc");
    const ResultsModel* model = panel_->model();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->columnCount(), 3);  // arc_easy, boolq, Average
    QCOMPARE(model->headerData(0, Qt::Horizontal, Qt::DisplayRole).toString(), QString("arc_easy"));
    QCOMPARE(model->headerData(2, Qt::Horizontal, Qt::DisplayRole).toString(), QString("Average"));
    const int base = row("base"), mean = row("mean-init"), focus = row("focus-init");
    QVERIFY(base >= 0 && mean >= 0 && focus >= 0);

    // arc_easy: 0.55 (mean-init) is best; boolq: 0.65 (focus-init).
    QVERIFY(isBold(model, mean, 0));
    QVERIFY(!isBold(model, base, 0));
    QVERIFY(!isBold(model, focus, 0));
    QVERIFY(isBold(model, focus, 1));
    QVERIFY(!isBold(model, base, 1));
    QVERIFY(!isBold(model, mean, 1));
    // Averages by hand: (0.50+0.60)/2 = 0.55, (0.55+0.58)/2 = 0.565, (0.52+0.65)/2 = 0.585 (best).
    QCOMPARE(number(model, base, 2, ResultsModel::ValueRole), 0.55);
    QCOMPARE(number(model, mean, 2, ResultsModel::ValueRole), 0.565);
    QCOMPARE(number(model, focus, 2, ResultsModel::ValueRole), 0.585);
    QVERIFY(isBold(model, focus, 2));
    QVERIFY(!isBold(model, mean, 2));
    // The cell text: value ± stderr, no delta without a baseline.
    QCOMPARE(model->data(model->index(mean, 0), Qt::DisplayRole).toString(), QString("0.5500 ± 0.0110"));
    QVERIFY(!model->data(model->index(mean, 0), ResultsModel::DeltaRole).isValid());
    panel_->findChild<QCheckBox*>("showStderr")->setChecked(false);
    QCOMPARE(model->data(model->index(mean, 0), Qt::DisplayRole).toString(), QString("0.5500"));
    panel_->findChild<QCheckBox*>("showStderr")->setChecked(true);
}

void TestResultsPanel::deltasAgainstBaseline() {
    panel_->setMetric("acc");
    panel_->setBaseline("base");
    QCOMPARE(panel_->baseline(), QString("base"));
    const ResultsModel* model = panel_->model();
    const int base = row("base"), mean = row("mean-init"), focus = row("focus-init");
    // mean-init - base: 0.55-0.50 = +0.05, 0.58-0.60 = -0.02, average 0.565-0.55 = +0.015.
    QVERIFY(qAbs(number(model, mean, 0, ResultsModel::DeltaRole) - 0.05) < 1e-12);
    QVERIFY(qAbs(number(model, mean, 1, ResultsModel::DeltaRole) + 0.02) < 1e-12);
    QVERIFY(qAbs(number(model, mean, 2, ResultsModel::DeltaRole) - 0.015) < 1e-12);
    // focus-init: +0.02, +0.05, +0.035.
    QVERIFY(qAbs(number(model, focus, 0, ResultsModel::DeltaRole) - 0.02) < 1e-12);
    QVERIFY(qAbs(number(model, focus, 1, ResultsModel::DeltaRole) - 0.05) < 1e-12);
    QVERIFY(qAbs(number(model, focus, 2, ResultsModel::DeltaRole) - 0.035) < 1e-12);
    QCOMPARE(number(model, base, 0, ResultsModel::DeltaRole), 0.0);
    QCOMPARE(model->data(model->index(mean, 0), Qt::DisplayRole).toString(),
             QString("0.5500 ± 0.0110 (+0.0500)"));
    QCOMPARE(model->data(model->index(mean, 1), Qt::DisplayRole).toString(),
             QString("0.5800 ± 0.0190 (-0.0200)"));
    QCOMPARE(model->data(model->index(mean, 2), Qt::DisplayRole).toString(), QString("0.5650 (+0.0150)"));
    QVERIFY(model->headerData(base, Qt::Vertical, Qt::DisplayRole).toString().contains("baseline"));
}

void TestResultsPanel::lowerIsBetterAndMissingTasks() {
    // acc_norm only on arc_easy for every run: the average needs every task, so it is the arc value.
    panel_->setBaseline(QString());
    panel_->setMetric("acc_norm");
    QCOMPARE(panel_->metric(), QString("acc_norm"));
    QCOMPARE(panel_->model()->columnCount(), 2);

    // A run without boolq: no average (a mean over fewer tasks would not compare).
    QVERIFY(panel_->importResults(
        write("partial.json",
              "{\"results\": {\"arc_easy\": {\"acc,none\": 0.9, \"acc_stderr,none\": 0.01}}}"),
        "partial"));
    panel_->setMetric("acc");
    const ResultsModel* model = panel_->model();
    const int partial = row("partial");
    QVERIFY(partial >= 0);
    QVERIFY(isBold(model, partial, 0));  // 0.9 on arc_easy is best
    QVERIFY(!model->data(model->index(partial, 1), ResultsModel::ValueRole).isValid());
    QVERIFY(!model->data(model->index(partial, 2), ResultsModel::ValueRole).isValid());
    QCOMPARE(model->data(model->index(partial, 2), Qt::DisplayRole).toString(), QString("–"));
    QVERIFY(isBold(model, row("focus-init"), 2));

    // For a loss-like metric the lowest value is best.
    ipt::ResultsTable table;
    table.metric = "perplexity";
    table.runs = {"x", "y"};
    table.tasks = {"t"};
    table.values = {{12.0}, {9.5}};
    table.stderrs = {{std::nullopt}, {std::nullopt}};
    table.deltas = table.stderrs;
    const ResultsSummary summary = summarizeResults(table);
    QVERIFY(!summary.higherIsBetter);
    QVERIFY(summary.isBest(1, 0));
    QVERIFY(!summary.isBest(0, 0));
    store_->remove_run("partial");
    panel_->refresh();
}

void TestResultsPanel::chartAndExport() {
    panel_->setMetric("acc");
    panel_->setBaseline("base");
    QCustomPlot* chart = panel_->chart();
    int bars = 0;
    for (int i = 0; i < chart->plottableCount(); ++i)
        if (auto* b = qobject_cast<QCPBars*>(chart->plottable(i))) {
            ++bars;
            QCOMPARE(b->data()->size(), 3);  // two tasks and the average
        }
    QCOMPARE(bars, 3);

    const QString csv = dir_.filePath("results.csv");
    panel_->exportCsv(csv);
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    // RFC 4180 ends records with CRLF.
    const QList<QByteArray> lines = file.readAll().replace("\r\n", "\n").split('\n');
    QCOMPARE(lines.value(0),
             QByteArray("run,arc_easy,arc_easy stderr,arc_easy delta,boolq,boolq stderr,boolq delta,"
                        "average,average delta"));
    QVERIFY(lines.contains("mean-init,0.55,0.011,0.05,0.58,0.019,-0.02,0.565,0.015"));
    const QString png = dir_.filePath("results.png");
    panel_->exportPng(png);
    QVERIFY(QFileInfo(png).size() > 0);
}

void TestResultsPanel::reportsABadFile() {
    QSignalSpy errors(panel_.get(), &ResultsPanel::errorOccurred);
    QVERIFY(!panel_->importResults(write("bad.json", "{\"config\": {}}"), "bad"));
    QVERIFY2(panel_->errorMessage().contains("results"), qPrintable(panel_->errorMessage()));
    QVERIFY(panel_->errorMessage().contains("bad.json"));
    QCOMPARE(errors.count(), 1);
    QVERIFY(!store_->find_run("bad"));
}

QTEST_MAIN(TestResultsPanel)
#include "test_results_panel.moc"
