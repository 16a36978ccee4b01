#pragma once
// An expansion folder as `ipt vocab expand` and `ipt vocab report` leave it: expansion.json (the new
// tokens, the methods) and report.json (per method: norms, cosine to the Mean vector, nearest source
// neighbours, 2-D PCA coordinates; the speed-up measurement). The file contracts are in
// notes/contracts; unknown fields are ignored, missing optional ones stay empty.
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

struct NewToken {
    qint64 id = 0;
    QString piece;
    qint64 frequency = 0;           // in the expansion corpus (expansion.json)
    std::optional<qint64> heldout;  // in the report's held-out text
};

struct Neighbour {
    qint64 id = 0;
    QString piece;
    double cosine = 0;
};

struct MethodReport {
    QString name;
    QVector<double> norms;         // per new token
    QVector<double> cosineToMean;  // per new token
    QVector<QVector<Neighbour>> neighbours;
    std::optional<double> sourceNormMean, sourceNormStd;
    QVector<QPointF> pcaSource, pcaNew;
};

struct Speedup {
    double characters = 0, words = 0, sourceTokens = 0, expandedTokens = 0;
    double sourceTokensPerChar = 0, expandedTokensPerChar = 0;
    double sourceTokensPerWord = 0, expandedTokensPerWord = 0;
    double lengthReductionPercent = 0;
    std::optional<double> sourceTokensPerS, expandedTokensPerS, speedupPercent;
    QString throughputKind;  // "same_text": prefill + teacher-forced decoding of the same characters
    // The same-text measurement's spread and what explains it (absent in older reports).
    std::optional<double> speedupMinPercent, speedupMaxPercent, predictedSpeedupPercent, perTokenCostRatio;
    std::optional<double> repeats, timedCharacters;
};

// Held-out loss per character of one model before adaptation: on the target text and, when the report
// has one, on source-language text.
struct HeldoutLossRow {
    QString model;  // "source" or a method
    double targetBitsPerChar = 0;
    std::optional<double> sourceLanguageBitsPerChar;
};

struct ExpansionReport {
    QString folder;
    QString sourceModel, sourceTokenizer, corpus;
    qint64 sourceVocabSize = 0, vocabSize = 0;
    QStringList methods;  // from expansion.json
    QVector<NewToken> tokens;
    bool hasReport = false;  // report.json was there
    std::optional<Speedup> speedup;
    QString heldoutUnit;                  // "bits per character"; empty: the report has no held-out loss
    QVector<HeldoutLossRow> heldoutLoss;  // the source model first, then the methods in the report's order
    QVector<MethodReport> methodReports;  // in the report's order

    const MethodReport* method(const QString& name) const;
};

// Reads DIR/expansion.json and, when present, DIR/report.json. Throws ipt::FileError naming the file
// and the key for anything that breaks the contract (a per-token array of the wrong length included).
ExpansionReport readExpansionReport(const QString& folder);
