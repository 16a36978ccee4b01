#pragma once
// The target-language corpus of vocabulary expansion: read once, tokenized on every core in blocks so
// that long passes report progress and stop when cancelled.
#include <string>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"
#include "ipt/text/tokenizer.h"

namespace ipt {

// A document per line of a .txt, or the "text" field of each line of a .jsonl; blank lines skipped.
// Throws FileError naming the file (and line for a malformed JSONL record).
std::vector<std::string> read_target_corpus(const std::string& path);

// Encodes every text (no BOS/EOS) on `threads` threads (0: all), reporting `stage` progress.
std::vector<TokenIds> tokenize_corpus(const Tokenizer& tokenizer, const std::vector<std::string>& texts,
                                      const std::string& stage, int threads = 0,
                                      const ProgressSink& progress = {}, const CancelToken* cancel = nullptr);

// Words separated by white space, for tokens-per-word figures.
int64_t count_words(const std::string& text);

}  // namespace ipt
