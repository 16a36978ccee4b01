// LoRA adapters: a fresh adapter changes nothing, merging gives W + (alpha / r) B A worked out here,
// PEFT's file layout round-trips, and LAPT-style training (adapters + embeddings) leaves the rest of
// the base untouched and merges into a plain folder through `ipt model merge-lora`.
#include <QtCore/QTemporaryDir>
#include <c10/core/GradMode.h>

#include "ipt/common/atomic_file.h"
#include "ipt/data/dataset_builder.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/safetensors.h"
#include "ipt/text/tokenizer.h"
#include "ipt/train/trainer.h"
#include "test_support.h"

using namespace ipt;

namespace {

at::Tensor sample_ids() {
    return at::tensor(std::vector<int64_t>{1, 7, 42, 3, 19, 64, 5}).view({1, 7});
}

LoraSettings settings(std::vector<std::string> targets = {"q_proj", "v_proj", "down_proj"}) {
    LoraSettings s;
    s.rank = 4;
    s.alpha = 8;
    s.dropout = 0.0;
    s.targets = std::move(targets);
    return s;
}

void randomize_b(Decoder& model) {
    c10::NoGradGuard no_grad;
    at::manual_seed(9);
    for (const auto& [name, p] : model.named_parameters())
        if (name.find("lora_B") != std::string::npos) p.copy_(at::randn(p.sizes()) * 0.1);
}

}  // namespace

class TestLora : public QObject {
    Q_OBJECT
  private slots:
    void freshAdapterChangesNothing() {
        Decoder model = test::tiny_decoder(test::tiny_config());
        c10::NoGradGuard no_grad;
        at::Tensor before = model.forward(sample_ids());
        model.add_lora(settings(), 1);
        QVERIFY(model.has_parameter("model.layers.1.mlp.down_proj.lora_A.weight"));
        QCOMPARE(model.parameter("model.layers.0.self_attn.q_proj.lora_A.weight").sizes().vec(),
                 (std::vector<int64_t>{4, 64}));
        QCOMPARE(model.parameter("model.layers.0.self_attn.v_proj.lora_B.weight").sizes().vec(),
                 (std::vector<int64_t>{32, 4}));  // 2 kv heads x 16
        QVERIFY(!model.has_parameter("model.layers.0.self_attn.k_proj.lora_A.weight"));
        QVERIFY(at::equal(model.forward(sample_ids()), before));
        IPT_VERIFY_ERROR_CONTAINS(model.add_lora(settings(), 1), "already");
        IPT_VERIFY_ERROR_CONTAINS(test::tiny_decoder(test::tiny_config()).add_lora(settings({"qkv"}), 1),
                                  "'qkv'");
    }

    void mergingFoldsTheScaledProduct() {
        Decoder model = test::tiny_decoder(test::tiny_config());
        model.add_lora(settings(), 1);
        randomize_b(model);
        c10::NoGradGuard no_grad;
        const std::string base = "model.layers.1.self_attn.q_proj";
        at::Tensor w = model.parameter(base + ".weight").clone();
        at::Tensor a = model.parameter(base + ".lora_A.weight"), b = model.parameter(base + ".lora_B.weight");
        // W + (8 / 4) * B A, element (3, 5) summed by hand.
        double expected = w[3][5].item<double>();
        for (int r = 0; r < 4; ++r) expected += 2.0 * b[3][r].item<double>() * a[r][5].item<double>();
        at::Tensor adapted = model.forward(sample_ids());
        model.merge_lora();
        QVERIFY(!model.has_lora());
        QVERIFY(!model.has_parameter(base + ".lora_A.weight"));
        QVERIFY(std::abs(model.parameter(base + ".weight")[3][5].item<double>() - expected) < 1e-6);
        QVERIFY((model.forward(sample_ids()) - adapted).abs().max().item<double>() < 1e-4);
    }

    void savesAndLoadsPeftLayout() {
        QTemporaryDir dir;
        Decoder model = test::tiny_decoder(test::tiny_config());
        model.add_lora(settings(), 1);
        randomize_b(model);
        save_hf_model(model, dir.path().toStdString());
        QVERIFY(QFile::exists(dir.filePath("adapter_config.json")));
        const QString config =
            QString::fromStdString(read_text_file(dir.filePath("adapter_config.json").toStdString()));
        QVERIFY(config.contains("\"r\": 4") && config.contains("\"lora_alpha\": 8") &&
                config.contains("\"LORA\""));
        auto adapters = SafetensorsFile::open(dir.filePath("adapter_model.safetensors").toStdString());
        QVERIFY(adapters->contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"));
        auto base = SafetensorsFile::open(dir.filePath("model.safetensors").toStdString());
        for (const auto& e : base->entries())
            QVERIFY2(e.name.find("lora") == std::string::npos, e.name.c_str());
        LoadedModel loaded = load_hf_model(dir.path().toStdString());
        QVERIFY(loaded.model->has_lora());
        c10::NoGradGuard no_grad;
        QVERIFY(at::equal(loaded.model->forward(sample_ids()), model.forward(sample_ids())));
    }

    void laptTrainsAdaptersAndEmbeddingsThenMerges() {
        if (!QFile::exists(test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        QTemporaryDir dir;
        auto tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        {
            std::string corpus;
            for (int i = 0; i < 60; ++i)
                corpus +=
                    "{\"text\": \"Sentence " + std::to_string(i) + " of the target language corpus.\"}\n";
            write_file_atomically(dir.filePath("t.jsonl").toStdString(), corpus);
        }
        PrepareOptions prep;
        prep.inputs = {dir.filePath("t.jsonl").toStdString()};
        prep.output = dir.filePath("data").toStdString();
        prepare_dataset(prep, *tok);
        const QString base = dir.filePath("base");
        save_hf_model(test::tiny_decoder(model_preset("tiny"), 3), base.toStdString());
        const std::string toml =
            "[model]\nfrom = \"" + base.toStdString() +
            "\"\ntrainable = [\"embed_tokens\", \"lm_head\"]\n[lora]\nrank = 4\nalpha = 16\n"
            "dropout = 0.05\n[data]\nsequence_length = 16\n[[data.sources]]\npath = \"" +
            prep.output +
            "\"\n[batch]\nglobal_batch_tokens = 64\nmicro_batch = 4\n[optimizer]\n"
            "lr = 1e-2\n[train]\nsteps = 3\n";
        TrainOptions options;
        options.run_dir = dir.filePath("run").toStdString();
        TrainResult r = train(train_config_from_toml(toml, "lapt.toml"), options);
        const QString ckpt = QString::fromStdString(r.last_checkpoint);
        auto before = SafetensorsFile::open((base + "/model.safetensors").toStdString());
        auto after = SafetensorsFile::open((ckpt + "/model.safetensors").toStdString());
        for (const auto& e : before->entries()) {
            const bool changed = !at::equal(before->tensor(e.name), after->tensor(e.name));
            const bool may = e.name == "model.embed_tokens.weight" || e.name == "lm_head.weight";
            QVERIFY2(changed == may, e.name.c_str());
        }
        auto adapters = SafetensorsFile::open((ckpt + "/adapter_model.safetensors").toStdString());
        QVERIFY(at::abs(adapters->tensor("base_model.model.model.layers.0.mlp.up_proj.lora_B.weight"))
                    .sum()
                    .item<double>() > 0);

        QProcess merge;
        merge.start(IPT_CLI, {"model", "merge-lora", "--model", ckpt, "--out", dir.filePath("merged")});
        QVERIFY(merge.waitForFinished(120000));
        QVERIFY2(merge.exitCode() == 0, merge.readAllStandardError().constData());
        QVERIFY(!QFile::exists(dir.filePath("merged/adapter_config.json")));
        LoadedModel adapted = load_hf_model(ckpt.toStdString()),
                    merged = load_hf_model(dir.filePath("merged").toStdString());
        QVERIFY(!merged.model->has_lora());
        c10::NoGradGuard no_grad;
        QVERIFY((adapted.model->forward(sample_ids()) - merged.model->forward(sample_ids()))
                    .abs()
                    .max()
                    .item<double>() < 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestLora)
#include "test_lora.moc"
