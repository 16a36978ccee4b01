#pragma once
// `ipt vocab report`: what an expansion bought and how its initialisations look. On held-out target
// text: tokens per character and per word before and after, and the speed-up on the same work (Yamaguchi
// et al.'s Table 2, through eval/speedup); per method its held-out loss per character before any
// adaptation, on the target text and (given one) on source-language text (eval/heldout_loss); per new
// token its frequencies; per method the new rows' norms, their cosine to the Mean vector, nearest source
// neighbours and a 2-D PCA of source and new rows. Written as report.json (the embeddings panel reads it).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ipt/common/progress.h"
#include "ipt/eval/heldout_loss.h"
#include "ipt/eval/speedup.h"

namespace ipt {

struct VocabReportOptions {
    std::string source;       // the source HF folder (with its tokenizer)
    std::string expanded;     // the folder `ipt vocab expand` wrote (expansion.json, <method>/)
    std::string text;         // held-out target text: .txt or .jsonl
    std::string source_text;  // held-out source-language text, optional: what expansion costs there
    std::string out;          // default: <expanded>/report.json
    SpeedupOptions speed;
    HeldoutLossOptions loss{20000, 8};
    int64_t neighbours = 5;
    int64_t pca_sample = 2000;
    int threads = 0;
    ProgressSink progress;
};

struct MethodSummary {
    std::string method;
    double norm_mean = 0;
    double cosine_to_mean = 0;  // averaged over the new tokens
    HeldoutLoss target_loss;
    std::optional<HeldoutLoss> source_language_loss;
};

struct VocabReportSummary {
    std::string path;  // where report.json went
    int64_t characters = 0, words = 0, source_tokens = 0, expanded_tokens = 0, new_tokens = 0;
    double length_reduction_percent = 0;
    SpeedupReport speed;
    HeldoutLoss source_target_loss;  // the source model on the target text, with its own tokenizer
    std::optional<HeldoutLoss> source_source_loss;  // and on the source-language text
    double source_norm_mean = 0;
    std::vector<MethodSummary> methods;
};

// Throws FileError naming the file at fault (no expansion.json, a method folder without weights, ...).
VocabReportSummary write_vocab_report(const VocabReportOptions& options);

}  // namespace ipt
