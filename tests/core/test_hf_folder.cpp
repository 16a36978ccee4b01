// Hugging Face folders: round trips in every dtype, tied heads, shards, atomic replacement, and a
// folder laid out the way transformers writes one (built here by Python's standard library).
#include <QtCore/QDirIterator>
#include <QtCore/QTemporaryDir>
#include <c10/core/GradMode.h>

#include "ipt/common/error.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/safetensors.h"
#include "test_support.h"

using namespace ipt;

namespace {

// A transformers-style Llama folder: config.json with the keys transformers writes, F16 weights named
// as LlamaForCausalLM names them, plus the rotary buffer that older versions saved. Weight element i of
// every tensor is ((i * 37 + len(name)) % 101 - 50) / 64, exactly representable in F16.
const char* kTransformersFolder = R"PY(
import json, struct, sys, os
out = sys.argv[1]
H, I, L, A, K, V = 32, 64, 2, 4, 2, 50
D = H // A
cfg = {"architectures": ["LlamaForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
       "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu", "hidden_size": H,
       "initializer_range": 0.02, "intermediate_size": I, "max_position_embeddings": 128,
       "mlp_bias": False, "model_type": "llama", "num_attention_heads": A, "num_hidden_layers": L,
       "num_key_value_heads": K, "pretraining_tp": 1, "rms_norm_eps": 1e-06, "rope_scaling": None,
       "rope_theta": 10000.0, "tie_word_embeddings": False, "torch_dtype": "float16",
       "transformers_version": "4.44.0", "use_cache": True, "vocab_size": V}
json.dump(cfg, open(os.path.join(out, "config.json"), "w"), indent=2)
shapes = {"model.embed_tokens.weight": [V, H], "model.norm.weight": [H], "lm_head.weight": [V, H]}
for l in range(L):
    p = "model.layers.%d." % l
    shapes.update({p + "input_layernorm.weight": [H], p + "post_attention_layernorm.weight": [H],
        p + "self_attn.q_proj.weight": [A * D, H], p + "self_attn.k_proj.weight": [K * D, H],
        p + "self_attn.v_proj.weight": [K * D, H], p + "self_attn.o_proj.weight": [H, A * D],
        p + "mlp.gate_proj.weight": [I, H], p + "mlp.up_proj.weight": [I, H], p + "mlp.down_proj.weight": [H, I]})
header, data = {"__metadata__": {"format": "pt"}}, b""
for name in sorted(shapes):
    n = 1
    for s in shapes[name]: n *= s
    blob = struct.pack("<%de" % n, *[((i * 37 + len(name)) % 101 - 50) / 64.0 for i in range(n)])
    header[name] = {"dtype": "F16", "shape": shapes[name], "data_offsets": [len(data), len(data) + len(blob)]}
    data += blob
blob = struct.pack("<%df" % (D // 2), *[10000.0 ** (-2.0 * i / D) for i in range(D // 2)])
header["model.layers.0.self_attn.rotary_emb.inv_freq"] = {"dtype": "F32", "shape": [D // 2], "data_offsets": [len(data), len(data) + len(blob)]}
data += blob
h = json.dumps(header).encode()
h += b" " * ((8 - len(h) % 8) % 8)
with open(os.path.join(out, "model.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(h))); f.write(h); f.write(data)
)PY";

void expect_same_parameters(const Decoder& a, const Decoder& b) {
    QCOMPARE(a.named_parameters().size(), b.named_parameters().size());
    for (const auto& [name, p] : a.named_parameters())
        QVERIFY2(at::equal(p.to(at::kFloat), b.parameter(name).to(at::kFloat)), name.c_str());
}

}  // namespace

class TestHfFolder : public QObject {
    Q_OBJECT
  private slots:
    void roundTripsInFloat32() {
        QTemporaryDir dir;
        const std::string folder = dir.filePath("model").toStdString();
        Decoder model = test::tiny_decoder(test::tiny_config());
        save_hf_model(model, folder);
        QVERIFY(QFile::exists(dir.filePath("model/config.json")));
        QVERIFY(QFile::exists(dir.filePath("model/generation_config.json")));
        LoadedModel loaded = load_hf_model(folder);
        expect_same_parameters(model, *loaded.model);
        QVERIFY(loaded.unused_tensors.empty());
        ModelSummary summary = summarize_hf_model(folder);
        QCOMPARE(summary.parameters, model.config().parameter_count());
        QCOMPARE(summary.weight_bytes, uint64_t(model.parameter_count() * 4));
        QCOMPARE(summary.dtypes, std::vector<std::string>{"F32"});
    }

    void savesBfloat16AndLoadsItBack() {
        QTemporaryDir dir;
        const std::string folder = dir.filePath("bf16").toStdString();
        Decoder model = test::tiny_decoder(test::tiny_config());
        SaveOptions options;
        options.dtype = at::kBFloat16;
        save_hf_model(model, folder, options);
        QCOMPARE(summarize_hf_model(folder).dtypes, std::vector<std::string>{"BF16"});
        QCOMPARE(read_model_config(folder + "/config.json").torch_dtype, std::string("bfloat16"));
        LoadedModel loaded = load_hf_model(folder);
        QCOMPARE(loaded.model->dtype(), at::kBFloat16);
        for (const auto& [name, p] : model.named_parameters())
            QVERIFY(at::equal(p.to(at::kBFloat16), loaded.model->parameter(name)));
        // Computing in bf16 stays close to fp32.
        c10::NoGradGuard no_grad;
        at::Tensor ids = at::tensor(std::vector<int64_t>{1, 5, 9, 20}).view({1, 4});
        at::Tensor ref = model.forward(ids), low = loaded.model->forward(ids);
        QVERIFY((ref - low).abs().max().item<double>() < 0.1 * ref.abs().max().item<double>());
        // Loading with an explicit dtype converts.
        LoadOptions as_float;
        as_float.dtype = at::kFloat;
        QCOMPARE(load_hf_model(folder, as_float).model->dtype(), at::kFloat);
    }

    void tiedEmbeddingsStoreOneMatrix() {
        QTemporaryDir dir;
        const std::string folder = dir.filePath("tied").toStdString();
        ModelConfig config = test::tiny_config();
        config.tie_word_embeddings = true;
        Decoder model = test::tiny_decoder(config);
        QVERIFY(!model.has_parameter("lm_head.weight"));
        save_hf_model(model, folder);
        auto ck = SafetensorsCheckpoint::open(folder);
        QVERIFY(!ck.contains("lm_head.weight"));
        LoadedModel loaded = load_hf_model(folder);
        c10::NoGradGuard no_grad;
        at::Tensor ids = at::tensor(std::vector<int64_t>{3, 1, 4, 1, 5}).view({1, 5});
        QVERIFY(at::equal(model.forward(ids), loaded.model->forward(ids)));
        // Logits are the hidden states times the embedding matrix: a head equal to it gives the same.
        ModelConfig untied = config;
        untied.tie_word_embeddings = false;
        Decoder copy(untied, at::TensorOptions().dtype(at::kFloat));
        for (const auto& [name, p] : model.named_parameters()) copy.parameter(name).copy_(p);
        copy.parameter("lm_head.weight").copy_(model.parameter("model.embed_tokens.weight"));
        QVERIFY((copy.forward(ids) - model.forward(ids)).abs().max().item<double>() < 1e-5);
    }

    void shardsLoadLikeOneFile() {
        QTemporaryDir dir;
        const std::string folder = dir.filePath("sharded").toStdString();
        Decoder model = test::tiny_decoder(test::tiny_config());
        SaveOptions options;
        options.max_shard_bytes = 40000;
        save_hf_model(model, folder, options);
        QVERIFY(QFile::exists(dir.filePath("sharded/model.safetensors.index.json")));
        QVERIFY(summarize_hf_model(folder).files.size() > 1);
        expect_same_parameters(model, *load_hf_model(folder).model);
    }

    void replacingAFolderLeavesNoDebris() {
        QTemporaryDir dir;
        const std::string folder = dir.filePath("m").toStdString();
        save_hf_model(test::tiny_decoder(test::tiny_config(), 1), folder);
        Decoder second = test::tiny_decoder(test::tiny_config(), 2);
        save_hf_model(second, folder);
        expect_same_parameters(second, *load_hf_model(folder).model);
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{"m"});
        // A failed save (missing tokenizer file) leaves the old folder untouched and no staging folder.
        SaveOptions bad;
        bad.tokenizer_file = dir.filePath("missing.model").toStdString();
        IPT_VERIFY_ERROR_CONTAINS(save_hf_model(test::tiny_decoder(test::tiny_config(), 3), folder, bad),
                                  "missing.model");
        expect_same_parameters(second, *load_hf_model(folder).model);
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{"m"});
    }

    void loadsAFolderLaidOutLikeTransformers() {
        QTemporaryDir dir;
        test::run_python(kTransformersFolder, {dir.path()});
        LoadedModel loaded = load_hf_model(dir.path().toStdString());
        QCOMPARE(loaded.model->dtype(), at::kHalf);
        QVERIFY(loaded.unused_tensors.empty());  // the rotary buffer is recognised and skipped
        const std::string name = "model.layers.1.mlp.down_proj.weight";
        at::Tensor w = loaded.model->parameter(name).to(at::kFloat).view({-1});
        for (int64_t i : {0, 1, 100, 2047}) {
            const double expected = double((i * 37 + int64_t(name.size())) % 101 - 50) / 64.0;
            QCOMPARE(w[i].item<double>(), expected);
        }
        LoadOptions as_float;
        as_float.dtype = at::kFloat;
        LoadedModel f32 = load_hf_model(dir.path().toStdString(), as_float);
        c10::NoGradGuard no_grad;
        at::Tensor logits = f32.model->forward(at::tensor(std::vector<int64_t>{1, 2, 3}).view({1, 3}));
        QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{1, 3, 50}));
        QVERIFY(at::isfinite(logits).all().item<bool>());
    }

    void notAModelFolder() {
        QTemporaryDir dir;
        IPT_VERIFY_ERROR_CONTAINS(load_hf_model(dir.path().toStdString()), "config.json", "missing");
        IPT_VERIFY_ERROR_CONTAINS(load_hf_model(dir.filePath("nope").toStdString()), "nope",
                                  "no such directory");
        IPT_VERIFY_ERROR_CONTAINS(
            [&] {
                LoadOptions gpu;
                gpu.device = "tpu";
                save_hf_model(test::tiny_decoder(test::tiny_config()), dir.filePath("x").toStdString());
                load_hf_model(dir.filePath("x").toStdString(), gpu);
            }(),
            "unknown device 'tpu'");
    }
};

QTEST_APPLESS_MAIN(TestHfFolder)
#include "test_hf_folder.moc"
