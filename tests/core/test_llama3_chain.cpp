// The Llama 3 row end to end on a tiny Llama-3-shaped model (llama3 RoPE scaling, tied embeddings)
// whose tokenizer is a byte-level BPE tokenizer.json: model init, data preparation, continual training
// with LoRA, generation, evaluation, synthesis, the pairs browser's token counts and vocabulary
// expansion with every initialisation, all through `ipt` and the core calls the panels use.
#include <QtCore/QJsonArray>

#include "ipt/common/atomic_file.h"
#include "ipt/common/cancel.h"
#include "ipt/data/pairs_index.h"
#include "ipt/data/pairs_query.h"
#include "ipt/model/hf_folder.h"
#include "ipt/text/hf_tokenizer.h"
#include "ipt/text/model_tokenizer.h"
#include "test_support.h"

using namespace ipt;

namespace {

const QString kTokenizer =
    QStringLiteral(IPT_SOURCE_DIR "/tests/compat/tokenizers/fixtures/llama3/tokenizer.json");
const QString kDemo = QStringLiteral(IPT_SOURCE_DIR "/resources/demo");

QJsonObject read_json(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

#define RUN_OK(...)                                                 \
    do {                                                            \
        const test::CliRun _r = test::ipt_cli(__VA_ARGS__);         \
        QVERIFY2(_r.code == 0, qPrintable(_r.out + "\n" + _r.err)); \
    } while (0)

}  // namespace

class TestLlama3Chain : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString model;

  private slots:
    void initTestCase() {
        model = dir.filePath("tiny-llama3");
        RUN_OK({"model", "init", "--preset", "tiny-llama3", "--tokenizer", kTokenizer, "--seed", "3", "--out",
                model});
    }

    void modelFolderCarriesTheTokenizer() {
        QVERIFY(QFile::exists(model + "/tokenizer.json"));
        QVERIFY(QFile::exists(model + "/tokenizer_config.json"));
        const ModelSummary s = summarize_hf_model(model.toStdString());
        QCOMPARE(s.tokenizer_file, std::string("tokenizer.json"));
        QVERIFY(s.config.rope_scaling && s.config.tie_word_embeddings);
        auto tok = load_model_tokenizer(model.toStdString(), s.config.vocab_size);
        QCOMPARE(s.config.vocab_size, int64_t(tok->vocab_size()));
        QCOMPARE(s.config.bos_token_id, int64_t(tok->piece_id("<|begin_of_text|>")));
        const test::CliRun info = test::ipt_cli({"model", "info", model});
        QVERIFY2(info.out.contains("tokenizer:    tokenizer.json"), qPrintable(info.out));
    }

    void prepareTrainWithLoraAndGenerate() {
        const QString data = dir.filePath("data");
        RUN_OK({"data", "prepare", "--tokenizer", model, "--input", kDemo + "/corpus.jsonl",
                kDemo + "/swahili.txt", "--out", data});
        const QJsonObject index = read_json(data + "/index.json");
        QVERIFY2(index["tokenizer"].toObject()["fingerprint"].toString().startsWith("hf-"),
                 qPrintable(QJsonDocument(index).toJson()));
        const std::string toml =
            "[model]\nfrom = \"" + model.toStdString() +
            "\"\ntrainable = [\"embed_tokens\"]\n[lora]\nrank = 4\nalpha = 16\n"
            "[data]\nsequence_length = 32\n[[data.sources]]\npath = \"" +
            data.toStdString() +
            "\"\nweight = 1.0\n[batch]\nglobal_batch_tokens = 128\nmicro_batch = 4\n"
            "[optimizer]\nlr = 1e-3\nmin_lr = 1e-4\nwarmup_steps = 1\n[train]\nseed = 2\n"
            "steps = 3\n";
        const QString config = dir.filePath("lapt.toml");
        write_file_atomically(config.toStdString(), toml);
        const QString run = dir.filePath("run");
        RUN_OK({"train", "--config", config, "--run", run, "--quiet"});
        const QString checkpoint = run + "/checkpoints/step-0000003";
        QVERIFY(QFile::exists(checkpoint + "/adapter_config.json"));
        QVERIFY2(QFile::exists(checkpoint + "/tokenizer.json"), "the checkpoint is a complete model folder");
        QCOMPARE(test::metrics(run).size(), size_t(3));

        const test::CliRun g = test::ipt_cli({"generate", "--model", checkpoint, "--prompt",
                                              "Habari za asubuhi", "--max-new-tokens", "6", "--greedy"});
        QVERIFY2(g.code == 0, qPrintable(g.err));
        QVERIFY(g.out.startsWith("Habari za asubuhi"));
        const test::CliRun ids = test::ipt_cli({"generate", "--model", checkpoint, "--prompt", "Habari",
                                                "--max-new-tokens", "4", "--greedy", "--print-ids"});
        QVERIFY2(ids.code == 0, qPrintable(ids.err));
        QCOMPARE(ids.out.trimmed().split(' ').size(), 4);
    }

    void evaluateAndSynthesize() {
        const QString results = dir.filePath("results.json");
        RUN_OK({"eval", "--model", model, "--task",
                QStringLiteral(IPT_SOURCE_DIR "/resources/tasks/arc_easy.json"), "--data",
                kDemo + "/eval/arc_demo.jsonl", "--limit", "3", "--out", results, "--quiet"});
        QVERIFY(read_json(results)["results"].toObject().contains("arc_easy"));

        const QString raw = dir.filePath("raw.jsonl");
        write_file_atomically(raw.toStdString(),
                              "{\"id\": \"a\", \"text\": \"The river rose after three days of rain.\"}\n"
                              "{\"id\": \"b\", \"text\": \"Watoto wanacheza mpira uwanjani.\"}\n");
        const QString pairs = dir.filePath("pairs.jsonl");
        RUN_OK({"synth", "run", "--synthesizer", model, "--input", raw, "--rounds", "1", "--max-new-tokens",
                "8", "--out", pairs, "--quiet"});
        QVERIFY(QFile::exists(pairs));

        // The pairs browser's token counts, as its panel computes them.
        const QString mined = dir.filePath("mined.jsonl");
        RUN_OK({"synth", "rules", "--input", kDemo + "/synth-corpus.jsonl", "--out", mined});
        auto index = PairsIndex::open(mined.toStdString());
        index->build({}, CancelToken());
        QVERIFY(index->pair_count() > 0);
        auto tok = load_model_tokenizer(model.toStdString(), 1 << 20);
        const std::vector<uint32_t> counts =
            count_pair_tokens(*index, index->size(), *tok, {}, CancelToken());
        QCOMPARE(counts.size(), index->pair_count());
        for (uint32_t c : counts) QVERIFY(c > 0);
    }

    void expandTheVocabularyWithEveryMethod() {
        const QString out = dir.filePath("expanded");
        RUN_OK({"vocab", "expand", "--model", model, "--corpus", kDemo + "/swahili.txt", "--new-tokens", "40",
                "--init", "all", "--out", out, "--focus-steps", "100", "--quiet"});
        const QJsonObject e = read_json(out + "/expansion.json");
        const int k = e["k"].toInt();
        QVERIFY2(k > 10 && k <= 40, qPrintable(QString::number(k)));
        auto source = HfTokenizer::from_file(kTokenizer.toStdString());
        QCOMPARE(e["source_vocab_size"].toInt(), source->vocab_size());
        QVERIFY(QFile::exists(out + "/tokenizer.json") && QFile::exists(out + "/tokenizer_config.json"));
        auto extended = load_tokenizer(out.toStdString());
        QCOMPARE(extended->vocab_size(), source->vocab_size() + k);
        QCOMPARE(extended->bos_id(), source->bos_id());
        const QJsonArray tokens = e["new_tokens"].toArray();
        for (int i = 0; i < k; ++i) {
            const QJsonObject t = tokens[i].toObject();
            QCOMPARE(t["id"].toInt(), source->vocab_size() + i);
            QCOMPARE(extended->piece(t["id"].toInt()), t["piece"].toString().toStdString());
        }
        // Held-out Swahili gets shorter; text in other scripts keeps its tokens.
        int64_t before = 0, after = 0;
        QFile heldout(kDemo + "/swahili-heldout.txt");
        QVERIFY(heldout.open(QIODevice::ReadOnly));
        for (const QByteArray& line : heldout.readAll().split('\n')) {
            before += int64_t(source->encode(line.toStdString()).size());
            after += int64_t(extended->encode(line.toStdString()).size());
        }
        QVERIFY2(after < before, qPrintable(QString("%1 vs %2").arg(after).arg(before)));
        for (const char* text : {"ภาษาไทยเป็นภาษาที่สวยงาม", "日本語の文章を書きます。",
                                 "اللغة العربية جميلة جدا.", "Η ελληνική γλώσσα έχει μακρά ιστορία."})
            QCOMPARE(extended->encode(text), source->encode(text));
        for (const char* method : {"random", "mean", "merge", "align", "focus"}) {
            const QString folder = out + "/" + method;
            const ModelSummary s = summarize_hf_model(folder.toStdString());
            QCOMPARE(s.tokenizer_file, std::string("tokenizer.json"));
            QVERIFY(s.config.vocab_size >= source->vocab_size() + k);
            QVERIFY(s.config.tie_word_embeddings);
            RUN_OK({"generate", "--model", folder, "--prompt", "Watoto wanacheza", "--max-new-tokens", "3",
                    "--greedy"});
        }
        RUN_OK({"vocab", "report", "--source", model, "--expanded", out, "--text",
                kDemo + "/swahili-heldout.txt", "--quiet"});
        QVERIFY(QFile::exists(out + "/report.json"));
    }
};

QTEST_GUILESS_MAIN(TestLlama3Chain)
#include "test_llama3_chain.moc"
