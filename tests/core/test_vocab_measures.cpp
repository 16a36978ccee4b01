// The two measurements a vocabulary expansion is judged by. The speed-up on the same work: two models of
// identical shape (so identical per-token cost) read the same text through tokenizers of which one needs
// about half the tokens, so the measured speed-up must be close to what the token counts predict and the
// per-token cost ratio close to 1. The held-out loss per character: against a hand loop that runs the
// model's reference path on every prefix and takes the log-softmax itself, in double precision.
#include <QtTest/QtTest>

#include <ATen/ATen.h>

#include <c10/core/GradMode.h>
#include <cmath>

#include "ipt/common/error.h"
#include "ipt/eval/heldout_loss.h"
#include "ipt/eval/speedup.h"
#include "ipt/model/decoder.h"
#include "ipt/text/tokenizer.h"
#include "test_support.h"

using namespace ipt;

namespace {

// Text over a 9-symbol alphabet. Ids: 0 pad, 1 BOS, 2 EOS, 3.. the symbols, then (with pairs) one id per
// ordered pair of symbols. The pair tokenizer reads two symbols per token (one for an odd tail).
class ToyTokenizer : public Tokenizer {
  public:
    explicit ToyTokenizer(bool pairs) : pairs_(pairs) {}
    static constexpr const char* kAlphabet = "abcdefgh ";
    static int symbol(char c) { return int(std::string(kAlphabet).find(c)); }

    TokenIds encode(const std::string& text, const EncodeOptions& o = {}) const override {
        TokenIds ids;
        if (o.add_bos) ids.push_back(1);
        for (size_t i = 0; i < text.size();) {
            const int a = symbol(text[i]);
            if (a < 0) throw UsageError(std::string("toy tokenizer: no symbol for '") + text[i] + "'");
            if (pairs_ && i + 1 < text.size() && symbol(text[i + 1]) >= 0) {
                ids.push_back(12 + a * 9 + symbol(text[i + 1]));
                i += 2;
            } else {
                ids.push_back(3 + a);
                ++i;
            }
        }
        if (o.add_eos) ids.push_back(2);
        return ids;
    }
    std::string decode(const TokenIds& ids) const override {
        std::string out;
        for (int32_t id : ids) {
            if (id >= 12) {
                out += kAlphabet[(id - 12) / 9];
                out += kAlphabet[(id - 12) % 9];
            } else if (id >= 3) {
                out += kAlphabet[id - 3];
            }
        }
        return out;
    }
    int32_t vocab_size() const override { return pairs_ ? 12 + 81 : 12; }
    std::string piece(int32_t id) const override { return decode({id}); }
    int32_t piece_id(const std::string&) const override { return -1; }
    bool is_control(int32_t id) const override { return id < 3; }
    bool is_byte(int32_t) const override { return false; }
    bool is_unknown(int32_t) const override { return false; }
    int32_t bos_id() const override { return 1; }
    int32_t eos_id() const override { return 2; }
    int32_t pad_id() const override { return 0; }
    int32_t unk_id() const override { return -1; }
    std::string fingerprint() const override { return pairs_ ? "toy-pairs" : "toy-symbols"; }

  private:
    bool pairs_;
};

std::vector<std::string> toy_texts(int count, int length, uint32_t seed) {
    std::vector<std::string> out;
    uint32_t x = seed;
    for (int i = 0; i < count; ++i) {
        std::string t;
        for (int j = 0; j < length; ++j) t += ToyTokenizer::kAlphabet[(x = x * 1103515245 + 12345) >> 16 & 7];
        out.push_back(t);
    }
    return out;
}

// The loss the hand way: every prefix of [BOS] + text through the reference path, log-softmax in double.
double hand_nats(const Decoder& model, const Tokenizer& tokenizer, const std::vector<std::string>& texts) {
    c10::NoGradGuard no_grad;
    double nats = 0;
    for (const auto& text : texts) {
        EncodeOptions bos;
        bos.add_bos = true;
        const TokenIds ids = tokenizer.encode(text, bos);
        for (size_t t = 1; t < ids.size(); ++t) {
            const at::Tensor prefix =
                at::tensor(std::vector<int64_t>(ids.begin(), ids.begin() + long(t))).view({1, long(t)});
            ForwardOptions reference;
            reference.reference_path = true;
            const at::Tensor logits = model.forward(prefix, reference)[0][long(t) - 1].to(at::kDouble);
            const double* row = logits.contiguous().data_ptr<double>();
            double top = row[0];
            for (int64_t v = 1; v < logits.numel(); ++v) top = std::max(top, row[v]);
            double sum = 0;
            for (int64_t v = 0; v < logits.numel(); ++v) sum += std::exp(row[v] - top);
            nats += top + std::log(sum) - row[ids[t]];
        }
    }
    return nats;
}

}  // namespace

class TestVocabMeasures : public QObject {
    Q_OBJECT

  private slots:
    void speedupOnTheSameWorkFollowsTheTokenReduction() {
        ModelConfig config = test::tiny_config(96);
        const Decoder source = test::tiny_decoder(config, 3), expanded = test::tiny_decoder(config, 4);
        const ToyTokenizer symbols(false), pairs(true);
        const std::vector<std::string> texts = toy_texts(6, 120, 5);
        SpeedupOptions o;
        o.repeats = 7;
        o.max_characters = 600;
        o.generate_tokens = 24;
        const SpeedupReport r = measure_speedup(source, symbols, expanded, pairs, texts, o);
        QCOMPARE(r.source.characters, int64_t(720));
        QCOMPARE(r.source.tokens, int64_t(720));
        QCOMPARE(r.expanded.tokens, int64_t(360));
        QCOMPARE(r.token_reduction_percent(), 50.0);
        QCOMPARE(r.predicted_speedup_percent(), 100.0);
        // Whole texts up to 600 characters: five of them, each with its BOS.
        QCOMPARE(r.source.timed_characters, int64_t(600));
        QCOMPARE(r.source.timed_tokens, int64_t(605));
        QCOMPARE(r.expanded.timed_tokens, int64_t(305));
        QCOMPARE(int64_t(r.speedup_samples_percent.size()), int64_t(7));
        QCOMPARE(int64_t(r.source.seconds_per_character.samples.size()), int64_t(7));
        const double expected = 100.0 * (605.0 / 305.0 - 1.0);
        QCOMPARE(r.timed_predicted_speedup_percent(), expected);
        qInfo("speed-up %.1f%% (repeats %.1f%% to %.1f%%), expected about %.1f%%; per-token cost ratio %.3f",
              r.speedup_percent(), r.speedup_min_percent(), r.speedup_max_percent(), expected,
              r.per_token_cost_ratio());
        // The same architecture costs the same per token, and the speed-up follows the token reduction,
        // within the machine's noise: close to the expectation, or, on a busy machine, with the
        // expectation inside the spread the repeats themselves show.
        const TimingStats& src = r.source.seconds_per_token;
        const TimingStats& exp = r.expanded.seconds_per_token;
        const bool cost_close = r.per_token_cost_ratio() > 0.7 && r.per_token_cost_ratio() < 1.4;
        const bool cost_in_spread = exp.min / src.max <= 1.0 && 1.0 <= exp.max / src.min;
        QVERIFY2(cost_close || cost_in_spread, qPrintable(QString("per-token cost ratio %1 (spread %2 to %3)")
                                                              .arg(r.per_token_cost_ratio())
                                                              .arg(exp.min / src.max)
                                                              .arg(exp.max / src.min)));
        const bool close = std::abs(r.speedup_percent() - expected) < 0.3 * expected;
        const bool in_spread = r.speedup_min_percent() <= expected && expected <= r.speedup_max_percent();
        QVERIFY2(close || in_spread,
                 qPrintable(QString("speed-up %1%, expected about %2% (repeats %3% to %4%)")
                                .arg(r.speedup_percent())
                                .arg(expected)
                                .arg(r.speedup_min_percent())
                                .arg(r.speedup_max_percent())));
        QVERIFY(r.speedup_min_percent() <= r.speedup_percent() + 1e-9);
        QVERIFY(r.speedup_max_percent() >= r.speedup_percent() - 1e-9);

        // The same model on both sides: no speed-up beyond noise.
        const SpeedupReport same = measure_speedup(source, symbols, source, symbols, texts, o);
        QCOMPARE(same.predicted_speedup_percent(), 0.0);
        QVERIFY2(std::abs(same.speedup_percent()) < 30, qPrintable(QString::number(same.speedup_percent())));
    }

    void timingStatsAreMedianAndRange() {
        const TimingStats odd = TimingStats::of({3, 1, 2});
        QCOMPARE(odd.median, 2.0);
        QCOMPARE(odd.min, 1.0);
        QCOMPARE(odd.max, 3.0);
        QCOMPARE(TimingStats::of({4, 1, 3, 2}).median, 2.5);
        QCOMPARE(odd.samples, (std::vector<double>{3, 1, 2}));  // in the order measured
    }

    void speedupRefusesBadInput() {
        const Decoder model = test::tiny_decoder(test::tiny_config(96));
        const ToyTokenizer symbols(false);
        IPT_VERIFY_ERROR_CONTAINS(measure_speedup(model, symbols, model, symbols, {}), "no text");
        IPT_VERIFY_ERROR_CONTAINS(measure_speedup(model, symbols, model, symbols, {""}), "no tokens");
        SpeedupOptions o;
        o.repeats = 0;
        IPT_VERIFY_ERROR_CONTAINS(measure_speedup(model, symbols, model, symbols, {"abc"}, o), "repeats");
    }

    void speedupCutsTextsToTheContext() {
        ModelConfig config = test::tiny_config(96);
        config.max_position_embeddings = 64;
        const Decoder model = test::tiny_decoder(config);
        const ToyTokenizer symbols(false);
        SpeedupOptions o;
        o.repeats = 1;
        o.generate_tokens = 8;
        const SpeedupReport r = measure_speedup(model, symbols, model, symbols, toy_texts(1, 300, 9), o);
        QVERIFY2(r.source.timed_tokens <= 64, qPrintable(QString::number(r.source.timed_tokens)));
        QVERIFY(r.source.timed_tokens > 8);
        QCOMPARE(r.source.timed_tokens, r.source.timed_characters + 1);
    }

    void heldoutLossMatchesAHandLoop() {
        const Decoder model = test::tiny_decoder(test::tiny_config(96), 11);
        const ToyTokenizer symbols(false), pairs(true);
        const std::vector<std::string> texts{"abc defg", "hhh", "a", "gfedcba abcdefgh ab"};
        for (const ToyTokenizer* tok : {&symbols, &pairs}) {
            const HeldoutLoss loss = heldout_loss(model, *tok, texts, {0, 3});
            const double want = hand_nats(model, *tok, texts);
            QVERIFY2(std::abs(loss.nats - want) < 1e-4 * want,
                     qPrintable(QString("%1 vs %2").arg(loss.nats).arg(want)));
            QCOMPARE(loss.characters, int64_t(8 + 3 + 1 + 19));
            QCOMPARE(loss.texts, int64_t(4));
            int64_t tokens = 0;
            for (const auto& t : texts) tokens += int64_t(tok->encode(t).size());
            QCOMPARE(loss.tokens, tokens);
            QCOMPARE(loss.bits_per_character(), loss.nats / 31.0 / std::log(2.0));
            QCOMPARE(loss.nats_per_token(), loss.nats / double(tokens));
        }
        // Batching does not change the sum; max_characters takes whole texts from the start.
        const HeldoutLoss one = heldout_loss(model, symbols, texts, {0, 1});
        QVERIFY(std::abs(one.nats - heldout_loss(model, symbols, texts, {0, 4}).nats) < 1e-3);
        const HeldoutLoss first_two = heldout_loss(model, symbols, texts, {11, 8});
        QCOMPARE(first_two.texts, int64_t(2));
        QVERIFY(std::abs(first_two.nats - hand_nats(model, symbols, {texts[0], texts[1]})) < 1e-3);
    }

    void heldoutLossWindowsLongTexts() {
        // A text longer than the context: windows overlapping by one token, each token predicted once,
        // equal to the hand loop over each window's own prefixes.
        ModelConfig config = test::tiny_config(96);
        config.max_position_embeddings = 16;
        const Decoder model = test::tiny_decoder(config, 12);
        const ToyTokenizer symbols(false);
        const std::string text = toy_texts(1, 40, 3)[0];
        const HeldoutLoss loss = heldout_loss(model, symbols, {text});
        QCOMPARE(loss.tokens, int64_t(40));
        // Windows of 16 tokens start at 0, 15, 30 of the 41 (BOS + 40).
        EncodeOptions bos;
        bos.add_bos = true;
        const TokenIds ids = symbols.encode(text, bos);
        double want = 0;
        c10::NoGradGuard no_grad;
        for (int64_t start : {0, 15, 30}) {
            const int64_t end = std::min<int64_t>(41, start + 16);
            const at::Tensor window =
                at::tensor(std::vector<int64_t>(ids.begin() + start, ids.begin() + end)).view({1, -1});
            const at::Tensor logp = at::log_softmax(model.forward(window).to(at::kDouble), -1);
            for (int64_t t = start + 1; t < end; ++t) want -= logp[0][t - start - 1][ids[t]].item<double>();
        }
        QVERIFY2(std::abs(loss.nats - want) < 1e-4 * want,
                 qPrintable(QString("%1 vs %2").arg(loss.nats).arg(want)));
    }
};

QTEST_GUILESS_MAIN(TestVocabMeasures)
#include "test_vocab_measures.moc"
