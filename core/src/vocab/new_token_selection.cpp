#include "ipt/vocab/new_token_selection.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "ipt/common/error.h"
#include "ipt/vocab/target_corpus.h"
#include "ipt/vocab/tokenizer_extension.h"

namespace ipt {
namespace {

std::vector<int64_t> count_new_ids(const std::vector<TokenIds>& corpus, int32_t first, size_t count) {
    std::vector<int64_t> frequency(count, 0);
    for (const auto& ids : corpus)
        for (int32_t id : ids)
            if (id >= first && id < first + static_cast<int32_t>(count)) ++frequency[size_t(id - first)];
    return frequency;
}

struct Round {
    SentencePieceModel extended;
    std::vector<TokenIds> ids;
    std::vector<int64_t> frequency;
};

Round tokenize_with(const SentencePieceModel& source, const std::vector<std::string>& pieces,
                    const std::vector<std::string>& corpus, const SelectionOptions& o, int round) {
    Round r{extend_tokenizer(source, pieces), {}, {}};
    auto tokenizer = load_extended_tokenizer(r.extended, "extended tokenizer");
    r.ids = tokenize_corpus(
        *tokenizer, corpus,
        "tokenizing the corpus with the extended tokenizer (round " + std::to_string(round) + ")", o.threads,
        o.progress, o.cancel);
    r.frequency = count_new_ids(r.ids, static_cast<int32_t>(source.size()), pieces.size());
    return r;
}

// A piece is needed when the tokenizer emits it, or when it is one half of a split of a needed new piece
// into two vocabulary pieces: SentencePiece's BPE only forms a piece from two adjacent pieces, so such
// a half may be an intermediate that never survives to the output.
std::vector<bool> needed_pieces(const std::vector<std::string>& pieces, const std::vector<int64_t>& frequency,
                                const std::unordered_set<std::string>& source_pieces) {
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 0; i < pieces.size(); ++i) index[pieces[i]] = i;
    auto in_vocabulary = [&](const std::string& p) { return source_pieces.count(p) || index.count(p); };
    std::vector<bool> needed(pieces.size(), false);
    std::vector<size_t> work;
    for (size_t i = 0; i < pieces.size(); ++i)
        if (frequency[i] > 0) {
            needed[i] = true;
            work.push_back(i);
        }
    while (!work.empty()) {
        const std::string& p = pieces[work.back()];
        work.pop_back();
        for (size_t cut = 1; cut < p.size(); ++cut) {
            if ((static_cast<unsigned char>(p[cut]) & 0xC0) == 0x80) continue;
            const std::string left = p.substr(0, cut), right = p.substr(cut);
            if (!in_vocabulary(left) || !in_vocabulary(right)) continue;
            for (const std::string* half : {&left, &right}) {
                auto it = index.find(*half);
                if (it != index.end() && !needed[it->second]) {
                    needed[it->second] = true;
                    work.push_back(it->second);
                }
            }
        }
    }
    return needed;
}

}  // namespace

std::vector<std::string> candidate_pieces(const SentencePieceModel& auxiliary,
                                          const SentencePieceModel& source) {
    std::unordered_set<std::string> known;
    for (size_t i = 0; i < source.size(); ++i) known.insert(source.piece(i).piece);
    std::vector<std::string> out;
    for (size_t i = 0; i < auxiliary.size(); ++i) {
        const ModelPiece& p = auxiliary.piece(i);
        if (p.type != PieceType::Normal && p.type != PieceType::UserDefined) continue;  // byte, control, unk
        if (known.count(p.piece)) continue;
        out.push_back(p.piece);
    }
    return out;
}

Selection select_new_tokens(const SentencePieceModel& source, const std::vector<std::string>& candidates,
                            const std::vector<std::string>& corpus, const SelectionOptions& o) {
    if (candidates.empty())
        throw UsageError(
            "no new pieces: every auxiliary piece is already in the source tokenizer "
            "(is the corpus in the source model's language?)");
    if (o.k <= 0) throw UsageError("the number of new tokens must be positive, got " + std::to_string(o.k));
    Selection s;
    s.candidates = static_cast<int64_t>(candidates.size());
    std::unordered_set<std::string> source_pieces;
    for (size_t i = 0; i < source.size(); ++i) source_pieces.insert(source.piece(i).piece);
    // Positions in candidate order, so the chosen pieces keep the auxiliary merge order.
    std::vector<size_t> chosen;
    size_t next = 0;
    while (next < candidates.size() && chosen.size() < size_t(o.k)) chosen.push_back(next++);
    bool final_pass = false;
    for (int round = 1;; ++round) {
        std::vector<std::string> pieces;
        for (size_t c : chosen) pieces.push_back(candidates[c]);
        Round r = tokenize_with(source, pieces, corpus, o, round);
        const std::vector<bool> needed = needed_pieces(pieces, r.frequency, source_pieces);
        std::vector<size_t> kept;
        for (size_t i = 0; i < chosen.size(); ++i)
            if (needed[i]) kept.push_back(chosen[i]);
        if (final_pass || kept.size() == chosen.size()) {
            s.pieces = std::move(pieces);
            s.frequency = std::move(r.frequency);
            s.extended = std::move(r.extended);
            s.corpus_ids = std::move(r.ids);
            return s;
        }
        if (round >= o.max_rounds || next >= candidates.size()) {
            // Out of rounds or candidates: the unused are dropped and the corpus tokenized once more.
            if (kept.empty())
                throw UsageError("none of the " + std::to_string(chosen.size()) +
                                 " new pieces is ever used when the corpus is tokenized with them");
            s.dropped += static_cast<int64_t>(chosen.size() - kept.size());
            final_pass = true;
        } else {
            while (next < candidates.size() && kept.size() < size_t(o.k)) {
                kept.push_back(next++);
                ++s.replaced;
            }
        }
        std::sort(kept.begin(), kept.end());
        chosen = std::move(kept);
    }
}

}  // namespace ipt
