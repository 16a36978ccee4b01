// End to end through the `ipt` executable: init, info, generate, and the messages for bad input.
#include <QtCore/QTemporaryDir>

#include "ipt/model/hf_folder.h"
#include "ipt/model/attention.h"
#include "test_support.h"

using namespace ipt;

namespace {}  // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString model;

  private slots:
    void initTestCase() {
        if (!QFile::exists(test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        model = dir.filePath("tiny");
        test::CliRun r = test::ipt_cli({"model", "init", "--preset", "tiny", "--tokenizer",
                                        test::llama2_tokenizer(), "--seed", "4", "--out", model});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(model + "/tokenizer.model"));
    }

    void infoReportsShapeAndSize() {
        test::CliRun r = test::ipt_cli({"model", "info", model});
        QCOMPARE(r.code, 0);
        // tiny: 2 * 32000 * 64 embeddings and head + 2 layers * (2*64*64 + 2*64*32 + 3*64*176 + 128) + 64.
        QVERIFY2(r.out.contains("(4188480)"), qPrintable(r.out));
        QVERIFY(r.out.contains("float32 (stored: F32)"));
        QVERIFY(r.out.contains("heads:        4 (kv 2, head dim 16)"));
        QVERIFY(r.out.contains("15.98 MiB"));  // 4188480 * 4 bytes
    }

    void printIdsIsOnlyTheGreedyTokens() {
        test::CliRun r = test::ipt_cli({"generate", "--model", model, "--prompt-ids", "1,15043,3186",
                                        "--max-new-tokens", "8", "--print-ids", "--ignore-eos"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList ids = r.out.trimmed().split(' ');
        QCOMPARE(ids.size(), 8);
        QVERIFY(r.out.endsWith('\n') && r.out.count('\n') == 1);
        // Second path: argmax over full forward passes of the same folder, loaded in this process.
        LoadedModel loaded = load_hf_model(model.toStdString());
        std::vector<int64_t> seq{1, 15043, 3186};
        at::NoGradGuard no_grad;
        for (int i = 0; i < 8; ++i) {
            at::Tensor logits = loaded.model->forward(at::tensor(seq).view({1, -1}));
            seq.push_back(logits[0][-1].argmax().item<int64_t>());
            QCOMPARE(ids[i].toLongLong(), seq.back());
        }
    }

    void textPromptStreams() {
        test::CliRun r = test::ipt_cli({"generate", "--model", model, "--prompt", "Hello", "--max-new-tokens",
                                        "5", "--temperature", "0.7", "--top-p", "0.9", "--seed", "2"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.startsWith("Hello"));
        QVERIFY(r.err.contains("tokens, stopped:"));
    }

    void selftestPassesOnTheCpu() {
        test::CliRun r = test::ipt_cli({"selftest", "--device", "cpu"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        // Forward, backward, checkpointing, KV cache, bf16; the fused attention kernel on LibTorch 2.x.
        QCOMPARE(r.out.count("PASS"), fused_attention_available() ? 6 : 5);
        QVERIFY(!r.out.contains("FAIL"));
        QVERIFY(r.out.contains("KV-cache parity"));
        QVERIFY(r.out.contains("activation checkpointing gives the same gradients"));
        r = test::ipt_cli({"selftest", "--device", "cuda"});
        if (!r.out.contains("PASS")) {  // no GPU here: a clear refusal, not a crash
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains("no CUDA") || r.err.contains("cuda"), qPrintable(r.err));
        }
    }

    void badInputGetsOneClearMessage() {
        test::CliRun r = test::ipt_cli({"generate", "--model", dir.filePath("absent"), "--prompt", "x"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("absent") && r.err.contains("not a model folder"), qPrintable(r.err));

        QStringList long_prompt;
        for (int i = 0; i < 600; ++i) long_prompt << "5";
        r = test::ipt_cli(
            {"generate", "--model", model, "--prompt-ids", long_prompt.join(','), "--print-ids"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("600 tokens") && r.err.contains("context is 512"), qPrintable(r.err));

        r = test::ipt_cli({"generate", "--model", model, "--prompt-ids", "1,x,3", "--print-ids"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("'x' is not a token id"), qPrintable(r.err));

        r = test::ipt_cli({"model", "init", "--preset", "nope", "--out", dir.filePath("n")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("unknown model preset 'nope'"));

        // A truncated weights file: the file is named and no LibTorch stack trace leaks out.
        QString broken = dir.filePath("broken");
        QVERIFY(QDir().mkpath(broken));
        QFile::copy(model + "/config.json", broken + "/config.json");
        QFile source(model + "/model.safetensors");
        QVERIFY(source.open(QIODevice::ReadOnly));
        QFile cut(broken + "/model.safetensors");
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(source.read(source.size() / 2));
        cut.close();
        r = test::ipt_cli({"generate", "--model", broken, "--prompt-ids", "1", "--print-ids"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("broken/model.safetensors") && r.err.contains("past the end of the file"),
                 qPrintable(r.err));
        QVERIFY(!r.err.contains("Exception raised from"));
        QCOMPARE(r.err.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
