#include "embeddings/expansion_report.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "common/local_path.h"
#include "ipt/common/error.h"

namespace {

struct JsonFile {
    QString path;
    QJsonObject root;

    [[noreturn]] void fail(const QString& key, const QString& problem) const {
        throw ipt::FileError(localPath(path), QStringLiteral("key '%1': %2").arg(key, problem).toStdString());
    }
    QJsonValue require(const QJsonObject& object, const QString& key, const QString& where) const {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull()) fail(where + key, QStringLiteral("missing"));
        return value;
    }
    double number(const QJsonObject& object, const QString& key, const QString& where) const {
        const QJsonValue value = require(object, key, where);
        if (!value.isDouble()) fail(where + key, QStringLiteral("not a number"));
        return value.toDouble();
    }
    std::optional<double> optionalNumber(const QJsonObject& object, const QString& key) const {
        const QJsonValue value = object.value(key);
        return value.isDouble() ? std::optional<double>(value.toDouble()) : std::nullopt;
    }
    QJsonArray array(const QJsonObject& object, const QString& key, const QString& where) const {
        const QJsonValue value = require(object, key, where);
        if (!value.isArray()) fail(where + key, QStringLiteral("not an array"));
        return value.toArray();
    }
};

JsonFile readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ipt::FileError(localPath(path), file.errorString().toStdString());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        throw ipt::FileError(localPath(path), QStringLiteral("malformed JSON at byte %1: %2")
                                                  .arg(error.offset)
                                                  .arg(error.errorString())
                                                  .toStdString());
    if (!document.isObject()) throw ipt::FileError(localPath(path), "expected a JSON object");
    return {path, document.object()};
}

QVector<double> numbers(const JsonFile& file, const QJsonObject& object, const QString& key,
                        const QString& where, int expected) {
    const QJsonArray values = file.array(object, key, where);
    if (values.size() != expected)
        file.fail(where + key,
                  QStringLiteral("has %1 entries for %2 new tokens").arg(values.size()).arg(expected));
    QVector<double> out;
    out.reserve(values.size());
    for (const QJsonValue& v : values) out << v.toDouble(qQNaN());
    return out;
}

QVector<QPointF> points(const JsonFile& file, const QJsonArray& rows, const QString& where) {
    QVector<QPointF> out;
    out.reserve(rows.size());
    for (int i = 0; i < rows.size(); ++i) {
        const QJsonArray xy = rows[i].toArray();
        if (xy.size() != 2)
            file.fail(QStringLiteral("%1[%2]").arg(where).arg(i), QStringLiteral("expected [x, y]"));
        out << QPointF(xy[0].toDouble(), xy[1].toDouble());
    }
    return out;
}

void readExpansion(const JsonFile& file, ExpansionReport& report) {
    const QJsonObject& root = file.root;
    report.sourceModel = root.value("source_model").toString();
    report.sourceTokenizer = root.value("source_tokenizer").toString();
    report.corpus = root.value("corpus").toString();
    report.sourceVocabSize = qint64(root.value("source_vocab_size").toDouble());
    report.vocabSize = qint64(root.value("vocab_size").toDouble());
    for (const QJsonValue& method : root.value("methods").toArray()) report.methods << method.toString();
    const QJsonArray tokens = file.array(root, "new_tokens", QString());
    for (int i = 0; i < tokens.size(); ++i) {
        const QJsonObject t = tokens[i].toObject();
        const QString where = QStringLiteral("new_tokens[%1].").arg(i);
        NewToken token;
        token.id = qint64(file.number(t, "id", where));
        token.piece = file.require(t, "piece", where).toString();
        token.frequency = qint64(t.value("frequency").toDouble());
        report.tokens << token;
    }
}

void readSpeedup(const JsonFile& file, const QJsonObject& s, ExpansionReport& report) {
    const QString where = QStringLiteral("speedup.");
    Speedup speed;
    speed.characters = file.number(s, "characters", where);
    speed.words = file.number(s, "words", where);
    speed.sourceTokens = file.number(s, "source_tokens", where);
    speed.expandedTokens = file.number(s, "expanded_tokens", where);
    speed.sourceTokensPerChar = file.number(s, "source_tokens_per_char", where);
    speed.expandedTokensPerChar = file.number(s, "expanded_tokens_per_char", where);
    speed.sourceTokensPerWord = file.number(s, "source_tokens_per_word", where);
    speed.expandedTokensPerWord = file.number(s, "expanded_tokens_per_word", where);
    speed.lengthReductionPercent = file.number(s, "length_reduction_percent", where);
    speed.sourceTokensPerS = file.optionalNumber(s, "source_tokens_per_s");
    speed.expandedTokensPerS = file.optionalNumber(s, "expanded_tokens_per_s");
    speed.speedupPercent = file.optionalNumber(s, "speedup_percent");
    speed.throughputKind = s.value("throughput_kind").toString();
    speed.speedupMinPercent = file.optionalNumber(s, "speedup_percent_min");
    speed.speedupMaxPercent = file.optionalNumber(s, "speedup_percent_max");
    // What the timed text's token counts predict is what the measured speed-up compares with.
    speed.predictedSpeedupPercent = file.optionalNumber(s, "timed_predicted_speedup_percent");
    if (!speed.predictedSpeedupPercent)
        speed.predictedSpeedupPercent = file.optionalNumber(s, "predicted_speedup_percent");
    speed.perTokenCostRatio = file.optionalNumber(s, "per_token_cost_ratio");
    speed.repeats = file.optionalNumber(s, "repeats");
    speed.timedCharacters = file.optionalNumber(s, "timed_characters");
    report.speedup = speed;
}

void readHeldoutLoss(const JsonFile& file, const QJsonObject& loss, ExpansionReport& report) {
    const QJsonObject target = loss.value("target").toObject();
    const QJsonObject sourceLanguage = loss.value("source_language").toObject();
    const auto row = [&](const QString& model, const QJsonObject& onTarget, const QJsonObject& onSource,
                         const QString& where) {
        HeldoutLossRow r;
        r.model = model;
        r.targetBitsPerChar = file.number(onTarget, "bits_per_char", where);
        if (onSource.contains("bits_per_char"))
            r.sourceLanguageBitsPerChar = onSource.value("bits_per_char").toDouble();
        report.heldoutLoss << r;
    };
    row(QStringLiteral("source"), target.value("source").toObject(),
        sourceLanguage.value("source").toObject(), QStringLiteral("heldout_loss.target.source."));
    const QJsonObject methods = target.value("methods").toObject();
    const QJsonObject sourceMethods = sourceLanguage.value("methods").toObject();
    // In expansion.json's order, so that the table reads like the other views.
    for (const QString& m : report.methods)
        if (methods.contains(m))
            row(m, methods.value(m).toObject(), sourceMethods.value(m).toObject(),
                QStringLiteral("heldout_loss.target.methods.%1.").arg(m));
    report.heldoutUnit = loss.value("unit").toString(QStringLiteral("bits per character"));
}

MethodReport readMethod(const JsonFile& file, const QString& name, const QJsonObject& m, int tokens) {
    const QString where = QStringLiteral("methods.%1.").arg(name);
    MethodReport method;
    method.name = name;
    method.norms = numbers(file, m, "norms", where, tokens);
    method.cosineToMean = numbers(file, m, "cosine_to_mean", where, tokens);
    method.sourceNormMean = file.optionalNumber(m, "source_norm_mean");
    method.sourceNormStd = file.optionalNumber(m, "source_norm_std");
    const QJsonArray lists = file.array(m, "neighbours", where);
    if (lists.size() != tokens)
        file.fail(where + "neighbours",
                  QStringLiteral("has %1 entries for %2 new tokens").arg(lists.size()).arg(tokens));
    for (const QJsonValue& list : lists) {
        QVector<Neighbour> row;
        for (const QJsonValue& entry : list.toArray()) {
            const QJsonObject n = entry.toObject();
            row << Neighbour{qint64(n.value("id").toDouble()), n.value("piece").toString(),
                             n.value("cosine").toDouble(qQNaN())};
        }
        method.neighbours << row;
    }
    if (m.value("pca").isObject()) {
        const QJsonObject pca = m.value("pca").toObject();
        method.pcaSource = points(file, pca.value("source").toArray(), where + "pca.source");
        method.pcaNew = points(file, pca.value("new").toArray(), where + "pca.new");
        if (method.pcaNew.size() != tokens)
            file.fail(
                where + "pca.new",
                QStringLiteral("has %1 points for %2 new tokens").arg(method.pcaNew.size()).arg(tokens));
    }
    return method;
}

void readReport(const JsonFile& file, ExpansionReport& report) {
    report.hasReport = true;
    const QJsonObject& root = file.root;
    if (root.value("speedup").isObject()) readSpeedup(file, root.value("speedup").toObject(), report);
    if (root.value("heldout_loss").isObject())
        readHeldoutLoss(file, root.value("heldout_loss").toObject(), report);
    // The report's token list decides the order of every per-token array in it.
    const QJsonArray tokens = file.array(root, "new_tokens", QString());
    if (tokens.size() != report.tokens.size())
        file.fail("new_tokens", QStringLiteral("lists %1 tokens but expansion.json has %2")
                                    .arg(tokens.size())
                                    .arg(report.tokens.size()));
    QHash<qint64, qint64> heldout;
    for (int i = 0; i < tokens.size(); ++i) {
        const QJsonObject t = tokens[i].toObject();
        const qint64 id = qint64(file.number(t, "id", QStringLiteral("new_tokens[%1].").arg(i)));
        if (id != report.tokens[i].id)
            file.fail(QStringLiteral("new_tokens[%1].id").arg(i),
                      QStringLiteral("is %1 where expansion.json has %2").arg(id).arg(report.tokens[i].id));
        if (t.value("frequency_heldout").isDouble())
            report.tokens[i].heldout = qint64(t.value("frequency_heldout").toDouble());
    }
    const QJsonValue methods = root.value("methods");
    if (!methods.isObject()) file.fail("methods", QStringLiteral("missing or not an object"));
    const QJsonObject byName = methods.toObject();
    // JSON objects have no order; the expansion's method list gives one, the rest follow by name.
    QStringList order;
    for (const QString& name : report.methods)
        if (byName.contains(name)) order << name;
    for (const QString& name : byName.keys())
        if (!order.contains(name)) order << name;
    for (const QString& name : order)
        report.methodReports << readMethod(file, name, byName.value(name).toObject(),
                                           int(report.tokens.size()));
}

}  // namespace

const MethodReport* ExpansionReport::method(const QString& name) const {
    for (const MethodReport& m : methodReports)
        if (m.name == name) return &m;
    return nullptr;
}

ExpansionReport readExpansionReport(const QString& folder) {
    ExpansionReport report;
    report.folder = QDir::cleanPath(folder);
    const QDir dir(folder);
    readExpansion(readJson(dir.filePath("expansion.json")), report);
    if (QFile::exists(dir.filePath("report.json"))) readReport(readJson(dir.filePath("report.json")), report);
    return report;
}
