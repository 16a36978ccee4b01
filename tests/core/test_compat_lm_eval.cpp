// `ipt eval` against lm-evaluation-harness through the goldens of tests/compat/lm_eval: the harness ran
// its own task definitions on the data there with a tiny model (model/), 0-shot and 2-shot with its
// default few-shot seed. Here the shipped task files must render the same requests (contexts with their
// few-shot examples, continuations), tokenize them to the same ids, give the same log-likelihoods and
// the same item-level decisions and metrics.
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "ipt/common/atomic_file.h"
#include "ipt/eval/evaluator.h"
#include "ipt/eval/scorer.h"
#include "ipt/eval/task.h"
#include "ipt/model/generator.h"
#include "ipt/model/hf_folder.h"
#include "ipt/text/tokenizer.h"
#include "test_support.h"

using namespace ipt;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kDir = IPT_SOURCE_DIR "/tests/compat/lm_eval";
const std::vector<std::string> kTasks = {
    "arc_easy",   "arc_challenge", "boolq", "siqa",    "winogrande",        "piqa",
    "openbookqa", "hellaswag",     "mmlu",  "span_en", "arc_trailing_space"};

json golden(const std::string& task, int shots) {
    return json::parse(read_text_file(kDir + "/goldens/" + task + "." + std::to_string(shots) + "shot.json"));
}

// Our task file with the compat data in place of the full datasets.
TaskDefinition our_task(const std::string& name, int shots) {
    const std::string file = name == "arc_trailing_space"
                                 ? kDir + "/tasks/" + name + ".json"
                                 : std::string(IPT_SOURCE_DIR) + "/resources/tasks/" + name + ".json";
    TaskDefinition t = read_task(file);
    t.data = kDir + "/data/" + fs::path(t.data).filename().string();
    if (!t.fewshot_data.empty())
        t.fewshot_data = kDir + "/data/" + fs::path(t.fewshot_data).filename().string();
    t.num_fewshot = shots;
    return t;
}

// The harness's items in our item order: MMLU runs one harness task per subject; ours is one file.
std::vector<json> harness_items(const std::string& task, const json& g) {
    std::vector<json> out;
    if (task != "mmlu") {
        for (const auto& item : g["parts"][0]["items"]) out.push_back(item);
        return out;
    }
    std::map<std::string, std::vector<json>> by_subject;
    for (const auto& part : g["parts"]) {
        const std::string subject =
            part["harness_task"].get<std::string>().substr(std::string("ipt_mmlu_").size());
        for (const auto& item : part["items"]) by_subject[subject].push_back(item);
    }
    std::map<std::string, size_t> next;
    std::istringstream rows(read_text_file(kDir + "/data/mmlu.jsonl"));
    for (std::string line; std::getline(rows, line);) {
        if (line.empty()) continue;
        const std::string subject = json::parse(line)["subject"].get<std::string>();
        out.push_back(by_subject[subject].at(next[subject]++));
    }
    return out;
}

QString where(const std::string& task, int shots, int64_t item) {
    return QString("%1 %2-shot item %3").arg(QString::fromStdString(task)).arg(shots).arg(item);
}

}  // namespace

class TestCompatLmEval : public QObject {
    Q_OBJECT

    std::unique_ptr<Decoder> model_;
    std::unique_ptr<Tokenizer> tokenizer_;

    static void rows() {
        QTest::addColumn<QString>("task");
        QTest::addColumn<int>("shots");
        for (const auto& t : kTasks)
            for (int shots : {0, 2})
                QTest::newRow((t + "." + std::to_string(shots) + "shot").c_str())
                    << QString::fromStdString(t) << shots;
    }

  private slots:
    void initTestCase() {
        if (!fs::exists(kDir + "/goldens/arc_easy.0shot.json"))
            QSKIP("tests/compat/lm_eval/goldens are missing (scripts/compat --write lm_eval)");
        model_ = std::move(load_hf_model(kDir + "/model").model);
        tokenizer_ = load_tokenizer(kDir + "/model/tokenizer.model");
    }

    void prompts_data() { rows(); }
    // The requests the harness built, character for character.
    void prompts() {
        QFETCH(QString, task);
        QFETCH(int, shots);
        const std::string name = task.toStdString();
        const std::vector<json> want = harness_items(name, golden(name, shots));
        const std::vector<TaskItem> items = load_task_items(our_task(name, shots));
        QCOMPARE(items.size(), want.size());
        for (size_t i = 0; i < items.size(); ++i) {
            const TaskItem& item = items[i];
            const json& args = want[i]["arguments"];
            const TaskDefinition t = our_task(name, shots);
            for (size_t r = 0; r < args.size(); ++r) {
                const std::string ctx = args[r][0];
                const std::string& ours = t.partial() ? item.contexts[r] : item.contexts[0];
                QVERIFY2(ours == ctx,
                         qPrintable(where(name, shots, item.id) +
                                    QString(": context\n%1\n!= harness\n%2")
                                        .arg(QString::fromStdString(ours), QString::fromStdString(ctx))));
                if (args[r].size() < 2) continue;  // generation: the context alone
                const std::string cont = args[r][1];
                const std::string& our_cont = t.partial() ? item.continuations[0] : item.continuations[r];
                QVERIFY2(our_cont == cont, qPrintable(where(name, shots, item.id) + ": continuation '" +
                                                      QString::fromStdString(our_cont) + "' != '" +
                                                      QString::fromStdString(cont) + "'"));
            }
            if (t.type == "multiple_choice")
                QCOMPARE(item.continuations.size() * item.contexts.size(), args.size());
        }
    }

    void scores_data() { rows(); }
    // Token ids of the first item, every log-likelihood, every item's decision, and the metrics.
    void scores() {
        QFETCH(QString, task);
        QFETCH(int, shots);
        const std::string name = task.toStdString();
        const json g = golden(name, shots);
        const std::vector<json> want = harness_items(name, g);
        const TaskDefinition t = our_task(name, shots);
        const std::vector<TaskItem> items = load_task_items(t);
        LoglikelihoodScorer scorer(*model_, *tokenizer_);
        if (want[0].contains("token_ids")) {
            const json& ids = want[0]["token_ids"];
            for (size_t r = 0; r < ids.size(); ++r) {
                const std::string ctx = want[0]["arguments"][r][0], cont = want[0]["arguments"][r][1];
                const auto [c, k] = scorer.encode_pair(ctx, cont);
                QCOMPARE(std::vector<int64_t>(c.begin(), c.end()), ids[r][0].get<std::vector<int64_t>>());
                QCOMPARE(std::vector<int64_t>(k.begin(), k.end()), ids[r][1].get<std::vector<int64_t>>());
            }
        }
        EvalOptions options;
        options.log_samples = true;
        const TaskResult result = evaluate_task(*model_, *tokenizer_, t, options);
        QCOMPARE(result.sample_log.size(), want.size());
        for (size_t i = 0; i < want.size(); ++i) {
            const json ours = json::parse(result.sample_log[i]);
            const json& theirs = want[i];
            if (theirs.contains("loglikelihoods")) {
                const auto a = ours["loglikelihoods"].get<std::vector<double>>();
                const auto b = theirs["loglikelihoods"].get<std::vector<double>>();
                QCOMPARE(a.size(), b.size());
                for (size_t c = 0; c < a.size(); ++c)
                    // fp32 sums over long contexts: 1e-4, relative beyond 100.
                    QVERIFY2(std::abs(a[c] - b[c]) < 1e-4 * std::max(1.0, std::abs(b[c]) / 100),
                             qPrintable(where(name, shots, int64_t(i)) +
                                        QString(": ll %1 vs %2").arg(a[c]).arg(b[c])));
                for (const char* m : {"acc", "acc_norm", "acc_bytes"})
                    if (theirs.contains(m))
                        QVERIFY2(ours[m].get<double>() == theirs[m].get<double>(),
                                 qPrintable(where(name, shots, int64_t(i)) + ": " + m));
            } else {
                // The generated tokens (greedy, the task's budget, no stop), then the response: equal
                // unless it decodes byte pieces that are not valid UTF-8, which tokenizer libraries turn
                // into different replacement characters.
                const auto prompt = theirs["prompt_ids"].get<std::vector<int32_t>>();
                EncodeOptions bos;
                bos.add_bos = true;
                QCOMPARE(tokenizer_->encode(items[i].contexts[0], bos),
                         TokenIds(prompt.begin(), prompt.end()));
                GenerationOptions g;
                g.max_new_tokens = t.max_new_tokens;
                g.stop_at_eos = false;
                const TokenIds generated = Generator(*model_, tokenizer_.get())
                                               .generate({TokenIds(prompt.begin(), prompt.end())}, g)[0]
                                               .tokens;
                const auto want_ids = theirs["generated_ids"].get<std::vector<int32_t>>();
                QCOMPARE(generated, TokenIds(want_ids.begin(), want_ids.end()));
                bool bytes = false;
                for (int32_t id : generated) bytes = bytes || tokenizer_->is_byte(id);
                if (!bytes)
                    QCOMPARE(QString::fromStdString(ours["response"].get<std::string>()),
                             QString::fromStdString(theirs["response"].get<std::string>()));
                QCOMPARE(ours["exact_match"].get<double>(), theirs["exact_match"].get<double>());
            }
        }
        // Metrics and their standard errors (MMLU's parts are subjects: their size-weighted mean).
        std::map<std::string, double> value;
        double total = 0;
        for (const auto& part : g["parts"]) {
            const double n = double(part["items"].size());
            total += n;
            for (const auto& [k, v] : part["metrics"].items()) value[k] += v.get<double>() * n;
        }
        for (const auto& [k, v] : value) {
            const bool is_stderr = k.size() > 7 && k.compare(k.size() - 7, 7, "_stderr") == 0;
            const std::string metric = is_stderr ? k.substr(0, k.size() - 7) : k;
            QVERIFY2(result.metrics.count(metric), qPrintable(QString::fromStdString("no metric " + metric)));
            if (is_stderr && g["parts"].size() > 1) continue;  // a group's stderr pools its parts
            const MetricValue& m = result.metrics.at(metric);
            QVERIFY2(std::abs((is_stderr ? m.stderr_ : m.value) - v / total) < 1e-9,
                     qPrintable(QString::fromStdString(name + " " + k + ": ") +
                                QString::number(is_stderr ? m.stderr_ : m.value) + " vs " +
                                QString::number(v / total)));
        }
    }

    // The whitespace rule on its own: a context's trailing whitespace is scored with the continuation.
    void trailingWhitespaceMovesToTheContinuation() {
        QCOMPARE(move_trailing_space("Answer: ", "yes"),
                 std::make_pair(std::string("Answer:"), std::string(" yes")));
        QCOMPARE(move_trailing_space("Answer:\n\u00a0", "x"),
                 std::make_pair(std::string("Answer:"), std::string("\n\u00a0x")));
        QCOMPARE(move_trailing_space("Answer:", " x"),
                 std::make_pair(std::string("Answer:"), std::string(" x")));
    }
};

QTEST_APPLESS_MAIN(TestCompatLmEval)
#include "test_compat_lm_eval.moc"
