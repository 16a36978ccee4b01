#include "bpe_model.h"

#include <algorithm>
#include <atomic>
#include <climits>
#include <queue>

#include "unicode_text.h"

namespace ipt::hf {
namespace {

std::atomic<uint64_t> next_instance{1};

// Encoded pieces per thread and model: text repeats words, and merging is the costly step. Bounded:
// a cache that fills up is emptied, and at most a few models keep one on a thread.
struct WordCache {
    std::unordered_map<std::string, std::vector<int32_t>> words;
};
constexpr size_t kCacheWords = 1 << 15;
constexpr size_t kCachePieceBytes = 256;
constexpr size_t kCachedModels = 8;

WordCache& word_cache(uint64_t instance) {
    thread_local std::unordered_map<uint64_t, WordCache> caches;
    thread_local uint64_t last_instance = 0;
    thread_local WordCache* last = nullptr;
    if (last && last_instance == instance) return *last;
    if (caches.size() >= kCachedModels && !caches.count(instance)) caches.clear();
    last = &caches[instance];
    last_instance = instance;
    return *last;
}

std::string fallback_name(unsigned char b) {
    static const char* hex = "0123456789ABCDEF";
    return std::string("<0x") + hex[b >> 4] + hex[b & 15] + ">";
}

// Linear scans beat a heap for the short pieces text is mostly made of.
constexpr size_t kLinearMergeLimit = 256;

}  // namespace

void BpeModel::MergeTable::reserve(size_t n) {
    size_t capacity = 16;
    while (capacity < n * 2) capacity <<= 1;
    keys_.assign(capacity, ~uint64_t(0));
    values_.assign(capacity, Merge{});
    mask_ = capacity - 1;
}

void BpeModel::MergeTable::insert(int32_t left, int32_t right, Merge merge) {
    const uint64_t k = key(left, right);
    size_t slot = (k * 0x9E3779B97F4A7C15ull) >> 20 & mask_;
    while (keys_[slot] != ~uint64_t(0) && keys_[slot] != k) slot = (slot + 1) & mask_;
    keys_[slot] = k;
    values_[slot] = merge;  // a pair listed twice keeps its last rank, as the library's map does
}

const BpeModel::Merge* BpeModel::MergeTable::find(int32_t left, int32_t right) const {
    if (keys_.empty()) return nullptr;
    const uint64_t k = key(left, right);
    size_t slot = (k * 0x9E3779B97F4A7C15ull) >> 20 & mask_;
    while (true) {
        const uint64_t here = keys_[slot];
        if (here == k) return &values_[slot];
        if (here == ~uint64_t(0)) return nullptr;
        slot = (slot + 1) & mask_;
    }
}

BpeModel::BpeModel(const json& model, bool byte_level, const JsonPlace& place)
    : byte_level_(byte_level), instance_(next_instance++) {
    if (!model.is_object()) place.fail("expected the model object");
    const std::string type = model.contains("type") ? json_string(model, "type", place) : "BPE";
    if (type != "BPE")
        place.at("type").fail("model '" + type +
                              "' is not supported (BPE; Unigram, WordPiece and WordLevel "
                              "models are not)");
    if (model.contains("dropout") && !model["dropout"].is_null()) {
        if (!model["dropout"].is_number()) place.at("dropout").fail("expected a number or null");
        if (model["dropout"].get<double>() > 0)
            place.at("dropout").fail("BPE dropout (random merges) is not supported for encoding");
    }
    for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"})
        if (model.contains(key) && model[key].is_string() && !model[key].get<std::string>().empty())
            place.at(key).fail("is not supported (byte-level and Metaspace BPE do not use it)");
    byte_fallback_ = json_bool(model, "byte_fallback", false, place);
    ignore_merges_ = json_bool(model, "ignore_merges", false, place);
    fuse_unk_ = json_bool(model, "fuse_unk", false, place);

    const JsonPlace vocab_place = place.at("vocab");
    auto vocab = model.find("vocab");
    if (vocab == model.end() || !vocab->is_object()) vocab_place.fail("expected an object of token: id");
    // Ids run from 0 to about the number of entries; the slack leaves room for added tokens that take
    // ids inside the range. An id far beyond it would size the id table by the file's word alone.
    const int64_t id_limit = int64_t(vocab->size()) + 65536;
    int64_t highest = -1;
    for (auto it = vocab->begin(); it != vocab->end(); ++it) {
        if (!it.value().is_number_integer() || it.value().get<int64_t>() < 0)
            vocab_place.at(it.key()).fail("expected a non-negative token id, got " + it.value().dump());
        if (it.value().get<int64_t>() >= id_limit)
            vocab_place.at(it.key()).fail("token id " + it.value().dump() +
                                          " is far beyond the vocabulary's " + std::to_string(vocab->size()) +
                                          " entries");
        highest = std::max<int64_t>(highest, it.value().get<int64_t>());
    }
    tokens_.assign(size_t(highest + 1), std::string());
    by_token_.reserve(vocab->size());
    for (auto it = vocab->begin(); it != vocab->end(); ++it) {
        const auto id = static_cast<int32_t>(it.value().get<int64_t>());
        tokens_[size_t(id)] = it.key();
        by_token_[it.key()] = id;
    }
    if (byte_level_) {
        by_unit_.reserve(by_token_.size());
        byte_unit_.assign(256, -1);
        std::string bytes;
        for (const auto& [token, id] : by_token_)
            if (byte_level_bytes(token, &bytes)) {
                by_unit_[bytes] = id;
                if (bytes.size() == 1) byte_unit_[static_cast<unsigned char>(bytes[0])] = id;
            }
    }
    fallback_byte_.assign(256, -1);
    is_fallback_byte_.assign(tokens_.size(), 0);
    for (int b = 0; b < 256; ++b) {
        fallback_byte_[size_t(b)] = find(fallback_name(static_cast<unsigned char>(b)));
        if (fallback_byte_[size_t(b)] >= 0) is_fallback_byte_[size_t(fallback_byte_[size_t(b)])] = 1;
    }

    if (model.contains("unk_token") && !model["unk_token"].is_null()) {
        const std::string unk = json_string(model, "unk_token", place);
        unk_id_ = find(unk);
        if (unk_id_ < 0) place.at("unk_token").fail("'" + unk + "' is not in the vocabulary");
    }

    const JsonPlace merges_place = place.at("merges");
    auto merges = model.find("merges");
    if (merges == model.end() || !merges->is_array()) merges_place.fail("expected an array of merges");
    merges_.reserve(merges->size());
    for (size_t i = 0; i < merges->size(); ++i) {
        const json& m = (*merges)[i];
        std::string left, right;
        if (m.is_string()) {
            // The older layout: "left right", split at the one space.
            const std::string s = m.get<std::string>();
            const size_t space = s.find(' ');
            if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos)
                merges_place.at(i).fail("expected \"left right\", got \"" + s + "\"");
            left = s.substr(0, space);
            right = s.substr(space + 1);
        } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
            left = m[0].get<std::string>();
            right = m[1].get<std::string>();
        } else {
            merges_place.at(i).fail("expected [\"left\", \"right\"], got " + m.dump());
        }
        const int32_t l = find(left), r = find(right), merged = find(left + right);
        if (l < 0 || r < 0 || merged < 0)
            merges_place.at(i).fail("merge token '" +
                                    (l < 0   ? left
                                     : r < 0 ? right
                                             : left + right) +
                                    "' is not in the vocabulary");
        merges_.insert(l, r, Merge{static_cast<int32_t>(i), merged});
    }
}

int32_t BpeModel::find(const std::string& token) const {
    auto it = by_token_.find(token);
    return it == by_token_.end() ? -1 : it->second;
}

bool BpeModel::is_byte(int32_t id) const {
    return byte_fallback_ && id >= 0 && size_t(id) < is_fallback_byte_.size() &&
           is_fallback_byte_[size_t(id)];
}

int32_t BpeModel::unit_id(std::string_view unit) const {
    if (byte_level_ && unit.size() == 1) return byte_unit_[static_cast<unsigned char>(unit[0])];
    const auto& map = byte_level_ ? by_unit_ : by_token_;
    auto it = map.find(std::string(unit));
    return it == map.end() ? -1 : it->second;
}

void BpeModel::encode(std::string_view piece, std::vector<int32_t>* out) const {
    if (piece.empty()) return;
    if (ignore_merges_) {
        const int32_t whole = unit_id(piece);
        if (whole >= 0) {
            out->push_back(whole);
            return;
        }
    }
    if (piece.size() > kCachePieceBytes) {
        merge_word(piece, out);
        return;
    }
    WordCache& cache = word_cache(instance_);
    std::string key(piece);
    auto hit = cache.words.find(key);
    if (hit != cache.words.end()) {
        out->insert(out->end(), hit->second.begin(), hit->second.end());
        return;
    }
    std::vector<int32_t> ids;
    merge_word(piece, &ids);
    out->insert(out->end(), ids.begin(), ids.end());
    if (cache.words.size() >= kCacheWords) cache.words.clear();
    cache.words.emplace(std::move(key), std::move(ids));
}

void BpeModel::merge_word(std::string_view piece, std::vector<int32_t>* out) const {
    std::vector<int32_t> symbols;
    symbols.reserve(piece.size());
    // The unknown token waiting to be emitted, possibly fused over several characters (fuse_unk).
    bool unk_pending = false;
    for (size_t at = 0; at < piece.size();) {
        size_t length = 1;
        if (!byte_level_) decode_utf8(piece.data(), piece.size(), at, &length);
        const std::string_view unit = piece.substr(at, length);
        at += length;
        const int32_t id = unit_id(unit);
        if (id >= 0) {
            if (unk_pending) symbols.push_back(unk_id_);
            unk_pending = false;
            symbols.push_back(id);
            continue;
        }
        if (byte_fallback_) {
            // Under ByteLevel the library sees the byte's mapped character; fall back on its UTF-8.
            std::string bytes(unit);
            if (byte_level_) {
                bytes.clear();
                append_utf8(byte_to_char()[static_cast<unsigned char>(unit[0])], &bytes);
            }
            bool all = true;
            for (unsigned char b : bytes) all = all && fallback_byte_[b] >= 0;
            if (all) {
                // The library does not emit a waiting unknown token first; nor does this.
                for (unsigned char b : bytes) symbols.push_back(fallback_byte_[b]);
                continue;
            }
        }
        if (unk_id_ < 0) continue;  // no unknown token: the library drops the character
        if (unk_pending && !fuse_unk_) symbols.push_back(unk_id_);
        unk_pending = true;
    }
    if (unk_pending) symbols.push_back(unk_id_);
    if (symbols.size() > kLinearMergeLimit)
        merge_symbols_heap(&symbols);
    else
        merge_symbols(&symbols);
    out->insert(out->end(), symbols.begin(), symbols.end());
}

void BpeModel::merge_symbols(std::vector<int32_t>* symbols) const {
    std::vector<int32_t>& s = *symbols;
    if (s.size() < 2) return;
    // rank[i]: the rank of merging s[i] with s[i + 1] (INT32_MAX: no such merge), and its result.
    std::vector<int32_t> rank(s.size() - 1), result(s.size() - 1);
    auto look = [&](size_t i) {
        const Merge* m = merges_.find(s[i], s[i + 1]);
        rank[i] = m ? m->rank : INT32_MAX;
        result[i] = m ? m->id : -1;
    };
    for (size_t i = 0; i + 1 < s.size(); ++i) look(i);
    while (s.size() > 1) {
        size_t best = 0;
        for (size_t i = 1; i < rank.size(); ++i)
            if (rank[i] < rank[best]) best = i;
        if (rank[best] == INT32_MAX) break;
        s[best] = result[best];
        s.erase(s.begin() + long(best) + 1);
        rank.erase(rank.begin() + long(best));
        result.erase(result.begin() + long(best));
        if (best < rank.size()) look(best);
        if (best > 0) look(best - 1);
    }
}

// The library's algorithm (word.rs merge_all) for long pieces: a heap of candidate merges ordered by
// rank, then position, over a linked list of symbols.
void BpeModel::merge_symbols_heap(std::vector<int32_t>* symbols) const {
    struct Symbol {
        int32_t id;
        int64_t prev, next;
        bool alive;
    };
    struct Candidate {
        int32_t rank;
        size_t pos;
        int32_t id;
        bool operator<(const Candidate& o) const {  // std::priority_queue pops the largest
            return rank != o.rank ? rank > o.rank : pos > o.pos;
        }
    };
    std::vector<Symbol> sym(symbols->size());
    for (size_t i = 0; i < sym.size(); ++i)
        sym[i] = {(*symbols)[i], int64_t(i) - 1, i + 1 < sym.size() ? int64_t(i + 1) : -1, true};
    std::priority_queue<Candidate> queue;
    for (size_t i = 0; i + 1 < sym.size(); ++i)
        if (const Merge* m = merges_.find(sym[i].id, sym[i + 1].id)) queue.push({m->rank, i, m->id});
    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Symbol& left = sym[top.pos];
        if (!left.alive || left.next < 0) continue;
        const size_t right_pos = size_t(left.next);
        const Merge* now = merges_.find(left.id, sym[right_pos].id);
        if (!now || now->id != top.id) continue;  // stale: a neighbour changed since it was queued
        left.id = top.id;
        left.next = sym[right_pos].next;
        sym[right_pos].alive = false;
        if (left.next >= 0) sym[size_t(left.next)].prev = int64_t(top.pos);
        if (left.prev >= 0)
            if (const Merge* m = merges_.find(sym[size_t(left.prev)].id, left.id))
                queue.push({m->rank, size_t(left.prev), m->id});
        if (left.next >= 0)
            if (const Merge* m = merges_.find(left.id, sym[size_t(left.next)].id))
                queue.push({m->rank, top.pos, m->id});
    }
    symbols->clear();
    for (const Symbol& s : sym)
        if (s.alive) symbols->push_back(s.id);
}

}  // namespace ipt::hf
