// Data-parallel training across processes: the c10d group's bucketed collectives (two ranks as two
// threads), the environment variables and the errors naming them, rendezvous time-outs naming the
// address, and two `ipt train` processes on loopback against one process with the same global batch:
// the same losses, identical weights on both ranks, and metrics written once. Loopback addresses only.
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QTemporaryDir>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <future>
#include <map>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/data/dataset_builder.h"
#include "ipt/model/runtime.h"
#include "ipt/text/tokenizer.h"
#include "ipt/train/optimizer.h"
#include "ipt/train/process_group.h"
#include "test_support.h"

using namespace ipt;

namespace {

// The variables process_group_from_env() reads; every test starts with none of them set.
const char* kGroupVariables[] = {"WORLD_SIZE",  "RANK",         "LOCAL_RANK",   "MASTER_ADDR",
                                 "MASTER_PORT", "SLURM_NTASKS", "SLURM_PROCID", "SLURM_LOCALID"};

// A TCP port on loopback that was free a moment ago: bind 127.0.0.1 port 0, read the port back, release
// it. (A plain socket rather than QtNetwork keeps this test's compile flags those of the shared
// precompiled header.)
int free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

// Sets the group variables for one scope and clears them again.
class GroupEnv {
  public:
    explicit GroupEnv(const std::map<std::string, std::string>& values) {
        clear();
        for (const auto& [name, value] : values) qputenv(name.c_str(), QByteArray::fromStdString(value));
    }
    ~GroupEnv() { clear(); }
    static void clear() {
        for (const char* name : kGroupVariables) qunsetenv(name);
    }
};

QProcessEnvironment environment_without_group() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : kGroupVariables) env.remove(name);
    return env;
}

// One `ipt train` process whose output goes to files (two processes writing to pipes that nobody
// reads could block each other); the destructor kills it if it still runs.
struct TrainProcess {
    QProcess process;
    QString out, err;

    TrainProcess(const QString& dir, const QString& name, const QProcessEnvironment& env) {
        out = dir + "/" + name + ".out";
        err = dir + "/" + name + ".err";
        process.setProcessEnvironment(env);
        process.setStandardOutputFile(out);
        process.setStandardErrorFile(err);
    }
    ~TrainProcess() {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(10000);
        }
    }
    void start(const QString& config, const QString& run) {
        process.start(IPT_CLI, {"--threads", "1", "train", "--config", config, "--run", run, "--quiet"});
    }
    // The exit code, or -1 when the process crashed or did not finish in time.
    int finish(int timeout_ms) {
        if (!process.waitForFinished(timeout_ms)) return -1;
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }
    QString report() const {
        return "stdout: " + QString::fromUtf8(test::file_bytes(out)) +
               "\nstderr: " + QString::fromUtf8(test::file_bytes(err));
    }
};

// Environments of the two ranks of a group on loopback at `port`.
QProcessEnvironment rank_environment(int rank, int port) {
    QProcessEnvironment env = environment_without_group();
    env.insert("WORLD_SIZE", "2");
    env.insert("RANK", QString::number(rank));
    env.insert("LOCAL_RANK", QString::number(rank));
    env.insert("MASTER_ADDR", "127.0.0.1");
    env.insert("MASTER_PORT", QString::number(port));
    return env;
}

// Runs `fn(rank, group)` on two in-process ranks joined on loopback and returns both results.
template <class F>
auto on_two_ranks(F fn) {
    const int port = free_loopback_port();
    auto rank_main = [&](int rank) {
        GroupSettings s;
        s.rank = rank;
        s.size = 2;
        s.master_addr = "127.0.0.1";
        s.master_port = port;
        s.timeout = std::chrono::seconds(60);
        auto group = connect_process_group(s);
        return fn(rank, *group);
    };
    auto zero = std::async(std::launch::async, rank_main, 0);
    auto one = std::async(std::launch::async, rank_main, 1);
    auto first = zero.get();
    return std::make_pair(std::move(first), one.get());
}

// What one rank of the in-process group saw.
struct RankResult {
    std::vector<at::Tensor> reduced, broadcast;
};

}  // namespace

class TestDistributed : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString data;

  private slots:
    void initTestCase() { GroupEnv::clear(); }

    void deviceForRank() {
        QCOMPARE(device_for_rank("cuda", 3), std::string("cuda:3"));
        QCOMPARE(device_for_rank("cuda:1", 3), std::string("cuda:1"));
        QCOMPARE(device_for_rank("cpu", 3), std::string("cpu"));
    }

    void oneProcessNeedsNoGroup() {
        {
            GroupEnv env({});
            QVERIFY(process_group_from_env("cpu") == nullptr);
        }
        {
            GroupEnv env({{"WORLD_SIZE", "1"}, {"RANK", "0"}});
            QVERIFY(process_group_from_env("cpu") == nullptr);
        }
        {
            GroupEnv env({{"SLURM_NTASKS", "1"}, {"SLURM_PROCID", "0"}});
            QVERIFY(process_group_from_env("cpu") == nullptr);
        }
    }

    void environmentErrorsNameTheVariable() {
        // Every case fails before the rendezvous, so nothing here waits for a peer.
        const std::map<std::string, std::string> good{
            {"WORLD_SIZE", "2"}, {"RANK", "1"}, {"MASTER_ADDR", "127.0.0.1"}, {"MASTER_PORT", "29500"}};
        auto without = [&](const std::string& name) {
            auto v = good;
            v.erase(name);
            return v;
        };
        auto with = [&](const std::string& name, const std::string& value) {
            auto v = good;
            v[name] = value;
            return v;
        };
        auto error = [](const std::map<std::string, std::string>& values, const std::string& device = "cpu") {
            GroupEnv env(values);
            return test::expect_error([&] { process_group_from_env(device); });
        };
        auto contains = [](const std::string& message, const std::string& part) {
            return message.find(part) != std::string::npos;
        };
        std::string m;
        QVERIFY2(contains(m = error(with("WORLD_SIZE", "two")), "WORLD_SIZE='two'"), m.c_str());
        QVERIFY2(contains(m = error(without("RANK")), "RANK is not set"), m.c_str());
        QVERIFY2(contains(m = error(with("RANK", "1x")), "RANK='1x'"), m.c_str());
        QVERIFY2(contains(m = error(with("RANK", "2")), "RANK='2' must be an integer from 0 to 1"),
                 m.c_str());
        QVERIFY2(contains(m = error(without("MASTER_ADDR")), "MASTER_ADDR is not set"), m.c_str());
        QVERIFY2(contains(m = error(without("MASTER_PORT")), "MASTER_PORT is not set"), m.c_str());
        QVERIFY2(contains(m = error(with("MASTER_PORT", "70000")), "MASTER_PORT='70000'"), m.c_str());
        QVERIFY2(contains(m = error(with("LOCAL_RANK", "-1")), "LOCAL_RANK='-1'"), m.c_str());
        QVERIFY2(contains(m = error(good, "cuda"), "LOCAL_RANK is not set"), m.c_str());
        // Slurm's variables stand in for torchrun's, and their errors name them.
        auto slurm = without("WORLD_SIZE");
        slurm.erase("RANK");
        slurm["SLURM_NTASKS"] = "2";
        slurm["SLURM_PROCID"] = "one";
        QVERIFY2(contains(m = error(slurm), "SLURM_PROCID='one'"), m.c_str());
        if (!cuda_available()) {
            // This LibTorch has no CUDA: a CUDA group fails at once rather than at the rendezvous.
            QVERIFY2(contains(m = error(with("LOCAL_RANK", "0"), "cuda"), "cuda:0"), m.c_str());
        }
    }

    void rendezvousTimeoutsNameTheAddress() {
        if (!process_group_backend_available("cpu"))
            QSKIP("this LibTorch has no Gloo (USE_C10D_GLOO and gloo/ headers): no process group on the CPU");
        const int port = free_loopback_port();
        QVERIFY(port > 0);
        GroupSettings s;
        s.size = 2;
        s.master_addr = "127.0.0.1";
        s.master_port = port;
        s.timeout = std::chrono::seconds(2);
        const std::string where = "MASTER_ADDR:MASTER_PORT (127.0.0.1:" + std::to_string(port) + ")";
        s.rank = 1;  // nobody serves the port
        IPT_VERIFY_ERROR_CONTAINS(connect_process_group(s), "rank 1 could not reach rank 0", where.c_str());
        s.rank = 0;  // nobody joins
        IPT_VERIFY_ERROR_CONTAINS(connect_process_group(s), "rank 0", where.c_str(),
                                  "not all 2 processes joined");
    }

    void bucketedCollectivesAcrossTwoRanks() {
        if (!process_group_backend_available("cpu"))
            QSKIP("this LibTorch has no Gloo (USE_C10D_GLOO and gloo/ headers): no process group on the CPU");
        const int port = free_loopback_port();
        QVERIFY(port > 0);
        // Tensors of several dtypes and shapes, one non-contiguous, one larger than a bucket; 64-byte
        // buckets force many collectives and tensors that share one.
        auto tensors_for = [](int rank) {
            const double k = rank + 1;
            at::Tensor square = at::arange(12, at::kFloat).reshape({4, 3});
            return std::vector<at::Tensor>{
                at::arange(15, at::kFloat).reshape({3, 5}) * k,
                at::full({}, 0.25 * k, at::kDouble),
                (square * k).t(),  // a transposed view
                at::arange(40, at::kFloat) * k,
                at::tensor(std::vector<int64_t>{3, -7}) * static_cast<int64_t>(k),
                at::ones({2}, at::kFloat) * k,
            };
        };
        auto rank_main = [&](int rank) {
            GroupSettings s;
            s.rank = rank;
            s.size = 2;
            s.master_addr = "127.0.0.1";
            s.master_port = port;
            s.timeout = std::chrono::seconds(60);
            s.bucket_bytes = 64;
            auto group = connect_process_group(s);
            if (group->rank() != rank || group->size() != 2) throw Error("wrong rank or size");
            RankResult r;
            r.reduced = tensors_for(rank);
            group->all_reduce_sum(r.reduced);
            r.broadcast = tensors_for(rank);
            group->broadcast(r.broadcast, 1);
            group->barrier();
            return r;
        };
        auto zero = std::async(std::launch::async, rank_main, 0);
        auto one = std::async(std::launch::async, rank_main, 1);
        RankResult results[2];
        for (int rank = 0; rank < 2; ++rank) {
            try {
                results[rank] = (rank == 0 ? zero : one).get();
            } catch (const std::exception& e) {
                QFAIL(qPrintable(QString("rank %1: %2").arg(rank).arg(e.what())));
            }
        }
        const auto first = tensors_for(0), second = tensors_for(1);
        for (int rank = 0; rank < 2; ++rank)
            for (size_t i = 0; i < first.size(); ++i) {
                const at::Tensor& got = results[rank].reduced[i];
                QVERIFY2(got.sizes() == first[i].sizes() && got.scalar_type() == first[i].scalar_type(),
                         qPrintable(QString("rank %1, tensor %2 changed shape or dtype").arg(rank).arg(i)));
                QVERIFY2(at::equal(got, first[i] + second[i]),
                         qPrintable(QString("rank %1, tensor %2: wrong sum").arg(rank).arg(i)));
                QVERIFY2(at::equal(results[rank].broadcast[i], second[i]),
                         qPrintable(QString("rank %1, tensor %2: not rank 1's").arg(rank).arg(i)));
            }
    }

    void reduceScatterAndAllGatherAcrossTwoRanks() {
        if (!process_group_backend_available("cpu"))
            QSKIP("this LibTorch has no Gloo (USE_C10D_GLOO and gloo/ headers): no process group on the CPU");
        auto [zero, one] = on_two_ranks([](int rank, ProcessGroup& group) {
            const at::Tensor input = at::arange(10, at::kFloat) * double(rank + 1);  // two chunks of 5
            at::Tensor chunk = at::empty({5}, at::kFloat);
            group.reduce_scatter_sum(input, chunk);
            at::Tensor all = at::empty({10}, at::kFloat);
            group.all_gather(at::full({5}, double(rank + 1), at::kFloat), all);
            return std::make_pair(chunk, all);
        });
        const at::Tensor sum = at::arange(10, at::kFloat) * 3.0;  // 1x + 2x
        QVERIFY(at::equal(zero.first, sum.narrow(0, 0, 5)));
        QVERIFY(at::equal(one.first, sum.narrow(0, 5, 5)));
        const at::Tensor gathered = at::cat({at::full({5}, 1.0), at::full({5}, 2.0)});
        QVERIFY(at::equal(zero.second, gathered) && at::equal(one.second, gathered));
    }

    void shardedOptimizerMatchesTheReplicatedOne() {
        if (!process_group_backend_available("cpu"))
            QSKIP("this LibTorch has no Gloo (USE_C10D_GLOO and gloo/ headers): no process group on the CPU");
        // Three parameters (a matrix, a vector, a matrix) of 31 elements in all; 4-element chunks give
        // several windows, pieces that straddle parameters and a last window that does not divide by 2.
        auto parameters = [] {
            at::manual_seed(1);
            return std::vector<std::pair<std::string, at::Tensor>>{
                {"w1", at::randn({3, 5})}, {"norm", at::randn({4})}, {"w2", at::randn({4, 3})}};
        };
        auto gradients = [](int rank, int step) {
            at::manual_seed(100 + 10 * step + rank);
            return std::vector<at::Tensor>{at::randn({3, 5}), at::randn({4}), at::randn({4, 3})};
        };
        auto train = [&](int rank, ProcessGroup* group, int zero) {
            auto params = parameters();
            for (auto& [name, p] : params) p.requires_grad_(true);
            OptimizerSettings s;
            s.zero = zero;
            s.group = group;
            s.shard_chunk_elements = 4;
            auto optimizer = make_optimizer(params, s);
            for (int step = 0; step < 3; ++step) {
                const auto g = gradients(rank, step);
                for (size_t i = 0; i < params.size(); ++i) params[i].second.mutable_grad() = g[i].clone();
                optimizer->after_backward();
                optimizer->step(0.01, 1.0, at::zeros({}));
                optimizer->zero_grad();
            }
            std::vector<at::Tensor> out;
            for (auto& [name, p] : params) out.push_back(p.detach().clone());
            return std::make_pair(out, optimizer->state_bytes());
        };
        for (int zero : {0, 1, 2}) {
            auto [r0, r1] =
                on_two_ranks([&](int rank, ProcessGroup& group) { return train(rank, &group, zero); });
            // The reference: one process whose gradients are the two ranks' sums.
            auto params = parameters();
            for (auto& [name, p] : params) p.requires_grad_(true);
            auto reference = make_optimizer(params, OptimizerSettings{});
            for (int step = 0; step < 3; ++step) {
                const auto a = gradients(0, step), b = gradients(1, step);
                for (size_t i = 0; i < params.size(); ++i) params[i].second.mutable_grad() = a[i] + b[i];
                reference->step(0.01, 1.0, at::zeros({}));
                reference->zero_grad();
            }
            for (size_t i = 0; i < params.size(); ++i) {
                const at::Tensor& expected = params[i].second;
                QVERIFY2(
                    at::allclose(r0.first[i], expected, 1e-6, 1e-7) && at::equal(r0.first[i], r1.first[i]),
                    qPrintable(QString("ZeRO-%1, parameter %2").arg(zero).arg(i)));
            }
            const int64_t whole = reference->state_bytes();  // moments of 31 elements
            if (zero == 0) {
                QCOMPARE(r0.second, whole);
            } else {
                // Masters, moments and reduced gradients of about half the elements each.
                QVERIFY2(r0.second + r1.second == 2 * whole, qPrintable(QString::number(r0.second)));
                QVERIFY(std::abs(r0.second - r1.second) <= 2 * 16);
            }
        }
    }

    void twoProcessesTrainLikeOne() {
        if (!QFile::exists(test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        if (!process_group_backend_available("cpu"))
            QSKIP("this LibTorch has no Gloo (USE_C10D_GLOO and gloo/ headers): no process group on the CPU");
        auto tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        std::ofstream corpus(dir.filePath("corpus.jsonl").toStdString());
        for (const std::string& text : test::word_documents(200)) {
            corpus << "{\"text\": \"" << text << "\"}\n";
        }
        corpus.close();
        PrepareOptions prepare;
        prepare.inputs = {dir.filePath("corpus.jsonl").toStdString()};
        prepare.output = dir.filePath("data").toStdString();
        prepare_dataset(prepare, *tok);
        data = dir.filePath("data");

        // 512 tokens per step: 4 micro-batches of 4 x 32 in one process, 2 in each of two. No dropout,
        // so both runs compute the same function of the same batches.
        const int steps = 8;
        const std::string toml =
            "[model]\npreset = \"tiny\"\nhidden_dropout = 0.0\n[data]\nsequence_length = 32\nvalidation = "
            "\"" +
            data.toStdString() + "\"\nvalidation_tokens = 640\n[[data.sources]]\npath = \"" +
            data.toStdString() +
            "\"\nweight = 1.0\n[batch]\nglobal_batch_tokens = 512\nmicro_batch = 4\n[optimizer]\nlr = 3e-3\n"
            "min_lr = 3e-4\nwarmup_steps = 2\n[train]\nseed = 11\nsteps = " +
            std::to_string(steps) + "\nlog_every = 1\neval_every = 4\ncheckpoint_every = 4\n";
        const QString config = dir.filePath("run.toml");
        write_file_atomically(config.toStdString(), toml);
        const QString single = dir.filePath("single"), pair = dir.filePath("pair");

        {
            TrainProcess one(dir.path(), "single", environment_without_group());
            one.start(config, single);
            QVERIFY2(one.finish(300000) == 0, qPrintable(one.report()));
        }

        const int port = free_loopback_port();
        QVERIFY(port > 0);
        std::vector<std::unique_ptr<TrainProcess>> ranks;
        for (int rank = 0; rank < 2; ++rank) {
            QProcessEnvironment env = environment_without_group();
            env.insert("WORLD_SIZE", "2");
            env.insert("RANK", QString::number(rank));
            env.insert("LOCAL_RANK", QString::number(rank));
            env.insert("MASTER_ADDR", "127.0.0.1");
            env.insert("MASTER_PORT", QString::number(port));
            ranks.push_back(std::make_unique<TrainProcess>(dir.path(), QString("rank-%1").arg(rank), env));
            ranks.back()->start(config, pair);
        }
        // Both share one deadline; the destructors kill whatever still runs when a check fails.
        const int code0 = ranks[0]->finish(300000);
        const int code1 = ranks[1]->finish(30000);
        QVERIFY2(code0 == 0, qPrintable("rank 0: " + ranks[0]->report()));
        QVERIFY2(code1 == 0, qPrintable("rank 1: " + ranks[1]->report()));

        // Rank 0 alone reports and writes.
        QVERIFY2(test::file_bytes(ranks[0]->out).contains("steps 8"), qPrintable(ranks[0]->report()));
        QVERIFY2(test::file_bytes(ranks[1]->out).isEmpty(), qPrintable(ranks[1]->report()));
        const QByteArray log = test::file_bytes(pair + "/log.txt");
        QVERIFY2(log.contains("2 x 4 x 32 x 2 accumulation"), log.constData());
        QVERIFY2(log.contains("ranks agree: 2 processes hold identical weights"), log.constData());
        QVERIFY(log.count("started:") == 1);

        // One training line per step and one validation line per evaluation, each once, from rank 0.
        const auto one = test::metrics(single), two = test::metrics(pair);
        QCOMPARE(two.size(), size_t(steps + 2));
        QCOMPARE(one.size(), two.size());
        int train_lines = 0;
        double max_loss = 0, max_val = 0;
        for (size_t i = 0; i < two.size(); ++i) {
            QCOMPARE(two[i]["step"].toInt(), one[i]["step"].toInt());
            const bool validation = two[i].contains("val_loss");
            QCOMPARE(one[i].contains("val_loss"), validation);
            const char* key = validation ? "val_loss" : "loss";
            if (!validation) QCOMPARE(two[i]["step"].toInt(), ++train_lines);
            const double a = one[i][key].toDouble(), b = two[i][key].toDouble();
            const double relative = std::abs(a - b) / std::abs(a);
            QVERIFY2(a > 0 && relative < 1e-5, qPrintable(QString("step %1 %2: one process %3, two %4")
                                                              .arg(i)
                                                              .arg(key)
                                                              .arg(a, 0, 'g', 17)
                                                              .arg(b, 0, 'g', 17)));
            double& worst = validation ? max_val : max_loss;
            worst = std::max(worst, relative);
        }
        QCOMPARE(train_lines, steps);
        QCOMPARE(two[4]["step"].toInt(), 4);
        QVERIFY(two[4].contains("val_loss"));
        qInfo("largest relative difference, one process against two: loss %.3g, validation loss %.3g",
              max_loss, max_val);
        QVERIFY(QFile::exists(pair + "/checkpoints/step-0000008/model.safetensors"));
    }

    void zeroTrainsLikePlainDataParallelism() {
        if (data.isEmpty()) QSKIP("needs the dataset of twoProcessesTrainLikeOne");
        // Two processes, 20 steps, with the optimizer state replicated, sharded (ZeRO-1) and sharded
        // with the gradients (ZeRO-2): the same losses. Dropout on: the masks come from each run's own
        // generator, the same in all three.
        auto config_for = [&](int zero, double dropout = 0.1) {
            const std::string toml =
                "[model]\npreset = \"tiny\"\nhidden_dropout = " + std::to_string(dropout) +
                "\n[data]\nsequence_length = 32\n"
                "[[data.sources]]\npath = \"" +
                data.toStdString() +
                "\"\nweight = 1.0\n[batch]\nglobal_batch_tokens = 512\nmicro_batch = 4\n[optimizer]\n"
                "lr = 3e-3\nmin_lr = 3e-4\nwarmup_steps = 2\n[train]\nseed = 12\nsteps = 20\nlog_every = 1\n"
                "checkpoint_every = 5\nkeep_checkpoints = 10\nzero = " +
                std::to_string(zero) + "\n";
            const QString path = dir.filePath(QString("zero-%1-%2.toml").arg(zero).arg(dropout));
            write_file_atomically(path.toStdString(), toml);
            return path;
        };
        auto run_pair = [&](const QStringList& args, const QString& name) {
            const int port = free_loopback_port();
            std::vector<std::unique_ptr<TrainProcess>> ranks;
            for (int rank = 0; rank < 2; ++rank) {
                ranks.push_back(std::make_unique<TrainProcess>(
                    dir.path(), QString("%1-%2").arg(name).arg(rank), rank_environment(rank, port)));
                ranks.back()->process.start(IPT_CLI, QStringList{"--threads", "1"} + args);
            }
            return ranks;
        };
        std::map<int, std::vector<QJsonObject>> metrics;
        for (int zero : {0, 1, 2}) {
            const QString run = dir.filePath(QString("zero-%1").arg(zero));
            auto ranks = run_pair({"train", "--config", config_for(zero), "--run", run, "--quiet"},
                                  QString("zero-%1").arg(zero));
            QVERIFY2(ranks[0]->finish(300000) == 0, qPrintable(ranks[0]->report()));
            QVERIFY2(ranks[1]->finish(30000) == 0, qPrintable(ranks[1]->report()));
            metrics[zero] = test::metrics(run);
            QCOMPARE(metrics[zero].size(), size_t(20));
            if (zero > 0)
                QVERIFY(QFile::exists(run +
                                      "/checkpoints/step-0000020/optimizer/rank-00001-of-00002.safetensors"));
        }
        for (int zero : {1, 2})
            for (size_t i = 0; i < 20; ++i) {
                const double a = metrics[0][i]["loss"].toDouble(), b = metrics[zero][i]["loss"].toDouble();
                QVERIFY2(std::abs(a - b) / a < 1e-6, qPrintable(QString("ZeRO-%1, step %2: %3 vs %4")
                                                                    .arg(zero)
                                                                    .arg(i + 1)
                                                                    .arg(a, 0, 'g', 17)
                                                                    .arg(b, 0, 'g', 17)));
            }

        // SIGKILL both processes of a ZeRO-1 run after its step-10 checkpoint, resume: the same run.
        const QString killed = dir.filePath("zero-killed");
        {
            auto ranks = run_pair({"train", "--config", config_for(1), "--run", killed, "--quiet"}, "killed");
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(killed + "/checkpoints/step-0000010/trainer_state.json"),
                                     300000);
            for (auto& r : ranks) ::kill(static_cast<pid_t>(r->process.processId()), SIGKILL);
        }
        {
            auto ranks = run_pair({"train", "--resume", killed, "--quiet"}, "resumed");
            QVERIFY2(ranks[0]->finish(300000) == 0, qPrintable(ranks[0]->report()));
            QVERIFY2(ranks[1]->finish(30000) == 0, qPrintable(ranks[1]->report()));
        }
        const auto resumed = test::metrics(killed);
        QCOMPARE(resumed.size(), size_t(20));
        for (size_t i = 0; i < 20; ++i)
            QCOMPARE(resumed[i]["loss"].toDouble(), metrics[1][i]["loss"].toDouble());
        QCOMPARE(test::file_bytes(killed + "/checkpoints/step-0000020/model.safetensors"),
                 test::file_bytes(dir.filePath("zero-1") + "/checkpoints/step-0000020/model.safetensors"));

        // The sharded state of two processes, resumed by one (twice the accumulation, the same batches;
        // no dropout, whose masks depend on the process count).
        const QString two = dir.filePath("zero-no-dropout");
        {
            auto ranks =
                run_pair({"train", "--config", config_for(1, 0.0), "--run", two, "--quiet"}, "nodrop");
            QVERIFY2(ranks[0]->finish(300000) == 0, qPrintable(ranks[0]->report()));
            QVERIFY2(ranks[1]->finish(30000) == 0, qPrintable(ranks[1]->report()));
        }
        const auto pair_metrics = test::metrics(two);
        const QString one = dir.filePath("zero-one");
        QVERIFY(QDir().mkpath(one + "/checkpoints"));
        QFile::copy(two + "/config.toml", one + "/config.toml");
        QDir src(two + "/checkpoints/step-0000010");
        QVERIFY(QProcess::execute("cp", {"-r", src.path(), one + "/checkpoints/"}) == 0);
        write_file_atomically((one + "/checkpoints/latest").toStdString(), "step-0000010\n");
        TrainProcess single(dir.path(), "zero-one", environment_without_group());
        single.process.start(IPT_CLI, {"--threads", "1", "train", "--resume", one, "--quiet"});
        QVERIFY2(single.finish(300000) == 0, qPrintable(single.report()));
        const auto resharded = test::metrics(one);
        QCOMPARE(resharded.size(), size_t(10));
        for (size_t i = 0; i < 10; ++i) {
            const double a = pair_metrics[10 + i]["loss"].toDouble(), b = resharded[i]["loss"].toDouble();
            QVERIFY2(std::abs(a - b) / a < 1e-5,
                     qPrintable(QString("step %1: two processes %2, one %3").arg(11 + i).arg(a).arg(b)));
        }
    }

    void cleanupTestCase() { GroupEnv::clear(); }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "test_distributed.moc"
