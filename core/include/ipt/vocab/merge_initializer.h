#pragma once
// Merge initialisation: a new piece is the mean of its auxiliary merge parents' rows, recursively
// through parents that are new (or otherwise missing from the source) themselves, averaged over every
// merge that yields the piece.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ipt/text/tokenizer.h"

namespace ipt {

class SentencePieceModel;

struct MergeInputs {
    // Auxiliary pieces by position in merge order; single characters (the BPE alphabet, there from
    // the start) are -1. A split a + b of piece p is a merge when both come before p.
    std::unordered_map<std::string, int64_t> auxiliary_rank;
    std::function<int32_t(const std::string&)> source_id;  // -1 when the source lacks the piece
    // For pieces without any merge (a character the source lacks): its source tokenization (Mean).
    std::function<TokenIds(const std::string&)> source_tokens;
};

// Ranks for `auxiliary` (a BPE model): its normal pieces in model order, single characters -1.
std::unordered_map<std::string, int64_t> merge_ranks(const SentencePieceModel& auxiliary);

// [n, d] float32 rows for `pieces`.
at::Tensor merge_rows(const at::Tensor& source, const std::vector<std::string>& pieces,
                      const MergeInputs& inputs);

}  // namespace ipt
