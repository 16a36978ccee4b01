#pragma once
// The one place that knows how a model folder keeps its tokenizer: tokenizer.json (with
// tokenizer_config.json and special_tokens_map.json beside it) when present, else tokenizer.model
// (SentencePiece). Everything that loads "a model and its tokenizer" goes through here, so every
// command and panel accepts the same folders and makes the same vocabulary check.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ipt/text/tokenizer.h"

namespace ipt {

// The tokenizer file of a model folder (tokenizer.json, else tokenizer.model); empty when it has neither.
std::string tokenizer_file_in(const std::string& folder);
// The files that make up a folder's tokenizer: tokenizer.json and its configs that exist, or
// tokenizer.model. Empty when it has none.
std::vector<std::string> tokenizer_files_in(const std::string& folder);

// Loads the tokenizer of `folder`, or `tokenizer` when given (a file, or a folder holding one), and
// checks that every id it can produce has a row in the model's embedding (`embedding_rows`, the
// config's vocab_size). Throws FileError naming the file when there is no tokenizer or it is bad, and
// UsageError when the tokenizer has more pieces than the model has rows.
std::unique_ptr<Tokenizer> load_model_tokenizer(const std::string& folder, int64_t embedding_rows,
                                                const std::string& tokenizer = "");

// Copies the tokenizer files of `from` (a folder, or a tokenizer file with its configs beside it) into
// the folder `to`, under their usual names. Throws FileError when `from` has no tokenizer.
void copy_tokenizer_files(const std::string& from, const std::string& to);

}  // namespace ipt
