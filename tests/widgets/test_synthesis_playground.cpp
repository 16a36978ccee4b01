// The synthesis playground: the rule-based miner's pairs for a pasted text, a synthesizer model's raw
// output and the pairs parsed from it, and a broken model folder shown as a message; the same
// synthesizer served by `ipt serve`'s server (in process) showing what the local one shows, and the
// endpoint's errors shown.
// ATen first: Qt's keyword macros (slots, emit) break its headers.
#include <ATen/ATen.h>

#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTimer>
#include <QtTest>

#include "common/endpoint_settings_form.h"
#include "common/job_bridge.h"
#include "in_process_server.h"
#include "ipt/model/decoder.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/model_config.h"
#include "ipt/synth/pair_parser.h"
#include "synth/synthesis_playground.h"

namespace {

constexpr int kTimeoutMs = 120000;
const char* const kText = "It rained all night. Therefore the river rose over its banks.";

bool waitIdle(SynthesisPlayground& playground) {
    QSignalSpy idle(playground.jobBridge(), &JobBridge::idle);
    return idle.wait(kTimeoutMs);
}

// A tiny untrained synthesizer folder with the Llama 2 tokenizer; empty when the fixture is missing.
QString makeSynthesizer(const QTemporaryDir& dir, uint64_t seed) {
    const QString tokenizer = QStringLiteral(IPT_FIXTURES_DIR "/llama2-tokenizer.model");
    if (!QFile::exists(tokenizer)) return QString();
    ipt::Decoder model(ipt::model_preset("tiny"), at::TensorOptions().dtype(at::kFloat));
    model.init_weights(seed);
    ipt::SaveOptions save;
    save.tokenizer_file = tokenizer.toStdString();
    ipt::save_hf_model(model, dir.path().toStdString(), save);
    return dir.path();
}

struct Shown {
    std::vector<std::pair<std::string, std::string>> pairs;
    QString raw, view;
    QStringList rejected;
};

Shown shown(const SynthesisPlayground& playground) {
    Shown s;
    for (const ipt::Pair& p : playground.pairs()) s.pairs.emplace_back(p.question, p.answer);
    s.raw = playground.rawOutput();
    s.rejected = playground.rejected();
    s.view = playground.resultView()->toPlainText();
    return s;
}

}  // namespace

class TestSynthesisPlayground : public QObject {
    Q_OBJECT

  private slots:
    void ruleBasedPairsAppear() {
        SynthesisPlayground playground;
        playground.synthesize();  // no text: nothing starts
        QVERIFY(!playground.jobBridge()->isRunning());
        playground.setText(kText);
        playground.setSynthesizer("");
        playground.synthesize();
        QVERIFY(waitIdle(playground));
        // "Therefore" joins an entailing pair: the miner asks whether the first sentence entails the
        // second (answer yes) and what the first one leads to.
        bool nli = false, effect = false;
        for (const ipt::Pair& p : playground.pairs()) {
            nli |= p.category == "nli" && p.answer == "yes" &&
                   p.question.find("\"It rained all night.\" entail") != std::string::npos;
            effect |= p.category == "cause-effect" && p.answer == "The river rose over its banks.";
        }
        QVERIFY(nli);
        QVERIFY(effect);
        QVERIFY(playground.rawOutput().isEmpty());
        QVERIFY(playground.resultView()->toPlainText().contains("The river rose over its banks."));
    }

    void synthesizerOutputIsParsed() {
        const QString tokenizer = QStringLiteral(IPT_FIXTURES_DIR "/llama2-tokenizer.model");
        if (!QFile::exists(tokenizer)) QSKIP(qPrintable("fixture missing: " + tokenizer));
        QTemporaryDir dir;
        ipt::Decoder model(ipt::model_preset("tiny"), at::TensorOptions().dtype(at::kFloat));
        model.init_weights(3);
        ipt::SaveOptions save;
        save.tokenizer_file = tokenizer.toStdString();
        ipt::save_hf_model(model, dir.path().toStdString(), save);

        SynthesisPlayground playground;
        playground.setText(kText);
        playground.setSynthesizer(dir.path());
        QCOMPARE(playground.synthesizer(), QDir::cleanPath(dir.path()));
        playground.synthesize();
        QVERIFY(waitIdle(playground));
        QVERIFY2(playground.errorMessage().isEmpty(), qPrintable(playground.errorMessage()));
        // An untrained model writes noise; whatever it wrote, the pairs are the parser's reading of it.
        QVERIFY(!playground.rawOutput().isEmpty());
        const ipt::ParsedPairs parsed = ipt::parse_pairs(playground.rawOutput().toStdString());
        QCOMPARE(playground.pairs().size(), parsed.pairs.size());
        QCOMPARE(playground.rejected().size(), qsizetype(parsed.rejected.size()));
        QVERIFY(playground.resultView()->toPlainText().contains("Raw output"));
    }

    void endpointShowsWhatTheLocalSynthesizerShows() {
        QTemporaryDir dir;
        const QString folder = makeSynthesizer(dir, 5);
        if (folder.isEmpty()) QSKIP("fixture missing: llama2-tokenizer.model");
        constexpr int kMaxNewTokens = 120;

        // The independent path: the same folder as a local synthesizer, in the panel's existing path.
        SynthesisPlayground local;
        local.setText(kText);
        local.setSynthesizer(folder);
        local.findChild<QSpinBox*>("synthMaxNewTokens")->setValue(kMaxNewTokens);
        local.synthesize();
        QVERIFY(waitIdle(local));
        QVERIFY2(local.errorMessage().isEmpty(), qPrintable(local.errorMessage()));
        const Shown expected = shown(local);
        QVERIFY(!expected.raw.isEmpty());

        InProcessServer server;
        QVERIFY2(server.start(folder.toStdString()), server.error().c_str());
        SynthesisPlayground remote;
        remote.setText(kText);
        remote.useEndpoint();
        QVERIFY(remote.usesEndpoint());
        QVERIFY(remote.synthesizer().isEmpty());
        QVERIFY(remote.findChild<QWidget*>("synthEndpointBox")->isVisibleTo(&remote));
        remote.endpointSettings()->setSettings(server.endpoint());
        // As `ipt synth run --endpoint --tokenizer DIR --context 512`: the folder's tokenizer, and the
        // context the local synthesizer has (the tiny preset's 512 positions, below the default 4096).
        remote.setEndpointTokenizer(folder);
        remote.setEndpointContext(512);
        remote.findChild<QSpinBox*>("synthMaxNewTokens")->setValue(kMaxNewTokens);
        remote.synthesize();
        QVERIFY(waitIdle(remote));
        QVERIFY2(remote.errorMessage().isEmpty(), qPrintable(remote.errorMessage()));
        const Shown got = shown(remote);
        QCOMPARE(got.raw, expected.raw);
        QVERIFY(got.pairs == expected.pairs);
        QCOMPARE(got.rejected, expected.rejected);
        QCOMPARE(got.view, expected.view);
    }

    void cancelStopsTheWaitForTheServer() {
        QTemporaryDir dir;
        const QString folder = makeSynthesizer(dir, 8);
        if (folder.isEmpty()) QSKIP("fixture missing: llama2-tokenizer.model");
        InProcessServer server;
        QVERIFY2(server.start(folder.toStdString()), server.error().c_str());
        SynthesisPlayground playground;
        playground.setText(kText);
        playground.useEndpoint();
        playground.endpointSettings()->setSettings(server.endpoint());
        playground.setEndpointTokenizer(folder);
        playground.setEndpointContext(512);
        QElapsedTimer timer;
        timer.start();
        playground.synthesize();
        QVERIFY(waitIdle(playground));
        const qint64 fullMs = timer.elapsed();
        QVERIFY2(playground.errorMessage().isEmpty(), qPrintable(playground.errorMessage()));
        if (!playground.findChild<QLabel*>("synthSummary")->text().contains("400 generated tokens"))
            QSKIP("the model ended early; nothing long to cancel");

        // The answer is not streamed: Cancel must not wait until it is complete.
        QSignalSpy cancelled(playground.jobBridge(), &JobBridge::cancelled);
        timer.restart();
        playground.synthesize();
        QTimer::singleShot(fullMs / 10, playground.jobBridge(), &JobBridge::cancel);
        QVERIFY(waitIdle(playground));
        const qint64 cancelledMs = timer.elapsed();
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(playground.errorMessage().isEmpty());
        QVERIFY2(
            cancelledMs < fullMs / 2,
            qPrintable(
                QString("cancelled after %1 ms; the whole run took %2 ms").arg(cancelledMs).arg(fullMs)));
    }

    void aPromptTheServerRefusesIsANote() {
        QTemporaryDir dir;
        const QString folder = makeSynthesizer(dir, 7);
        if (folder.isEmpty()) QSKIP("fixture missing: llama2-tokenizer.model");
        InProcessServer server;
        QVERIFY2(server.start(folder.toStdString()), server.error().c_str());
        SynthesisPlayground playground;
        // A context claimed larger than the served model's 512 positions: the prompt fitted to it is
        // too long for the server, which refuses it; the text's record says so, as in `ipt synth run`.
        playground.setText(QString("The river rose over its banks after the rain. ").repeated(80));
        playground.useEndpoint();
        playground.endpointSettings()->setSettings(server.endpoint());
        playground.setEndpointTokenizer(folder);
        playground.setEndpointContext(4096);
        QSignalSpy failed(playground.jobBridge(), &JobBridge::failed);
        playground.synthesize();
        QVERIFY(waitIdle(playground));
        QCOMPARE(failed.count(), 0);
        QVERIFY(playground.errorMessage().isEmpty());
        QVERIFY(playground.pairs().empty());
        const QString view = playground.resultView()->toPlainText();
        QVERIFY2(view.contains("refused") && view.contains("context is 512"), qPrintable(view));
        QVERIFY(playground.findChild<QLabel*>("synthSummary")->text().contains("generated tokens"));
    }

    void endpointErrorsAreMessages() {
        QTemporaryDir dir;
        const QString folder = makeSynthesizer(dir, 6);
        if (folder.isEmpty()) QSKIP("fixture missing: llama2-tokenizer.model");
        SynthesisPlayground playground;
        playground.setText(kText);
        playground.useEndpoint();
        ipt::EndpointSettings settings;
        settings.base_url = "gpu-node:8000";
        settings.model = "tiny";
        settings.retries = 0;
        playground.endpointSettings()->setSettings(settings);
        playground.setEndpointTokenizer(folder);
        playground.synthesize();
        QVERIFY(!playground.jobBridge()->isRunning());
        QVERIFY2(playground.errorMessage().contains("base URL"), qPrintable(playground.errorMessage()));

        // No tokenizer: the command line's rule, said in the panel's words.
        settings.base_url = "http://127.0.0.1:1/v1";
        playground.endpointSettings()->setSettings(settings);
        playground.setEndpointTokenizer("");
        playground.synthesize();
        QVERIFY(!playground.jobBridge()->isRunning());
        QVERIFY2(playground.errorMessage().contains("tokenizer"), qPrintable(playground.errorMessage()));
        // A tokenizer that is not there: said before anything starts, naming the path.
        playground.setEndpointTokenizer(dir.filePath("no-such-tokenizer.model"));
        playground.synthesize();
        QVERIFY(!playground.jobBridge()->isRunning());
        QVERIFY2(playground.errorMessage().startsWith("Tokenizer:") &&
                     playground.errorMessage().contains("does not exist"),
                 qPrintable(playground.errorMessage()));

        // A server that went away: the run fails with "unavailable", and the playground stays usable.
        ipt::EndpointSettings gone;
        {
            InProcessServer server;
            QVERIFY2(server.start(folder.toStdString()), server.error().c_str());
            gone = server.endpoint();
            server.stop();
        }
        playground.endpointSettings()->setSettings(gone);
        playground.setEndpointTokenizer(folder);
        QSignalSpy failed(playground.jobBridge(), &JobBridge::failed);
        playground.synthesize();
        QVERIFY(waitIdle(playground));
        QCOMPARE(failed.count(), 1);
        QVERIFY2(playground.errorMessage().contains("unavailable"), qPrintable(playground.errorMessage()));
        playground.setSynthesizer("");
        playground.synthesize();
        QVERIFY(waitIdle(playground));
        QVERIFY(playground.errorMessage().isEmpty());
        QVERIFY(!playground.pairs().empty());
    }

    void endpointSettingsAreKept() {
        QTemporaryDir dir;
        const QString file = dir.filePath("synthesis.ini");
        ipt::EndpointSettings settings;
        settings.base_url = "http://gpu-node:8000/v1";
        settings.model = "instruction-synthesizer";
        settings.concurrency = 16;
        {
            SynthesisPlayground playground;
            playground.setSynthesizer(dir.filePath("a-synthesizer"));
            playground.useEndpoint();
            playground.endpointSettings()->setSettings(settings);
            playground.setEndpointTokenizer(dir.filePath("tokenizer.model"));
            playground.setEndpointContext(2048);
            QSettings out(file, QSettings::IniFormat);
            playground.saveSettings(out);
        }
        SynthesisPlayground restored;
        QSettings in(file, QSettings::IniFormat);
        restored.restoreSettings(in);
        QVERIFY(restored.usesEndpoint());
        QCOMPARE(restored.endpointSettings()->settings().base_url, settings.base_url);
        QCOMPARE(restored.endpointSettings()->settings().model, settings.model);
        QCOMPARE(restored.endpointSettings()->settings().concurrency, settings.concurrency);
        QCOMPARE(restored.findChild<QSpinBox*>("endpointContext")->value(), 2048);
        QCOMPARE(QDir::fromNativeSeparators(restored.findChild<QLineEdit*>("endpointTokenizer")->text()),
                 dir.filePath("tokenizer.model"));
        // The recent folder stays on the list, one choice away.
        restored.setSynthesizer(dir.filePath("a-synthesizer"));
        QCOMPARE(restored.findChild<QComboBox*>("synthSource")->count(), 3);
    }

    void brokenFolderIsAMessage() {
        QTemporaryDir dir;
        SynthesisPlayground playground;
        playground.setText(kText);
        playground.setSynthesizer(dir.filePath("missing"));
        QSignalSpy failed(playground.jobBridge(), &JobBridge::failed);
        playground.synthesize();
        QVERIFY(waitIdle(playground));
        QCOMPARE(failed.count(), 1);
        QVERIFY2(playground.errorMessage().contains("missing"), qPrintable(playground.errorMessage()));
    }
};

QTEST_MAIN(TestSynthesisPlayground)
#include "test_synthesis_playground.moc"
