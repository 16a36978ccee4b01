#include "ipt/vocab/merge_initializer.h"

#include <ATen/ATen.h>

#include <map>

#include "ipt/common/error.h"
#include "ipt/text/sentencepiece_model.h"
#include "ipt/vocab/embedding_initializer.h"

namespace ipt {
namespace {

bool single_character(const std::string& piece) {
    if (piece.empty()) return false;
    size_t n = 0;
    for (unsigned char c : piece)
        if ((c & 0xC0) != 0x80) ++n;
    return n == 1;
}

class MergeWalk {
  public:
    MergeWalk(const at::Tensor& source, const MergeInputs& inputs) : source_(source), in_(inputs) {}

    at::Tensor row(const std::string& piece, int depth = 0) {
        if (auto it = memo_.find(piece); it != memo_.end()) return it->second;
        at::Tensor r = compute(piece, depth);
        memo_.emplace(piece, r);
        return r;
    }

  private:
    at::Tensor compute(const std::string& piece, int depth) {
        const int32_t id = in_.source_id(piece);
        if (id >= 0) return source_[id].to(at::kFloat);
        const auto rank = in_.auxiliary_rank.find(piece);
        if (rank != in_.auxiliary_rank.end() && rank->second >= 0 && depth < 64) {
            at::Tensor sum;
            int64_t merges = 0;
            // Every split into two earlier auxiliary pieces (at character boundaries).
            for (size_t cut = 1; cut < piece.size(); ++cut) {
                if ((static_cast<unsigned char>(piece[cut]) & 0xC0) == 0x80) continue;
                const std::string left = piece.substr(0, cut), right = piece.substr(cut);
                if (!earlier(left, rank->second) || !earlier(right, rank->second)) continue;
                at::Tensor parents = (row(left, depth + 1) + row(right, depth + 1)) / 2;
                sum = merges == 0 ? parents : sum + parents;
                ++merges;
            }
            if (merges > 0) return sum / double(merges);
        }
        return mean_of_rows(source_, in_.source_tokens(piece));
    }

    bool earlier(const std::string& piece, int64_t rank) const {
        auto it = in_.auxiliary_rank.find(piece);
        return it != in_.auxiliary_rank.end() && it->second < rank;
    }

    const at::Tensor& source_;
    const MergeInputs& in_;
    std::map<std::string, at::Tensor> memo_;
};

}  // namespace

std::unordered_map<std::string, int64_t> merge_ranks(const SentencePieceModel& auxiliary) {
    std::unordered_map<std::string, int64_t> ranks;
    for (size_t i = 0; i < auxiliary.size(); ++i) {
        const ModelPiece& p = auxiliary.piece(i);
        if (p.type != PieceType::Normal && p.type != PieceType::UserDefined) continue;
        ranks[p.piece] = single_character(p.piece) ? -1 : static_cast<int64_t>(i);
    }
    return ranks;
}

at::Tensor merge_rows(const at::Tensor& source, const std::vector<std::string>& pieces,
                      const MergeInputs& inputs) {
    if (!inputs.source_id || !inputs.source_tokens)
        throw UsageError("merge initialisation needs the source vocabulary and tokenizer");
    MergeWalk walk(source, inputs);
    std::vector<at::Tensor> rows;
    for (const auto& p : pieces) rows.push_back(walk.row(p));
    if (rows.empty()) return at::empty({0, source.size(1)}, source.options().dtype(at::kFloat));
    return at::stack(rows);
}

}  // namespace ipt
