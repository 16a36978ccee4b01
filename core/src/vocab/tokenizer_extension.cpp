#include "ipt/vocab/tokenizer_extension.h"

namespace ipt {

SentencePieceModel extend_tokenizer(const SentencePieceModel& source,
                                    const std::vector<std::string>& pieces) {
    SentencePieceModel extended = source;
    extended.append_pieces(pieces);
    return extended;
}

std::unique_ptr<SentencePieceTokenizer> load_extended_tokenizer(const SentencePieceModel& extended,
                                                                const std::string& name) {
    return SentencePieceTokenizer::from_bytes(extended.serialize(), name);
}

}  // namespace ipt
