// Hostile and broken inputs found by fuzzing and fault injection, one test per kind: each once crashed
// `ipt` (a division by zero), made it allocate gigabytes, accepted a file it should refuse, or printed
// an error that named neither the file nor the key. Expected messages and limits come from the issue's
// cases, written out here by hand.
#include <QtCore/QTemporaryDir>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/line_reader.h"
#include "ipt/data/dataset_builder.h"
#include "ipt/data/pairs_index.h"
#include "ipt/data/pairs_limits.h"
#include "ipt/data/raw_corpus.h"
#include "ipt/data/token_dataset.h"
#include "ipt/eval/task.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/model_config.h"
#include "ipt/model/safetensors.h"
#include "ipt/runs/metrics_tailer.h"
#include "ipt/runs/results_file.h"
#include "ipt/data/pair_record.h"
#include "ipt/synth/synth_run.h"
#include "ipt/text/tokenizer.h"
#include "ipt/train/train_config.h"
#include "test_support.h"

using namespace ipt;
namespace fs = std::filesystem;

namespace {

void write_text(const QString& path, const std::string& text) {
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << text;
}

// A safetensors file from its header text and a zero-filled data section.
void write_safetensors_bytes(const QString& path, const std::string& header, size_t data_bytes) {
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[i] = char((uint64_t(header.size()) >> (8 * i)) & 0xff);
    write_text(path, bytes + header + std::string(data_bytes, '\0'));
}

std::string tensor(const std::string& name, const std::string& shape, uint64_t begin, uint64_t end) {
    return "\"" + name + "\": {\"dtype\": \"F32\", \"shape\": " + shape + ", \"data_offsets\": [" +
           std::to_string(begin) + ", " + std::to_string(end) + "]}";
}

// A config.json body with one key replaced by `value` (given as JSON text).
std::string config_with(const std::string& key, const std::string& value) {
    std::map<std::string, std::string> keys{{"\"model_type\"", "\"llama\""}, {"\"vocab_size\"", "97"},
                                            {"\"hidden_size\"", "64"},       {"\"intermediate_size\"", "176"},
                                            {"\"num_hidden_layers\"", "2"},  {"\"num_attention_heads\"", "4"},
                                            {"\"num_key_value_heads\"", "2"}};
    keys["\"" + key + "\""] = value;
    std::string text = "{";
    for (const auto& [k, v] : keys) text += (text.size() > 1 ? ", " : "") + k + ": " + v;
    return text + "}";
}

std::string nested_arrays(int depth) {
    return std::string(size_t(depth), '[') + std::string(size_t(depth), ']');
}

std::string pairs_line(const std::string& extra) {
    return "{\"id\": \"a\", \"text\": \"t\", \"pairs\": [{\"question\": \"q\", \"answer\": \"a\"}]" + extra +
           "}";
}

// One-line pairs files give one index row each.
std::shared_ptr<PairsIndex> index_of(const QString& path) {
    auto index = PairsIndex::open(path.toStdString());
    index->build({}, CancelToken());
    return index;
}

// A pid that no process has: above the kernel's pid_max.
const char* kDeadPid = "999999999";

}  // namespace

class TestHostileInputs : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

    QString path(const char* name) { return dir.filePath(name); }

  private slots:
    // --- config.json ------------------------------------------------------------------------------

    void modelConfigIntegersAreCheckedBeforeArithmetic() {
        // Each of these divided by zero or overflowed before validation (SIGFPE).
        IPT_VERIFY_ERROR_CONTAINS(model_config_from_json(config_with("num_attention_heads", "0"), "c.json"),
                                  "c.json", "key 'num_attention_heads'", "out of range");
        std::string min_heads = config_with("hidden_size", "-9223372036854775808");
        min_heads.replace(min_heads.find("\"num_attention_heads\": 4"), 24, "\"num_attention_heads\": -1");
        IPT_VERIFY_ERROR_CONTAINS(model_config_from_json(min_heads, "c.json"), "c.json", "key 'hidden_size'",
                                  "out of range");
        IPT_VERIFY_ERROR_CONTAINS(model_config_from_json(config_with("num_key_value_heads", "0"), "c.json"),
                                  "key 'num_key_value_heads'");
        // Floats that are no integer, or no int64, name the key instead of being cast.
        IPT_VERIFY_ERROR_CONTAINS(model_config_from_json(config_with("vocab_size", "1e30"), "c.json"),
                                  "key 'vocab_size'", "out of range");
        IPT_VERIFY_ERROR_CONTAINS(model_config_from_json(config_with("vocab_size", "2.5"), "c.json"),
                                  "key 'vocab_size'", "expected an integer");
        IPT_VERIFY_ERROR_CONTAINS(
            model_config_from_json(config_with("vocab_size", "18446744073709551615"), "c.json"),
            "key 'vocab_size'", "out of range");
        IPT_VERIFY_ERROR_CONTAINS(
            model_config_from_json(config_with("vocab_size", "1000000000000"), "c.json"), "key 'vocab_size'",
            "[1, 16777216]");
        // A number beyond a double used to escape the JSON error handler.
        IPT_VERIFY_ERROR_CONTAINS(model_config_from_json(config_with("vocab_size", "1e99999"), "c.json"),
                                  "c.json", "invalid JSON", "number overflow");
        IPT_VERIFY_ERROR_CONTAINS(model_config_from_json(config_with("extra", nested_arrays(300)), "c.json"),
                                  "c.json", "nested deeper than 256");
        // An integral float is an integer.
        QCOMPARE(model_config_from_json(config_with("hidden_size", "64.0"), "c.json").hidden_size,
                 int64_t(64));
        // Shapes whose weight count overflows are refused however they were made.
        ModelConfig wide = model_preset("tiny");
        wide.vocab_size = int64_t(1) << 24;
        wide.hidden_size = int64_t(1) << 20;
        IPT_VERIFY_ERROR_CONTAINS(wide.validate(), "more than 2^44 weights");
        wide = model_preset("tiny");
        wide.vocab_size = 1000000000000;
        IPT_VERIFY_ERROR_CONTAINS(wide.validate(), "vocab_size must be in [1, 16777216]");
    }

    void absurdVocabularyIsRefusedBeforeAllocating() {
        const test::CliRun r = test::ipt_cli(
            {"model", "init", "--preset", "tiny", "--vocab-size", "1000000000000", "--out", path("huge")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("vocab_size must be in [1, 16777216]"), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("huge")));
    }

    // --- run.toml ---------------------------------------------------------------------------------

    void trainConfigProductsCannotOverflow() {
        const std::string good =
            "[model]\npreset = \"tiny\"\n[data]\nsequence_length = 32\n[[data.sources]]\npath = \"d\"\n"
            "[batch]\nglobal_batch_tokens = 256\nmicro_batch = 4\n[optimizer]\nlr = 3e-3\nmin_lr = 3e-4\n"
            "[train]\nsteps = 4\n";
        QCOMPARE(train_config_from_toml(good, "run.toml").accumulation(), int64_t(2));
        auto with = [&](const std::string& from, const std::string& to) {
            std::string text = good;
            text.replace(text.find(from), from.size(), to);
            return text;
        };
        // 2^62 x 4 wrapped to 0 and divided by it.
        IPT_VERIFY_ERROR_CONTAINS(
            train_config_from_toml(with("sequence_length = 32", "sequence_length = 4611686018427387904"),
                                   "run.toml"),
            "run.toml", "key 'data.sequence_length'", "out of range");
        TrainConfig c = train_config_from_toml(good, "run.toml");
        c.sequence_length = int64_t(1) << 62;
        IPT_VERIFY_ERROR_CONTAINS(c.accumulation(1), "data.sequence_length", "fits in 64 bits");
        IPT_VERIFY_ERROR_CONTAINS(
            train_config_from_toml(with("micro_batch = 4", "micro_batch = 2.5"), "run.toml"),
            "batch.micro_batch", "expected an integer");
        IPT_VERIFY_ERROR_CONTAINS(train_config_from_toml(with("steps = 4", "steps = 1e300"), "run.toml"),
                                  "key 'train.steps'", "out of range");
        IPT_VERIFY_ERROR_CONTAINS(train_config_from_toml(with("lr = 3e-3", "lr = nan"), "run.toml"),
                                  "key 'optimizer.lr'", "not finite");
        IPT_VERIFY_ERROR_CONTAINS(train_config_from_toml(with("min_lr = 3e-4", "min_lr = -inf"), "run.toml"),
                                  "key 'optimizer.min_lr'", "not finite");
        IPT_VERIFY_ERROR_CONTAINS(
            train_config_from_toml(with("preset = \"tiny\"", "preset = \"tiny\"\nvocab_size = 1000000000000"),
                                   "run.toml"),
            "key 'model.vocab_size'", "out of range");
        // The accepted integral float.
        QCOMPARE(train_config_from_toml(with("steps = 4", "steps = 4.0"), "run.toml").steps, int64_t(4));
    }

    // --- safetensors ------------------------------------------------------------------------------

    void safetensorsSizesAreOverflowChecked() {
        // [2^56, 64] F32 is 2^64 bytes: the product wrapped to 0 and matched an empty data section.
        write_safetensors_bytes(path("huge.safetensors"),
                                "{" + tensor("w", "[72057594037927936, 64]", 0, 0) + "}", 0);
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(path("huge.safetensors").toStdString()),
                                  "huge.safetensors", "tensor 'w'", "overflows 64 bits");
        write_safetensors_bytes(path("float.safetensors"), "{" + tensor("w", "[2.5]", 0, 8) + "}", 8);
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(path("float.safetensors").toStdString()),
                                  "tensor 'w'", "not a dimension");
        write_safetensors_bytes(path("negative.safetensors"),
                                "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [-4, 0]}}",
                                8);
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(path("negative.safetensors").toStdString()),
                                  "tensor 'w'", "byte offsets");
        write_safetensors_bytes(
            path("overflow.safetensors"),
            "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 1e99999]}}", 8);
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(path("overflow.safetensors").toStdString()),
                                  "overflow.safetensors", "bad JSON header", "number overflow");
    }

    void safetensorsTensorsMayNotAlias() {
        write_safetensors_bytes(path("dup.safetensors"),
                                "{" + tensor("w", "[1]", 0, 4) + ", " + tensor("w", "[1]", 4, 8) + "}", 8);
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(path("dup.safetensors").toStdString()),
                                  "dup.safetensors", "'w' appears twice");
        write_safetensors_bytes(path("overlap.safetensors"),
                                "{" + tensor("a", "[2]", 0, 8) + ", " + tensor("b", "[2]", 4, 12) + "}", 12);
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(path("overlap.safetensors").toStdString()),
                                  "overlap.safetensors", "'a' [0, 8) and 'b' [4, 12) overlap");
        // One large tensor spanning a later one, with an empty tensor between them in offset order.
        write_safetensors_bytes(path("span.safetensors"),
                                "{" + tensor("a", "[4]", 0, 16) + ", " + tensor("b", "[0]", 4, 4) + ", " +
                                    tensor("c", "[1]", 8, 12) + "}",
                                16);
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(path("span.safetensors").toStdString()), "'a'", "'c'",
                                  "overlap");
        // Adjacent tensors and an empty one at a shared offset are fine.
        write_safetensors_bytes(path("fine.safetensors"),
                                "{" + tensor("a", "[1]", 0, 4) + ", " + tensor("e", "[0]", 4, 4) + ", " +
                                    tensor("b", "[1]", 4, 8) + "}",
                                8);
        QCOMPARE(SafetensorsFile::open(path("fine.safetensors").toStdString())->entries().size(), size_t(3));
    }

    void shardNamesStayInTheModelFolder() {
        const QString folder = path("sharded");
        QDir().mkpath(folder);
        write_text(folder + "/config.json", config_with("vocab_size", "97"));
        write_safetensors_bytes(path("outside.safetensors"), "{" + tensor("w", "[1]", 0, 4) + "}", 4);
        const std::vector<std::string> shards{"../outside.safetensors",
                                              path("outside.safetensors").toStdString(),
                                              "sub/../../outside.safetensors"};
        for (const std::string& shard : shards) {
            write_text(folder + "/model.safetensors.index.json",
                       "{\"weight_map\": {\"w\": \"" + shard + "\"}}");
            IPT_VERIFY_ERROR_CONTAINS(SafetensorsCheckpoint::open(folder.toStdString()),
                                      "model.safetensors.index.json", "not a file name in the model folder");
        }
    }

    void modelInfoRefusesImpossibleTensors() {
        const QString folder = path("impossible");
        QDir().mkpath(folder);
        write_text(folder + "/config.json", config_with("vocab_size", "97"));
        write_safetensors_bytes(
            folder + "/model.safetensors",
            "{" + tensor("model.embed_tokens.weight", "[72057594037927936, 64]", 0, 0) + "}", 0);
        IPT_VERIFY_ERROR_CONTAINS(summarize_hf_model(folder.toStdString()), "model.safetensors",
                                  "tensor 'model.embed_tokens.weight'", "overflows");
    }

    void weightsAreCheckedAgainstTheConfigBeforeAllocating() {
        const QString folder = path("mismatch");
        Decoder model = test::tiny_decoder(test::tiny_config(97));
        save_hf_model(model, folder.toStdString());
        // 2^24 x 64 floats would be 4 GiB: the shape check must come first.
        ModelConfig big = test::tiny_config(97);
        big.vocab_size = int64_t(1) << 24;
        write_model_config(big, (folder + "/config.json").toStdString());
        IPT_VERIFY_ERROR_CONTAINS(load_hf_model(folder.toStdString()), "model.safetensors",
                                  "tensor 'model.embed_tokens.weight' has shape [97, 64]",
                                  "config.json implies [16777216, 64]");
    }

    // --- pairs records ----------------------------------------------------------------------------

    void pairsPerRecordAreLimited() {
        std::string many = "{\"id\": \"a\", \"text\": \"t\", \"pairs\": [";
        for (uint32_t i = 0; i <= kMaxPairsPerRecord; ++i) many += i ? ",{}" : "{}";
        many += "]}";
        write_text(path("many.jsonl"), pairs_line("") + "\n" + many + "\n");
        auto index = index_of(path("many.jsonl"));
        QCOMPARE(index->size(), size_t(2));
        QVERIFY(!index->summary(0).malformed());
        QVERIFY(index->summary(1).malformed());
        QVERIFY2(index->problem(1).find("more than 100000 pairs") != std::string::npos,
                 index->problem(1).c_str());
        QCOMPARE(index->pair_count(), size_t(1));
        IPT_VERIFY_ERROR_CONTAINS(read_pairs_file(path("many.jsonl").toStdString()), "many.jsonl:2",
                                  "100001 pairs, more than the limit of 100000");
    }

    void nestingIsLimitedInEveryReader() {
        const std::string deep = pairs_line(", \"extra\": " + nested_arrays(100));
        write_text(path("deep.jsonl"), deep + "\n");
        auto index = index_of(path("deep.jsonl"));
        QVERIFY(index->summary(0).malformed());
        QVERIFY2(index->problem(0).find("nested too deeply") != std::string::npos, index->problem(0).c_str());
        IPT_VERIFY_ERROR_CONTAINS(read_pairs_file(path("deep.jsonl").toStdString()), "deep.jsonl:1",
                                  "nested deeper than 64 levels");
        // The raw-text reader (synthesis and mining input) and the dataset builder bound it too.
        std::vector<RawText> texts = read_raw_corpus(path("deep.jsonl").toStdString());
        QCOMPARE(texts.size(), size_t(1));
        QVERIFY2(texts[0].problem.find("nested deeper than 64 levels") != std::string::npos,
                 texts[0].problem.c_str());
    }

    void invalidUtf8IsMalformedWithItsOffset() {
        const std::string bad = "{\"id\": \"a\", \"text\": \"ab\xff\"}";  // 0xff at byte 23
        const std::string overlong = "{\"id\": \"b\", \"text\": \"\xc0\xaf\"}";
        const std::string surrogate = "{\"id\": \"c\", \"text\": \"\xed\xa0\x80\"}";
        const std::string good = "{\"id\": \"d\", \"text\": \"caf\xc3\xa9 \xf0\x9f\x98\x80\"}";
        const std::string lone = "{\"id\": \"e\", \"text\": \"x\\udc00\"}";
        const std::string paired = "{\"id\": \"f\", \"text\": \"\\ud83d\\ude00!\"}";
        write_text(path("utf8.jsonl"), bad + "\n" + overlong + "\n" + surrogate + "\n" + good + "\n" + lone +
                                           "\n" + paired + "\n");
        auto index = index_of(path("utf8.jsonl"));
        QCOMPARE(index->size(), size_t(6));
        QVERIFY(index->summary(0).malformed());
        QVERIFY2(index->problem(0).find("invalid UTF-8 (byte offset 23)") != std::string::npos,
                 index->problem(0).c_str());
        QVERIFY(index->summary(1).malformed());
        QVERIFY(index->summary(2).malformed());
        QVERIFY(!index->summary(3).malformed());
        QCOMPARE(index->summary(3).text_chars, uint32_t(6));
        QCOMPARE(index->record(3).text, std::string("caf\xc3\xa9 \xf0\x9f\x98\x80"));
        QVERIFY(index->summary(4).malformed());
        QVERIFY2(index->problem(4).find("surrogate") != std::string::npos, index->problem(4).c_str());
        QVERIFY(!index->summary(5).malformed());
        QCOMPARE(index->summary(5).text_chars, uint32_t(2));
        QCOMPARE(index->record(5).text, std::string("\xf0\x9f\x98\x80!"));
    }

    void repeatedAndEscapedKeysCountOnce() {
        // As for a JSON parser, a key spelled with escapes is the same key, and the last of two counts:
        // the index's columns must describe the record that the record view shows.
        const std::string escaped = "{\"id\": \"a\", \"te\\u0078t\": \"hello\", \"pairs\": [{\"question\": "
                                    "\"q\", \"answer\": \"a\"}], \"p\\u0061irs\": []}";
        const std::string repeated = "{\"id\": \"b\", \"pairs\": [{}, {}], \"pairs\": [{\"question\": \"one two\"}]}";
        write_text(path("keys.jsonl"), escaped + "\n" + repeated + "\n" + pairs_line("") + "\n");
        auto index = index_of(path("keys.jsonl"));
        QCOMPARE(index->size(), size_t(3));
        QCOMPARE(index->text_preview(0, 20), std::string("hello"));
        QCOMPARE(index->summary(0).pairs, uint32_t(0));
        QCOMPARE(index->record(0).pairs.size(), size_t(0));
        QCOMPARE(index->summary(1).pairs, uint32_t(1));
        QCOMPARE(index->record(1).pairs.size(), size_t(1));
        QCOMPARE(index->pair_words(index->summary(1).first_pair), uint32_t(2));
        QCOMPARE(index->summary(2).first_pair, uint32_t(1));
        QCOMPARE(index->pair_count(), size_t(2));
    }

    void numberOverflowIsMalformedEverywhere() {
        write_text(path("num.jsonl"),
                   pairs_line(", \"round\": 1e99999") + "\n" + pairs_line(", \"x\": 1e-99999") + "\n");
        auto index = index_of(path("num.jsonl"));
        QVERIFY(index->summary(0).malformed());
        QVERIFY2(index->problem(0).find("number out of range") != std::string::npos,
                 index->problem(0).c_str());
        QVERIFY(!index->summary(1).malformed());  // underflow is zero, as every JSON parser reads it
        QVERIFY(index->record(1).problem.empty());
        IPT_VERIFY_ERROR_CONTAINS(read_pairs_file(path("num.jsonl").toStdString()), "num.jsonl:1",
                                  "invalid JSON", "number overflow");
    }

    void wrongTypesInPairsRecordsNameTheField() {
        IPT_VERIFY_ERROR_CONTAINS(parse_pair_record(pairs_line(", \"round\": \"two\""), "p.jsonl:3"),
                                  "p.jsonl:3", "key 'round'", "expected an integer, got string");
        IPT_VERIFY_ERROR_CONTAINS(parse_pair_record(pairs_line(", \"round\": 1e300"), "p.jsonl:3"),
                                  "key 'round'", "out of range");
        IPT_VERIFY_ERROR_CONTAINS(parse_pair_record(pairs_line(", \"truncated\": 1"), "p.jsonl:3"),
                                  "key 'truncated'");
        IPT_VERIFY_ERROR_CONTAINS(
            parse_pair_record("{\"pairs\": [{\"question\": \"q\", \"answer\": \"a\", \"cot\": \"yes\"}]}",
                              "p.jsonl:4"),
            "p.jsonl:4", "key 'cot'");
        const std::string message =
            test::expect_error([&] { parse_pair_record(pairs_line(", \"dropped\": []"), "p"); });
        QVERIFY2(message.find("json.exception") == std::string::npos, message.c_str());
        QVERIFY2(message.find("key 'dropped'") != std::string::npos, message.c_str());
    }

    // --- data prepare -----------------------------------------------------------------------------

    void datasetRecordsAreBoundedAndTyped() {
        if (!QFile::exists(test::llama2_tokenizer())) QSKIP("fixture missing: llama2-tokenizer.model");
        auto tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        write_text(path("prep.jsonl"),
                   "{\"text\": \"fine\"}\n{\"text\": \"x\", \"extra\": " + nested_arrays(100) +
                       "}\n{\"segments\": [{\"text\": \"a\", \"loss\": \"no\"}]}\n");
        PrepareOptions o;
        o.inputs = {path("prep.jsonl").toStdString()};
        o.output = path("prep").toStdString();
        o.threads = 1;
        IPT_VERIFY_ERROR_CONTAINS(prepare_dataset(o, *tok), "prep.jsonl:2", "nested deeper than 64 levels");
        o.loss_mask = true;
        o.skip_malformed = true;
        o.output = path("prep-skip").toStdString();
        PrepareReport r = prepare_dataset(o, *tok);
        QCOMPARE(r.skipped, uint64_t(2));
        QCOMPARE(r.documents, uint64_t(1));
        QCOMPARE(r.problems.size(), size_t(2));
        QVERIFY2(
            r.problems[1].find("prep.jsonl:3: segments[0].loss must be true or false") != std::string::npos,
            r.problems[1].c_str());
    }

    void longDocumentsAreTokenizedInChunksExactly() {
        if (!QFile::exists(test::llama2_tokenizer())) QSKIP("fixture missing: llama2-tokenizer.model");
        auto tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        // A document of words (cut between words: exact) and one without spaces for 30 KB (cut at line
        // ends), each far longer than the chunk size.
        std::string words;
        for (const std::string& d : test::word_documents(300)) words += (words.empty() ? "" : "  ") + d + ".";
        std::string lines;
        for (int i = 0; i < 3000; ++i) lines += "abcdefghi\\n";
        write_text(path("long.jsonl"), "{\"text\": \"" + words + "\"}\n{\"text\": \"" + lines + "\"}\n");
        PrepareOptions o;
        o.inputs = {path("long.jsonl").toStdString()};
        o.output = path("long").toStdString();
        o.threads = 2;
        o.chunk_bytes = 4096;
        prepare_dataset(o, *tok);
        auto ds = TokenDataset::open(o.output);
        std::vector<int64_t> got(ds->size());
        ds->read(0, ds->size(), got.data());
        EncodeOptions whole;
        whole.add_bos = whole.add_eos = true;
        std::string decoded_lines;
        for (int i = 0; i < 3000; ++i) decoded_lines += "abcdefghi\n";
        TokenIds expected = tok->encode(words, whole);
        const TokenIds second = tok->encode(decoded_lines, whole);
        expected.insert(expected.end(), second.begin(), second.end());
        QVERIFY(words.size() > 10 * o.chunk_bytes);
        QCOMPARE(got.size(), expected.size());
        QVERIFY(std::equal(got.begin(), got.end(), expected.begin()));
    }

    void overlongLinesAreRefusedByLine() {
        write_text(path("lines.txt"), "short\n" + std::string(2048, 'x') + "\nafter\n");
        LineReader reader(path("lines.txt").toStdString());
        reader.set_max_line_bytes(1024);
        std::string line;
        QVERIFY(reader.next(&line));
        QCOMPARE(line, std::string("short"));
        IPT_VERIFY_ERROR_CONTAINS(reader.next(&line), "lines.txt:2", "longer than the limit of 1024 bytes");
        // Without a limit in the way, lines, offsets and a last line without '\n' read as before.
        write_text(path("plain.txt"), "a\r\n\nbc");
        LineReader plain(path("plain.txt").toStdString());
        QVERIFY(plain.next(&line));
        QCOMPARE(line, std::string("a"));
        QCOMPARE(plain.next_offset(), uint64_t(3));
        QVERIFY(plain.next(&line));
        QCOMPARE(line, std::string());
        QVERIFY(plain.next(&line));
        QCOMPARE(line, std::string("bc"));
        QCOMPARE(plain.next_offset(), uint64_t(6));
        QCOMPARE(plain.line_number(), uint64_t(3));
        QVERIFY(!plain.next(&line));
    }

    // --- tasks, metrics, results ------------------------------------------------------------------

    void hugeTemplateIndexIsAMissingField() {
        write_text(path("d.jsonl"), "{\"q\": \"x\", \"choices\": [\"a\", \"b\"]}\n");
        write_text(
            path("t.json"),
            "{\"name\": \"t\", \"data\": \"d.jsonl\", \"type\": \"multiple_choice\", \"prompt\": \"{{q}}\", "
            "\"choices\": [\"{{choices.99999999999999999999999}}\", \"b\"], \"answer\": \"0\"}");
        const TaskDefinition t = read_task(path("t.json").toStdString());
        IPT_VERIFY_ERROR_CONTAINS(load_task_items(t), "d.jsonl:1",
                                  "missing field 'choices.99999999999999999999999'");
    }

    void taskNumbersAreChecked() {
        const std::string head =
            "{\"name\": \"t\", \"data\": \"d.jsonl\", \"type\": \"generate\", \"prompt\": "
            "\"{{q}}\", \"target\": \"{{q}}\"";
        write_text(path("t1.json"), head + ", \"num_fewshot\": 1e99999}");
        IPT_VERIFY_ERROR_CONTAINS(read_task(path("t1.json").toStdString()), "t1.json", "invalid JSON");
        write_text(path("t2.json"), head + ", \"num_fewshot\": 2.5}");
        IPT_VERIFY_ERROR_CONTAINS(read_task(path("t2.json").toStdString()), "t2.json", "key 'num_fewshot'");
        write_text(path("t3.json"), head + ", \"max_new_tokens\": -1}");
        IPT_VERIFY_ERROR_CONTAINS(read_task(path("t3.json").toStdString()), "key 'max_new_tokens'",
                                  "out of range");
        write_text(path("d2.jsonl"), "{\"q\": 1e99999}\n");
        write_text(path("t4.json"),
                   "{\"name\": \"t\", \"data\": \"d2.jsonl\", \"type\": \"generate\", "
                   "\"prompt\": \"{{q}}\", \"target\": \"{{q}}\"}");
        IPT_VERIFY_ERROR_CONTAINS(load_task_items(read_task(path("t4.json").toStdString())), "d2.jsonl:1",
                                  "invalid JSON");
    }

    void metricsAndResultsNameTheFile() {
        IPT_VERIFY_ERROR_CONTAINS(parse_metric_line("{\"step\": \"x\", \"loss\": 1}", "m.jsonl:3"),
                                  "m.jsonl:3", "key 'step'");
        IPT_VERIFY_ERROR_CONTAINS(parse_metric_line("{\"step\": 1, \"loss\": 1e99999}", "m.jsonl:4"),
                                  "m.jsonl:4", "malformed JSON");
        IPT_VERIFY_ERROR_CONTAINS(parse_metric_line("{\"step\": 18446744073709551615}", "m.jsonl:5"),
                                  "m.jsonl:5", "key 'step'");
        IPT_VERIFY_ERROR_CONTAINS(
            parse_results_json("{\"results\": {\"t\": {\"acc,none\": 1e99999}}}", "r.json"), "r.json",
            "not JSON");
    }

    // --- temporaries ------------------------------------------------------------------------------

    void staleTemporariesOfDeadWritersAreRemoved() {
        const QString out = path("mined.jsonl");
        const QString dead = path(".mined.jsonl.tmp-") + kDeadPid + "-1a2b";
        const QString live = path(".mined.jsonl.tmp-") + QString::number(::getpid()) + "-3c4d";
        const QString other = path(".mined.jsonl.tmp-x");
        for (const QString& f : {dead, live, other}) write_text(f, "left behind");
        QDir().mkpath(path(".model.saving-") + kDeadPid + "-77");
        write_text(path(".model.saving-") + kDeadPid + "-77/config.json", "{}");

        write_text(path("raw.jsonl"), "{\"id\": \"1\", \"text\": \"The cat sat on the mat.\"}\n");
        run_rule_mining(path("raw.jsonl").toStdString(), out.toStdString(), "text", {}, CancelToken());
        QVERIFY(QFile::exists(out));
        QVERIFY(!QFile::exists(dead));
        QVERIFY(QFile::exists(live));   // a running process's work stays
        QVERIFY(QFile::exists(other));  // not a temporary name
        QCOMPARE(remove_stale_temporaries(path("model").toStdString(), "saving"), 1);
        QVERIFY(!QFile::exists(path(".model.saving-") + kDeadPid + "-77"));
        write_text(path(".shard-00001.tokens.tmp-") + kDeadPid + "-5", "x");
        QCOMPARE(remove_stale_temporaries_in(dir.path().toStdString()), 1);
        QVERIFY(QFile::exists(live));
    }
};

QTEST_GUILESS_MAIN(TestHostileInputs)
#include "test_hostile_inputs.moc"
