// The KV cache changes nothing but speed: cached decoding gives a full forward pass's logits, and a
// left-padded batch gives each prompt's own tokens.
#include <c10/core/GradMode.h>

#include "ipt/common/error.h"
#include "ipt/model/generator.h"
#include "ipt/model/kv_cache.h"
#include "test_support.h"

using namespace ipt;

namespace {

at::Tensor random_ids(int64_t batch, int64_t length, int64_t vocab, uint64_t seed) {
    at::manual_seed(seed);
    return at::randint(vocab, {batch, length}, at::TensorOptions().dtype(at::kLong));
}

// Logits of every position computed one token at a time after a prefill of `prefill` tokens.
at::Tensor cached_logits(const Decoder& model, const at::Tensor& ids, int64_t prefill) {
    c10::NoGradGuard no_grad;
    KvCache cache(model.config(), ids.size(0), ids.size(1), at::TensorOptions().dtype(at::kFloat));
    ForwardOptions options;
    options.cache = &cache;
    std::vector<at::Tensor> parts{model.forward(ids.narrow(1, 0, prefill), options)};
    for (int64_t i = prefill; i < ids.size(1); ++i)
        parts.push_back(model.forward(ids.narrow(1, i, 1), options));
    if (cache.length() != ids.size(1)) return {};
    return at::cat(parts, 1);
}

TokenIds as_ids(const at::Tensor& row) {
    TokenIds out;
    for (int64_t i = 0; i < row.size(0); ++i) out.push_back(static_cast<int32_t>(row[i].item<int64_t>()));
    return out;
}

}  // namespace

class TestKvCache : public QObject {
    Q_OBJECT
  private slots:
    void cachedDecodingMatchesFullForward() {
        Decoder model = test::tiny_decoder(test::tiny_config());
        at::Tensor ids = random_ids(2, 40, model.config().vocab_size, 11);
        c10::NoGradGuard no_grad;
        at::Tensor full = model.forward(ids);
        at::Tensor cached = cached_logits(model, ids, 7);
        const double diff = (full - cached).abs().max().item<double>();
        QVERIFY2(diff < 1e-4, qPrintable(QString("max abs diff %1").arg(diff)));
    }

    void slidingWindowIsHonouredWithAndWithoutCache() {
        ModelConfig config = model_preset("tiny-mistral");
        config.vocab_size = 97;
        config.sliding_window = 6;
        Decoder model = test::tiny_decoder(config);
        at::Tensor ids = random_ids(1, 30, 97, 12);
        c10::NoGradGuard no_grad;
        at::Tensor full = model.forward(ids);
        at::Tensor cached = cached_logits(model, ids, 3);
        QVERIFY((full - cached).abs().max().item<double>() < 1e-4);
        // The window must matter: the same weights without it differ after position 6...
        ModelConfig open = config;
        open.sliding_window.reset();
        Decoder unwindowed(open, at::TensorOptions().dtype(at::kFloat));
        for (const auto& [name, p] : model.named_parameters()) unwindowed.parameter(name).copy_(p);
        at::Tensor wide = unwindowed.forward(ids);
        QVERIFY((wide.narrow(1, 0, 6) - full.narrow(1, 0, 6)).abs().max().item<double>() < 1e-5);
        QVERIFY((wide.narrow(1, 10, 20) - full.narrow(1, 10, 20)).abs().max().item<double>() > 1e-3);
        // ...and position 20 depends only on positions 15..20: changing token 3 leaves it unchanged.
        at::Tensor changed = ids.clone();
        changed[0][3] = (changed[0][3].item<int64_t>() + 1) % 97;
        at::Tensor again = model.forward(changed);
        QVERIFY((again[0][20] - full[0][20]).abs().max().item<double>() < 1e-5);
        QVERIFY((again[0][5] - full[0][5]).abs().max().item<double>() > 1e-4);
    }

    void paddingMaskLeavesRealPositionsUnchanged() {
        Decoder model = test::tiny_decoder(test::tiny_config());
        at::Tensor ids = random_ids(1, 9, 97, 13);
        c10::NoGradGuard no_grad;
        at::Tensor alone = model.forward(ids);
        at::Tensor padded = at::cat({at::full({1, 4}, 0, at::kLong), ids}, 1);
        at::Tensor mask = at::cat({at::zeros({1, 4}, at::kLong), at::ones({1, 9}, at::kLong)}, 1);
        ForwardOptions options;
        options.attention_mask = mask;
        at::Tensor out = model.forward(padded, options).narrow(1, 4, 9);
        QVERIFY((out - alone).abs().max().item<double>() < 1e-4);
    }

    void leftPaddedBatchGivesEachPromptsTokens() {
        Decoder model = test::tiny_decoder(test::tiny_config(), 21);
        std::vector<TokenIds> prompts{as_ids(random_ids(1, 3, 97, 1)[0]), as_ids(random_ids(1, 11, 97, 2)[0]),
                                      as_ids(random_ids(1, 6, 97, 3)[0])};
        GenerationOptions options;
        options.max_new_tokens = 16;
        options.stop_at_eos = false;
        Generator generator(model);
        auto batch = generator.generate(prompts, options);
        for (size_t i = 0; i < prompts.size(); ++i) {
            auto alone = generator.generate({prompts[i]}, options);
            QCOMPARE(batch[i].tokens, alone[0].tokens);
            QCOMPARE(batch[i].tokens.size(), size_t(16));
        }
    }

    void capacityIsEnforced() {
        Decoder model = test::tiny_decoder(test::tiny_config());
        KvCache cache(model.config(), 1, 4, at::TensorOptions().dtype(at::kFloat));
        ForwardOptions options;
        options.cache = &cache;
        c10::NoGradGuard no_grad;
        model.forward(random_ids(1, 4, 97, 5), options);
        IPT_VERIFY_ERROR_CONTAINS(model.forward(random_ids(1, 1, 97, 6), options), "KV cache is full",
                                  "capacity of 4");
        QCOMPARE(cache.bytes(),
                 int64_t(2 * 2 * 1 * 2 * 4 * 16 * 4));  // k+v, layers, batch, kv heads, len, dim, fp32
    }
};

QTEST_APPLESS_MAIN(TestKvCache)
#include "test_kv_cache.moc"
