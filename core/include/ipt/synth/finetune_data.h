#pragma once
// The synthesizer's own fine-tuning data: reading-comprehension examples (a context and its gold
// pairs) in the synthesizer format, several examples of one dataset concatenated into one sequence up
// to the length limit, loss only on the pairs (and the "</s>" that ends them). Sequences are written
// as records with "segments" for the dataset builder (`ipt data prepare --loss-mask`), which turns
// them into token shards with loss masks for the training engine.
#include <cstdint>
#include <string>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"
#include "ipt/data/dataset_builder.h"
#include "ipt/synth/prompt_format.h"

namespace ipt {

class Tokenizer;

struct RcExample {
    std::string dataset;  // examples are only concatenated with examples of the same dataset
    SynthExample example;
    std::string where;  // file:line
};

// JSONL: {"dataset": "squad", "context": "...", "pairs": [{"question", "answer"}, ...]}; "text" is
// accepted for "context" and "qas" for "pairs". Throws FileError naming file and line.
std::vector<RcExample> read_rc_examples(const std::string& path);

struct SequenceSegment {
    std::string text;
    bool loss = false;
    bool special = false;  // a control spelling ("<s>", "</s>") to encode as its token
};
struct FinetuneSequence {
    std::string dataset;
    std::vector<SequenceSegment> segments;
    int64_t tokens = 0;  // with the BOS and EOS the dataset builder adds
    size_t examples = 0;
};

struct FinetuneReport {
    size_t examples = 0, sequences = 0, too_long = 0;
    int64_t tokens = 0, loss_tokens = 0;
    std::vector<std::string> problems;  // "file:line: example of N tokens exceeds the limit"
};

// Packs examples greedily in file order per dataset. An example longer than `max_tokens` on its own is
// left out and reported.
std::vector<FinetuneSequence> pack_finetune_sequences(const std::vector<RcExample>& examples,
                                                      const Tokenizer& tokenizer, int64_t max_tokens,
                                                      FinetuneReport* report = nullptr);
// {"dataset": ..., "examples": n, "segments": [{"text", "loss", "special"?}, ...]}
std::string finetune_sequence_json(const FinetuneSequence& sequence);

// `ipt synth finetune-data` as one job: the examples packed into <output>/sequences.jsonl (written
// atomically), then, unless `prepare` is off, the token shards with loss masks in <output>.
struct FinetuneDataOptions {
    std::string input;   // reading-comprehension examples (read_rc_examples)
    std::string output;  // the dataset folder
    int64_t max_tokens = 4096;
    bool prepare = true;
};
struct FinetuneDataReport {
    FinetuneReport packing;
    std::string sequences_file;
    PrepareReport shards;  // with `prepare` on
};
FinetuneDataReport write_finetune_data(const FinetuneDataOptions& options, const Tokenizer& tokenizer,
                                       const ProgressSink& progress = {}, const CancelToken& cancel = {});

}  // namespace ipt
