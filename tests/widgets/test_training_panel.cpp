// The training panel: curves that follow a growing metrics.jsonl, smoothing against a hand-computed
// EMA, x-axis and log-scale choices, the config editor's line-numbered problems, and a real run
// launched, stopped (cancelled) and resumed through the panel.
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "common/job_bridge.h"
#include "ipt/data/dataset_builder.h"
#include "ipt/model/runtime.h"
#include "ipt/runs/run_store.h"
#include "ipt/runs/workspace.h"
#include "ipt/text/tokenizer.h"
#include "training/config_editor.h"
#include "training/metrics_plot.h"
#include "training/run_list.h"
#include "training/smoothing.h"
#include "training/training_panel.h"

namespace {

constexpr int kTimeoutMs = 120000;

void writeFile(const QString& path, const QByteArray& bytes,
               QIODevice::OpenMode mode = QIODevice::WriteOnly) {
    QFile file(path);
    if (!file.open(mode)) qFatal("cannot write %s", qPrintable(path));
    file.write(bytes);
}

QByteArray metricLine(int step, double loss, double lr, int tokens, double elapsed) {
    return QStringLiteral(
               "{\"step\": %1, \"tokens\": %2, \"loss\": %3, \"lr\": %4, \"grad_norm\": 1.5, "
               "\"tokens_per_s\": 100.0, \"elapsed\": %5}\n")
        .arg(step)
        .arg(tokens)
        .arg(loss)
        .arg(lr)
        .arg(elapsed)
        .toUtf8();
}

QVector<double> ys(const QVector<QPointF>& points) {
    QVector<double> out;
    for (const QPointF& p : points) out << p.y();
    return out;
}

QVector<double> xs(const QVector<QPointF>& points) {
    QVector<double> out;
    for (const QPointF& p : points) out << p.x();
    return out;
}

// Adds `dir` and waits for its first read, which runs on a job.
QString addAndWait(TrainingPanel& panel, const QString& dir) {
    const QString name = panel.addRunDirectory(dir);
    if (!name.isEmpty() && !QTest::qWaitFor([&] { return !panel.isLoading(name); }, 30000))
        qWarning("first read of %s did not end", qPrintable(name));
    return name;
}

bool near(const QVector<double>& a, const QVector<double>& b) {
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); ++i)
        if (std::abs(a[i] - b[i]) > 1e-9) return false;
    return true;
}

const char* const kValidConfig =
    "[model]\n"
    "preset = \"tiny\"\n"
    "\n"
    "[data]\n"
    "sequence_length = 32\n"
    "[[data.sources]]\n"
    "path = \"data\"\n"
    "\n"
    "[batch]\n"
    "global_batch_tokens = 256\n"
    "micro_batch = 8\n"
    "\n"
    "[optimizer]\n"
    "lr = 1e-3\n"
    "\n"
    "[train]\n"
    "steps = 5\n";

}  // namespace

class TestTrainingPanel : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void smoothingMatchesHandComputedEma();
    void scheduleAndValidationCurvesAreNotSmoothed();
    void liveRunLinesAppearInPlot();
    void plotsValidationLossAgainstTokensAndLogScale();
    void indexesAddedRunInWorkspace();
    void configEditorNamesTheLine();
    void launchStopAndResumeARun();
    void oneBadLineHidesNothingElse();
    void failedResumeLeavesNoTrace();
    void launchFollowsTheWorkspaceNamingRules();

  private:
    QString makeRunDir(const QString& name, int plannedSteps);
    QTemporaryDir dir_;
};

void TestTrainingPanel::initTestCase() {
    QVERIFY(dir_.isValid());
    ipt::init_torch_threads();
}

QString TestTrainingPanel::makeRunDir(const QString& name, int plannedSteps) {
    const QString run = dir_.filePath(name);
    QDir().mkpath(run);
    writeFile(run + "/config.toml", QStringLiteral("[train]\nsteps = %1\n").arg(plannedSteps).toUtf8());
    return run;
}

void TestTrainingPanel::smoothingMatchesHandComputedEma() {
    // Bias-corrected EMA = the mean of the values so far weighted weight^(age): by hand, weight 0.5 on
    // 1, 3, 2, 4: 1; (0.5*1 + 3)/1.5 = 2.3333; (0.25*1 + 0.5*3 + 2)/1.75 = 2.142857;
    // (0.125*1 + 0.25*3 + 0.5*2 + 4)/1.875 = 3.1333.
    QVERIFY(near(exponentialMovingAverage({1, 3, 2, 4}, 0.5), {1, 7.0 / 3, 3.75 / 1.75, 5.875 / 1.875}));
    // Weight 0.6 on 10, 0, 5: 10; 6/1.6 = 3.75; (3.6 + 5)/1.96 = 4.387755.
    QVERIFY(near(exponentialMovingAverage({10, 0, 5}, 0.6), {10, 3.75, 8.6 / 1.96}));
    QVERIFY(near(exponentialMovingAverage({4, 8}, 0.0), {4, 8}));
    // A constant stays constant: no pull towards zero or towards the first value.
    QVERIFY(near(exponentialMovingAverage({2, 2, 2, 2}, 0.95), {2, 2, 2, 2}));
    QVERIFY(exponentialMovingAverage({}, 0.9).isEmpty());

    // The same numbers through the panel: what the smoothed graph holds.
    const QString run = makeRunDir("smooth", 100);
    writeFile(run + "/metrics.jsonl", metricLine(1, 10, 1e-3, 64, 0.1) + metricLine(2, 0, 1e-3, 128, 0.2) +
                                          metricLine(3, 5, 1e-3, 192, 0.3));
    TrainingPanel panel;
    panel.plot()->setSmoothing(0.6);
    const QString name = addAndWait(panel, run);
    QCOMPARE(name, QString("smooth"));
    QVERIFY(near(ys(panel.plot()->graphData(name, false)), {10, 0, 5}));
    QVERIFY(near(ys(panel.plot()->graphData(name, true)), {10, 3.75, 8.6 / 1.96}));
    panel.plot()->setSmoothing(0.5);
    // 10; 5/1.5 = 3.3333; (2.5 + 5)/1.75 = 4.285714.
    QVERIFY(near(ys(panel.plot()->graphData(name, true)), {10, 5 / 1.5, 7.5 / 1.75}));
}

void TestTrainingPanel::scheduleAndValidationCurvesAreNotSmoothed() {
    // A warm-up to 0.003 and a decay, and validation losses with a minimum of 6.29, under heavy smoothing.
    const QString run = makeRunDir("schedule", 100);
    QByteArray lines;
    const double lrs[] = {0.0006, 0.0012, 0.0018, 0.0024, 0.003, 0.0027, 0.0021, 0.0012};
    for (int i = 0; i < 8; ++i) {
        lines += metricLine(i + 1, 8.0 - 0.2 * i, lrs[i], 64 * (i + 1), 0.1 * (i + 1));
        if (i % 2 == 1)
            lines += QStringLiteral("{\"step\": %1, \"tokens\": %2, \"val_loss\": %3}\n")
                         .arg(i + 1)
                         .arg(64 * (i + 1))
                         .arg(QVector<double>{7.5, 6.8, 6.29, 6.4}[i / 2])
                         .toUtf8();
    }
    writeFile(run + "/metrics.jsonl", lines);
    TrainingPanel panel;
    panel.plot()->setSmoothing(0.9);
    const QString name = addAndWait(panel, run);
    MetricsPlot* plot = panel.plot();
    plot->setMetric("lr");
    const QVector<double> lr = ys(plot->graphData(name, true));
    QCOMPARE(lr.size(), 8);
    QCOMPARE(*std::max_element(lr.begin(), lr.end()), 0.003);
    QVERIFY(near(lr, ys(plot->graphData(name, false))));
    plot->setMetric("val_loss");
    const QVector<double> val = ys(plot->graphData(name, true));
    QCOMPARE(val, QVector<double>({7.5, 6.8, 6.29, 6.4}));
    // The loss is smoothed: its curve differs from the raw one after the first point.
    plot->setMetric("loss");
    const QVector<double> loss = ys(plot->graphData(name, true)), raw = ys(plot->graphData(name, false));
    QCOMPARE(loss.first(), raw.first());
    QVERIFY(loss.last() > raw.last() + 0.1);
}

void TestTrainingPanel::liveRunLinesAppearInPlot() {
    const QString run = makeRunDir("live", 5);
    const QString metrics = run + "/metrics.jsonl";
    writeFile(metrics, metricLine(1, 4.0, 1e-4, 64, 0.5) + metricLine(2, 3.5, 2e-4, 128, 1.0));
    TrainingPanel panel;
    panel.show();
    const QString name = addAndWait(panel, run);
    QVERIFY(panel.isFollowing(name));
    QVERIFY(panel.errorMessage().isEmpty());
    QCOMPARE(ys(panel.plot()->graphData(name, false)), QVector<double>({4.0, 3.5}));
    QCOMPARE(panel.runList()->status(name), QString("running"));

    // The trainer appends; a line still being written (no newline yet) must not show.
    writeFile(metrics, metricLine(3, 3.0, 3e-4, 192, 1.5) + QByteArray("{\"step\": 4, \"loss\": 2."),
              QIODevice::Append);
    // The panel's own timer picks the lines up.
    QTRY_COMPARE_WITH_TIMEOUT(panel.plot()->graphData(name, false).size(), 3, 5000);
    QCOMPARE(ys(panel.plot()->graphData(name, false)), QVector<double>({4.0, 3.5, 3.0}));
    QCOMPARE(xs(panel.plot()->graphData(name, false)), QVector<double>({1, 2, 3}));

    writeFile(metrics,
              QByteArray("5, \"tokens\": 256, \"elapsed\": 2.0}\n") + metricLine(5, 2.0, 1e-4, 320, 2.5),
              QIODevice::Append);
    QTRY_COMPARE_WITH_TIMEOUT(panel.plot()->graphData(name, false).size(), 5, 5000);
    QCOMPARE(ys(panel.plot()->graphData(name, false)), QVector<double>({4.0, 3.5, 3.0, 2.5, 2.0}));
    // Step 5 of 5 planned: the run has finished.
    QTRY_COMPARE_WITH_TIMEOUT(panel.runList()->status(name), QString("finished"), 5000);

    // Another metric of the same lines: the learning rate.
    panel.plot()->setMetric("lr");
    QVERIFY(near(ys(panel.plot()->graphData(name, false)), {1e-4, 2e-4, 3e-4, 1e-4}));

    // A replaced file (a resume that trimmed steps) starts the curve over.
    panel.plot()->setMetric("loss");
    QFile::remove(metrics);
    writeFile(metrics, metricLine(1, 9.0, 1e-4, 64, 0.5));
    panel.pollRuns();
    QTRY_COMPARE_WITH_TIMEOUT(ys(panel.plot()->graphData(name, false)), QVector<double>({9.0}), 5000);
}

void TestTrainingPanel::plotsValidationLossAgainstTokensAndLogScale() {
    const QString run = makeRunDir("axes", 100);
    writeFile(run + "/metrics.jsonl", metricLine(1, 2.0, 0.0, 64, 0.5) + metricLine(2, 1.0, 1e-3, 128, 1.25) +
                                          QByteArray("{\"step\": 2, \"tokens\": 128, \"val_loss\": 1.75}\n"));
    TrainingPanel panel;
    const QString name = addAndWait(panel, run);
    MetricsPlot* plot = panel.plot();
    plot->setSmoothing(0);
    plot->setXAxis(XAxis::Tokens);
    QCOMPARE(xs(plot->graphData(name, false)), QVector<double>({64, 128}));
    plot->setXAxis(XAxis::WallTime);
    QCOMPARE(xs(plot->graphData(name, false)), QVector<double>({0.5, 1.25}));
    plot->setMetric("val_loss");
    // The validation line has no wall time of its own: it takes the last training line's.
    QCOMPARE(plot->graphData(name, false), QVector<QPointF>({QPointF(1.25, 1.75)}));
    // A learning rate of 0 has no place on a log axis.
    plot->setMetric("lr");
    plot->setXAxis(XAxis::Step);
    QCOMPARE(plot->graphData(name, false).size(), 2);
    plot->setLogScale(true);
    QCOMPARE(plot->graphData(name, false), QVector<QPointF>({QPointF(2, 1e-3)}));

    // CSV export of the shown metric.
    plot->setLogScale(false);
    plot->setMetric("loss");
    const QString csv = dir_.filePath("loss.csv");
    plot->exportCsv(csv);
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().replace("\r\n", "\n").split('\n');
    QCOMPARE(lines.value(0), QByteArray("run,step,tokens,elapsed,loss,loss_smoothed"));
    QCOMPARE(lines.value(1), QByteArray("axes,1,64,0.5,2,2"));
    QCOMPARE(lines.value(2), QByteArray("axes,2,128,1.25,1,1"));
    const QString png = dir_.filePath("loss.png");
    plot->exportPng(png);
    QVERIFY(QFileInfo(png).size() > 0);
}

void TestTrainingPanel::indexesAddedRunInWorkspace() {
    QTemporaryDir workspace;
    QVERIFY(workspace.isValid());
    auto ws = ipt::Workspace::create(workspace.path().toStdString());
    ipt::RunStore* store = &ws->store();
    const QString run = makeRunDir("indexed", 3);
    writeFile(run + "/metrics.jsonl", metricLine(1, 4.0, 1e-4, 64, 0.5));
    TrainingPanel panel;
    panel.setWorkspace(ws);
    const QString name = addAndWait(panel, run);
    QVERIFY(store->find_run(name.toStdString()));
    QCOMPARE(store->summarize_metric(name.toStdString(), "loss").count, int64_t(1));
    // New lines reach the index too.
    writeFile(run + "/metrics.jsonl", metricLine(2, 3.0, 1e-4, 128, 1.0), QIODevice::Append);
    panel.pollRuns();
    QCOMPARE(store->summarize_metric(name.toStdString(), "loss").count, int64_t(2));

    // A second panel on the same workspace lists the run from the index.
    TrainingPanel other;
    other.setWorkspace(ipt::Workspace::open(workspace.path().toStdString()));
    QVERIFY(other.runList()->hasRow(name));
    QVERIFY(other.isFollowing(name));
    QTRY_COMPARE(other.plot()->graphData(name, false).size(), 2);

    // Not a run directory: an error naming config.toml, nothing added.
    QVERIFY(panel.addRunDirectory(dir_.filePath("nowhere")).isEmpty());
    QVERIFY(panel.errorMessage().contains("config.toml"));
}

void TestTrainingPanel::configEditorNamesTheLine() {
    ConfigEditor editor;
    editor.setText(kValidConfig);
    QVERIFY2(editor.isValid(), qPrintable(editor.problem().message));

    // A typo in a key: core names 'optimizer.lrr'; the editor finds its line (15).
    QString typo = QString(kValidConfig).replace("lr = 1e-3", "lr = 1e-3\nlrr = 2");
    editor.setText(typo);
    QVERIFY(!editor.isValid());
    QVERIFY2(editor.problem().message.contains("optimizer.lrr"), qPrintable(editor.problem().message));
    QCOMPARE(editor.problem().line, 15);

    // TOML syntax: the parser's own line.
    editor.setText("[model]\npreset = \"tiny\"\n[data\n");
    QVERIFY(!editor.isValid());
    QCOMPARE(editor.problem().line, 3);

    // A value check without quotes: data.sequence_length must be > 1 (line 5).
    editor.setText(QString(kValidConfig).replace("sequence_length = 32", "sequence_length = 1"));
    QVERIFY(!editor.isValid());
    QCOMPARE(editor.problem().line, 5);

    // A key of the second [[data.sources]] table.
    QCOMPARE(
        locateConfigProblem("[[data.sources]]\npath = \"a\"\n[[data.sources]]\npath = \"b\"\nweigth = 2\n",
                            "unknown key 'data.sources[1].weigth'")
            .line,
        5);
}

void TestTrainingPanel::launchStopAndResumeARun() {
    const QString tokenizerFile = QStringLiteral(IPT_FIXTURES_DIR "/llama2-tokenizer.model");
    if (!QFileInfo::exists(tokenizerFile)) QSKIP("missing fixture llama2-tokenizer.model");
    // A small token dataset made through core.
    QString corpus;
    for (int i = 0; i < 200; ++i)
        corpus += QStringLiteral(
                      "{\"text\": \"Document %1 says that rivers carry water to the sea, and the sea "
                      "returns it as rain over the hills number %2.\"}\n")
                      .arg(i)
                      .arg(i * 7);
    writeFile(dir_.filePath("corpus.jsonl"), corpus.toUtf8());
    auto tokenizer = ipt::load_tokenizer(tokenizerFile.toStdString());
    ipt::PrepareOptions prepare;
    prepare.inputs = {dir_.filePath("corpus.jsonl").toStdString()};
    prepare.output = dir_.filePath("data").toStdString();
    ipt::prepare_dataset(prepare, *tokenizer);

    QTemporaryDir workspace;
    QVERIFY(workspace.isValid());
    auto ws = ipt::Workspace::create(workspace.path().toStdString());
    ipt::RunStore* store = &ws->store();
    TrainingPanel panel;
    panel.show();
    panel.setWorkspace(ws);
    QString config = QString(kValidConfig)
                         .replace("path = \"data\"", "path = \"" + dir_.filePath("data") + "\"")
                         .replace("steps = 5", "steps = 100000\nlog_every = 1");
    panel.configEditor()->setText(config);
    QVERIFY2(panel.configEditor()->isValid(), qPrintable(panel.configEditor()->problem().message));
    panel.findChild<QLineEdit*>("runName")->setText("tiny-run");
    QSignalSpy created(&panel, &TrainingPanel::jobBridgeCreated);
    QSignalSpy ended(&panel, &TrainingPanel::runFinished);
    QTest::mouseClick(panel.findChild<QPushButton*>("launchRun"), Qt::LeftButton);
    QVERIFY2(panel.errorMessage().isEmpty(), qPrintable(panel.errorMessage()));
    QCOMPARE(created.count(), 1);
    QVERIFY(panel.jobFor("tiny-run"));
    QCOMPARE(panel.runList()->status("tiny-run"), QString("training"));

    // The curve grows while the job runs.
    QTRY_VERIFY_WITH_TIMEOUT(panel.plot()->graphData("tiny-run", false).size() >= 3, kTimeoutMs);
    QVERIFY(panel.jobFor("tiny-run"));

    // Stop = cancel: the job ends as stopped well before its 100000 steps, with a checkpoint.
    panel.runList()->selectRun("tiny-run");
    auto* stop = panel.findChild<QPushButton*>("stopRun");
    QVERIFY(stop->isEnabled());
    QTest::mouseClick(stop, Qt::LeftButton);
    QVERIFY(ended.wait(kTimeoutMs));
    QCOMPARE(ended.first().at(1).toString(), QString("stopped"));
    QVERIFY(!panel.jobFor("tiny-run"));
    QTRY_COMPARE_WITH_TIMEOUT(panel.runList()->status("tiny-run"), QString("stopped"), 5000);
    const int stoppedAt = panel.plot()->graphData("tiny-run", false).size();
    QVERIFY(stoppedAt >= 3 && stoppedAt < 100000);
    QVERIFY(QFileInfo::exists(workspace.filePath("runs/tiny-run/checkpoints/latest")));
    QVERIFY(store->find_run("tiny-run"));
    QCOMPARE(QString(ipt::to_string(store->run("tiny-run").status)), QString("stopped"));  // the index too

    // Resume continues from the checkpoint: more steps appear, then stop again.
    ended.clear();
    auto* resume = panel.findChild<QPushButton*>("resumeRun");
    QVERIFY(resume->isEnabled());
    QTest::mouseClick(resume, Qt::LeftButton);
    QVERIFY2(panel.errorMessage().isEmpty(), qPrintable(panel.errorMessage()));
    QVERIFY(panel.jobFor("tiny-run"));
    QTRY_VERIFY_WITH_TIMEOUT(panel.plot()->graphData("tiny-run", false).size() >= stoppedAt + 2, kTimeoutMs);
    const QVector<double> steps = xs(panel.plot()->graphData("tiny-run", false));
    for (int i = 1; i < steps.size(); ++i) QVERIFY(steps[i] > steps[i - 1]);  // no step twice
    panel.jobFor("tiny-run")->cancel();
    QVERIFY(ended.wait(kTimeoutMs));
    QCOMPARE(ended.first().at(1).toString(), QString("stopped"));
}

void TestTrainingPanel::oneBadLineHidesNothingElse() {
    const QString run = makeRunDir("badline", 5);
    writeFile(run + "/metrics.jsonl", metricLine(1, 5.0, 1e-3, 64, 0.1) + metricLine(2, 4.0, 1e-3, 128, 0.2) +
                                          QByteArray("{\"step\": 3, \"loss\": 3.0, oops\n") +
                                          metricLine(4, 2.0, 1e-3, 256, 0.4) +
                                          metricLine(5, 1.0, 1e-3, 320, 0.5));
    QTemporaryDir workspace;
    auto ws = ipt::Workspace::create(workspace.path().toStdString());
    TrainingPanel panel;
    panel.setWorkspace(ws);
    panel.plot()->setSmoothing(0);
    const QString name = addAndWait(panel, run);
    // Four of the five lines drawn, the bad one named by file and line.
    QCOMPARE(xs(panel.plot()->graphData(name, false)), QVector<double>({1, 2, 4, 5}));
    QVERIFY2(panel.errorMessage().contains("metrics.jsonl:3"), qPrintable(panel.errorMessage()));
    // Step 5 of 5 was logged: finished, in the list and in the index, not "unknown".
    QCOMPARE(panel.runList()->status(name), QString("finished"));
    QCOMPARE(QString(ipt::to_string(ws->store().run(name.toStdString()).status)), QString("finished"));
    QCOMPARE(ws->store().summarize_metric(name.toStdString(), "loss").count, int64_t(4));
    // Lines appended after the bad one keep coming.
    writeFile(run + "/metrics.jsonl", metricLine(6, 0.5, 1e-3, 384, 0.6), QIODevice::Append);
    panel.pollRuns();
    QTRY_COMPARE(panel.plot()->graphData(name, false).size(), 5);
}

void TestTrainingPanel::failedResumeLeavesNoTrace() {
    // A stopped run whose checkpoint is gone: Resume is refused before any job starts.
    QTemporaryDir workspace;
    auto ws = ipt::Workspace::create(workspace.path().toStdString());
    const QString run = workspace.filePath("runs/lost");
    QDir().mkpath(run);
    writeFile(run + "/config.toml", QByteArray("[train]\nsteps = 100\n"));
    writeFile(run + "/metrics.jsonl", metricLine(1, 5.0, 1e-3, 64, 0.1) + metricLine(2, 4.0, 1e-3, 128, 0.2));
    writeFile(run + "/log.txt", QByteArray("started\nstep 2: stopped at step 2 on request\n"));
    TrainingPanel panel;
    panel.show();
    panel.setWorkspace(ws);
    ws->index_new_run_directories();
    panel.refreshRuns();
    QVERIFY(panel.runList()->hasRow("lost"));
    QTRY_COMPARE(panel.runList()->status("lost"), QString("stopped"));
    panel.runList()->selectRun("lost");
    QSignalSpy created(&panel, &TrainingPanel::jobBridgeCreated);
    QVERIFY(!panel.resumeSelected());
    QVERIFY2(panel.errorMessage().contains("no checkpoint") && panel.errorMessage().contains("lost"),
             qPrintable(panel.errorMessage()));
    QCOMPARE(created.count(), 0);
    QVERIFY(!panel.jobFor("lost"));
    QCOMPARE(panel.runList()->status("lost"), QString("stopped"));
    QVERIFY(!QFileInfo::exists(run + "/checkpoints"));
    QVERIFY(!QFileInfo::exists(run + "/.lock"));

    // A checkpoint named but missing: the job starts and fails; the run is not left "training here".
    QDir().mkpath(run + "/checkpoints");
    writeFile(run + "/checkpoints/latest", QByteArray("step-0000002\n"));
    QSignalSpy ended(&panel, &TrainingPanel::runFinished);
    QVERIFY(panel.resumeSelected());
    QCOMPARE(created.count(), 1);
    QVERIFY(ended.wait(kTimeoutMs));
    QCOMPARE(ended.first().at(1).toString(), QString("failed"));
    QVERIFY(!panel.jobFor("lost"));
    QVERIFY(panel.errorMessage().contains("lost"));
    QTRY_VERIFY(panel.runList()->status("lost") != QString("training"));
    panel.pollRuns();
    QVERIFY(panel.runList()->status("lost") != QString("training"));
    QVERIFY(panel.findChild<QPushButton*>("resumeRun")->isEnabled());
    QVERIFY(!panel.findChild<QPushButton*>("stopRun")->isEnabled());
}

void TestTrainingPanel::launchFollowsTheWorkspaceNamingRules() {
    QTemporaryDir workspace;
    auto ws = ipt::Workspace::create(workspace.path().toStdString());
    ipt::RunInfo synth;
    synth.name = "taken";
    synth.kind = ipt::RunKind::synth;
    ws->store().record_run(synth);
    TrainingPanel panel;
    panel.setWorkspace(ws);
    panel.configEditor()->setText(kValidConfig);
    auto* name = panel.findChild<QLineEdit*>("runName");
    QSignalSpy created(&panel, &TrainingPanel::jobBridgeCreated);
    name->setText("two words");
    QVERIFY(!panel.launch());
    QVERIFY2(panel.errorMessage().contains("letters, digits"), qPrintable(panel.errorMessage()));
    name->setText("taken");  // a synthesis run's name: names are unique across kinds
    QVERIFY(!panel.launch());
    QVERIFY2(panel.errorMessage().contains("already exists"), qPrintable(panel.errorMessage()));
    QCOMPARE(created.count(), 0);
    QVERIFY(!QFileInfo::exists(workspace.filePath("runs/taken")));
    // A new workspace clears the old one's error.
    panel.setWorkspace(ipt::Workspace::create(workspace.filePath("other").toStdString()));
    QVERIFY(panel.errorMessage().isEmpty());
}

QTEST_MAIN(TestTrainingPanel)
#include "test_training_panel.moc"
