// The Run menu's launchers: a synthesis or vocabulary expansion started from the workbench writes what
// the same command line writes (compared byte for byte with the `ipt` binary's output on the same
// inputs), is filed in the workspace as the command line files it, and a bad launch is refused in the
// dialog, naming the field.
// ATen first: Qt's keyword macros (slots, emit) break its headers.
#include <ATen/ATen.h>

#include <QCheckBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "common/job_bridge.h"
#include "in_process_server.h"
#include "ipt/runs/workspace.h"
#include "launch/expansion_launch.h"
#include "launch/job_launcher.h"
#include "launch/synthesis_launch.h"
#include "test_support.h"

namespace {

constexpr int kTimeoutMs = 300000;

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// The raw corpus the synthesizer and endpoint runs share: two short texts.
void writeTwoTexts(const QString& path) {
    writeFile(path,
              "{\"id\": \"a\", \"text\": \"Rivers carry water to the sea.\"}\n"
              "{\"id\": \"b\", \"text\": \"Bees make honey from nectar.\"}\n");
}

bool waitIdle(JobBridge* bridge) {
    QSignalSpy idle(bridge, &JobBridge::idle);
    return idle.wait(kTimeoutMs);
}

QString demo(const char* name) {
    return QStringLiteral(IPT_SOURCE_DIR "/resources/demo/") + name;
}

// The run's settings with `from` spelled as `to`: the CLI and the workbench wrote to different paths.
QString settingsOf(const ipt::RunInfo& run, const QString& from = {}, const QString& to = {}) {
    QString settings = QString::fromStdString(run.config);
    if (!from.isEmpty()) settings.replace(from, to);
    return settings;
}

// A tiny random model folder with the real Llama 2 tokenizer, made by `ipt model init`.
bool makeTinyModel(const QString& folder) {
    const ipt::test::CliRun r = ipt::test::ipt_cli(
        {"model", "init", "--preset", "tiny", "--tokenizer", ipt::test::llama2_tokenizer(), "--out", folder});
    if (r.code != 0) qWarning() << r.err;
    return r.code == 0;
}

}  // namespace

class TestLaunchers : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        workspace_ = dir_.filePath("workspace");
        QVERIFY(ipt::Workspace::create(workspace_.toStdString()));
    }

    void ruleMiningIsTheCommandLinesAndIsFiled() {
        const QString input = dir_.filePath("raw.jsonl");
        writeFile(
            input,
            "{\"id\": 1, \"text\": \"It rained all night. Therefore the river rose over its banks.\"}\n"
            "{\"id\": 2, \"text\": \"\"}\n"
            "{\"id\": 3, \"text\": \"Salt lowers the freezing point of water, so roads are salted.\"}\n");
        JobLauncher launcher;
        QSignalSpy written(&launcher, &JobLauncher::pairsWritten);
        QSignalSpy filed(&launcher, &JobLauncher::jobFiled);
        SynthesisLaunch launch;
        launch.input = input;
        launch.output = workspace_ + "/pairs/raw.jsonl";
        QVERIFY(launcher.startSynthesis(launch, workspace_));
        QVERIFY(!launcher.startSynthesis(launch, workspace_));  // one at a time
        QVERIFY(waitIdle(launcher.synthesisBridge()));
        QCOMPARE(written.count(), 1);
        QCOMPARE(written.at(0).at(0).toString(), launch.output);
        QCOMPARE(filed.at(0).at(0).toString(), QString("raw"));

        const QString cliWorkspace = dir_.filePath("cli-workspace"), cliOut = dir_.filePath("cli.jsonl");
        const ipt::test::CliRun r = ipt::test::ipt_cli(
            {"synth", "rules", "--input", input, "--out", cliOut, "--workspace", cliWorkspace, "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QCOMPARE(ipt::test::file_bytes(launch.output), ipt::test::file_bytes(cliOut));

        const auto ours = ipt::Workspace::open(workspace_.toStdString())->store().run("raw");
        const auto theirs = ipt::Workspace::open(cliWorkspace.toStdString())->store().run("cli");
        QCOMPARE(QString(ipt::to_string(ours.kind)), QString("synth"));
        QCOMPARE(QString(ipt::to_string(ours.status)), QString("finished"));
        QCOMPARE(settingsOf(ours, launch.output, cliOut), settingsOf(theirs));
        QVERIFY(!ours.started_at.empty() && ours.started_at <= ours.ended_at);
        auto store = ipt::Workspace::open(workspace_.toStdString());
        auto cli = ipt::Workspace::open(cliWorkspace.toStdString());
        for (const char* figure : {"texts", "pairs", "pairs_per_text"})
            QCOMPARE(*store->store().summarize_metric("raw", figure).last,
                     *cli->store().summarize_metric("cli", figure).last);
    }

    void synthesizerRunIsTheCommandLines() {
        if (!QFile::exists(ipt::test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + ipt::test::llama2_tokenizer()));
        const QString model = dir_.filePath("synthesizer");
        QVERIFY(makeTinyModel(model));
        const QString input = dir_.filePath("synth-raw.jsonl");
        writeTwoTexts(input);
        JobLauncher launcher;
        SynthesisLaunch launch;
        launch.input = input;
        launch.synthesizer = model;
        launch.maxNewTokens = 12;
        launch.rounds = 1;
        launch.output = dir_.filePath("gui-synth.jsonl");
        QVERIFY(launcher.startSynthesis(launch, {}));  // no workspace: written, not filed
        QVERIFY(waitIdle(launcher.synthesisBridge()));
        const QString cliOut = dir_.filePath("cli-synth.jsonl");
        const ipt::test::CliRun r =
            ipt::test::ipt_cli({"synth", "run", "--synthesizer", model, "--input", input, "--out", cliOut,
                                "--max-new-tokens", "12", "--rounds", "1", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QCOMPARE(ipt::test::file_bytes(launch.output), ipt::test::file_bytes(cliOut));
    }

    void endpointRunIsTheCommandLines() {
        if (!QFile::exists(ipt::test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + ipt::test::llama2_tokenizer()));
        const QString model = dir_.filePath("served");
        QVERIFY(makeTinyModel(model));
        InProcessServer server;
        QVERIFY2(server.start(model.toStdString()), server.error().c_str());
        const QString input = dir_.filePath("endpoint-raw.jsonl");
        writeTwoTexts(input);
        JobLauncher launcher;
        SynthesisLaunch launch;
        launch.input = input;
        launch.endpoint = server.endpoint();
        launch.tokenizer = model;  // the folder holding the synthesizer's tokenizer
        launch.endpointContext = 512;
        launch.maxNewTokens = 12;
        launch.rounds = 1;
        launch.output = workspace_ + "/pairs/endpoint.jsonl";
        QVERIFY(launcher.startSynthesis(launch, workspace_));
        QVERIFY(waitIdle(launcher.synthesisBridge()));

        const QString cliWorkspace = dir_.filePath("cli-endpoint-workspace");
        const QString cliOut = dir_.filePath("cli-endpoint.jsonl");
        const ipt::test::CliRun r = ipt::test::ipt_cli({"synth",
                                                        "run",
                                                        "--endpoint",
                                                        server.baseUrl(),
                                                        "--endpoint-model",
                                                        "tiny",
                                                        "--tokenizer",
                                                        model,
                                                        "--retries",
                                                        "0",
                                                        "--timeout",
                                                        "60",
                                                        "--context",
                                                        "512",
                                                        "--input",
                                                        input,
                                                        "--out",
                                                        cliOut,
                                                        "--max-new-tokens",
                                                        "12",
                                                        "--rounds",
                                                        "1",
                                                        "--workspace",
                                                        cliWorkspace,
                                                        "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QByteArray ours = ipt::test::file_bytes(launch.output);
        QVERIFY(ours.contains("\"method\":\"synthesizer\""));  // generated, not mined
        QCOMPARE(ours, ipt::test::file_bytes(cliOut));
        const auto filed = ipt::Workspace::open(workspace_.toStdString())->store().run("endpoint");
        const auto theirs = ipt::Workspace::open(cliWorkspace.toStdString())->store().run("cli-endpoint");
        QCOMPARE(settingsOf(filed, launch.output, cliOut), settingsOf(theirs));
    }

    void expansionIsTheCommandLinesAndIsFiled() {
        if (!QFile::exists(ipt::test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + ipt::test::llama2_tokenizer()));
        const QString model = dir_.filePath("source");
        QVERIFY(makeTinyModel(model));
        JobLauncher launcher;
        QSignalSpy written(&launcher, &JobLauncher::expansionWritten);
        ExpansionLaunch launch;
        launch.model = model;
        launch.corpus = demo("swahili.txt");
        launch.newTokens = 24;
        launch.methods = {ipt::InitMethod::Mean, ipt::InitMethod::Merge};
        launch.lapt = false;
        launch.output = workspace_ + "/vocab/sw.k24";
        launch.name = "sw-k24";
        QVERIFY(launcher.startExpansion(launch, workspace_));
        QVERIFY(waitIdle(launcher.expansionBridge()));
        QCOMPARE(written.count(), 1);

        const QString cliWorkspace = dir_.filePath("cli-vocab-workspace"), cliOut = dir_.filePath("cli-sw");
        const ipt::test::CliRun r =
            ipt::test::ipt_cli({"vocab", "expand", "--model", model, "--corpus", launch.corpus,
                                "--new-tokens", "24", "--init", "mean,merge", "--no-lapt", "--out", cliOut,
                                "--workspace", cliWorkspace, "--name", "sw-k24", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        for (const char* file : {"expansion.json", "mean/model.safetensors", "merge/model.safetensors"})
            QVERIFY2(ipt::test::file_bytes(launch.output + "/" + file) ==
                         ipt::test::file_bytes(cliOut + "/" + file),
                     file);
        const auto ours = ipt::Workspace::open(workspace_.toStdString())->store().run("sw-k24");
        const auto theirs = ipt::Workspace::open(cliWorkspace.toStdString())->store().run("sw-k24");
        QCOMPARE(QString(ipt::to_string(ours.kind)), QString("vocab"));
        QCOMPARE(settingsOf(ours), settingsOf(theirs));
        QCOMPARE(QString::fromStdString(ours.parent_model), QString::fromStdString(theirs.parent_model));
    }

    void cancelledExpansionLeavesNothing() {
        if (!QFile::exists(ipt::test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + ipt::test::llama2_tokenizer()));
        const QString model = dir_.filePath("source");  // made by the test before
        QVERIFY(QFile::exists(model + "/config.json"));
        JobLauncher launcher;
        QSignalSpy written(&launcher, &JobLauncher::expansionWritten);
        QSignalSpy cancelled(launcher.expansionBridge(), &JobBridge::cancelled);
        ExpansionLaunch launch;
        launch.model = model;
        launch.corpus = demo("swahili.txt");
        launch.newTokens = 24;
        launch.lapt = false;
        launch.output = workspace_ + "/vocab/cancelled";
        connect(launcher.expansionBridge(), &JobBridge::progress, launcher.expansionBridge(),
                &JobBridge::cancel);
        QVERIFY(launcher.startExpansion(launch, workspace_));
        QVERIFY(waitIdle(launcher.expansionBridge()));
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(written.count(), 0);
        QVERIFY(!QFileInfo::exists(launch.output));
        QVERIFY(!ipt::Workspace::open(workspace_.toStdString())->is_name_taken("cancelled"));
    }

    void dialogsNameTheFieldAtFault() {
        SynthesisLaunchDialog synthesis(workspace_, SynthesisLaunch{});
        QVERIFY(synthesis.problem().startsWith("Raw corpus"));
        const QString input = dir_.filePath("dialog.jsonl");
        writeFile(input, "{\"text\": \"x\"}\n");
        synthesis.findChild<QLineEdit*>("launchInput")->setText(input);
        // The pairs file goes to the workspace's pairs folder, named by the corpus.
        QCOMPARE(synthesis.launch().output, workspace_ + "/pairs/dialog.pairs.jsonl");
        QVERIFY2(synthesis.problem().isEmpty(), qPrintable(synthesis.problem()));
        SynthesisLaunch withModel = synthesis.launch();
        withModel.synthesizer = dir_.filePath("no-model");
        synthesis.setLaunch(withModel);
        QVERIFY(synthesis.problem().startsWith("Synthesizer"));
        withModel.synthesizer.clear();
        SynthesisLaunch withEndpoint = withModel;
        withEndpoint.endpoint.base_url = "gpu-node:8000";  // no scheme
        withEndpoint.endpoint.model = "synthesizer-7b";
        synthesis.setLaunch(withEndpoint);
        QVERIFY2(synthesis.problem().startsWith("Endpoint"), qPrintable(synthesis.problem()));
        withEndpoint.endpoint.base_url = "http://gpu-node:8000/v1";
        synthesis.setLaunch(withEndpoint);
        QVERIFY2(synthesis.problem().startsWith("Tokenizer"), qPrintable(synthesis.problem()));
        withEndpoint.tokenizer = ipt::test::llama2_tokenizer();
        synthesis.setLaunch(withEndpoint);
        QVERIFY2(synthesis.problem().isEmpty(), qPrintable(synthesis.problem()));
        QCOMPARE(synthesis.launch().endpoint.model, std::string("synthesizer-7b"));
        withModel.name = "-bad name";
        synthesis.setLaunch(withModel);
        QVERIFY(synthesis.problem().startsWith("Run name"));
        synthesis.accept();
        QVERIFY(synthesis.result() != QDialog::Accepted);
        QVERIFY(synthesis.errorMessage().startsWith("Run name"));

        ExpansionLaunchDialog expansion(workspace_, ExpansionLaunch{});
        QVERIFY(expansion.problem().startsWith("Source model"));
        ExpansionLaunch l;
        l.model = dir_.filePath("source");
        QDir().mkpath(l.model);
        writeFile(l.model + "/config.json", "{}");
        l.corpus = demo("swahili.txt");
        l.newTokens = 50;
        expansion.setLaunch(l);
        QCOMPARE(expansion.launch().output, workspace_ + "/vocab/swahili.k50");
        QVERIFY2(expansion.problem().isEmpty(), qPrintable(expansion.problem()));
        for (QCheckBox* box : expansion.findChildren<QCheckBox*>())
            if (box->objectName().startsWith("launchMethod_")) box->setChecked(false);
        QVERIFY(expansion.problem().startsWith("Initialisations"));
        l.output = workspace_;  // not empty
        expansion.setLaunch(l);
        QVERIFY(expansion.problem().startsWith("Expansion folder"));
    }

  private:
    QTemporaryDir dir_;
    QString workspace_;
};

QTEST_MAIN(TestLaunchers)
#include "test_launchers.moc"
