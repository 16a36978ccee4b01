// The two attention paths against each other (LibTorch 2.x's fused scaled_dot_product_attention and the
// explicit reference) on whole decoders: logits and every gradient, with padding, grouped-query heads,
// a sliding window and a KV cache; and activation checkpointing against the plain backward pass:
// identical gradients, with dropout drawn from a generator the caller owns (the masks are replayed).
#include <ATen/ATen.h>

#include "ipt/model/attention.h"
#include "ipt/model/decoder.h"
#include "ipt/model/kv_cache.h"
#include "ipt/model/runtime.h"
#include "test_support.h"

using namespace ipt;

namespace {

ModelConfig small_config(bool window) {
    ModelConfig c = model_preset(window ? "tiny-mistral" : "tiny");
    c.vocab_size = 300;
    c.num_hidden_layers = 2;
    if (window) c.sliding_window = 5;  // shorter than the sequences below
    return c;
}

struct Pass {
    at::Tensor logits;
    std::vector<std::pair<std::string, at::Tensor>> grads;
};

// Logits and gradients of a masked cross entropy through `model`.
Pass run(Decoder& model, const at::Tensor& ids, const at::Tensor& padding, const ForwardOptions& base) {
    for (const auto& [name, p] : model.named_parameters()) {
        p.requires_grad_(true);
        p.mutable_grad() = at::Tensor();
    }
    ForwardOptions options = base;
    options.attention_mask = padding;
    Pass out;
    out.logits = model.forward(ids, options);
    const int64_t t = ids.size(1);
    at::Tensor per_token =
        at::cross_entropy_loss(out.logits.narrow(1, 0, t - 1).reshape({-1, out.logits.size(-1)}),
                               ids.narrow(1, 1, t - 1).reshape({-1}), {}, at::Reduction::None);
    at::Tensor weight = padding.defined() ? padding.narrow(1, 1, t - 1).reshape({-1}).to(at::kFloat)
                                          : at::ones_like(per_token);
    (per_token * weight).sum().backward();
    for (const auto& [name, p] : model.named_parameters()) out.grads.emplace_back(name, p.grad().clone());
    out.logits = out.logits.detach();
    return out;
}

double max_diff(const at::Tensor& a, const at::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

void compare(const Pass& a, const Pass& b, double tolerance, const char* what) {
    QVERIFY2(max_diff(a.logits, b.logits) < tolerance,
             qPrintable(QString("%1: logits differ by %2").arg(what).arg(max_diff(a.logits, b.logits))));
    for (size_t i = 0; i < a.grads.size(); ++i) {
        const double d = max_diff(a.grads[i].second, b.grads[i].second);
        QVERIFY2(d < tolerance, qPrintable(QString("%1: gradient of %2 differs by %3")
                                               .arg(what)
                                               .arg(QString::fromStdString(a.grads[i].first))
                                               .arg(d)));
    }
}

}  // namespace

class TestAttention : public QObject {
    Q_OBJECT

  private slots:
    void fusedAttentionMatchesTheReference_data() {
        QTest::addColumn<bool>("window");
        QTest::addColumn<bool>("padded");
        QTest::newRow("causal") << false << false;
        QTest::newRow("left padding") << false << true;
        QTest::newRow("sliding window") << true << false;
        QTest::newRow("window and padding") << true << true;
    }

    void fusedAttentionMatchesTheReference() {
        if (!fused_attention_available())
            QSKIP("this LibTorch (1.x) has no scaled_dot_product_attention; the 2.x build runs this test");
        QFETCH(bool, window);
        QFETCH(bool, padded);
        Decoder model = test::tiny_decoder(small_config(window), 5);  // grouped-query: 4 heads over 2
        at::manual_seed(4);
        at::Tensor ids = at::randint(300, {3, 12}, at::kLong);
        at::Tensor padding;
        if (padded) {
            padding = at::ones({3, 12}, at::kLong);
            padding[1].narrow(0, 0, 4).zero_();  // left padding of one row
            padding[2].narrow(0, 0, 1).zero_();
        }
        ForwardOptions fused, reference;
        reference.attention = AttentionKernel::reference;
        compare(run(model, ids, padding, fused), run(model, ids, padding, reference), 2e-5,
                "fused vs reference");
    }

    void fusedAttentionMatchesTheReferenceWithACache() {
        if (!fused_attention_available())
            QSKIP("this LibTorch (1.x) has no scaled_dot_product_attention; the 2.x build runs this test");
        c10::NoGradGuard no_grad;
        const ModelConfig config = small_config(true);
        Decoder model = test::tiny_decoder(config, 6);
        at::manual_seed(5);
        at::Tensor ids = at::randint(300, {2, 14}, at::kLong);
        auto logits_of = [&](AttentionKernel kernel) {
            KvCache cache(config, 2, 14, at::TensorOptions().dtype(at::kFloat));
            ForwardOptions o;
            o.cache = &cache;
            o.attention = kernel;
            std::vector<at::Tensor> parts{model.forward(ids.narrow(1, 0, 6), o)};
            parts.push_back(model.forward(ids.narrow(1, 6, 3), o));  // several new tokens after a cache
            for (int64_t i = 9; i < 14; ++i) parts.push_back(model.forward(ids.narrow(1, i, 1), o));
            return at::cat(parts, 1);
        };
        const at::Tensor fused = logits_of(AttentionKernel::automatic);
        const at::Tensor reference = logits_of(AttentionKernel::reference);
        QVERIFY2(max_diff(fused, reference) < 2e-5, qPrintable(QString::number(max_diff(fused, reference))));
    }

    void checkpointingGivesIdenticalGradients_data() {
        QTest::addColumn<double>("dropout");
        QTest::addColumn<bool>("lora");
        QTest::newRow("no dropout") << 0.0 << false;
        QTest::newRow("residual and attention dropout") << 0.2 << false;
        QTest::newRow("LoRA with dropout") << 0.2 << true;
    }

    void checkpointingGivesIdenticalGradients() {
        QFETCH(double, dropout);
        QFETCH(bool, lora);
        ModelConfig config = small_config(false);
        config.hidden_dropout = dropout;
        config.attention_dropout = dropout;
        Decoder model = test::tiny_decoder(config, 8);
        if (lora) {
            LoraSettings settings;
            settings.rank = 4;
            settings.alpha = 8;
            settings.dropout = dropout;
            settings.targets = {"q_proj", "v_proj", "down_proj"};
            model.add_lora(settings, 3);
            // B starts at zero; give it values so that the adapters' gradients are not trivially equal.
            c10::NoGradGuard no_grad;
            for (const auto& [name, p] : model.named_parameters())
                if (name.find("lora_B") != std::string::npos) p.normal_(0, 0.05);
        }
        model.set_training(true);
        at::manual_seed(6);
        at::Tensor ids = at::randint(300, {2, 10}, at::kLong);
        ForwardOptions plain, checkpointed;
        plain.generator = make_generator(at::kCPU, 42);
        checkpointed.generator = make_generator(at::kCPU, 42);
        checkpointed.checkpoint_layers = true;
        const Pass a = run(model, ids, {}, plain);
        const Pass b = run(model, ids, {}, checkpointed);
        compare(a, b, 1e-6, "checkpointed vs plain");  // the same operations; sums may associate differently
        // Both generators moved on by the same draws.
        QVERIFY(at::equal(plain.generator->get_state(), checkpointed.generator->get_state()));
        if (dropout > 0) {
            // The masks came from the generator: another seed gives other gradients.
            ForwardOptions other = plain;
            other.generator = make_generator(at::kCPU, 43);
            QVERIFY(max_diff(run(model, ids, {}, other).logits, a.logits) > 1e-3);
        }
    }

    void dropoutDrawsOnlyFromTheGivenGenerator() {
        // Draws from LibTorch's process-wide generator between two passes change nothing.
        ModelConfig config = small_config(false);
        config.hidden_dropout = 0.3;
        Decoder model = test::tiny_decoder(config, 9);
        model.set_training(true);
        at::Tensor ids = at::randint(300, {1, 8}, at::kLong);
        c10::NoGradGuard no_grad;
        ForwardOptions o;
        o.generator = make_generator(at::kCPU, 7);
        const at::Tensor first = model.forward(ids, o);
        o.generator = make_generator(at::kCPU, 7);
        at::manual_seed(123);
        at::rand({1000});
        QVERIFY(at::equal(model.forward(ids, o), first));
    }
};

QTEST_GUILESS_MAIN(TestAttention)
#include "test_attention.moc"
