#include "ipt/data/pairs_query.h"

#include <algorithm>
#include <array>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/parallel.h"
#include "ipt/text/tokenizer.h"
#include "pairs_line_scanner.h"

namespace ipt {
namespace {

constexpr size_t kRowsPerCheck = 4096;
constexpr uint64_t kReleaseEvery = 16 << 20;  // bytes searched between dropping pages behind the scan

uint32_t pair_length(const PairsIndex& index, size_t pair, const std::vector<uint32_t>* tokens) {
    if (tokens) return pair < tokens->size() ? (*tokens)[pair] : 0;
    return index.pair_words(pair);
}

PairsHistogram make_histogram(uint32_t max_value, size_t max_bins) {
    PairsHistogram h;
    max_bins = std::max<size_t>(max_bins, 1);
    const uint64_t values = uint64_t(max_value) + 1;
    h.width = static_cast<uint32_t>((values + max_bins - 1) / max_bins);
    h.counts.assign(static_cast<size_t>((values + h.width - 1) / h.width), 0);
    return h;
}

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

// Horspool search with ASCII case folding: the skip table is filled for both cases of each letter.
class CaseFoldSearcher {
  public:
    explicit CaseFoldSearcher(const std::string& needle) : needle_(needle) {
        for (char& c : needle_) c = ascii_lower(c);
        const size_t m = needle_.size();
        skip_.fill(m);
        for (size_t i = 0; i + 1 < m; ++i) {
            const unsigned char c = static_cast<unsigned char>(needle_[i]);
            skip_[c] = m - 1 - i;
            if (c >= 'a' && c <= 'z') skip_[c - 'a' + 'A'] = m - 1 - i;
        }
    }

    bool found_in(const char* begin, const char* end) const {
        const size_t m = needle_.size();
        if (m == 0) return true;
        const char last = needle_[m - 1];
        for (const char* p = begin; end - p >= ptrdiff_t(m);) {
            const char c = p[m - 1];
            if (ascii_lower(c) == last) {
                size_t i = 0;
                while (i + 1 < m && ascii_lower(p[i]) == needle_[i]) ++i;
                if (i + 1 >= m) return true;
            }
            p += skip_[static_cast<unsigned char>(c)];
        }
        return false;
    }

  private:
    std::string needle_;
    std::array<size_t, 256> skip_{};
};

struct SearchContext {
    const CaseFoldSearcher* searcher;
    std::string scratch;
    bool hit = false;
};

void search_visitor(void* context, const char* begin, const char* end, bool escaped) {
    auto& c = *static_cast<SearchContext*>(context);
    if (c.hit) return;
    if (!escaped) {
        c.hit = c.searcher->found_in(begin, end);
        return;
    }
    c.scratch.clear();
    pairs_scan::decode_string(begin, end, c.scratch);
    c.hit = c.searcher->found_in(c.scratch.data(), c.scratch.data() + c.scratch.size());
}

}  // namespace

bool PairsFilter::matches(const PairsIndex& index, size_t row) const {
    const PairsIndex::Summary& s = index.summary(row);
    if (!(methods & (1u << unsigned(s.method)))) return false;
    if (!(statuses & (1u << unsigned(s.status)))) return false;
    // A malformed line has no pairs and no text to count: a range on either leaves it out (it is not
    // a record with 0 pairs), and only the unbounded ranges let it through.
    if (s.malformed() && (min_pairs > 0 || max_pairs < UINT32_MAX || min_chars > 0 || max_chars < UINT32_MAX))
        return false;
    if (s.pairs < min_pairs || s.pairs > max_pairs) return false;
    if (s.text_chars < min_chars || s.text_chars > max_chars) return false;
    if (flag == Flag::Flagged && !s.flagged) return false;
    if (flag == Flag::Unflagged && s.flagged) return false;
    if (hits && (row >= hits->size() || !(*hits)[row])) return false;
    if (pair_length_on) {
        bool any = false;
        for (uint32_t k = 0; k < s.pairs && !any; ++k) {
            const uint32_t length = pair_length(index, size_t(s.first_pair) + k, pair_tokens);
            any = length >= min_pair_length && length <= max_pair_length;
        }
        if (!any) return false;
    }
    return true;
}

std::vector<uint32_t> select_pairs_rows(const PairsIndex& index, const PairsFilter& filter, size_t begin,
                                        size_t end) {
    std::vector<uint32_t> rows;
    end = std::min(end, index.size());
    for (size_t row = begin; row < end; ++row)
        if (filter.matches(index, row)) rows.push_back(static_cast<uint32_t>(row));
    return rows;
}

void count_pairs_per_text(const PairsIndex& index, size_t begin, size_t end,
                          std::vector<uint64_t>& by_value) {
    end = std::min(end, index.size());
    for (size_t row = begin; row < end; ++row) {
        const PairsIndex::Summary& s = index.summary(row);
        if (s.malformed()) continue;
        if (s.pairs >= by_value.size()) by_value.resize(size_t(s.pairs) + 1, 0);
        ++by_value[s.pairs];
    }
}

void count_pair_lengths(const PairsIndex& index, size_t begin, size_t end,
                        const std::vector<uint32_t>* pair_tokens, std::vector<uint64_t>& by_value) {
    end = std::min(end, index.size());
    if (begin >= end) return;
    const size_t first = index.summary(begin).first_pair;
    const PairsIndex::Summary& last = index.summary(end - 1);
    const size_t stop = size_t(last.first_pair) + last.pairs;
    for (size_t p = first; p < stop; ++p) {
        const uint32_t length = pair_length(index, p, pair_tokens);
        if (length >= by_value.size()) by_value.resize(size_t(length) + 1, 0);
        ++by_value[length];
    }
}

PairsHistogram bin_value_counts(const std::vector<uint64_t>& by_value, size_t max_bins) {
    size_t values = by_value.size();
    while (values > 1 && by_value[values - 1] == 0) --values;
    PairsHistogram h = make_histogram(uint32_t(values == 0 ? 0 : values - 1), max_bins);
    for (size_t value = 0; value < values; ++value) h.counts[value / h.width] += by_value[value];
    return h;
}

PairsHistogram histogram_pairs_per_text(const PairsIndex& index, size_t rows, size_t max_bins) {
    std::vector<uint64_t> by_value;
    count_pairs_per_text(index, 0, rows, by_value);
    return bin_value_counts(by_value, max_bins);
}

PairsHistogram histogram_pair_lengths(const PairsIndex& index, size_t rows, size_t max_bins,
                                      const std::vector<uint32_t>* pair_tokens) {
    std::vector<uint64_t> by_value;
    count_pair_lengths(index, 0, rows, pair_tokens, by_value);
    return bin_value_counts(by_value, max_bins);
}

std::vector<uint8_t> search_pairs(const PairsIndex& index, size_t rows, const std::string& query,
                                  const ProgressSink& progress, const CancelToken& cancel) {
    rows = std::min(rows, index.size());
    std::vector<uint8_t> hits(rows, 0);
    const CaseFoldSearcher searcher(query);
    SearchContext context{&searcher, {}, false};
    pairs_scan::ScanOptions options;
    options.measure = false;
    options.visit = &search_visitor;
    options.context = &context;
    pairs_scan::LineFacts facts;
    uint64_t released = 0;
    for (size_t row = 0; row < rows; ++row) {
        const std::string_view line = index.line(row);
        if (index.summary(row).malformed()) {
            hits[row] = searcher.found_in(line.data(), line.data() + line.size());
        } else {
            context.hit = false;
            pairs_scan::scan_line(line.data(), line.data() + line.size(), options, facts);
            hits[row] = context.hit;
        }
        if ((row + 1) % kRowsPerCheck == 0) {
            cancel.throw_if_cancelled();
            report(progress, "searching", int64_t(row + 1), int64_t(rows));
            const uint64_t offset = index.summary(row).offset;
            if (offset - released >= kReleaseEvery) {
                index.release_file_pages(released, offset);
                released = offset;
            }
        }
    }
    report(progress, "searching", int64_t(rows), int64_t(rows));
    return hits;
}

void count_pair_tokens(const PairsIndex& index, size_t rows, const Tokenizer& tokenizer,
                       PairTokenCounts& counts, const PairTokenOptions& options, const ProgressSink& progress,
                       const CancelToken& cancel) {
    rows = std::min(rows, index.size());
    const int threads = options.threads > 0 ? options.threads : hardware_threads();
    const size_t batch_rows = std::max<size_t>(options.batch_rows, 1);
    if (counts.rows > rows) throw UsageError("token counts cover more rows than the index has");
    // Resuming: the counts so far must end where the index's pair columns say those rows end.
    const size_t expected_pairs = counts.rows == 0 ? 0
                                                   : size_t(index.summary(counts.rows - 1).first_pair) +
                                                         index.summary(counts.rows - 1).pairs;
    if (counts.tokens.size() != expected_pairs)
        throw UsageError("token counts do not match the pairs of the rows they cover");
    std::vector<std::string> texts;
    std::vector<PairsIndex::Record> records;
    while (counts.rows < rows) {
        const size_t begin = counts.rows, end = std::min(rows, begin + batch_rows);
        // Parsing the records is as costly as tokenizing them: both are spread over the threads.
        records.assign(end - begin, PairsIndex::Record{});
        parallel_for(end - begin, threads, [&](size_t b, size_t e) {
            for (size_t i = b; i < e; ++i)
                if (index.summary(begin + i).pairs > 0) records[i] = index.record(begin + i);
        });
        // Question and answer of every pair, in pair order; a pair the parser did not return (the
        // index saw more than the full parser) counts 0 tokens, as an empty question and answer.
        texts.clear();
        for (size_t i = 0; i < records.size(); ++i) {
            const uint32_t pairs = index.summary(begin + i).pairs;
            for (uint32_t k = 0; k < pairs; ++k) {
                const bool parsed = k < records[i].pairs.size();
                texts.push_back(parsed ? std::move(records[i].pairs[k].question) : std::string());
                texts.push_back(parsed ? std::move(records[i].pairs[k].answer) : std::string());
            }
        }
        cancel.throw_if_cancelled();
        const std::vector<TokenIds> encoded = tokenizer.encode_batch(texts, EncodeOptions{}, threads);
        for (size_t t = 0; t + 1 < encoded.size(); t += 2)
            counts.tokens.push_back(static_cast<uint32_t>(encoded[t].size() + encoded[t + 1].size()));
        counts.rows = end;  // committed only with the whole batch, so a cancel leaves whole rows
        report(progress, "counting tokens", int64_t(end), int64_t(rows));
        cancel.throw_if_cancelled();
    }
    report(progress, "counting tokens", int64_t(rows), int64_t(rows));
}

std::vector<uint32_t> count_pair_tokens(const PairsIndex& index, size_t rows, const Tokenizer& tokenizer,
                                        const ProgressSink& progress, const CancelToken& cancel) {
    PairTokenCounts counts;
    count_pair_tokens(index, rows, tokenizer, counts, PairTokenOptions{}, progress, cancel);
    return std::move(counts.tokens);
}

size_t export_pairs_rows(const PairsIndex& index, const std::vector<uint32_t>& rows, const std::string& path,
                         const ProgressSink& progress, const CancelToken& cancel) {
    AtomicFile out(path);
    size_t written = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        const size_t row = rows[i];
        if (row >= index.size()) throw UsageError("export: row " + std::to_string(row) + " is not indexed");
        if (!index.summary(row).malformed()) {
            const std::string_view line = index.line(row);
            out.write(line.data(), line.size());
            out.write("\n", 1);
            ++written;
        }
        if ((i + 1) % kRowsPerCheck == 0) {
            cancel.throw_if_cancelled();
            report(progress, "exporting", int64_t(i + 1), int64_t(rows.size()));
        }
    }
    out.commit();
    report(progress, "exporting", int64_t(rows.size()), int64_t(rows.size()));
    return written;
}

}  // namespace ipt
