// The pairs index against a second path: random pairs files are written with nlohmann::json (ASCII or
// UTF-8 escaping, extra nested fields, broken lines), and every summary column, search hit, filter and
// histogram is compared with what a brute-force pass over the parsed records gives.
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/data/pair_record.h"
#include "ipt/data/pairs_flags.h"
#include "ipt/data/pairs_index.h"
#include "ipt/data/pairs_query.h"
#include "test_support.h"

namespace {

using nlohmann::json;

// What a line should index as, worked out from the JSON value the line was written from.
struct Expected {
    bool malformed = false;
    int line = 0;
    std::string id;
    std::string text;
    std::vector<std::pair<std::string, std::string>> pairs;
    ipt::PairsMethod method = ipt::PairsMethod::Missing;
    ipt::PairsStatus status = ipt::PairsStatus::Ok;
};

const char* const kPieces[] = {"harbour", "Winter", "é",  "—",     "한국어", "\U0001F600", " ",
                               "  ",      "\t",     "\n", "\"",    "\\",     "/",          "a",
                               "Z",       "\r\n",   "?",  "ideas", "\x7f"};

std::string random_string(std::mt19937& rng, int max_pieces) {
    std::uniform_int_distribution<int> count(0, max_pieces);
    std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
    std::string out;
    for (int n = count(rng); n > 0; --n) out += kPieces[pick(rng)];
    return out;
}

uint32_t code_points(const std::string& s) {
    uint32_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Words split at the whitespace a pairs file can carry inside a string: space, tab and escaped breaks.
uint32_t words(const std::string& s) {
    uint32_t n = 0;
    bool in_word = false;
    for (char c : s) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
        if (!space && !in_word) ++n;
        in_word = !space;
    }
    return n;
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

bool contains_folded(const std::string& haystack, const std::string& needle) {
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return lower(a) == lower(b); });
    return it != haystack.end();
}

ipt::PairsMethod method_of(const std::string& m) {
    if (m == "synthesizer") return ipt::PairsMethod::Synthesizer;
    if (m == "rules") return ipt::PairsMethod::Rules;
    return ipt::PairsMethod::Other;
}

// Writes `count` random lines to `path` and returns what each non-blank one should index as.
std::vector<Expected> write_random_file(const std::string& path, int count, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> percent(0, 99), small(0, 5);
    const char* const statuses[] = {"ok", "no_pairs", "empty_text", "truncated", "malformed_input", "odd"};
    const ipt::PairsStatus status_values[] = {
        ipt::PairsStatus::Ok,        ipt::PairsStatus::NoPairs,        ipt::PairsStatus::EmptyText,
        ipt::PairsStatus::Truncated, ipt::PairsStatus::MalformedInput, ipt::PairsStatus::Other};
    const char* const methods[] = {"synthesizer", "rules", "other-tool"};
    std::ofstream out(path, std::ios::binary);
    std::vector<Expected> expected;
    for (int i = 0; i < count; ++i) {
        const int line = i + 1;
        if (percent(rng) < 3) {  // a blank line: no record
            out << (percent(rng) < 50 ? "" : "  \t") << "\n";
            continue;
        }
        Expected e;
        e.line = line;
        json record = json::object();
        if (percent(rng) < 10) {
            record["extra"] = {{"nested", json::array({1, -2.5e-3, true, nullptr, "x"})},
                               {"o", json::object()}};
        }
        if (percent(rng) < 85) {
            e.id = "doc-" + std::to_string(i) + random_string(rng, 2);
            record["id"] = e.id;
        } else if (percent(rng) < 50) {
            record["id"] = i;
            e.id = std::to_string(i);
        }
        e.text = random_string(rng, 30);
        record["text"] = e.text;
        json pairs = json::array();
        for (int k = small(rng); k > 0; --k) {
            const std::string q = random_string(rng, 8), a = random_string(rng, 12);
            json pair = {{"question", q}, {"answer", a}};
            if (percent(rng) < 20) pair["options"] = json::array({"x", "y"});
            if (percent(rng) < 20) pair["cot"] = true;
            pairs.push_back(pair);
            e.pairs.emplace_back(q, a);
        }
        record["pairs"] = pairs;
        if (percent(rng) < 90) {
            const std::string m = methods[size_t(small(rng)) % 3];
            record["method"] = m;
            e.method = method_of(m);
        }
        if (percent(rng) < 90) {
            const size_t s = size_t(small(rng));
            record["status"] = statuses[s];
            e.status = status_values[s];
        }
        record["round"] = 1;
        // nlohmann escapes control characters always, and everything non-ASCII when asked.
        std::string text = record.dump(-1, ' ', percent(rng) < 50);
        const int breakage = percent(rng);
        if (breakage < 4) {
            text = text.substr(0, text.size() / 2);  // cut off
        } else if (breakage < 6) {
            text += " trailing";
        } else if (breakage < 8) {
            text = "[1, 2]";  // valid JSON, not an object
        } else if (breakage < 10) {
            const size_t at = text.find("\"pairs\":");
            if (at != std::string::npos)
                text.replace(at, 8, "\"pairs\":7,\"p\":");  // pairs of the wrong type
        }
        json parsed = json::parse(text, nullptr, false);
        e.malformed = parsed.is_discarded() || !parsed.is_object() || !parsed["pairs"].is_array();
        if (e.malformed)
            e = Expected{true, line, {}, {}, {}, ipt::PairsMethod::Missing, ipt::PairsStatus::MalformedLine};
        out << text << (percent(rng) < 5 ? "\r\n" : "\n");
        expected.push_back(e);
    }
    return expected;
}

std::shared_ptr<ipt::PairsIndex> build(const std::string& path, ipt::PairsIndex::BuildOptions options = {}) {
    auto index = ipt::PairsIndex::open(path);
    ipt::CancelToken cancel;
    index->build(options, cancel);
    return index;
}

}  // namespace

class TestPairsIndex : public QObject {
    Q_OBJECT

  private slots:
    void summaryColumnsMatchAFullParser();
    void searchMatchesABruteForceScan();
    void filtersAndHistogramsMatchABruteForceCount();
    void recordsAreReadableWhileBuilding();
    void flagsFileRoundTripsAndRejectsBadFiles();
    void emptyAndUnterminatedFiles();
    void strictAndLenientReadingOfOneRecord();

  private:
    QTemporaryDir dir_;
};

void TestPairsIndex::summaryColumnsMatchAFullParser() {
    // More records than one storage chunk (16,384) so that chunk boundaries are crossed.
    const std::string path = dir_.filePath("random.jsonl").toStdString();
    const std::vector<Expected> expected = write_random_file(path, 20000, 11);
    auto index = build(path);
    QVERIFY(index->complete());
    QCOMPARE(index->size(), expected.size());
    size_t pair = 0, malformed = 0;
    for (size_t row = 0; row < expected.size(); ++row) {
        const Expected& e = expected[row];
        const ipt::PairsIndex::Summary& s = index->summary(row);
        QCOMPARE(int(s.line), e.line);
        QCOMPARE(s.malformed(), e.malformed);
        if (e.malformed) {
            ++malformed;
            QVERIFY(!index->problem(row).empty());
            QVERIFY(!index->record(row).problem.empty());
            continue;
        }
        QVERIFY2(index->problem(row).empty(), index->problem(row).c_str());
        QCOMPARE(index->id(row), e.id);
        QCOMPARE(s.text_chars, code_points(e.text));
        QCOMPARE(size_t(s.pairs), e.pairs.size());
        QCOMPARE(s.method, e.method);
        QCOMPARE(s.status, e.status);
        QCOMPARE(size_t(s.first_pair), pair);
        for (const auto& [q, a] : e.pairs) QCOMPARE(index->pair_words(pair++), words(q) + words(a));
        const ipt::PairsIndex::Record record = index->record(row);
        QVERIFY(record.problem.empty());
        QCOMPARE(record.text, e.text);
        QCOMPARE(record.pairs.size(), e.pairs.size());
        if (!e.pairs.empty()) QCOMPARE(record.pairs.back().answer, e.pairs.back().second);
        // The preview is the text's start with line breaks and tabs as spaces.
        std::string preview = e.text;
        for (char& c : preview)
            if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        const std::string shown = index->text_preview(row, 5);
        QVERIFY(preview.compare(0, shown.size(), shown) == 0);
        QVERIFY(code_points(shown) == std::min<uint32_t>(5, code_points(e.text)));
    }
    QCOMPARE(index->pair_count(), pair);
    QVERIFY(malformed > 100);  // the generator broke about one line in ten
}

void TestPairsIndex::searchMatchesABruteForceScan() {
    const std::string path = dir_.filePath("search.jsonl").toStdString();
    const std::vector<Expected> expected = write_random_file(path, 3000, 12);
    auto index = build(path);
    ipt::CancelToken cancel;
    for (const std::string needle :
         {"harbour", "WINTER", "é", "한국어", "\"", "\\", "a\nZ", "ideas?", "doc-12"}) {
        const std::vector<uint8_t> hits = ipt::search_pairs(*index, index->size(), needle, {}, cancel);
        QCOMPARE(hits.size(), expected.size());
        for (size_t row = 0; row < expected.size(); ++row) {
            const Expected& e = expected[row];
            if (e.malformed) continue;  // searched as raw bytes
            bool hit = contains_folded(e.id, needle) || contains_folded(e.text, needle);
            for (const auto& [q, a] : e.pairs)
                hit = hit || contains_folded(q, needle) || contains_folded(a, needle);
            QVERIFY2(bool(hits[row]) == hit, (needle + " at line " + std::to_string(e.line)).c_str());
        }
    }
}

void TestPairsIndex::filtersAndHistogramsMatchABruteForceCount() {
    const std::string path = dir_.filePath("filter.jsonl").toStdString();
    const std::vector<Expected> expected = write_random_file(path, 3000, 13);
    auto index = build(path);
    ipt::PairsFilter filter;
    filter.methods = 1u << unsigned(ipt::PairsMethod::Rules);
    filter.min_pairs = 2;
    filter.max_pairs = 4;
    filter.min_chars = 20;
    filter.pair_length_on = true;
    filter.min_pair_length = 3;
    filter.max_pair_length = 6;
    std::vector<uint32_t> want;
    std::vector<uint64_t> per_text(6, 0);
    for (size_t row = 0; row < expected.size(); ++row) {
        const Expected& e = expected[row];
        if (e.malformed) continue;
        ++per_text[e.pairs.size()];
        bool length = false;
        for (const auto& [q, a] : e.pairs)
            length = length || (words(q) + words(a) >= 3 && words(q) + words(a) <= 6);
        if (e.method == ipt::PairsMethod::Rules && e.pairs.size() >= 2 && e.pairs.size() <= 4 &&
            code_points(e.text) >= 20 && length)
            want.push_back(uint32_t(row));
    }
    QVERIFY(!want.empty());
    QCOMPARE(ipt::select_pairs_rows(*index, filter, 0, index->size()), want);
    // Rows past the end of the hits count as no hit.
    std::vector<uint8_t> hits(want.front() + 1, 0);
    hits[want.front()] = 1;
    filter.hits = &hits;
    QCOMPARE(ipt::select_pairs_rows(*index, filter, 0, index->size()), std::vector<uint32_t>{want.front()});

    const ipt::PairsHistogram h = ipt::histogram_pairs_per_text(*index, index->size(), 40);
    QCOMPARE(h.width, 1u);
    QCOMPARE(h.counts, per_text);
    // Three bins over 0..5 pairs: two values each.
    const ipt::PairsHistogram coarse = ipt::histogram_pairs_per_text(*index, index->size(), 3);
    QCOMPARE(coarse.width, 2u);
    QCOMPARE(coarse.counts, std::vector<uint64_t>({per_text[0] + per_text[1], per_text[2] + per_text[3],
                                                   per_text[4] + per_text[5]}));
}

void TestPairsIndex::recordsAreReadableWhileBuilding() {
    const std::string path = dir_.filePath("growing.jsonl").toStdString();
    const std::vector<Expected> expected = write_random_file(path, 20000, 14);
    auto index = ipt::PairsIndex::open(path);
    std::vector<size_t> seen;
    ipt::PairsIndex::BuildOptions options;
    // Called on the building thread: every record below the count is complete already.
    options.on_records = [&](size_t n) {
        QVERIFY(n <= index->size());
        for (size_t row : {size_t(0), n / 2, n - 1})
            QCOMPARE(int(index->summary(row).line), expected[row].line);
        seen.push_back(n);
    };
    ipt::CancelToken cancel;
    index->build(options, cancel);
    QVERIFY(!seen.empty());
    QCOMPARE(seen.front(), size_t(64));  // the first screenful at once
    QCOMPARE(seen.back(), expected.size());
    QVERIFY_EXCEPTION_THROWN(index->build(options, cancel), ipt::UsageError);

    // Cancelled: the rows so far stay readable and the index says it is not complete.
    auto partial = ipt::PairsIndex::open(path);
    ipt::CancelToken stop;
    ipt::PairsIndex::BuildOptions stopping;
    stopping.on_records = [&](size_t) { stop.cancel(); };
    QVERIFY_EXCEPTION_THROWN(partial->build(stopping, stop), ipt::Cancelled);
    QVERIFY(!partial->complete());
    QVERIFY(partial->size() >= 64 && partial->size() < expected.size());
}

void TestPairsIndex::flagsFileRoundTripsAndRejectsBadFiles() {
    const std::string pairs = dir_.filePath("flags.jsonl").toStdString();
    const std::vector<Expected> expected = write_random_file(pairs, 200, 15);
    QCOMPARE(ipt::pairs_flags_path(pairs), pairs + ".flags.json");
    QVERIFY(ipt::read_pairs_flags(pairs).empty());  // no file: no flags
    std::set<std::string> flagged;
    for (const Expected& e : expected)
        if (!e.malformed && !e.id.empty() && flagged.size() < 5) flagged.insert(e.id);
    ipt::write_pairs_flags(pairs, flagged);
    QCOMPARE(ipt::read_pairs_flags(pairs), flagged);
    json written = json::parse(ipt::read_text_file(ipt::pairs_flags_path(pairs)));
    QCOMPARE(written["version"].get<int>(), 1);
    QCOMPARE(written["flagged"].size(), flagged.size());

    // Flags given to the build mark every record with one of those ids.
    ipt::PairsIndex::BuildOptions options;
    options.flagged = flagged;
    auto index = build(pairs, options);
    for (size_t row = 0; row < expected.size(); ++row)
        QCOMPARE(index->summary(row).flagged,
                 !expected[row].malformed && flagged.count(expected[row].id) > 0);

    for (const char* bad :
         {"{\"version\": 2, \"flagged\": []}", "{\"version\": 1}", "[1]", "{\"version\": 1,"}) {
        std::ofstream(ipt::pairs_flags_path(pairs)) << bad;
        QVERIFY_EXCEPTION_THROWN(ipt::read_pairs_flags(pairs), ipt::FileError);
    }
    try {
        std::ofstream(ipt::pairs_flags_path(pairs)) << "{\"version\": 1, \"flagged\": [\"a\", 5]}";
        ipt::read_pairs_flags(pairs);
        QFAIL("no error");
    } catch (const ipt::FileError& e) {
        QVERIFY(std::string(e.what()).find(".flags.json: flagged[1] is not a string") != std::string::npos);
    }
}

void TestPairsIndex::emptyAndUnterminatedFiles() {
    const std::string empty = dir_.filePath("empty.jsonl").toStdString();
    std::ofstream(empty).close();
    auto index = build(empty);
    QVERIFY(index->complete());
    QCOMPARE(index->size(), size_t(0));
    QCOMPARE(ipt::histogram_pairs_per_text(*index, 0, 10).counts, std::vector<uint64_t>({0}));

    // The last line without a line end is a record too.
    const std::string last = dir_.filePath("last.jsonl").toStdString();
    std::ofstream(last) << "{\"id\":\"x\",\"text\":\"t\",\"pairs\":[]}\n{\"id\":\"y\",\"text\":\"u v\"}";
    index = build(last);
    QCOMPARE(index->size(), size_t(2));
    QCOMPARE(index->id(1), std::string("y"));
    QCOMPARE(index->summary(1).text_chars, 3u);
    QVERIFY_EXCEPTION_THROWN(ipt::PairsIndex::open(dir_.filePath("missing.jsonl").toStdString()),
                             ipt::FileError);

    // A raw tab inside a string is not JSON (a full parser refuses it): the line is malformed.
    const std::string control = dir_.filePath("control.jsonl").toStdString();
    std::ofstream(control) << "{\"id\":\"a\",\"text\":\"one\ttwo\",\"pairs\":[]}\n"
                           << "{\"id\":\"b\",\"text\":\"one\\ttwo\",\"pairs\":[]}\n";
    index = build(control);
    QCOMPARE(index->size(), size_t(2));
    QVERIFY(index->summary(0).malformed());
    QVERIFY2(index->problem(0).find("control character") != std::string::npos, index->problem(0).c_str());
    QVERIFY(!index->summary(1).malformed());  // the escaped tab is fine
}

// The one record reader in both modes (synthesis resumes strictly, the browser reads leniently), with
// every expected value written out by hand from the line.
void TestPairsIndex::strictAndLenientReadingOfOneRecord() {
    const std::string good =
        R"({"id":7,"text":"Rivers carry water.","pairs":[{"question":"What do rivers carry?","answer":"water",)"
        R"("category":"free-form"}],"method":"rules","round":2,"status":"no_pairs","reason":"r","dropped":3,)"
        R"("chain":4,"linked":true,"model":"m","settings":{"b":1,"a":2},"extra":[1,2]})";
    for (int mode = 0; mode < 2; ++mode) {
        const ipt::PairRecord r = mode == 0 ? ipt::parse_pair_record(good, "p.jsonl:1")
                                            : ipt::parse_pair_record_leniently(good, "p.jsonl:1");
        QCOMPARE(r.id, std::string("7"));
        QCOMPARE(r.text, std::string("Rivers carry water."));
        QCOMPARE(r.pairs.size(), size_t(1));
        QCOMPARE(r.pairs[0].question, std::string("What do rivers carry?"));
        QCOMPARE(r.pairs[0].category, std::string("free-form"));
        QCOMPARE(r.method, std::string("rules"));
        QCOMPARE(r.round, 2);
        QVERIFY(r.status == ipt::PairStatus::NoPairs);
        QCOMPARE(r.dropped, 3);
        QCOMPARE(r.chain, int64_t(4));
        QVERIFY(r.linked);
        QCOMPARE(r.settings_json, std::string(R"({"b":1,"a":2})"));  // in the file's order
    }
    QCOMPARE(ipt::parse_pair_record_leniently(good, "p.jsonl:1").status_name, std::string("no_pairs"));

    // Each line breaks the contract in one field: strict names it, lenient keeps its default.
    struct Bad {
        std::string line, named;
    };
    const Bad bad[] = {
        {R"({"id":"a","round":"two"})", "round"},
        {R"({"id":"a","status":"weird"})", "weird"},
        {R"({"id":"a","truncated":"yes"})", "truncated"},
        {R"({"id":"a","dropped":-3})", "dropped"},
        {R"({"id":"a","pairs":[1,{"question":"q","answer":"x"}]})", "pair"},
        {R"({"id":"a","pairs":{"question":"q"}})", "pairs"},
        {R"({"id":"a","model":["m"]})", "model"},
    };
    for (const Bad& b : bad) {
        bool named = false;
        try {
            ipt::parse_pair_record(b.line, "p.jsonl:9");
        } catch (const ipt::FileError& e) {
            const std::string what = e.what();
            named = what.find("p.jsonl:9") != std::string::npos && what.find(b.named) != std::string::npos;
            QVERIFY2(named, what.c_str());
        }
        QVERIFY2(named, b.line.c_str());
        const ipt::LenientPairRecord r = ipt::parse_pair_record_leniently(b.line, "p.jsonl:9");
        QVERIFY2(r.problem.empty(), r.problem.c_str());
        QCOMPARE(r.id, std::string("a"));
    }
    const ipt::LenientPairRecord round = ipt::parse_pair_record_leniently(bad[0].line, "w");
    QCOMPARE(round.round, 1);
    const ipt::LenientPairRecord status = ipt::parse_pair_record_leniently(bad[1].line, "w");
    QVERIFY(status.status == ipt::PairStatus::Ok);
    QCOMPARE(status.status_name, std::string("weird"));  // shown as written
    QVERIFY(!ipt::parse_pair_record_leniently(bad[2].line, "w").truncated);
    QCOMPARE(ipt::parse_pair_record_leniently(bad[3].line, "w").dropped, 0);
    const ipt::LenientPairRecord pairs = ipt::parse_pair_record_leniently(bad[4].line, "w");
    QCOMPARE(pairs.pairs.size(), size_t(2));  // the k-th pair read is the file's k-th
    QVERIFY(pairs.pairs[0].question.empty());
    QCOMPARE(pairs.pairs[1].question, std::string("q"));
    QCOMPARE(ipt::parse_pair_record_leniently(bad[6].line, "w").model, std::string(R"(["m"])"));

    // Not a record at all: strict throws, lenient says why and sets nothing else.
    for (const std::string line : {std::string("{\"id\":"), std::string("[1,2]")}) {
        QVERIFY_EXCEPTION_THROWN(ipt::parse_pair_record(line, "p.jsonl:3"), ipt::FileError);
        const ipt::LenientPairRecord r = ipt::parse_pair_record_leniently(line, "p.jsonl:3");
        QVERIFY(r.problem.find("p.jsonl:3") != std::string::npos);
        QVERIFY(r.id.empty() && r.pairs.empty());
    }

    // The index reads its records through the lenient reader: a status outside the table is shown.
    const std::string path = dir_.filePath("lenient.jsonl").toStdString();
    std::ofstream(path) << bad[1].line << "\n" << good << "\n";
    auto index = build(path);
    QCOMPARE(index->record(0).status_name, std::string("weird"));
    QCOMPARE(index->record(1).settings_json, std::string(R"({"b":1,"a":2})"));
}

QTEST_MAIN(TestPairsIndex)
#include "test_pairs_index.moc"
