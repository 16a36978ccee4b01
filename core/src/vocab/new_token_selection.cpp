#include "ipt/vocab/new_token_selection.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <functional>

#include "ipt/common/error.h"
#include "ipt/text/bpe_trainer.h"
#include "ipt/text/tokenizer_json_extension.h"
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

// One extension of the source by a list of pieces: the tokenizer, and the pieces it really added (a
// tokenizer.json extension skips pieces no single merge forms).
struct Extension {
    std::shared_ptr<const Tokenizer> tokenizer;
    std::vector<std::string> added;
    SentencePieceModel model;  // SentencePiece sources
    std::string json;          // tokenizer.json sources
};
using Extend = std::function<Extension(const std::vector<std::string>&)>;

struct Round {
    Extension extension;
    std::vector<TokenIds> ids;
    std::vector<int64_t> frequency;
};

Round tokenize_with(const Extend& extend, int32_t first_new, const std::vector<std::string>& pieces,
                    const std::vector<std::string>& corpus, const SelectionOptions& o, int round) {
    Round r{extend(pieces), {}, {}};
    r.ids = tokenize_corpus(
        *r.extension.tokenizer, corpus,
        "tokenizing the corpus with the extended tokenizer (round " + std::to_string(round) + ")", o.threads,
        o.progress, o.cancel);
    r.frequency = count_new_ids(r.ids, first_new, r.extension.added.size());
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

namespace {

Selection run_selection(const std::unordered_set<std::string>& source_pieces, int32_t first_new,
                        const Extend& extend, const std::vector<std::string>& candidates,
                        const std::vector<std::string>& corpus, const SelectionOptions& o) {
    if (candidates.empty())
        throw UsageError(
            "no new pieces: every auxiliary piece is already in the source tokenizer "
            "(is the corpus in the source model's language?)");
    if (o.k <= 0) throw UsageError("the number of new tokens must be positive, got " + std::to_string(o.k));
    Selection s;
    s.candidates = static_cast<int64_t>(candidates.size());
    // Positions in candidate order, so the chosen pieces keep the auxiliary merge order.
    std::vector<size_t> chosen;
    size_t next = 0;
    while (next < candidates.size() && chosen.size() < size_t(o.k)) chosen.push_back(next++);
    bool final_pass = false;
    for (int round = 1;; ++round) {
        std::vector<std::string> pieces;
        for (size_t c : chosen) pieces.push_back(candidates[c]);
        Round r = tokenize_with(extend, first_new, pieces, corpus, o, round);
        const std::vector<bool> needed = needed_pieces(r.extension.added, r.frequency, source_pieces);
        // Candidates the extension could not add count as unused.
        std::unordered_map<std::string, size_t> added_at;
        for (size_t i = 0; i < r.extension.added.size(); ++i) added_at[r.extension.added[i]] = i;
        std::vector<size_t> kept;
        for (size_t c : chosen) {
            auto it = added_at.find(candidates[c]);
            if (it == added_at.end())
                ++s.unreachable;
            else if (needed[it->second])
                kept.push_back(c);
        }
        if (final_pass || kept.size() == chosen.size()) {
            s.pieces = std::move(r.extension.added);
            s.frequency = std::move(r.frequency);
            s.extended = std::move(r.extension.model);
            s.extended_json = std::move(r.extension.json);
            s.tokenizer = std::move(r.extension.tokenizer);
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

}  // namespace

Selection select_new_tokens(const SentencePieceModel& source, const std::vector<std::string>& candidates,
                            const std::vector<std::string>& corpus, const SelectionOptions& o) {
    std::unordered_set<std::string> source_pieces;
    for (size_t i = 0; i < source.size(); ++i) source_pieces.insert(source.piece(i).piece);
    Extend extend = [&](const std::vector<std::string>& pieces) {
        Extension e;
        e.model = extend_tokenizer(source, pieces);
        e.tokenizer = load_extended_tokenizer(e.model, "extended tokenizer");
        e.added = pieces;
        return e;
    };
    Selection s =
        run_selection(source_pieces, static_cast<int32_t>(source.size()), extend, candidates, corpus, o);
    s.unreachable = 0;
    return s;
}

Selection select_new_tokens(const HfTokenizer& source, const std::vector<std::string>& candidates,
                            const std::vector<std::string>& corpus, const SelectionOptions& o) {
    std::unordered_set<std::string> source_pieces;
    for (int32_t id = 0; id < source.vocab_size(); ++id) source_pieces.insert(source.piece(id));
    Extend extend = [&](const std::vector<std::string>& pieces) {
        ExtendedTokenizerJson x = extend_tokenizer_json(source, pieces);
        Extension e;
        e.tokenizer = load_extended_tokenizer_json(source, x.json, "extended tokenizer.json");
        e.added = std::move(x.pieces);
        e.json = std::move(x.json);
        return e;
    };
    return run_selection(source_pieces, source.vocab_size(), extend, candidates, corpus, o);
}

AuxiliaryBpe train_auxiliary_bpe(const HfTokenizer& source, const std::vector<std::string>& corpus,
                                 int64_t vocab_size, const ProgressSink& progress,
                                 const CancelToken* cancel) {
    std::unordered_map<std::string, int64_t> words;
    report(progress, "splitting the corpus into words", 0, static_cast<int64_t>(corpus.size()));
    for (size_t i = 0; i < corpus.size(); ++i) {
        for (std::string& w : source.pre_tokenize(corpus[i])) ++words[std::move(w)];
        if (cancel && i % 4096 == 0) cancel->throw_if_cancelled();
    }
    BpeTrainingOptions options;
    options.vocab_size = vocab_size;
    options.progress = progress;
    options.cancel = cancel;
    const TrainedBpe trained = train_bpe(words, options);
    AuxiliaryBpe aux;
    aux.vocab_size = trained.vocab_size();
    aux.merged_pieces = static_cast<int64_t>(trained.pieces.size());
    for (const std::string& c : trained.alphabet) aux.merge_rank[c] = -1;
    std::unordered_set<std::string> seen;
    for (size_t i = 0; i < trained.pieces.size(); ++i) {
        const std::string& p = trained.pieces[i];
        if (!seen.insert(p).second) continue;  // formed by two merges: the first counts
        aux.merge_rank[p] = static_cast<int64_t>(i);
        if (source.piece_id(p) < 0) aux.candidates.push_back(p);
    }
    return aux;
}

}  // namespace ipt
