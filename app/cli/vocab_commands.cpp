// `ipt vocab expand`, `ipt vocab report` and `ipt vocab adapt`: vocabulary expansion for a low-resource
// target language.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "ipt/common/error.h"
#include "ipt/runs/workspace.h"
#include "ipt/vocab/adaptation.h"
#include "ipt/vocab/expansion.h"
#include "ipt/vocab/vocab_report.h"
#include "progress_line.h"
#include "speedup_summary.h"
#include "workspace_record.h"

namespace ipt::cli {
namespace {

struct ExpandArgs {
    ExpansionOptions options;
    std::string init = "mean";
    bool no_lapt = false, quiet = false;
    WorkspaceRecord record;
};

std::vector<InitMethod> parse_methods(const std::string& init) {
    if (init == "all") return all_init_methods();
    std::vector<InitMethod> out;
    size_t start = 0;
    while (start <= init.size()) {
        const size_t comma = init.find(',', start);
        const std::string name =
            init.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const InitMethod m = init_method_from_name(name);
        if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

void run_expand(ExpandArgs a) {
    a.options.methods = parse_methods(a.init);
    a.options.lapt = !a.no_lapt;
    CancelToken cancel = cancel_on_sigint();
    ProgressLine line(a.quiet);
    a.options.progress = line.sink();
    a.options.cancel = &cancel;
    a.options.note = [&line](const std::string& note) {
        line.finish();
        std::cerr << "ipt: note: " << note << "\n";
    };
    ExpansionResult r;
    try {
        r = expand_vocabulary(a.options);
    } catch (const Cancelled&) {
        line.finish();
        std::cerr << "ipt: interrupted; nothing was written\n";
        throw;
    }
    line.finish();
    std::printf("auxiliary tokenizer: %lld pieces, %lld candidates; %lld new tokens (asked for %lld)\n",
                static_cast<long long>(r.auxiliary_vocab_size), static_cast<long long>(r.candidates),
                static_cast<long long>(r.k), static_cast<long long>(r.k_requested));
    std::printf("vocabulary: %lld -> %lld (padded to a multiple of 8)\n",
                static_cast<long long>(r.source_vocab_size), static_cast<long long>(r.vocab_size));
    std::printf(
        "corpus tokens: %lld -> %lld (%.1f%% shorter)\n", static_cast<long long>(r.corpus_source_tokens),
        static_cast<long long>(r.corpus_expanded_tokens),
        100.0 *
            (1.0 - double(r.corpus_expanded_tokens) / double(std::max<int64_t>(1, r.corpus_source_tokens))));
    const size_t show = std::min<size_t>(10, r.new_tokens.size());
    std::printf("first new tokens:");
    for (size_t i = 0; i < show; ++i)
        std::printf(" %s(%lld)", r.new_tokens[i].piece.c_str(),
                    static_cast<long long>(r.new_tokens[i].frequency));
    std::printf("\n");
    for (const auto& f : r.folders) std::printf("wrote %s\n", f.c_str());
    record_in_workspace(a.record, RunKind::vocab, RunStatus::finished, a.options.out,
                        summarize_expansion(a.options, r), a.options.model);
}

struct ReportArgs {
    VocabReportOptions options;
    bool quiet = false;
};

void run_report(ReportArgs a) {
    ProgressLine line(a.quiet);
    a.options.progress = line.sink();
    VocabReportSummary s = write_vocab_report(a.options);
    line.finish();
    std::printf("held-out text: %lld characters, %lld words\n", static_cast<long long>(s.characters),
                static_cast<long long>(s.words));
    print_speedup(s.speed);
    const bool source_language = s.source_source_loss.has_value();
    std::printf("held-out loss before adaptation, bits per character: target text%s\n",
                source_language ? ", source-language text" : "");
    const auto row = [source_language](const char* name, const HeldoutLoss& target,
                                       const std::optional<HeldoutLoss>& source) {
        std::printf("  %-8s %8.3f", name, target.bits_per_character());
        if (source_language && source) std::printf(" %8.3f", source->bits_per_character());
        std::printf("\n");
    };
    row("source", s.source_target_loss, s.source_source_loss);
    for (const auto& m : s.methods) row(m.method.c_str(), m.target_loss, m.source_language_loss);
    std::printf("%-8s %12s %16s   (source rows: mean norm %.3f)\n", "method", "mean norm", "cosine to Mean",
                s.source_norm_mean);
    for (const auto& m : s.methods)
        std::printf("%-8s %12.3f %16.3f\n", m.method.c_str(), m.norm_mean, m.cosine_to_mean);
    std::printf("wrote %s\n", s.path.c_str());
}

struct AdaptArgs {
    AdaptationOptions options;
    std::string workspace, methods;
    int64_t steps = 0, sequence_length = 0, batch_tokens = 0, micro_batch = 0, eval_every = 0, log_every = 0,
            warmup_steps = -1;
    double lr = 0;
    bool quiet = false;
};

void run_adapt(AdaptArgs a) {
    AdaptationOptions& o = a.options;
    if (a.workspace.empty() == o.runs_folder.empty())
        throw UsageError("give either --workspace (runs go to its runs/ folder) or --runs DIR");
    std::shared_ptr<Workspace> workspace;
    if (!a.workspace.empty()) {
        workspace = open_workspace_for_filing(a.workspace);
        o.runs_folder = workspace->runs_folder().string();
    }
    if (!a.methods.empty())
        for (InitMethod m : parse_methods(a.methods)) o.methods.push_back(init_method_name(m));
    const auto set = [](int64_t value, std::optional<int64_t>* field) {
        if (value > 0) *field = value;
    };
    set(a.steps, &o.steps);
    set(a.sequence_length, &o.sequence_length);
    set(a.batch_tokens, &o.global_batch_tokens);
    set(a.micro_batch, &o.micro_batch);
    set(a.eval_every, &o.eval_every);
    set(a.log_every, &o.log_every);
    if (a.warmup_steps >= 0) o.warmup_steps = a.warmup_steps;
    if (a.lr > 0) o.lr = a.lr;
    o.cancel = cancel_on_sigint();
    ProgressLine line(a.quiet);
    o.progress = line.sink();
    std::vector<AdaptedMethod> done;
    try {
        done = adapt_expansion(o);
    } catch (const Cancelled&) {
        line.finish();
        std::cerr << "ipt: interrupted; run the same command again to resume\n";
        throw;
    }
    line.finish();
    std::printf("%-8s %7s %12s %16s  %s\n", "method", "steps", "train loss", "validation loss", "run");
    for (const auto& m : done) {
        std::printf("%-8s %7lld %12.4f ", m.method.c_str(), static_cast<long long>(m.steps), m.last_loss);
        if (m.last_val_loss >= 0)
            std::printf("%16.4f", m.last_val_loss);
        else
            std::printf("%16s", "-");
        std::printf("  %s%s\n", m.run_dir.c_str(), m.already_complete ? " (already complete)" : "");
    }
    if (workspace) {
        std::vector<std::string> problems;
        workspace->index_new_run_directories(&problems);
        for (const auto& p : problems) std::cerr << "ipt: note: " << p << "\n";
        std::printf("filed in %s\n", workspace->root().string().c_str());
    }
}

}  // namespace

void add_vocab_commands(CLI::App& app) {
    CLI::App* vocab = app.add_subcommand("vocab", "Vocabulary expansion for a low-resource target language");
    vocab->require_subcommand(1);

    auto e = std::make_shared<ExpandArgs>();
    CLI::App* expand = vocab->add_subcommand(
        "expand", "Add the target language's most useful pieces to a model's vocabulary and initialise them");
    expand
        ->add_option("--model", e->options.model,
                     "Source model folder (Llama-style; tokenizer.json BPE or SentencePiece BPE)")
        ->required();
    expand->add_option("--tokenizer", e->options.tokenizer,
                       "Source tokenizer.json or tokenizer.model (default: the model folder's)");
    expand
        ->add_option("--corpus", e->options.corpus,
                     "Target-language text: .txt (a document per line) or .jsonl")
        ->required();
    expand->add_option("--new-tokens", e->options.new_tokens, "How many pieces to add (k)")
        ->capture_default_str();
    expand->add_option("--init", e->init, "mean, merge, align, random, focus, a comma-separated list, or all")
        ->capture_default_str();
    expand->add_option("--out", e->options.out, "Output folder (one model folder per method inside)")
        ->required();
    expand
        ->add_option("--aux-vocab-size", e->options.auxiliary_vocab_size,
                     "Auxiliary tokenizer's vocabulary (capped by what the corpus supports)")
        ->capture_default_str();
    expand->add_option("--seed", e->options.seed, "Seed for Random and FOCUS")->capture_default_str();
    expand->add_option("--threads", e->options.threads,
                       "Tokenization and alignment threads (default: all cores)");
    expand
        ->add_option("--focus-steps", e->options.focus.max_steps,
                     "Most training steps of FOCUS's static embeddings")
        ->capture_default_str();
    expand->add_flag("--overwrite", e->options.overwrite, "Replace an existing output folder");
    expand->add_flag("--no-lapt", e->no_lapt, "Do not write lapt-data/ and <method>/lapt.toml");
    expand->add_flag("--quiet", e->quiet, "No progress line");
    add_workspace_options(expand, &e->record);
    expand->callback([e] { run_expand(*e); });

    auto r = std::make_shared<ReportArgs>();
    CLI::App* rep = vocab->add_subcommand("report",
                                          "Speed-up, held-out loss per method, new tokens and embedding "
                                          "geometry of an expansion, as report.json");
    rep->add_option("--source", r->options.source, "Source model folder")->required();
    rep->add_option("--expanded", r->options.expanded, "Folder written by 'ipt vocab expand'")->required();
    rep->add_option("--text", r->options.text, "Held-out target-language text: .txt or .jsonl")->required();
    rep->add_option("--out", r->options.out, "report.json path (default: <expanded>/report.json)");
    rep->add_option("--source-text", r->options.source_text,
                    "Held-out source-language text (.txt or .jsonl): the held-out loss there too");
    add_speedup_options(rep, &r->options.speed);
    rep->add_option("--loss-characters", r->options.loss.max_characters,
                    "Characters of each held-out text scored for the loss (whole texts; 0: all)")
        ->capture_default_str();
    rep->add_option("--neighbours", r->options.neighbours, "Nearest source tokens listed per new token")
        ->capture_default_str();
    rep->add_flag("--quiet", r->quiet, "No progress line");
    rep->callback([r] { run_report(*r); });

    auto d = std::make_shared<AdaptArgs>();
    CLI::App* adapt = vocab->add_subcommand(
        "adapt",
        "Language-adaptive pre-training (LoRA + embeddings) of every method of an expansion, each "
        "in its own run directory; resumes what was stopped");
    adapt->add_option("--expanded", d->options.expanded, "Folder written by 'ipt vocab expand'")->required();
    adapt->add_option("--workspace", d->workspace,
                      "Workspace whose runs/ folder gets the runs (and indexes them)");
    adapt->add_option("--runs", d->options.runs_folder,
                      "Folder for the run directories (without a workspace)");
    adapt->add_option("--prefix", d->options.prefix,
                      "Run names: PREFIX-<method> (default: the expansion's folder name)");
    adapt->add_option("--init", d->methods, "Methods to adapt (default: every method of the expansion)");
    adapt->add_option("--validation-text", d->options.validation_text,
                      "Held-out target text (.txt or .jsonl): every run's validation set");
    adapt->add_option("--steps", d->steps, "Optimizer steps (default: lapt.toml's, one epoch)");
    adapt->add_option("--sequence-length", d->sequence_length, "Tokens per sequence");
    adapt->add_option("--batch-tokens", d->batch_tokens, "Tokens per optimizer step");
    adapt->add_option("--micro-batch", d->micro_batch, "Sequences per forward pass");
    adapt->add_option("--lr", d->lr, "Peak learning rate (the minimum is a tenth of it)");
    adapt->add_option("--warmup-steps", d->warmup_steps, "Warm-up steps");
    adapt->add_option("--eval-every", d->eval_every, "Validate every N steps (and at the end)");
    adapt->add_option("--log-every", d->log_every, "Log every N steps");
    adapt->add_option("--device", d->options.device, "cpu, cuda or cuda:N (default: lapt.toml's)");
    adapt->add_flag("--quiet", d->quiet, "No progress line");
    adapt->callback([d] { run_adapt(*d); });
}

}  // namespace ipt::cli
