#pragma once
// Instruction-augmented pre-training corpora. General mode converts a fraction of the raw texts (whole
// chains, chosen by the seed) into text + pairs and keeps the rest raw, optionally mixing in the
// synthesizer's fine-tuning data ("Mix PT"). Domain mode converts every domain text and mixes the
// result 1:1 (by characters) with general instruction data rendered as plain text. Converted chains
// are templated as the released code templates them (templates.h): a chain may give several
// documents, its texts without pairs among them as raw documents.
#include <cstdint>
#include <string>
#include <vector>

#include "ipt/data/pair_record.h"

namespace ipt {

struct CorpusDocument {
    std::string text;
    std::string source;            // "raw", "instruction", "mix" or "general"
    std::vector<std::string> ids;  // the raw texts (or records) it holds
};

struct TemplatePools;

struct CorpusOptions {
    double convert_ratio = 0.2;  // general mode: fraction of raw texts converted
    uint64_t seed = 0;           // which chains are converted
    bool domain = false;         // convert all, mix 1:1 with `general`
    // The k-th converted chain is templated with seed template_seed + k (the released README's
    // random_seed=idx+12345); mix and general documents continue the count.
    int64_t template_seed = 12345;
    const TemplatePools* pools = nullptr;  // null: the built-in pools
};

struct CorpusInputs {
    std::vector<PairRecord> records;                       // synthesized pairs (any rounds)
    std::vector<std::pair<std::string, std::string>> raw;  // id, text; may be empty (records' texts used)
    std::vector<std::pair<std::string, std::vector<Pair>>> mix;  // fine-tuning examples: context, pairs
    std::vector<std::pair<std::string, std::vector<Pair>>>
        general;  // instructions: text (may be empty), pairs
};

struct CorpusReport {
    size_t documents = 0, raw_texts = 0, converted_texts = 0, chains = 0, mix_documents = 0,
           general_documents = 0;
    uint64_t instruction_chars = 0, general_chars = 0;
    size_t pairs = 0, pairs_dropped = 0;  // pairs templated, and those the released templating drops
};

std::vector<CorpusDocument> assemble_corpus(const CorpusInputs& inputs, const CorpusOptions& options,
                                            CorpusReport* report = nullptr);

struct CorpusFiles {
    std::vector<std::string> pairs;  // pairs files (shards allowed)
    std::string raw;                 // raw corpus, optional in domain mode
    std::string mix;                 // reading-comprehension JSONL (see finetune_data.h), optional
    std::string general;             // general instructions JSONL, domain mode
    std::string output;              // corpus JSONL: {"text", "source", "ids"}
    std::string text_field = "text";
    std::string templates;  // template pools (JSON); empty: the built-in ones
};
// Reads the files, assembles, writes the corpus atomically. Throws FileError naming file and line.
CorpusReport build_corpus(const CorpusFiles& files, const CorpusOptions& options);

// General instruction data: {"instruction"|"question", "input"?, "output"|"response"|"answer"} or
// {"pairs": [...], "text"?}, or a plain {"text"} (kept as is).
std::vector<std::pair<std::string, std::vector<Pair>>> read_general_instructions(const std::string& path);

}  // namespace ipt
