// Faults in every long job of `ipt`: SIGKILL at random moments and a full disk.
//
// Kill: each job runs once uninterrupted (the reference), then again into a fresh output, killed at
// random moments (uniform over the reference's duration) several times in a row; after each kill the
// same command runs again (training: with --resume once a checkpoint exists). The finished output must
// equal the reference byte for byte, and no temporary (".tmp-", ".partial", staging folders, progress
// files) may be left behind.
//
// Full disk: the job runs with RLIMIT_FSIZE below the size of its largest output, so that a write fails
// with EFBIG the way it would with ENOSPC on a full file system (no root, no tmpfs needed). It must stop
// with a clear error (exit status 1, a message naming a file), keep what was written before (an earlier
// output stays intact, resumable state stays resumable), and a rerun with room must complete
// identically.
//
// The moments are drawn from a seed printed with each test; IPT_FAULT_SEED replays one.
#include <QtCore/QDirIterator>
#include <QtCore/QElapsedTimer>
#include <QtCore/QProcess>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTemporaryDir>

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>

#include "test_support.h"

namespace {

struct Run {
    int code = -1;  // -2: killed by a signal
    bool killed = false;
    QString err;
    qint64 ms = 0;
};

// Runs `ipt`, optionally killed with SIGKILL `kill_after_ms` after `ready()` first holds (from the start
// when there is none), optionally with every file it writes limited to `file_limit` bytes (SIGXFSZ
// ignored, so an oversized write fails with EFBIG).
Run run_ipt(const QStringList& args, qint64 kill_after_ms = -1, qint64 file_limit = -1,
            const std::function<bool()>& ready = {}) {
    QProcess p;
    if (file_limit >= 0)
        p.setChildProcessModifier([file_limit] {
            ::signal(SIGXFSZ, SIG_IGN);
            struct rlimit limit {};
            limit.rlim_cur = limit.rlim_max = rlim_t(file_limit);
            ::setrlimit(RLIMIT_FSIZE, &limit);
        });
    QElapsedTimer timer;
    timer.start();
    p.start(IPT_CLI, args);
    Run r;
    if (!p.waitForStarted()) return r;
    if (kill_after_ms >= 0) {
        bool running = true;
        if (ready)
            while (!ready() && (running = !p.waitForFinished(5))) {
            }
        if (running && !p.waitForFinished(int(kill_after_ms))) {
            ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
            r.killed = true;
        }
    }
    p.waitForFinished(600000);
    r.ms = timer.elapsed();
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// Every file under `root` (relative path -> bytes), without the ones named in `volatile_names`.
std::map<QString, QByteArray> tree(const QString& root, const QStringList& volatile_names = {}) {
    std::map<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (volatile_names.contains(it.fileName())) continue;
        files[QDir(root).relativeFilePath(path)] = ipt::test::file_bytes(path);
    }
    return files;
}

// Names a job leaves only while it runs (or after a kill, until the next run cleans up).
QStringList leftovers(const QString& root) {
    QStringList found;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QString name = it.fileName();
        if (name.contains(".tmp-") || name.contains(".partial") || name.contains(".saving-") ||
            name.contains(".old-") || name.endsWith(".progress.json") || name == "progress.json" ||
            name.startsWith(".step-"))
            found << QDir(root).relativeFilePath(it.filePath());
    }
    return found;
}

QString describe_difference(const std::map<QString, QByteArray>& a, const std::map<QString, QByteArray>& b) {
    QStringList diff;
    for (const auto& [name, bytes] : a) {
        auto it = b.find(name);
        if (it == b.end())
            diff << "missing " + name;
        else if (it->second != bytes)
            diff << QString("differs %1 (%2 bytes, %3 lines -> %4 bytes, %5 lines)")
                        .arg(name)
                        .arg(bytes.size())
                        .arg(bytes.count('\n'))
                        .arg(it->second.size())
                        .arg(it->second.count('\n'));
    }
    for (const auto& [name, bytes] : b)
        if (!a.count(name)) diff << "extra " + name;
    return diff.join(", ");
}

quint32 fault_seed() {
    const QByteArray fixed = qgetenv("IPT_FAULT_SEED");
    return fixed.isEmpty() ? QRandomGenerator::global()->generate() : fixed.toUInt();
}

void write_text(const QString& path, const std::string& text) {
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << text;
}

}  // namespace

class TestFaults : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString model, corpus, dataset;
    bool have_fixture = false;

    QString path(const QString& name) { return dir.filePath(name); }

    // One job under faults. `command(out)` is the job writing to `out`; `rerun(out)` the command that
    // continues it after a kill (the same command unless given). `compare(out)` is what must match.
    struct Job {
        std::function<QStringList(const QString&)> command;
        std::function<QStringList(const QString&)> rerun;
        std::function<std::map<QString, QByteArray>(const QString&)> compare;
        QString scope;  // where leftovers are looked for: the output's folder
        int kills = 3;
        // Kill moments are drawn after this holds for the output (none: from the start).
        std::function<bool(const QString&)> ready;
        qint64 kill_window_ms = -1;  // kill moments in [0, this) after ready; -1: the reference's duration
        QString reference;           // the name of another job's reference run to compare with
    };

    void kill_and_rerun(const Job& job, const QString& name) {
        const quint32 seed = fault_seed();
        qInfo("%s: fault seed %u (IPT_FAULT_SEED=%u replays it)", qPrintable(name), seed, seed);
        QRandomGenerator random(seed);
        const QString reference = path((job.reference.isEmpty() ? name : job.reference) + "-reference");
        const QString killed = path(name + "-killed");
        Run straight;
        straight.code = 0;
        // A fixed kill window needs no timing: an earlier test's reference serves.
        if (job.kill_window_ms < 0 || !QFileInfo::exists(reference))
            straight = run_ipt(job.command(reference));
        QVERIFY2(straight.code == 0, qPrintable(straight.err));
        const auto expected = job.compare(reference);
        QVERIFY(!expected.empty());
        int kills_landed = 0;
        for (int k = 0; k < job.kills; ++k) {
            const bool first = k == 0;
            const QStringList args = first || !job.rerun ? job.command(killed) : job.rerun(killed);
            const qint64 window =
                job.kill_window_ms > 0 ? job.kill_window_ms : std::max<qint64>(straight.ms, 50);
            const qint64 at = qint64(random.bounded(double(window)));
            const Run r = run_ipt(args, at, -1,
                                  job.ready ? std::function<bool()>([&] { return job.ready(killed); })
                                            : std::function<bool()>());
            kills_landed += r.killed;
            if (!r.killed) QVERIFY2(r.code == 0, qPrintable(QString("run %1: %2").arg(k).arg(r.err)));
        }
        const Run last = run_ipt(job.rerun ? job.rerun(killed) : job.command(killed));
        QVERIFY2(last.code == 0, qPrintable(last.err));
        qInfo("%s: %d of %d kills landed before the job finished", qPrintable(name), kills_landed, job.kills);
        const auto got = job.compare(killed);
        QVERIFY2(got == expected, qPrintable(describe_difference(expected, got)));
        const QStringList left = leftovers(job.scope.isEmpty() ? dir.path() : job.scope);
        QVERIFY2(left.isEmpty(), qPrintable("left behind: " + left.join(", ")));
    }

    // Runs the job with files limited to `limit` bytes after a complete earlier run into `out`: the
    // earlier output must survive the failed run, and the rerun with room must reproduce the reference.
    void full_disk(const Job& job, const QString& name, qint64 limit, bool keeps_earlier_output = true) {
        const QString reference = path(name + "-reference"), out = path(name + "-full");
        if (!QFileInfo::exists(reference)) QVERIFY(run_ipt(job.command(reference)).code == 0);
        const auto expected = job.compare(reference);
        if (keeps_earlier_output) {
            const Run before = run_ipt(job.command(out));
            QVERIFY2(before.code == 0, qPrintable(before.err));
        }
        const auto before = keeps_earlier_output ? job.compare(out) : std::map<QString, QByteArray>();
        const Run full = run_ipt(job.command(out), -1, limit);
        QVERIFY2(full.code == 1, qPrintable(QString("exit %1: %2").arg(full.code).arg(full.err)));
        QVERIFY2(
            full.err.contains("ipt: error:") && (full.err.contains(out) || full.err.contains(dir.path())),
            qPrintable(full.err));
        if (keeps_earlier_output) {
            const auto after = job.compare(out);
            QVERIFY2(after == before,
                     qPrintable("earlier output changed: " + describe_difference(before, after)));
        }
        const Run again = run_ipt(job.rerun && !keeps_earlier_output ? job.rerun(out) : job.command(out));
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const auto got = job.compare(out);
        QVERIFY2(got == expected, qPrintable(describe_difference(expected, got)));
        const QStringList left = leftovers(job.scope.isEmpty() ? dir.path() : job.scope);
        QVERIFY2(left.isEmpty(), qPrintable("left behind: " + left.join(", ")));
    }

    static std::map<QString, QByteArray> one_file(const QString& file) {
        if (!QFileInfo::exists(file)) return {};
        return {{"output", ipt::test::file_bytes(file)}};
    }

    Job prepare_job() {
        Job job;
        job.command = [this](const QString& out) {
            return QStringList{"data",           "prepare", "--tokenizer", ipt::test::llama2_tokenizer(),
                               "--input",        corpus,    "--out",       out,
                               "--shard-tokens", "20000",   "--threads",   "1"};
        };
        job.compare = [](const QString& out) { return tree(out); };
        return job;
    }

    Job rules_job() {
        Job job;
        job.command = [this](const QString& out) {
            return QStringList{"synth", "rules", "--input", corpus, "--out", out + ".jsonl", "--quiet"};
        };
        job.compare = [](const QString& out) { return one_file(out + ".jsonl"); };
        return job;
    }

    Job synth_job() {
        Job job;
        job.command = [this](const QString& out) {
            return QStringList{"synth",       "run", "--synthesizer",    model, "--input", path("raw.jsonl"),
                               "--batch",     "1",   "--max-new-tokens", "10",  "--quiet", "--out",
                               out + ".jsonl"};
        };
        job.compare = [](const QString& out) { return one_file(out + ".jsonl"); };
        return job;
    }

    Job expand_job() {
        Job job;
        job.command = [this](const QString& out) {
            return QStringList{
                "vocab",        "expand",    "--model",
                model,          "--corpus",  QString(IPT_SOURCE_DIR) + "/resources/demo/swahili.txt",
                "--new-tokens", "40",        "--init",
                "mean",         "--no-lapt", "--overwrite",
                "--quiet",      "--out",     out};
        };
        job.compare = [](const QString& out) { return tree(out); };
        return job;
    }

    Job train_job() {
        write_text(path("run.toml"),
                   "[model]\npreset = \"tiny\"\n[data]\nsequence_length = 32\n[[data.sources]]\n"
                   "path = \"" +
                       dataset.toStdString() +
                       "\"\n[batch]\nglobal_batch_tokens = 256\nmicro_batch = 4\n[optimizer]\n"
                       "lr = 3e-3\nmin_lr = 3e-4\nwarmup_steps = 2\n[train]\nseed = 3\nsteps = 8\n"
                       "checkpoint_every = 2\nkeep_checkpoints = 2\n");
        Job job;
        job.command = [this](const QString& out) {
            return QStringList{"train", "--config", path("run.toml"), "--run", out, "--quiet"};
        };
        job.rerun = [this](const QString& out) {
            if (QFile::exists(out + "/checkpoints/latest"))
                return QStringList{"train", "--resume", out, "--quiet"};
            return QStringList{"train", "--config", path("run.toml"), "--run", out, "--quiet"};
        };
        job.compare = [](const QString& out) {
            // Every logged value but the timings, and the final weights.
            QByteArray metrics;
            for (const QByteArray& line : ipt::test::file_bytes(out + "/metrics.jsonl").split('\n')) {
                if (line.isEmpty()) continue;
                QJsonObject o = QJsonDocument::fromJson(line).object();
                o.remove("tokens_per_s");
                o.remove("elapsed");
                metrics += QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n";
            }
            std::map<QString, QByteArray> files;
            files["metrics.jsonl"] = metrics;
            files["final model"] = ipt::test::file_bytes(out + "/checkpoints/step-0000008/model.safetensors");
            return files;
        };
        return job;
    }

    Job eval_job() {
        Job job;
        job.command = [this](const QString& out) {
            QDir().mkpath(out);
            return QStringList{"eval",
                               "--model",
                               model,
                               "--task",
                               QString(IPT_SOURCE_DIR) + "/resources/demo/eval/arc_demo.json",
                               "--out",
                               out + "/results.json",
                               "--workspace",
                               out,
                               "--name",
                               "arc",
                               "--quiet"};
        };
        job.compare = [](const QString& out) {
            // The results without their date, and what the workspace's index holds for the run.
            QJsonObject results =
                QJsonDocument::fromJson(ipt::test::file_bytes(out + "/results.json")).object();
            results.remove("date");
            std::map<QString, QByteArray> files;
            if (!results.isEmpty()) files["results.json"] = QJsonDocument(results).toJson();
            const ipt::test::CliRun shown = ipt::test::ipt_cli({"runs", "show", "--workspace", out, "arc"});
            QStringList lines = shown.out.split('\n');
            // Where and when the run was filed differ between runs by nature.
            lines.erase(std::remove_if(lines.begin(), lines.end(),
                                       [](const QString& l) {
                                           return l.startsWith("directory") || l.startsWith("started") ||
                                                  l.startsWith("ended");
                                       }),
                        lines.end());
            files["runs show"] =
                shown.code == 0 ? lines.join('\n').toUtf8() : "failed: " + shown.err.toUtf8();
            return files;
        };
        return job;
    }

  private slots:
    void initTestCase() {
        have_fixture = QFile::exists(ipt::test::llama2_tokenizer());
        if (!have_fixture) QSKIP(qPrintable("fixture missing: " + ipt::test::llama2_tokenizer()));
        model = path("tiny");
        ipt::test::CliRun r =
            ipt::test::ipt_cli({"model", "init", "--preset", "tiny", "--tokenizer",
                                ipt::test::llama2_tokenizer(), "--seed", "4", "--out", model});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        corpus = path("corpus.jsonl");
        std::string lines;
        int n = 0;
        for (const std::string& text : ipt::test::word_documents(6000, 30))
            lines += "{\"id\": \"d" + std::to_string(n++) + "\", \"text\": \"" + text +
                     ". What is the answer? The answer is data.\"}\n";
        write_text(corpus, lines);
        std::string raw;
        for (int i = 0; i < 10; ++i)
            raw += "{\"id\": \"r" + std::to_string(i) + "\", \"text\": \"Text number " + std::to_string(i) +
                   " about rivers and rain.\"}\n";
        write_text(path("raw.jsonl"), raw);
        dataset = path("train-data");
        r = ipt::test::ipt_cli({"data", "prepare", "--tokenizer", ipt::test::llama2_tokenizer(), "--input",
                                corpus, "--out", dataset});
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    void dataPrepareSurvivesKills() { kill_and_rerun(prepare_job(), "prepare"); }
    void synthRulesSurvivesKills() { kill_and_rerun(rules_job(), "rules"); }
    void synthRunSurvivesKills() { kill_and_rerun(synth_job(), "synth"); }
    void vocabExpandSurvivesKills() { kill_and_rerun(expand_job(), "expand"); }
    // The random kills land after a checkpoint exists; the test below covers the window before it (a
    // rerun then starts again from step 0 and rewrites metrics.jsonl and log.txt).
    void trainSurvivesKills() {
        Job job = train_job();
        job.ready = [](const QString& out) { return QFile::exists(out + "/checkpoints/latest"); };
        kill_and_rerun(job, "train");
    }
    void trainKilledBeforeItsFirstCheckpoint() {
        Job job = train_job();
        job.kills = 1;
        job.ready = [](const QString& out) {
            return !ipt::test::file_bytes(out + "/metrics.jsonl").isEmpty();
        };
        job.kill_window_ms = 1;
        job.reference = "train";
        kill_and_rerun(job, "train-early");
    }
    void evalSurvivesKills() { kill_and_rerun(eval_job(), "eval"); }

    // A shard file is about 40 KB (20000 uint16 tokens): the limit stops the run after its first shard.
    void dataPrepareOnAFullDisk() {
        Job job = prepare_job();
        full_disk(job, "prepare", 30000, false);
    }
    void synthRulesOnAFullDisk() { full_disk(rules_job(), "rules", 100000); }
    void synthRunOnAFullDisk() { full_disk(synth_job(), "synth", 3000, false); }
    void vocabExpandOnAFullDisk() { full_disk(expand_job(), "expand", 1 << 20); }
    // The first checkpoint fails to write; the rerun starts again from step 0.
    void trainOnAFullDisk() {
        Job job = train_job();
        full_disk(job, "train", 100000, false);
    }
    void evalOnAFullDisk() { full_disk(eval_job(), "eval", 1000); }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "test_faults.moc"
