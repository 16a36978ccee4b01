// The SentencePiece backend on the real Llama 2 tokenizer, checked against SentencePiece's own
// command-line encoder and the tokenizer's published ids.
#include "ipt/common/error.h"
#include "ipt/text/sentencepiece_tokenizer.h"
#include "test_support.h"

using namespace ipt;

class TestTokenizer : public QObject {
    Q_OBJECT
    std::unique_ptr<Tokenizer> tok;

  private slots:
    void initTestCase() {
        if (!QFile::exists(test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        tok = load_tokenizer(test::llama2_tokenizer().toStdString());
    }

    void specialIdsAndVocabulary() {
        QCOMPARE(tok->vocab_size(), 32000);
        QCOMPARE(tok->unk_id(), 0);
        QCOMPARE(tok->bos_id(), 1);
        QCOMPARE(tok->eos_id(), 2);
        QCOMPARE(tok->pad_id(), -1);
        QCOMPARE(tok->piece(15043), std::string("\xE2\x96\x81Hello"));
        QCOMPARE(tok->piece_id("\xE2\x96\x81world"), 3186);
        QCOMPARE(tok->piece_id("no-such-piece-here"), -1);
        QVERIFY(tok->is_control(1));
        QVERIFY(tok->is_byte(3));  // <0x00>
        QVERIFY(!tok->is_byte(15043));
    }

    void encodesLikeLlama() {
        QCOMPARE(tok->encode("Hello world"), (TokenIds{15043, 3186}));
        EncodeOptions both;
        both.add_bos = both.add_eos = true;
        QCOMPARE(tok->encode("Hello world", both), (TokenIds{1, 15043, 3186, 2}));
    }

    void byteFallback() {
        // The llama emoji is not a piece: its four UTF-8 bytes come out as <0xF0> <0x9F> <0xA6> <0x99>
        // (byte b has id b + 3).
        TokenIds ids = tok->encode("\xF0\x9F\xA6\x99");
        QCOMPARE(ids, (TokenIds{29871, 0xF0 + 3, 0x9F + 3, 0xA6 + 3, 0x99 + 3}));
        QCOMPARE(tok->decode(ids), std::string("\xF0\x9F\xA6\x99"));
    }

    void parsesControlPiecesOnRequest() {
        EncodeOptions special;
        special.parse_special = true;
        QCOMPARE(tok->encode("<s> Hello</s>", special), (TokenIds{1, 15043, 2}));
        // Without a space after the control piece no word-start marker appears: "Hello" is piece 10994.
        QCOMPARE(tok->piece(10994), std::string("Hello"));
        QCOMPARE(tok->encode("<s>Hello world", special), (TokenIds{1, 10994, 3186}));
        // Without the option the characters are plain text.
        QVERIFY(tok->encode("<s>").size() > 1);
    }

    void agreesWithSentencePiecesOwnEncoder() {
        const QStringList lines{"Hello world",
                                "The quick brown fox jumps over 13 lazy dogs.",
                                QString::fromUtf8("Grüße aus Zürich, naïve café"),
                                QString::fromUtf8("日本語のテキスト"),
                                "  leading spaces and\ttabs",
                                "x = f(y) + 2 * z;"};
        QProcess spm;
        spm.start("spm_encode", {"--model=" + test::llama2_tokenizer(), "--output_format=id"});
        if (!spm.waitForStarted(10000)) QSKIP("spm_encode (package sentencepiece) is not installed");
        spm.write(lines.join("\n").toUtf8() + "\n");
        spm.closeWriteChannel();
        QVERIFY(spm.waitForFinished(30000));
        const QStringList expected =
            QString::fromUtf8(spm.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(expected.size(), lines.size());
        for (int i = 0; i < lines.size(); ++i) {
            TokenIds ids = tok->encode(lines[i].toStdString());
            QStringList ours;
            for (int32_t id : ids) ours << QString::number(id);
            QCOMPARE(ours.join(' '), expected[i]);
        }
    }

    void batchEncodeMatchesOneByOne() {
        std::vector<std::string> texts;
        for (int i = 0; i < 200; ++i)
            texts.push_back("document number " + std::to_string(i * 7919) + " says hi");
        auto batch = tok->encode_batch(texts, {}, 2);
        QCOMPARE(batch.size(), texts.size());
        for (size_t i = 0; i < texts.size(); ++i) QCOMPARE(batch[i], tok->encode(texts[i]));
    }

    void decodeRejectsIdsOutsideTheVocabulary() {
        IPT_VERIFY_ERROR_CONTAINS(tok->decode({15043, 32000}), "token id 32000", "size 32000");
    }

    void badFiles() {
        IPT_VERIFY_ERROR_CONTAINS(load_tokenizer("/nonexistent/tokenizer.model"),
                                  "/nonexistent/tokenizer.model", "not found");
        QTemporaryDir dir;
        QFile f(dir.filePath("tokenizer.model"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a protobuf");
        f.close();
        IPT_VERIFY_ERROR_CONTAINS(load_tokenizer(dir.filePath("tokenizer.model").toStdString()),
                                  "tokenizer.model", "not a SentencePiece model");
        QCOMPARE(tok->fingerprint(),
                 SentencePieceTokenizer::from_file(test::llama2_tokenizer().toStdString())->fingerprint());
    }
};

QTEST_APPLESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
