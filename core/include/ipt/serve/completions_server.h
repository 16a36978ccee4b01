#pragma once
// `ipt serve`: the workbench's engine behind the OpenAI-compatible completions API, so that a GPU node
// runs it and every workbench client (synthesis, playgrounds) points at it like at vLLM:
//   POST /v1/completions  prompt as text or token ids (or a list of either), max_tokens, temperature
//                         (0: greedy), top_p, top_k, repetition_penalty, seed, stop, stream (SSE)
//   GET  /v1/models       the one model served
//   GET  /health          200 while serving
// Requests share the generator's slots: continuous batching across requests.
#include <functional>
#include <string>

#include "ipt/common/cancel.h"
#include "ipt/model/hf_folder.h"

namespace ipt {

struct ServeOptions {
    std::string model_folder;
    std::string model_name;  // what clients name in "model"; default: the folder's name
    std::string host = "127.0.0.1";
    int port = 8000;        // 0: any free port (on_ready tells which)
    size_t slot_count = 8;  // sequences generated together
    LoadOptions load;
};

// Loads the model and serves until `stop` fires. `on_ready(port)` is called once the server listens.
// Throws FileError / UsageError for the model, Error when the address cannot be bound.
void serve_completions(const ServeOptions& options, const std::function<void(int port)>& on_ready,
                       const CancelToken& stop);

}  // namespace ipt
