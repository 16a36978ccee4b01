#include "ipt/text/tokenizer_trainer.h"

#include <regex>

#include "ipt/common/error.h"
#include "ipt/common/parallel.h"
#include "spm_backend.h"

namespace ipt {
namespace {

using Flags = std::vector<std::pair<std::string, std::string>>;

Flags trainer_flags(const TokenizerTrainingOptions& o, int64_t vocab_size) {
    auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
    return {{"model_type", o.model_type},
            {"vocab_size", std::to_string(vocab_size)},
            {"byte_fallback", flag(o.byte_fallback)},
            {"split_digits", flag(o.split_digits)},
            {"max_sentencepiece_length", std::to_string(o.max_piece_length)},
            {"add_dummy_prefix", flag(o.add_dummy_prefix)},
            {"normalization_rule_name", o.normalization},
            {"remove_extra_whitespaces", "false"},
            {"character_coverage", std::to_string(o.character_coverage)},
            {"num_threads", std::to_string(o.threads > 0 ? o.threads : hardware_threads())},
            // Llama 2's special pieces: <unk> 0, <s> 1, </s> 2, no padding piece.
            {"unk_id", "0"},
            {"bos_id", "1"},
            {"eos_id", "2"},
            {"pad_id", "-1"},
            {"allow_whitespace_only_pieces", "true"},
            // Documents, not sentences: SentencePiece would skip lines over its 4192-byte default.
            {"max_sentence_length", "1048576"},
            {"train_extremely_large_corpus", "false"}};
}

// SentencePiece says "Vocabulary size too high (N). Please set it to a value <= M." when the corpus
// cannot yield N pieces; M is what it can.
int64_t supported_vocab_size(const std::string& error) {
    static const std::regex pattern(
        "Vocabulary size too high \\([0-9]+\\)\\. Please set it to a value <= ([0-9]+)");
    std::smatch m;
    if (std::regex_search(error, m, pattern)) return std::stoll(m[1].str());
    return -1;
}

}  // namespace

TrainedTokenizer train_tokenizer(const std::vector<std::string>& sentences,
                                 const TokenizerTrainingOptions& options) {
    size_t characters = 0;
    for (const auto& s : sentences) characters += s.size();
    if (characters == 0) throw UsageError("tokenizer training: the corpus has no text");
    auto backend = detail::create_spm_backend();
    TrainedTokenizer out;
    out.requested_vocab_size = options.vocab_size;
    int64_t vocab = options.vocab_size;
    for (int attempt = 1;; ++attempt) {
        report(options.progress, "training tokenizer (vocabulary " + std::to_string(vocab) + ")", 0, 1);
        std::string model, error;
        if (backend->train(trainer_flags(options, vocab), sentences, &model, &error)) {
            out.model = std::move(model);
            out.vocab_size = vocab;
            report(options.progress, "training tokenizer (vocabulary " + std::to_string(vocab) + ")", 1, 1);
            return out;
        }
        const int64_t supported = supported_vocab_size(error);
        if (supported <= 0 || supported >= vocab || attempt >= 4)
            throw UsageError("tokenizer training failed (vocabulary " + std::to_string(vocab) + ", " +
                             std::to_string(sentences.size()) + " sentences): " + error);
        vocab = supported;
    }
}

}  // namespace ipt
