#include "ipt/data/pairs_query.h"

#include <algorithm>
#include <array>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
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

std::vector<uint32_t> count_pair_tokens(const PairsIndex& index, size_t rows, const Tokenizer& tokenizer,
                                        const ProgressSink& progress, const CancelToken& cancel) {
    rows = std::min(rows, index.size());
    std::vector<uint32_t> tokens;
    for (size_t row = 0; row < rows; ++row) {
        const PairsIndex::Summary& s = index.summary(row);
        if (s.pairs > 0) {
            const PairsIndex::Record record = index.record(row);
            for (uint32_t k = 0; k < s.pairs; ++k) {
                size_t n = 0;
                if (k < record.pairs.size())
                    n = tokenizer.encode(record.pairs[k].question).size() +
                        tokenizer.encode(record.pairs[k].answer).size();
                tokens.push_back(static_cast<uint32_t>(n));
            }
        }
        if ((row + 1) % 256 == 0) {
            cancel.throw_if_cancelled();
            report(progress, "counting tokens", int64_t(row + 1), int64_t(rows));
        }
    }
    report(progress, "counting tokens", int64_t(rows), int64_t(rows));
    return tokens;
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
