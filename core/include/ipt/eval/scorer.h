#pragma once
// Log-likelihood of continuations given contexts, the way lm-evaluation-harness scores multiple choice:
// the sum of the log-probabilities of the continuation's tokens. A context shared by every choice is
// run through the model once and its KV cache reused for each choice.
#include <string>
#include <utility>
#include <vector>

#include "ipt/text/tokenizer.h"

namespace ipt {

class Decoder;

// (context without its trailing whitespace, that whitespace + continuation), as the harness's
// _encode_pair moves it; whitespace as Python's str.rstrip() sees it.
std::pair<std::string, std::string> move_trailing_space(const std::string& context,
                                                        const std::string& continuation);

class LoglikelihoodScorer {
  public:
    LoglikelihoodScorer(const Decoder& model, const Tokenizer& tokenizer);

    // One log-likelihood per continuation after the same context (context computed once).
    std::vector<double> score_shared(const std::string& context,
                                     const std::vector<std::string>& continuations) const;
    // Each continuation after its own context, batched in one pass (partial scoring, WinoGrande), or
    // the reference without sharing when all contexts are equal.
    std::vector<double> score_pairs(const std::vector<std::string>& contexts,
                                    const std::vector<std::string>& continuations) const;

    // Context tokens (BOS first) and the continuation's own tokens, as lm-evaluation-harness makes them:
    // whitespace at the end of the context moves to the front of the continuation (so it is scored),
    // the pair is encoded as one text and split after as many tokens as the context alone has.
    std::pair<TokenIds, TokenIds> encode_pair(const std::string& context,
                                              const std::string& continuation) const;

  private:
    TokenIds encode_context(const std::string& context) const;
    // encode_pair with the context's own tokens already known.
    std::pair<TokenIds, TokenIds> split_pair(const std::string& context, TokenIds context_ids,
                                             const std::string& continuation) const;

    const Decoder& model_;
    const Tokenizer& tokenizer_;
};

}  // namespace ipt
