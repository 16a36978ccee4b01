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

std::string piece_text(const std::string& piece) {
    static const std::string marker = "\xE2\x96\x81";
    std::string out;
    for (size_t i = 0; i < piece.size();) {
        if (piece.compare(i, marker.size(), marker) == 0) {
            out += ' ';
            i += marker.size();
        } else {
            out += piece[i++];
        }
    }
    return out;
}

}  // namespace ipt
