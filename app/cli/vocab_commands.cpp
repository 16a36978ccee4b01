// `ipt vocab expand` and `ipt vocab report`: vocabulary expansion for a low-resource target language.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "ipt/common/error.h"
#include "ipt/vocab/expansion.h"
#include "ipt/vocab/vocab_report.h"
#include "progress_line.h"
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
    const ExpansionOptions& o = a.options;
    const std::string config = "model = \"" + o.model + "\"\ncorpus = \"" + o.corpus +
                               "\"\nnew_tokens = " + std::to_string(r.k) + "\ninit = \"" + a.init + "\"\n";
    record_in_workspace(a.record, RunKind::vocab, RunStatus::finished, o.out, config, o.model,
                        {{"new_tokens", double(r.k)},
                         {"vocab_size", double(r.vocab_size)},
                         {"corpus_length_reduction_percent",
                          100.0 * (1.0 - double(r.corpus_expanded_tokens) /
                                             double(std::max<int64_t>(1, r.corpus_source_tokens)))}});
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
    std::printf("tokens: source %lld, expanded %lld (%.1f%% shorter)\n",
                static_cast<long long>(s.source_tokens), static_cast<long long>(s.expanded_tokens),
                s.length_reduction_percent);
    std::printf("generation: source %.1f tokens/s (%.1f chars/s), expanded %.1f tokens/s (%.1f chars/s)\n",
                s.speed.source.tokens_per_second, s.speed.source.characters_per_second,
                s.speed.expanded.tokens_per_second, s.speed.expanded.characters_per_second);
    std::printf("inference speed-up (characters per second): %+.1f%%\n", s.speed.speedup_percent());
    std::printf("%-8s %12s %16s   (source rows: mean norm %.3f)\n", "method", "mean norm", "cosine to Mean",
                s.source_norm_mean);
    for (const auto& m : s.methods)
        std::printf("%-8s %12.3f %16.3f\n", m.method.c_str(), m.norm_mean, m.cosine_to_mean);
    std::printf("wrote %s\n", s.path.c_str());
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
    CLI::App* rep = vocab->add_subcommand(
        "report", "Speed-up, new tokens and embedding geometry of an expansion, as report.json");
    rep->add_option("--source", r->options.source, "Source model folder")->required();
    rep->add_option("--expanded", r->options.expanded, "Folder written by 'ipt vocab expand'")->required();
    rep->add_option("--text", r->options.text, "Held-out target-language text: .txt or .jsonl")->required();
    rep->add_option("--out", r->options.out, "report.json path (default: <expanded>/report.json)");
    rep->add_option("--prompts", r->options.speed.prompts, "Generation prompts for the speed measurement")
        ->capture_default_str();
    rep->add_option("--max-new-tokens", r->options.speed.max_new_tokens, "Tokens generated per prompt")
        ->capture_default_str();
    rep->add_option("--neighbours", r->options.neighbours, "Nearest source tokens listed per new token")
        ->capture_default_str();
    rep->add_flag("--quiet", r->quiet, "No progress line");
    rep->callback([r] { run_report(*r); });
}

}  // namespace ipt::cli
