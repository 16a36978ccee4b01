#include "ipt/text/tokenizer_json_extension.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <unordered_map>
#include <unordered_set>

#include "ipt/common/error.h"

namespace ipt {
namespace {

struct NewMerge {
    int32_t left, right, id;
};

// The appended merges on top of the source's split: they rank after every old merge, and no old merge
// involves a new piece, so the extended model's split is the source's with the new merges applied.
TokenIds apply_new_merges(TokenIds s, const std::vector<NewMerge>& merges) {
    std::unordered_map<uint64_t, size_t> rank;
    for (size_t i = 0; i < merges.size(); ++i)
        rank[(uint64_t(uint32_t(merges[i].left)) << 32) | uint32_t(merges[i].right)] = i;
    while (s.size() > 1) {
        size_t best = SIZE_MAX, at = 0;
        for (size_t i = 0; i + 1 < s.size(); ++i) {
            auto it = rank.find((uint64_t(uint32_t(s[i])) << 32) | uint32_t(s[i + 1]));
            if (it != rank.end() && it->second < best) best = it->second, at = i;
        }
        if (best == SIZE_MAX) break;
        s[at] = merges[best].id;
        s.erase(s.begin() + long(at) + 1);
    }
    return s;
}

}  // namespace

ExtendedTokenizerJson extend_tokenizer_json(const HfTokenizer& source,
                                            const std::vector<std::string>& pieces) {
    using ordered = nlohmann::ordered_json;  // keeps the file's key order, so the result diffs cleanly
    ordered j;
    try {
        j = ordered::parse(source.files().tokenizer_json);
    } catch (const ordered::parse_error& e) {
        throw FileError("tokenizer.json", std::string("invalid JSON: ") + e.what());
    }
    ordered& model = j["model"];
    ordered& vocab = model["vocab"];
    ordered& merges = model["merges"];
    const bool string_merges = !merges.empty() && merges[0].is_string();
    // The library renumbers added tokens that are not in the model's vocabulary from the vocabulary's
    // size up when it loads a file; once the model grows past them they would move. Entered in the
    // vocabulary under their own ids they stay put (no merge forms them, so encoding is unchanged).
    if (j.contains("added_tokens") && j["added_tokens"].is_array())
        for (const ordered& t : j["added_tokens"])
            if (t.contains("content") && t["content"].is_string() &&
                !vocab.contains(t["content"].get<std::string>()))
                vocab[t["content"].get<std::string>()] = t["id"];

    ExtendedTokenizerJson out;
    std::vector<NewMerge> added_merges;
    std::unordered_map<int32_t, std::string> new_spelling;
    std::unordered_map<std::string, int32_t> new_ids;
    int32_t next = source.vocab_size();
    auto spelling = [&](int32_t id) {
        auto it = new_spelling.find(id);
        return it != new_spelling.end() ? it->second : source.piece(id);
    };
    for (const std::string& p : pieces) {
        if (p.empty() || source.piece_id(p) >= 0 || new_ids.count(p)) {
            out.unreachable.push_back(p);
            continue;
        }
        const TokenIds split = apply_new_merges(source.encode_piece(p), added_merges);
        if (split.size() != 2 || spelling(split[0]) + spelling(split[1]) != p) {
            out.unreachable.push_back(p);
            continue;
        }
        const std::string left = spelling(split[0]), right = spelling(split[1]);
        vocab[p] = next;
        if (string_merges)
            merges.push_back(left + " " + right);
        else
            merges.push_back(ordered::array({left, right}));
        added_merges.push_back({split[0], split[1], next});
        new_spelling[next] = p;
        new_ids[p] = next;
        out.pieces.push_back(p);
        ++next;
    }
    out.json = j.dump();
    return out;
}

std::unique_ptr<HfTokenizer> load_extended_tokenizer_json(const HfTokenizer& source, const std::string& json,
                                                          const std::string& name) {
    HfTokenizerFiles files = source.files();
    files.tokenizer_json = json;
    return HfTokenizer::from_files(files, name);
}

}  // namespace ipt
