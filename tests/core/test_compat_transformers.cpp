// The decoder, the folder format, vocabulary growth and LoRA against transformers and PEFT, through the
// golden files of tests/compat/transformers (made by its make_goldens.py; see that file for what each
// holds). No Python runs here.
//
// The folders this test writes (ipt_written/) are committed too: make_goldens.py loads them with
// from_pretrained / PeftModel.from_pretrained. Here they are rewritten into a temporary folder and must
// equal the committed ones byte for byte, so the check in Python stays about what the workbench writes
// today. IPT_WRITE_COMPAT=1 rewrites the committed ones instead (then run scripts/compat --write).
#include <nlohmann/json.hpp>

#include <QtCore/QTemporaryDir>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/model/generator.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/safetensors.h"
#include "ipt/vocab/embedding_initializer.h"
#include "ipt/vocab/model_resize.h"
#include "test_support.h"

using namespace ipt;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kDir = IPT_SOURCE_DIR "/tests/compat/transformers";
const std::vector<std::string> kCases = {"llama_gqa_untied", "llama_tied_theta5e5", "mistral_window",
                                         "llama31_rope_scaling"};
const std::string kLoraBase = "llama_gqa_untied";

bool writing() {
    const char* v = std::getenv("IPT_WRITE_COMPAT");
    return v && std::string(v) == "1";
}

json read_json(const std::string& path) {
    return json::parse(read_text_file(path));
}

// Nested JSON lists of numbers -> a float64 tensor of that shape.
at::Tensor tensor_of(const json& nested) {
    std::vector<int64_t> shape;
    for (const json* j = &nested; j->is_array(); j = &(*j)[0])
        shape.push_back(static_cast<int64_t>(j->size()));
    std::vector<double> flat;
    std::function<void(const json&)> walk = [&](const json& j) {
        if (j.is_array())
            for (const auto& x : j) walk(x);
        else
            flat.push_back(j.get<double>());
    };
    walk(nested);
    return at::tensor(flat, at::kDouble).view(shape);
}

at::Tensor ids_of(const json& nested) {
    return tensor_of(nested).to(at::kLong);
}

double max_abs(const at::Tensor& a, const at::Tensor& b) {
    return (a.to(at::kDouble) - b.to(at::kDouble)).abs().max().item<double>();
}

std::map<std::string, std::string> folder_files(const fs::path& folder) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::directory_iterator(folder))
        if (e.is_regular_file()) out[e.path().filename().string()] = read_text_file(e.path().string());
    return out;
}

// Writes `save` into ipt_written/<name> (write mode) or a temporary folder that must equal it.
void check_written(const std::string& name, const std::function<void(const std::string&)>& save) {
    const fs::path committed = fs::path(kDir) / "ipt_written" / name;
    if (writing()) {
        fs::create_directories(committed.parent_path());
        save(committed.string());
        return;
    }
    QTemporaryDir tmp;
    const std::string fresh = tmp.filePath("out").toStdString();
    save(fresh);
    if (!fs::exists(committed))
        QFAIL(qPrintable(
            QString::fromStdString(committed.string() +
                                   " is missing: run this test with "
                                   "IPT_WRITE_COMPAT=1, then scripts/compat --write transformers")));
    const auto want = folder_files(committed), got = folder_files(fresh);
    for (const auto& [file, bytes] : got) {
        QVERIFY2(want.count(file), qPrintable(QString::fromStdString(name + "/" + file + " is new")));
        QVERIFY2(
            want.at(file) == bytes,
            qPrintable(QString::fromStdString(
                name + "/" + file + " differs from the committed ipt_written copy: the workbench writes " +
                "something else now; rerun with IPT_WRITE_COMPAT=1 and scripts/compat --write "
                "transformers")));
    }
    QCOMPARE(got.size(), want.size());
}

// Values bf16 holds exactly, from a fixed formula: the same bytes on every machine and LibTorch.
at::Tensor formula_weights(at::IntArrayRef shape, int salt) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    at::Tensor i = at::arange(n, at::kDouble);
    return (at::sin(i * 1.7 + 0.3 * salt) * 0.2).to(at::kBFloat16).to(at::kFloat).view(shape);
}

LoraSettings lora_settings() {
    LoraSettings s;
    s.rank = 4;
    s.alpha = 8;
    s.dropout = 0;
    s.targets = {"q_proj", "v_proj", "down_proj"};
    return s;
}

}  // namespace

class TestCompatTransformers : public QObject {
    Q_OBJECT

    static void cases() {
        QTest::addColumn<QString>("name");
        for (const auto& c : kCases) QTest::newRow(c.c_str()) << QString::fromStdString(c);
    }

  private slots:
    void initTestCase() {
        if (!fs::exists(kDir + "/goldens/llama_gqa_untied.json"))
            QSKIP("tests/compat/transformers/goldens are missing (scripts/compat --write transformers)");
    }

    void logits_data() { cases(); }
    // fp32 logits of the same folder: max abs diff < 1e-4 over every position and token.
    void logits() {
        QFETCH(QString, name);
        const std::string c = name.toStdString();
        const json g = read_json(kDir + "/goldens/" + c + ".json");
        LoadedModel m = load_hf_model(kDir + "/models/" + c);
        QVERIFY(m.unused_tensors.empty());
        const at::Tensor logits = m.model->forward(ids_of(g["input_ids"]));
        const double diff = max_abs(logits, tensor_of(g["logits"]));
        qInfo("%s: fp32 max abs diff %.2g", c.c_str(), diff);
        QVERIFY2(diff < 1e-4, qPrintable(QString("%1: max abs diff %2").arg(name).arg(diff)));
    }

    void padded_batch_data() { cases(); }
    // Left padding: the positions that are real tokens agree (positions counted from the mask).
    void padded_batch() {
        QFETCH(QString, name);
        const std::string c = name.toStdString();
        const json g = read_json(kDir + "/goldens/" + c + ".json")["padded"];
        LoadedModel m = load_hf_model(kDir + "/models/" + c);
        ForwardOptions f;
        f.attention_mask = ids_of(g["attention_mask"]);
        const at::Tensor logits = m.model->forward(ids_of(g["input_ids"]), f);
        const at::Tensor real = f.attention_mask.to(at::kBool);
        const at::Tensor want = tensor_of(g["logits"]);
        const double diff = max_abs(logits.index({real}), want.index({real}));
        QVERIFY2(diff < 1e-4, qPrintable(QString("%1: max abs diff %2").arg(name).arg(diff)));
    }

    void bf16_data() { cases(); }
    // bf16 on both sides. Two bf16 runs round at different places (transformers' SDPA kernel, our
    // explicit attention), so they are compared through the exact result: ours is no further from
    // transformers' fp32 logits than transformers' own bf16 run is, give or take a half (CPUs differ).
    void bf16() {
        QFETCH(QString, name);
        const std::string c = name.toStdString();
        const json g = read_json(kDir + "/goldens/" + c + ".json");
        LoadOptions o;
        o.dtype = at::kBFloat16;
        LoadedModel m = load_hf_model(kDir + "/models/" + c, o);
        const at::Tensor logits = m.model->forward(ids_of(g["input_ids"]));
        const double ours = max_abs(logits, tensor_of(g["logits"]));
        const double theirs = g["bf16_vs_fp32_max_abs"].get<double>();
        const double between = max_abs(logits, tensor_of(g["bf16_logits"]));
        qInfo("%s: bf16 vs fp32 max abs: ours %.4f, transformers %.4f; ours vs transformers' bf16 %.4f",
              c.c_str(), ours, theirs, between);
        QVERIFY2(ours <= 1.5 * theirs,
                 qPrintable(QString("%1: our bf16 logits are %2 from fp32, transformers' %3")
                                .arg(name)
                                .arg(ours)
                                .arg(theirs)));
    }

    void greedy_data() { cases(); }
    // 64 greedy tokens through our KV cache equal generate()'s.
    void greedy() {
        QFETCH(QString, name);
        const std::string c = name.toStdString();
        const json g = read_json(kDir + "/goldens/" + c + ".json")["greedy"];
        LoadedModel m = load_hf_model(kDir + "/models/" + c);
        TokenIds prompt;
        for (const auto& t : g["prompt"]) prompt.push_back(t.get<int32_t>());
        GenerationOptions options;
        options.max_new_tokens = 64;
        options.stop_at_eos = false;
        const Generation out = Generator(*m.model).generate({prompt}, options)[0];
        TokenIds want;
        for (const auto& t : g["tokens"]) want.push_back(t.get<int32_t>());
        QCOMPARE(out.tokens.size(), size_t(64));
        for (size_t i = 0; i < want.size(); ++i)
            QVERIFY2(out.tokens[i] == want[i], qPrintable(QString("%1: token %2 is %3, generate() gave %4")
                                                              .arg(name)
                                                              .arg(i)
                                                              .arg(out.tokens[i])
                                                              .arg(want[i])));
    }

    // transformers' sharded save (two shards and the index) is what the first case loads from.
    void shardedFolderIsRead() {
        const ModelSummary s = summarize_hf_model(kDir + "/models/" + kLoraBase);
        QCOMPARE(s.files.size(), size_t(2));
        QCOMPARE(s.parameters, s.config.parameter_count());
    }

    void foldersWeWrite_data() { cases(); }
    // Our save of each model, committed as ipt_written/<case> for transformers to load (make_goldens.py
    // checks from_pretrained gives the original logits).
    void foldersWeWrite() {
        QFETCH(QString, name);
        const std::string c = name.toStdString();
        LoadedModel m = load_hf_model(kDir + "/models/" + c);
        check_written(c, [&](const std::string& out) { save_hf_model(*m.model, out); });
        if (writing()) return;
        const fs::path report = fs::path(kDir) / "goldens" / "ipt_written.json";
        if (!fs::exists(report)) QSKIP("goldens/ipt_written.json not made yet (scripts/compat --write)");
        const json r = read_json(report.string());
        QVERIFY2(r.contains(c), "transformers did not load this folder (see scripts/compat transformers)");
        QVERIFY(r[c]["max_abs_diff_to_original"].get<double>() <= 1e-5);
    }

    // A vocabulary grown by 8 rows (Mean of listed source rows, in the embeddings and the head):
    // transformers loads it with the new rows in place, and our logits over the grown vocabulary,
    // with new ids in the input, equal transformers'.
    void expandedVocabulary() {
        LoadedModel base = load_hf_model(kDir + "/models/" + kLoraBase);
        const std::vector<TokenIds> sources = {{3, 5}, {7},      {10, 11, 12},     {1, 2},
                                               {20},   {30, 31}, {40, 41, 42, 43}, {63}};
        const at::Tensor embed = base.model->parameter("model.embed_tokens.weight");
        const at::Tensor head = base.model->parameter("lm_head.weight");
        Decoder grown =
            resize_vocabulary(*base.model, 72, 64, mean_rows(embed, sources), mean_rows(head, sources));
        check_written("expanded", [&](const std::string& out) {
            save_hf_model(grown, out);
            json recipe;
            recipe["first_new"] = 64;
            recipe["sources"] = json::array();
            for (const auto& s : sources) recipe["sources"].push_back(s);
            write_file_atomically(out + "/expansion.json", recipe.dump(1) + "\n");
        });
        if (writing()) return;
        const fs::path report = fs::path(kDir) / "goldens" / "ipt_written.json";
        if (!fs::exists(report)) QSKIP("goldens/ipt_written.json not made yet (scripts/compat --write)");
        const json g = read_json(report.string())["expanded"];
        LoadedModel reloaded = load_hf_model(kDir + "/ipt_written/expanded");
        QCOMPARE(reloaded.model->config().vocab_size, int64_t(72));
        const at::Tensor logits = reloaded.model->forward(ids_of(g["input_ids"]));
        const double diff = max_abs(logits, tensor_of(g["logits"]));
        QVERIFY2(diff < 1e-4, qPrintable(QString("max abs diff %1").arg(diff)));
    }

    // PEFT's adapter folder on transformers' base: the same logits, and merge-lora equals
    // merge_and_unload (weights and logits), in core and through `ipt model merge-lora --adapter`.
    void adaptersFromPeft() {
        const json g = read_json(kDir + "/goldens/peft.json");
        LoadOptions o;
        o.adapter = kDir + "/models/peft_lora";
        LoadedModel m = load_hf_model(kDir + "/models/" + kLoraBase, o);
        QVERIFY(m.model->has_lora());
        QCOMPARE(m.model->lora().rank, int64_t(4));
        const at::Tensor ids = ids_of(g["input_ids"]);
        double diff = max_abs(m.model->forward(ids), tensor_of(g["logits"]));
        QVERIFY2(diff < 1e-4, qPrintable(QString("adapted logits: max abs diff %1").arg(diff)));
        m.model->merge_lora();
        QVERIFY(!m.model->has_lora());
        diff = max_abs(m.model->forward(ids), tensor_of(g["merged_logits"]));
        QVERIFY2(diff < 1e-4, qPrintable(QString("merged logits: max abs diff %1").arg(diff)));
        for (const auto& [name, value] : g["merged_weights"].items()) {
            diff = max_abs(m.model->parameter(name), tensor_of(value));
            QVERIFY2(diff < 1e-5, qPrintable(QString::fromStdString(name + ": " + std::to_string(diff))));
        }

        QTemporaryDir tmp;
        const QString out = tmp.filePath("merged");
        const auto run = test::ipt_cli({"model", "merge-lora", "--model",
                                        QString::fromStdString(kDir + "/models/" + kLoraBase), "--adapter",
                                        QString::fromStdString(kDir + "/models/peft_lora"), "--out", out});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        LoadedModel merged = load_hf_model(out.toStdString());
        QVERIFY(!merged.model->has_lora());
        for (const auto& [name, value] : g["merged_weights"].items())
            QVERIFY(max_abs(merged.model->parameter(name), tensor_of(value)) < 1e-5);
    }

    // Our adapters (committed as ipt_written/lora) load in PEFT with the same logits as ours.
    void adaptersForPeft() {
        LoadedModel m = load_hf_model(kDir + "/models/" + kLoraBase);
        m.model->add_lora(lora_settings(), 0);
        {
            at::NoGradGuard no_grad;
            int salt = 0;
            for (const auto& [name, p] : m.model->named_parameters())
                if (name.find(".lora_") != std::string::npos) p.copy_(formula_weights(p.sizes(), ++salt));
        }
        check_written("lora", [&](const std::string& out) {
            save_hf_model(*m.model, out);
            // PEFT reads the adapter files only; the base is models/llama_gqa_untied already.
            for (const char* base : {"config.json", "generation_config.json", "model.safetensors"})
                fs::remove(fs::path(out) / base);
        });
        if (writing()) return;
        const fs::path report = fs::path(kDir) / "goldens" / "ipt_written.json";
        if (!fs::exists(report)) QSKIP("goldens/ipt_written.json not made yet (scripts/compat --write)");
        const json g = read_json(report.string())["lora"];
        const double diff = max_abs(m.model->forward(ids_of(g["input_ids"])), tensor_of(g["logits"]));
        QVERIFY2(diff < 1e-4, qPrintable(QString("max abs diff %1").arg(diff)));
    }

    // PEFT options that would change what the adapters compute are refused by name.
    void peftOptionsWeDoNotImplementAreRefused() {
        json config = read_json(kDir + "/models/peft_lora/adapter_config.json");
        for (const auto& [key, value] :
             std::vector<std::pair<std::string, json>>{{"use_dora", true},
                                                       {"rank_pattern", {{"q_proj", 8}}},
                                                       {"layers_to_transform", {0}},
                                                       {"modules_to_save", {"lm_head"}},
                                                       {"target_modules", "q_proj|v_proj"}}) {
            json broken = config;
            broken[key] = value;
            IPT_VERIFY_ERROR_CONTAINS(lora_config_from_json(broken.dump(), "adapter_config.json"),
                                      "adapter_config.json", key.c_str());
        }
        json rs = config;
        rs["use_rslora"] = true;
        QCOMPARE(lora_config_from_json(rs.dump(), "x").scale(), 8.0 / 2.0);
        QCOMPARE(lora_config_from_json(config.dump(), "x").scale(), 8.0 / 4.0);
    }
};

QTEST_APPLESS_MAIN(TestCompatTransformers)
#include "test_compat_transformers.moc"
