#pragma once
// Multi-round synthesis. The texts are split into M consecutive chunks; text j of chunk r is prompted
// with the chain it inherits from text j of chunk r-1 (that text and its pairs, and what that one
// inherited) as demonstrations, so a finished chain holds M texts with their pairs. A chain breaks,
// and the text is prompted alone, when the previous text yielded no pairs or the prompt with the
// demonstrations would not leave room for the new tokens in the context.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/progress.h"
#include "ipt/model/sampling.h"
#include "ipt/data/pair_record.h"
#include "ipt/synth/prompt_format.h"

namespace ipt {

class Decoder;
class Tokenizer;

// What synthesis needs from a language model. The model-backed one runs the Generator; tests use a
// scripted one.
class SynthesisModel {
  public:
    virtual ~SynthesisModel() = default;
    virtual int64_t context_length() const = 0;
    virtual int64_t prompt_tokens(const SynthPrompt& prompt) const = 0;
    // The longest leading part of `text` that is at most `max_tokens` tokens.
    virtual std::string truncate_text(const std::string& text, int64_t max_tokens) const = 0;

    struct Output {
        std::string text;
        int64_t tokens = 0;
        std::string error;  // not empty: no generation for this prompt, and why (kept in its record)
    };
    // One generation per prompt; stops at EOS, a stop string, or max_new_tokens. At most `slot_count` prompts
    // are generated at once (0: all), a finished one making room for the next.
    virtual std::vector<Output> generate(const std::vector<SynthPrompt>& prompts, int64_t max_new_tokens,
                                         const std::vector<std::string>& stop_strings,
                                         const CancelToken* cancel, size_t slot_count) = 0;
};

// A Hugging Face decoder and its tokenizer behind the Generator (batched, KV cache, left padding).
class GeneratorSynthesisModel : public SynthesisModel {
  public:
    GeneratorSynthesisModel(const Decoder& model, const Tokenizer& tokenizer, SamplingOptions sampling = {});
    int64_t context_length() const override;
    int64_t prompt_tokens(const SynthPrompt& prompt) const override;
    std::string truncate_text(const std::string& text, int64_t max_tokens) const override;
    std::vector<Output> generate(const std::vector<SynthPrompt>& prompts, int64_t max_new_tokens,
                                 const std::vector<std::string>& stop_strings, const CancelToken* cancel,
                                 size_t slot_count) override;
    // Pieces (default) or the released path's string encoding (see prompt_format.h).
    void set_prompt_encoding(PromptEncoding encoding) { encoding_ = encoding; }

  private:
    const Decoder& model_;
    const Tokenizer& tokenizer_;
    SamplingOptions sampling_;
    PromptEncoding encoding_ = PromptEncoding::Pieces;
};

struct SynthesizerOptions {
    int rounds = 2;    // M: 2 for general corpora, 3 for domain corpora
    size_t batch = 8;  // prompts generated together (the generator's slots)
    // Texts handed to the model at once, and written out together (a resume point); 0: 4 x batch. The
    // model keeps `batch` of them running and starts the next as soon as one is done (continuous
    // batching), so no slot waits for the longest generation of a batch.
    size_t group = 0;
    int64_t context = 4096;        // capped by the model's context
    int64_t max_new_tokens = 400;  // per text
};

// A text to synthesize for. Inputs that cannot be prompted (empty, malformed) keep their slot and
// come out as records with that status.
struct SynthInput {
    std::string id;
    std::string text;
    PairStatus status = PairStatus::Ok;  // EmptyText or MalformedInput: not prompted
    std::string reason;
};

// Where each input sits: its chunk (round - 1), its chain, and the text it inherits from.
class ChunkPlan {
  public:
    ChunkPlan(size_t texts, int rounds);
    size_t chunk_size() const { return chunk_size_; }
    int round_of(size_t index) const;         // 1-based
    int64_t chain_of(size_t index) const;     // position within the chunk
    int64_t predecessor(size_t index) const;  // -1 in the first round
    size_t chunk_end(size_t index) const;     // one past the last index of index's chunk

  private:
    size_t texts_, chunk_size_;
};

struct SynthesisCounters {
    int64_t texts = 0, pairs = 0, generated_tokens = 0, dropped = 0;
};

class Synthesizer {
  public:
    Synthesizer(SynthesisModel& model, SynthesizerOptions options);

    // Makes records for inputs[records->size(), end) in input order (end = 0: all), a batch at a time;
    // each finished batch is appended to `records` and handed to `on_batch` (e.g. to append it to a
    // file) before the next starts. `records` must hold the records of the inputs before it (a resumed
    // run reads them back), since later rounds inherit from them. Throws Cancelled between batches.
    void run(const std::vector<SynthInput>& inputs, std::vector<PairRecord>* records,
             const std::function<void(const std::vector<PairRecord>&)>& on_batch, size_t end = 0,
             const ProgressSink& progress = {}, const CancelToken& cancel = {});

    // The demonstrations record `index` inherits (walking back through linked records), or none when
    // the chain breaks there. Exposed for tests.
    std::vector<SynthExample> inherited_chain(const std::vector<SynthInput>& inputs,
                                              const std::vector<PairRecord>& records, size_t index) const;

    const SynthesisCounters& counters() const { return counters_; }
    int64_t effective_context() const;

  private:
    std::vector<PairRecord> run_batch(const std::vector<SynthInput>& inputs,
                                      const std::vector<PairRecord>& records, size_t begin, size_t end,
                                      const CancelToken& cancel);
    bool fits(const SynthPrompt& prompt) const;

    SynthesisModel& model_;
    SynthesizerOptions options_;
    SynthesisCounters counters_;
};

}  // namespace ipt
