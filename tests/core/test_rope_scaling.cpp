// RoPE scaling (config.json's rope_scaling) against transformers' inverse frequencies, the config
// round trip, the Llama 3 presets, and the decoder using the scaled frequencies.
#include <c10/core/GradMode.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "ipt/common/error.h"
#include "ipt/model/model_config.h"
#include "ipt/model/rope.h"
#include "test_support.h"

using namespace ipt;
using nlohmann::json;

namespace {

ModelConfig config_from(json j) {
    j["model_type"] = "llama";
    j["vocab_size"] = 128;
    j["intermediate_size"] = 64;
    j["num_hidden_layers"] = 1;
    return model_config_from_json(j.dump(), "config.json");
}

}  // namespace

class TestRopeScaling : public QObject {
    Q_OBJECT

  private slots:
    void matchesTransformers() {
        std::ifstream in(IPT_SOURCE_DIR "/tests/compat/rope/goldens.json");
        QVERIFY2(in.good(), "golden missing: run scripts/compat --write rope");
        const json goldens = json::parse(in);
        for (const auto& [name, g] : goldens.items()) {
            const ModelConfig c = config_from(g["config"]);
            const int64_t length = g["sequence_length"].is_null() ? 1 : g["sequence_length"].get<int64_t>();
            at::Tensor got = rope_inverse_frequencies(c, length, at::kCPU);
            const std::vector<double> want = g["inv_freq"];
            QCOMPARE(got.numel(), int64_t(want.size()));
            for (size_t i = 0; i < want.size(); ++i) {
                const double x = got[int64_t(i)].item<double>();
                QVERIFY2(
                    std::abs(x - want[i]) <= 1e-6 * std::abs(want[i]) + 1e-12,
                    qPrintable(QString("%1[%2]: %3 vs %4").arg(name.c_str()).arg(i).arg(x).arg(want[i])));
            }
        }
    }

    void roundTripsThroughConfigJson() {
        const ModelConfig l31 = model_preset("llama3.1-8b");
        QVERIFY(l31.rope_scaling);
        QCOMPARE(l31.eos_token_ids, (std::vector<int64_t>{128001, 128008, 128009}));
        const ModelConfig back = model_config_from_json(model_config_to_json(l31));
        QVERIFY(back.rope_scaling);
        QCOMPARE(back.rope_scaling->type, std::string("llama3"));
        QCOMPARE(back.rope_scaling->factor, 8.0);
        QCOMPARE(back.rope_scaling->original_max_position_embeddings, int64_t(8192));
        QCOMPARE(back.eos_token_ids, l31.eos_token_ids);
        const ModelConfig l32 = model_preset("llama3.2-1b");
        QVERIFY(l32.tie_word_embeddings);
        QCOMPARE(l32.resolved_head_dim(), int64_t(64));
        QVERIFY(!model_config_from_json(model_config_to_json(model_preset("llama3-8b"))).rope_scaling);
        // transformers 5 writes rope_parameters, with rope_theta inside.
        const ModelConfig v5 = config_from(json::parse(R"({"hidden_size": 64, "num_attention_heads": 4,
            "rope_parameters": {"rope_type": "linear", "factor": 2.0, "rope_theta": 50000.0}})"));
        QVERIFY(v5.rope_scaling);
        QCOMPARE(v5.rope_theta, 50000.0);
        QVERIFY(!config_from(json::parse(R"({"hidden_size": 64, "num_attention_heads": 4,
            "rope_scaling": {"rope_type": "default"}})"))
                     .rope_scaling);
    }

    void refusesWhatItCannotDo() {
        auto bad = [](const char* scaling) {
            json j = json::parse(R"({"hidden_size": 64, "num_attention_heads": 4})");
            j["rope_scaling"] = json::parse(scaling);
            return j;
        };
        IPT_VERIFY_ERROR_CONTAINS(config_from(bad(R"({"rope_type": "yarn", "factor": 4})")), "config.json",
                                  "rope_scaling", "yarn", "not supported");
        IPT_VERIFY_ERROR_CONTAINS(config_from(bad(R"({"rope_type": "llama3", "factor": 8})")),
                                  "original_max_position_embeddings");
        IPT_VERIFY_ERROR_CONTAINS(config_from(bad(R"({"rope_type": "linear", "factor": -1})")), "factor");
        IPT_VERIFY_ERROR_CONTAINS(config_from(bad(R"({"rope_type": "linear", "factor": "x"})")), "'factor'");
        IPT_VERIFY_ERROR_CONTAINS(
            config_from(
                bad(R"({"rope_type": "llama3", "factor": 8, "low_freq_factor": 4, "high_freq_factor": 1,
                               "original_max_position_embeddings": 8192})")),
            "low_freq_factor");
    }

    // The decoder rotates with the scaled frequencies: a llama3-scaled model differs from the same
    // weights without scaling, and equals a forward computed with those frequencies by hand.
    void decoderUsesTheScaledFrequencies() {
        ModelConfig c = model_preset("tiny-llama3");
        c.vocab_size = 64;
        Decoder scaled = test::tiny_decoder(c);
        ModelConfig plain_config = c;
        plain_config.rope_scaling.reset();
        Decoder plain = test::tiny_decoder(plain_config);
        at::Tensor ids = at::arange(0, 40, at::kLong).remainder(64).unsqueeze(0);
        c10::NoGradGuard no_grad;
        at::Tensor a = scaled.forward(ids), b = plain.forward(ids);
        QVERIFY(!at::allclose(a, b, 1e-4, 1e-5));
        const at::Tensor positions = at::arange(0, 40, at::kLong).unsqueeze(0);
        auto [cos, sin] = rotary_cos_sin(positions, rope_inverse_frequencies(c, 40, at::kCPU));
        auto [cos0, sin0] = rotary_cos_sin(positions, c.resolved_head_dim(), c.rope_theta);
        QVERIFY(!at::allclose(cos, cos0));
        // Short wavelengths are untouched by llama3 scaling: the first frequency is theta^0 = 1.
        QCOMPARE(rope_inverse_frequencies(c, 40, at::kCPU)[0].item<float>(), 1.0f);
    }
};

QTEST_GUILESS_MAIN(TestRopeScaling)
#include "test_rope_scaling.moc"
