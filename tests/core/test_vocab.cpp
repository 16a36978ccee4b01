// Vocabulary expansion: the model-file editor, the initialisers on hand-built toys whose rows are worked
// out by hand here, the extended tokenizer against SentencePiece's own encoder, and `ipt vocab` end to end
// on the shipped Swahili demo text with the real Llama 2 tokenizer.
#include <QtCore/QJsonArray>
#include <QtCore/QTemporaryDir>

#include <c10/core/GradMode.h>
#include <cmath>
#include <set>

#include "ipt/common/error.h"
#include "ipt/eval/heldout_loss.h"
#include "ipt/model/generator.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/safetensors.h"
#include "ipt/text/sentencepiece_model.h"
#include "ipt/text/sentencepiece_tokenizer.h"
#include "ipt/text/tokenizer_trainer.h"
#include "ipt/train/train_config.h"
#include "ipt/vocab/embedding_initializer.h"
#include "ipt/vocab/expansion.h"
#include "ipt/vocab/focus_initializer.h"
#include "ipt/vocab/merge_initializer.h"
#include "ipt/vocab/model_resize.h"
#include "ipt/vocab/new_token_selection.h"
#include "ipt/vocab/target_corpus.h"
#include "ipt/vocab/token_alignment.h"
#include "ipt/vocab/tokenizer_extension.h"
#include "test_support.h"

using namespace ipt;

namespace {

const std::string kMarker = "\xE2\x96\x81";

QString demo_text(const char* name) {
    return QString(IPT_SOURCE_DIR) + "/resources/demo/" + name;
}

at::Tensor f32(std::vector<float> values, int64_t rows) {
    const auto cols = static_cast<int64_t>(values.size()) / rows;
    return at::tensor(values).view({rows, cols});
}

void verify_close(const at::Tensor& got, const at::Tensor& want, double tolerance = 1e-5) {
    QCOMPARE(got.sizes().vec(), want.sizes().vec());
    const double diff = (got.to(at::kDouble) - want.to(at::kDouble)).abs().max().item<double>();
    QVERIFY2(diff <= tolerance, qPrintable(QString("max difference %1").arg(diff)));
}

QJsonObject read_json(const QString& path) {
    return QJsonDocument::fromJson(test::file_bytes(path)).object();
}

}  // namespace

class TestVocab : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<SentencePieceTokenizer> llama;
    bool have_fixture = false;

    // Words whose Llama 2 tokenization is exactly two pieces and whose whole spelling is not a piece:
    // appended, each must be formed by the final merge of the source's own segmentation.
    std::vector<std::string> two_piece_words(size_t count) {
        const char* words[] = {"asubuhi", "habari",   "nyumbani", "kijiji",  "sokoni",
                               "mwalimu", "shambani", "watoto",   "chakula", "samaki",
                               "mvua",    "barua",    "kesho",    "jioni",   "wageni"};
        std::vector<std::string> out;
        for (const char* w : words) {
            if (out.size() == count) break;
            if (llama->encode(w).size() == 2 && llama->piece_id(kMarker + w) < 0) out.push_back(kMarker + w);
        }
        return out;
    }

  private slots:
    void initTestCase() {
        have_fixture = QFile::exists(test::llama2_tokenizer());
        if (have_fixture) llama = SentencePieceTokenizer::from_file(test::llama2_tokenizer().toStdString());
    }

    void sparsemaxOnKnownVectors() {
        // [1, 0.8, 0.1]: support {1, 0.8}, tau = (1.8 - 1) / 2 = 0.4.
        verify_close(sparsemax(at::tensor({1.0, 0.8, 0.1})), at::tensor({0.6, 0.4, 0.0}), 1e-9);
        // [0.5, 0.2, 0.1]: all in the support, tau = (0.8 - 1) / 3.
        const double tau = -0.2 / 3;
        verify_close(sparsemax(at::tensor({0.2, 0.5, 0.1})), at::tensor({0.2 - tau, 0.5 - tau, 0.1 - tau}),
                     1e-9);
        // A clear winner takes everything.
        verify_close(sparsemax(at::tensor({2.0, 1.0, 0.1})), at::tensor({1.0, 0.0, 0.0}), 1e-9);
    }

    void meanOfKnownRows() {
        const at::Tensor source = f32({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4);  // rows r0..r3
        const at::Tensor rows = mean_rows(source, {{0, 2}, {1}, {3, 3, 0}, {}});
        verify_close(rows, f32({4, 5, 6,            // (r0 + r2) / 2
                                4, 5, 6,            // r1
                                7, 8, 9,            // (2 r3 + r0) / 3
                                5.5f, 6.5f, 7.5f},  // no tokenization: the mean of all rows
                               4));
    }

    void mergeThroughTwoLevelChain() {
        // Source pieces x y z yz (rows 0..3); new pieces xy and xyz. The auxiliary model learnt yz,
        // then xy, then xyz: xyz comes from x + yz and from xy + z.
        const at::Tensor source = f32({1, 0, 0, 2, 4, 4, 8, 0}, 4);  // x=(1,0) y=(0,2) z=(4,4) yz=(8,0)
        MergeInputs in;
        in.auxiliary_rank = {{"x", -1}, {"y", -1}, {"z", -1}, {"yz", 5}, {"xy", 10}, {"xyz", 11}};
        const std::map<std::string, int32_t> ids{{"x", 0}, {"y", 1}, {"z", 2}, {"yz", 3}};
        in.source_id = [&](const std::string& p) { return ids.count(p) ? ids.at(p) : -1; };
        in.source_tokens = [](const std::string&) { return TokenIds{}; };
        const at::Tensor rows = merge_rows(source, {"xy", "xyz"}, in);
        // xy = (x + y) / 2 = (0.5, 1); xyz = mean of (x + yz) / 2 = (4.5, 0) and (xy + z) / 2 = (2.25, 2.5).
        verify_close(rows, f32({0.5f, 1.0f, 3.375f, 1.25f}, 2));
        // A piece with no merge falls back to its source tokenization's mean.
        in.source_tokens = [](const std::string&) { return TokenIds{0, 2}; };
        verify_close(merge_rows(source, {"q"}, in), f32({2.5f, 2.0f}, 1));
    }

    void alignWeightsByFrequency() {
        // Piece lengths: "▁" counts as one character, byte pieces one, control pieces none.
        // Two sentences, new ids 100 and 101:
        //  1: target 100[0,4) 100[4,8); source 10[0,2) 11[2,4) 10[4,6) 11[6,8)  -> 100: (10 11) twice
        //  2: target 7[0,1) 100[1,5) 101[5,7); source 13[0,2) 14[2,5) 12[5,7)
        //     13 only overlaps 100 (excluded), 14 lies inside it, 12 contains 101.
        AlignmentCounts counts(2);
        count_alignments({{100, 0, 4}, {100, 4, 8}}, {{10, 0, 2}, {11, 2, 4}, {10, 4, 6}, {11, 6, 8}}, 100,
                         &counts);
        count_alignments({{7, 0, 1}, {100, 1, 5}, {101, 5, 7}}, {{13, 0, 2}, {14, 2, 5}, {12, 5, 7}}, 100,
                         &counts);
        QCOMPARE(counts[0].size(), size_t(2));
        QCOMPARE(counts[0][(TokenIds{10, 11})], int64_t(2));
        QCOMPARE(counts[0][(TokenIds{14})], int64_t(1));
        QCOMPARE(counts[1].size(), size_t(1));
        QCOMPARE(counts[1][(TokenIds{12})], int64_t(1));
        std::vector<float> values;
        for (int i = 0; i < 15; ++i) values.insert(values.end(), {float(i), float(i * i)});
        const at::Tensor source = f32(values, 15);
        // 100: (2 * mean(r10, r11) + r14) / 3 = (2 * (10.5, 110.5) + (14, 196)) / 3; 101: r12.
        const at::Tensor rows = align_rows(source, counts, {{}, {}});
        verify_close(rows, f32({35.0f / 3, 417.0f / 3, 12, 144}, 2), 1e-4);
        // Spans from piece lengths.
        const auto spans = token_spans({1, 5, 6}, {0, 0, 0, 0, 0, 3, 2});
        QCOMPARE(spans[1].begin, int64_t(0));
        QCOMPARE(spans[2].begin, int64_t(3));
        QCOMPARE(spans[2].end, int64_t(5));
    }

    void randomFollowsEachDimensionsStatistics() {
        at::manual_seed(11);
        const at::Tensor source =
            at::randn({400, 3}) * at::tensor({0.5f, 2.0f, 0.1f}) + at::tensor({1.0f, -2.0f, 5.0f});
        const at::Tensor rows = random_rows(source, 40000, 3);
        QCOMPARE(rows.size(0), int64_t(40000));
        // The source's own statistics, computed here by hand.
        for (int64_t d = 0; d < 3; ++d) {
            double mean = 0, var = 0;
            for (int64_t i = 0; i < 400; ++i) mean += source[i][d].item<double>();
            mean /= 400;
            for (int64_t i = 0; i < 400; ++i) var += std::pow(source[i][d].item<double>() - mean, 2);
            const double sd = std::sqrt(var / 399);
            QVERIFY(std::abs(rows.select(1, d).mean().item<double>() - mean) < 0.03 * sd + 1e-6);
            QVERIFY(std::abs(rows.select(1, d).std().item<double>() / sd - 1) < 0.03);
        }
        QVERIFY(random_rows(source, 5, 3).equal(random_rows(source, 5, 3)));
        QVERIFY(!random_rows(source, 5, 3).equal(random_rows(source, 5, 4)));
    }

    void focusCombinesAnchorsBySparsemax() {
        // Static vectors: anchors 10 (1,0), 11 (0,1), 12 (-1,0); new token 100 at (1, 0.2).
        StaticEmbeddings e;
        e.vectors = f32({1, 0, 0, 1, -1, 0, 1, 0.2f}, 4);
        e.row = {{10, 0}, {11, 1}, {12, 2}, {100, 3}};
        std::vector<float> values;
        for (int i = 0; i < 13; ++i) values.insert(values.end(), {float(i), 1.0f});
        const at::Tensor source = f32(values, 13);
        // Cosines: s10 = 1/|v|, s11 = 0.2/|v|, s12 = -1/|v|; sparsemax keeps 10 and 11 (1 + 2 s11 > s10 +
        // s11, 1 + 3 s12 < s10 + s11 + s12), tau = (s10 + s11 - 1) / 2.
        const double norm = std::sqrt(1.04), s10 = 1 / norm, s11 = 0.2 / norm, tau = (s10 + s11 - 1) / 2;
        const double w10 = s10 - tau, w11 = s11 - tau;
        const at::Tensor rows = focus_rows(source, e, {100}, {10, 11, 12}, {{}});
        verify_close(rows, f32({float(10 * w10 + 11 * w11), float(w10 + w11)}, 1), 1e-5);
    }

    void resizePadsToAMultipleOfEight() {
        ModelConfig c = test::tiny_config(97);
        Decoder model = test::tiny_decoder(c);
        QCOMPARE(padded_vocab_size(100), int64_t(104));
        QCOMPARE(padded_vocab_size(104), int64_t(104));
        const at::Tensor in_rows = at::full({3, c.hidden_size}, 0.25f),
                         head_rows = at::full({3, c.hidden_size}, -1.0f);
        Decoder grown = resize_vocabulary(model, 104, 97, in_rows, head_rows);
        QCOMPARE(grown.config().vocab_size, int64_t(104));
        const at::Tensor old_embed = model.parameter("model.embed_tokens.weight");
        const at::Tensor embed = grown.parameter("model.embed_tokens.weight");
        const at::Tensor head = grown.parameter("lm_head.weight");
        QVERIFY(embed.narrow(0, 0, 97).equal(old_embed));
        QVERIFY(embed.narrow(0, 97, 3).equal(in_rows));
        QVERIFY(head.narrow(0, 97, 3).equal(head_rows));
        verify_close(embed.narrow(0, 100, 4), old_embed.mean(0, true).expand({4, c.hidden_size}));
        QVERIFY(grown.parameter("model.layers.1.mlp.up_proj.weight")
                    .equal(model.parameter("model.layers.1.mlp.up_proj.weight")));
        c10::NoGradGuard no_grad;
        const at::Tensor logits = grown.forward(at::tensor(std::vector<int64_t>{1, 98, 5}).view({1, 3}));
        QCOMPARE(logits.size(2), int64_t(104));
        // Same logits as the source model on old ids over the old vocabulary.
        const at::Tensor before = model.forward(at::tensor(std::vector<int64_t>{1, 5}).view({1, 2}));
        const at::Tensor after = grown.forward(at::tensor(std::vector<int64_t>{1, 5}).view({1, 2}));
        verify_close(after.narrow(2, 0, 97), before, 1e-5);
    }

    void modelFileRoundTripsByteForByte() {
        if (!have_fixture) QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        const std::string bytes = test::file_bytes(test::llama2_tokenizer()).toStdString();
        const SentencePieceModel m = SentencePieceModel::parse(bytes, "llama2");
        QCOMPARE(m.size(), size_t(32000));
        QVERIFY(m.is_bpe());
        QCOMPARE(m.piece(15043).piece, kMarker + "Hello");
        QCOMPARE(m.piece(1).type, PieceType::Control);
        QCOMPARE(m.piece(3).type, PieceType::Byte);
        QCOMPARE(m.find(kMarker + "world"), 3186);
        QVERIFY(m.serialize() == bytes);
        IPT_VERIFY_ERROR_CONTAINS(SentencePieceModel::parse(bytes.substr(0, bytes.size() / 2), "cut.model"),
                                  "cut.model", "not a SentencePiece model");
    }

    void extendedTokenizerMapsNewPiecesAndKeepsOtherText() {
        if (!have_fixture) QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        const std::vector<std::string> pieces = two_piece_words(3);
        QCOMPARE(pieces.size(), size_t(3));
        const SentencePieceModel source = SentencePieceModel::read(test::llama2_tokenizer().toStdString());
        const SentencePieceModel extended = extend_tokenizer(source, pieces);
        const QString path = dir.filePath("extended.model");
        extended.save(path.toStdString());
        auto tok = SentencePieceTokenizer::from_file(path.toStdString());
        QCOMPARE(tok->vocab_size(), 32003);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(tok->piece_id(pieces[size_t(i)]), 32000 + i);
            QCOMPARE(tok->piece(32000 + i), pieces[size_t(i)]);
        }
        // Where a new piece applies it replaces the source's two pieces; everything else is as before.
        const std::string w0 = pieces[0].substr(kMarker.size()), w2 = pieces[2].substr(kMarker.size());
        const std::string text = "The " + w0 + " of " + w2 + " is 42.";
        TokenIds expected = llama->encode("The");
        expected.push_back(32000);
        for (int32_t id : llama->encode("of")) expected.push_back(id);
        expected.push_back(32002);
        EncodeOptions cont;
        cont.continuation = true;
        for (int32_t id : llama->encode(" is 42.", cont)) expected.push_back(id);
        QCOMPARE(tok->encode(text), expected);
        QCOMPARE(tok->decode(tok->encode(text)), text);
        const QStringList plain{"Hello world", "The quick brown fox jumps over 13 lazy dogs.",
                                QString::fromUtf8("Grüße aus Zürich, naïve café"), "x = f(y) + 2 * z;",
                                QString::fromUtf8("日本語のテキスト")};
        for (const QString& line : plain)
            QCOMPARE(tok->encode(line.toStdString()), llama->encode(line.toStdString()));

        // Second path: SentencePiece's own encoder loads the written file and agrees.
        QProcess spm;
        spm.start("spm_encode", {"--model=" + path, "--output_format=id"});
        if (!spm.waitForStarted(10000)) QSKIP("spm_encode (package sentencepiece) is not installed");
        spm.write(QByteArray::fromStdString(text) + "\n" + plain.join("\n").toUtf8() + "\n");
        spm.closeWriteChannel();
        QVERIFY(spm.waitForFinished(30000));
        const QStringList lines =
            QString::fromUtf8(spm.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), plain.size() + 1);
        QStringList ours;
        for (int32_t id : expected) ours << QString::number(id);
        QCOMPARE(lines[0], ours.join(' '));
    }

    void auxiliaryTokenizerTrainsOnTheDemoText() {
        if (!have_fixture) QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        const auto corpus = read_target_corpus(demo_text("swahili.txt").toStdString());
        QVERIFY(corpus.size() > 500);
        TokenizerTrainingOptions options;  // 50,000 asked: far more than this text supports
        const TrainedTokenizer trained = train_tokenizer(corpus, options);
        QVERIFY(trained.vocab_size < 50000 && trained.vocab_size > 300);
        const SentencePieceModel aux = SentencePieceModel::parse(trained.model, "aux");
        QCOMPARE(int64_t(aux.size()), trained.vocab_size);
        QVERIFY(aux.is_bpe());
        QCOMPARE(aux.piece(3).piece, std::string("<0x00>"));  // byte fallback, after <unk> <s> </s>
        auto tok = SentencePieceTokenizer::from_bytes(trained.model);
        QCOMPARE(tok->decode(tok->encode("habari za asubuhi")), std::string("habari za asubuhi"));
        // Candidates: in model order, none in the source, no byte or control pieces.
        const SentencePieceModel source = SentencePieceModel::read(test::llama2_tokenizer().toStdString());
        const auto candidates = candidate_pieces(aux, source);
        QVERIFY(!candidates.empty());
        int32_t last = -1;
        for (const auto& c : candidates) {
            QVERIFY(source.find(c) < 0);
            const int32_t id = aux.find(c);
            QVERIFY(id > last);
            last = id;
            QCOMPARE(aux.piece(size_t(id)).type, PieceType::Normal);
        }
        IPT_VERIFY_ERROR_CONTAINS(train_tokenizer({"", ""}, options), "no text");
    }

    void selectionReplacesPiecesNeverUsed() {
        if (!have_fixture) QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        const std::vector<std::string> words = two_piece_words(2);
        const SentencePieceModel source = SentencePieceModel::read(test::llama2_tokenizer().toStdString());
        const std::string a = words[0].substr(kMarker.size()), b = words[1].substr(kMarker.size());
        const std::vector<std::string> corpus{a + " " + b, b + " " + a + " " + a};
        SelectionOptions o;
        o.k = 2;
        // The second candidate never occurs in the corpus: it is replaced by the third.
        const Selection s = select_new_tokens(source, {words[0], kMarker + "qqzzqq", words[1]}, corpus, o);
        QCOMPARE(s.pieces, (std::vector<std::string>{words[0], words[1]}));
        QCOMPARE(s.frequency, (std::vector<int64_t>{3, 2}));
        QCOMPARE(s.replaced, int64_t(1));
        QCOMPARE(s.corpus_ids[0], (TokenIds{32000, 32001}));
        IPT_VERIFY_ERROR_CONTAINS(select_new_tokens(source, {}, corpus, o), "no new pieces");
    }

    void cliExpandsAndReportsEndToEnd() {
        if (!have_fixture) QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        const QString model = dir.filePath("tiny");
        test::CliRun r = test::ipt_cli({"model", "init", "--preset", "tiny", "--tokenizer",
                                        test::llama2_tokenizer(), "--seed", "3", "--out", model});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString out = dir.filePath("expanded");
        r = test::ipt_cli({"vocab", "expand", "--model", model, "--tokenizer", test::llama2_tokenizer(),
                           "--corpus", demo_text("swahili.txt"), "--new-tokens", "60", "--init", "all",
                           "--out", out, "--focus-steps", "150", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QJsonObject e = read_json(out + "/expansion.json");
        const int k = e["k"].toInt();
        QCOMPARE(e["k_requested"].toInt(), 60);
        QVERIFY2(k > 40 && k <= 60, qPrintable(QString::number(k)));
        QCOMPARE(e["source_vocab_size"].toInt(), 32000);
        QCOMPARE(e["vocab_size"].toInt(), (32000 + k + 7) / 8 * 8);
        QCOMPARE(e["methods"].toArray().size(), 5);
        const QJsonArray tokens = e["new_tokens"].toArray();
        QCOMPARE(tokens.size(), k);
        auto extended = load_tokenizer((out + "/tokenizer.model").toStdString());
        QCOMPARE(extended->vocab_size(), 32000 + k);
        std::vector<TokenIds> mean_ids;
        for (int i = 0; i < k; ++i) {
            const QJsonObject t = tokens[i].toObject();
            QCOMPARE(t["id"].toInt(), 32000 + i);
            QCOMPARE(extended->piece(32000 + i), t["piece"].toString().toStdString());
            QVERIFY(llama->piece_id(t["piece"].toString().toStdString()) < 0);
            EncodeOptions cont;
            cont.continuation = true;
            std::string text = t["piece"].toString().toStdString();
            if (text.rfind(kMarker, 0) == 0) text = " " + text.substr(kMarker.size());
            mean_ids.push_back(llama->encode(text, cont));
        }
        // Each new piece is used by the tokenizer, or is a prefix or suffix (with the rest a vocabulary
        // piece) of one that is needed: an intermediate BPE step.
        std::set<std::string> needed;
        for (const auto& t : tokens)
            if (t.toObject()["frequency"].toInt() > 0)
                needed.insert(t.toObject()["piece"].toString().toStdString());
        for (bool grew = true; grew;) {
            grew = false;
            for (const auto& t : tokens) {
                const std::string piece = t.toObject()["piece"].toString().toStdString();
                if (needed.count(piece)) continue;
                for (const std::string& other : needed) {
                    if (other.size() <= piece.size()) continue;
                    const bool prefix = other.compare(0, piece.size(), piece) == 0 &&
                                        extended->piece_id(other.substr(piece.size())) >= 0;
                    const bool suffix =
                        other.compare(other.size() - piece.size(), piece.size(), piece) == 0 &&
                        extended->piece_id(other.substr(0, other.size() - piece.size())) >= 0;
                    if (prefix || suffix) {
                        needed.insert(piece);
                        grew = true;
                        break;
                    }
                }
            }
        }
        QCOMPARE(int(needed.size()), k);
        // The held-out text needs fewer tokens with the extended tokenizer.
        const auto heldout = read_target_corpus(demo_text("swahili-heldout.txt").toStdString());
        size_t before = 0, after = 0;
        for (const auto& line : heldout) {
            before += llama->encode(line).size();
            after += extended->encode(line).size();
        }
        QVERIFY2(after < before * 0.9, qPrintable(QString("%1 vs %2").arg(after).arg(before)));

        // Every method's folder loads and generates; Mean's rows are the source rows' means.
        const at::Tensor source_embed =
            SafetensorsCheckpoint::open(model.toStdString()).tensor("model.embed_tokens.weight");
        for (const char* method : {"random", "mean", "merge", "align", "focus"}) {
            const QString folder = out + "/" + method;
            LoadedModel loaded = load_hf_model(folder.toStdString());
            QCOMPARE(loaded.model->config().vocab_size, int64_t(e["vocab_size"].toInt()));
            const at::Tensor embed = loaded.model->parameter("model.embed_tokens.weight");
            QVERIFY(embed.narrow(0, 0, 32000).equal(source_embed));
            QVERIFY(embed.narrow(0, 32000, k).isfinite().all().item<bool>());
            Generator g(*loaded.model, extended.get());
            GenerationOptions go;
            go.max_new_tokens = 6;
            go.stop_at_eos = false;
            EncodeOptions bos;
            bos.add_bos = true;
            const auto gen = g.generate({extended->encode("habari za asubuhi", bos)}, go);
            QCOMPARE(gen[0].tokens.size(), size_t(6));
            if (QString(method) == "mean") {
                for (int i = 0; i < k; ++i) {
                    at::Tensor want = at::zeros({source_embed.size(1)});
                    for (int32_t id : mean_ids[size_t(i)]) want += source_embed[id];
                    want /= double(mean_ids[size_t(i)].size());
                    verify_close(embed[32000 + i], want, 1e-5);
                }
            }
            const TrainConfig lapt = read_train_config((folder + "/lapt.toml").toStdString());
            QVERIFY(lapt.lora.has_value());
            QCOMPARE(lapt.lora->rank, int64_t(8));
            QCOMPARE(lapt.lora->alpha, 32.0);
            QCOMPARE(lapt.lora->dropout, 0.05);
            QCOMPARE(lapt.lora->targets.size(), size_t(7));
            QCOMPARE(lapt.trainable, (std::vector<std::string>{"embed_tokens", "lm_head"}));
            QCOMPARE(QString::fromStdString(lapt.from), QFileInfo(folder).absoluteFilePath());
        }
        QVERIFY(QFile::exists(out + "/lapt-data/index.json"));

        r = test::ipt_cli({"vocab", "report", "--source", model, "--expanded", out, "--text",
                           demo_text("swahili-heldout.txt"), "--source-text", demo_text("corpus.jsonl"),
                           "--repeats", "1", "--speed-characters", "300", "--generate-tokens", "8",
                           "--loss-characters", "2000", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("speed-up"), qPrintable(r.out));
        const QJsonObject report = read_json(out + "/report.json");
        QCOMPARE(report["version"].toInt(), 1);
        const QJsonObject speed = report["speedup"].toObject();
        QCOMPARE(speed["source_tokens"].toInt(), int(before));
        QCOMPARE(speed["expanded_tokens"].toInt(), int(after));
        QCOMPARE(speed["length_reduction_percent"].toDouble(),
                 100.0 * (1.0 - double(after) / double(before)));
        QCOMPARE(speed["throughput_kind"].toString(), QString("same_text"));
        QVERIFY(speed["expanded_tokens_per_s"].toDouble() > 0);
        QCOMPARE(speed["repeats"].toInt(), 1);
        QCOMPARE(speed["predicted_speedup_percent"].toDouble(),
                 100.0 * (double(before) / double(after) - 1.0));
        QVERIFY(speed["timed_characters"].toInt() > 0 && speed["timed_characters"].toInt() <= 300);
        QVERIFY(speed["per_token_cost_ratio"].toDouble() > 0);
        QCOMPARE(speed["speedup_samples_percent"].toArray().size(), 1);
        // Held-out loss per method, on both texts, against the library call on the same models.
        const QJsonObject loss = report["heldout_loss"].toObject();
        QCOMPARE(loss["unit"].toString(), QString("bits per character"));
        QCOMPARE(loss["adapted"].toBool(), false);
        const auto target_texts = read_target_corpus(demo_text("swahili-heldout.txt").toStdString());
        const auto source_texts = read_target_corpus(demo_text("corpus.jsonl").toStdString());
        for (const char* method : {"random", "mean", "merge", "align", "focus"}) {
            LoadedModel loaded = load_hf_model((out + "/" + method).toStdString());
            const HeldoutLoss want = heldout_loss(*loaded.model, *extended, target_texts, {2000, 8});
            const QJsonObject got = loss["target"].toObject()["methods"].toObject()[method].toObject();
            QVERIFY2(std::abs(got["bits_per_char"].toDouble() - want.bits_per_character()) < 1e-6,
                     qPrintable(QString(method)));
            QCOMPARE(got["characters"].toInt(), int(want.characters));
            QVERIFY(got["characters"].toInt() <= 2000);
            const QJsonObject on_source =
                loss["source_language"].toObject()["methods"].toObject()[method].toObject();
            QCOMPARE(on_source["characters"].toInt(),
                     int(heldout_loss(*loaded.model, *extended, source_texts, {2000, 8}).characters));
            QVERIFY(on_source["bits_per_char"].toDouble() > 0);
        }
        QVERIFY(loss["target"].toObject()["source"].toObject()["bits_per_char"].toDouble() > 0);
        QCOMPARE(report["new_tokens"].toArray().size(), k);
        const QJsonObject methods = report["methods"].toObject();
        QCOMPARE(methods.keys().size(), 5);
        const QJsonObject mean = methods["mean"].toObject();
        QCOMPARE(mean["norms"].toArray().size(), k);
        QCOMPARE(mean["neighbours"].toArray()[0].toArray().size(), 5);
        QCOMPARE(mean["pca"].toObject()["new"].toArray().size(), k);
        QCOMPARE(mean["pca"].toObject()["source"].toArray().size(), 2000);
        // Mean's rows are the Mean vectors themselves.
        for (const auto& c : mean["cosine_to_mean"].toArray()) QVERIFY(std::abs(c.toDouble() - 1.0) < 1e-4);

        // LAPT of two methods side by side, the same overrides for both; a second call keeps them.
        const QString runs = dir.filePath("lapt-runs");
        const QStringList adapt{"vocab",
                                "adapt",
                                "--expanded",
                                out,
                                "--runs",
                                runs,
                                "--init",
                                "mean,random",
                                "--steps",
                                "2",
                                "--sequence-length",
                                "64",
                                "--batch-tokens",
                                "256",
                                "--micro-batch",
                                "4",
                                "--validation-text",
                                demo_text("swahili-heldout.txt"),
                                "--quiet"};
        r = test::ipt_cli(adapt);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        for (const char* method : {"mean", "random"}) {
            const QString run = runs + "/expanded-" + method;
            const TrainConfig c = read_train_config((run + "/config.toml").toStdString());
            QCOMPARE(c.steps, int64_t(2));
            QCOMPARE(c.sequence_length, int64_t(64));
            QCOMPARE(QString::fromStdString(c.from), QFileInfo(out + "/" + method).absoluteFilePath());
            QVERIFY(c.lora.has_value());
            QVERIFY(!c.validation.empty());
            QCOMPARE(QString::fromUtf8(test::file_bytes(run + "/checkpoints/latest")).trimmed(),
                     QString("step-0000002"));
            bool validated = false;
            for (const QJsonObject& m : test::metrics(run)) validated = validated || m.contains("val_loss");
            QVERIFY2(validated, method);
        }
        QVERIFY(!QDir(runs + "/expanded-merge").exists());
        r = test::ipt_cli(adapt);
        QVERIFY2(r.code == 0 && r.out.count("already complete") == 2, qPrintable(r.out + r.err));
        r = test::ipt_cli({"vocab", "adapt", "--expanded", out, "--quiet"});
        QVERIFY2(r.code != 0 && r.err.contains("--workspace"), qPrintable(r.err));
    }

    void cancellingLeavesNoOutput() {
        if (!have_fixture) QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        const QString model = dir.filePath("tiny-cancel");
        SaveOptions save;
        save.tokenizer_file = test::llama2_tokenizer().toStdString();
        save_hf_model(test::tiny_decoder(test::tiny_config(32000)), model.toStdString(), save);
        CancelToken cancel;
        std::vector<std::string> stages;
        ExpansionOptions o;
        o.model = model.toStdString();
        o.corpus = demo_text("swahili.txt").toStdString();
        o.out = dir.filePath("cancelled").toStdString();
        o.new_tokens = 20;
        o.methods = {InitMethod::Random, InitMethod::Mean, InitMethod::Merge};
        o.lapt = false;
        o.cancel = &cancel;
        // Cancel while the models are being written: the first folder exists in the staging area by then.
        o.progress = [&](const Progress& p) {
            if (stages.empty() || stages.back() != p.stage) stages.push_back(p.stage);
            if (p.stage.rfind("initialising and writing the mean", 0) == 0) cancel.cancel();
        };
        IPT_VERIFY_ERROR_CONTAINS(expand_vocabulary(o), "cancelled");
        QVERIFY(!QFile::exists(dir.filePath("cancelled")));
        for (const QString& name : QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden))
            QVERIFY2(!name.contains(".partial-"), qPrintable(name));
        // Progress came from every long step on the way.
        auto seen = [&](const char* prefix) {
            for (const auto& s : stages)
                if (s.rfind(prefix, 0) == 0) return true;
            return false;
        };
        QVERIFY(seen("training tokenizer"));
        QVERIFY(seen("tokenizing the corpus with the extended tokenizer"));
        QVERIFY(seen("tokenizing the corpus with the source tokenizer"));
        QVERIFY(seen("initialising and writing the random model"));
    }

    void badInputIsRefusedAndLeavesNothing() {
        if (!have_fixture) QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        const QString model = dir.filePath("tiny-bad");
        test::CliRun r = test::ipt_cli(
            {"model", "init", "--preset", "tiny", "--tokenizer", test::llama2_tokenizer(), "--out", model});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto expand = [&](const QString& corpus, const QString& out, QStringList extra = {}) {
            return test::ipt_cli(QStringList{"vocab", "expand", "--model", model, "--corpus", corpus, "--out",
                                             out, "--init", "mean", "--no-lapt", "--quiet"} +
                                 extra);
        };
        auto write = [&](const QString& name, const QByteArray& text) {
            QFile f(dir.filePath(name));
            f.open(QIODevice::WriteOnly);
            f.write(text);
            return dir.filePath(name);
        };
        auto nothing_left = [&](const QString& out) {
            QVERIFY(!QFile::exists(out));
            for (const QString& name : QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden))
                QVERIFY2(!name.contains(".partial-"), qPrintable(name));
        };
        const QString empty = write("empty.txt", "\n  \n");
        r = expand(empty, dir.filePath("o1"));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("empty.txt") && r.err.contains("no text"), qPrintable(r.err));
        nothing_left(dir.filePath("o1"));

        // The source language: every piece the auxiliary tokenizer learns is one Llama 2 has.
        QByteArray english;
        for (int i = 0; i < 200; ++i) english += "the of and the and of\n";
        r = expand(write("english.txt", english), dir.filePath("o2"));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no new pieces") && r.err.contains("english.txt"), qPrintable(r.err));
        nothing_left(dir.filePath("o2"));

        // k beyond what the corpus offers: said, and what there is is used.
        r = expand(write("tiny.txt", "habari za asubuhi\nhabari za jioni\n"), dir.filePath("o3"),
                   {"--new-tokens", "5000"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("candidate pieces") && r.err.contains("5000"), qPrintable(r.err));
        const QJsonObject e = read_json(dir.filePath("o3") + "/expansion.json");
        QVERIFY(e["k"].toInt() > 0 && e["k"].toInt() < 5000);

        // A model whose vocabulary is not its tokenizer's.
        const QString small = dir.filePath("small-vocab");
        Decoder d = test::tiny_decoder(test::tiny_config(97));
        SaveOptions save;
        save.tokenizer_file = test::llama2_tokenizer().toStdString();
        save_hf_model(d, small.toStdString(), save);
        r = test::ipt_cli({"vocab", "expand", "--model", small, "--corpus", demo_text("swahili.txt"), "--out",
                           dir.filePath("o4"), "--quiet"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("vocab_size 97") && r.err.contains("32000 pieces"), qPrintable(r.err));
        nothing_left(dir.filePath("o4"));

        // A Unigram source tokenizer.
        TokenizerTrainingOptions unigram;
        unigram.model_type = "unigram";
        unigram.vocab_size = 400;
        const TrainedTokenizer u =
            train_tokenizer(read_target_corpus(demo_text("swahili.txt").toStdString()), unigram);
        const QString unigram_path = write("unigram.model", QByteArray::fromStdString(u.model));
        r = test::ipt_cli({"vocab", "expand", "--model", model, "--tokenizer", unigram_path, "--corpus",
                           demo_text("swahili.txt"), "--out", dir.filePath("o5"), "--quiet"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("unigram.model") && r.err.contains("Unigram") && r.err.contains("BPE"),
                 qPrintable(r.err));
        nothing_left(dir.filePath("o5"));

        // An existing output is not overwritten unless asked.
        r = expand(demo_text("swahili.txt"), dir.filePath("o3"));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("already exists"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestVocab)
#include "test_vocab.moc"
