// libipt_spm.so: the only code that links libsentencepiece (see spm_backend.h for why).
#include <sentencepiece_processor.h>
#ifndef IPT_SPM_NO_TRAINER
#include <sentencepiece_trainer.h>
#endif

#include <exception>
#include <unordered_map>

#include "spm_backend.h"

#ifndef IPT_SPM_NO_TRAINER
namespace sentencepiece::logging {
// Exported by libsentencepiece but not declared in its public headers.
void SetMinLogLevel(int level);
int GetMinLogLevel();
}  // namespace sentencepiece::logging
#endif

namespace ipt::detail {
namespace {

#ifndef IPT_SPM_NO_TRAINER
class SentenceList : public sentencepiece::SentenceIterator {
  public:
    explicit SentenceList(const std::vector<std::string>& sentences) : sentences_(sentences) {}
    bool done() const override { return next_ >= sentences_.size(); }
    void Next() override { ++next_; }
    const std::string& value() const override { return sentences_[next_]; }
    sentencepiece::util::Status status() const override { return {}; }

  private:
    const std::vector<std::string>& sentences_;
    size_t next_ = 0;
};
#endif

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

    bool train(const std::vector<std::pair<std::string, std::string>>& flags,
               const std::vector<std::string>& sentences, std::string* model,
               std::string* error) const override {
#ifdef IPT_SPM_NO_TRAINER
        *error = "this build's SentencePiece has no trainer (libsentencepiece_train)";
        return false;
#else
        // The trainer logs every step at INFO level; keep the terminal for our own progress line.
        const int level = sentencepiece::logging::GetMinLogLevel();
        sentencepiece::logging::SetMinLogLevel(2);
        bool ok = false;
        try {
            std::unordered_map<std::string, std::string> kwargs(flags.begin(), flags.end());
            SentenceList list(sentences);
            auto status = sentencepiece::SentencePieceTrainer::Train(kwargs, &list, model);
            ok = status.ok();
            if (!ok) *error = status.ToString();
        } catch (const std::exception& e) {
            *error = e.what();
        } catch (...) {
            *error = "SentencePiece's trainer failed";
        }
        sentencepiece::logging::SetMinLogLevel(level);
        return ok;
#endif
    }

  private:
    sentencepiece::SentencePieceProcessor processor_;
};

}  // namespace
}  // namespace ipt::detail

extern "C" __attribute__((visibility("default"))) ipt::detail::SpmBackend* ipt_spm_backend_create() {
    return new ipt::detail::SentencePieceBackend();
}
