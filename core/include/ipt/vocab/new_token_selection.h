#pragma once
// Which auxiliary pieces become new tokens: the auxiliary BPE model's pieces in merge order, minus the
// ones the source already has, byte and control pieces; the first k of them, then the corpus is
// re-tokenized with the extended tokenizer and pieces it never uses are replaced by the next candidates.
// A piece that never appears in the output but is one half of a used new piece counts as used: BPE
// forms a piece from two adjacent pieces, so it is an intermediate step the used piece needs.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"
#include "ipt/text/hf_tokenizer.h"
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
    SentencePieceModel extended;       // SentencePiece sources: the source model with the pieces appended
    std::string extended_json;         // tokenizer.json sources: the extended tokenizer.json
    std::shared_ptr<const Tokenizer> tokenizer;  // the extended tokenizer, loaded
    std::vector<TokenIds> corpus_ids;  // the corpus tokenized with it (shared by the initialisers)
    int64_t candidates = 0;            // how many candidates there were
    int64_t replaced = 0;              // unused pieces swapped for later candidates
    int64_t dropped = 0;               // unused pieces removed when candidates or rounds ran out
    int64_t unreachable = 0;           // tokenizer.json: candidates no single merge can form, skipped
};

// `candidates` in priority order. Throws UsageError when there are none.
Selection select_new_tokens(const SentencePieceModel& source, const std::vector<std::string>& candidates,
                            const std::vector<std::string>& corpus, const SelectionOptions& options);
// For a tokenizer.json source: each new piece is appended with one merge (tokenizer_json_extension.h);
// candidates no single merge can form are skipped like unused ones.
Selection select_new_tokens(const HfTokenizer& source, const std::vector<std::string>& candidates,
                            const std::vector<std::string>& corpus, const SelectionOptions& options);

// The auxiliary tokenizer for a tokenizer.json source: a BPE trained (bpe_trainer.h) on the corpus's
// words as the source pre-tokenises them, so its pieces are spelt like the source's.
struct AuxiliaryBpe {
    std::vector<std::string> candidates;                  // merged pieces the source lacks, in merge order
    std::unordered_map<std::string, int64_t> merge_rank;  // for Merge: merge order, single characters -1
    int64_t vocab_size = 0;                               // alphabet + merges
    int64_t merged_pieces = 0;
};
AuxiliaryBpe train_auxiliary_bpe(const HfTokenizer& source, const std::vector<std::string>& corpus,
                                 int64_t vocab_size, const ProgressSink& progress = {},
                                 const CancelToken* cancel = nullptr);

}  // namespace ipt
