// The training engine: config checking, the schedule and AdamW against hand-computed values, the first
// loss against a cross entropy computed here from the model's logits (with and without a loss mask),
// exact resume after SIGKILL, a clean stop on SIGINT, non-finite steps, and continual training that
// touches only the parameters it may.
#include <QtCore/QDir>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>

#include <signal.h>

#include <c10/core/GradMode.h>
#include <cmath>
#include <fstream>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/file_lock.h"
#include "ipt/data/dataset_builder.h"
#include "ipt/data/token_dataset.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/safetensors.h"
#include "ipt/text/tokenizer.h"
#include "ipt/train/optimizer.h"
#include "ipt/train/run_log.h"
#include "ipt/train/trainer.h"
#include "test_support.h"

using namespace ipt;

namespace {

// A run.toml for the tiny preset on `data`; `extra` lines go into [train].
std::string run_toml(const QString& data, int steps, const std::string& extra = "",
                     const std::string& model = "") {
    return "[model]\n" + (model.empty() ? std::string("preset = \"tiny\"\nhidden_dropout = 0.1\n") : model) +
           "\n[data]\nsequence_length = 32\n[[data.sources]]\npath = \"" + data.toStdString() +
           "\"\nweight = 1.0\n[batch]\nglobal_batch_tokens = 256\nmicro_batch = 4\n[optimizer]\nlr = "
           "3e-3\nmin_lr = "
           "3e-4\nwarmup_steps = 3\n[train]\nseed = 5\nsteps = " +
           std::to_string(steps) + "\n" + extra;
}

}  // namespace

class TestTrain : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString data, masked;
    std::unique_ptr<Tokenizer> tok;

    QString write_config(const QString& name, const std::string& text) {
        write_file_atomically(dir.filePath(name).toStdString(), text);
        return dir.filePath(name);
    }

  private slots:
    void initTestCase() {
        if (!QFile::exists(test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        std::ofstream corpus(dir.filePath("corpus.jsonl").toStdString());
        std::ofstream ft(dir.filePath("ft.jsonl").toStdString());
        for (const std::string& text : test::word_documents(200)) {
            corpus << "{\"text\": \"" << text << "\"}\n";
            ft << "{\"segments\": [{\"text\": \"" << text.substr(0, 60)
               << "\", \"loss\": false}, {\"text\": \"" << text.substr(60) << "\", \"loss\": true}]}\n";
        }
        corpus.close();
        ft.close();
        PrepareOptions o;
        o.inputs = {dir.filePath("corpus.jsonl").toStdString()};
        o.output = dir.filePath("data").toStdString();
        prepare_dataset(o, *tok);
        o.inputs = {dir.filePath("ft.jsonl").toStdString()};
        o.output = dir.filePath("masked").toStdString();
        o.loss_mask = true;
        prepare_dataset(o, *tok);
        data = dir.filePath("data");
        masked = dir.filePath("masked");
    }

    void configErrorsNameTheKey() {
        const std::string good = run_toml(data, 4);
        QVERIFY(train_config_from_toml(good, "run.toml").steps == 4);
        std::string typo = good;
        typo.replace(typo.find("lr = 3e-3"), 9, "lrr = 3e-3");
        IPT_VERIFY_ERROR_CONTAINS(train_config_from_toml(typo, "run.toml"), "run.toml", "'optimizer.lr'");
        IPT_VERIFY_ERROR_CONTAINS(train_config_from_toml(good + "colour = \"red\"\n", "run.toml"),
                                  "unknown key 'train.colour'");
        std::string no_steps = good;
        no_steps.replace(no_steps.find("steps = 4"), 9, "");
        IPT_VERIFY_ERROR_CONTAINS(train_config_from_toml(no_steps, "run.toml"), "missing key 'train.steps'");
        std::string wrong = good;
        wrong.replace(wrong.find("steps = 4"), 9, "steps = \"many\"");
        IPT_VERIFY_ERROR_CONTAINS(train_config_from_toml(wrong, "run.toml"), "wrong type 'train.steps'");
        std::string odd = good;
        odd.replace(odd.find("global_batch_tokens = 256"), 25, "global_batch_tokens = 300");
        IPT_VERIFY_ERROR_CONTAINS(train_config_from_toml(odd, "run.toml"), "batch.global_batch_tokens (300)",
                                  "multiple of");
        IPT_VERIFY_ERROR_CONTAINS(train_config_from_toml("[model\n", "run.toml"), "run.toml", "line 1");
        // The config written into a run reads back the same.
        TrainConfig c = train_config_from_toml(good, "run.toml");
        TrainConfig back = train_config_from_toml(train_config_to_toml(c), "config.toml");
        QCOMPARE(back.sources.size(), size_t(1));
        QCOMPARE(back.lr, c.lr);
        QCOMPARE(back.hidden_dropout, 0.1);
        QCOMPARE(back.accumulation(), int64_t(2));  // 256 / (4 x 32)
    }

    void scheduleWarmsUpAndDecays() {
        TrainConfig c =
            train_config_from_toml(run_toml(data, 103), "run.toml");  // warm-up 3, lr 3e-3, min 3e-4
        QCOMPARE(learning_rate(c, 0), 1e-3);
        QCOMPARE(learning_rate(c, 2), 3e-3);
        QVERIFY(std::abs(learning_rate(c, 53) - (3e-4 + 2.7e-3 * 0.5)) < 1e-12);  // halfway: cos = 0
        QVERIFY(std::abs(learning_rate(c, 103) - 3e-4) < 1e-12);
        c.decay = "linear";
        QVERIFY(std::abs(learning_rate(c, 28) - (3e-3 - 2.7e-3 * 0.25)) < 1e-12);
    }

    void adamwStepByHand() {
        // p = [[1]], g = 0.5, lr 0.1, betas (0.9, 0.999), weight decay 0.1: m = 0.05, v = 0.00025, bias-
        // corrected 0.5 and 0.25, update 0.5 / (0.5 + eps) ~ 1, decayed p = 0.99 -> 0.89.
        at::Tensor p = at::ones({1, 1}).requires_grad_(true);
        p.mutable_grad() = at::full({1, 1}, 0.5);
        OptimizerSettings settings;
        settings.adamw = {0.9, 0.999, 1e-8, 0.1};
        auto adam = make_optimizer({{"p", p}}, settings);
        const StepOutcome first = adam->step(0.1, 0.0, at::zeros({}));
        QVERIFY(std::abs(p.item<double>() - 0.89) < 1e-6);
        QCOMPARE(first.skipped.item<double>(), 0.0);
        QCOMPARE(adam->steps_taken(), int64_t(1));
        // A non-finite loss leaves the weights, the moments and the step count as they were.
        p.mutable_grad() = at::full({1, 1}, 0.5);
        const StepOutcome skipped = adam->step(0.1, 0.0, at::full({}, NAN));
        QCOMPARE(skipped.skipped.item<double>(), 1.0);
        QVERIFY(std::abs(p.item<double>() - 0.89) < 1e-6);
        QCOMPARE(adam->steps_taken(), int64_t(1));
        // Clipping: gradients (3, 4) have norm 5; clipped to 1 they become (0.6, 0.8).
        at::Tensor a = at::zeros({2}).requires_grad_(true);
        a.mutable_grad() = at::tensor(std::vector<float>{3, 4});
        auto plain = make_optimizer({{"a", a}}, settings);
        QCOMPARE(plain->step(0.0, 1.0, at::zeros({})).grad_norm.item<double>(), 5.0);
        QVERIFY(std::abs(a.grad()[1].item<double>() - 0.8) < 1e-5);
    }

    void firstLossIsTheMaskedCrossEntropy() {
        for (const QString& source : {data, masked}) {
            const QString run = dir.filePath("first-" + QFileInfo(source).fileName());
            std::string toml = run_toml(source, 1, "log_every = 1\n");
            toml.replace(toml.find("hidden_dropout = 0.1"), 20, "hidden_dropout = 0.0");
            TrainOptions options;
            options.run_dir = run.toStdString();
            train(train_config_from_toml(toml, "run.toml"), options);
            const double logged = test::metrics(run).front()["loss"].toDouble();

            // Second path: the tiny preset with the same seed, and the first 8 windows of 33 tokens read
            // straight from the dataset (stride 32), scored with log_softmax here.
            ModelConfig config = model_preset("tiny");
            Decoder model(config, at::TensorOptions().dtype(at::kFloat));
            model.init_weights(5);
            auto ds = TokenDataset::open(source.toStdString());
            double total = 0, count = 0;
            c10::NoGradGuard no_grad;
            for (int w = 0; w < 8; ++w) {
                std::vector<int64_t> tokens(33);
                std::vector<uint8_t> mask(33);
                ds->read(uint64_t(w) * 32, 33, tokens.data(), mask.data());
                at::Tensor ids = at::tensor(tokens).view({1, 33});
                at::Tensor logp = at::log_softmax(model.forward(ids.narrow(1, 0, 32))[0], -1);
                for (int i = 0; i < 32; ++i) {
                    if (!mask[i + 1]) continue;
                    total -= logp[i][tokens[i + 1]].item<double>();
                    count += 1;
                }
            }
            QVERIFY2(count < 256 || source == data, "the mask must hide some targets");
            QVERIFY2(std::abs(logged - total / count) < 1e-4,
                     qPrintable(QString("logged %1, by hand %2").arg(logged).arg(total / count)));
        }
    }

    void resumeAfterSigkillIsExact() {
        const std::string extra = "log_every = 1\ncheckpoint_every = 4\nkeep_checkpoints = 10\n";
        const QString config = write_config("exact.toml", run_toml(data, 48, extra));
        const QString straight = dir.filePath("straight"), killed = dir.filePath("killed");
        QProcess a;
        a.start(IPT_CLI, {"train", "--config", config, "--run", straight, "--quiet"});
        QVERIFY(a.waitForFinished(300000));
        QCOMPARE(a.exitCode(), 0);

        QProcess b;
        b.start(IPT_CLI, {"train", "--config", config, "--run", killed, "--quiet"});
        QVERIFY(b.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(killed + "/checkpoints/step-0000008"), 120000);
        ::kill(static_cast<pid_t>(b.processId()), SIGKILL);
        QVERIFY(b.waitForFinished(30000));
        QCOMPARE(b.exitStatus(), QProcess::CrashExit);
        QVERIFY(test::metrics(killed).size() < 48);

        QProcess c;
        c.start(IPT_CLI, {"train", "--resume", killed, "--quiet"});
        QVERIFY(c.waitForFinished(300000));
        QVERIFY2(c.exitCode() == 0, c.readAllStandardError().constData());
        auto one = test::metrics(straight), two = test::metrics(killed);
        QCOMPARE(two.size(), one.size());
        for (size_t i = 0; i < one.size(); ++i) {
            QCOMPARE(two[i]["step"].toInt(), one[i]["step"].toInt());
            QCOMPARE(two[i]["loss"].toDouble(), one[i]["loss"].toDouble());  // bit for bit
            QCOMPARE(two[i]["grad_norm"].toDouble(), one[i]["grad_norm"].toDouble());
        }
        QCOMPARE(test::file_bytes(killed + "/checkpoints/step-0000048/model.safetensors"),
                 test::file_bytes(straight + "/checkpoints/step-0000048/model.safetensors"));
        QVERIFY(test::file_bytes(killed + "/log.txt").contains("resumed at step"));
    }

    void sigintStopsWithACheckpoint() {
        const QString config = write_config("sigint.toml", run_toml(data, 400, "checkpoint_every = 100\n"));
        const QString run = dir.filePath("interrupted");
        QProcess p;
        p.start(IPT_CLI, {"train", "--config", config, "--run", run});
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(test::metrics(run).size() >= 2, 120000);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains("stopped at step"), err.constData());
        const QString latest = QString::fromUtf8(test::file_bytes(run + "/checkpoints/latest")).trimmed();
        const int step = latest.mid(5).toInt();
        QVERIFY(step >= 2 && step < 400);
        QCOMPARE(test::metrics(run).back()["step"].toInt(), step);
        QVERIFY(QFile::exists(run + "/checkpoints/" + latest + "/optimizer.safetensors"));

        // While another process writes the run (here: this one holds its lock), a resume is refused
        // before it touches anything.
        const QByteArray metrics_before = test::file_bytes(run + "/metrics.jsonl");
        {
            FileLock held((run + "/.lock").toStdString(), "test");
            QProcess second;
            second.start(IPT_CLI, {"train", "--resume", run, "--quiet"});
            QVERIFY(second.waitForFinished(60000));
            const QByteArray message = second.readAllStandardError();
            QVERIFY2(second.exitCode() != 0 && message.contains("in use by another process"),
                     message.constData());
        }
        QCOMPARE(test::file_bytes(run + "/metrics.jsonl"), metrics_before);
    }

    void nonFiniteStepsStopOrAreSkipped() {
        std::string toml = run_toml(data, 6, "log_every = 1\n");
        toml.replace(toml.find("lr = 3e-3"), 9, "lr = 1e5");
        toml.replace(toml.find("min_lr = 3e-4"), 13, "min_lr = 1e4");
        TrainOptions options;
        options.run_dir = dir.filePath("nan-stop").toStdString();
        IPT_VERIFY_ERROR_CONTAINS(train(train_config_from_toml(toml, "run.toml"), options), "non-finite",
                                  "at step", "on_nonfinite");
        options.run_dir = dir.filePath("nan-skip").toStdString();
        TrainResult r =
            train(train_config_from_toml(toml + "on_nonfinite = \"skip\"\n", "run.toml"), options);
        QVERIFY(r.skipped_steps > 0);
        QCOMPARE(r.steps_done, int64_t(6));
        QVERIFY(test::file_bytes(dir.filePath("nan-skip/log.txt")).contains("step skipped"));
        // Skipped steps never reach the weights.
        auto weights = SafetensorsFile::open(
            dir.filePath("nan-skip/checkpoints/step-0000006/model.safetensors").toStdString());
        for (const auto& e : weights->entries())
            QVERIFY(at::isfinite(weights->tensor(e.name)).all().item<bool>());
    }

    void skippedStepsRoundTripThroughCheckpoints() {
        // Huge learning rates make later steps non-finite; they are skipped, counted and saved apart
        // from the optimizer's own update count (its bias correction).
        std::string toml = run_toml(data, 6,
                                    "log_every = 1\ncheckpoint_every = 3\nkeep_checkpoints = 5\n"
                                    "on_nonfinite = \"skip\"\n");
        toml.replace(toml.find("lr = 3e-3"), 9, "lr = 1e5");
        toml.replace(toml.find("min_lr = 3e-4"), 13, "min_lr = 1e4");
        const TrainConfig config = train_config_from_toml(toml, "run.toml");
        TrainOptions options;
        options.run_dir = dir.filePath("skip-straight").toStdString();
        const TrainResult straight = train(config, options);
        QVERIFY(straight.skipped_steps > 0);
        auto state = [](const QString& run, const char* step) {
            return QJsonDocument::fromJson(
                       test::file_bytes(run + "/checkpoints/" + step + "/trainer_state.json"))
                .object();
        };
        const QJsonObject at3 = state(dir.filePath("skip-straight"), "step-0000003");
        const QJsonObject at6 = state(dir.filePath("skip-straight"), "step-0000006");
        QCOMPARE(at6["skipped_steps"].toInt(), int(straight.skipped_steps));
        QCOMPARE(at3["optimizer_steps"].toInt() + at3["skipped_steps"].toInt(), 3);
        QCOMPARE(at6["optimizer_steps"].toInt() + at6["skipped_steps"].toInt(), 6);
        QCOMPARE(test::file_bytes(dir.filePath("skip-straight/log.txt")).count("step skipped"),
                 int(straight.skipped_steps));

        // Resumed from step 3, the run continues exactly and keeps counting from the saved count.
        const QString resumed = dir.filePath("skip-resumed");
        QVERIFY(QProcess::execute("cp", {"-r", dir.filePath("skip-straight"), resumed}) == 0);
        QVERIFY(QDir(resumed + "/checkpoints/step-0000006").removeRecursively());
        write_file_atomically((resumed + "/checkpoints/latest").toStdString(), "step-0000003\n");
        options.run_dir = resumed.toStdString();
        resume_training(options);
        QJsonObject resumed_state = state(resumed, "step-0000006"), straight_state = at6;
        resumed_state.remove("elapsed");  // wall-clock seconds
        straight_state.remove("elapsed");
        QCOMPARE(resumed_state, straight_state);
        QCOMPARE(test::file_bytes(resumed + "/checkpoints/step-0000006/model.safetensors"),
                 test::file_bytes(dir.filePath("skip-straight/checkpoints/step-0000006/model.safetensors")));
        const auto one = test::metrics(dir.filePath("skip-straight")), two = test::metrics(resumed);
        QCOMPARE(two.size(), one.size());
        for (size_t i = 0; i < one.size(); ++i)
            for (const char* key : {"step", "loss", "lr", "grad_norm"}) QCOMPARE(two[i][key], one[i][key]);
    }

    void killedBeforeTheFirstCheckpointStartsAgain() {
        const QString config = write_config("early.toml", run_toml(data, 30, "log_every = 1\n"));
        const QString run = dir.filePath("early");
        for (const QStringList& again : {QStringList{"train", "--resume", run, "--quiet"},
                                         QStringList{"train", "--config", config, "--run", run, "--quiet"}}) {
            QVERIFY(!QFile::exists(run + "/checkpoints/latest"));
            QProcess p;
            p.start(IPT_CLI, {"train", "--config", config, "--run", run, "--quiet"});
            QVERIFY(p.waitForStarted());
            QTRY_VERIFY_WITH_TIMEOUT(test::metrics(run).size() >= 3, 120000);
            ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
            QVERIFY(p.waitForFinished(30000));
            if (QFile::exists(run + "/checkpoints/latest")) QSKIP("the run reached its end before the kill");
            // Again, by either command: the run starts over and logs every step once.
            const test::CliRun r = test::ipt_cli(again);
            QVERIFY2(r.code == 0, qPrintable(r.err));
            const auto lines = test::metrics(run);
            QCOMPARE(lines.size(), size_t(30));
            for (size_t i = 0; i < lines.size(); ++i) QCOMPARE(lines[i]["step"].toInt(), int(i) + 1);
            QVERIFY(test::file_bytes(run + "/log.txt").contains("started again from step 0"));
            QVERIFY(QDir(run).removeRecursively());
        }
    }

    void theRunOwnsItsRandomStream() {
        // Dropout (0.1 here) draws from the run's own generator: other work in the same process that
        // draws from LibTorch's generators between steps changes nothing.
        const TrainConfig config = train_config_from_toml(run_toml(data, 4, "log_every = 1\n"), "run.toml");
        TrainOptions quiet;
        quiet.run_dir = dir.filePath("stream-alone").toStdString();
        train(config, quiet);
        TrainOptions noisy;
        noisy.run_dir = dir.filePath("stream-noisy").toStdString();
        noisy.progress = [](const Progress&) {
            at::manual_seed(99);
            at::rand({4096}).bernoulli_(0.5);
        };
        train(config, noisy);
        QCOMPARE(test::file_bytes(dir.filePath("stream-noisy/checkpoints/step-0000004/model.safetensors")),
                 test::file_bytes(dir.filePath("stream-alone/checkpoints/step-0000004/model.safetensors")));
    }

    void aFullDiskStopsTheRunAndLosesNothing() {
        if (!QFile::exists("/dev/full")) QSKIP("needs /dev/full (a device whose writes fail with ENOSPC)");
        {
            AppendOnlyFile full("/dev/full");
            IPT_VERIFY_ERROR_CONTAINS(full.append_line("x"), "/dev/full", "write failed", "disk is full");
        }
        const TrainConfig config =
            train_config_from_toml(run_toml(data, 6, "log_every = 1\ncheckpoint_every = 3\n"), "run.toml");
        TrainOptions options;
        options.run_dir = dir.filePath("disk-straight").toStdString();
        train(config, options);
        // Stopped after step 3, then resumed while log.txt sits on a full disk.
        const QString run = dir.filePath("disk-full");
        options.run_dir = run.toStdString();
        options.progress = [&options](const Progress& p) {
            if (p.done == 3) options.cancel.cancel();
        };
        QVERIFY(train(config, options).stopped_early);
        const QByteArray latest = test::file_bytes(run + "/checkpoints/latest");
        options.progress = {};
        options.cancel = CancelToken();
        QVERIFY(QFile::remove(run + "/log.txt"));
        QVERIFY(QFile::link("/dev/full", run + "/log.txt"));
        IPT_VERIFY_ERROR_CONTAINS(resume_training(options), "log.txt", "No space left");
        QCOMPARE(test::file_bytes(run + "/checkpoints/latest"), latest);
        // Space again: the resumed run ends where the uninterrupted one did, and left no temporaries.
        QVERIFY(QFile::remove(run + "/log.txt"));
        resume_training(options);
        QCOMPARE(test::file_bytes(run + "/checkpoints/step-0000006/model.safetensors"),
                 test::file_bytes(dir.filePath("disk-straight/checkpoints/step-0000006/model.safetensors")));
        QCOMPARE(test::metrics(run).size(), test::metrics(dir.filePath("disk-straight")).size());
    }

    void leftoversOfAKillAreRemoved() {
        const TrainConfig config = train_config_from_toml(run_toml(data, 2), "run.toml");
        const QString run = dir.filePath("leftovers");
        TrainOptions options;
        options.run_dir = run.toStdString();
        train(config, options);
        QVERIFY(QDir().mkpath(run + "/checkpoints/.step-0000009.partial/sub"));
        write_file_atomically(
            (run + "/checkpoints/.step-0000009.partial/sub/model.safetensors").toStdString(), "x");
        for (const QString& temp :
             {run + "/.metrics.jsonl.tmp-123-abc", run + "/checkpoints/.latest.tmp-9-ff"})
            write_file_atomically(temp.toStdString(), "partial");
        resume_training(options);  // nothing left to train: it only opens the run
        QVERIFY(!QFile::exists(run + "/checkpoints/.step-0000009.partial"));
        QVERIFY(!QFile::exists(run + "/.metrics.jsonl.tmp-123-abc"));
        QVERIFY(!QFile::exists(run + "/checkpoints/.latest.tmp-9-ff"));
        QVERIFY(QFile::exists(run + "/checkpoints/step-0000002/model.safetensors"));
    }

    void continuingTrainsOnlyWhatItMay() {
        const QString base = dir.filePath("base");
        save_hf_model(test::tiny_decoder(model_preset("tiny"), 3), base.toStdString());
        const std::string model = "from = \"" + base.toStdString() + "\"\ntrainable = [\"embed_tokens\"]\n";
        TrainOptions options;
        options.run_dir = dir.filePath("continued").toStdString();
        train(train_config_from_toml(run_toml(data, 3, "", model), "run.toml"), options);
        auto before = SafetensorsFile::open((base + "/model.safetensors").toStdString());
        auto after = SafetensorsFile::open(
            dir.filePath("continued/checkpoints/step-0000003/model.safetensors").toStdString());
        for (const auto& e : before->entries()) {
            const bool same = at::equal(before->tensor(e.name), after->tensor(e.name));
            QVERIFY2(same == (e.name != "model.embed_tokens.weight"), e.name.c_str());
        }
        IPT_VERIFY_ERROR_CONTAINS(
            train(train_config_from_toml(run_toml(data, 3, "", model), "run.toml"), options),
            "already holds a run");
    }

    void bf16AutocastTrainsCloseToFloat32() {
        std::string toml = run_toml(data, 2, "log_every = 1\n");
        toml.replace(toml.find("hidden_dropout = 0.1"), 20, "hidden_dropout = 0.0");
        TrainOptions options;
        options.run_dir = dir.filePath("fp32").toStdString();
        const TrainResult fp32 = train(train_config_from_toml(toml, "run.toml"), options);
        options.run_dir = dir.filePath("bf16").toStdString();
        const TrainResult bf16 =
            train(train_config_from_toml(toml + "precision = \"bf16\"\n", "run.toml"), options);
        QVERIFY2(std::abs(fp32.last_loss - bf16.last_loss) < 0.05,
                 qPrintable(QString("%1 vs %2").arg(fp32.last_loss).arg(bf16.last_loss)));
        // That bf16 ran shows in the weights, not in a loss: a step's loss is a sum over micro-batches
        // whose bf16 differences can cancel (on one machine they did, to the last digit), while every
        // gradient differs. So the weights after the steps differ from float32's, and only a little.
        auto a = SafetensorsFile::open(fp32.last_checkpoint + "/model.safetensors");
        auto b = SafetensorsFile::open(bf16.last_checkpoint + "/model.safetensors");
        double largest = 0;
        bool any_differs = false;
        for (const auto& e : a->entries()) {
            const at::Tensor wa = a->tensor(e.name), wb = b->tensor(e.name);
            any_differs = any_differs || !at::equal(wa, wb);
            largest = std::max(largest, (wa.to(at::kDouble) - wb.to(at::kDouble)).abs().max().item<double>());
        }
        QVERIFY2(any_differs, "bf16 autocast trained exactly as float32 did");
        QVERIFY2(largest < 0.05, qPrintable(QString("weights differ by up to %1").arg(largest)));
    }
};

QTEST_GUILESS_MAIN(TestTrain)
#include "test_train.moc"
