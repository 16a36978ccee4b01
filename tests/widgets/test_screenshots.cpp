// `ipt-workbench --workspace DIR --screenshots OUT --quit-after MS` on a small workspace made here (a
// run with metrics, imported results, an expansion with its report): every panel and the window come
// out as non-empty PNG files. The pictures stay in the build tree (tests/widgets/screenshots) for
// people and CI to look at; they are not compared pixel by pixel. Also: --language picks the German
// and Korean translations compiled into the binary.
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "ipt/runs/run_store.h"

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    file.write(bytes);
}

void makeWorkspace(const QString& root) {
    QByteArray metrics;
    for (int step = 1; step <= 40; ++step) {
        const double loss = 10.0 / (1.0 + 0.1 * step) + 0.2 * ((step * 7) % 5) / 5.0;
        metrics += QStringLiteral(
                       "{\"step\": %1, \"tokens\": %2, \"loss\": %3, \"lr\": 0.001, \"grad_norm\": 1.2, "
                       "\"tokens_per_s\": 900, \"elapsed\": %4}\n")
                       .arg(step)
                       .arg(step * 512)
                       .arg(loss)
                       .arg(step * 0.25)
                       .toUtf8();
        if (step % 10 == 0)
            metrics += QStringLiteral("{\"step\": %1, \"tokens\": %2, \"val_loss\": %3}\n")
                           .arg(step)
                           .arg(step * 512)
                           .arg(loss + 0.3)
                           .toUtf8();
    }
    writeFile(root + "/runs/tiny/config.toml", "[train]\nsteps = 40\n");
    writeFile(root + "/runs/tiny/metrics.jsonl", metrics);
    ipt::RunStore store(root.toStdString());
    store.import_run((root + "/runs/tiny").toStdString());
    writeFile(root + "/eval/tiny.json",
              "{\"results\": {\"arc_easy\": {\"acc,none\": 0.31, \"acc_stderr,none\": 0.02},"
              " \"boolq\": {\"acc,none\": 0.55, \"acc_stderr,none\": 0.03}}}");
    writeFile(root + "/eval/base.json",
              "{\"results\": {\"arc_easy\": {\"acc,none\": 0.27, \"acc_stderr,none\": 0.02},"
              " \"boolq\": {\"acc,none\": 0.52, \"acc_stderr,none\": 0.03}}}");
    store.import_results((root + "/eval/tiny.json").toStdString(), "tiny");
    store.import_results((root + "/eval/base.json").toStdString(), "base");
    writeFile(
        root + "/pairs/rules.jsonl",
        "{\"id\": \"0\", \"text\": \"Rain fell. Therefore the river rose.\", \"pairs\": [{\"question\": "
        "\"Why did the river rise?\", \"answer\": \"Rain fell.\"}], \"method\": \"rules\", \"round\": 1, "
        "\"status\": \"ok\"}\n");
    writeFile(root + "/vocab/expansion.json",
              "{\"version\": 1, \"source_vocab_size\": 32000, \"vocab_size\": 32008, \"methods\": [\"mean\"],"
              " \"new_tokens\": [{\"id\": 32000, \"piece\": \"xa\", \"frequency\": 9},"
              " {\"id\": 32001, \"piece\": \"xb\", \"frequency\": 4}]}");
    writeFile(root + "/vocab/report.json",
              "{\"version\": 1, \"speedup\": {\"characters\": 100, \"words\": 20, \"source_tokens\": 60,"
              " \"expanded_tokens\": 50, \"source_tokens_per_char\": 0.6, \"expanded_tokens_per_char\": 0.5,"
              " \"source_tokens_per_word\": 3, \"expanded_tokens_per_word\": 2.5, "
              "\"length_reduction_percent\": 16.7},"
              " \"new_tokens\": [{\"id\": 32000, \"piece\": \"xa\"}, {\"id\": 32001, \"piece\": \"xb\"}],"
              " \"methods\": {\"mean\": {\"norms\": [1.0, 1.1], \"cosine_to_mean\": [1, 1],"
              " \"neighbours\": [[{\"id\": 1, \"piece\": \"a\", \"cosine\": 0.5}], []],"
              " \"pca\": {\"source\": [[0, 0], [1, 1]], \"source_ids\": [1, 2], \"new\": [[0.5, 0.2], [0.1, "
              "0.9]]}}}}");
}

}  // namespace

class TestScreenshots : public QObject {
    Q_OBJECT

  private slots:
    void rendersEveryPanel();
    void speaksGermanAndKorean();
};

void TestScreenshots::rendersEveryPanel() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString workspace = dir.filePath("workspace");
    makeWorkspace(workspace);
    const QString out = QStringLiteral(IPT_SCREENSHOT_DIR);
    QDir(out).removeRecursively();

    QProcess workbench;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_CONFIG_HOME", dir.filePath("config"));  // not the user's settings
    workbench.setProcessEnvironment(env);
    workbench.start(QStringLiteral(IPT_WORKBENCH_EXE), {"--workspace", workspace, "--screenshots", out,
                                                        "--quit-after", "2500", "--language", "en"});
    QVERIFY(workbench.waitForFinished(120000));
    const QByteArray output = workbench.readAllStandardOutput() + workbench.readAllStandardError();
    QVERIFY2(workbench.exitStatus() == QProcess::NormalExit && workbench.exitCode() == 0, output.constData());

    for (const char* panel : {"playground", "pairs", "synthesis", "training", "results", "embeddings", "window"}) {
        const QString file = QDir(out).filePath(QString(panel) + ".png");
        QVERIFY2(QFileInfo(file).size() > 0, qPrintable(file + " missing or empty\n" + output));
        const QImage image(file);
        QVERIFY2(!image.isNull() && image.width() > 100 && image.height() > 100, qPrintable(file));
        QVERIFY(output.contains(QFileInfo(file).fileName().toUtf8()));
    }
}

// The translations are compiled into the binary: --help in each language shows the translated
// description of --workspace.
void TestScreenshots::speaksGermanAndKorean() {
    QTemporaryDir config;
    QVERIFY(config.isValid());
    const QList<QPair<QString, QString>> expected{
        {"en", "Open the workspace folder <dir>"},
        {"de", QString::fromUtf8("Den Arbeitsbereichsordner <dir> öffnen")},
        {"ko", QString::fromUtf8("작업 공간 폴더 <dir>을(를) 엽니다")}};
    for (const auto& [language, text] : expected) {
        QProcess workbench;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("XDG_CONFIG_HOME", config.path());
        workbench.setProcessEnvironment(env);
        workbench.start(QStringLiteral(IPT_WORKBENCH_EXE), {"--language", language, "--help"});
        QVERIFY(workbench.waitForFinished(60000));
        const QString help = QString::fromUtf8(workbench.readAllStandardOutput());
        QVERIFY2(help.simplified().contains(text), qPrintable(language + ":\n" + help));
    }
}

QTEST_MAIN(TestScreenshots)
#include "test_screenshots.moc"
