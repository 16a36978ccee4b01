// The workspace's run store: importing run directories and lm-eval results, tailing a live
// metrics.jsonl, the GUI's queries, CSV export, and the store surviving concurrent writers and a kill.
#include <QtCore/QElapsedTimer>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>

#include <cmath>
#include <fstream>

#include "ipt/runs/metrics_tailer.h"
#include "ipt/runs/results_file.h"
#include "ipt/runs/run_store.h"
#include "ipt/runs/table.h"
#include "test_support.h"

using namespace ipt;

namespace {

void write(const QString& path, const std::string& text) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    std::ofstream out(path.toStdString(), std::ios::binary | std::ios::trunc);
    out << text;
}

void append(const QString& path, const std::string& text) {
    std::ofstream out(path.toStdString(), std::ios::binary | std::ios::app);
    out << text;
}

std::string config_toml(int steps, const std::string& model_line = "preset = \"tiny\"") {
    return "[model]\n" + model_line +
           "\ntokenizer = \"tok.model\"\n\n[train]\nsteps = " + std::to_string(steps) + "\n";
}

std::string train_line(int step, double loss, double lr = 1e-3) {
    char text[256];
    std::snprintf(
        text, sizeof text,
        "{\"step\":%d,\"tokens\":%d,\"loss\":%.17g,\"lr\":%.17g,\"grad_norm\":0.5,\"tokens_per_s\":1000.0,"
        "\"elapsed\":%d.5}\n",
        step, step * 64, loss, lr, step);
    return text;
}

// A run directory with `steps` planned steps and training lines at `logged` steps (loss = 10 / step).
QString make_run(const QString& root, const QString& name, int steps, const std::vector<int>& logged,
                 const std::string& log_last = "finished") {
    const QString dir = root + "/" + name;
    write(dir + "/config.toml", config_toml(steps));
    std::string metrics;
    for (int step : logged) metrics += train_line(step, 10.0 / step);
    write(dir + "/metrics.jsonl", metrics);
    write(dir + "/log.txt", "started\n" + log_last + "\n");
    write(dir + "/checkpoints/latest", "step-0000010\n");
    return dir;
}

QByteArray run_cli(const QStringList& args, int* exit_code = nullptr) {
    const test::CliRun r = test::ipt_cli(args);
    if (exit_code) *exit_code = r.code;
    return (r.out + r.err).toUtf8();
}

const char* kV04Results = R"({
  "results": {
    "arc_easy": {"alias": "arc_easy", "acc,none": 0.625, "acc_stderr,none": 0.0125,
                 "acc_norm,none": 0.5, "acc_norm_stderr,none": 0.01},
    "piqa": {"alias": "piqa", "acc,none": 0.75, "acc_stderr,none": 0.02}
  },
  "n-shot": {"arc_easy": 0, "piqa": 5},
  "n-samples": {"arc_easy": {"original": 2376, "effective": 2376}, "piqa": {"original": 1838, "effective": 100}},
  "config": {"model": "hf", "model_args": "pretrained=models/base"},
  "versions": {"arc_easy": 1.0, "piqa": 1.0}
})";

// The older harness layout: no ",filter", "N/A" stderr, a bare NaN, shots in config.num_fewshot.
const char* kOldResults = R"({
  "results": {
    "arc_easy": {"acc": 0.5, "acc_stderr": "N/A", "acc_norm": NaN, "acc_norm_stderr": NaN},
    "piqa": {"acc": 0.7, "acc_stderr": 0.03}
  },
  "config": {"model": "hf-causal", "num_fewshot": 3},
  "versions": {"arc_easy": 0, "piqa": 0}
})";

}  // namespace

class TestRunStore : public QObject {
    Q_OBJECT

  private slots:
    void import_and_query_back() {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/runs/alpha";
        write(dir + "/config.toml", config_toml(30, "from = \"models/base\""));
        write(dir + "/metrics.jsonl", train_line(10, 3.0, 1e-3) + train_line(20, 2.5, 5e-4) +
                                          "{\"step\":20,\"tokens\":1280,\"val_loss\":2.75}\n"
                                          "{\"step\":30,\"tokens\":1920,\"loss\":null,\"lr\":1e-4,\"grad_"
                                          "norm\":null,\"tokens_per_s\":10,"
                                          "\"elapsed\":3}\n"
                                          "{\"step\":30,\"tokens\":1920,\"val_loss\":2.25}\n");
        write(dir + "/log.txt", "step 30: validation loss 2.25\nfinished: 30 steps, 1920 tokens\n");
        RunStore store((tmp.path() + "/ws").toStdString());
        const RunInfo run = store.import_run(dir.toStdString());
        QCOMPARE(QString::fromStdString(run.name), QString("alpha"));
        QCOMPARE(QString(to_string(run.kind)), QString("train"));
        QCOMPARE(QString(to_string(run.status)), QString("finished"));
        QCOMPARE(QString::fromStdString(run.parent_model), QString("models/base"));
        QVERIFY(run.config.find("steps = 30") != std::string::npos);
        QVERIFY(!run.started_at.empty() && !run.ended_at.empty());
        // 3 training lines x 6 values + 2 validation lines x 1 (their "tokens" repeat the step's) = 20
        QCOMPARE(run.metric_rows, int64_t(20));

        const MetricSummary loss = store.summarize_metric("alpha", "loss");
        QCOMPARE(loss.count, int64_t(2));  // the null at step 30 is not a value
        QCOMPARE(*loss.last, 2.5);
        QCOMPARE(*loss.best, 2.5);
        QCOMPARE(*loss.best_step, int64_t(20));
        QCOMPARE(*loss.max, 3.0);
        const MetricSummary val = store.summarize_metric("alpha", "val_loss");
        QCOMPARE(*val.best, 2.25);
        QCOMPARE(*val.last_step, int64_t(30));
        const AlignedMetric lr = store.aligned_metric({"alpha"}, "lr");
        QCOMPARE(lr.rows.size(), size_t(3));
        QCOMPARE(*lr.rows[1].values[0], 5e-4);
        const AlignedMetric loss_rows = store.aligned_metric({"alpha"}, "loss");
        QVERIFY(!loss_rows.rows[2].values[0].has_value());  // null stays missing

        // Re-import is idempotent: same id, same rows.
        const RunInfo again = store.import_run(dir.toStdString());
        QCOMPARE(again.id, run.id);
        QCOMPARE(again.metric_rows, run.metric_rows);
        QCOMPARE(store.list_runs().size(), size_t(1));

        // A second run, aligned with the first by step; filters.
        make_run(tmp.path() + "/runs", "beta-long", 100, {10, 15, 20},
                 "step 20: stopped at step 20 on request");
        const RunInfo beta = store.import_run((tmp.path() + "/runs/beta-long/").toStdString());
        QCOMPARE(QString::fromStdString(beta.name), QString("beta-long"));
        QCOMPARE(QString(to_string(beta.status)), QString("stopped"));
        QCOMPARE(QString::fromStdString(beta.parent_model), QString("tiny"));
        const AlignedMetric both = store.aligned_metric({"alpha", "beta-long"}, "loss");
        QCOMPARE(both.rows.size(), size_t(4));  // steps 10, 15, 20, 30
        QCOMPARE(both.rows[1].step, int64_t(15));
        QVERIFY(!both.rows[1].values[0].has_value());
        QCOMPARE(*both.rows[1].values[1], 10.0 / 15);
        QCOMPARE(*both.rows[0].values[0], 3.0);
        QCOMPARE(store.list_runs(RunFilter{std::nullopt, RunStatus::stopped, ""}).size(), size_t(1));
        QCOMPARE(store.list_runs(RunFilter{std::nullopt, std::nullopt, "long"}).front().name,
                 std::string("beta-long"));
        QCOMPARE(store.list_runs(RunFilter{RunKind::eval, std::nullopt, ""}).size(), size_t(0));
        IPT_VERIFY_ERROR_CONTAINS(store.run("gamma"), "gamma");
    }

    void malformed_metrics_line_names_file_and_line() {
        QTemporaryDir tmp;
        const QString dir = make_run(tmp.path(), "bad", 30, {10});
        append(dir + "/metrics.jsonl", "{\"step\": 20, \"loss\": oops}\n" + train_line(30, 1.0));
        RunStore store((tmp.path() + "/ws").toStdString());
        IPT_VERIFY_ERROR_CONTAINS(store.import_run(dir.toStdString()), "metrics.jsonl:2", "malformed JSON");
        QVERIFY(!store.find_run("bad"));

        // Asked to collect problems, the store indexes the lines around the bad one and names it.
        std::vector<std::string> problems;
        const RunInfo run = store.import_run(dir.toStdString(), "", &problems);
        QCOMPARE(problems.size(), size_t(1));
        QVERIFY2(problems[0].find("metrics.jsonl:2") != std::string::npos, problems[0].c_str());
        QCOMPARE(store.summarize_metric("bad", "loss").count, int64_t(2));  // steps 10 and 30
        QCOMPARE(*store.summarize_metric("bad", "loss").last, 1.0);
        QCOMPARE(QString(to_string(run.status)), QString("finished"));  // step 30 of 30 was logged
    }

    void partial_last_line_is_picked_up_once_complete() {
        QTemporaryDir tmp;
        const QString dir = make_run(tmp.path(), "live", 30, {10, 20}, "step 20");
        const std::string third = train_line(30, 0.25);
        append(dir + "/metrics.jsonl", third.substr(0, 20));  // the trainer is mid-write
        RunStore store((tmp.path() + "/ws").toStdString());
        RunInfo run = store.import_run(dir.toStdString());
        QCOMPARE(QString(to_string(run.status)), QString("running"));
        QCOMPARE(store.summarize_metric("live", "loss").count, int64_t(2));

        MetricsTailer tailer(dir.toStdString());
        MetricsTailer::Poll p = tailer.poll();
        QCOMPARE(p.records.size(), size_t(2));
        QVERIFY(!p.finished);
        QVERIFY(tailer.poll().records.empty());  // nothing new, the partial line stays pending

        append(dir + "/metrics.jsonl", third.substr(20));
        p = tailer.poll();
        QCOMPARE(p.records.size(), size_t(1));
        QCOMPARE(p.records[0].step, int64_t(30));
        QCOMPARE(p.records[0].line, uint64_t(3));
        QVERIFY(p.finished);
        QCOMPARE(QString(to_string(p.status)), QString("finished"));

        // The store reads only the new line, from the offset it kept.
        QCOMPARE(store.update_run("live"), int64_t(1));
        QCOMPARE(store.update_run("live"), int64_t(0));
        run = store.run("live");
        QCOMPARE(QString(to_string(run.status)), QString("finished"));
        QCOMPARE(*store.summarize_metric("live", "loss").last, 0.25);
        QCOMPARE(store.summarize_metric("live", "loss").count, int64_t(3));
    }

    void replaced_or_truncated_file_starts_over() {
        QTemporaryDir tmp;
        const QString dir = make_run(tmp.path(), "resumed", 100, {10, 20, 30}, "step 30");
        RunStore store((tmp.path() + "/ws").toStdString());
        store.import_run(dir.toStdString());
        MetricsTailer tailer(dir.toStdString());
        QCOMPARE(tailer.poll().records.size(), size_t(3));

        // Replaced by a new file (another inode) with different history: a resume from step 10.
        write(dir + "/metrics.new", train_line(10, 5.0) + train_line(20, 4.0));
        QVERIFY(QFile::remove(dir + "/metrics.jsonl"));
        QVERIFY(QFile::rename(dir + "/metrics.new", dir + "/metrics.jsonl"));
        MetricsTailer::Poll p = tailer.poll();
        QVERIFY(p.restarted);
        QCOMPARE(p.records.size(), size_t(2));
        QCOMPARE(p.records[0].line, uint64_t(1));
        QCOMPARE(store.update_run("resumed"), int64_t(2));
        const AlignedMetric loss = store.aligned_metric({"resumed"}, "loss");
        QCOMPARE(loss.rows.size(), size_t(2));  // step 30 of the old file is gone
        QCOMPARE(*loss.rows[1].values[0], 4.0);

        // Truncated in place (same inode, smaller than the offset).
        { std::ofstream trunc((dir + "/metrics.jsonl").toStdString(), std::ios::trunc); }
        append(dir + "/metrics.jsonl", train_line(10, 6.0));
        p = tailer.poll();
        QVERIFY(p.restarted);
        QCOMPARE(p.records.size(), size_t(1));
        QCOMPARE(store.update_run("resumed"), int64_t(1));
        QCOMPARE(*store.summarize_metric("resumed", "loss").last, 6.0);
        QCOMPARE(store.summarize_metric("resumed", "loss").count, int64_t(1));
    }

    void lm_eval_results_both_layouts() {
        QTemporaryDir tmp;
        write(tmp.path() + "/new.json", kV04Results);
        write(tmp.path() + "/old.json", kOldResults);
        RunStore store((tmp.path() + "/ws").toStdString());
        const RunInfo run = store.import_results((tmp.path() + "/new.json").toStdString(), "base-eval");
        QCOMPARE(QString(to_string(run.kind)), QString("eval"));
        QCOMPARE(run.result_rows, int64_t(3));
        const std::vector<ResultRow> rows = store.results("base-eval");
        QCOMPARE(rows[0].task + "/" + rows[0].metric, std::string("arc_easy/acc"));
        QCOMPARE(*rows[0].value, 0.625);
        QCOMPARE(*rows[0].stderr_, 0.0125);
        QCOMPARE(*rows[0].n_shot, int64_t(0));
        QCOMPARE(*rows[0].samples, int64_t(2376));
        QCOMPARE(rows[1].metric, std::string("acc_norm"));
        QCOMPARE(*rows[2].n_shot, int64_t(5));
        QCOMPARE(*rows[2].samples, int64_t(100));

        store.import_results((tmp.path() + "/old.json").toStdString(), "old-eval");
        const std::vector<ResultRow> old = store.results("old-eval");
        QCOMPARE(old.size(), size_t(3));
        QCOMPARE(*old[0].value, 0.5);
        QVERIFY(!old[0].stderr_.has_value());  // "N/A"
        QVERIFY(!old[1].value.has_value());    // NaN
        QCOMPARE(*old[2].stderr_, 0.03);
        QCOMPARE(*old[2].n_shot, int64_t(3));

        // Results can be filed under a training run too; re-import replaces rather than duplicates.
        make_run(tmp.path(), "trained", 10, {10});
        store.import_run((tmp.path() + "/trained").toStdString());
        store.import_results((tmp.path() + "/new.json").toStdString(), "trained");
        store.import_results((tmp.path() + "/new.json").toStdString(), "trained");
        const RunInfo trained = store.run("trained");
        QCOMPARE(QString(to_string(trained.kind)), QString("train"));
        QCOMPARE(trained.result_rows, int64_t(3));
        // NaN inside a string is text, not a token to replace.
        QCOMPARE(replace_nonfinite_tokens("{\"a\": \"NaN\", \"b\": NaN, \"c\": -Infinity}"),
                 std::string("{\"a\": \"NaN\", \"b\": null, \"c\": null}"));
    }

    void malformed_results_name_file_and_key() {
        QTemporaryDir tmp;
        RunStore store((tmp.path() + "/ws").toStdString());
        const QString none = tmp.path() + "/no-results.json";
        write(none, R"({"config": {}, "versions": {}})");
        IPT_VERIFY_ERROR_CONTAINS(store.import_results(none.toStdString(), "x"), "no-results.json",
                                  "'results'");
        const QString missing = tmp.path() + "/missing-task.json";
        write(missing,
              R"({"results": {"piqa": {"acc,none": 0.5}}, "n-samples": {"hellaswag": {"original": 1}}})");
        IPT_VERIFY_ERROR_CONTAINS(store.import_results(missing.toStdString(), "x"), "missing-task.json",
                                  "results.hellaswag");
        const QString list = tmp.path() + "/list.json";
        write(list, R"({"results": [0.5, 0.6]})");
        IPT_VERIFY_ERROR_CONTAINS(store.import_results(list.toStdString(), "x"), "list.json",
                                  "unknown layout");
        const QString scalar = tmp.path() + "/scalar.json";
        write(scalar, R"({"results": {"piqa": 0.5}})");
        IPT_VERIFY_ERROR_CONTAINS(store.import_results(scalar.toStdString(), "x"), "scalar.json",
                                  "results.piqa");
        const QString broken = tmp.path() + "/broken.json";
        write(broken, R"({"results": {"piqa": )");
        IPT_VERIFY_ERROR_CONTAINS(store.import_results(broken.toStdString(), "x"), "broken.json", "not JSON");
        QVERIFY(store.list_runs().empty());  // nothing half-imported
    }

    void cli_synth_rules_files_a_synth_run() {
        QTemporaryDir tmp;
        const QString ws = tmp.path() + "/ws", pairs = tmp.path() + "/pairs.jsonl";
        write(tmp.path() + "/raw.jsonl",
              "{\"id\": 1, \"text\": \"It rained all night. Therefore the river rose.\"}\n"
              "{\"id\": 2, \"text\": \"\"}\n");
        int rc = -1;
        const QByteArray out = run_cli({"synth", "rules", "--input", tmp.path() + "/raw.jsonl", "--out",
                                        pairs, "--workspace", ws, "--name", "rules-1", "--quiet"},
                                       &rc);
        QVERIFY2(rc == 0 && out.contains("rules-1"), out.constData());
        // The figures are the pairs file's own counts, read here from the file.
        double pair_count = 0;
        for (const QByteArray& line : test::file_bytes(pairs).split('\n'))
            if (!line.isEmpty())
                pair_count += QJsonDocument::fromJson(line).object()["pairs"].toArray().size();
        RunStore store(ws.toStdString());
        const RunInfo run = store.run("rules-1");
        QCOMPARE(QString(to_string(run.kind)), QString("synth"));
        QCOMPARE(QFileInfo(QString::fromStdString(run.directory)).canonicalFilePath(),
                 QFileInfo(pairs).canonicalFilePath());
        QCOMPARE(*store.summarize_metric("rules-1", "texts").last, 2.0);
        QCOMPARE(*store.summarize_metric("rules-1", "pairs").last, pair_count);
        QVERIFY(pair_count > 0);
    }

    void recorded_synth_and_vocab_runs() {
        QTemporaryDir tmp;
        RunStore store(tmp.path().toStdString());
        RunInfo synth;
        synth.name = "rules-demo";
        synth.kind = RunKind::synth;
        synth.status = RunStatus::finished;
        synth.directory = "/data/pairs";
        synth.started_at = "2026-01-01T00:00:00Z";
        store.record_run(synth, {{"texts", 12}, {"pairs", 30}, {"pairs_per_text", 2.5}});
        RunInfo vocab = synth;
        vocab.name = "sw-k100";
        vocab.kind = RunKind::vocab;
        vocab.parent_model = "models/base";
        store.record_run(vocab, {{"length_reduction_percent", std::nan("")}});

        const auto synths = store.list_runs(RunFilter{RunKind::synth, std::nullopt, ""});
        QCOMPARE(synths.size(), size_t(1));
        QCOMPARE(QString::fromStdString(synths[0].directory), QString("/data/pairs"));
        const MetricSummary pairs = store.summarize_metric("rules-demo", "pairs_per_text");
        QCOMPARE(*pairs.last, 2.5);
        QCOMPARE(store.summarize_metric("sw-k100", "length_reduction_percent").count,
                 int64_t(0));  // NaN: null

        // Recording again replaces the figures; results filed under the run stay.
        write(tmp.path() + "/r.json", kV04Results);
        store.import_results((tmp.path() + "/r.json").toStdString(), "rules-demo");
        synth.status = RunStatus::stopped;
        store.record_run(synth, {{"texts", 5}});
        QCOMPARE(QString(to_string(store.run("rules-demo").status)), QString("stopped"));
        QCOMPARE(store.metric_names("rules-demo"), std::vector<std::string>{"texts"});
        QCOMPARE(store.results("rules-demo").size(), size_t(3));

        // Every kind and status of the name table is one the runs table accepts.
        for (RunKind kind : all_run_kinds())
            for (RunStatus status : all_run_statuses()) {
                RunInfo each = synth;
                each.name = std::string("each-") + to_string(kind) + "-" + to_string(status);
                each.kind = kind;
                each.status = status;
                const RunInfo stored = store.record_run(each);
                QCOMPARE(QString(to_string(stored.kind)), QString(to_string(kind)));
                QCOMPARE(QString(to_string(stored.status)), QString(to_string(status)));
            }
    }

    void schema_version_and_migrations_run_once() {
        QTemporaryDir tmp;
        {
            RunStore store(tmp.path().toStdString());
            QCOMPARE(store.schema_version(), 1);
            QCOMPARE(RunStore::latest_schema_version(), 1);
            QCOMPARE(store.migrations_applied(), 1);
        }
        RunStore reopened(tmp.path().toStdString());
        QCOMPARE(reopened.migrations_applied(), 0);
        QCOMPARE(reopened.schema_version(), 1);
        QCOMPARE(QString::fromStdString(reopened.integrity_check()), QString("ok"));
        QVERIFY(QFileInfo::exists(tmp.path() + "/workspace.db"));
    }

    void results_table_with_baseline_deltas() {
        QTemporaryDir tmp;
        write(
            tmp.path() + "/base.json",
            R"({"results": {"arc": {"acc,none": 0.50}, "piqa": {"acc,none": 0.70}, "boolq": {"acc,none": 0.60}}})");
        write(tmp.path() + "/tuned.json",
              R"({"results": {"arc": {"acc,none": 0.625}, "piqa": {"acc,none": 0.65}}})");
        RunStore store((tmp.path() + "/ws").toStdString());
        store.import_results((tmp.path() + "/base.json").toStdString(), "base");
        store.import_results((tmp.path() + "/tuned.json").toStdString(), "tuned");
        const ResultsTable t = store.results_table({"tuned"}, "acc", "base");
        QCOMPARE(t.runs, (std::vector<std::string>{"base", "tuned"}));  // the baseline joins, first
        QCOMPARE(t.tasks, (std::vector<std::string>{"arc", "boolq", "piqa"}));
        QCOMPARE(*t.deltas[1][0], 0.625 - 0.50);
        QVERIFY(!t.deltas[1][1].has_value());  // tuned has no boolq
        QVERIFY(std::abs(*t.deltas[1][2] - (0.65 - 0.70)) < 1e-12);
        QCOMPARE(*t.deltas[0][0], 0.0);
        const TextTable text = to_table(t);
        QCOMPARE(text.header, (std::vector<std::string>{"run", "arc", "arc delta", "boolq", "boolq delta",
                                                        "piqa", "piqa delta"}));
        QCOMPARE(text.rows[1][2], std::string("+0.125"));
        QCOMPARE(text.rows[1][6], std::string("-0.05"));
        // No runs named: every run with the metric.
        QCOMPARE(store.results_table({}, "acc").runs.size(), size_t(2));
        IPT_VERIFY_ERROR_CONTAINS(store.results_table(std::vector<std::string>(), "acc", "nobody"), "nobody");
    }

    void csv_quoting_and_atomic_write() {
        TextTable t;
        t.header = {"name", "note"};
        t.rows = {{"a,b", "say \"hi\""}, {"multi\nline", "plain"}, {"", "x"}};
        const std::string csv = to_csv(t);
        QCOMPARE(csv,
                 std::string("name,note\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",plain\r\n,x\r\n"));
        QTemporaryDir tmp;
        const QString file = tmp.path() + "/out.csv";
        write_csv(file.toStdString(), t);
        QCOMPARE(test::file_bytes(file).toStdString(), csv);
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files).size(), 1);  // no temporary left behind
        // Python's csv module reads back the same cells.
        const QByteArray parsed = test::run_python(
            "import csv,sys,json; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='')))))",
            {file});
        QCOMPARE(parsed.trimmed(), QByteArray("[[\"name\", \"note\"], [\"a,b\", \"say \\\"hi\\\"\"], "
                                              "[\"multi\\nline\", \"plain\"], [\"\", \"x\"]]"));
    }

    void cli_import_list_show_compare_export() {
        QTemporaryDir tmp;
        const QString ws = tmp.path() + "/ws";
        const QString a = make_run(tmp.path(), "run-a", 20, {10, 20});
        const QString b = make_run(tmp.path(), "run-b", 40, {10, 20}, "step 20");
        write(tmp.path() + "/eval.json", kV04Results);
        int rc = -1;
        QByteArray out = run_cli({"runs", "import", a, b, "--workspace", ws}, &rc);
        QVERIFY2(rc == 0, out.constData());
        out = run_cli(
            {"runs", "import", "--results", tmp.path() + "/eval.json", "--name", "run-a", "--workspace", ws},
            &rc);
        QVERIFY2(rc == 0, out.constData());
        out = run_cli({"runs", "list", "--workspace", ws, "--status", "finished"}, &rc);
        QVERIFY2(rc == 0 && out.contains("run-a") && !out.contains("run-b"), out.constData());
        out = run_cli({"runs", "show", "run-a", "--workspace", ws}, &rc);
        QVERIFY2(rc == 0 && out.contains("finished") && out.contains("arc_easy") && out.contains("0.625") &&
                     out.contains("steps = 20"),
                 out.constData());
        out = run_cli({"runs", "compare", "run-a", "run-b", "--metric", "loss", "--workspace", ws}, &rc);
        QVERIFY2(rc == 0 && out.contains("step") && out.contains("run-b") && out.contains("0.5"),
                 out.constData());
        out = run_cli({"runs", "compare", "--results", "--metric", "acc", "--workspace", ws}, &rc);
        QVERIFY2(rc == 0 && out.contains("piqa") && out.contains("0.75"), out.constData());
        const QString csv = tmp.path() + "/loss.csv";
        out = run_cli(
            {"runs", "export", "run-a", "run-b", "--metric", "loss", "--csv", csv, "--workspace", ws}, &rc);
        QVERIFY2(rc == 0, out.constData());
        QCOMPARE(test::file_bytes(csv), QByteArray("step,run-a,run-b\r\n10,1,1\r\n20,0.5,0.5\r\n"));
        out = run_cli({"runs", "show", "nope", "--workspace", ws}, &rc);
        QVERIFY2(rc != 0 && out.contains("nope"), out.constData());
    }

    // (a) Two processes import many runs into the same new workspace at once: no lost rows, sound file.
    void fault_two_writers_at_once() {
        QTemporaryDir tmp;
        const QString ws = tmp.path() + "/ws";
        QStringList first{"runs", "import", "--workspace", ws}, second = first;
        std::vector<int> steps;
        for (int s = 1; s <= 200; ++s) steps.push_back(s);
        constexpr int kRunsEach = 25;
        for (int i = 0; i < kRunsEach; ++i) {
            first << make_run(tmp.path() + "/a", QString("a%1").arg(i), 200, steps);
            second << make_run(tmp.path() + "/b", QString("b%1").arg(i), 200, steps);
        }
        QProcess p1, p2;
        p1.setProcessChannelMode(QProcess::MergedChannels);
        p2.setProcessChannelMode(QProcess::MergedChannels);
        p1.start(IPT_CLI, first);
        p2.start(IPT_CLI, second);
        QVERIFY(p1.waitForFinished(300000) && p2.waitForFinished(300000));
        QVERIFY2(p1.exitCode() == 0, p1.readAll().constData());
        QVERIFY2(p2.exitCode() == 0, p2.readAll().constData());
        RunStore store(ws.toStdString());
        QCOMPARE(QString::fromStdString(store.integrity_check()), QString("ok"));
        const std::vector<RunInfo> runs = store.list_runs();
        QCOMPARE(runs.size(), size_t(2 * kRunsEach));
        for (const RunInfo& r : runs) QCOMPARE(r.metric_rows, int64_t(200 * 6));
    }

    // (b) A process killed in the middle of a large import: the store stays sound and the run is either
    // absent or complete; importing again succeeds.
    void fault_killed_during_import() {
        QTemporaryDir tmp;
        const QString ws = tmp.path() + "/ws";
        const QString dir = tmp.path() + "/big";
        constexpr int kLines = 200000;
        write(dir + "/config.toml", config_toml(kLines));
        {
            std::ofstream out((dir + "/metrics.jsonl").toStdString(), std::ios::binary);
            for (int s = 1; s <= kLines; ++s) out << train_line(s, 1.0 + 1.0 / s);
        }
        write(dir + "/log.txt", "finished\n");
        { RunStore create(ws.toStdString()); }  // the schema exists before the kill

        QProcess p;
        p.start(IPT_CLI, {"runs", "import", dir, "--workspace", ws});
        QVERIFY(p.waitForStarted());
        // Kill once the transaction has started spilling pages into the WAL (or after a while).
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 60000 && p.state() == QProcess::Running &&
               QFileInfo(ws + "/workspace.db-wal").size() < 4 * 1024 * 1024)
            QThread::msleep(5);
        const bool killed_mid_way = p.state() == QProcess::Running;
        p.kill();  // SIGKILL
        p.waitForFinished();
        if (!killed_mid_way)
            qWarning("the import finished before it could be killed; checking the result only");

        {
            RunStore store(ws.toStdString());
            QCOMPARE(QString::fromStdString(store.integrity_check()), QString("ok"));
            if (const auto run = store.find_run("big")) QCOMPARE(run->metric_rows, int64_t(kLines) * 6);
            if (killed_mid_way) QVERIFY(!store.find_run("big"));
        }
        int rc = -1;
        const QByteArray out = run_cli({"runs", "import", dir, "--workspace", ws}, &rc);
        QVERIFY2(rc == 0, out.constData());
        RunStore store(ws.toStdString());
        const RunInfo run = store.run("big");
        QCOMPARE(run.metric_rows, int64_t(kLines) * 6);
        QCOMPARE(QString(to_string(run.status)), QString("finished"));
        QCOMPARE(QString::fromStdString(store.integrity_check()), QString("ok"));
    }
};

QTEST_GUILESS_MAIN(TestRunStore)
#include "test_run_store.moc"
