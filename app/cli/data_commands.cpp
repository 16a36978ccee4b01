// `ipt data prepare`: corpora to token shards.
#include <csignal>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "ipt/common/error.h"
#include "ipt/data/dataset_builder.h"
#include "ipt/text/tokenizer.h"
#include "progress_line.h"

namespace ipt::cli {
namespace {

struct PrepareArgs {
    PrepareOptions options;
    std::string tokenizer;
    bool no_bos = false, no_eos = false, quiet = false;
};

void run_prepare(PrepareArgs a) {
    a.options.add_bos = !a.no_bos;
    a.options.add_eos = !a.no_eos;
    auto tokenizer = load_tokenizer(a.tokenizer);
    CancelToken cancel = cancel_on_sigint();
    ProgressLine line(a.quiet);
    PrepareReport r;
    try {
        r = prepare_dataset(a.options, *tokenizer, line.sink(), cancel);
    } catch (const Cancelled&) {
        line.finish();
        std::cerr << "ipt: interrupted; progress is saved, run the same command again to resume\n";
        throw;
    }
    line.finish();
    for (const auto& p : r.problems) std::cerr << "ipt: skipped " << p << "\n";
    if (r.already_complete) std::cout << a.options.output << " is already prepared\n";
    std::cout << (r.resumed ? "resumed; " : "") << r.documents << " documents, " << r.tokens << " tokens in "
              << r.shards << (r.shards == 1 ? " shard" : " shards") << ", " << r.skipped
              << " skipped records -> " << a.options.output << "\n";
}

}  // namespace

void add_data_commands(CLI::App& app) {
    CLI::App* data = app.add_subcommand("data", "Prepare training data");
    data->require_subcommand(1);
    auto a = std::make_shared<PrepareArgs>();
    CLI::App* prepare =
        data->add_subcommand("prepare", "Tokenize corpora into memory-mapped token shards (resumable)");
    prepare
        ->add_option("--tokenizer", a->tokenizer,
                     "tokenizer.json or tokenizer.model (or a model folder holding one)")
        ->required();
    prepare
        ->add_option("--input", a->options.inputs,
                     ".jsonl (a 'text' field per line) or .txt (a document per line)")
        ->required()
        ->expected(1, -1);
    prepare->add_option("--out", a->options.output, "Dataset folder")->required();
    prepare->add_option("--text-field", a->options.text_field, "JSONL field that holds the text");
    prepare->add_flag("--loss-mask", a->options.loss_mask,
                      "Write a loss mask from records' segments: [{\"text\", \"loss\": bool}]");
    prepare->add_flag("--skip-malformed", a->options.skip_malformed,
                      "Skip (and count) malformed records instead of stopping at the first");
    prepare->add_flag("--no-bos", a->no_bos, "Do not start documents with BOS");
    prepare->add_flag("--no-eos", a->no_eos, "Do not end documents with EOS");
    prepare->add_option("--shard-tokens", a->options.shard_tokens, "Tokens per shard (about)");
    prepare->add_option("--threads", a->options.threads, "Tokenizer threads (default: all cores)");
    prepare->add_flag("--quiet", a->quiet, "No progress line");
    prepare->callback([a] { run_prepare(*a); });
}

}  // namespace ipt::cli
