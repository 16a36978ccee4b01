// libipt_spm.so: the only code that links libsentencepiece (see spm_backend.h for why).
#include <sentencepiece_processor.h>

#include "spm_backend.h"

namespace ipt::detail {
namespace {

class SentencePieceBackend : public SpmBackend {
  public:
    bool load(const std::string& serialized_model, std::string* error) override {
        auto status = processor_.LoadFromSerializedProto(serialized_model);
        if (!status.ok()) *error = status.ToString();
        return status.ok();
    }
    bool encode(const std::string& text, std::vector<int>* ids, std::string* error) const override {
        auto status = processor_.Encode(text, ids);
        if (!status.ok()) *error = status.ToString();
        return status.ok();
    }
    bool decode(const std::vector<int>& ids, std::string* text, std::string* error) const override {
        auto status = processor_.Decode(ids, text);
        if (!status.ok()) *error = status.ToString();
        return status.ok();
    }
    int piece_size() const override { return processor_.GetPieceSize(); }
    std::string id_to_piece(int id) const override { return processor_.IdToPiece(id); }
    int piece_to_id(const std::string& piece) const override { return processor_.PieceToId(piece); }
    bool is_control(int id) const override { return processor_.IsControl(id); }
    bool is_byte(int id) const override { return processor_.IsByte(id); }
    bool is_unknown(int id) const override { return processor_.IsUnknown(id); }
    int bos_id() const override { return processor_.bos_id(); }
    int eos_id() const override { return processor_.eos_id(); }
    int pad_id() const override { return processor_.pad_id(); }
    int unk_id() const override { return processor_.unk_id(); }

  private:
    sentencepiece::SentencePieceProcessor processor_;
};

}  // namespace
}  // namespace ipt::detail

extern "C" __attribute__((visibility("default"))) ipt::detail::SpmBackend* ipt_spm_backend_create() {
    return new ipt::detail::SentencePieceBackend();
}
