#pragma once
// Extending a tokenizer.json's BPE vocabulary (vocabulary expansion): each new piece is appended with
// the one merge that forms it from the two pieces the extended model splits it into, after every
// existing merge. Old merges keep their ranks, so text in which no new merge's two halves end up side
// by side tokenizes exactly as before, and the `tokenizers` library loads the result with the same ids
// (added tokens are also entered in the model's vocabulary under their ids, since the library renumbers
// the ones it does not find there).
#include <string>
#include <vector>

#include "ipt/text/hf_tokenizer.h"

namespace ipt {

struct ExtendedTokenizerJson {
    std::string json;                      // the extended tokenizer.json
    std::vector<std::string> pieces;       // added, in id order from source.vocab_size()
    std::vector<std::string> unreachable;  // left out: no single merge of two vocabulary pieces forms them
};

// `pieces` are spelt as the vocabulary spells them ("Ġword", "▁word"); pieces the source already has
// are left out (as unreachable). Earlier pieces may serve as halves of later ones.
ExtendedTokenizerJson extend_tokenizer_json(const HfTokenizer& source,
                                            const std::vector<std::string>& pieces);

// The extended file loaded, with the source's tokenizer_config.json and special_tokens_map.json.
std::unique_ptr<HfTokenizer> load_extended_tokenizer_json(const HfTokenizer& source, const std::string& json,
                                                          const std::string& name);

}  // namespace ipt
