// The tokenizer.json backend against the Hugging Face `tokenizers` library: ids and decodes on the
// multilingual corpus for byte-level BPE (Llama 3 and GPT-2 patterns) and Metaspace / byte-fallback BPE
// (three layouts of one SentencePiece vocabulary), the latter also against SentencePiece itself. The
// expected values are goldens written by tests/compat/tokenizers/make_goldens.py.
#include <nlohmann/json.hpp>

#include <fstream>

#include "ipt/common/error.h"
#include "ipt/text/bpe_trainer.h"
#include "ipt/text/hf_tokenizer.h"
#include "ipt/text/model_tokenizer.h"
#include "ipt/text/sentencepiece_tokenizer.h"
#include "ipt/text/tokenizer_json_extension.h"
#include "test_support.h"

using namespace ipt;
using nlohmann::json;

namespace {

const QString kCompat = QStringLiteral(IPT_SOURCE_DIR "/tests/compat/tokenizers");

std::string fixture_json(const char* name) {
    return (kCompat + "/fixtures/" + name + "/tokenizer.json").toStdString();
}

json golden(const char* name) {
    std::ifstream in((kCompat + "/goldens/" + name + ".json").toStdString());
    if (!in) return json();
    return json::parse(in);
}

TokenIds ids(const json& j) {
    return j.get<TokenIds>();
}

QString show(const TokenIds& ids) {
    QStringList s;
    for (int32_t id : ids) s << QString::number(id);
    return s.join(",");
}

// Compares every corpus text; reports the first few disagreements with the text that caused them.
void check_against_golden(const Tokenizer& tok, const json& g, bool template_is_bos) {
    QVERIFY2(g.is_object(), "golden missing: run scripts/compat --write tokenizers");
    int failures = 0;
    for (const json& row : g["texts"]) {
        const std::string text = row["text"];
        EncodeOptions plain, special, bos;
        special.parse_special = true;
        bos.add_bos = true;
        bos.parse_special = true;  // the golden's template encoding recognises special tokens
        const TokenIds got = tok.encode(text, plain), got_special = tok.encode(text, special);
        const TokenIds want = ids(row["ids"]), want_special = ids(row["ids_special"]);
        auto fail = [&](const char* what, const QString& detail) {
            if (++failures <= 5)
                qWarning("%s: text %s\n  %s", what, json(text).dump().c_str(), qPrintable(detail));
        };
        if (got != want) fail("ids", "got " + show(got) + "\n  want " + show(want));
        if (got_special != want_special)
            fail("ids with special tokens", "got " + show(got_special) + "\n  want " + show(want_special));
        if (template_is_bos) {
            const TokenIds got_bos = tok.encode(text, bos), want_bos = ids(row["ids_template"]);
            if (got_bos != want_bos)
                fail("ids with BOS", "got " + show(got_bos) + "\n  want " + show(want_bos));
        }
        const std::string decoded = tok.decode(want), decoded_special = tok.decode(want_special);
        if (decoded != row["decoded"].get<std::string>())
            fail("decode",
                 QString::fromStdString("got " + json(decoded).dump() + "\n  want " + row["decoded"].dump()));
        if (decoded_special != row["decoded_special"].get<std::string>())
            fail("decode with special tokens",
                 QString::fromStdString("got " + json(decoded_special).dump() + "\n  want " +
                                        row["decoded_special"].dump()));
    }
    QCOMPARE(failures, 0);
}

void write_file(const QString& path, const std::string& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text.data(), qint64(text.size()));
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

class TestHfTokenizer : public QObject {
    Q_OBJECT

  private slots:
    void llama3PatternByteLevel() {
        auto tok = load_tokenizer(fixture_json("llama3"));
        check_against_golden(*tok, golden("llama3"), true);
        auto* hf = dynamic_cast<HfTokenizer*>(tok.get());
        QVERIFY(hf && hf->byte_level() && hf->adds_bos());
        QCOMPARE(tok->bos_id(), tok->piece_id("<|begin_of_text|>"));
        QCOMPARE(tok->eos_id(), tok->piece_id("<|end_of_text|>"));
        QVERIFY(tok->is_control(tok->piece_id("<|eot_id|>")));
        QVERIFY(!tok->is_control(tok->piece_id("custom")));  // an added token, not a special one
        QCOMPARE(tok->unk_id(), -1);
        QCOMPARE(tok->piece_text("\xC4\xA0the"), std::string(" the"));  // Ġthe
        QCOMPARE(tok->piece_text("<|eot_id|>"), std::string("<|eot_id|>"));
    }

    void gpt2PatternByteLevel() {
        auto tok = load_tokenizer(fixture_json("gpt2"));
        check_against_golden(*tok, golden("gpt2"), true);
        auto* hf = dynamic_cast<HfTokenizer*>(tok.get());
        QVERIFY(hf && hf->byte_level());
        QVERIFY(!hf->adds_bos());  // add_bos_token: false, as GPT-2's tokenizer_config.json says
        EncodeOptions bos;
        bos.add_bos = true;
        QCOMPARE(tok->encode("Hello", bos), tok->encode("Hello"));
        QCOMPARE(tok->eos_id(), tok->piece_id("<|endoftext|>"));
    }

    // NFC, NFD and NFKD (ICU) against the library, on the GPT-2 fixture with its normalizer swapped.
    void normalFormsMatchTheLibrary() {
        const json g = golden("gpt2-normal-forms");
        QVERIFY2(g.is_object(), "golden missing");
        json j = json::parse(read_file(fixture_json("gpt2")));
        for (const auto& [form, rows] : g["ids"].items()) {
            j["normalizer"] = {{"type", form}};
            auto tok = HfTokenizer::from_files({j.dump(), "", ""}, form);
            for (size_t i = 0; i < rows.size(); ++i)
                QCOMPARE(show(tok->encode(g["texts"][i].get<std::string>())), show(ids(rows[i])));
        }
    }

    void metaspaceLayoutsMatchTheLibrary() {
        for (const char* name : {"metaspace-converted", "llama2-legacy", "mistral-metaspace"}) {
            auto tok = load_tokenizer(fixture_json(name));
            check_against_golden(*tok, golden(name), true);
            QCOMPARE(tok->bos_id(), 1);
            QCOMPARE(tok->eos_id(), 2);
            QCOMPARE(tok->unk_id(), 0);
            QVERIFY(tok->is_byte(tok->piece_id("<0x0A>")));
        }
    }

    // The converted layouts encode like SentencePiece on the same vocabulary (the goldens of both
    // libraries agree); both our backends must too.
    void metaspaceAgreesWithSentencePiece() {
        const std::string model = (kCompat + "/fixtures/spm-bpe.model").toStdString();
        auto spm = SentencePieceTokenizer::from_file(model);
        const json spm_golden = golden("spm-bpe");
        for (const json& row : spm_golden["texts"]) {
            const std::string text = row["text"];
            QCOMPARE(show(spm->encode(text)), show(ids(row["ids"])));
            QCOMPARE(spm->decode(ids(row["ids"])), row["decoded"].get<std::string>());
        }
        for (const char* name : {"metaspace-converted", "llama2-legacy"}) {
            auto hf = load_tokenizer(fixture_json(name));
            const json g = golden(name);
            for (size_t i = 0; i < g["texts"].size(); ++i) {
                const std::string text = g["texts"][i]["text"];
                QCOMPARE(show(ids(g["texts"][i]["ids"])), show(ids(spm_golden["texts"][i]["ids"])));
                QCOMPARE(show(hf->encode(text)), show(spm->encode(text)));
                EncodeOptions bos;
                bos.add_bos = true;
                QCOMPARE(show(hf->encode(text, bos)), show(spm->encode(text, bos)));
                QCOMPARE(hf->decode(hf->encode(text)), spm->decode(spm->encode(text)));
            }
        }
    }

    // The real Llama 2 tokenizer: transformers' tokenizer.json conversion and our SentencePiece
    // backend give the same ids (the converted file itself is too large for the repo).
    void realLlama2ConversionAgrees() {
        if (!QFile::exists(test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        const json g = golden("llama2-real");
        QVERIFY(g.is_object());
        auto spm = load_tokenizer(test::llama2_tokenizer().toStdString());
        for (const json& row : g["texts"]) {
            QCOMPARE(show(ids(row["hf_ids"])), show(ids(row["spm_ids"])));
            QCOMPARE(show(spm->encode(row["text"].get<std::string>())), show(ids(row["hf_ids"])));
        }
    }

    void batchEncodeKeepsOrder() {
        auto tok = load_tokenizer(fixture_json("llama3"));
        std::vector<std::string> texts;
        const json rows = golden("llama3")["texts"];  // a copy: the golden itself is a temporary
        for (const json& row : rows) texts.push_back(row["text"]);
        const std::vector<std::string> once = texts;
        for (int repeat = 0; repeat < 5; ++repeat) texts.insert(texts.end(), once.begin(), once.end());
        const std::vector<TokenIds> batch = tok->encode_batch(texts, {}, 4);
        QCOMPARE(batch.size(), texts.size());
        for (size_t i = 0; i < texts.size(); ++i) QCOMPARE(show(batch[i]), show(tok->encode(texts[i])));
    }

    void continuationAddsNoWordStart() {
        auto tok = load_tokenizer(fixture_json("metaspace-converted"));
        auto spm = SentencePieceTokenizer::from_file((kCompat + "/fixtures/spm-bpe.model").toStdString());
        EncodeOptions c;
        c.continuation = true;
        for (const char* text : {"Hello", " Hello", "wanacheza mpira", "<s>x"}) {
            QCOMPARE(show(tok->encode(text, c)), show(spm->encode(text, c)));
        }
        auto bytes = load_tokenizer(fixture_json("llama3"));
        QCOMPARE(show(bytes->encode("Hello", c)),
                 show(bytes->encode("Hello")));  // no prefix space either way
    }

    void invalidUtf8IsReadAsReplacementCharacters() {
        auto tok = load_tokenizer(fixture_json("llama3"));
        QCOMPARE(show(tok->encode("a\xFF"
                                  "b")),
                 show(tok->encode("a\xEF\xBF\xBD"
                                  "b")));
    }

    void folderPrefersTokenizerJson() {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        QVERIFY(tokenizer_file_in(folder).empty());
        IPT_VERIFY_ERROR_CONTAINS(load_model_tokenizer(folder, 100), folder.c_str(),
                                  "tokenizer.json or tokenizer.model");
        QFile::copy(kCompat + "/fixtures/spm-bpe.model", dir.filePath("tokenizer.model"));
        QCOMPARE(tokenizer_file_in(folder), folder + "/tokenizer.model");
        QVERIFY(dynamic_cast<SentencePieceTokenizer*>(load_model_tokenizer(folder, 1200).get()));
        copy_tokenizer_files((kCompat + "/fixtures/llama3").toStdString(), folder);
        QCOMPARE(tokenizer_file_in(folder), folder + "/tokenizer.json");
        QCOMPARE(tokenizer_files_in(folder).size(), size_t(2));  // with tokenizer_config.json
        auto tok = load_model_tokenizer(folder, 4096);
        QVERIFY(dynamic_cast<HfTokenizer*>(tok.get()));
        QCOMPARE(tok->bos_id(), tok->piece_id("<|begin_of_text|>"));  // the config travelled along
        IPT_VERIFY_ERROR_CONTAINS(load_model_tokenizer(folder, 100), "tokenizer.json", "pieces",
                                  "vocab_size is 100");
        // An explicit tokenizer wins over the folder's.
        auto spm = load_model_tokenizer(folder, 4096, (kCompat + "/fixtures/spm-bpe.model").toStdString());
        QVERIFY(dynamic_cast<SentencePieceTokenizer*>(spm.get()));
    }

    void fingerprintsDiffer() {
        auto a = load_tokenizer(fixture_json("metaspace-converted"));
        auto b = load_tokenizer(fixture_json("llama2-legacy"));
        QVERIFY(a->fingerprint() != b->fingerprint());
        QCOMPARE(a->fingerprint(), load_tokenizer(fixture_json("metaspace-converted"))->fingerprint());
        QVERIFY(a->fingerprint().rfind("hf-", 0) == 0);
    }

    void unsupportedComponentsAreRefusedWithTheirPath() {
        QTemporaryDir dir;
        const json base = json::parse(read_file(fixture_json("gpt2")));
        auto refused = [&](const std::function<void(json&)>& edit, std::vector<const char*> parts) {
            json j = base;
            edit(j);
            const QString path = dir.filePath("tokenizer.json");
            write_file(path, j.dump());
            const std::string message = test::expect_error([&] { load_tokenizer(path.toStdString()); });
            parts.push_back("tokenizer.json");
            for (const char* p : parts)
                QVERIFY2(message.find(p) != std::string::npos, qPrintable(QString::fromStdString(message)));
        };
        refused(
            [](json& j) {
                j["normalizer"] = {{"type", "Lowercase"}};
            },
            {"at normalizer.type", "'Lowercase' is not supported"});
        refused(
            [](json& j) {
                j["pre_tokenizer"] = {{"type", "Sequence"},
                                      {"pretokenizers", {{{"type", "Digits"}}, {{"type", "Whitespace"}}}}};
            },
            {"at pre_tokenizer.pretokenizers[1].type", "'Whitespace'"});
        refused([](json& j) { j["model"]["type"] = "WordPiece"; }, {"at model.type", "'WordPiece'"});
        refused([](json& j) { j["model"]["dropout"] = 0.1; }, {"at model.dropout"});
        refused([](json& j) { j["model"]["merges"][3] = "Ġ nosuchtoken"; },
                {"at model.merges[3]", "nosuchtoken"});
        refused(
            [](json& j) {
                j["pre_tokenizer"] = {{"type", "Split"},
                                      {"pattern", {{"Regex", "(unclosed"}}},
                                      {"behavior", "Isolated"},
                                      {"invert", false}};
            },
            {"pre_tokenizer.pattern.Regex", "does not compile"});
        refused(
            [](json& j) {
                j["pre_tokenizer"] = {{"type", "Sequence"},
                                      {"pretokenizers", {{{"type", "ByteLevel"}}, {{"type", "Digits"}}}}};
            },
            {"pretokenizers[1]", "after ByteLevel"});
        refused([](json& j) { j["decoder"] = {{"type", "WordPiece"}}; }, {"at decoder.type", "'WordPiece'"});
        refused([](json& j) { j.erase("model"); }, {"missing key 'model'"});
        write_file(dir.filePath("tokenizer.json"), "{ not json");
        IPT_VERIFY_ERROR_CONTAINS(load_tokenizer(dir.filePath("tokenizer.json").toStdString()),
                                  "tokenizer.json", "invalid JSON");
        write_file(dir.filePath("tokenizer.json"), base.dump());
        write_file(dir.filePath("tokenizer_config.json"), R"({"bos_token": "<nope>"})");
        IPT_VERIFY_ERROR_CONTAINS(load_tokenizer(dir.filePath("tokenizer.json").toStdString()),
                                  "tokenizer_config.json", "bos_token", "<nope>");
    }

    // Vocabulary expansion's extension of a tokenizer.json, against the same rule applied with the
    // library (make_goldens.py): the same pieces added with the same merges, and the library's ids.
    void extensionMatchesTheLibrary() {
        for (const char* name : {"llama3", "mistral-metaspace"}) {
            const json g = golden((std::string(name) + "-extended").c_str());
            QVERIFY2(g.is_object(), "golden missing");
            auto source = HfTokenizer::from_file(fixture_json(name));
            QCOMPARE(source->vocab_size(), g["first_id"].get<int32_t>());
            const ExtendedTokenizerJson x = extend_tokenizer_json(*source, g["pieces"]);
            QCOMPARE(x.pieces, g["added"].get<std::vector<std::string>>());
            const json written = json::parse(x.json);
            const json& merges = written["model"]["merges"];
            const json& want = g["merges"];
            for (size_t i = 0; i < want.size(); ++i) {
                const json& m = merges[merges.size() - want.size() + i];
                const std::string got = m.is_string()
                                            ? m.get<std::string>()
                                            : m[0].get<std::string>() + " " + m[1].get<std::string>();
                QCOMPARE(got, want[i][0].get<std::string>() + " " + want[i][1].get<std::string>());
            }
            auto extended = load_extended_tokenizer_json(*source, x.json, "extended");
            QCOMPARE(extended->vocab_size(), source->vocab_size() + int32_t(x.pieces.size()));
            QCOMPARE(extended->bos_id(), source->bos_id());
            std::vector<std::string> texts;
            for (const auto& p : x.pieces) texts.push_back(extended->piece_text(p));
            int64_t source_tokens = 0, extended_tokens = 0;
            const size_t heldout_from = g["texts"].size() - g["heldout_swahili"].get<size_t>();
            for (size_t i = 0; i < g["texts"].size(); ++i) {
                const json& row = g["texts"][i];
                const std::string text = row["text"];
                EncodeOptions special;
                special.parse_special = true;
                QCOMPARE(show(source->encode(text)), show(ids(row["source_ids"])));
                QCOMPARE(show(extended->encode(text)), show(ids(row["extended_ids"])));
                QCOMPARE(show(extended->encode(text, special)), show(ids(row["extended_ids_special"])));
                // Text without any new piece tokenizes exactly as before.
                bool has_new = false;
                for (const auto& t : texts) has_new = has_new || text.find(t) != std::string::npos;
                if (!has_new) QCOMPARE(show(extended->encode(text)), show(source->encode(text)));
                if (i >= heldout_from) {
                    source_tokens += int64_t(source->encode(text).size());
                    extended_tokens += int64_t(extended->encode(text).size());
                }
            }
            QVERIFY2(extended_tokens < source_tokens,
                     qPrintable(QString("%1: %2 vs %3").arg(name).arg(extended_tokens).arg(source_tokens)));
        }
    }

    // The classic worked example of BPE training: hug 10, pug 5, pun 12, bun 4, hugs 5.
    void bpeTrainerLearnsTheMostFrequentPairs() {
        BpeTrainingOptions o;
        o.vocab_size = 7 + 3;
        const TrainedBpe t = train_bpe({{"hug", 10}, {"pug", 5}, {"pun", 12}, {"bun", 4}, {"hugs", 5}}, o);
        QCOMPARE(t.alphabet, (std::vector<std::string>{"b", "g", "h", "n", "p", "s", "u"}));
        QCOMPARE(t.pieces, (std::vector<std::string>{"ug", "un", "hug"}));
        o.vocab_size = 1000;
        o.min_frequency = 2;
        const TrainedBpe all = train_bpe({{"hug", 10}, {"pug", 5}, {"pun", 12}, {"bun", 4}, {"hugs", 5}}, o);
        // pun 12; then hug+s and p+ug tie at 5 ("hug" sorts before "p"); bun 4; then every word is whole.
        QCOMPARE(all.pieces, (std::vector<std::string>{"ug", "un", "hug", "pun", "hugs", "pug", "bun"}));
        QCOMPARE(all.vocab_size(), int64_t(14));
    }

    void decodeRefusesUnknownIds() {
        auto tok = load_tokenizer(fixture_json("gpt2"));
        IPT_VERIFY_ERROR_CONTAINS(tok->decode({5, tok->vocab_size()}), "outside the vocabulary");
    }
};

QTEST_GUILESS_MAIN(TestHfTokenizer)
#include "test_hf_tokenizer.moc"
