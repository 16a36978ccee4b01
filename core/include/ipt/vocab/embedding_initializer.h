#pragma once
// Rows for the new tokens of an embedding matrix (input embeddings or LM head), from the source
// model's rows. Random and Mean live here; Merge, Align and FOCUS have files of their own.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "ipt/text/tokenizer.h"

namespace ipt {

enum class InitMethod { Random, Mean, Merge, Align, Focus };

const char* init_method_name(InitMethod method);  // "random", "mean", ...
// Throws UsageError listing the known names.
InitMethod init_method_from_name(const std::string& name);
// In the order the output folders are written.
std::vector<InitMethod> all_init_methods();

// [count, d]: each dimension drawn from a normal with that dimension's mean and standard deviation over
// the source rows. Deterministic for a seed.
at::Tensor random_rows(const at::Tensor& source, int64_t count, uint64_t seed);

// Each new piece's source tokenization, as the source spells the piece's text (the `▁` marker a space,
// no word-start marker added): the rows Mean averages.
std::vector<TokenIds> piece_source_ids(const Tokenizer& source, const std::vector<std::string>& pieces);

// [n, d]: row i is the mean of the source rows `source_ids[i]` (the piece's source tokenization).
// An empty tokenization gets the mean of all source rows.
at::Tensor mean_rows(const at::Tensor& source, const std::vector<TokenIds>& source_ids);

// The mean of the source rows listed in `ids` (float32).
at::Tensor mean_of_rows(const at::Tensor& source, const TokenIds& ids);

}  // namespace ipt
