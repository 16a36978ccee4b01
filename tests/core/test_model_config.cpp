// ModelConfig <-> config.json, presets and parameter counts.
#include "ipt/common/error.h"
#include "ipt/model/model_config.h"
#include "test_support.h"

using namespace ipt;

namespace {

// A config.json as transformers writes it for Llama 2 7B (abridged to the keys it carries).
const char* kLlama2Config = R"({
  "architectures": ["LlamaForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
  "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 11008,
  "max_position_embeddings": 4096, "model_type": "llama", "num_attention_heads": 32,
  "num_hidden_layers": 32, "num_key_value_heads": 32, "pretraining_tp": 1, "rms_norm_eps": 1e-05,
  "rope_scaling": null, "tie_word_embeddings": false, "torch_dtype": "float16",
  "transformers_version": "4.31.0.dev0", "use_cache": true, "vocab_size": 32000})";

// Mistral 7B v0.1, which uses a sliding window of 4096.
const char* kMistralConfig = R"({
  "architectures": ["MistralForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
  "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 14336,
  "max_position_embeddings": 32768, "model_type": "mistral", "num_attention_heads": 32,
  "num_hidden_layers": 32, "num_key_value_heads": 8, "rms_norm_eps": 1e-05, "rope_theta": 10000.0,
  "sliding_window": 4096, "tie_word_embeddings": false, "torch_dtype": "bfloat16", "vocab_size": 32000})";

}  // namespace

class TestModelConfig : public QObject {
    Q_OBJECT
  private slots:
    void readsLlama2Config() {
        ModelConfig c = model_config_from_json(kLlama2Config);
        QCOMPARE(c.model_type, std::string("llama"));
        QCOMPARE(c.hidden_size, 4096);
        QCOMPARE(c.intermediate_size, 11008);
        QCOMPARE(c.num_key_value_heads, 32);
        QCOMPARE(c.resolved_head_dim(), 128);
        QCOMPARE(c.rope_theta, 10000.0);  // absent: HF's default
        QCOMPARE(c.rms_norm_eps, 1e-5);
        QCOMPARE(c.torch_dtype, std::string("float16"));
        QVERIFY(!c.sliding_window);
        // Llama 2 7B has 6,738,415,616 parameters (the published count).
        QCOMPARE(c.parameter_count(), int64_t(6738415616));
    }

    void readsMistralSlidingWindow() {
        ModelConfig c = model_config_from_json(kMistralConfig);
        QCOMPARE(c.model_type, std::string("mistral"));
        QVERIFY(c.sliding_window);
        QCOMPARE(*c.sliding_window, 4096);
        QCOMPARE(c.num_key_value_heads, 8);
        // Mistral 7B: 7,241,732,096 parameters (the published count).
        QCOMPARE(c.parameter_count(), int64_t(7241732096));
    }

    void eosListIsKept() {
        std::string text =
            R"({"model_type":"llama","vocab_size":128256,"hidden_size":64,"intermediate_size":128,
            "num_hidden_layers":1,"num_attention_heads":4,"eos_token_id":[128001,128009]})";
        ModelConfig c = model_config_from_json(text);
        QCOMPARE(c.eos_token_ids.size(), size_t(2));
        QCOMPARE(c.eos_token_ids[1], 128009);
        ModelConfig back = model_config_from_json(model_config_to_json(c));
        QCOMPARE(back.eos_token_ids, c.eos_token_ids);
    }

    void roundTripsEveryField() {
        ModelConfig c = model_preset("tiny-mistral");
        c.hidden_dropout = 0.1;
        c.attention_dropout = 0.05;
        c.pad_token_id = 0;
        c.tie_word_embeddings = true;
        c.torch_dtype = "bfloat16";
        ModelConfig back = model_config_from_json(model_config_to_json(c));
        QCOMPARE(back.model_type, c.model_type);
        QCOMPARE(back.sliding_window, c.sliding_window);
        QCOMPARE(back.hidden_dropout, c.hidden_dropout);
        QCOMPARE(back.attention_dropout, c.attention_dropout);
        QCOMPARE(back.pad_token_id, c.pad_token_id);
        QCOMPARE(back.tie_word_embeddings, true);
        QCOMPARE(back.torch_dtype, c.torch_dtype);
        QCOMPARE(back.num_key_value_heads, c.num_key_value_heads);
        QCOMPARE(back.max_position_embeddings, c.max_position_embeddings);
    }

    void presetsMatchTheSeedsModels() {
        // Counts worked out by hand: embeddings + untied head + layers * (attention + MLP + 2 norms) + norm.
        ModelConfig m500 = model_preset("llama-500m");
        QCOMPARE(m500.hidden_size, 1536);
        QCOMPARE(m500.intermediate_size, 4320);
        QCOMPARE(m500.num_hidden_layers, 16);
        QCOMPARE(m500.num_attention_heads, 24);
        QCOMPARE(m500.num_key_value_heads, 24);
        QCOMPARE(m500.parameter_count(), int64_t(567854592));
        ModelConfig m13 = model_preset("llama-1.3b");
        QCOMPARE(m13.num_key_value_heads, 8);
        QCOMPARE(m13.parameter_count(), int64_t(1347504128));
        ModelConfig l3 = model_preset("llama3-8b");
        QCOMPARE(l3.rope_theta, 5e5);
        QCOMPARE(l3.vocab_size, 128256);
        QCOMPARE(l3.parameter_count(), int64_t(8030261248));  // Meta's published 8.03B
        IPT_VERIFY_ERROR_CONTAINS(model_preset("gpt-5"), "unknown model preset 'gpt-5'", "llama-500m");
    }

    void missingKeyIsNamed() {
        IPT_VERIFY_ERROR_CONTAINS(
            model_config_from_json(R"({"model_type":"llama","vocab_size":10})", "m/config.json"),
            "m/config.json", "missing key 'hidden_size'");
        IPT_VERIFY_ERROR_CONTAINS(model_config_from_json(R"({"vocab_size":10})", "x.json"),
                                  "missing key 'model_type'");
    }

    void wrongTypeAndBadJsonAreNamed() {
        IPT_VERIFY_ERROR_CONTAINS(
            model_config_from_json(R"({"model_type":"llama","vocab_size":"many","hidden_size":8})", "c.json"),
            "c.json", "key 'vocab_size' has the wrong type");
        IPT_VERIFY_ERROR_CONTAINS(model_config_from_json("{not json", "c.json"), "c.json", "invalid JSON");
        IPT_VERIFY_ERROR_CONTAINS(model_config_from_json(R"({"model_type":"gpt2"})", "c.json"),
                                  "model_type 'gpt2'");
    }

    void unsupportedFeaturesAreRefused() {
        std::string base = R"({"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":8,
            "num_hidden_layers":1,"num_attention_heads":2,)";
        IPT_VERIFY_ERROR_CONTAINS(
            model_config_from_json(base + R"("rope_scaling":{"type":"yarn","factor":2}})"), "rope_scaling",
            "yarn");
        IPT_VERIFY_ERROR_CONTAINS(model_config_from_json(base + R"("hidden_act":"gelu"})"), "hidden_act",
                                  "gelu");
        IPT_VERIFY_ERROR_CONTAINS(model_config_from_json(base + R"("num_key_value_heads":3})"),
                                  "multiple of num_key_value_heads");
    }
};

QTEST_APPLESS_MAIN(TestModelConfig)
#include "test_model_config.moc"
