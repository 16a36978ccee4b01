#pragma once
// Held-out loss per character: the negative log-likelihood a model gives a text, each token predicted
// from the document's start (a BOS) and the tokens before it, summed over the text and divided by its
// characters. Per character, not per token, so that models whose tokenizers cut the same text into
// different numbers of tokens compare: an expanded model with the source model, and the expansion's
// initialisations with each other (Random against Mean, Merge, Align, FOCUS), before any adaptation.
#include <cstdint>
#include <string>
#include <vector>

namespace ipt {

class Decoder;
class Tokenizer;

struct HeldoutLoss {
    int64_t texts = 0;
    int64_t characters = 0;  // UTF-8 code points of the texts scored
    int64_t tokens = 0;      // tokens predicted (the texts' own, not the BOS)
    double nats = 0;         // summed negative log-likelihood, natural log
    double nats_per_character() const { return characters ? nats / double(characters) : 0; }
    double bits_per_character() const;  // nats per character / ln 2
    double nats_per_token() const { return tokens ? nats / double(tokens) : 0; }
};

struct HeldoutLossOptions {
    int64_t max_characters = 0;  // whole texts from the start up to this many characters; 0: all
    int64_t batch = 8;           // texts per forward pass (right-padded; the causal mask hides padding)
};

// A text longer than the model's context is scored in windows that overlap by one token, so that every
// token is predicted once, from at most a context's worth of tokens before it. Throws UsageError when
// the tokenizer has neither a BOS nor an EOS to start documents with, or when there is nothing to score.
HeldoutLoss heldout_loss(const Decoder& model, const Tokenizer& tokenizer,
                         const std::vector<std::string>& texts, const HeldoutLossOptions& options = {});

}  // namespace ipt
