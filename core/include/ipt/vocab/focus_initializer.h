#pragma once
// FOCUS (Dobler & de Melo, 2023): static embeddings are trained on the target corpus as tokenized with
// the extended tokenizer (CBOW with negative sampling, in LibTorch); tokens the source shares are
// anchors, and a new token's row is the sparsemax-weighted sum of the anchors' source rows, weighted by
// the cosine similarity of the static embeddings.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"
#include "ipt/text/tokenizer.h"

namespace ipt {

// Sparsemax (Martins & Astudillo, 2016) of a 1-D tensor: the Euclidean projection onto the simplex.
at::Tensor sparsemax(const at::Tensor& z);

struct StaticEmbeddingOptions {
    int64_t dimension = 64;
    int64_t window = 4;  // context tokens on each side
    int64_t negatives = 5;
    int64_t batch = 1024;      // centre tokens per step
    int64_t max_steps = 3000;  // bounds the time on a large corpus
    int64_t epochs = 5;
    double lr = 0.01;  // Adam
    uint64_t seed = 1;
};

struct StaticEmbeddings {
    at::Tensor vectors;                        // [tokens seen, dimension] float32
    std::unordered_map<int32_t, int64_t> row;  // token id -> row of vectors
    std::vector<int64_t> count;                // occurrences per row
};

StaticEmbeddings train_static_embeddings(const std::vector<TokenIds>& corpus,
                                         const StaticEmbeddingOptions& options = {},
                                         const ProgressSink& progress = {},
                                         const CancelToken* cancel = nullptr);

// [n, d] float32 rows for `new_ids` from the source matrix's rows of `anchors` (ids into `source`).
// New ids without a static vector get the mean of `fallback[i]`'s source rows.
at::Tensor focus_rows(const at::Tensor& source, const StaticEmbeddings& embeddings, const TokenIds& new_ids,
                      const TokenIds& anchors, const std::vector<TokenIds>& fallback);

}  // namespace ipt
