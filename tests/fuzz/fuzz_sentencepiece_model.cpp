// tokenizer.model, read by the workbench's own ModelProto reader (vocabulary expansion edits it). A
// model that parses must serialize to bytes that parse to the same pieces, and serialize identically.
#include "fuzz_support.h"
#include "ipt/text/sentencepiece_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    SentencePieceModel model;
    if (!fuzz::accepted(
            [&] { model = SentencePieceModel::parse(fuzz::as_string(data, size), "tokenizer.model"); }))
        return 0;
    const std::string written = model.serialize();
    const SentencePieceModel again = SentencePieceModel::parse(written, "written tokenizer.model");
    IPT_FUZZ_CHECK(again.size() == model.size());
    for (size_t i = 0; i < model.size(); ++i) {
        IPT_FUZZ_CHECK(again.piece(i).piece == model.piece(i).piece);
        IPT_FUZZ_CHECK(again.piece(i).type == model.piece(i).type);
        IPT_FUZZ_CHECK(again.find(model.piece(i).piece) >= 0);
    }
    IPT_FUZZ_CHECK(again.serialize() == written);
    IPT_FUZZ_CHECK(again.model_type() == model.model_type());
    return 0;
}
