#include "ipt/text/bpe_trainer.h"

#include <algorithm>
#include <map>
#include <queue>
#include <set>

#include "hf/unicode_text.h"
#include "ipt/common/error.h"

namespace ipt {
namespace {

uint64_t pair_key(int32_t a, int32_t b) {
    return (uint64_t(uint32_t(a)) << 32) | uint32_t(b);
}

}  // namespace

TrainedBpe train_bpe(const std::unordered_map<std::string, int64_t>& word_counts,
                     const BpeTrainingOptions& o) {
    TrainedBpe out;
    // Units, numbered in sorted order so that the result does not depend on hash order.
    std::set<std::string> alphabet;
    std::vector<std::pair<std::string, int64_t>> sorted_words(word_counts.begin(), word_counts.end());
    std::sort(sorted_words.begin(), sorted_words.end());
    for (const auto& [word, count] : sorted_words)
        for (size_t at = 0; at < word.size();) {
            size_t length = 0;
            hf::decode_utf8(word.data(), word.size(), at, &length);
            alphabet.insert(word.substr(at, length));
            at += length;
        }
    out.alphabet.assign(alphabet.begin(), alphabet.end());
    std::vector<std::string> symbol(out.alphabet);
    std::unordered_map<std::string, int32_t> symbol_id;
    for (size_t i = 0; i < symbol.size(); ++i) symbol_id[symbol[i]] = int32_t(i);

    std::vector<std::vector<int32_t>> words;
    std::vector<int64_t> counts;
    for (const auto& [word, count] : sorted_words) {
        if (count <= 0 || word.empty()) continue;
        std::vector<int32_t> w;
        for (size_t at = 0; at < word.size();) {
            size_t length = 0;
            hf::decode_utf8(word.data(), word.size(), at, &length);
            w.push_back(symbol_id[word.substr(at, length)]);
            at += length;
        }
        words.push_back(std::move(w));
        counts.push_back(count);
    }

    std::unordered_map<uint64_t, int64_t> pair_count;
    std::unordered_map<uint64_t, std::set<size_t>> where;
    for (size_t w = 0; w < words.size(); ++w)
        for (size_t i = 0; i + 1 < words[w].size(); ++i) {
            const uint64_t k = pair_key(words[w][i], words[w][i + 1]);
            pair_count[k] += counts[w];
            where[k].insert(w);
        }
    // Most frequent first; among equals the pair whose (left, right) strings sort first. Entries go
    // stale as counts change and are checked when popped.
    struct Entry {
        int64_t count;
        uint64_t pair;
    };
    auto before = [&](const Entry& a, const Entry& b) {  // true: a pops after b
        if (a.count != b.count) return a.count < b.count;
        const int32_t al = int32_t(a.pair >> 32), ar = int32_t(a.pair & 0xFFFFFFFF);
        const int32_t bl = int32_t(b.pair >> 32), br = int32_t(b.pair & 0xFFFFFFFF);
        if (symbol[size_t(al)] != symbol[size_t(bl)]) return symbol[size_t(al)] > symbol[size_t(bl)];
        return symbol[size_t(ar)] > symbol[size_t(br)];
    };
    std::priority_queue<Entry, std::vector<Entry>, decltype(before)> queue(before);
    for (const auto& [k, c] : pair_count) queue.push({c, k});

    const int64_t target = std::max<int64_t>(o.vocab_size - int64_t(out.alphabet.size()), 0);
    while (int64_t(out.merges.size()) < target && !queue.empty()) {
        if (o.cancel) o.cancel->throw_if_cancelled();
        const Entry top = queue.top();
        queue.pop();
        auto current = pair_count.find(top.pair);
        if (current == pair_count.end() || current->second != top.count) {
            if (current != pair_count.end() && current->second > 0) queue.push({current->second, top.pair});
            continue;
        }
        if (top.count < o.min_frequency) break;
        const int32_t left = int32_t(top.pair >> 32), right = int32_t(top.pair & 0xFFFFFFFF);
        const std::string merged = symbol[size_t(left)] + symbol[size_t(right)];
        int32_t id;
        auto known = symbol_id.find(merged);
        if (known != symbol_id.end()) {
            id = known->second;
        } else {
            id = int32_t(symbol.size());
            symbol.push_back(merged);
            symbol_id[merged] = id;
        }
        out.merges.emplace_back(symbol[size_t(left)], symbol[size_t(right)]);
        out.pieces.push_back(merged);

        // Rewrite every word holding the pair, moving the counts of the pairs around each merge.
        std::set<size_t> holders = std::move(where[top.pair]);
        where.erase(top.pair);
        std::map<uint64_t, int64_t> changed;
        for (size_t w : holders) {
            std::vector<int32_t>& s = words[w];
            const int64_t c = counts[w];
            for (size_t i = 0; i + 1 < s.size(); ++i) changed[pair_key(s[i], s[i + 1])] -= c;
            std::vector<int32_t> next;
            next.reserve(s.size());
            for (size_t i = 0; i < s.size(); ++i) {
                if (i + 1 < s.size() && s[i] == left && s[i + 1] == right) {
                    next.push_back(id);
                    ++i;
                } else {
                    next.push_back(s[i]);
                }
            }
            s = std::move(next);
            for (size_t i = 0; i + 1 < s.size(); ++i) {
                const uint64_t k = pair_key(s[i], s[i + 1]);
                changed[k] += c;
                where[k].insert(w);
            }
        }
        for (const auto& [k, delta] : changed) {
            if (delta == 0) continue;
            int64_t& c = pair_count[k];
            c += delta;
            if (c > 0) queue.push({c, k});
        }
        pair_count.erase(top.pair);
        if (out.merges.size() % 256 == 0)
            report(o.progress, "training the auxiliary BPE tokenizer", int64_t(out.merges.size()), target);
    }
    return out;
}

}  // namespace ipt
