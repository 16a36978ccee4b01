#pragma once
// `ipt data prepare`: tokenizes JSONL / text corpora into a TokenDataset on all cores. Resumable: every
// finished shard is recorded in progress.json, and a new run with the same inputs and tokenizer goes on
// from the last recorded record; index.json appears only when everything is done.
#include <cstdint>
#include <string>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"

namespace ipt {

class Tokenizer;

// One input line (a document) may hold at most this much; a longer line is an error naming it.
constexpr uint64_t kMaxDocumentBytes = 1ull << 30;

struct PrepareOptions {
    std::vector<std::string> inputs;  // .jsonl (one record per line) or .txt (one document per line)
    std::string output;               // the dataset folder
    std::string text_field = "text";
    // Honour records' "segments": [{"text": ..., "loss": true|false}, ...] and write a loss mask. A
    // segment with "special": true has its control spellings ("<s>", "</s>") encoded as those tokens.
    bool loss_mask = false;
    bool skip_malformed = false;  // false: the first malformed record stops the run
    bool add_bos = true;
    bool add_eos = true;  // the EOS between documents
    uint64_t shard_tokens = 64ull << 20;
    size_t batch_records = 4096;  // records tokenized together (and the unit of cancellation)
    // Texts longer than this are tokenized piece by piece, cut between words, so that memory stays
    // flat however long one document is.
    size_t chunk_bytes = 256 << 10;
    int threads = 0;  // 0: every hardware thread
};

struct PrepareReport {
    uint64_t documents = 0;
    uint64_t tokens = 0;
    uint64_t skipped = 0;
    size_t shards = 0;
    bool resumed = false;
    bool already_complete = false;
    std::vector<std::string> problems;  // "file:line: what" for the first skipped records
};

// Throws FileError ("file:line: ...") for a malformed record unless skip_malformed, and Cancelled
// after saving a resumable state when `cancel` fires.
PrepareReport prepare_dataset(const PrepareOptions& options, const Tokenizer& tokenizer,
                              const ProgressSink& progress = {}, const CancelToken& cancel = {});

}  // namespace ipt
