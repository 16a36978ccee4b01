// Token datasets: what `ipt data prepare` writes (checked token by token against the tokenizer), loss
// masks, malformed records, resuming after an interruption, and reading across shards.
#include <QtCore/QTemporaryDir>

#include <fstream>

#include "ipt/common/error.h"
#include "ipt/data/dataset_builder.h"
#include "ipt/data/token_dataset.h"
#include "ipt/text/tokenizer.h"
#include "test_support.h"

using namespace ipt;

namespace {

void write_lines(const QString& path, const std::vector<std::string>& lines) {
    std::ofstream out(path.toStdString(), std::ios::binary);
    for (const auto& l : lines) out << l << "\n";
}

// Records as JSONL lines, in plain string literals: moc does not understand raw strings, and the
// unbalanced brace of the broken record would hide the test class from it.
const char* kMaskedRecords[] = {
    "{\"segments\": [{\"text\": \"Context here.\", \"loss\": false}, {\"text\": \" Answer there.\", "
    "\"loss\": true}]}",
    "{\"text\": \"plain text counts\"}"};
const char* kBadRecords[] = {"{\"text\": \"fine\"}", "{\"text\": \"also fine\"}", "{\"text\": \"broken",
                             "{\"body\": \"x\"}", "{\"text\": 42}"};

std::string corpus_line(int i) {
    return "{\"id\": " + std::to_string(i) + ", \"text\": \"Document " + std::to_string(i) +
           " is about the number " + std::to_string(i * i) + ".\"}";
}

std::vector<int64_t> all_tokens(const TokenDataset& d) {
    std::vector<int64_t> out(d.size());
    d.read(0, d.size(), out.data());
    return out;
}

}  // namespace

class TestDataset : public QObject {
    Q_OBJECT
    std::unique_ptr<Tokenizer> tok;
    QTemporaryDir dir;

    PrepareOptions options(const QStringList& inputs, const QString& out) {
        PrepareOptions o;
        for (const auto& i : inputs) o.inputs.push_back(dir.filePath(i).toStdString());
        o.output = dir.filePath(out).toStdString();
        o.threads = 2;
        return o;
    }

  private slots:
    void initTestCase() {
        if (!QFile::exists(test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        std::vector<std::string> jsonl;
        for (int i = 0; i < 50; ++i) jsonl.push_back(corpus_line(i));
        write_lines(dir.filePath("corpus.jsonl"), jsonl);
        write_lines(dir.filePath("notes.txt"), {"first plain line", "", "second plain line"});
    }

    void tokensAreBosDocumentEos() {
        PrepareReport r = prepare_dataset(options({"corpus.jsonl", "notes.txt"}, "plain"), *tok);
        QCOMPARE(r.documents, uint64_t(52));  // the blank line is not a document
        auto d = TokenDataset::open(dir.filePath("plain").toStdString());
        QCOMPARE(d->index().token_bytes, 2);  // 32000 pieces fit uint16
        QCOMPARE(d->index().tokenizer_fingerprint, tok->fingerprint());
        std::vector<int64_t> expected;
        std::vector<uint64_t> starts;
        auto add = [&](const std::string& text) {
            starts.push_back(expected.size());
            expected.push_back(1);
            for (int32_t id : tok->encode(text)) expected.push_back(id);
            expected.push_back(2);
        };
        for (int i = 0; i < 50; ++i)
            add("Document " + std::to_string(i) + " is about the number " + std::to_string(i * i) + ".");
        add("first plain line");
        add("second plain line");
        QCOMPARE(all_tokens(*d), expected);
        QCOMPARE(d->document_starts(), starts);
        QCOMPARE(r.tokens, uint64_t(expected.size()));
        // A second run finds the dataset finished and does nothing.
        QVERIFY(prepare_dataset(options({"corpus.jsonl", "notes.txt"}, "plain"), *tok).already_complete);
    }

    void lossMaskFollowsSegments() {
        write_lines(dir.filePath("ft.jsonl"), {std::begin(kMaskedRecords), std::end(kMaskedRecords)});
        PrepareOptions o = options({"ft.jsonl"}, "masked");
        o.loss_mask = true;
        prepare_dataset(o, *tok);
        auto d = TokenDataset::open(o.output);
        QVERIFY(d->index().has_mask);
        std::vector<int64_t> tokens(d->size());
        std::vector<uint8_t> mask(d->size());
        d->read(0, d->size(), tokens.data(), mask.data());
        const size_t context = tok->encode("Context here.").size();
        EncodeOptions cont;
        cont.continuation = true;
        const TokenIds answer = tok->encode(" Answer there.", cont);
        QCOMPARE(answer.front(), tok->piece_id("\xE2\x96\x81"
                                               "Answer"));  // the space became the word marker
        const size_t first = 1 + context + answer.size() + 1;
        std::vector<uint8_t> expected(1 + context, 0);          // BOS and the context: no loss
        expected.insert(expected.end(), answer.size() + 1, 1);  // the answer and its EOS
        expected.push_back(0);                                  // BOS of the plain record
        expected.insert(expected.end(), d->size() - first - 1, 1);
        QCOMPARE(mask, expected);
        QCOMPARE(tokens[1 + context], int64_t(answer.front()));
    }

    void malformedRecordsStopOrAreSkipped() {
        write_lines(dir.filePath("bad.jsonl"), {std::begin(kBadRecords), std::end(kBadRecords)});
        IPT_VERIFY_ERROR_CONTAINS(prepare_dataset(options({"bad.jsonl"}, "bad-stop"), *tok), "bad.jsonl:3",
                                  "invalid JSON", "--skip-malformed");
        PrepareOptions o = options({"bad.jsonl"}, "bad-skip");
        o.skip_malformed = true;
        PrepareReport r = prepare_dataset(o, *tok);
        QCOMPARE(r.documents, uint64_t(2));
        QCOMPARE(r.skipped, uint64_t(3));
        QCOMPARE(r.problems.size(), size_t(3));
        QVERIFY(QString::fromStdString(r.problems[1]).endsWith("bad.jsonl:4: missing field 'text'"));
        QVERIFY(QString::fromStdString(r.problems[2]).endsWith("bad.jsonl:5: field 'text' is not a string"));
        QCOMPARE(TokenDataset::open(o.output)->index().skipped_records, uint64_t(3));
        IPT_VERIFY_ERROR_CONTAINS(prepare_dataset(options({"missing.jsonl"}, "m"), *tok), "missing.jsonl",
                                  "not found");
    }

    void resumesAfterAnInterruption() {
        PrepareOptions o = options({"corpus.jsonl", "notes.txt"}, "resumed");
        o.batch_records = 4;
        o.shard_tokens = 30;
        CancelToken cancel;
        int reports = 0;
        ProgressSink stop_early = [&](const Progress&) {
            if (++reports == 3) cancel.cancel();
        };
        IPT_VERIFY_ERROR_CONTAINS(prepare_dataset(o, *tok, stop_early, cancel), "cancelled");
        QVERIFY(QFile::exists(dir.filePath("resumed/progress.json")));
        IPT_VERIFY_ERROR_CONTAINS(TokenDataset::open(o.output), "did not finish");
        // Other inputs may not continue this folder.
        PrepareOptions other = o;
        other.inputs.pop_back();
        IPT_VERIFY_ERROR_CONTAINS(prepare_dataset(other, *tok), "progress.json", "other inputs");

        PrepareReport r = prepare_dataset(o, *tok);
        QVERIFY(r.resumed);
        QVERIFY(!QFile::exists(dir.filePath("resumed/progress.json")));
        PrepareOptions fresh = o;
        fresh.output = dir.filePath("straight").toStdString();
        prepare_dataset(fresh, *tok);
        auto a = TokenDataset::open(o.output), b = TokenDataset::open(fresh.output);
        QCOMPARE(all_tokens(*a), all_tokens(*b));
        QCOMPARE(a->document_starts(), b->document_starts());
        QVERIFY(a->index().shards.size() > 1);
    }

    void readsUint32ShardsAcrossBoundariesAndWraps() {
        // Written by hand: two uint32 shards [100000, 100001, 100002] and [7, 8].
        QTemporaryDir d;
        auto write = [&](const char* name, const std::vector<uint32_t>& v) {
            std::ofstream out(d.filePath(name).toStdString(), std::ios::binary);
            out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * 4));
        };
        write("a.tokens", {100000, 100001, 100002});
        write("b.tokens", {7, 8});
        std::vector<uint64_t> starts{0};
        for (const char* name : {"a.docs", "b.docs"}) {
            std::ofstream out(d.filePath(name).toStdString(), std::ios::binary);
            out.write(reinterpret_cast<const char*>(starts.data()), 8);
        }
        DatasetIndex index;
        index.token_bytes = 4;
        index.tokenizer_fingerprint = "hand";
        index.vocab_size = 128256;
        index.tokens = 5;
        index.documents = 2;
        index.shards = {{"a.tokens", "a.docs", "", 3, 1}, {"b.tokens", "b.docs", "", 2, 1}};
        write_lines(d.filePath("index.json"), {index.to_json()});
        auto ds = TokenDataset::open(d.path().toStdString());
        std::vector<int64_t> out(6);
        ds->read(2, 6, out.data());
        QCOMPARE(out, (std::vector<int64_t>{100002, 7, 8, 100000, 100001, 100002}));
        QCOMPARE(ds->document_starts(), (std::vector<uint64_t>{0, 3}));
        // A shard shorter than the index says is caught.
        write("b.tokens", {7});
        IPT_VERIFY_ERROR_CONTAINS(TokenDataset::open(d.path().toStdString()), "b.tokens", "holds 4 bytes",
                                  "expects 8");
    }
};

QTEST_APPLESS_MAIN(TestDataset)
#include "test_dataset.moc"
