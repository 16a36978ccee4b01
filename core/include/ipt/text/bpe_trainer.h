#pragma once
// Training a BPE vocabulary on counted words, as the `tokenizers` library's BpeTrainer does: start from
// the words' characters, repeatedly merge the most frequent adjacent pair (ties: the pair whose pieces
// sort first), stop at the vocabulary size or when no pair occurs min_frequency times. Vocabulary
// expansion trains its auxiliary tokenizer this way on words pre-tokenised by a tokenizer.json source,
// so the new pieces are spelt (and split into words) exactly as the source spells its own.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"

namespace ipt {

struct BpeTrainingOptions {
    int64_t vocab_size = 50000;  // alphabet + merges, at most
    int64_t min_frequency = 2;
    ProgressSink progress;
    const CancelToken* cancel = nullptr;
};

struct TrainedBpe {
    std::vector<std::string> alphabet;                        // the single characters, sorted
    std::vector<std::pair<std::string, std::string>> merges;  // in the order learnt
    std::vector<std::string> pieces;                          // merges[i].first + merges[i].second
    int64_t vocab_size() const { return int64_t(alphabet.size() + pieces.size()); }
};

// `words`: each word (a UTF-8 string whose characters are the units) with its count.
TrainedBpe train_bpe(const std::unordered_map<std::string, int64_t>& words,
                     const BpeTrainingOptions& options);

}  // namespace ipt
