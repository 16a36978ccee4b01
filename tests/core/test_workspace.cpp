// The workspace's rules: opening never creates, run names, where runs go, discovery of run directories,
// pairs files and expansions, change signatures, and filing finished jobs with their real start time.
// Expected values are written out by hand from the files each test makes.
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "ipt/runs/workspace.h"
#include "test_support.h"

using namespace ipt;
namespace fs = std::filesystem;
using Clock = std::chrono::system_clock;

namespace {

void write(const QString& path, const std::string& text) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    std::ofstream out(path.toStdString(), std::ios::binary | std::ios::trunc);
    out << text;
}

void make_run_dir(const QString& dir, int steps = 10) {
    write(dir + "/config.toml",
          "[model]\npreset = \"tiny\"\n\n[train]\nsteps = " + std::to_string(steps) + "\n");
    write(dir + "/metrics.jsonl", "{\"step\":10,\"tokens\":640,\"loss\":2.5}\n");
    write(dir + "/log.txt", "started\nfinished\n");
}

void set_mtime(const QString& path, const QDateTime& when) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(when, QFileDevice::FileModificationTime));
}

QStringList names(const std::vector<fs::path>& paths, const QString& root) {
    QStringList out;
    for (const fs::path& p : paths) out << QDir(root).relativeFilePath(QString::fromStdString(p.string()));
    return out;
}

}  // namespace

class TestWorkspace : public QObject {
    Q_OBJECT

  private slots:
    void open_never_creates() {
        QTemporaryDir tmp;
        const QString plain = tmp.path() + "/plain";
        QDir().mkpath(plain);
        QVERIFY(!Workspace::exists(plain.toStdString()));
        IPT_VERIFY_ERROR_CONTAINS(Workspace::open(plain.toStdString()), "plain", "not a workspace",
                                  "workspace.db");
        QVERIFY(QDir(plain).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());
        const QString typo = tmp.path() + "/typo";
        IPT_VERIFY_ERROR_CONTAINS(Workspace::open(typo.toStdString()), "typo", "no such folder");
        QVERIFY(!QFileInfo::exists(typo));

        const auto created = Workspace::create((tmp.path() + "/new/ws").toStdString());
        QVERIFY(QFileInfo::exists(tmp.path() + "/new/ws/workspace.db"));
        QVERIFY(Workspace::exists((tmp.path() + "/new/ws").toStdString()));
        const auto opened = Workspace::open((tmp.path() + "/new/ws/").toStdString());
        QCOMPARE(QString::fromStdString(opened->root().string()), tmp.path() + "/new/ws");
    }

    void run_names() {
        QCOMPARE(QString::fromStdString(Workspace::run_name_problem("mean-init_v2.1")), QString());
        for (const char* bad : {"", "a b", "../up", "x/y", ".hidden", "-flag", "naïve"})
            QVERIFY2(!Workspace::run_name_problem(bad).empty(), bad);
        QVERIFY(Workspace::run_name_problem(std::string(100, 'a')).empty());
        QVERIFY(!Workspace::run_name_problem(std::string(101, 'a')).empty());
        QVERIFY(Workspace::run_name_problem("a b").find("letters, digits") != std::string::npos);
        const QString name = QString::fromStdString(Workspace::default_run_name(Clock::now()));
        QVERIFY2(QRegularExpression("^run-\\d{8}-\\d{6}$").match(name).hasMatch(), qPrintable(name));
        QVERIFY(Workspace::run_name_problem(name.toStdString()).empty());
        QCOMPARE(QString::fromStdString(utc_timestamp(Clock::time_point{})), QString("1970-01-01T00:00:00Z"));
        QCOMPARE(QString::fromStdString(utc_timestamp(Clock::time_point{} + std::chrono::hours(24 * 365 + 1) +
                                                      std::chrono::seconds(62))),
                 QString("1971-01-01T01:01:02Z"));
    }

    void names_are_taken_by_runs_and_folders() {
        QTemporaryDir tmp;
        const auto ws = Workspace::create(tmp.path().toStdString());
        RunInfo synth;
        synth.name = "base";
        synth.kind = RunKind::synth;
        synth.status = RunStatus::finished;
        ws->store().record_run(synth);
        QDir().mkpath(tmp.path() + "/runs/base-2");  // a folder nobody indexed still takes its name
        QVERIFY(ws->is_name_taken("base"));
        QVERIFY(ws->is_name_taken("base-2"));
        QVERIFY(!ws->is_name_taken("base-3"));
        QCOMPARE(QString::fromStdString(ws->unique_run_name("base")), QString("base-3"));
        QCOMPARE(QString::fromStdString(ws->unique_run_name("fresh")), QString("fresh"));
        QCOMPARE(QString::fromStdString(ws->unique_run_name("")), QString("run"));
        IPT_VERIFY_ERROR_CONTAINS(ws->new_run_directory("base"), "'base' already exists");
        IPT_VERIFY_ERROR_CONTAINS(ws->new_run_directory("a/b"), "letters, digits");
        QCOMPARE(QString::fromStdString(ws->new_run_directory("next").string()), tmp.path() + "/runs/next");
        QVERIFY(!QFileInfo::exists(tmp.path() + "/runs/next"));  // found, not made
    }

    void discovers_and_indexes_run_directories() {
        QTemporaryDir tmp;
        const auto ws = Workspace::create(tmp.path().toStdString());
        make_run_dir(tmp.path() + "/runs/alpha");
        make_run_dir(tmp.path() + "/runs/beta");
        QDir().mkpath(tmp.path() + "/runs/empty");                           // no config.toml: not a run
        write(tmp.path() + "/runs/broken/config.toml", "[train\nsteps = ");  // half-copied
        QCOMPARE(names(ws->run_directories(), tmp.path()),
                 QStringList({"runs/alpha", "runs/beta", "runs/broken"}));
        RunInfo clash;
        clash.name = "beta";
        clash.kind = RunKind::vocab;
        ws->store().record_run(clash);

        const std::string before = ws->runs_signature();
        std::vector<std::string> problems;
        const std::vector<std::string> added = ws->index_new_run_directories(&problems);
        QCOMPARE(added, (std::vector<std::string>{"alpha", "runs/beta"}));
        QCOMPARE(problems.size(), size_t(1));
        QVERIFY2(problems[0].find("broken/config.toml") != std::string::npos, problems[0].c_str());
        QCOMPARE(QString(to_string(ws->store().run("runs/beta").kind)), QString("train"));
        QCOMPARE(QString(to_string(ws->store().run("beta").kind)), QString("vocab"));
        // Known by directory now: nothing is added twice.
        QVERIFY(ws->index_new_run_directories().empty());
        QVERIFY(ws->runs_signature() != before);  // the index changed
        const std::string indexed = ws->runs_signature();
        QCOMPARE(ws->runs_signature(), indexed);
        QDir().mkpath(tmp.path() + "/runs/gamma");
        QVERIFY(ws->runs_signature() != indexed);  // a new folder
    }

    void finds_pairs_files_newest_first_and_expansions() {
        QTemporaryDir tmp;
        const auto ws = Workspace::create(tmp.path().toStdString());
        const QString pairs = tmp.path() + "/pairs";
        write(pairs + "/old.jsonl", "{}\n");
        write(pairs + "/new.jsonl", "{}\n");
        write(pairs + "/new.jsonl.flags.json", "[]\n");
        write(pairs + "/notes.txt", "x\n");
        const QDateTime now = QDateTime::currentDateTime();
        set_mtime(pairs + "/old.jsonl", now.addSecs(-3600));
        set_mtime(pairs + "/new.jsonl", now.addSecs(-60));
        QCOMPARE(names(ws->pairs_files(), tmp.path()), QStringList({"pairs/new.jsonl", "pairs/old.jsonl"}));
        set_mtime(pairs + "/old.jsonl", now);
        QCOMPARE(names(ws->pairs_files(), tmp.path()), QStringList({"pairs/old.jsonl", "pairs/new.jsonl"}));

        write(tmp.path() + "/expansions/sw/expansion.json", "{}");
        write(tmp.path() + "/a/b/c/expansion.json", "{}");    // three folders down: found
        write(tmp.path() + "/a/b/c/d/expansion.json", "{}");  // four: too deep
        QCOMPARE(names(ws->expansions(), tmp.path()), QStringList({"a/b/c", "expansions/sw"}));
        const std::string before = ws->expansions_signature();
        write(tmp.path() + "/expansions/sw/report.json", "{}");
        QVERIFY(ws->expansions_signature() != before);
    }

    void records_jobs_with_their_start_time() {
        QTemporaryDir tmp;
        const auto ws = Workspace::create((tmp.path() + "/ws").toStdString());
        write(tmp.path() + "/out/demo.jsonl", "{}\n");
        const Clock::time_point start = Clock::time_point{} + std::chrono::seconds(1767225600);  // 2026-01-01
        Workspace::FinishedJob job;
        job.kind = RunKind::synth;
        job.status = RunStatus::stopped;
        job.output = (tmp.path() + "/out/demo.jsonl").toStdString();
        job.started = start;
        job.ended = start + std::chrono::minutes(90);
        job.summary.figures = {{"texts", 12}};
        RunInfo run = ws->record_job(job);
        QCOMPARE(QString::fromStdString(run.name), QString("demo"));  // the file's name without extension
        QCOMPARE(QString::fromStdString(run.started_at), QString("2026-01-01T00:00:00Z"));
        QCOMPARE(QString::fromStdString(run.ended_at), QString("2026-01-01T01:30:00Z"));
        QCOMPARE(QString(to_string(run.status)), QString("stopped"));
        QCOMPARE(*ws->store().summarize_metric("demo", "texts").last, 12.0);

        // Continued later: the run started when its first part did.
        job.status = RunStatus::finished;
        job.started = start + std::chrono::hours(5);
        job.ended = start + std::chrono::hours(6);
        run = ws->record_job(job);
        QCOMPARE(QString::fromStdString(run.started_at), QString("2026-01-01T00:00:00Z"));
        QCOMPARE(QString::fromStdString(run.ended_at), QString("2026-01-01T06:00:00Z"));
        // A finished run recorded again is a new job: its own start time.
        job.started = start + std::chrono::hours(7);
        job.ended = start + std::chrono::hours(8);
        QCOMPARE(QString::fromStdString(ws->record_job(job).started_at), QString("2026-01-01T07:00:00Z"));

        // A folder output is named by the folder.
        QDir().mkpath(tmp.path() + "/out/sw.k100");
        Workspace::FinishedJob vocab;
        vocab.kind = RunKind::vocab;
        vocab.output = (tmp.path() + "/out/sw.k100/").toStdString();
        vocab.started = vocab.ended = start;
        QCOMPARE(QString::fromStdString(ws->record_job(vocab).name), QString("sw.k100"));
        vocab.kind = RunKind::train;
        IPT_VERIFY_ERROR_CONTAINS(ws->record_job(vocab), "run directory");
    }

    void run_kind_and_status_names() {
        QCOMPARE(QString::fromStdString(run_kind_names()), QString("train, synth, vocab, eval"));
        QCOMPARE(QString::fromStdString(run_status_names()),
                 QString("running, finished, failed, stopped, unknown"));
        for (RunKind kind : all_run_kinds()) QVERIFY(parse_run_kind(to_string(kind)) == kind);
        for (RunStatus status : all_run_statuses()) QVERIFY(parse_run_status(to_string(status)) == status);
        QVERIFY(!parse_run_kind("magic"));
        IPT_VERIFY_ERROR_CONTAINS(run_kind_from_name("magic", "--kind"), "--kind", "'magic'", "train, synth");
        QVERIFY(run_status_from_string("magic") == RunStatus::unknown);
    }

    void cli_reads_only_existing_workspaces() {
        QTemporaryDir tmp;
        const QString plain = tmp.path() + "/plain";
        QDir().mkpath(plain);
        test::CliRun r = test::ipt_cli({"runs", "list", "--workspace", plain});
        QVERIFY2(r.code != 0 && r.err.contains("not a workspace"), qPrintable(r.out + r.err));
        QVERIFY(!QFileInfo::exists(plain + "/workspace.db"));
        r = test::ipt_cli({"runs", "list", "--workspace", plain, "--kind", "magic"});
        QVERIFY(r.code != 0);

        r = test::ipt_cli({"runs", "init", "--workspace", plain});
        QVERIFY2(r.code == 0 && r.out.contains("created the workspace"), qPrintable(r.out + r.err));
        QVERIFY(QFileInfo::exists(plain + "/workspace.db"));
        r = test::ipt_cli({"runs", "list", "--workspace", plain});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));

        const QString ws = tmp.path() + "/ws";
        make_run_dir(tmp.path() + "/run-a");
        r = test::ipt_cli({"runs", "import", tmp.path() + "/run-a", "--workspace", ws});
        QVERIFY2(r.code == 0 && r.out.contains("created the workspace"), qPrintable(r.out + r.err));
        r = test::ipt_cli({"runs", "list", "--workspace", ws, "--kind", "magic"});
        QVERIFY2(r.code != 0 && r.err.contains("train, synth, vocab, eval"), qPrintable(r.out + r.err));
        r = test::ipt_cli({"runs", "list", "--workspace", ws, "--kind", "train"});
        QVERIFY2(r.code == 0 && r.out.contains("run-a"), qPrintable(r.out + r.err));

        // Filing evaluation results goes through the same rule: a new folder becomes a workspace and
        // the command says so; an existing one is used as it is.
        write(tmp.path() + "/results.json",
              R"({"results": {"piqa": {"acc,none": 0.75, "acc_stderr,none": 0.02}}, "n-shot": {"piqa": 0}})");
        const QString fresh = tmp.path() + "/fresh";
        r = test::ipt_cli(
            {"eval", "--import", tmp.path() + "/results.json", "--name", "base", "--workspace", fresh});
        QVERIFY2(r.code == 0 && r.out.contains("created the workspace"), qPrintable(r.out + r.err));
        QVERIFY(QFileInfo::exists(fresh + "/workspace.db"));
        r = test::ipt_cli(
            {"eval", "--import", tmp.path() + "/results.json", "--name", "other", "--workspace", ws});
        QVERIFY2(r.code == 0 && !r.out.contains("created"), qPrintable(r.out + r.err));
        r = test::ipt_cli({"runs", "list", "--workspace", ws, "--kind", "eval"});
        QVERIFY2(r.code == 0 && r.out.contains("other"), qPrintable(r.out + r.err));
    }

    void cli_records_the_start_of_a_job() {
        QTemporaryDir tmp;
        const QString ws = tmp.path() + "/ws";
        write(tmp.path() + "/raw.jsonl", "{\"id\": 1, \"text\": \"It rained. Therefore the river rose.\"}\n");
        const std::string before = utc_timestamp(Clock::now());
        const test::CliRun r = test::ipt_cli({"synth", "rules", "--input", tmp.path() + "/raw.jsonl", "--out",
                                              tmp.path() + "/p.jsonl", "--workspace", ws, "--quiet"});
        const std::string after = utc_timestamp(Clock::now());
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const RunInfo run = Workspace::open(ws.toStdString())->store().run("p");
        QVERIFY2(run.started_at >= before && run.started_at <= run.ended_at && run.ended_at <= after,
                 (run.started_at + " " + run.ended_at).c_str());
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "test_workspace.moc"
