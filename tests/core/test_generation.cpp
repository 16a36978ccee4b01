// Generation: greedy decoding against argmax over full forward passes (no cache), the sampler's
// distributions against hand-computed probabilities, stopping, streaming and cancellation.
#include <cmath>
#include <map>
#include <c10/core/GradMode.h>

#include "ipt/common/error.h"
#include "ipt/model/generator.h"
#include "ipt/model/sampling.h"
#include "ipt/text/tokenizer.h"
#include "test_support.h"

using namespace ipt;

namespace {

TokenIds greedy_by_recomputation(const Decoder& model, TokenIds prompt, int n) {
    c10::NoGradGuard no_grad;
    TokenIds out;
    for (int i = 0; i < n; ++i) {
        std::vector<int64_t> ids(prompt.begin(), prompt.end());
        at::Tensor logits = model.forward(at::tensor(ids).view({1, -1}));
        int32_t next = static_cast<int32_t>(logits[0][-1].argmax().item<int64_t>());
        out.push_back(next);
        prompt.push_back(next);
    }
    return out;
}

std::map<int32_t, double> frequencies(Sampler& sampler, std::vector<float> logits, int draws) {
    std::map<int32_t, double> count;
    for (int i = 0; i < draws; ++i) {
        std::vector<float> copy = logits;
        count[sampler.sample(copy.data(), static_cast<int64_t>(copy.size()), {})] += 1.0 / draws;
    }
    return count;
}

}  // namespace

class TestGeneration : public QObject {
    Q_OBJECT
  private slots:
    void greedyMatchesArgmaxOverFullPasses() {
        Decoder model = test::tiny_decoder(test::tiny_config(), 5);
        TokenIds prompt{5, 17, 42, 8};
        GenerationOptions options;
        options.max_new_tokens = 20;
        options.stop_at_eos = false;
        auto out = Generator(model).generate({prompt}, options);
        QCOMPARE(out[0].tokens, greedy_by_recomputation(model, prompt, 20));
        QCOMPARE(out[0].reason, StopReason::MaxTokens);
        // Sharp attention (large query and key weights) and a full-size vocabulary (flat logits): an error
        // of one rotary position, or any other small error, changes the tokens.
        Decoder wide = test::tiny_decoder(model_preset("tiny"), 6);
        {
            c10::NoGradGuard no_grad;
            for (const auto& [name, p] : wide.named_parameters())
                if (name.find("q_proj") != std::string::npos || name.find("k_proj") != std::string::npos)
                    p.mul_(40);
        }
        for (const TokenIds& p : {TokenIds{1, 450, 4955, 310, 278}, TokenIds{1, 17, 3000, 29871}}) {
            auto got = Generator(wide).generate({p}, options);
            QCOMPARE(got[0].tokens, greedy_by_recomputation(wide, p, 20));
        }
    }

    void samplerFollowsTheSoftmax() {
        // logits log(0.5), log(0.3), log(0.15), log(0.05): probabilities 0.5, 0.3, 0.15, 0.05.
        std::vector<float> logits{std::log(0.5f), std::log(0.3f), std::log(0.15f), std::log(0.05f)};
        SamplingOptions plain;
        plain.greedy = false;
        plain.seed = 1;
        Sampler s(plain);
        auto f = frequencies(s, logits, 40000);
        QVERIFY(std::abs(f[0] - 0.5) < 0.015 && std::abs(f[1] - 0.3) < 0.015 && std::abs(f[3] - 0.05) < 0.01);

        SamplingOptions top_k = plain;
        top_k.top_k = 2;  // renormalised: 0.5/0.8 and 0.3/0.8
        Sampler sk(top_k);
        f = frequencies(sk, logits, 40000);
        QVERIFY(std::abs(f[0] - 0.625) < 0.015 && std::abs(f[1] - 0.375) < 0.015 && f.count(2) == 0);

        SamplingOptions top_p = plain;
        top_p.top_p = 0.9f;  // 0.5 + 0.3 = 0.8 < 0.9, + 0.15 reaches it: three tokens stay
        Sampler sp(top_p);
        f = frequencies(sp, logits, 40000);
        QVERIFY(std::abs(f[2] - 0.15 / 0.95) < 0.015 && f.count(3) == 0);

        SamplingOptions hot = plain;
        hot.temperature = 2.0f;  // p ~ sqrt(p): 0.707, 0.548, 0.387, 0.224 over 1.866
        Sampler st(hot);
        f = frequencies(st, logits, 40000);
        QVERIFY(std::abs(f[3] - 0.2236 / 1.8659) < 0.012);
    }

    void repetitionPenaltyShrinksSeenTokens() {
        // [2.0, -1.0, 1.5] with tokens 0 and 1 seen and penalty 2: [1.0, -2.0, 1.5], so greedy picks 2.
        SamplingOptions options;
        options.repetition_penalty = 2.0f;
        Sampler s(options);
        std::vector<float> logits{2.0f, -1.0f, 1.5f};
        QCOMPARE(s.sample(logits.data(), 3, {0, 1, 0}), 2);
        QCOMPARE(logits[0], 1.0f);
        QCOMPARE(logits[1], -2.0f);
    }

    void seedMakesSamplingReproducible() {
        Decoder model = test::tiny_decoder(test::tiny_config(), 5);
        GenerationOptions options;
        options.max_new_tokens = 24;
        options.stop_at_eos = false;
        options.sampling.greedy = false;
        options.sampling.temperature = 5.0f;
        options.sampling.seed = 99;
        Generator g(model);
        auto a = g.generate({{3, 4, 5}}, options), b = g.generate({{3, 4, 5}}, options);
        QCOMPARE(a[0].tokens, b[0].tokens);
        options.sampling.seed = 100;
        QVERIFY(g.generate({{3, 4, 5}}, options)[0].tokens != a[0].tokens);
        options.sampling.top_k = 1;  // top-1 sampling is greedy
        GenerationOptions greedy;
        greedy.max_new_tokens = 24;
        greedy.stop_at_eos = false;
        QCOMPARE(g.generate({{3, 4, 5}}, options)[0].tokens, g.generate({{3, 4, 5}}, greedy)[0].tokens);
    }

    void stopsAtEosAndAtTheContext() {
        Decoder model = test::tiny_decoder(test::tiny_config(), 5);
        GenerationOptions options;
        options.max_new_tokens = 10;
        options.stop_at_eos = false;
        Generator g(model);
        const int32_t first = g.generate({{1, 2}}, options)[0].tokens[0];
        options.stop_at_eos = true;
        options.eos_ids = {first};
        auto out = g.generate({{1, 2}}, options);
        QCOMPARE(out[0].reason, StopReason::Eos);
        QCOMPARE(out[0].tokens, TokenIds{first});

        ModelConfig small = test::tiny_config();
        small.max_position_embeddings = 16;
        Decoder short_context = test::tiny_decoder(small, 5);
        GenerationOptions many;
        many.max_new_tokens = 20;
        many.stop_at_eos = false;
        out = Generator(short_context).generate({TokenIds(10, 7)}, many);
        QCOMPARE(out[0].tokens.size(), size_t(6));
        QCOMPARE(out[0].reason, StopReason::ContextFull);
        IPT_VERIFY_ERROR_CONTAINS(Generator(short_context).generate({TokenIds(16, 7)}, many), "16 tokens",
                                  "context is 16", "max_position_embeddings");
        IPT_VERIFY_ERROR_CONTAINS(Generator(short_context).generate({TokenIds{}}, many), "prompt 0 is empty");
        IPT_VERIFY_ERROR_CONTAINS(Generator(short_context).generate({TokenIds{500}}, many), "token id 500",
                                  "outside the vocabulary");
    }

    void cancellationStopsBetweenTokens() {
        Decoder model = test::tiny_decoder(test::tiny_config(), 5);
        GenerationOptions options;
        options.max_new_tokens = 200;
        options.stop_at_eos = false;
        CancelToken cancel;
        int seen = 0;
        auto out = Generator(model).generate(
            {{1, 2, 3}}, options,
            [&](const TokenEvent&) {
                if (++seen == 3) cancel.cancel();
            },
            &cancel);
        QCOMPARE(out[0].reason, StopReason::Cancelled);
        QCOMPARE(out[0].tokens.size(), size_t(3));
    }

    void streamsTextAndCutsAtStopStrings() {
        if (!QFile::exists(test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        auto tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        ModelConfig config = model_preset("tiny");  // vocab 32000 like the tokenizer
        Decoder model = test::tiny_decoder(config, 8);
        Generator g(model, tok.get());
        EncodeOptions bos;
        bos.add_bos = true;
        TokenIds prompt = tok->encode("Once upon a time", bos);
        GenerationOptions options;
        options.max_new_tokens = 40;
        options.stop_at_eos = false;
        std::string streamed;
        auto out = g.generate({prompt}, options, [&](const TokenEvent& e) { streamed += e.text_delta; });
        QCOMPARE(streamed, out[0].text);
        // Independent decode: the prompt and continuation together decode to prompt text + generated text.
        TokenIds all = prompt;
        all.insert(all.end(), out[0].tokens.begin(), out[0].tokens.end());
        QCOMPARE(tok->decode(all), std::string("Once upon a time") + out[0].text);

        // Stop at a string taken from the middle of that text: the result ends right before it.
        const std::string& text = out[0].text;
        QVERIFY(text.size() > 20);
        const std::string stop = text.substr(text.size() / 2, 3);
        options.stop_strings = {stop};
        streamed.clear();
        auto cut = g.generate({prompt}, options, [&](const TokenEvent& e) { streamed += e.text_delta; });
        QCOMPARE(cut[0].reason, StopReason::StopString);
        QCOMPARE(cut[0].text, text.substr(0, text.find(stop)));
        QCOMPARE(streamed, cut[0].text);
    }

    void eosIsCountedButNeverInTheText() {
        // The contract (generator.h): the EOS that ends a generation is its last token, not in its text.
        if (!QFile::exists(test::llama2_tokenizer()))
            QSKIP(qPrintable("fixture missing: " + test::llama2_tokenizer()));
        auto tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        Decoder model = test::tiny_decoder(model_preset("tiny"), 8);
        Generator g(model, tok.get());
        EncodeOptions bos;
        bos.add_bos = true;
        const TokenIds prompt = tok->encode("Once upon a time", bos);
        GenerationOptions options;
        options.max_new_tokens = 6;
        options.stop_at_eos = false;
        const TokenIds free = g.generate({prompt}, options)[0].tokens;
        // Make a later token that did not occur before it an EOS: the generation stops there, holds it.
        size_t k = 1;
        while (k < free.size() &&
               std::find(free.begin(), free.begin() + long(k), free[k]) != free.begin() + long(k))
            ++k;
        QVERIFY(k < free.size());
        options.stop_at_eos = true;
        options.eos_ids = {free[k]};
        const Generation out = g.generate({prompt}, options)[0];
        QCOMPARE(out.reason, StopReason::Eos);
        QCOMPARE(out.tokens, TokenIds(free.begin(), free.begin() + long(k) + 1));
        // Its text is the text of the tokens before the EOS.
        GenerationOptions before = options;
        before.stop_at_eos = false;
        before.max_new_tokens = int64_t(k);
        QCOMPARE(out.text, g.generate({prompt}, before)[0].text);
    }
};

QTEST_APPLESS_MAIN(TestGeneration)
#include "test_generation.moc"
