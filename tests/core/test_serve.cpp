// `ipt serve` and the completions client: the workbench's client reads from our server what the official
// `openai` Python client read (goldens in tests/compat/openai/), the server's greedy text is the local
// engine's, refusals are final and an absent server is retried, and synthesis through the server stops
// when the server is killed mid-run and resumes after a restart with every text exactly once, its
// generations those of the local engine.
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QTemporaryDir>

#include <fstream>
#include <map>
#include <thread>

#include "ipt/model/generator.h"
#include "ipt/model/hf_folder.h"
#include "ipt/serve/completions_client.h"
#include "ipt/data/pair_record.h"
#include "ipt/text/tokenizer.h"
#include "test_support.h"

using namespace ipt;

namespace {

QJsonDocument read_json(const QString& path) {
    return QJsonDocument::fromJson(test::file_bytes(path));
}

// `ipt serve` on a port: 0 for any free one (read back from its first line).
struct Server {
    QProcess process;
    int port = 0;
    bool start(const QString& model, int wanted = 0) {
        process.start(IPT_CLI,
                      {"--threads", "1", "serve", "--model", model, "--port", QString::number(wanted)});
        if (!process.waitForStarted()) return false;
        QElapsedTimer t;
        t.start();
        while (!process.canReadLine() && t.elapsed() < 60000) process.waitForReadyRead(100);
        const QString line = QString::fromUtf8(process.readLine());
        const int at = line.indexOf(":", line.indexOf("127.0.0.1"));
        port = line.mid(at + 1).section('/', 0, 0).toInt();
        return port > 0;
    }
    void kill() {
        process.kill();
        process.waitForFinished();
    }
    ~Server() {
        if (process.state() != QProcess::NotRunning) kill();
    }
    EndpointSettings endpoint() const {
        EndpointSettings e;
        e.base_url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
        e.model = "tiny";
        e.retries = 0;
        e.timeout_seconds = 60;
        return e;
    }
};

std::map<std::string, PairRecord> by_id(const std::vector<PairRecord>& records) {
    std::map<std::string, PairRecord> out;
    for (const auto& r : records) out[r.id] = r;
    return out;
}

}  // namespace

class TestServe : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString model;

  private slots:
    void initTestCase() {
        if (!QFile::exists(test::llama2_tokenizer())) QSKIP("fixture missing: llama2-tokenizer.model");
        model = dir.filePath("tiny");
        test::CliRun r = test::ipt_cli({"model", "init", "--preset", "tiny", "--tokenizer",
                                        test::llama2_tokenizer(), "--seed", "4", "--out", model});
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    void ourClientReadsWhatTheOpenAiClientRead() {
        const QString compat = QString(IPT_SOURCE_DIR) + "/tests/compat/openai/";
        const QJsonArray requests = read_json(compat + "requests.json").array();
        const QJsonObject golden = read_json(compat + "responses.json").object();
        QVERIFY(!requests.isEmpty() && !golden.isEmpty());
        Server server;
        QVERIFY(server.start(model));
        CompletionsClient client(server.endpoint());
        QCOMPARE(client.models(), std::vector<std::string>{"tiny"});
        EndpointSettings unnamed = server.endpoint();
        unnamed.model.clear();  // the list is what a person chooses the name from
        QCOMPARE(list_models(unnamed), std::vector<std::string>{"tiny"});
        for (const QJsonValue& v : requests) {
            const QJsonObject r = v.toObject();
            const QJsonObject expected = golden[r["name"].toString()].toObject();
            // A list of prompts: one request each here (the golden holds one choice per prompt).
            QJsonArray prompts = r["prompt"].isArray() && r["prompt"].toArray().first().isString()
                                     ? r["prompt"].toArray()
                                     : QJsonArray{r["prompt"]};
            int64_t tokens = 0;
            for (int i = 0; i < prompts.size(); ++i) {
                CompletionRequest c;
                c.max_tokens = r["max_tokens"].toInt();
                if (prompts[i].isString()) {
                    c.prompt = prompts[i].toString().toStdString();
                } else {
                    for (const QJsonValue& id : prompts[i].toArray()) c.prompt_ids.push_back(id.toInt());
                }
                const Completion got = client.complete(c);
                QCOMPARE(QString::fromStdString(got.text), expected["texts"].toArray()[i].toString());
                QCOMPARE(QString::fromStdString(got.finish_reason),
                         expected["finish_reasons"].toArray()[i].toString());
                QCOMPARE(got.attempts, 1);
                tokens += got.completion_tokens;
            }
            QCOMPARE(tokens, int64_t(expected["completion_tokens"].toInt()));
        }
        CompletionRequest c;
        c.prompt = requests[0].toObject()["prompt"].toString().toStdString();
        c.max_tokens = requests[0].toObject()["max_tokens"].toInt();
        std::string deltas;
        const Completion streamed = client.complete(c, nullptr, [&](const std::string& d) { deltas += d; });
        QCOMPARE(QString::fromStdString(streamed.text), golden["stream"].toObject()["text"].toString());
        QCOMPARE(deltas, streamed.text);
        QCOMPARE(QString::fromStdString(streamed.finish_reason),
                 golden["stream"].toObject()["finish_reason"].toString());
        c.stop = {golden["stop"].toObject()["stop"].toString().toStdString()};
        const Completion stopped = client.complete(c);
        QCOMPARE(QString::fromStdString(stopped.text), golden["stop"].toObject()["text"].toString());
        QCOMPARE(stopped.finish_reason, std::string("stop"));

        // A refusal is final: no retry, the server's message in the error.
        EndpointSettings other = server.endpoint();
        other.model = "other";
        other.retries = 3;
        // Held here: the macro reads its needles after the statement, when a temporary would be gone.
        const std::string message = golden["unknown_model"].toObject()["message"].toString().toStdString();
        IPT_VERIFY_ERROR_CONTAINS(CompletionsClient(other).complete(c), "HTTP 404", message.c_str());
    }

    void serverTextIsTheLocalEnginesText() {
        // The same weights in this process, through the Generator: what the server must have sent.
        LoadedModel loaded = load_hf_model(model.toStdString());
        auto tokenizer = load_tokenizer((model + "/tokenizer.model").toStdString());
        EncodeOptions bos;
        bos.add_bos = true;
        GenerationOptions options;
        options.max_new_tokens = 12;
        const Generation g = Generator(*loaded.model, tokenizer.get())
                                 .generate({tokenizer->encode("Once upon a time", bos)}, options)[0];
        const QJsonObject golden =
            read_json(QString(IPT_SOURCE_DIR) + "/tests/compat/openai/responses.json").object();
        QCOMPARE(QString::fromStdString(g.text), golden["text"].toObject()["texts"].toArray()[0].toString());
    }

    void anAbsentServerIsRetriedThenReported() {
        EndpointSettings e;
        e.base_url = "http://127.0.0.1:9/v1";  // the discard port: nothing listens
        e.model = "tiny";
        e.retries = 2;
        e.backoff_seconds = 0.01;
        e.timeout_seconds = 5;
        CompletionRequest c;
        c.prompt = "x";
        IPT_VERIFY_ERROR_CONTAINS(CompletionsClient(e).complete(c), "no answer", "after 3 attempts");
        e.base_url = "ftp://host";
        IPT_VERIFY_ERROR_CONTAINS(CompletionsClient{e}, "http://");
    }

    // A completion that is not streamed sends nothing until it is done: a cancel must not wait for it.
    void aCancelDoesNotWaitForTheAnswer() {
        Server server;
        QVERIFY(server.start(model));
        CompletionsClient client(server.endpoint());
        CompletionRequest c;
        c.prompt = "The";
        c.max_tokens = 480;
        QElapsedTimer t;
        t.start();
        const Completion full = client.complete(c);
        const qint64 full_ms = t.elapsed();
        if (full.completion_tokens < 400) QSKIP("the model ended early; nothing long to cancel");
        CancelToken cancel;
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(full_ms / 10));
            cancel.cancel();
        });
        t.restart();
        IPT_VERIFY_ERROR_CONTAINS(client.complete(c, &cancel), "cancelled");
        const qint64 cancelled_ms = t.elapsed();
        canceller.join();
        QVERIFY2(cancelled_ms < full_ms / 2,
                 qPrintable(QString("cancelled after %1 ms; the whole answer took %2 ms")
                                .arg(cancelled_ms)
                                .arg(full_ms)));
        QCOMPARE(client.complete(c).text, full.text);  // the server goes on serving
    }

    // The rule every front-end shows: each bad setting named (the GUI's banner shows these words).
    void badSettingsAreNamed() {
        EndpointSettings e;
        e.model = "tiny";
        IPT_VERIFY_ERROR_CONTAINS(e.validate(), "base URL is empty");
        e.base_url = "gpu-node:8000/v1";
        IPT_VERIFY_ERROR_CONTAINS(e.validate(), "base URL 'gpu-node:8000/v1'", "http://");
        e.base_url = "http:///v1";
        IPT_VERIFY_ERROR_CONTAINS(e.validate(), "names no host");
        e.base_url = "https://gpu-node:8000/v1/";
        e.validate();
        e.model.clear();
        IPT_VERIFY_ERROR_CONTAINS(e.validate(), "model name");
        e.validate_connection();  // enough to list the served models
        e.model = "tiny";
        e.concurrency = 0;
        IPT_VERIFY_ERROR_CONTAINS(e.validate(), "concurrency");
        e.concurrency = 1;
        e.timeout_seconds = 0;
        IPT_VERIFY_ERROR_CONTAINS(e.validate(), "timeout");
        IPT_VERIFY_ERROR_CONTAINS(list_models(e), "timeout");
    }

    void synthesisThroughTheServerSurvivesItsRestart() {
        const QString raw = dir.filePath("raw.jsonl");
        {
            std::ofstream out(raw.toStdString());
            for (int i = 0; i < 40; ++i)
                out << "{\"id\": \"d" << i << "\", \"text\": \"Text number " << i
                    << " tells of rivers, rain and " << (i * 7) % 13 << " boats.\"}\n";
        }
        const QStringList settings = {"--input", raw, "--rounds",  "2",   "--max-new-tokens", "24",
                                      "--batch", "2", "--context", "512", "--quiet"};
        const QString local = dir.filePath("local.jsonl"), remote = dir.filePath("remote.jsonl");
        test::CliRun r =
            test::ipt_cli(QStringList{"synth", "run", "--synthesizer", model, "--out", local} + settings);
        QVERIFY2(r.code == 0, qPrintable(r.err));

        Server server;
        QVERIFY(server.start(model));
        const int port = server.port;
        const QStringList through = QStringList{"synth",
                                                "run",
                                                "--endpoint",
                                                QString("http://127.0.0.1:%1/v1").arg(port),
                                                "--endpoint-model",
                                                "tiny",
                                                "--tokenizer",
                                                model + "/tokenizer.model",
                                                "--out",
                                                remote,
                                                "--group",
                                                "2",
                                                "--retries",
                                                "1",
                                                "--timeout",
                                                "20"} +
                                    settings;
        QProcess client;
        client.start(IPT_CLI, through);
        QVERIFY(client.waitForStarted());
        QElapsedTimer waited;
        waited.start();
        while (!test::file_bytes(remote + ".partial").contains('\n') && waited.elapsed() < 120000)
            QTest::qWait(5);
        server.kill();  // mid-run: the client's requests now go unanswered
        QVERIFY(client.waitForFinished(120000));
        QVERIFY(client.exitCode() != 0);
        QVERIFY2(QString::fromUtf8(client.readAllStandardError()).contains("run the same command again"),
                 "the client does not say how to resume");
        QVERIFY(!QFile::exists(remote) && QFile::exists(remote + ".partial"));
        const int kept = test::file_bytes(remote + ".partial").count('\n');
        QVERIFY(kept < 40);

        Server again;
        QVERIFY(again.start(model, port));
        r = test::ipt_cli(through);
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY(r.out.contains("resumed after"));
        const std::vector<PairRecord> records = read_pairs_file(remote.toStdString());
        QCOMPARE(records.size(), size_t(40));
        const auto reference = by_id(read_pairs_file(local.toStdString()));
        for (size_t i = 0; i < records.size(); ++i) {
            QCOMPARE(records[i].id, "d" + std::to_string(i));  // in input order, each once
            QCOMPARE(QString::fromStdString(records[i].raw_output),
                     QString::fromStdString(reference.at(records[i].id).raw_output));
        }
    }
};

QTEST_APPLESS_MAIN(TestServe)
#include "test_serve.moc"
