#pragma once
// What a browser asks of a pairs index: which rows match a filter, histograms of pairs per text and of
// pair lengths, full-text search, token counts with a real tokenizer, and export of chosen rows. All of
// it works from the index's summary columns or scans the mapped file, never the GUI's data.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ipt/data/pairs_index.h"

namespace ipt {

class Tokenizer;

// Which records a browser shows. Every criterion must hold.
struct PairsFilter {
    uint32_t methods = ~0u;   // bit (1 << PairsMethod)
    uint32_t statuses = ~0u;  // bit (1 << PairsStatus)
    uint32_t min_pairs = 0, max_pairs = UINT32_MAX;
    uint32_t min_chars = 0, max_chars = UINT32_MAX;
    enum class Flag { Any, Flagged, Unflagged } flag = Flag::Any;
    // When on: at least one pair has a length (words, or `pair_tokens` when given) in the range.
    bool pair_length_on = false;
    uint32_t min_pair_length = 0, max_pair_length = UINT32_MAX;
    const std::vector<uint32_t>* pair_tokens = nullptr;  // per pair, replaces the word counts
    // When given: only rows with hits[row] != 0 (rows past its end count as no hit).
    const std::vector<uint8_t>* hits = nullptr;

    bool matches(const PairsIndex& index, size_t row) const;
};

// The rows in [begin, end) that match, in order.
std::vector<uint32_t> select_pairs_rows(const PairsIndex& index, const PairsFilter& filter, size_t begin,
                                        size_t end);

// Bin k counts values in [k * width, (k + 1) * width); the bins reach the largest value.
struct PairsHistogram {
    uint32_t width = 1;
    std::vector<uint64_t> counts;
};
// Exact counts by value, added to `by_value` (grown as needed) for the rows [begin, end): so that a
// histogram of a growing index costs only the new rows. Pairs per well-formed record; pair lengths
// (words, or `pair_tokens` when given) of every pair of those rows.
void count_pairs_per_text(const PairsIndex& index, size_t begin, size_t end, std::vector<uint64_t>& by_value);
void count_pair_lengths(const PairsIndex& index, size_t begin, size_t end,
                        const std::vector<uint32_t>* pair_tokens, std::vector<uint64_t>& by_value);
// Counts by value in at most `max_bins` bins of equal width, up to the largest value counted.
PairsHistogram bin_value_counts(const std::vector<uint64_t>& by_value, size_t max_bins);

// Pairs per record over the rows [0, rows) that are not malformed, in at most `max_bins` bins.
PairsHistogram histogram_pairs_per_text(const PairsIndex& index, size_t rows, size_t max_bins);
// Length of each pair (words, or `pair_tokens` when given) over the pairs of rows [0, rows).
PairsHistogram histogram_pair_lengths(const PairsIndex& index, size_t rows, size_t max_bins,
                                      const std::vector<uint32_t>* pair_tokens = nullptr);

// Full-text search over rows [0, rows): hits[row] = 1 when the id, the text, a question or an answer
// contains `query` (ASCII letters compared case-insensitively, everything else exactly). Progress in
// rows; throws Cancelled.
std::vector<uint8_t> search_pairs(const PairsIndex& index, size_t rows, const std::string& query,
                                  const ProgressSink& progress, const CancelToken& cancel);

// Tokens of each pair's question plus answer (no BOS/EOS), for the first `rows` records in pair order:
// tokens[p] belongs to pair p of the index's pair columns.
struct PairTokenCounts {
    size_t rows = 0;               // records counted so far (whole records only)
    std::vector<uint32_t> tokens;  // per pair of those records
};
struct PairTokenOptions {
    int threads = 0;           // 0 = every hardware thread
    size_t batch_rows = 4096;  // records parsed and encoded per batch; a cancel waits for one batch
};
// Counts the records [counts.rows, rows) into `counts`, batch by batch, with the records parsed and
// their texts encoded through Tokenizer::encode_batch() on `threads` threads (what `ipt data prepare`
// does). Throws Cancelled between batches; `counts` then holds every batch finished, and calling again
// with it resumes there. Progress in records.
void count_pair_tokens(const PairsIndex& index, size_t rows, const Tokenizer& tokenizer,
                       PairTokenCounts& counts, const PairTokenOptions& options, const ProgressSink& progress,
                       const CancelToken& cancel);
// The same from the start, in one call.
std::vector<uint32_t> count_pair_tokens(const PairsIndex& index, size_t rows, const Tokenizer& tokenizer,
                                        const ProgressSink& progress, const CancelToken& cancel);

// Writes the lines of `rows` (in that order, malformed lines left out) to `path` atomically. Returns the
// number of lines written.
size_t export_pairs_rows(const PairsIndex& index, const std::vector<uint32_t>& rows, const std::string& path,
                         const ProgressSink& progress, const CancelToken& cancel);

}  // namespace ipt
