#include "ipt/eval/heldout_loss.h"

#include <ATen/ATen.h>

#include <c10/core/InferenceMode.h>
#include <algorithm>
#include <cmath>

#include "ipt/common/error.h"
#include "ipt/eval/speedup.h"
#include "ipt/model/decoder.h"
#include "ipt/text/tokenizer.h"

namespace ipt {
namespace {

// A stretch of one document, at most a context long; its first token is context only (the document's
// start, or the token the previous window predicted last).
using Window = TokenIds;

std::vector<Window> windows_of(const TokenIds& document, int64_t context) {
    std::vector<Window> out;
    const int64_t n = static_cast<int64_t>(document.size());
    // Windows start every context - 1 tokens, so that the last token of one is the first of the next:
    // each token after the BOS is predicted exactly once.
    for (int64_t start = 0; start + 1 < n; start += context - 1) {
        const int64_t end = std::min(n, start + context);
        out.emplace_back(document.begin() + start, document.begin() + end);
        if (end == n) break;
    }
    return out;
}

// Summed negative log-likelihood of tokens 1.. of each window, one forward pass for the batch.
double batch_nats(const Decoder& model, const std::vector<Window>& batch) {
    size_t longest = 0;
    for (const auto& w : batch) longest = std::max(longest, w.size());
    const int64_t b = static_cast<int64_t>(batch.size()), t = static_cast<int64_t>(longest);
    std::vector<int64_t> input(static_cast<size_t>(b * t), 0);
    for (int64_t i = 0; i < b; ++i)
        std::copy(batch[size_t(i)].begin(), batch[size_t(i)].end(), input.begin() + i * t);
    const at::Tensor ids = at::tensor(input, at::TensorOptions().dtype(at::kLong)).view({b, t});
    const at::Tensor logp =
        at::log_softmax(model.forward(ids.to(model.device())).to(at::kFloat), -1).to(at::kCPU).contiguous();
    const auto lp = logp.accessor<float, 3>();
    double nats = 0;
    for (int64_t i = 0; i < b; ++i) {
        const TokenIds& w = batch[size_t(i)];
        for (size_t j = 1; j < w.size(); ++j) nats -= double(lp[i][int64_t(j) - 1][w[j]]);
    }
    return nats;
}

}  // namespace

double HeldoutLoss::bits_per_character() const {
    return nats_per_character() / std::log(2.0);
}

HeldoutLoss heldout_loss(const Decoder& model, const Tokenizer& tokenizer,
                         const std::vector<std::string>& texts, const HeldoutLossOptions& o) {
    const int32_t start = tokenizer.bos_id() >= 0 ? tokenizer.bos_id() : tokenizer.eos_id();
    if (start < 0)
        throw UsageError("held-out loss: the tokenizer has neither a BOS nor an EOS to start documents with");
    if (o.batch < 1) throw UsageError("held-out loss: batch must be at least 1");
    const int64_t context = model.config().max_position_embeddings;
    if (context < 2) throw UsageError("held-out loss: the model's context is shorter than two tokens");
    c10::InferenceMode inference;
    HeldoutLoss loss;
    std::vector<Window> windows;
    for (const auto& text : texts) {
        const int64_t characters = utf8_length(text);
        if (characters == 0) continue;
        if (o.max_characters > 0 && loss.characters > 0 && loss.characters + characters > o.max_characters)
            break;
        const TokenIds ids = tokenizer.encode(text);
        if (ids.empty()) continue;
        TokenIds document{start};
        document.insert(document.end(), ids.begin(), ids.end());
        ++loss.texts;
        loss.characters += characters;
        loss.tokens += static_cast<int64_t>(ids.size());
        for (Window& w : windows_of(document, context)) windows.push_back(std::move(w));
    }
    // Batches of similar lengths waste little on padding; the sum does not depend on the order.
    std::stable_sort(windows.begin(), windows.end(),
                     [](const Window& a, const Window& b) { return a.size() < b.size(); });
    for (size_t i = 0; i < windows.size(); i += size_t(o.batch)) {
        const auto end = windows.begin() + long(std::min(windows.size(), i + size_t(o.batch)));
        loss.nats += batch_nats(model, std::vector<Window>(windows.begin() + long(i), end));
    }
    if (loss.tokens == 0) throw UsageError("held-out loss: no text to score");
    return loss;
}

}  // namespace ipt
