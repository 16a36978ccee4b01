// The vocabulary-expansion demo (scripts/demo-vocab) end to end in its small mode: every step must
// produce its output, and the summary must hold a figure for each measurement. The small mode trains
// for a few steps only, so its numbers are not checked against the papers' findings (the full demo
// reports those as measured); what is checked is that nothing came out empty or non-finite.
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

namespace {

bool finite(const QJsonValue& v) {
    return v.isDouble() && std::isfinite(v.toDouble());
}

}  // namespace

class TestDemo : public QObject {
    Q_OBJECT

  private slots:
    void smallVocabularyDemoProducesEveryStep() {
        if (QStandardPaths::findExecutable("spm_train").isEmpty())
            QSKIP("spm_train (Debian package sentencepiece) is not installed");
        if (QStandardPaths::findExecutable("python3").isEmpty()) QSKIP("python3 is not installed");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QProcess demo;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("IPT", IPT_CLI);
        demo.setProcessEnvironment(env);
        demo.setWorkingDirectory(IPT_SOURCE_DIR);
        demo.setProcessChannelMode(QProcess::MergedChannels);
        demo.start(QString(IPT_SOURCE_DIR) + "/scripts/demo-vocab", {"--small", "--out", dir.path()});
        QVERIFY(demo.waitForFinished(300000));
        const QString log = QString::fromUtf8(demo.readAll());
        QVERIFY2(demo.exitStatus() == QProcess::NormalExit && demo.exitCode() == 0, qPrintable(log));

        QFile file(dir.filePath("summary.json"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(log));
        const QJsonObject s = QJsonDocument::fromJson(file.readAll()).object();
        for (const char* key : {"token_reduction_percent", "speedup_percent", "speedup_percent_min",
                                "speedup_percent_max", "predicted_speedup_percent", "per_token_cost_ratio",
                                "source_target_bits_per_char", "source_english_bits_per_char"})
            QVERIFY2(finite(s[key]), key);
        QVERIFY(s["per_token_cost_ratio"].toDouble() > 0);
        QCOMPARE(s["loss_unit"].toString(), QString("bits per character"));
        const QJsonObject before = s["before_adaptation"].toObject(),
                          after = s["after_adaptation"].toObject();
        for (const char* method : {"random", "mean", "merge", "align", "focus"}) {
            const QJsonObject b = before[method].toObject(), a = after[method].toObject();
            QVERIFY2(finite(b["target_bits_per_char"]) && b["target_bits_per_char"].toDouble() > 0, method);
            QVERIFY2(finite(b["english_bits_per_char"]), method);
            QVERIFY2(finite(a["validation_loss"]) && finite(a["train_loss"]), method);
            QCOMPARE(a["steps"].toInt(), 2);
        }
        // One finding per measurement: the token reduction, the speed-up, before and after adaptation.
        QCOMPARE(s["findings"].toArray().size(), 4);
        // The steps' own outputs, where the workbench's panels read them.
        for (const char* path : {"workspace/vocab/el/expansion.json", "workspace/vocab/el/report.json",
                                 "workspace/runs/el-source/checkpoints/latest",
                                 "workspace/runs/el-lapt-mean/metrics.jsonl", "workspace/workspace.db"})
            QVERIFY2(QFile::exists(dir.filePath(path)), path);

        // A second run reuses every step's output.
        QProcess again;
        again.setProcessEnvironment(env);
        again.setWorkingDirectory(IPT_SOURCE_DIR);
        again.setProcessChannelMode(QProcess::MergedChannels);
        again.start(QString(IPT_SOURCE_DIR) + "/scripts/demo-vocab", {"--small", "--out", dir.path()});
        QVERIFY(again.waitForFinished(300000));
        const QString second = QString::fromUtf8(again.readAll());
        QVERIFY2(again.exitCode() == 0, qPrintable(second));
        QVERIFY2(second.count("already") >= 3, qPrintable(second));
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "test_demo.moc"
