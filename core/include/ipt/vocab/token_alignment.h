#pragma once
// Align initialisation: the target corpus is tokenized with the source and the extended tokenizer;
// both tokenizations cover the same (normalized) text, so each token has a character span. A new token
// maps to the tuple of source tokens whose spans contain it or lie inside it, and its row is the
// frequency-weighted mean, over the tuples seen, of each tuple's mean source row.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"
#include "ipt/text/tokenizer.h"

namespace ipt {

struct TokenSpan {
    int32_t id = 0;
    int64_t begin = 0, end = 0;  // bytes of the normalized text, [begin, end)
};

// Per new token (index id - first_new): source-token tuple -> how often it was aligned.
using AlignmentCounts = std::vector<std::map<TokenIds, int64_t>>;

// Byte length each piece covers in the normalized text ("▁" is one space, a byte piece one byte,
// control pieces nothing).
std::vector<int32_t> piece_lengths(const Tokenizer& tokenizer);
std::vector<TokenSpan> token_spans(const TokenIds& ids, const std::vector<int32_t>& lengths);

// Adds the alignments of one text's tokenizations (spans in order, covering the same text).
void count_alignments(const std::vector<TokenSpan>& target, const std::vector<TokenSpan>& source,
                      int32_t first_new, AlignmentCounts* counts);

// The whole corpus on `threads` threads (0: all).
AlignmentCounts align_corpus(const std::vector<TokenIds>& target_ids, const Tokenizer& target,
                             const std::vector<TokenIds>& source_ids, const Tokenizer& source,
                             int32_t first_new, size_t new_count, int threads = 0,
                             const ProgressSink& progress = {}, const CancelToken* cancel = nullptr);

// [n, d] float32. Tokens never aligned get the mean of `fallback[i]`'s rows (their source tokenization).
at::Tensor align_rows(const at::Tensor& source, const AlignmentCounts& counts,
                      const std::vector<TokenIds>& fallback);

}  // namespace ipt
