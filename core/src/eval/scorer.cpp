#include "ipt/eval/scorer.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>

#include "ipt/common/error.h"
#include "ipt/common/python_text.h"
#include "ipt/model/decoder.h"
#include "ipt/model/kv_cache.h"

namespace ipt {

LoglikelihoodScorer::LoglikelihoodScorer(const Decoder& model, const Tokenizer& tokenizer)
    : model_(model), tokenizer_(tokenizer) {}

TokenIds LoglikelihoodScorer::encode_context(const std::string& context) const {
    EncodeOptions bos;
    bos.add_bos = true;
    return tokenizer_.encode(context, bos);
}

std::pair<std::string, std::string> move_trailing_space(const std::string& context,
                                                        const std::string& continuation) {
    const std::string kept = python_rstrip(context);
    return {kept, context.substr(kept.size()) + continuation};
}

std::pair<TokenIds, TokenIds> LoglikelihoodScorer::encode_pair(const std::string& context,
                                                               const std::string& continuation) const {
    const auto [ctx, cont] = move_trailing_space(context, continuation);
    return split_pair(ctx, encode_context(ctx), cont);
}

std::pair<TokenIds, TokenIds> LoglikelihoodScorer::split_pair(const std::string& context, TokenIds ctx,
                                                              const std::string& continuation) const {
    // As the harness's _encode_pair: the whole text encoded once, the continuation is what follows the
    // context's own token count (the boundary tokenizes as in running text).
    EncodeOptions bos;
    bos.add_bos = true;
    const TokenIds whole = tokenizer_.encode(context + continuation, bos);
    TokenIds cont;
    if (whole.size() > ctx.size()) cont.assign(whole.begin() + static_cast<long>(ctx.size()), whole.end());
    if (cont.empty()) throw UsageError("continuation '" + continuation + "' encodes to no tokens");
    if (ctx.empty()) ctx.push_back(tokenizer_.bos_id() >= 0 ? tokenizer_.bos_id() : 0);
    // Too long for the model: keep the end of the context, as the harness does.
    const int64_t room = model_.config().max_position_embeddings - static_cast<int64_t>(cont.size());
    if (room < 1)
        throw UsageError("continuation of " + std::to_string(cont.size()) +
                         " tokens does not fit the context");
    if (static_cast<int64_t>(ctx.size()) > room) ctx.erase(ctx.begin(), ctx.end() - room);
    return {ctx, cont};
}

std::vector<double> LoglikelihoodScorer::score_shared(const std::string& context,
                                                      const std::vector<std::string>& continuations) const {
    c10::InferenceMode inference;
    std::vector<TokenIds> conts;
    TokenIds ctx;
    size_t longest = 0;
    const std::string kept = python_rstrip(context);
    const std::string moved = context.substr(kept.size());
    const TokenIds context_alone = encode_context(kept);  // once, not once per choice
    for (const auto& c : continuations) {
        auto [context_ids, cont] = split_pair(kept, context_alone, moved + c);
        // Choices whose first token merges with the context's end would need their own context; score
        // such an item the reference way.
        if (!ctx.empty() && context_ids != ctx) {
            std::vector<std::string> contexts(continuations.size(), context);
            return score_pairs(contexts, continuations);
        }
        ctx = context_ids;
        longest = std::max(longest, cont.size());
        conts.push_back(cont);
    }
    const auto options = at::TensorOptions().dtype(model_.dtype()).device(model_.device());
    const int64_t n = static_cast<int64_t>(conts.size());
    const int64_t capacity = static_cast<int64_t>(ctx.size() + longest);
    KvCache shared(model_.config(), 1, capacity, options);
    ForwardOptions forward;
    forward.cache = &shared;
    forward.last_position_only = true;
    std::vector<int64_t> ids(ctx.begin(), ctx.end());
    at::Tensor first =
        at::log_softmax(model_.forward(at::tensor(ids).view({1, -1}), forward)[0][0], -1).to(at::kCPU);

    const float* first_row = first.contiguous().data_ptr<float>();
    std::vector<double> scores(conts.size());
    for (int64_t c = 0; c < n; ++c) scores[c] = first_row[conts[c][0]];
    if (longest == 1) return scores;

    // Every choice continues the shared cache: one batch of [choices, longest - 1], right-padded (the
    // causal mask keeps padding out of the real positions).
    KvCache fork = KvCache::repeat(shared, n, capacity);
    at::Tensor input = at::zeros({n, static_cast<int64_t>(longest) - 1}, at::kLong);
    for (int64_t c = 0; c < n; ++c)
        for (size_t j = 0; j + 1 < conts[c].size(); ++j)
            input[c][static_cast<int64_t>(j)] = int64_t(conts[c][j]);
    ForwardOptions rest;
    rest.cache = &fork;
    at::Tensor logp =
        at::log_softmax(model_.forward(input.to(model_.device()), rest), -1).to(at::kCPU).contiguous();
    auto lp = logp.accessor<float, 3>();
    for (int64_t c = 0; c < n; ++c)
        for (size_t j = 1; j < conts[c].size(); ++j)
            scores[c] += lp[c][static_cast<int64_t>(j) - 1][conts[c][j]];
    return scores;
}

std::vector<double> LoglikelihoodScorer::score_pairs(const std::vector<std::string>& contexts,
                                                     const std::vector<std::string>& continuations) const {
    if (contexts.size() != continuations.size())
        throw UsageError("score_pairs needs one context per continuation");
    c10::InferenceMode inference;
    std::vector<TokenIds> sequences;
    std::vector<size_t> context_lengths, cont_lengths;
    size_t longest = 0;
    for (size_t i = 0; i < contexts.size(); ++i) {
        auto [ctx, cont] = encode_pair(contexts[i], continuations[i]);
        TokenIds seq = ctx;
        seq.insert(seq.end(), cont.begin(), cont.end());
        context_lengths.push_back(ctx.size());
        cont_lengths.push_back(cont.size());
        longest = std::max(longest, seq.size());
        sequences.push_back(seq);
    }
    const int64_t n = static_cast<int64_t>(sequences.size());
    at::Tensor input = at::zeros({n, static_cast<int64_t>(longest)}, at::kLong);
    for (int64_t i = 0; i < n; ++i)
        for (size_t j = 0; j < sequences[i].size(); ++j)
            input[i][static_cast<int64_t>(j)] = int64_t(sequences[i][j]);
    at::Tensor logp =
        at::log_softmax(model_.forward(input.to(model_.device())), -1).to(at::kCPU).contiguous();
    auto lp = logp.accessor<float, 3>();
    std::vector<double> scores(contexts.size(), 0.0);
    for (int64_t i = 0; i < n; ++i)
        for (size_t j = 0; j < cont_lengths[i]; ++j) {
            const int64_t position =
                static_cast<int64_t>(context_lengths[i] + j);  // predicted from position - 1
            scores[i] += lp[i][position - 1][sequences[i][position]];
        }
    return scores;
}

}  // namespace ipt
