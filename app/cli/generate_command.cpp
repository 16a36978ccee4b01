// `ipt generate`: text from a model folder, streamed to stdout as it is produced.
#include <iostream>
#include <sstream>

#include "commands.h"
#include "ipt/common/error.h"
#include "ipt/model/generator.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/runtime.h"
#include "ipt/text/model_tokenizer.h"
#include "ipt/text/tokenizer.h"

namespace ipt::cli {
namespace {

struct GenerateArgs {
    std::string model, prompt, prompt_ids, tokenizer, device = "cpu", dtype;
    int64_t max_new_tokens = 64;
    bool greedy = false, print_ids = false, no_bos = false, ignore_eos = false;
    float temperature = 1.0f, top_p = 1.0f, repetition_penalty = 1.0f;
    int top_k = 0;
    uint64_t seed = 0;
    std::vector<std::string> stop;
};

TokenIds parse_ids(const std::string& text) {
    TokenIds ids;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        size_t used = 0;
        long value = 0;
        try {
            value = std::stol(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size() || value < 0)
            throw UsageError("--prompt-ids: '" + item + "' is not a token id (expected e.g. 1,2,3)");
        ids.push_back(static_cast<int32_t>(value));
    }
    if (ids.empty()) throw UsageError("--prompt-ids is empty");
    return ids;
}

void run_generate(const GenerateArgs& a) {
    if (a.prompt.empty() == a.prompt_ids.empty())
        throw UsageError("give exactly one of --prompt and --prompt-ids");
    LoadOptions load;
    load.device = a.device;
    if (!a.dtype.empty()) load.dtype = parse_dtype(a.dtype);
    LoadedModel loaded = load_hf_model(a.model, load);
    for (const auto& name : loaded.unused_tensors) std::cerr << "ipt: note: unused tensor '" << name << "'\n";
    if (loaded.model->device().is_cpu()) {
        const std::string note = cpu_dtype_note(loaded.model->dtype(), /*training=*/false);
        if (!note.empty()) std::cerr << "ipt: note: " << note << "\n";
    }

    std::unique_ptr<Tokenizer> tokenizer;
    bool need_tokenizer = !a.prompt.empty() || !a.print_ids || !a.stop.empty();
    if (need_tokenizer || !a.tokenizer.empty())
        tokenizer = load_model_tokenizer(a.model, loaded.model->config().vocab_size, a.tokenizer);

    TokenIds prompt;
    if (!a.prompt_ids.empty()) {
        prompt = parse_ids(a.prompt_ids);
    } else {
        EncodeOptions enc;
        enc.add_bos = !a.no_bos;
        enc.parse_special = true;
        prompt = tokenizer->encode(a.prompt, enc);
    }

    GenerationOptions options;
    options.max_new_tokens = a.max_new_tokens;
    options.sampling.greedy = a.greedy;
    options.sampling.temperature = a.temperature;
    options.sampling.top_k = a.top_k;
    options.sampling.top_p = a.top_p;
    options.sampling.repetition_penalty = a.repetition_penalty;
    options.sampling.seed = a.seed;
    options.stop_at_eos = !a.ignore_eos;
    options.stop_strings = a.stop;

    Generator generator(*loaded.model, tokenizer.get());
    TokenCallback stream;
    if (!a.print_ids) {
        std::cout << a.prompt << std::flush;
        stream = [](const TokenEvent& e) { std::cout << e.text_delta << std::flush; };
    }
    std::vector<Generation> out = generator.generate({prompt}, options, stream);
    if (a.print_ids) {
        for (size_t i = 0; i < out[0].tokens.size(); ++i) std::cout << (i ? " " : "") << out[0].tokens[i];
        std::cout << "\n";
    } else {
        std::cout << "\n";
        std::cerr << "[" << out[0].tokens.size() << " tokens, stopped: " << stop_reason_name(out[0].reason)
                  << "]\n";
    }
}

}  // namespace

void add_generate_command(CLI::App& app) {
    auto a = std::make_shared<GenerateArgs>();
    CLI::App* cmd = app.add_subcommand("generate", "Generate text with a model folder (KV cache, streaming)");
    cmd->add_option("--model", a->model, "Hugging Face model folder")->required();
    cmd->add_option("--prompt", a->prompt, "Prompt text (control pieces such as <s> are recognised)");
    cmd->add_option("--prompt-ids", a->prompt_ids, "Prompt as token ids, e.g. 1,2,3");
    cmd->add_option("--tokenizer", a->tokenizer,
                    "tokenizer.json or tokenizer.model (default: the model folder's)");
    cmd->add_option("--max-new-tokens", a->max_new_tokens, "Tokens to generate at most");
    cmd->add_flag("--greedy", a->greedy,
                  "Pick the most likely token (default when no sampling flag is given)");
    auto* t = cmd->add_option("--temperature", a->temperature, "Sampling temperature (0 or below: greedy)");
    auto* p = cmd->add_option("--top-p", a->top_p, "Nucleus sampling mass");
    auto* k = cmd->add_option("--top-k", a->top_k, "Sample among the k most likely tokens");
    cmd->add_option("--repetition-penalty", a->repetition_penalty, "Penalty for tokens already present (>1)");
    cmd->add_option("--seed", a->seed, "Sampling seed");
    cmd->add_option("--stop", a->stop, "Stop when this string appears (repeatable)");
    cmd->add_flag("--no-bos", a->no_bos, "Do not prepend BOS to --prompt");
    cmd->add_flag("--ignore-eos", a->ignore_eos, "Keep generating past EOS");
    cmd->add_option("--device", a->device, "cpu, cuda or cuda:N");
    cmd->add_option("--dtype", a->dtype, "Compute dtype (default: the model's)");
    cmd->add_flag("--print-ids", a->print_ids, "Print only the generated token ids, space separated");
    t->excludes(cmd->get_option("--greedy"));
    p->excludes(cmd->get_option("--greedy"));
    k->excludes(cmd->get_option("--greedy"));
    cmd->callback([a, t, p, k] {
        GenerateArgs args = *a;
        // A temperature of 0 or below means greedy, as everywhere in the workbench
        // (sampling_for_temperature).
        args.greedy = args.greedy || (t->count() == 0 && p->count() == 0 && k->count() == 0) ||
                      (t->count() > 0 && !(args.temperature > 0));
        run_generate(args);
    });
}

}  // namespace ipt::cli
