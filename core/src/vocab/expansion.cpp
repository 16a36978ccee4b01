#include "ipt/vocab/expansion.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <c10/core/GradMode.h>
#include <algorithm>
#include <filesystem>
#include <random>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/data/dataset_builder.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/model_config.h"
#include "ipt/text/hf_tokenizer.h"
#include "ipt/text/model_tokenizer.h"
#include "ipt/text/sentencepiece_model.h"
#include "ipt/text/sentencepiece_tokenizer.h"
#include "ipt/text/tokenizer_trainer.h"
#include "ipt/train/train_config.h"
#include "ipt/vocab/merge_initializer.h"
#include "ipt/vocab/model_resize.h"
#include "ipt/vocab/new_token_selection.h"
#include "ipt/vocab/target_corpus.h"
#include "ipt/vocab/token_alignment.h"
#include "ipt/vocab/tokenizer_extension.h"

namespace ipt {
namespace fs = std::filesystem;
namespace {

void tell(const ExpansionOptions& o, ExpansionResult* r, const std::string& note) {
    r->notes.push_back(note);
    if (o.note) o.note(note);
}

// Checks everything that can be checked before any work is done.
struct Inputs {
    std::string tokenizer_path;
    SentencePieceModel source;                 // a tokenizer.model source
    std::unique_ptr<HfTokenizer> json_source;  // a tokenizer.json source
    int64_t source_size = 0;                   // the first new id
    ModelConfig config;
    std::vector<std::string> corpus;
};

Inputs check_inputs(const ExpansionOptions& o) {
    if (o.methods.empty()) throw UsageError("no initialisation method given");
    if (o.new_tokens <= 0)
        throw UsageError("--new-tokens must be positive, got " + std::to_string(o.new_tokens));
    if (o.out.empty()) throw UsageError("no output folder given");
    if (fs::exists(o.out) && !(fs::is_directory(o.out) && fs::is_empty(o.out)) && !o.overwrite)
        throw UsageError(o.out + " already exists and is not empty (choose another --out, or --overwrite)");
    Inputs in;
    in.tokenizer_path = o.tokenizer.empty() ? tokenizer_file_in(o.model) : o.tokenizer;
    if (in.tokenizer_path.empty())
        throw FileError(o.model, "no tokenizer: the source folder needs tokenizer.json or tokenizer.model");
    if (fs::is_directory(in.tokenizer_path)) in.tokenizer_path = tokenizer_file_in(in.tokenizer_path);
    if (!fs::exists(in.tokenizer_path)) throw FileError(in.tokenizer_path, "tokenizer file not found");
    if (fs::path(in.tokenizer_path).extension() == ".json") {
        in.json_source = HfTokenizer::from_file(in.tokenizer_path);
        in.source_size = in.json_source->vocab_size();
    } else {
        in.source = SentencePieceModel::read(in.tokenizer_path);
        if (!in.source.is_bpe())
            throw FileError(in.tokenizer_path,
                            std::string("a SentencePiece ") +
                                SentencePieceModel::model_type_name(in.source.model_type()) +
                                " model; vocabulary expansion needs a BPE model (like Llama 2's)");
        in.source_size = static_cast<int64_t>(in.source.size());
    }
    in.config = read_model_config((fs::path(o.model) / "config.json").string());
    const int64_t pieces = in.source_size;
    if (in.config.vocab_size < pieces || in.config.vocab_size > padded_vocab_size(pieces, 128))
        throw FileError((fs::path(o.model) / "config.json").string(),
                        "vocab_size " + std::to_string(in.config.vocab_size) +
                            " disagrees with the tokenizer " + in.tokenizer_path + " (" +
                            std::to_string(pieces) + " pieces)");
    in.corpus = read_target_corpus(o.corpus);
    if (in.corpus.empty()) throw FileError(o.corpus, "the corpus has no text");
    return in;
}

// What every method needs from the shared tokenizer work.
struct Shared {
    const Selection* selection = nullptr;
    std::unordered_map<std::string, int64_t> merge_rank;
    const Tokenizer* source_tokenizer = nullptr;
    const Tokenizer* extended_tokenizer = nullptr;
    std::vector<TokenIds> mean_ids;
    AlignmentCounts alignment;
    StaticEmbeddings static_embeddings;
    TokenIds new_ids, anchors;
};

at::Tensor rows_for(InitMethod method, const at::Tensor& matrix, const Shared& s, int64_t source_rows,
                    uint64_t seed) {
    const at::Tensor source = matrix.narrow(0, 0, source_rows);
    switch (method) {
        case InitMethod::Random:
            return random_rows(source, static_cast<int64_t>(s.selection->pieces.size()), seed);
        case InitMethod::Mean:
            return mean_rows(source, s.mean_ids);
        case InitMethod::Merge: {
            MergeInputs m;
            m.auxiliary_rank = s.merge_rank;
            const Tokenizer& tok = *s.source_tokenizer;
            m.source_id = [&tok](const std::string& p) { return tok.piece_id(p); };
            m.source_tokens = [&tok](const std::string& p) {
                EncodeOptions c;
                c.continuation = true;
                return tok.encode(tok.piece_text(p), c);
            };
            return merge_rows(source, s.selection->pieces, m);
        }
        case InitMethod::Align:
            return align_rows(source, s.alignment, s.mean_ids);
        case InitMethod::Focus:
            return focus_rows(source, s.static_embeddings, s.new_ids, s.anchors, s.mean_ids);
    }
    throw UsageError("unknown initialisation method");
}

bool needs(const ExpansionOptions& o, InitMethod m) {
    return std::find(o.methods.begin(), o.methods.end(), m) != o.methods.end();
}

TrainConfig lapt_config(const fs::path& final_out, const std::string& method, const ModelConfig& config,
                        int64_t corpus_tokens, const std::string& tokenizer_file) {
    TrainConfig c;
    c.from = fs::absolute(final_out / method).string();
    c.tokenizer = fs::absolute(final_out / tokenizer_file).string();
    c.trainable = {"embed_tokens", "lm_head"};
    c.lora = LoraSettings{};  // r 8, alpha 32, dropout 0.05 on q, k, v, o, gate, up, down
    c.sources = {DataSource{fs::absolute(final_out / "lapt-data").string(), 1.0}};
    c.sequence_length = std::min<int64_t>(1024, config.max_position_embeddings);
    c.micro_batch = 4;
    c.global_batch_tokens = c.sequence_length * c.micro_batch * 2;
    c.steps = std::max<int64_t>(1, (corpus_tokens + c.global_batch_tokens - 1) / c.global_batch_tokens);
    c.lr = 2e-4;
    c.min_lr = 2e-5;
    c.warmup_steps = std::min<int64_t>(100, c.steps / 10);
    c.weight_decay = 0.0;
    c.checkpoint_every = c.steps >= 200 ? c.steps / 4 : 0;  // 0: at the end only
    c.validate();
    return c;
}

std::string expansion_json(const ExpansionOptions& o, const Inputs& in, const ExpansionResult& r) {
    nlohmann::json j;
    j["version"] = 1;
    j["source_model"] = o.model;
    j["source_tokenizer"] = in.tokenizer_path;
    j["corpus"] = o.corpus;
    j["k_requested"] = r.k_requested;
    j["k"] = r.k;
    j["source_vocab_size"] = r.source_vocab_size;
    j["vocab_size"] = r.vocab_size;
    j["auxiliary_vocab_size"] = r.auxiliary_vocab_size;
    j["candidates"] = r.candidates;
    j["corpus_texts"] = r.corpus_texts;
    j["corpus_source_tokens"] = r.corpus_source_tokens;
    j["corpus_expanded_tokens"] = r.corpus_expanded_tokens;
    j["methods"] = nlohmann::json::array();
    for (InitMethod m : o.methods) j["methods"].push_back(init_method_name(m));
    j["new_tokens"] = nlohmann::json::array();
    for (const auto& t : r.new_tokens)
        j["new_tokens"].push_back({{"id", t.id}, {"piece", t.piece}, {"frequency", t.frequency}});
    j["notes"] = r.notes;
    return j.dump(2) + "\n";
}

// Renames the finished staging folder onto `out` (replacing an old one only when allowed).
void publish(const fs::path& staging, const fs::path& out) {
    if (fs::exists(out)) {
        const fs::path old = temporary_path(out, "old");
        fs::rename(out, old);
        fs::rename(staging, out);
        fs::remove_all(old);
    } else {
        fs::rename(staging, out);
    }
}

}  // namespace

ExpansionResult expand_vocabulary(const ExpansionOptions& o) {
    Inputs in = check_inputs(o);
    ExpansionResult r;
    r.k_requested = o.new_tokens;
    r.source_vocab_size = in.source_size;  // the first new id
    r.corpus_texts = static_cast<int64_t>(in.corpus.size());
    auto checkpoint = [&] {
        if (o.cancel) o.cancel->throw_if_cancelled();
    };

    // 1. The auxiliary tokenizer, and 2. its pieces the source lacks, in merge order.
    std::vector<std::string> candidates;
    std::unordered_map<std::string, int64_t> merge_rank;
    int64_t auxiliary_size = 0;
    if (in.json_source) {
        // A BPE trained on the corpus's words as the source pre-tokenises them: pieces spelt its way.
        const AuxiliaryBpe aux =
            train_auxiliary_bpe(*in.json_source, in.corpus, o.auxiliary_vocab_size, o.progress, o.cancel);
        r.auxiliary_vocab_size = auxiliary_size = aux.vocab_size;
        if (aux.vocab_size < o.auxiliary_vocab_size)
            tell(o, &r,
                 "the corpus supports an auxiliary vocabulary of " + std::to_string(aux.vocab_size) +
                     " pieces (asked for " + std::to_string(o.auxiliary_vocab_size) + ")");
        candidates = aux.candidates;
        merge_rank = aux.merge_rank;
    } else {
        TokenizerTrainingOptions training;
        training.vocab_size = o.auxiliary_vocab_size;
        training.threads = o.threads;
        training.progress = o.progress;
        TrainedTokenizer trained;
        try {
            trained = train_tokenizer(in.corpus, training);
        } catch (const UsageError& e) {
            throw FileError(
                o.corpus,
                std::string("cannot train a tokenizer on this corpus (too little text?): ") + e.what());
        }
        r.auxiliary_vocab_size = auxiliary_size = trained.vocab_size;
        if (trained.vocab_size < trained.requested_vocab_size)
            tell(o, &r,
                 "the corpus supports an auxiliary vocabulary of " + std::to_string(trained.vocab_size) +
                     " pieces (asked for " + std::to_string(trained.requested_vocab_size) + ")");
        const SentencePieceModel auxiliary = SentencePieceModel::parse(trained.model, "auxiliary tokenizer");
        candidates = candidate_pieces(auxiliary, in.source);
        merge_rank = merge_ranks(auxiliary);
    }
    checkpoint();
    r.candidates = static_cast<int64_t>(candidates.size());
    if (candidates.empty())
        throw FileError(o.corpus, "no new pieces: every piece of the auxiliary tokenizer (" +
                                      std::to_string(auxiliary_size) +
                                      ") is already in the source tokenizer; is the corpus in the source "
                                      "model's language?");
    if (r.candidates < o.new_tokens)
        tell(o, &r,
             "only " + std::to_string(r.candidates) + " candidate pieces (auxiliary vocabulary " +
                 std::to_string(auxiliary_size) + ") for " + std::to_string(o.new_tokens) +
                 " new tokens requested; using " + std::to_string(r.candidates));
    SelectionOptions select;
    select.k = o.new_tokens;
    select.threads = o.threads;
    select.progress = o.progress;
    select.cancel = o.cancel;
    Selection selection = in.json_source ? select_new_tokens(*in.json_source, candidates, in.corpus, select)
                                         : select_new_tokens(in.source, candidates, in.corpus, select);
    if (selection.replaced > 0)
        tell(o, &r,
             std::to_string(selection.replaced) +
                 " pieces the extended tokenizer never used were replaced by later candidates");
    if (selection.dropped > 0)
        tell(o, &r,
             std::to_string(selection.dropped) + " never-used pieces were dropped (no candidates left)");
    if (selection.unreachable > 0)
        tell(o, &r,
             std::to_string(selection.unreachable) +
                 " candidates were skipped: no single merge of two vocabulary pieces forms them");
    const int32_t first_new = static_cast<int32_t>(in.source_size);
    r.k = static_cast<int64_t>(selection.pieces.size());
    r.vocab_size = padded_vocab_size(std::max<int64_t>(first_new + r.k, in.config.vocab_size));
    for (size_t i = 0; i < selection.pieces.size(); ++i)
        r.new_tokens.push_back({first_new + int32_t(i), selection.pieces[i], selection.frequency[i]});
    for (const auto& ids : selection.corpus_ids) r.corpus_expanded_tokens += int64_t(ids.size());

    // 3. Shared tokenizer work for the initialisers.
    std::unique_ptr<Tokenizer> spm_source;
    if (!in.json_source)
        spm_source = SentencePieceTokenizer::from_bytes(in.source.serialize(), in.tokenizer_path);
    const Tokenizer* source_tokenizer =
        in.json_source ? static_cast<const Tokenizer*>(in.json_source.get()) : spm_source.get();
    const Tokenizer* extended_tokenizer = selection.tokenizer.get();
    Shared shared;
    shared.selection = &selection;
    shared.merge_rank = std::move(merge_rank);
    shared.source_tokenizer = source_tokenizer;
    shared.extended_tokenizer = extended_tokenizer;
    shared.mean_ids = piece_source_ids(*source_tokenizer, selection.pieces);
    for (const auto& t : r.new_tokens) shared.new_ids.push_back(t.id);
    {
        std::vector<TokenIds> source_ids =
            tokenize_corpus(*source_tokenizer, in.corpus, "tokenizing the corpus with the source tokenizer",
                            o.threads, o.progress, o.cancel);
        for (const auto& ids : source_ids) r.corpus_source_tokens += int64_t(ids.size());
        if (needs(o, InitMethod::Align))
            shared.alignment =
                align_corpus(selection.corpus_ids, *extended_tokenizer, source_ids, *source_tokenizer,
                             first_new, selection.pieces.size(), o.threads, o.progress, o.cancel);
    }
    if (needs(o, InitMethod::Focus)) {
        StaticEmbeddingOptions focus = o.focus;
        focus.seed = o.seed;
        shared.static_embeddings = train_static_embeddings(selection.corpus_ids, focus, o.progress, o.cancel);
        for (const auto& [id, row] : shared.static_embeddings.row)
            if (id < first_new && !source_tokenizer->is_control(id)) shared.anchors.push_back(id);
        std::sort(shared.anchors.begin(), shared.anchors.end());
    }
    checkpoint();

    // 4. The models, built in a staging folder beside the output.
    const fs::path out = fs::path(o.out).filename().empty() ? fs::path(o.out).parent_path() : fs::path(o.out);
    if (!out.parent_path().empty()) fs::create_directories(out.parent_path());
    // What a killed run of the same output left (its staging folder, a replaced output not yet
    // removed) goes first.
    remove_stale_temporaries(out, "partial");
    remove_stale_temporaries(out, "old");
    const fs::path staging = temporary_path(out, "partial");
    fs::create_directories(staging);
    try {
        // The extended tokenizer, in the source's format (tokenizer.json keeps its configs beside it).
        const std::string tokenizer_file = in.json_source ? "tokenizer.json" : "tokenizer.model";
        const fs::path tokenizer_dir = staging / ".tokenizer";
        if (in.json_source) {
            copy_tokenizer_files(in.tokenizer_path, tokenizer_dir.string());
            write_file_atomically(tokenizer_dir / "tokenizer.json", selection.extended_json);
        } else {
            fs::create_directories(tokenizer_dir);
            selection.extended.save((tokenizer_dir / "tokenizer.model").string());
        }
        copy_tokenizer_files(tokenizer_dir.string(), staging.string());
        LoadOptions load;
        load.progress = o.progress;
        LoadedModel source = load_hf_model(o.model, load);
        const int64_t source_rows = std::min<int64_t>(first_new, source.model->config().vocab_size);
        const bool tied = source.model->config().tie_word_embeddings;
        if (o.lapt) {
            PrepareOptions prepare;
            prepare.inputs = {o.corpus};
            prepare.output = (staging / "lapt-data").string();
            prepare.threads = o.threads;
            prepare_dataset(prepare, *extended_tokenizer, o.progress, o.cancel ? *o.cancel : CancelToken());
        }
        for (size_t m = 0; m < o.methods.size(); ++m) {
            checkpoint();
            const InitMethod method = o.methods[m];
            const std::string name = init_method_name(method);
            report(o.progress, "initialising and writing the " + name + " model", int64_t(m),
                   int64_t(o.methods.size()));
            c10::NoGradGuard no_grad;
            const at::Tensor input = rows_for(method, source.model->parameter("model.embed_tokens.weight"),
                                              shared, source_rows, o.seed);
            const at::Tensor head = tied ? at::Tensor()
                                         : rows_for(method, source.model->parameter("lm_head.weight"), shared,
                                                    source_rows, o.seed + 1);
            Decoder expanded =
                resize_vocabulary(*source.model, r.vocab_size, first_new, input, tied ? input : head);
            SaveOptions save;
            save.tokenizer_file = tokenizer_dir.string();
            save_hf_model(expanded, (staging / name).string(), save);
            if (o.lapt)
                write_file_atomically(
                    staging / name / "lapt.toml",
                    train_config_to_toml(
                        lapt_config(out, name, expanded.config(), r.corpus_expanded_tokens, tokenizer_file)));
            r.folders.push_back((out / name).string());
        }
        report(o.progress, "writing the models", int64_t(o.methods.size()), int64_t(o.methods.size()));
        write_file_atomically(staging / "expansion.json", expansion_json(o, in, r));
        fs::remove_all(tokenizer_dir);
        publish(staging, out);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(staging, ec);
        throw;
    }
    return r;
}

std::string init_methods_label(const std::vector<InitMethod>& methods) {
    const std::vector<InitMethod> all = all_init_methods();
    const bool every = std::all_of(all.begin(), all.end(), [&](InitMethod m) {
        return std::find(methods.begin(), methods.end(), m) != methods.end();
    });
    if (every) return "all";
    std::string label;
    for (InitMethod m : methods) label += (label.empty() ? "" : ",") + std::string(init_method_name(m));
    return label;
}

JobSummary summarize_expansion(const ExpansionOptions& o, const ExpansionResult& r) {
    JobSummary summary;
    summary.settings = "model = \"" + o.model + "\"\ncorpus = \"" + o.corpus +
                       "\"\nnew_tokens = " + std::to_string(r.k) + "\ninit = \"" +
                       init_methods_label(o.methods) + "\"\n";
    const double reduction = 100.0 * (1.0 - double(r.corpus_expanded_tokens) /
                                                double(std::max<int64_t>(1, r.corpus_source_tokens)));
    summary.figures = {{"new_tokens", double(r.k)},
                       {"vocab_size", double(r.vocab_size)},
                       {"corpus_length_reduction_percent", reduction}};
    return summary;
}

}  // namespace ipt
