#pragma once
// Training a SentencePiece model on a corpus (vocabulary expansion's auxiliary tokenizer), through the
// SentencePiece plugin. The defaults follow the Llama 2 tokenizer's settings, so that the auxiliary
// pieces are spelled the way the source tokenizer spells its own.
#include <cstdint>
#include <string>
#include <vector>

#include "ipt/common/progress.h"

namespace ipt {

struct TokenizerTrainingOptions {
    int64_t vocab_size = 50000;  // an upper bound: lowered to what the corpus supports
    std::string model_type = "bpe";
    bool byte_fallback = true;
    bool split_digits = true;
    int max_piece_length = 16;
    bool add_dummy_prefix = true;
    std::string normalization = "identity";
    double character_coverage = 0.9999;
    int threads = 0;  // 0: every hardware thread
    ProgressSink progress;
};

struct TrainedTokenizer {
    std::string model;  // the serialized ModelProto
    int64_t vocab_size = 0;
    int64_t requested_vocab_size = 0;
};

// Throws UsageError when there is no text, or SentencePiece refuses the corpus (its message included).
TrainedTokenizer train_tokenizer(const std::vector<std::string>& sentences,
                                 const TokenizerTrainingOptions& options = {});

}  // namespace ipt
