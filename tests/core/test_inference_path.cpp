// The CPU inference path against the general path (the reference): logits of full passes, of cached
// decoding, with padding, a sliding window, LoRA and attention split in query chunks; 16-bit weights
// against float32 on the same (rounded) weights; its kernels (products, norms, rotary, a decoding step's
// attention), in every version the CPU runs, against ATen; sampling on tensors against
// the host sampler, draw for draw; and continuous batching against generating alone.
#include <c10/core/GradMode.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "../../core/src/model/cpu_kernels.h"
#include "ipt/common/error.h"
#include "ipt/common/huge_page_region.h"
#include "ipt/model/generator.h"
#include "ipt/model/kv_cache.h"
#include "ipt/model/sampling.h"
#include "test_support.h"

using namespace ipt;

namespace {

at::Tensor random_ids(int64_t batch, int64_t length, int64_t vocab, uint64_t seed) {
    at::manual_seed(seed);
    return at::randint(vocab, {batch, length}, at::TensorOptions().dtype(at::kLong));
}

double max_diff(const at::Tensor& a, const at::Tensor& b) {
    return (a.to(at::kFloat) - b.to(at::kFloat)).abs().max().item<double>();
}

// Logits of the general path (grad mode on: the inference path never runs with autograd).
at::Tensor reference(const Decoder& model, const at::Tensor& ids, ForwardOptions options = {}) {
    options.reference_path = true;
    c10::NoGradGuard no_grad;
    return model.forward(ids, options);
}

at::Tensor fast(const Decoder& model, const at::Tensor& ids, ForwardOptions options = {}) {
    c10::NoGradGuard no_grad;
    return model.forward(ids, options);
}

// Prefill `prefill` tokens, then one token at a time, through a cache.
at::Tensor cached(const Decoder& model, const at::Tensor& ids, int64_t prefill, bool reference_path) {
    c10::NoGradGuard no_grad;
    KvCache cache(model.config(), ids.size(0), ids.size(1), at::TensorOptions().dtype(at::kFloat));
    ForwardOptions options;
    options.cache = &cache;
    options.reference_path = reference_path;
    std::vector<at::Tensor> parts{model.forward(ids.narrow(1, 0, prefill), options)};
    for (int64_t i = prefill; i < ids.size(1); ++i)
        parts.push_back(model.forward(ids.narrow(1, i, 1), options));
    return at::cat(parts, 1);
}

// Many heads over a small head dimension: attention of a 256-token batch runs in several query chunks.
ModelConfig many_heads() {
    ModelConfig c = test::tiny_config();
    c.hidden_size = 256;
    c.num_attention_heads = 32;
    c.num_key_value_heads = 8;
    c.intermediate_size = 96;
    return c;
}

// Copies the 16-bit model's weights, widened, into a float32 model of the same shape.
Decoder widened(const Decoder& model) {
    Decoder out(model.config(), at::TensorOptions().dtype(at::kFloat));
    c10::NoGradGuard no_grad;
    for (const auto& [name, p] : model.named_parameters()) out.parameter(name).copy_(p.to(at::kFloat));
    return out;
}

uintptr_t address(const at::Tensor& t) {
    return reinterpret_cast<uintptr_t>(t.data_ptr());
}

// The "THPeligible" field of /proc/self/smaps for the mapping holding `p`; -1 when not found.
int thp_eligible(const void* p) {
    std::ifstream smaps("/proc/self/smaps");
    const uintptr_t at = reinterpret_cast<uintptr_t>(p);
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        uintptr_t start = 0, end = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> start >> dash >> end && dash == '-' && line.find(':') > line.find(' ')) {
            inside = start <= at && at < end;
            continue;
        }
        if (inside && line.rfind("THPeligible:", 0) == 0) return std::stoi(line.substr(12));
    }
    return -1;
}

std::vector<TokenIds> mixed_prompts() {
    std::vector<TokenIds> prompts;
    for (int i = 0; i < 7; ++i) {
        TokenIds p;
        for (int j = 0; j < 2 + (i * 5) % 13; ++j) p.push_back((i * 31 + j * 7) % 90 + 3);
        prompts.push_back(p);
    }
    return prompts;
}

// A data row per version of the CPU kernels this machine runs, in the column "isa".
void add_isa_rows() {
    QTest::addColumn<int>("isa");
    for (cpu::Isa isa : {cpu::Isa::plain, cpu::Isa::avx2, cpu::Isa::avx512})
        if (isa <= cpu::best_isa()) QTest::newRow(cpu::isa_name(isa)) << int(isa);
}

// The kernels limited to one version for a scope, then to none again.
struct ScopedIsa {
    explicit ScopedIsa(int isa) {
        cpu::set_isa_limit(cpu::Isa(isa));
        QCOMPARE(int(cpu::active_isa()), isa);
    }
    ~ScopedIsa() { cpu::set_isa_limit(cpu::Isa::avx512); }
};

}  // namespace

class TestInferencePath : public QObject {
    Q_OBJECT
  private slots:
    void fullPassMatchesTheReference() {
        Decoder model = test::tiny_decoder(test::tiny_config(), 3);
        at::Tensor ids = random_ids(3, 33, 97, 1);
        const double diff = max_diff(fast(model, ids), reference(model, ids));
        QVERIFY2(diff < 1e-4, qPrintable(QString("max abs diff %1").arg(diff)));
        ForwardOptions last;
        last.last_position_only = true;
        QVERIFY(max_diff(fast(model, ids, last), reference(model, ids).narrow(1, 32, 1)) < 1e-4);
    }

    void cachedDecodingMatchesTheReference() {
        Decoder model = test::tiny_decoder(test::tiny_config(), 4);
        at::Tensor ids = random_ids(2, 30, 97, 2);
        const at::Tensor full = reference(model, ids);
        QVERIFY(max_diff(cached(model, ids, 5, false), full) < 1e-4);
        QVERIFY(max_diff(cached(model, ids, 5, true), full) < 1e-4);
    }

    void queryChunksPaddingAndWindow() {
        Decoder model = test::tiny_decoder(many_heads(), 5);
        at::Tensor ids = random_ids(2, 256, 97, 3);
        QVERIFY(max_diff(fast(model, ids), reference(model, ids)) < 1e-4);
        // Left padding: the first row's first 40 positions are padding.
        at::Tensor mask = at::ones({2, 256}, at::kLong);
        mask[0].narrow(0, 0, 40).zero_();
        ForwardOptions padded;
        padded.attention_mask = mask;
        const at::Tensor a = fast(model, ids, padded), b = reference(model, ids, padded);
        QVERIFY(max_diff(a.narrow(1, 40, 216), b.narrow(1, 40, 216)) < 1e-4);

        ModelConfig windowed = many_heads();
        windowed.sliding_window = 50;
        Decoder mistral = test::tiny_decoder(windowed, 6);
        QVERIFY(max_diff(fast(mistral, ids), reference(mistral, ids)) < 1e-4);
        QVERIFY(max_diff(cached(mistral, ids.narrow(1, 0, 80), 60, false),
                         reference(mistral, ids.narrow(1, 0, 80))) < 1e-4);
    }

    void loraAdaptersAreApplied() {
        Decoder model = test::tiny_decoder(test::tiny_config(), 7);
        LoraSettings lora;
        lora.rank = 4;
        lora.dropout = 0;
        model.add_lora(lora, 3);
        {
            c10::NoGradGuard no_grad;
            at::manual_seed(4);
            for (const auto& [name, p] : model.named_parameters())
                if (name.find("lora_B") != std::string::npos) p.copy_(at::randn(p.sizes()) * 0.1);
        }
        at::Tensor ids = random_ids(1, 12, 97, 4);
        QVERIFY(max_diff(fast(model, ids), reference(model, ids)) < 1e-4);
    }

    void sixteenBitWeightsAreWidenedExactly() {
        for (at::ScalarType type : {at::kBFloat16, at::kHalf}) {
            Decoder model = test::tiny_decoder(test::tiny_config(), 8);
            model.to(at::TensorOptions().dtype(type));
            QCOMPARE(model.inference_dtype(), at::kFloat);
            Decoder wide = widened(model);
            at::Tensor ids = random_ids(2, 20, 97, 5);
            // The same arithmetic on the same weights: only float32 rounding differs.
            const double diff = max_diff(fast(model, ids), reference(wide, ids));
            QVERIFY2(diff < 1e-4,
                     qPrintable(QString("%1: max abs diff %2").arg(c10::toString(type)).arg(diff)));
        }
        Decoder half = test::tiny_decoder(test::tiny_config(), 8);
        half.to(at::TensorOptions().dtype(at::kHalf));
        IPT_VERIFY_ERROR_CONTAINS(half.forward(random_ids(1, 4, 97, 6)), "float16", "inference", "--dtype");
    }

    void cpuWeightsAndCacheLieInOneHugePageRegion() {
        // The first parameter on a 2 MiB boundary and each next one on the first cache line after
        // the one before it, in HF order: one region, streamed through huge pages. to() keeps it so.
        // (A vocabulary of 4096 makes the weights 2.4 MiB: below 1 MiB they are allocated one by one.)
        for (bool converted : {false, true}) {
            Decoder model = test::tiny_decoder(test::tiny_config(4096), 3);
            if (converted) model.to(at::TensorOptions().dtype(at::kBFloat16));
            const auto& params = model.named_parameters();
            QCOMPARE(address(params.front().second) % HugePageRegion::kPageBytes, uintptr_t(0));
            for (size_t i = 1; i < params.size(); ++i) {
                const at::Tensor& before = params[i - 1].second;
                const uintptr_t end = address(before) + uintptr_t(before.numel() * before.element_size());
                QCOMPARE(address(params[i].second), (end + 63) / 64 * 64);
            }
            QCOMPARE(params.back().second.scalar_type(), converted ? at::kBFloat16 : at::kFloat);
        }
        // A KV cache likewise: layer 0's keys, its values, layer 1's keys, ... (views from position 0).
        const ModelConfig config = test::tiny_config();
        const int64_t capacity = 2048;  // 2 MiB of keys and values
        KvCache cache(config, 2, capacity, at::TensorOptions().dtype(at::kFloat));
        const int64_t heads = config.num_key_value_heads, dim = config.resolved_head_dim();
        const at::Tensor step = at::ones({2, heads, 1, dim});
        uintptr_t next = 0;
        for (int64_t layer = 0; layer < config.num_hidden_layers; ++layer) {
            const auto [keys, values] = cache.append(layer, step, step * 2);
            if (layer == 0)
                QCOMPARE(address(keys) % HugePageRegion::kPageBytes, uintptr_t(0));
            else
                QCOMPARE(address(keys), next);
            const uintptr_t bytes = uintptr_t(2 * heads * capacity * dim * 4);  // [2, heads, capacity, dim]
            QCOMPARE(address(values), address(keys) + (bytes + 63) / 64 * 64);
            next = address(values) + (bytes + 63) / 64 * 64;
            QCOMPARE(values.sum().item<double>(), double(2 * 2 * heads * dim));
        }
    }

    void hugePageRegionIsAlignedZeroedAndAdvised() {
        auto region = HugePageRegion::allocate((size_t(3) << 20) + 1);
        QCOMPARE(region->size(), size_t(4) << 20);
        QCOMPARE(reinterpret_cast<uintptr_t>(region->data()) % HugePageRegion::kPageBytes, uintptr_t(0));
        QVERIFY(
            std::all_of(region->data(), region->data() + region->size(), [](uint8_t b) { return b == 0; }));
        region->data()[region->size() - 1] = 7;  // writable to its last byte
        std::ifstream enabled("/sys/kernel/mm/transparent_hugepage/enabled");
        std::string modes;
        std::getline(enabled, modes);
        if (modes.empty() || modes.find("[never]") != std::string::npos)
            QSKIP("transparent huge pages are off on this machine (/sys/kernel/mm/transparent_hugepage)");
        QVERIFY(region->advised());
        QCOMPARE(thp_eligible(region->data()), 1);
    }

    // Every version of the kernels this CPU runs (plain C++, AVX2, AVX-512) against ATen's operators.
    void kernelsMatchATen_data() { add_isa_rows(); }

    void kernelsMatchATen() {
        QFETCH(int, isa);
        const ScopedIsa scoped(isa);
        at::manual_seed(9);
        // 47 weight rows: the 3-row tiles of the batched and the AVX-512 kernels and the rows left after
        // them. Widths that leave the one-row kernels each of their tails (AVX2: 32 at a time, then 8,
        // then single; AVX-512: 16 at a time, then single), and rows
        // of 8 KiB and more, which a tile of up to 4 rows of x reads without prefetching (2050: float32
        // only; 4100: all); 5-8 rows of x take the tile in two passes.
        for (int64_t k : {5, 37, 64, 100, 120, 2050, 4100})
            for (int64_t n : {45, 47}) {
                at::Tensor w = at::randn({n, k});
                const double tolerance = 1e-4 * std::max(1.0, std::sqrt(double(k) / 64));  // sums of k terms
                for (int64_t m : {1, 2, 3, 4, 5, 6, 7, 8, 9, 17}) {
                    at::Tensor x = at::randn({m, k});
                    const at::Tensor expected = at::linear(x, w);
                    QVERIFY2(max_diff(cpu::linear_f32(x, w), expected) < tolerance,
                             qPrintable(QString("m %1 k %2").arg(m).arg(k)));
                    for (at::ScalarType type : {at::kBFloat16, at::kHalf}) {
                        at::Tensor w16 = w.to(type);
                        QVERIFY(max_diff(cpu::linear_f32(x, w16), at::linear(x, w16.to(at::kFloat))) <
                                tolerance);
                    }
                }
                at::Tensor x = at::randn({6, k}), g = at::rand({k}) + 0.5;
                QVERIFY(max_diff(cpu::rms_norm_f32(x, g, 1e-5), rms_norm(x, g, 1e-5)) < 1e-5);
            }
        // Rotary with a scale: the reference rotation times the scale.
        at::Tensor x = at::randn({3, 2, 8});
        at::Tensor positions = at::tensor(std::vector<int64_t>{0, 5, 17});
        auto [cos, sin] = rotary_cos_sin(positions.view({1, 3}), 8, 10000.0);
        const at::Tensor expected = apply_rotary(x.permute({1, 0, 2}).unsqueeze(0), cos, sin) * 0.25;
        auto table = rotary_cos_sin(at::arange(20).view({1, 20}), 8, 10000.0);
        at::Tensor y = x.clone();
        cpu::rotary_in_place(y, positions, table.first.view({20, 8}).contiguous(),
                             table.second.view({20, 8}).contiguous(), 0.25f);
        QVERIFY(max_diff(y.permute({1, 0, 2}).unsqueeze(0), expected) < 1e-5);
    }

    void sixteenBitProductsOfManyRowsInBlocks() {
        // 6200 rows of 1024 widen in two blocks (6144 rows, then 56) written into their columns of y.
        at::manual_seed(12);
        at::Tensor w = at::randn({6200, 1024}).to(at::kBFloat16), x = at::randn({9, 1024});
        const double diff = max_diff(cpu::linear_f32(x, w), at::linear(x, w.to(at::kFloat)));
        QVERIFY2(diff < 1e-3, qPrintable(QString("max abs diff %1").arg(diff)));
    }

    void decodeAttentionMatchesATen_data() { add_isa_rows(); }

    void decodeAttentionMatchesATen() {
        QFETCH(int, isa);
        const ScopedIsa scoped(isa);
        at::manual_seed(11);
        for (int64_t d : {64, 20, 32, 128})  // the register-held head sizes, and one of none
            for (int64_t groups : {1, 3}) {
                const int64_t b = 3, kv_heads = 2, s = 37;
                at::Tensor q = at::randn({b, kv_heads, groups, d});
                // Keys and values as a cache holds them: views of the first s of 50 positions.
                at::Tensor kbuf = at::randn({b, kv_heads, 50, d}), vbuf = at::randn({b, kv_heads, 50, d});
                at::Tensor keys = kbuf.narrow(2, 0, s), values = vbuf.narrow(2, 0, s);
                at::Tensor per_row = at::zeros({b, 1, 1, s});
                per_row[0].narrow(-1, 0, 10).fill_(-INFINITY);  // left padding of row 0
                per_row[2].narrow(-1, 30, 7).fill_(-INFINITY);  // a short row of a ragged cache
                at::Tensor shared = at::zeros({1, 1, 1, s});
                shared.narrow(-1, 0, 5).fill_(-INFINITY);  // a sliding window
                for (const at::Tensor& mask : {at::Tensor(), per_row, shared}) {
                    at::Tensor scores = at::matmul(q, keys.transpose(-1, -2));
                    if (mask.defined()) scores = scores + mask;
                    const at::Tensor expected = at::matmul(at::softmax(scores, -1), values);
                    const double diff = max_diff(cpu::decode_attention(q, keys, values, mask), expected);
                    QVERIFY2(diff < 1e-5, qPrintable(QString("d %1 groups %2 mask %3: max abs diff %4")
                                                         .arg(d)
                                                         .arg(groups)
                                                         .arg(mask.defined() ? mask.size(0) : 0)
                                                         .arg(diff)));
                }
            }
    }

    void tensorSamplingDrawsWhatTheHostSamplerDraws() {
        at::manual_seed(10);
        const int64_t rows = 3, vocab = 300;
        std::vector<SamplingOptions> settings(7);
        settings[1].greedy = false;                        // whole vocabulary
        settings[2] = settings[1], settings[2].top_k = 5;  // top-k
        settings[3] = settings[1], settings[3].top_p = 0.6f;
        settings[4] = settings[1], settings[4].top_k = 40, settings[4].top_p = 0.7f;
        settings[5] = settings[1], settings[5].temperature = 0.3f, settings[5].top_p = 0.95f;
        settings[6].repetition_penalty = 1.8f;  // greedy with a penalty
        for (size_t c = 0; c < settings.size(); ++c) {
            SamplingOptions o = settings[c];
            o.seed = 40 + c;
            std::vector<Sampler> host;
            std::vector<std::mt19937_64> rngs;
            for (int64_t r = 0; r < rows; ++r) {
                host.emplace_back(o, r);
                rngs.push_back(sampling_rng(o.seed, r));
            }
            std::vector<SampledRow> spec;
            for (auto& rng : rngs) spec.push_back({&o, &rng});
            for (int step = 0; step < 60; ++step) {
                at::Tensor logits = at::randn({rows, vocab}) * 3;
                at::Tensor seen = at::rand({rows, vocab}).lt(0.1);
                std::vector<int32_t> expected;
                for (int64_t r = 0; r < rows; ++r) {
                    std::vector<int32_t> history;
                    for (int64_t v = 0; v < vocab; ++v)
                        if (seen[r][v].item<bool>()) history.push_back(static_cast<int32_t>(v));
                    at::Tensor row = logits[r].clone();
                    expected.push_back(host[r].sample(row.data_ptr<float>(), vocab, history));
                }
                at::Tensor copy = logits.clone();
                QCOMPARE(sample_rows(copy, seen, spec), expected);
            }
        }
    }

    void continuousBatchingGivesEachPromptItsOwnTokens() {
        Decoder model = test::tiny_decoder(test::tiny_config(), 11);
        const std::vector<TokenIds> prompts = mixed_prompts();
        Generator generator(model);
        GenerationOptions options;
        options.max_new_tokens = 12;
        options.stop_at_eos = true;
        // An EOS that some sequences meet early, so slots free up at different steps.
        options.eos_ids = {generator.generate({prompts[2]}, options)[0].tokens[3]};
        std::vector<Generation> alone;
        for (const auto& p : prompts) alone.push_back(generator.generate({p}, options)[0]);
        for (size_t count : {size_t(1), size_t(2), size_t(3), size_t(0)}) {
            options.slot_count = count;
            auto together = generator.generate(prompts, options);
            for (size_t i = 0; i < prompts.size(); ++i) {
                QCOMPARE(together[i].tokens, alone[i].tokens);
                QCOMPARE(together[i].reason, alone[i].reason);
            }
        }
        // Sampling: the results do not depend on the number of slots either.
        options.sampling.greedy = false;
        options.sampling.temperature = 2.0f;
        options.sampling.top_p = 0.9f;
        options.sampling.repetition_penalty = 1.3f;
        options.sampling.seed = 5;
        options.slot_count = 0;
        auto all = generator.generate(prompts, options);
        options.slot_count = 3;
        auto three = generator.generate(prompts, options);
        for (size_t i = 0; i < prompts.size(); ++i) QCOMPARE(three[i].tokens, all[i].tokens);
    }

    void raggedRowsMatchTheReferencePath() {
        // The general path decodes a ragged cache too (what other devices run).
        Decoder model = test::tiny_decoder(test::tiny_config(), 12);
        c10::NoGradGuard no_grad;
        KvCache cache(model.config(), 2, 32, at::TensorOptions().dtype(at::kFloat));
        const at::Tensor a = random_ids(1, 9, 97, 7), b = random_ids(1, 4, 97, 8);
        for (int64_t r = 0; r < 2; ++r) {
            KvCache row = cache.row(r);
            ForwardOptions o;
            o.cache = &row;
            model.forward(r == 0 ? a : b, o);
            cache.set_row_length(r, row.length());
        }
        at::Tensor next = at::tensor(std::vector<int64_t>{5, 6}).view({2, 1});
        KvCache copy = cache;
        ForwardOptions o;
        o.cache = &cache;
        const at::Tensor f = model.forward(next, o);
        o.cache = &copy;
        o.reference_path = true;
        const at::Tensor r = model.forward(next, o);
        QVERIFY(max_diff(f, r) < 1e-4);
        // Row 1 alone: its 4 tokens then 6.
        const at::Tensor alone = reference(model, at::cat({b, next.narrow(0, 1, 1)}, 1)).narrow(1, 4, 1);
        QVERIFY(max_diff(f.narrow(0, 1, 1), alone) < 1e-4);
        QCOMPARE(cache.row_length(0), int64_t(10));
        QCOMPARE(cache.row_length(1), int64_t(5));
    }
};

QTEST_APPLESS_MAIN(TestInferencePath)
#include "test_inference_path.moc"
