// The synthesis playground: the rule-based miner's pairs for a pasted text, a synthesizer model's raw
// output and the pairs parsed from it, and a broken model folder shown as a message.
// ATen first: Qt's keyword macros (slots, emit) break its headers.
#include <ATen/ATen.h>

#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include "common/job_bridge.h"
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
