#pragma once
// Which auxiliary pieces become new tokens: the auxiliary BPE model's pieces in merge order, minus the
// ones the source already has, byte and control pieces; the first k of them, then the corpus is
// re-tokenized with the extended tokenizer and pieces it never uses are replaced by the next candidates.
// A piece that never appears in the output but is one half of a used new piece counts as used: BPE
// forms a piece from two adjacent pieces, so it is an intermediate step the used piece needs.
#include <cstdint>
#include <string>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"
#include "ipt/text/sentencepiece_model.h"
#include "ipt/text/tokenizer.h"

namespace ipt {

// In the auxiliary model's order (for BPE: merges first, in the order they were learnt, then the
// single characters). Keeps the word-start marker "▁" as part of the piece.
std::vector<std::string> candidate_pieces(const SentencePieceModel& auxiliary,
                                          const SentencePieceModel& source);

struct SelectionOptions {
    int64_t k = 100;
    int max_rounds = 12;  // re-tokenize / replace rounds
    int threads = 0;
    ProgressSink progress;
    const CancelToken* cancel = nullptr;
};

struct Selection {
    std::vector<std::string> pieces;   // the new pieces; piece i gets id source size + i
    std::vector<int64_t> frequency;    // uses in the tokenized corpus (0 for a needed intermediate)
    SentencePieceModel extended;       // the source model with the pieces appended
    std::vector<TokenIds> corpus_ids;  // the corpus tokenized with it (shared by the initialisers)
    int64_t candidates = 0;            // how many candidates there were
    int64_t replaced = 0;              // unused pieces swapped for later candidates
    int64_t dropped = 0;               // unused pieces removed when candidates or rounds ran out
};

// `candidates` in priority order. Throws UsageError when there are none.
Selection select_new_tokens(const SentencePieceModel& source, const std::vector<std::string>& candidates,
                            const std::vector<std::string>& corpus, const SelectionOptions& options);

}  // namespace ipt
