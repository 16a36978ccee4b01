// `ipt synth`: instruction synthesis (run), the rule-based baseline (rules), augmented corpora
// (corpus), the synthesizer's fine-tuning data (finetune-data) and quality analysis (score).
#include <cstdio>
#include <iostream>
#include <sstream>
#include <utility>

#include "commands.h"
#include "ipt/common/error.h"
#include "ipt/data/dataset_builder.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/runtime.h"
#include "ipt/serve/synthesis_backend.h"
#include "ipt/synth/corpus_builder.h"
#include "ipt/synth/finetune_data.h"
#include "ipt/synth/loaded_synthesizer.h"
#include "ipt/synth/quality.h"
#include "ipt/synth/reading_comprehension.h"
#include "ipt/synth/synth_run.h"
#include "ipt/text/tokenizer.h"
#include "progress_line.h"
#include "workspace_record.h"

namespace ipt::cli {
namespace {

struct ModelArgs {
    std::string folder, device = "cpu", dtype;
    float temperature = 0;  // 0: greedy, the method's default
    float top_p = 1.0f;
    uint64_t seed = 0;
    std::string prompt_encoding = "pieces";
};

LoadOptions load_options(const ModelArgs& a) {
    LoadOptions load;
    load.device = a.device;
    if (!a.dtype.empty()) load.dtype = parse_dtype(a.dtype);
    return load;
}

std::unique_ptr<LoadedSynthesizer> load_synthesizer(const ModelArgs& a) {
    auto synthesizer = ipt::load_synthesizer(a.folder, load_options(a),
                                             sampling_for_temperature(a.temperature, a.top_p, 0, a.seed));
    synthesizer->model->set_prompt_encoding(parse_prompt_encoding(a.prompt_encoding));
    return synthesizer;
}

void add_model_options(CLI::App* cmd, ModelArgs* a, bool required) {
    auto* o = cmd->add_option("--synthesizer", a->folder, "Synthesizer model folder (Hugging Face layout)");
    if (required) o->required();
    cmd->add_option("--device", a->device, "cpu, cuda or cuda:N");
    cmd->add_option("--dtype", a->dtype, "Compute dtype (default: the model's)");
    cmd->add_option("--temperature", a->temperature, "Sample at this temperature (default: greedy)");
    cmd->add_option("--top-p", a->top_p, "Nucleus sampling mass (with --temperature)");
    cmd->add_option("--seed", a->seed, "Sampling seed");
    cmd->add_option("--prompt-encoding", a->prompt_encoding,
                    "pieces (BOS/EOS as ids, default) or released (the released path: the prompt string with "
                    "<s> spelled out, encoded with BOS added and special tokens parsed)");
}

std::string statuses(const std::map<std::string, size_t>& by_status) {
    std::string out;
    for (const auto& [status, n] : by_status)
        out += (out.empty() ? "" : ", ") + status + " " + std::to_string(n);
    return out.empty() ? "none" : out;
}

// --- run ---------------------------------------------------------------------------------------

struct RunArgs {
    SynthRunOptions options;
    ModelArgs model;
    EndpointSettings endpoint;  // base_url set: generate through that server
    std::string tokenizer;      // the synthesizer's tokenizer, for an endpoint
    std::string shard;
    bool quiet = false;
    WorkspaceRecord record;
};

void parse_shard(const std::string& text, int* shard, int* shards) {
    const size_t slash = text.find('/');
    try {
        if (slash == std::string::npos) throw std::invalid_argument(text);
        size_t used = 0;
        *shard = std::stoi(text.substr(0, slash), &used);
        if (used != slash) throw std::invalid_argument(text);
        *shards = std::stoi(text.substr(slash + 1), &used);
        if (used != text.size() - slash - 1) throw std::invalid_argument(text);
    } catch (const std::exception&) {
        throw UsageError("--shard '" + text + "': expected i/N, e.g. 0/4");
    }
}

void run_synth(RunArgs a) {
    SynthRunOptions& o = a.options;
    if (!a.shard.empty())
        parse_shard(a.shard, &o.shard, &o.shards);
    else
        shard_from_environment(&o.shard, &o.shards);
    const SamplingOptions sampling =
        sampling_for_temperature(a.model.temperature, a.model.top_p, 0, a.model.seed);
    o.settings_json = synthesis_settings_json(o.synthesizer, sampling);
    // The backend's rules in the command line's words (core names no flags).
    if (a.endpoint.base_url.empty() && a.model.folder.empty())
        throw UsageError("give --synthesizer (a model folder) or --endpoint");
    if (!a.endpoint.base_url.empty() && a.tokenizer.empty() && a.model.folder.empty())
        throw UsageError("--endpoint needs the synthesizer's tokenizer: --tokenizer or --synthesizer");
    SynthesisBackendSpec spec;
    spec.folder = a.model.folder;
    spec.load = load_options(a.model);
    spec.endpoint = a.endpoint;
    spec.tokenizer = a.tokenizer;
    spec.context = o.synthesizer.context;
    spec.sampling = sampling;
    const SynthesisBackend backend = open_synthesis_backend(spec);
    if (backend.local)
        backend.local->model->set_prompt_encoding(parse_prompt_encoding(a.model.prompt_encoding));
    o.model_name = backend.model_name;
    SynthesisModel& model = backend.model();
    CancelToken cancel = cancel_on_sigint();
    ProgressLine line(a.quiet);
    SynthRunReport r;
    try {
        r = run_synthesis(o, model, line.sink(), cancel);
    } catch (const Cancelled&) {
        line.finish();
        std::cerr << "ipt: interrupted; finished records are saved, run the same command again to continue\n";
        throw;
    } catch (const EndpointUnavailable& e) {
        line.finish();
        std::cerr << "ipt: " << e.what()
                  << "\nipt: finished records are saved; run the same command again to continue\n";
        throw;
    }
    line.finish();
    if (r.already_complete) {
        std::cout << r.output << " is already complete (" << r.records << " records)\n";
        return;
    }
    const double secs = std::max(r.seconds, 1e-9);
    std::printf(
        "%s%zu of %zu records in %s; this run: %lld texts (%s), %lld pairs, %lld parser rejections, "
        "%lld generated tokens; %.2f texts/s, %.2f pairs/s, %.1f tokens/s\n",
        r.resumed_from ? ("resumed after " + std::to_string(r.resumed_from) + " records; ").c_str() : "",
        r.records, r.inputs, (r.complete ? r.output : r.output + ".partial").c_str(),
        static_cast<long long>(r.counters.texts), statuses(r.by_status).c_str(),
        static_cast<long long>(r.counters.pairs), static_cast<long long>(r.counters.dropped),
        static_cast<long long>(r.counters.generated_tokens), double(r.counters.texts) / secs,
        double(r.counters.pairs) / secs, double(r.counters.generated_tokens) / secs);
    if (!r.complete) std::printf("stopped early (--max-records); run the same command again to continue\n");
    record_in_workspace(a.record, RunKind::synth, r.complete ? RunStatus::finished : RunStatus::stopped,
                        r.output, summarize_synthesis(o, r), a.model.folder);
}

// --- rules -------------------------------------------------------------------------------------

struct RulesArgs {
    std::string input, output, text_field = "text";
    bool quiet = false;
    WorkspaceRecord record;
    bool reading_comprehension = false;
    std::string domain = "general", general_tokenizer, domain_tokenizer;
};

// AdaptLLM's output: one reading-comprehension text per raw text (a corpus file, not pairs).
void run_reading_comprehension(const RulesArgs& a) {
    ReadingComprehensionOptions options;
    options.domain = a.domain;
    std::unique_ptr<Tokenizer> general, domain;
    DomainKeywords keywords;
    if (!a.general_tokenizer.empty()) {
        general = load_tokenizer(a.general_tokenizer);
        options.tokenizer = general.get();
    }
    if (!a.domain_tokenizer.empty()) {
        if (!general) throw UsageError("--domain-tokenizer needs --general-tokenizer to compare with");
        domain = load_tokenizer(a.domain_tokenizer);
        keywords = domain_keywords(*general, *domain);
        options.keywords = &keywords;
    }
    const ReadingComprehensionReport r =
        build_reading_comprehension_corpus(a.input, a.output, a.text_field, options);
    std::string tasks;
    for (const auto& [type, n] : r.tasks)
        tasks += (tasks.empty() ? "" : ", ") + type + " " + std::to_string(n);
    std::printf(
        "%zu reading-comprehension texts (%s)%s -> %s\n", r.texts, tasks.c_str(),
        options.keywords ? (", " + std::to_string(keywords.pieces.size()) + " domain keywords").c_str() : "",
        a.output.c_str());
}

void run_rules(const RulesArgs& a) {
    if (a.reading_comprehension) return run_reading_comprehension(a);
    ProgressLine line(a.quiet);
    RulesRunReport r = run_rule_mining(a.input, a.output, a.text_field, line.sink(), cancel_on_sigint());
    line.finish();
    std::printf("%zu records (%s), %zu pairs, %.2f MB/s -> %s\n", r.records, statuses(r.by_status).c_str(),
                r.pairs, double(r.bytes) / 1e6 / std::max(r.seconds, 1e-9), r.output.c_str());
    record_in_workspace(a.record, RunKind::synth, RunStatus::finished, r.output,
                        summarize_rule_mining(a.input, r), "");
}

// --- corpus ------------------------------------------------------------------------------------

struct CorpusArgs {
    CorpusFiles files;
    CorpusOptions options;
};

void run_corpus(const CorpusArgs& a) {
    CorpusReport r = build_corpus(a.files, a.options);
    std::printf(
        "%zu documents: %zu texts converted in %zu chains, %zu raw, %zu fine-tuning (mix), %zu general -> "
        "%s\n",
        r.documents, r.converted_texts, r.chains, r.raw_texts, r.mix_documents, r.general_documents,
        a.files.output.c_str());
    if (r.pairs_dropped > 0)
        std::printf(
            "%zu of %zu pairs left out as the released templating leaves them out (see released_drop)\n",
            r.pairs_dropped, r.pairs);
}

// --- finetune-data -----------------------------------------------------------------------------

struct FinetuneArgs {
    std::string input, output, tokenizer;
    int64_t max_tokens = 4096;
    bool no_prepare = false, quiet = false;
};

void run_finetune_data(const FinetuneArgs& a) {
    auto tokenizer = load_tokenizer(a.tokenizer);
    FinetuneDataOptions options;
    options.input = a.input;
    options.output = a.output;
    options.max_tokens = a.max_tokens;
    options.prepare = !a.no_prepare;
    ProgressLine line(a.quiet);
    const FinetuneDataReport r = write_finetune_data(options, *tokenizer, line.sink(), cancel_on_sigint());
    line.finish();
    for (const std::string& p : r.packing.problems) std::cerr << "ipt: left out " << p << "\n";
    const FinetuneReport& f = r.packing;
    std::printf("%zu examples in %zu sequences (%zu too long), %lld tokens, %lld in the loss -> %s\n",
                f.examples, f.sequences, f.too_long, static_cast<long long>(f.tokens),
                static_cast<long long>(f.loss_tokens), r.sequences_file.c_str());
    if (a.no_prepare) return;
    std::printf("token shards with loss masks: %llu sequences, %llu tokens -> %s\n",
                static_cast<unsigned long long>(r.shards.documents),
                static_cast<unsigned long long>(r.shards.tokens), a.output.c_str());
}

// --- score -------------------------------------------------------------------------------------

struct ScoreArgs {
    std::string pred, gold;
    ModelArgs model;
    std::vector<int> shots{0, 3};
    int64_t max_new_tokens = 64;
    size_t batch = 8;
};

void run_score(const ScoreArgs& a) {
    if (a.pred.empty() && a.gold.empty()) throw UsageError("give --pred and/or --gold");
    std::vector<PairRecord> pred, gold;
    if (!a.pred.empty()) pred = read_pairs_file(a.pred);
    if (!a.gold.empty()) gold = read_pairs_file(a.gold);
    if (!a.pred.empty()) {
        CorpusStatistics s = corpus_statistics(pred);
        std::printf("%s: %zu records (", a.pred.c_str(), s.records);
        std::string sep;
        for (const auto& [k, n] : s.statuses)
            std::printf("%s%s %zu", std::exchange(sep, ", ").c_str(), k.c_str(), n);
        std::printf(")\n  pairs %zu, pairs per text %.2f, tokens per pair %.1f, duplicate rate %.2f%%\n",
                    s.pairs, s.pairs_per_text, s.tokens_per_pair, 100 * s.duplicate_rate);
        std::printf("  categories:");
        for (const auto& [k, n] : s.categories)
            std::printf(" %s %zu (%.1f%%)", k.c_str(), n, 100.0 * n / std::max<size_t>(1, s.pairs));
        std::printf("\n");
    }
    if (!pred.empty() && !gold.empty()) {
        PairQualityReport q = score_pair_quality(pred, gold);
        std::printf("pair quality: token F1 %.4f over %zu texts (%zu without a gold record)\n", q.f1,
                    q.matched, q.unmatched);
    }
    if (!a.model.folder.empty()) {
        if (gold.empty()) throw UsageError("response accuracy needs --gold");
        const auto s = load_synthesizer(a.model);
        for (int shots : a.shots) {
            ResponseAccuracyReport r = response_accuracy(*s->model, gold, shots, a.max_new_tokens, a.batch);
            std::printf("response accuracy (%d-shot): exact match %.4f, F1 %.4f over %zu questions\n", shots,
                        r.exact_match, r.f1, r.questions);
        }
    }
}

}  // namespace

void add_synth_commands(CLI::App& app) {
    CLI::App* synth = app.add_subcommand("synth", "Instruction synthesis and instruction-augmented corpora");
    synth->require_subcommand(1);

    auto run = std::make_shared<RunArgs>();
    CLI::App* r =
        synth->add_subcommand("run", "Synthesize instruction-response pairs for raw texts (resumable)");
    add_model_options(r, &run->model, false);
    r->add_option("--endpoint", run->endpoint.base_url,
                  "Generate through an OpenAI-compatible server instead, e.g. http://gpu-node:8000/v1 (vLLM, "
                  "SGLang, TGI, llama.cpp's server, ipt serve)");
    r->add_option("--endpoint-model", run->endpoint.model, "The served model's name (with --endpoint)");
    r->add_option("--api-key-env", run->endpoint.api_key_env, "Environment variable holding the API key");
    r->add_option("--concurrency", run->endpoint.concurrency, "Requests in flight (with --endpoint)");
    r->add_option("--retries", run->endpoint.retries, "Retries of a failed request, with backoff");
    r->add_option("--timeout", run->endpoint.timeout_seconds, "Seconds to wait for a server's answer");
    r->add_option("--tokenizer", run->tokenizer,
                  "The synthesizer's tokenizer.model (with --endpoint; default: --synthesizer's)");
    r->add_option("--input", run->options.input, "Raw corpus: .jsonl (a 'text' field) or .txt")->required();
    r->add_option("--out", run->options.output, "Pairs file (JSONL)")->required();
    r->add_option("--text-field", run->options.text_field, "JSONL field that holds the text");
    r->add_option("--rounds", run->options.synthesizer.rounds, "Multi-round chunks M (2 general, 3 domain)");
    r->add_option("--batch", run->options.synthesizer.batch, "Texts generated together");
    r->add_option("--group", run->options.synthesizer.group,
                  "Texts handed to the generator and written together, a resume point (default 4 x batch; "
                  "finished sequences make room for the next: continuous batching)");
    r->add_option("--max-new-tokens", run->options.synthesizer.max_new_tokens, "New tokens per text");
    r->add_option("--context", run->options.synthesizer.context, "Context limit (capped by the model's)");
    r->add_option("--shard", run->shard, "Take shard i of N (0-based, e.g. 0/4); default: RANK/WORLD_SIZE");
    r->add_option("--max-records", run->options.max_records,
                  "Stop after this many new records (rerun goes on)");
    r->add_flag("--quiet", run->quiet, "No progress line");
    add_workspace_options(r, &run->record);
    r->callback([run] { run_synth(*run); });

    auto rules = std::make_shared<RulesArgs>();
    CLI::App* ru = synth->add_subcommand("rules", "Mine pairs from texts with the rule-based baseline");
    ru->add_option("--input", rules->input, "Raw corpus: .jsonl or .txt")->required();
    ru->add_option("--out", rules->output, "Pairs file (JSONL)")->required();
    ru->add_option("--text-field", rules->text_field, "JSONL field that holds the text");
    ru->add_flag("--quiet", rules->quiet, "No progress line");
    ru->add_flag("--reading-comprehension", rules->reading_comprehension,
                 "AdaptLLM's output: one reading-comprehension text per raw text (a corpus JSONL)");
    ru->add_option("--domain", rules->domain, "Domain name used in the templates (--reading-comprehension)");
    ru->add_option("--general-tokenizer", rules->general_tokenizer,
                   "The general model's tokenizer: context length, and the side of the keyword comparison");
    ru->add_option(
        "--domain-tokenizer", rules->domain_tokenizer,
        "A tokenizer trained on the domain: its long word pieces the general one lacks are keywords");
    add_workspace_options(ru, &rules->record);
    ru->callback([rules] { run_rules(*rules); });

    auto corpus = std::make_shared<CorpusArgs>();
    CLI::App* c = synth->add_subcommand("corpus", "Build an instruction-augmented pre-training corpus");
    c->add_option("--pairs", corpus->files.pairs, "Pairs files (shards allowed)")
        ->required()
        ->expected(1, -1);
    c->add_option("--raw", corpus->files.raw, "Raw corpus (general mode: the unconverted texts stay raw)");
    c->add_option("--convert-ratio", corpus->options.convert_ratio,
                  "Fraction of raw texts converted (general)");
    c->add_option("--mix", corpus->files.mix, "Synthesizer fine-tuning data (JSONL) to mix in (Mix PT)");
    c->add_flag("--domain", corpus->options.domain, "Domain mode: convert all, mix 1:1 with --general");
    c->add_option("--general", corpus->files.general, "General instruction data (JSONL), domain mode");
    c->add_option("--seed", corpus->options.seed, "Seed of the conversion choice");
    c->add_option("--template-seed", corpus->options.template_seed,
                  "Seed of the first converted chain's templates (the k-th gets this + k; released: 12345)");
    c->add_option(
        "--templates", corpus->files.templates,
        "Template pools (JSON, the layout of resources/synth/template_pools.json); default: built in");
    c->add_option("--text-field", corpus->files.text_field, "JSONL field that holds the raw text");
    c->add_option("--out", corpus->files.output, "Corpus (JSONL with 'text')")->required();
    c->callback([corpus] { run_corpus(*corpus); });

    auto ft = std::make_shared<FinetuneArgs>();
    CLI::App* f = synth->add_subcommand("finetune-data",
                                        "Synthesizer fine-tuning sequences from reading comprehension data");
    f->add_option("--input", ft->input, "JSONL: {dataset, context, pairs: [{question, answer}]}")->required();
    f->add_option("--out", ft->output, "Folder: sequences.jsonl and token shards with loss masks")
        ->required();
    f->add_option("--tokenizer", ft->tokenizer, "tokenizer.json or tokenizer.model of the synthesizer")
        ->required();
    f->add_option("--max-tokens", ft->max_tokens, "Sequence length limit");
    f->add_flag("--no-prepare", ft->no_prepare, "Write sequences.jsonl only (no token shards)");
    f->add_flag("--quiet", ft->quiet, "No progress line");
    f->callback([ft] { run_finetune_data(*ft); });

    auto score = std::make_shared<ScoreArgs>();
    CLI::App* s = synth->add_subcommand("score", "Pair quality, response accuracy and corpus statistics");
    s->add_option("--pred", score->pred, "Pairs file to score");
    s->add_option("--gold", score->gold, "Gold pairs (same record layout, matched by id)");
    add_model_options(s, &score->model, false);
    s->add_option("--shots", score->shots, "Demonstrations for response accuracy (default 0 and 3)");
    s->add_option("--max-new-tokens", score->max_new_tokens, "Tokens per answer");
    s->add_option("--batch", score->batch, "Questions answered together");
    s->callback([score] { run_score(*score); });
}

}  // namespace ipt::cli
