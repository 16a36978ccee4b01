#pragma once
// Growing a decoder's vocabulary: the input embeddings and, when untied, the LM head get rows for the
// new tokens; the row count is padded to a multiple of 8 (tensor-core friendly, as transformers'
// resize_token_embeddings(pad_to_multiple_of=8) does). Every other weight is shared, not copied.
#include <ATen/core/Tensor.h>

#include <cstdint>

#include "ipt/model/decoder.h"

namespace ipt {

int64_t padded_vocab_size(int64_t size, int64_t multiple = 8);

// A decoder with `vocab_size` rows: rows [0, first_new) from `model`, rows [first_new, first_new + n)
// from `input_rows` / `head_rows` ([n, d]; head_rows ignored when the embeddings are tied), and any
// padding rows after them set to the mean of the kept rows. Throws UsageError on shape mismatches.
Decoder resize_vocabulary(const Decoder& model, int64_t vocab_size, int64_t first_new,
                          const at::Tensor& input_rows, const at::Tensor& head_rows);

}  // namespace ipt
