// `ipt serve`: a model folder behind the OpenAI-compatible completions API (core/serve).
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "ipt/common/error.h"
#include "ipt/model/runtime.h"
#include "ipt/serve/completions_server.h"
#include "progress_line.h"

namespace ipt::cli {

void add_serve_command(CLI::App& app) {
    auto o = std::make_shared<ServeOptions>();
    auto device = std::make_shared<std::string>("cpu");
    auto dtype = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand(
        "serve", "Serve a model over the OpenAI-compatible completions API (/v1/completions, /v1/models)");
    cmd->add_option("--model", o->model_folder, "Hugging Face model folder (with tokenizer.model)")
        ->required();
    cmd->add_option("--name", o->model_name, "Model name clients use (default: the folder's name)");
    cmd->add_option("--host", o->host,
                    "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)");
    cmd->add_option("--port", o->port, "Port (default 8000; 0: any free port)");
    cmd->add_option("--slots", o->slot_count, "Sequences generated together (continuous batching)");
    cmd->add_option("--device", *device, "cpu, cuda or cuda:N");
    cmd->add_option("--dtype", *dtype, "Compute dtype (default: the model's)");
    cmd->callback([o, device, dtype] {
        o->load.device = *device;
        if (!dtype->empty()) o->load.dtype = parse_dtype(*dtype);
        serve_completions(
            *o,
            [&](int port) {
                std::printf("serving %s on http://%s:%d/v1 (%zu slots); Ctrl-C stops\n",
                            o->model_folder.c_str(), o->host.c_str(), port, o->slot_count);
                std::fflush(stdout);
            },
            cancel_on_sigint());
    });
}

}  // namespace ipt::cli
