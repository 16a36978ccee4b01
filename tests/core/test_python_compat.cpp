// PythonRandom and python_text against CPython's own `random` module and str methods (standard library,
// run as a subprocess): the reference is the interpreter, not this code.
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include "ipt/common/python_random.h"
#include "ipt/common/python_text.h"
#include "test_support.h"

using namespace ipt;

class TestPythonCompat : public QObject {
    Q_OBJECT
  private:
    QJsonObject reference_;

    static std::vector<int64_t> seeds() { return {0, 1, 1234, 42, -5, 12345, 1099511627779LL, 4294967296LL}; }

  private slots:
    void initTestCase() {
        const char* program = R"(
import json, random, sys
out = {}
for seed in [0, 1, 1234, 42, -5, 12345, 2**40 + 3, 2**32]:
    r = random.Random(seed)
    d = {}
    d["u32"] = [r.getrandbits(32) for _ in range(5)]
    d["bits"] = [r.getrandbits(k) for k in range(1, 65)]
    d["random"] = [r.random() for _ in range(5)]
    d["below"] = [r.randrange(n) for n in [1, 2, 3, 7, 10, 100, 1000, 2**31 + 5]]
    x = list(range(30)); r.shuffle(x); d["shuffle"] = x
    d["sample_small"] = r.sample(range(10), 3)
    d["sample_all"] = r.sample(range(50), 50)
    d["sample_set"] = r.sample(range(1000), 7)
    d["sample_big"] = r.sample(range(5000), 40)
    d["choice"] = [r.choice(range(17)) for _ in range(5)]
    d["weighted"] = [r.choices(range(5), weights=[80, 5, 5, 5, 5], k=1)[0] for _ in range(40)]
    d["weighted2"] = [r.choices([True, False], weights=[5, 95], k=1)[0] for _ in range(20)]
    out[str(seed)] = d
print(json.dumps(out))
)";
        const QByteArray json = test::run_python(program);
        reference_ = QJsonDocument::fromJson(json).object();
        if (reference_.isEmpty()) QSKIP("python3 did not run; it is the reference here");
    }

    void same_draws_as_cpython() {
        for (int64_t seed : seeds()) {
            const QJsonObject d = reference_.value(QString::number(seed)).toObject();
            QVERIFY2(!d.isEmpty(), qPrintable(QString("no reference for seed %1").arg(seed)));
            PythonRandom r(seed);
            auto as_u64 = [](const QJsonValue& v) { return static_cast<uint64_t>(v.toDouble()); };
            const QString at = QString("seed %1").arg(seed);
            for (const QJsonValue& v : d["u32"].toArray()) QCOMPARE(uint64_t(r.getrandbits(32)), as_u64(v));
            // 2^53 and above do not survive JSON doubles exactly; compare what does.
            const QJsonArray bits = d["bits"].toArray();
            for (int k = 1; k <= 64; ++k) {
                const uint64_t mine = r.getrandbits(k);
                if (k <= 52) QCOMPARE(mine, as_u64(bits[k - 1]));
            }
            for (const QJsonValue& v : d["random"].toArray()) QCOMPARE(r.random(), v.toDouble());
            const QJsonArray below = d["below"].toArray();
            const uint64_t ns[] = {1, 2, 3, 7, 10, 100, 1000, (1ull << 31) + 5};
            for (int i = 0; i < 8; ++i) QCOMPARE(r.randbelow(ns[i]), as_u64(below[i]));
            std::vector<int> x(30);
            for (int i = 0; i < 30; ++i) x[i] = i;
            r.shuffle(x);
            for (int i = 0; i < 30; ++i) QCOMPARE(x[i], d["shuffle"].toArray()[i].toInt());
            auto check_sample = [&](size_t n, size_t k, const char* key) {
                const std::vector<size_t> got = r.sample_indices(n, k);
                const QJsonArray want = d[key].toArray();
                QCOMPARE(int(got.size()), want.size());
                for (size_t i = 0; i < got.size(); ++i)
                    QVERIFY2(int(got[i]) == want[int(i)].toInt(), qPrintable(at + " " + key));
            };
            check_sample(10, 3, "sample_small");
            check_sample(50, 50, "sample_all");
            check_sample(1000, 7, "sample_set");
            check_sample(5000, 40, "sample_big");
            for (const QJsonValue& v : d["choice"].toArray()) QCOMPARE(int(r.choice_index(17)), v.toInt());
            for (const QJsonValue& v : d["weighted"].toArray())
                QCOMPARE(int(r.weighted_index({80, 5, 5, 5, 5})), v.toInt());
            for (const QJsonValue& v : d["weighted2"].toArray())
                QCOMPARE(r.weighted_index({5, 95}) == 0, v.toBool());
        }
    }

    // str.strip / rstrip / lower / capitalize / len on texts with non-ASCII letters and Unicode spaces.
    void string_methods_match_cpython() {
        const char* program = R"(
import json, sys
texts = ["  Hello World\u00a0\u2003", "\u0130stanbul ISTANBUL", "STRASSE stra\u00dfe \u00c9COLE",
         "\u01c4ungla \u1e9e", "\x1c\x1f tab\t\n", "\u03a3\u039f\u03a6\u0399\u0391 x", "\u00fcber Zurich",
         "\u2167 roman \u24b6", "", "\u3000\u3000", "\u0149ice", "a\u0345b\u1f80"]
print(json.dumps([[t, t.strip(), t.rstrip(), t.lstrip(), t.lower(), t.capitalize(), len(t)] for t in texts]))
)";
        const QJsonArray rows = QJsonDocument::fromJson(test::run_python(program)).array();
        if (rows.isEmpty()) QSKIP("python3 did not run; it is the reference here");
        for (const QJsonValue& v : rows) {
            const QJsonArray r = v.toArray();
            const std::string t = r[0].toString().toStdString();
            QCOMPARE(QString::fromStdString(python_strip(t)), r[1].toString());
            QCOMPARE(QString::fromStdString(python_rstrip(t)), r[2].toString());
            QCOMPARE(QString::fromStdString(python_lstrip(t)), r[3].toString());
            QCOMPARE(QString::fromStdString(python_lower(t)), r[4].toString());
            QCOMPARE(QString::fromStdString(python_capitalize(t)), r[5].toString());
            QCOMPARE(int(python_len(t)), r[6].toInt());
        }
        // Bytes that are not UTF-8 pass through and count one each.
        QCOMPARE(python_lower(std::string("A\xff\xc3")), std::string("a\xff\xc3"));
        QCOMPARE(python_len(std::string("A\xff\xc3")), size_t(3));
    }

    void refuses_impossible_requests() {
        PythonRandom r(1);
        IPT_VERIFY_ERROR_CONTAINS(r.sample_indices(3, 4), "sample of 4 from 3");
        IPT_VERIFY_ERROR_CONTAINS(r.randbelow(0), "empty range");
        IPT_VERIFY_ERROR_CONTAINS(r.weighted_index({0, 0}), "positive");
    }
};

QTEST_APPLESS_MAIN(TestPythonCompat)
#include "test_python_compat.moc"
