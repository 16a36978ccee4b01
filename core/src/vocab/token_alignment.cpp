#include "ipt/vocab/token_alignment.h"

#include <ATen/ATen.h>

#include <atomic>

#include "ipt/common/error.h"
#include "ipt/common/parallel.h"
#include "ipt/vocab/embedding_initializer.h"

namespace ipt {

std::vector<int32_t> piece_lengths(const Tokenizer& tokenizer) {
    static const std::string marker = "\xE2\x96\x81";
    std::vector<int32_t> lengths(static_cast<size_t>(tokenizer.vocab_size()), 0);
    for (int32_t id = 0; id < tokenizer.vocab_size(); ++id) {
        if (tokenizer.is_control(id)) continue;
        if (tokenizer.is_byte(id)) {
            lengths[size_t(id)] = 1;
            continue;
        }
        const std::string p = tokenizer.piece(id);
        int32_t n = 0;
        for (size_t i = 0; i < p.size();) {
            i += p.compare(i, marker.size(), marker) == 0 ? marker.size() : 1;
            ++n;
        }
        lengths[size_t(id)] = n;
    }
    return lengths;
}

std::vector<TokenSpan> token_spans(const TokenIds& ids, const std::vector<int32_t>& lengths) {
    std::vector<TokenSpan> spans;
    spans.reserve(ids.size());
    int64_t at = 0;
    for (int32_t id : ids) {
        const int64_t n = id >= 0 && size_t(id) < lengths.size() ? lengths[size_t(id)] : 0;
        spans.push_back({id, at, at + n});
        at += n;
    }
    return spans;
}

void count_alignments(const std::vector<TokenSpan>& target, const std::vector<TokenSpan>& source,
                      int32_t first_new, AlignmentCounts* counts) {
    size_t j = 0;  // first source span that may still overlap
    TokenIds tuple;
    for (const TokenSpan& t : target) {
        if (t.id < first_new || t.id - first_new >= static_cast<int32_t>(counts->size())) continue;
        while (j < source.size() && source[j].end <= t.begin) ++j;
        tuple.clear();
        for (size_t s = j; s < source.size() && source[s].begin < t.end; ++s) {
            const TokenSpan& u = source[s];
            if (u.begin == u.end) continue;
            const bool contains = u.begin <= t.begin && u.end >= t.end;
            const bool inside = u.begin >= t.begin && u.end <= t.end;
            if (contains || inside) tuple.push_back(u.id);
        }
        if (!tuple.empty()) ++(*counts)[size_t(t.id - first_new)][tuple];
    }
}

AlignmentCounts align_corpus(const std::vector<TokenIds>& target_ids, const Tokenizer& target,
                             const std::vector<TokenIds>& source_ids, const Tokenizer& source,
                             int32_t first_new, size_t new_count, int threads, const ProgressSink& progress,
                             const CancelToken* cancel) {
    if (target_ids.size() != source_ids.size())
        throw UsageError("alignment: the two tokenizations cover different numbers of texts");
    const auto target_lengths = piece_lengths(target), source_lengths = piece_lengths(source);
    const int workers = threads > 0 ? threads : hardware_threads();
    std::vector<AlignmentCounts> partial(static_cast<size_t>(workers), AlignmentCounts(new_count));
    constexpr size_t kBlock = 8192;
    const size_t total = target_ids.size();
    for (size_t block = 0; block < total; block += kBlock) {
        if (cancel) cancel->throw_if_cancelled();
        const size_t block_end = std::min(total, block + kBlock);
        std::atomic<int> next_worker{0};
        parallel_for(block_end - block, workers, [&](size_t begin, size_t end) {
            AlignmentCounts& mine = partial[size_t(next_worker++)];
            for (size_t i = block + begin; i < block + end; ++i)
                count_alignments(token_spans(target_ids[i], target_lengths),
                                 token_spans(source_ids[i], source_lengths), first_new, &mine);
        });
        report(progress, "aligning source and extended tokens", int64_t(block_end), int64_t(total));
    }
    AlignmentCounts counts(new_count);
    for (const auto& p : partial)
        for (size_t i = 0; i < new_count; ++i)
            for (const auto& [tuple, n] : p[i]) counts[i][tuple] += n;
    return counts;
}

at::Tensor align_rows(const at::Tensor& source, const AlignmentCounts& counts,
                      const std::vector<TokenIds>& fallback) {
    // Each tuple's mean, weighted by its count, is a weight per source id: the row is then one weighted
    // sum. Plain loops: thousands of tiny tensor ops would cost more in dispatch than the arithmetic.
    const at::Tensor table = source.to(at::kFloat).cpu().contiguous();
    const float* rows_in = table.data_ptr<float>();
    const int64_t d = table.size(1), vocab = table.size(0);
    at::Tensor out =
        at::zeros({static_cast<int64_t>(counts.size()), d}, at::TensorOptions().dtype(at::kFloat));
    float* rows_out = out.data_ptr<float>();
    std::map<int32_t, double> weights;
    for (size_t i = 0; i < counts.size(); ++i) {
        if (counts[i].empty()) {
            out[static_cast<int64_t>(i)].copy_(
                mean_of_rows(table, i < fallback.size() ? fallback[i] : TokenIds{}));
            continue;
        }
        weights.clear();
        int64_t total = 0;
        for (const auto& [tuple, n] : counts[i]) {
            for (int32_t id : tuple) weights[id] += double(n) / double(tuple.size());
            total += n;
        }
        std::vector<double> row(static_cast<size_t>(d), 0.0);
        for (const auto& [id, w] : weights) {
            if (id < 0 || id >= vocab)
                throw UsageError("alignment: source id " + std::to_string(id) + " out of range");
            const float* r = rows_in + int64_t(id) * d;
            for (int64_t j = 0; j < d; ++j) row[size_t(j)] += w * r[j];
        }
        for (int64_t j = 0; j < d; ++j) rows_out[int64_t(i) * d + j] = float(row[size_t(j)] / double(total));
    }
    return out;
}

}  // namespace ipt
