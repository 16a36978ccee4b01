#pragma once
// Helpers shared by the core tests: fixtures, tiny models, and running Python for reference files.
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QString>
#include <QtTest/QtTest>

#include <ATen/ATen.h>

#include <string>
#include <c10/core/GradMode.h>

#include "ipt/model/decoder.h"
#include "ipt/model/model_config.h"

namespace ipt::test {

inline QString fixture(const char* name) {
    return QString(IPT_FIXTURES_DIR) + "/" + name;
}

inline QString llama2_tokenizer() {
    return fixture("llama2-tokenizer.model");
}

// Runs a Python program (standard library only) with arguments; fails the test on a non-zero exit.
inline QByteArray run_python(const QString& program, const QStringList& args = {}) {
    QProcess process;
    process.start(IPT_PYTHON, QStringList{"-c", program} + args);
    if (!process.waitForFinished(120000)) return "python did not finish";
    if (process.exitCode() != 0) qWarning("python failed: %s", process.readAllStandardError().constData());
    return process.readAllStandardOutput();
}

// What `ipt` (the command line built with the tests) did with some arguments. code: the exit status, -2
// after a crash, -1 when it did not finish within five minutes.
struct CliRun {
    int code = -1;
    QString out, err;
};

inline CliRun ipt_cli(const QStringList& args) {
    QProcess p;
    p.start(IPT_CLI, args);
    CliRun r;
    if (!p.waitForFinished(300000)) return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// A small fp32 decoder with deterministic weights; norms are randomised too so that they matter.
inline Decoder tiny_decoder(ModelConfig config, uint64_t seed = 7) {
    Decoder model(config, at::TensorOptions().dtype(at::kFloat));
    model.init_weights(seed);
    at::manual_seed(seed);
    c10::NoGradGuard no_grad;
    for (const auto& [name, p] : model.named_parameters())
        if (p.dim() == 1) p.copy_(at::rand(p.sizes(), at::TensorOptions().dtype(at::kFloat)) + 0.5);
    return model;
}

inline ModelConfig tiny_config(int64_t vocab = 97) {
    ModelConfig c = model_preset("tiny");
    c.vocab_size = vocab;
    c.max_position_embeddings = 256;
    return c;
}

// The lines of a run's metrics.jsonl.
inline std::vector<QJsonObject> metrics(const QString& run) {
    std::vector<QJsonObject> out;
    QFile f(run + "/metrics.jsonl");
    if (!f.open(QIODevice::ReadOnly)) return out;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (!line.isEmpty()) out.push_back(QJsonDocument::fromJson(line).object());
    return out;
}

inline QByteArray file_bytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Deterministic word-salad documents for training tests (the same on every machine).
inline std::vector<std::string> word_documents(int documents, int words = 40) {
    static const char* vocabulary[] = {"the",      "of",   "and",  "model", "training",
                                       "language", "data", "text", "pairs", "answer"};
    std::vector<std::string> out;
    uint32_t x = 1;
    for (int d = 0; d < documents; ++d) {
        std::string text;
        for (int w = 0; w < words; ++w)
            text += std::string(w ? " " : "") + vocabulary[(x = x * 1103515245 + 12345) % 10];
        out.push_back(text);
    }
    return out;
}

inline std::string expect_error(const std::function<void()>& body) {
    try {
        body();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "<no error thrown>";
}

}  // namespace ipt::test

#define IPT_VERIFY_ERROR_CONTAINS(statement, ...)                                                      \
    do {                                                                                               \
        const std::string _message = ::ipt::test::expect_error([&] { statement; });                    \
        for (const char* _part : {__VA_ARGS__})                                                        \
            QVERIFY2(_message.find(_part) != std::string::npos,                                        \
                     qPrintable(QString("message \"%1\" lacks \"%2\"").arg(_message.c_str(), _part))); \
    } while (0)
