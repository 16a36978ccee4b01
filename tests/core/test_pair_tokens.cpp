// Token counts of a pairs file's pairs, batched and threaded, against a second path: every record parsed
// with nlohmann::json and each question and answer encoded one by one. Also: a cancelled count resumes
// to the same numbers, and a pairs-count or length range leaves malformed lines out.
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "ipt/common/error.h"
#include "ipt/data/pairs_index.h"
#include "ipt/data/pairs_query.h"
#include "ipt/text/tokenizer.h"
#include "test_support.h"

namespace {

using nlohmann::json;

const char* const kWords[] = {"river", "Winter", "é", "한국어", "the", "answer", "?", "\n", "42", "—"};

std::string sentence(std::mt19937& rng) {
    std::uniform_int_distribution<int> count(0, 12);
    std::uniform_int_distribution<size_t> pick(0, std::size(kWords) - 1);
    std::string out;
    for (int n = count(rng); n > 0; --n) out += std::string(kWords[pick(rng)]) + " ";
    return out;
}

// A pairs file of `records` lines, every 17th one broken; returns its path.
std::string write_pairs(const QString& dir, int records) {
    std::mt19937 rng(5);
    const std::string path = (dir + "/pairs.jsonl").toStdString();
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < records; ++i) {
        if (i % 17 == 16) {
            out << "{\"id\": \"broken-" << i << "\", \"pairs\": [\n";
            continue;
        }
        json pairs = json::array();
        for (int k = int(rng() % 5); k > 0; --k)
            pairs.push_back({{"question", sentence(rng)}, {"answer", sentence(rng)}});
        out << json{{"id", "r" + std::to_string(i)},
                    {"text", sentence(rng)},
                    {"pairs", pairs},
                    {"method", "rules"}}
                   .dump()
            << "\n";
    }
    return path;
}

std::shared_ptr<ipt::PairsIndex> build(const std::string& path) {
    auto index = ipt::PairsIndex::open(path);
    ipt::CancelToken cancel;
    index->build({}, cancel);
    return index;
}

// The second path: nlohmann parses each well-formed line, the tokenizer encodes text by text.
std::vector<uint32_t> expected_counts(const std::string& path, const ipt::Tokenizer& tokenizer) {
    std::vector<uint32_t> out;
    std::ifstream in(path, std::ios::binary);
    for (std::string line; std::getline(in, line);) {
        const json j = json::parse(line, nullptr, false);
        if (j.is_discarded()) continue;
        for (const json& p : j["pairs"])
            out.push_back(uint32_t(tokenizer.encode(p["question"].get<std::string>()).size() +
                                   tokenizer.encode(p["answer"].get<std::string>()).size()));
    }
    return out;
}

}  // namespace

class TestPairTokens : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        if (!QFileInfo::exists(ipt::test::llama2_tokenizer()))
            QSKIP("fixture llama2-tokenizer.model is absent (../shared/fixtures)");
        tokenizer_ = ipt::load_tokenizer(ipt::test::llama2_tokenizer().toStdString());
    }

    void batched_counts_match_one_by_one() {
        QTemporaryDir tmp;
        const std::string path = write_pairs(tmp.path(), 300);
        auto index = build(path);
        const std::vector<uint32_t> expected = expected_counts(path, *tokenizer_);
        QCOMPARE(expected.size(), index->pair_count());
        QVERIFY(expected.size() > 300);
        for (int threads : {1, 3}) {
            ipt::PairTokenCounts counts;
            ipt::PairTokenOptions options;
            options.threads = threads;
            options.batch_rows = 64;  // several batches, the last one short
            ipt::CancelToken cancel;
            ipt::count_pair_tokens(*index, index->size(), *tokenizer_, counts, options, {}, cancel);
            QCOMPARE(counts.rows, index->size());
            QVERIFY(counts.tokens == expected);
        }
        ipt::CancelToken cancel;
        QVERIFY(ipt::count_pair_tokens(*index, index->size(), *tokenizer_, {}, cancel) == expected);
    }

    void cancelled_count_resumes_where_it_stopped() {
        QTemporaryDir tmp;
        const std::string path = write_pairs(tmp.path(), 300);
        auto index = build(path);
        const std::vector<uint32_t> expected = expected_counts(path, *tokenizer_);
        ipt::PairTokenCounts counts;
        ipt::PairTokenOptions options;
        options.batch_rows = 50;
        ipt::CancelToken cancel;
        int batches = 0;
        // Cancelled from the progress report of the second batch: two whole batches are kept.
        auto progress = [&](const ipt::Progress&) {
            if (++batches == 2) cancel.cancel();
        };
        bool cancelled = false;
        try {
            ipt::count_pair_tokens(*index, index->size(), *tokenizer_, counts, options, progress, cancel);
        } catch (const ipt::Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(counts.rows, size_t(100));
        const size_t pairs_of_100 = size_t(index->summary(99).first_pair) + index->summary(99).pairs;
        QCOMPARE(counts.tokens.size(), pairs_of_100);
        ipt::CancelToken fresh;
        ipt::count_pair_tokens(*index, index->size(), *tokenizer_, counts, options, {}, fresh);
        QVERIFY(counts.tokens == expected);

        // Counts that do not fit the index are refused rather than misaligned.
        ipt::PairTokenCounts wrong;
        wrong.rows = 10;
        IPT_VERIFY_ERROR_CONTAINS(
            ipt::count_pair_tokens(*index, index->size(), *tokenizer_, wrong, options, {}, fresh),
            "do not match");
    }

    void pair_ranges_leave_malformed_lines_out() {
        QTemporaryDir tmp;
        const std::string path = write_pairs(tmp.path(), 170);  // 10 broken lines
        auto index = build(path);
        size_t zero_pairs = 0, malformed = 0;
        for (size_t row = 0; row < index->size(); ++row) {
            if (index->summary(row).malformed())
                ++malformed;
            else if (index->summary(row).pairs == 0)
                ++zero_pairs;
        }
        QCOMPARE(malformed, size_t(10));
        QVERIFY(zero_pairs > 0);
        ipt::PairsFilter none;
        none.min_pairs = 0;
        none.max_pairs = 0;
        // The histogram's "0 pairs" bar and the filter for it agree.
        std::vector<uint64_t> by_value;
        ipt::count_pairs_per_text(*index, 0, index->size(), by_value);
        QCOMPARE(by_value[0], uint64_t(zero_pairs));
        QCOMPARE(ipt::select_pairs_rows(*index, none, 0, index->size()).size(), zero_pairs);
        ipt::PairsFilter chars;
        chars.max_chars = 1000000;
        QCOMPARE(ipt::select_pairs_rows(*index, chars, 0, index->size()).size(), index->size() - malformed);
        // Unbounded ranges keep them.
        QCOMPARE(ipt::select_pairs_rows(*index, ipt::PairsFilter{}, 0, index->size()).size(), index->size());
    }

  private:
    std::shared_ptr<const ipt::Tokenizer> tokenizer_;
};

QTEST_GUILESS_MAIN(TestPairTokens)
#include "test_pair_tokens.moc"
