// Evaluation: metrics on known strings worked out by hand; log-likelihoods against sums of
// log-softmax over full forward passes computed here; acc and acc_norm from those sums; task files and
// their errors; few-shot prompts; the results layout; `ipt eval` end to end.
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>

#include <c10/core/GradMode.h>
#include <cmath>
#include <fstream>

#include "ipt/common/atomic_file.h"
#include "ipt/eval/evaluator.h"
#include "ipt/eval/metrics.h"
#include "ipt/eval/scorer.h"
#include "ipt/eval/speedup.h"
#include "ipt/model/hf_folder.h"
#include "ipt/text/tokenizer.h"
#include "test_support.h"

using namespace ipt;

namespace {

// Rows in the ai2_arc export layout. Plain literals: moc does not read raw strings.
const char* kArcRows[] = {
    "{\"question\": \"Which is a fruit?\", \"choices\": {\"text\": [\"a\", \"a ripe red apple from the "
    "tree\", "
    "\"stone\"], \"label\": [\"A\", \"B\", \"C\"]}, \"answerKey\": \"B\"}",
    "{\"question\": \"What melts ice?\", \"choices\": {\"text\": [\"heat from the warm sun\", \"x\", "
    "\"cold\"], "
    "\"label\": [\"A\", \"B\", \"C\"]}, \"answerKey\": \"A\"}",
    "{\"question\": \"Where do fish live?\", \"choices\": {\"text\": [\"in water\", \"on trees\", \"a\"], "
    "\"label\": [\"A\", \"B\", \"C\"]}, \"answerKey\": \"A\"}",
    "{\"question\": \"What is ice made of?\", \"choices\": {\"text\": [\"b\", \"frozen water\", \"sand\"], "
    "\"label\": [\"A\", \"B\", \"C\"]}, \"answerKey\": \"B\"}"};

const char* kArcTask =
    "{\"name\": \"arc_test\", \"data\": \"arc.jsonl\", \"type\": \"multiple_choice\", \"prompt\": "
    "\"Question: "
    "{{question}}\\nAnswer:\", \"choices\": \"choices.text\", \"answer\": \"{{answerKey}}\", \"answer_is\": "
    "\"label\", \"labels\": \"choices.label\"}";

void write_lines(const QString& path, const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    write_file_atomically(path.toStdString(), text);
}

// log P(continuation | context) by one full forward pass over the concatenated ids.
double loglikelihood_by_hand(const Decoder& model, const TokenIds& context, const TokenIds& continuation) {
    std::vector<int64_t> ids(context.begin(), context.end());
    ids.insert(ids.end(), continuation.begin(), continuation.end());
    c10::NoGradGuard no_grad;
    at::Tensor logp = at::log_softmax(model.forward(at::tensor(ids).view({1, -1}))[0], -1);
    double total = 0;
    for (size_t j = 0; j < continuation.size(); ++j)
        total += logp[static_cast<int64_t>(context.size() + j - 1)][continuation[j]].item<double>();
    return total;
}

}  // namespace

class TestEval : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<Tokenizer> tok;
    std::unique_ptr<Decoder> model;

  private slots:
    void initTestCase() {
        if (!QFile::exists(test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        model = std::make_unique<Decoder>(test::tiny_decoder(model_preset("tiny"), 17));
        write_lines(dir.filePath("arc.jsonl"), {std::begin(kArcRows), std::end(kArcRows)});
        write_lines(dir.filePath("arc.json"), {kArcTask});
    }

    void metricsOnKnownStrings() {
        QCOMPARE(normalize_answer("The  Cat, sat!"), std::string("cat sat"));
        QCOMPARE(exact_match("The Answer!", "answer"), 1.0);
        QCOMPARE(exact_match("an answer", "answers"), 0.0);
        // "cat sat on mat" vs "cat sat": 2 common tokens, precision 1/2, recall 1: F1 = 2/3.
        QVERIFY(std::abs(token_f1("the cat sat on the mat", "a cat sat") - 2.0 / 3.0) < 1e-12);
        QCOMPARE(token_f1("dog", "cat"), 0.0);
        // LCS of "the cat sat on the mat" and "the cat was on the mat" is 5 of 6 tokens: F = 5/6.
        QVERIFY(std::abs(rouge_l("the cat sat on the mat", "The cat was on the mat") - 5.0 / 6.0) < 1e-12);
        // [1, 0, 1, 1]: mean 0.75, sample variance 0.25, stderr 0.5 / 2.
        QCOMPARE(mean_stderr({1, 0, 1, 1}), 0.25);
    }

    void characterUnitsForScriptsWithoutSpaces() {
        TextUnits chars;
        chars.characters = true;
        // {東,京,都} against {東,京}: 2 common, precision 2/3, recall 1: F1 = 0.8. As words: no overlap.
        QVERIFY(std::abs(token_f1("東京都", "東京", chars) - 0.8) < 1e-12);
        QCOMPARE(token_f1("東京都", "東京"), 0.0);
        // Spaces do not count; the closing mark is stripped before comparing.
        TextUnits ja = chars;
        ja.strip_suffix = "。";
        QCOMPARE(exact_match("東 京。", "東京", ja), 1.0);
        QCOMPARE(exact_match("東 京。", "東京", chars), 0.0);
        // LCS of กขคง and กคง is 3: precision 3/4, recall 1, F = 6/7.
        QVERIFY(std::abs(rouge_l("กขคง", "กคง", chars) - 6.0 / 7.0) < 1e-12);
    }

    void seedTasksRenderTheSeedsPrompts() {
        const QString tasks = QString(IPT_SOURCE_DIR) + "/resources/tasks/";
        write_lines(
            dir.filePath("nli.jsonl"),
            {"{\"premise\": \"Der Hund schläft.\", \"hypothesis\": \"Ein Tier ruht.\", \"label\": 0}"});
        write_lines(dir.filePath("span.jsonl"),
                    {"{\"context\": \"Berlin ist groß.\", \"question\": \"Was ist "
                     "groß?\", \"answers\": {\"text\": [\"Berlin\", \"die Stadt\"]}}"});
        write_lines(dir.filePath("sum.jsonl"), {"{\"text\": \"Ein langer Text.\", \"summary\": \"Kurz.\"}"});
        auto load = [&](const char* file, const char* data) {
            TaskDefinition t = read_task((tasks + file).toStdString());
            t.data = dir.filePath(data).toStdString();
            return load_task_items(t);
        };
        const auto nli = load("nli_de.json", "nli.jsonl");
        QCOMPARE(nli[0].contexts[0],
                 std::string("Der Hund schläft. Frage: Ein Tier ruht. Wahr, Falsch oder Weder? Antwort:"));
        QCOMPARE(nli[0].continuations, (std::vector<std::string>{" Wahr", " Weder", " Falsch"}));
        QCOMPARE(nli[0].gold, int64_t(0));
        const auto span = load("span_de.json", "span.jsonl");
        QCOMPARE(span[0].contexts[0],
                 std::string("Beantworten Sie die folgende Frage. Artikel: Berlin ist groß. "
                             "Frage: Was ist groß? Antwort: "));
        QCOMPARE(span[0].references, std::vector<std::string>{"Berlin"});
        const auto sum = load("sum_de.json", "sum.jsonl");
        QCOMPARE(sum[0].contexts[0],
                 std::string("Schreiben Sie eine kurze Zusammenfassung des folgenden Textes "
                             "auf Deutsch. Artikel: Ein langer Text. Zusammenfassung:"));
        // Every language of each family loads and renders the row; ja, th and hi SPAN count characters.
        for (const char* lang : {"en", "ar", "de", "el", "hi", "ja", "sw", "th"}) {
            const std::string l = lang;
            QCOMPARE(load(("nli_" + l + ".json").c_str(), "nli.jsonl")[0].continuations.size(), size_t(3));
            QVERIFY(load(("span_" + l + ".json").c_str(), "span.jsonl")[0].contexts[0].find(
                        "Was ist groß?") != std::string::npos);
            QVERIFY(load(("sum_" + l + ".json").c_str(), "sum.jsonl")[0].contexts[0].find(
                        "Ein langer Text.") != std::string::npos);
            const bool chars = l == "ja" || l == "th" || l == "hi";
            QCOMPARE(read_task((tasks + ("span_" + l + ".json").c_str()).toStdString()).units.characters,
                     chars);
        }
    }

    void balancedFewShotShowsEveryLabel() {
        // Seven entailment rows and one of each other label: three balanced examples are one of each,
        // whatever the seed; random picks would mostly be entailment.
        std::vector<std::string> pool;
        for (int i = 0; i < 9; ++i) {
            const int label = i < 7 ? 0 : i - 6;
            pool.push_back("{\"premise\": \"p" + std::to_string(i) +
                           "\", \"hypothesis\": \"h\", \"label\": " + std::to_string(label) + "}");
        }
        write_lines(dir.filePath("nli_pool.jsonl"), pool);
        write_lines(dir.filePath("nli_one.jsonl"),
                    {"{\"premise\": \"q\", \"hypothesis\": \"h\", \"label\": 1}"});
        TaskDefinition t = read_task(QString(IPT_SOURCE_DIR).toStdString() + "/resources/tasks/nli_de.json");
        t.data = dir.filePath("nli_one.jsonl").toStdString();
        t.fewshot_data = dir.filePath("nli_pool.jsonl").toStdString();
        t.num_fewshot = 3;
        for (uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
            t.seed = seed;
            const std::string prompt = load_task_items(t)[0].contexts[0];
            for (const char* answer : {"Antwort: Wahr\n\n", "Antwort: Weder\n\n", "Antwort: Falsch\n\n"}) {
                size_t count = 0;
                for (size_t at = prompt.find(answer); at != std::string::npos;
                     at = prompt.find(answer, at + 1))
                    ++count;
                QCOMPARE(count, size_t(1));
            }
        }
        // A generative demonstration after a prompt that ends in a space gets no second space.
        write_lines(dir.filePath("span3.jsonl"),
                    {"{\"context\": \"c1\", \"question\": \"q1\", \"answers\": {\"text\": [\"a1\"]}}",
                     "{\"context\": \"c2\", \"question\": \"q2\", \"answers\": {\"text\": [\"a2\"]}}"});
        TaskDefinition s = read_task(QString(IPT_SOURCE_DIR).toStdString() + "/resources/tasks/span_de.json");
        s.data = dir.filePath("span3.jsonl").toStdString();
        s.fewshot_data.clear();
        s.num_fewshot = 1;
        QCOMPARE(load_task_items(s)[0].contexts[0],
                 std::string("Beantworten Sie die folgende Frage. Artikel: c2 Frage: q2 Antwort: a2\n\n"
                             "Beantworten Sie die folgende Frage. Artikel: c1 Frage: q1 Antwort: "));
    }

    void sharedContextScoresMatchFullPasses() {
        LoglikelihoodScorer scorer(*model, *tok);
        const std::string context = "Question: Which is a fruit?\nAnswer:";
        const std::vector<std::string> choices{" a", " a ripe red apple from the tree", " stone"};
        const auto shared = scorer.score_shared(context, choices);
        const auto separate = scorer.score_pairs(std::vector<std::string>(3, context), choices);
        EncodeOptions bos;
        bos.add_bos = true;
        const TokenIds ctx = tok->encode(context, bos);
        for (size_t c = 0; c < choices.size(); ++c) {
            // The continuation's tokens: the whole text's tokens after the context's.
            const TokenIds whole = tok->encode(context + choices[c], bos);
            QVERIFY(std::equal(ctx.begin(), ctx.end(), whole.begin()));
            const TokenIds cont(whole.begin() + static_cast<long>(ctx.size()), whole.end());
            const double expected = loglikelihood_by_hand(*model, ctx, cont);
            QVERIFY2(std::abs(shared[c] - expected) < 1e-4,
                     qPrintable(QString("%1 vs %2").arg(shared[c]).arg(expected)));
            QVERIFY(std::abs(separate[c] - expected) < 1e-4);
        }
    }

    void accAndAccNormFollowTheScores() {
        TaskDefinition task = read_task(dir.filePath("arc.json").toStdString());
        EvalOptions options;
        options.log_samples = true;
        TaskResult r = evaluate_task(*model, *tok, task, options);
        QCOMPARE(r.samples, int64_t(4));
        // The same decisions computed here from full passes: argmax of the sum, and of the sum per
        // character of the choice text (the continuation without its leading delimiter, as the harness).
        LoglikelihoodScorer scorer(*model, *tok);
        std::vector<double> acc, acc_norm;
        for (const TaskItem& item : load_task_items(task)) {
            std::vector<double> ll, norm;
            for (const auto& cont : item.continuations) {
                auto [ctx, ids] = scorer.encode_pair(item.contexts[0], cont);
                ll.push_back(loglikelihood_by_hand(*model, ctx, ids));
                norm.push_back(ll.back() / double(cont.size() - 1));  // ASCII: bytes are characters
            }
            acc.push_back(std::max_element(ll.begin(), ll.end()) - ll.begin() == item.gold ? 1 : 0);
            acc_norm.push_back(std::max_element(norm.begin(), norm.end()) - norm.begin() == item.gold ? 1
                                                                                                      : 0);
        }
        QCOMPARE(r.metrics["acc"].value, mean(acc));
        QCOMPARE(r.metrics["acc_norm"].value, mean(acc_norm));
        QCOMPARE(r.metrics["acc"].stderr_, mean_stderr(acc));
        // The data pairs one-letter decoys with long answers, so length normalisation changes decisions.
        QVERIFY(acc != acc_norm);
        QCOMPARE(r.sample_log.size(), size_t(4));
    }

    void fewShotPromptsNeverShowTheItem() {
        TaskDefinition task = read_task(dir.filePath("arc.json").toStdString());
        task.num_fewshot = 2;
        const auto items = load_task_items(task);
        for (const TaskItem& item : items) {
            const QString context = QString::fromStdString(item.contexts[0]);
            QCOMPARE(context.count("Question:"), 3);  // two demonstrations and the item
            QVERIFY(context.endsWith(
                QString::fromStdString(load_task_items(read_task(task.source_path))[item.id].contexts[0])));
            QCOMPARE(context.count(QString::fromStdString(
                         load_task_items(read_task(task.source_path))[item.id].contexts[0])),
                     1);
        }
        task.num_fewshot = 4;  // only three other items exist
        IPT_VERIFY_ERROR_CONTAINS(load_task_items(task), "arc.jsonl", "holds 3 examples for 4-shot");
    }

    void partialScoringForWinogrande() {
        // The shipped task: each option completes the sentence up to "_", then the rest is scored.
        TaskDefinition task = read_task(IPT_SOURCE_DIR "/resources/tasks/winogrande.json");
        write_lines(
            dir.filePath("wino.jsonl"),
            {"{\"sentence\": \"The trophy did not fit in the case because _ was too big.\", \"option1\": "
             "\"the trophy\", \"option2\": \"the case\", \"answer\": \"1\"}"});
        task.data = dir.filePath("wino.jsonl").toStdString();
        const auto items = load_task_items(task);
        QCOMPARE(items[0].contexts,
                 (std::vector<std::string>{"The trophy did not fit in the case because the trophy",
                                           "The trophy did not fit in the case because the case"}));
        QCOMPARE(items[0].continuations, std::vector<std::string>{" was too big."});
        QCOMPARE(items[0].gold, int64_t(0));
        TaskResult r = evaluate_task(*model, *tok, task);
        LoglikelihoodScorer scorer(*model, *tok);
        std::vector<double> ll;
        for (const auto& context : items[0].contexts) {
            auto [ctx, ids] = scorer.encode_pair(context, " was too big.");
            ll.push_back(loglikelihood_by_hand(*model, ctx, ids));
        }
        QCOMPARE(r.metrics["acc"].value, ll[0] > ll[1] ? 1.0 : 0.0);
    }

    void badTaskFilesAndRows() {
        write_lines(dir.filePath("no_answer.json"),
                    {"{\"name\": \"x\", \"data\": \"arc.jsonl\", \"type\": "
                     "\"multiple_choice\", \"prompt\": \"Q\", \"choices\": \"choices.text\"}"});
        IPT_VERIFY_ERROR_CONTAINS(read_task(dir.filePath("no_answer.json").toStdString()), "no_answer.json",
                                  "missing key 'answer'");
        write_lines(dir.filePath("typo.json"), {"{\"name\": \"x\", \"data\": \"d\", \"type\": \"generate\", "
                                                "\"promt\": \"Q\"}"});
        IPT_VERIFY_ERROR_CONTAINS(read_task(dir.filePath("typo.json").toStdString()), "unknown key 'promt'");
        write_lines(dir.filePath("rows.jsonl"), {std::string(kArcRows[0]),
                                                 "{\"choices\": {\"text\": [\"a\", \"b\"], "
                                                 "\"label\": [\"A\", \"B\"]}, \"answerKey\": \"A\"}"});
        TaskDefinition task = read_task(dir.filePath("arc.json").toStdString());
        task.data = dir.filePath("rows.jsonl").toStdString();
        IPT_VERIFY_ERROR_CONTAINS(load_task_items(task), "rows.jsonl:2", "missing field 'question'");
        write_lines(dir.filePath("range.jsonl"),
                    {"{\"question\": \"q\", \"choices\": {\"text\": [\"a\", \"b\"], "
                     "\"label\": [\"A\", \"B\"]}, \"answerKey\": \"E\"}"});
        task.data = dir.filePath("range.jsonl").toStdString();
        IPT_VERIFY_ERROR_CONTAINS(load_task_items(task), "range.jsonl:1",
                                  "answer 'E' is not among the labels");
        task.answer_is = "index";
        task.answer = "{{n}}";
        write_lines(dir.filePath("index.jsonl"),
                    {"{\"question\": \"q\", \"n\": 5, \"choices\": {\"text\": [\"a\", \"b\"]}}"});
        task.data = dir.filePath("index.jsonl").toStdString();
        IPT_VERIFY_ERROR_CONTAINS(load_task_items(task), "index.jsonl:1",
                                  "answer 5 is out of range for 2 choices");
    }

    void resultsAreLaidOutLikeTheHarness() {
        TaskDefinition task = read_task(dir.filePath("arc.json").toStdString());
        TaskResult r = evaluate_task(*model, *tok, task);
        const QString path = dir.filePath("out/results.json");
        write_results(path.toStdString(), {r}, {task}, "models/x");
        QJsonObject root = QJsonDocument::fromJson(test::file_bytes(path)).object();
        QJsonObject arc = root["results"].toObject()["arc_test"].toObject();
        QCOMPARE(arc["acc,none"].toDouble(), r.metrics["acc"].value);
        QVERIFY(arc.contains("acc_stderr,none") && arc.contains("acc_norm,none") &&
                arc.contains("acc_norm_stderr,none"));
        QCOMPARE(root["n-shot"].toObject()["arc_test"].toInt(), 0);
        QCOMPARE(root["n-samples"].toObject()["arc_test"].toObject()["effective"].toInt(), 4);
    }

    void generativeScoresComeFromTheResponses() {
        write_lines(dir.filePath("span.jsonl"),
                    {"{\"context\": \"Paris is in France.\", \"question\": \"Where is Paris?\", "
                     "\"answers\": [\"France\", \"in France\"]}",
                     "{\"context\": \"Ice is frozen water.\", \"question\": \"What is ice?\", "
                     "\"answers\": [\"frozen water\"]}"});
        write_lines(dir.filePath("span.json"),
                    {"{\"name\": \"span\", \"data\": \"span.jsonl\", \"type\": \"generate\", \"prompt\": "
                     "\"{{context}}\\n"
                     "Question: {{question}}\\nAnswer:\", \"target\": \"{{answers}}\", \"until\": [\"\\n\"], "
                     "\"max_new_tokens\": 8, \"metrics\": [\"exact_match\", \"f1\", \"rougeL\"]}"});
        TaskDefinition task = read_task(dir.filePath("span.json").toStdString());
        EvalOptions options;
        options.log_samples = true;
        TaskResult r = evaluate_task(*model, *tok, task, options);
        QCOMPARE(r.samples, int64_t(2));
        std::vector<double> f1;
        for (const auto& line : r.sample_log) {
            QJsonObject s = QJsonDocument::fromJson(QByteArray::fromStdString(line)).object();
            double best = 0;
            for (const auto& ref : s["target"].toArray())
                best = std::max(
                    best, token_f1(s["response"].toString().toStdString(), ref.toString().toStdString()));
            f1.push_back(best);
            QVERIFY(!s["response"].toString().contains('\n'));  // cut at the stop sequence
        }
        QCOMPARE(r.metrics["f1"].value, mean(f1));
        QVERIFY(r.metrics.count("rougeL"));
    }

    void speedupCountsEachSidesTokens() {
        // A second tokenizer trained here with SentencePiece's own trainer; token counts are checked
        // against SentencePiece's own encoder.
        std::string corpus;
        for (int i = 0; i < 300; ++i)
            corpus += "the quick brown fox " + std::to_string(i % 17) +
                      " jumps over the lazy dog near the river bank\n";
        write_file_atomically(dir.filePath("corpus.txt").toStdString(), corpus);
        QProcess train;
        train.start("spm_train",
                    {"--input=" + dir.filePath("corpus.txt"), "--model_prefix=" + dir.filePath("small"),
                     "--vocab_size=400", "--model_type=bpe", "--byte_fallback=true", "--minloglevel=2"});
        if (!train.waitForStarted(10000)) QSKIP("spm_train (package sentencepiece) is not installed");
        QVERIFY(train.waitForFinished(120000));
        QVERIFY2(train.exitCode() == 0, train.readAllStandardError().constData());
        auto small = load_tokenizer(dir.filePath("small.model").toStdString());
        ModelConfig config = model_preset("tiny");
        config.vocab_size = small->vocab_size();
        Decoder expanded = test::tiny_decoder(config, 4);

        const std::vector<std::string> texts{"the lazy dog jumps over the quick brown fox",
                                             "near the river bank the fox jumps"};
        SpeedupOptions options;
        options.repeats = 1;
        options.generate_tokens = 6;
        SpeedupReport r = measure_speedup(*model, *tok, expanded, *small, texts, options);
        auto spm_count = [&](const QString& model_file) {
            QProcess p;
            p.start("spm_encode", {"--model=" + model_file, "--output_format=id"});
            p.waitForStarted();
            p.write(QByteArray::fromStdString(texts[0] + "\n" + texts[1] + "\n"));
            p.closeWriteChannel();
            p.waitForFinished(30000);
            return QString::fromUtf8(p.readAllStandardOutput())
                .split(QRegularExpression("\\s+"), Qt::SkipEmptyParts)
                .size();
        };
        QCOMPARE(r.source.tokens, int64_t(spm_count(test::llama2_tokenizer())));
        QCOMPARE(r.expanded.tokens, int64_t(spm_count(dir.filePath("small.model"))));
        QCOMPARE(r.source.characters, int64_t(texts[0].size() + texts[1].size()));
        QCOMPARE(r.length_ratio(), double(r.expanded.tokens) / double(r.source.tokens));
        QVERIFY(r.source.tokens_per_second() > 0 && r.expanded.tokens_per_second() > 0);
        QVERIFY(r.source.seconds_per_token.median > 0 && r.expanded.seconds_per_token.median > 0);
        QCOMPARE(utf8_length("\xC3\xA9t\xC3\xA9"), int64_t(3));  // "été"
    }

    void evalCommandWritesResults() {
        const QString folder = dir.filePath("model");
        SaveOptions save;
        save.tokenizer_file = test::llama2_tokenizer().toStdString();
        save_hf_model(*model, folder.toStdString(), save);
        QProcess p;
        p.start(IPT_CLI, {"eval", "--model", folder, "--task", dir.filePath("arc.json"), "--out",
                          dir.filePath("cli/results.json"), "--limit", "2", "--quiet"});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QJsonObject root =
            QJsonDocument::fromJson(test::file_bytes(dir.filePath("cli/results.json"))).object();
        QCOMPARE(root["n-samples"].toObject()["arc_test"].toObject()["effective"].toInt(), 2);
        QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).contains("acc_norm"));

        // A results file written by lm-evaluation-harness (old keys, "N/A" stderr) is indexed by name.
        write_lines(dir.filePath("harness.json"),
                    {"{\"results\": {\"piqa\": {\"acc\": 0.75, \"acc_stderr\": \"N/A\"}}, "
                     "\"versions\": {\"piqa\": 0}}"});
        QProcess import;
        import.start(IPT_CLI, {"eval", "--import", dir.filePath("harness.json"), "--name", "baseline",
                               "--workspace", dir.filePath("ws")});
        QVERIFY(import.waitForFinished(60000));
        QVERIFY2(import.exitCode() == 0, import.readAllStandardError().constData());
        QVERIFY(QFile::exists(dir.filePath("ws/workspace.db")));
        QVERIFY(QString::fromUtf8(import.readAllStandardOutput()).contains("run 'baseline'"));
        QProcess missing;
        missing.start(IPT_CLI, {"eval", "--import", dir.filePath("arc.jsonl"), "--name", "x", "--workspace",
                                dir.filePath("ws")});
        QVERIFY(missing.waitForFinished(60000));
        QCOMPARE(missing.exitCode(), 1);
        QVERIFY(QString::fromUtf8(missing.readAllStandardError()).contains("arc.jsonl"));
    }
};

QTEST_GUILESS_MAIN(TestEval)
#include "test_eval.moc"
