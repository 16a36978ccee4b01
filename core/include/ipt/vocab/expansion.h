#pragma once
// Vocabulary expansion end to end (Yamaguchi et al., 2024): train an auxiliary tokenizer on the target
// corpus, choose k new pieces, extend the source tokenizer, initialise the new rows with each requested
// method and write one Hugging Face folder per method, plus expansion.json and, for LAPT, the corpus
// prepared with the extended tokenizer and a training config per method. The tokenizer work (training,
// selection, corpus tokenization, alignment) is done once for all methods. Everything is built in a
// staging folder and renamed into place at the end, so the output appears complete or not at all.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/job_summary.h"
#include "ipt/common/progress.h"
#include "ipt/vocab/embedding_initializer.h"
#include "ipt/vocab/focus_initializer.h"

namespace ipt {

struct ExpansionOptions {
    std::string model;      // the source HF folder
    std::string tokenizer;  // its tokenizer.json or SentencePiece BPE tokenizer.model; empty: the folder's
    std::string corpus;     // target-language text: .txt (a document per line) or .jsonl ("text")
    std::string out;
    int64_t new_tokens = 100;
    std::vector<InitMethod> methods{InitMethod::Mean};
    int64_t auxiliary_vocab_size = 50000;  // capped by what the corpus supports
    bool overwrite = false;                // replace an existing non-empty `out`
    bool lapt = true;                      // also write lapt-data/ and <method>/lapt.toml
    uint64_t seed = 1;
    int threads = 0;  // tokenization and alignment threads (0: all cores)
    StaticEmbeddingOptions focus;
    ProgressSink progress;
    const CancelToken* cancel = nullptr;
    std::function<void(const std::string&)> note;  // things the user should know (fewer pieces than k, ...)
};

struct NewTokenInfo {
    int32_t id = 0;
    std::string piece;
    int64_t frequency = 0;  // in the corpus tokenized with the extended tokenizer
};

struct ExpansionResult {
    int64_t k_requested = 0, k = 0;
    // source_vocab_size: the source tokenizer's pieces (the first new id); vocab_size: the model's rows,
    // padded to a multiple of 8.
    int64_t source_vocab_size = 0, vocab_size = 0;
    int64_t auxiliary_vocab_size = 0, candidates = 0;
    int64_t corpus_texts = 0, corpus_source_tokens = 0, corpus_expanded_tokens = 0;
    std::vector<NewTokenInfo> new_tokens;
    std::vector<std::string> notes;
    std::vector<std::string> folders;  // one per method, under out
};

// Throws UsageError / FileError with the reason (no output is left behind) and Cancelled.
ExpansionResult expand_vocabulary(const ExpansionOptions& options);

// "all" when `methods` are all the methods, else their names joined by commas.
std::string init_methods_label(const std::vector<InitMethod>& methods);
// The run list's view of an expansion: model, corpus, k and methods; new tokens, vocabulary size and how
// much shorter the corpus became.
JobSummary summarize_expansion(const ExpansionOptions& options, const ExpansionResult& result);

}  // namespace ipt
