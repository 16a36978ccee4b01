#pragma once
// An index over a pairs file (JSONL, one record per input text: id, text, pairs, method, status, ...):
// the byte offset and a few summary columns of every record, found in one pass over the memory-mapped
// file, so that a browser can filter, sort and draw histograms over millions of records without parsing
// them again, and parses any one record only when it is shown. Records become readable while the index
// is still being built, so the first rows can be shown at once.
//
// A line that is not valid JSON, or whose id/text/pairs have the wrong type, is a record too: a
// malformed one, shown with its line number and what is wrong, never an exception.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"
#include "ipt/data/pair_record.h"

namespace ipt {

class MappedFile;

enum class PairsMethod : uint8_t { Missing, Synthesizer, Rules, Other };
// The record's "status" field, plus MalformedLine for lines that are not a pairs record at all.
enum class PairsStatus : uint8_t { Ok, NoPairs, EmptyText, Truncated, MalformedInput, Other, MalformedLine };
constexpr int kPairsMethodCount = 4;
constexpr int kPairsStatusCount = 7;

const char* pairs_method_name(PairsMethod method);  // "synthesizer", "rules", "other", "" (missing)
const char* pairs_status_name(PairsStatus status);  // "ok", ..., "malformed"

class PairsIndex {
  public:
    // What the index keeps per record. Spans are byte ranges of the line, relative to `offset`: for a
    // string value, the bytes between the quotes, still JSON-escaped.
    struct Summary {
        uint64_t offset = 0;  // of the line's first byte in the file
        uint32_t length = 0;  // bytes, without the line end
        uint32_t line = 0;    // 1-based line number in the file
        uint32_t id_begin = 0, id_size = 0;
        uint32_t text_begin = 0, text_size = 0;
        uint32_t text_chars = 0;  // characters (code points) of the decoded text
        uint32_t first_pair = 0;  // position of this record's first pair in the pair columns
        uint32_t pairs = 0;
        PairsMethod method = PairsMethod::Missing;
        PairsStatus status = PairsStatus::Ok;
        bool id_is_string = false;  // the id was a JSON string (else a number, or absent when id_size is 0)
        bool flagged = false;

        bool malformed() const { return status == PairsStatus::MalformedLine; }
        bool has_id() const { return id_size > 0; }
    };

    using Pair = ipt::Pair;  // the contract's one pair type (pair_record.h)

    // One record, read by the contract's lenient reader (pair_record.h). For a malformed line only
    // `problem` is set.
    using Record = LenientPairRecord;

    struct BuildOptions {
        ProgressSink progress;  // bytes of the file read so far
        // Called on the building thread, at most every few tens of milliseconds, with the number of
        // records readable so far (and once more at the end).
        std::function<void(size_t records)> on_records;
        // Records whose id is in here start flagged (the flags file beside the pairs file).
        std::set<std::string> flagged;
    };

    // Maps the file; builds nothing yet. Throws FileError naming the file.
    static std::shared_ptr<PairsIndex> open(const std::string& path);
    ~PairsIndex();
    PairsIndex(const PairsIndex&) = delete;
    PairsIndex& operator=(const PairsIndex&) = delete;

    // Reads the whole file once, on the calling thread (a job's). Other threads may read records below
    // size() meanwhile. Throws Cancelled (the rows indexed so far stay readable). Call once.
    void build(const BuildOptions& options, const CancelToken& cancel);

    const std::string& path() const;
    uint64_t file_size() const;
    size_t size() const;  // records readable now
    bool complete() const;
    // Pairs of the readable records (the pair columns' length).
    size_t pair_count() const;

    const Summary& summary(size_t row) const;
    std::string_view line(size_t row) const;  // the raw bytes of the line
    std::string id(size_t row) const;         // decoded; empty when the record has none
    // The first `max_chars` characters of the text, decoded, newlines as spaces.
    std::string text_preview(size_t row, size_t max_chars) const;
    // Whitespace-separated words of a pair's question plus its answer (pair = first_pair + k).
    uint32_t pair_words(size_t pair) const;
    // Parses one record with a full JSON parser.
    Record record(size_t row) const;
    // For a malformed line: what is wrong and where ("column 17: expected ':'"); empty otherwise.
    std::string problem(size_t row) const;

    // Flags are the reader's: only one thread (the one that shows the rows) may call this.
    void set_flagged(size_t row, bool flagged);
    // Drops the mapped pages of the byte range [begin, end) from this process's memory; the next access
    // reads them from the page cache again. Scans over files larger than memory call it behind them.
    void release_file_pages(uint64_t begin, uint64_t end) const;

  private:
    PairsIndex();
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace ipt
