#pragma once
// The extended tokenizer: the source SentencePiece model with the new pieces appended as normal pieces
// (ids source size + i), scored to win the merges they take part in. Not "added tokens" matched before
// tokenization: SentencePiece's own BPE forms them, so text without them tokenizes exactly as before.
#include <memory>
#include <string>
#include <vector>

#include "ipt/text/sentencepiece_model.h"
#include "ipt/text/sentencepiece_tokenizer.h"

namespace ipt {

SentencePieceModel extend_tokenizer(const SentencePieceModel& source, const std::vector<std::string>& pieces);

// The extended model loaded for encoding (`name` appears in error messages).
std::unique_ptr<SentencePieceTokenizer> load_extended_tokenizer(const SentencePieceModel& extended,
                                                                const std::string& name);

}  // namespace ipt
