#pragma once
// A client of the OpenAI-compatible completions API (vLLM, SGLang, TGI, llama.cpp's server, `ipt serve`):
// POST {base_url}/completions, GET {base_url}/models. Requests in flight are limited; a request that
// fails for the connection, a timeout, 429 or a 5xx is retried with exponential backoff; any other
// refusal (4xx) is final. Thread-safe: one client serves many threads.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/error.h"
#include "ipt/model/sampling.h"
#include "ipt/text/tokenizer.h"

namespace ipt {

struct EndpointSettings {
    std::string base_url;                        // e.g. "http://gpu-node:8000/v1"
    std::string model;                           // the served model's name
    std::string api_key_env = "OPENAI_API_KEY";  // variable holding the key; unset or empty: no key
    size_t concurrency = 8;                      // requests in flight at most
    int retries = 4;                             // attempts after the first
    double backoff_seconds = 1.0;                // before the first retry, doubled after each
    double timeout_seconds = 600;                // connecting, and waiting for each response

    void validate() const;  // throws UsageError naming the bad setting
    // What a connection needs (base URL, retries, backoff, timeout), without the model name and the
    // concurrency: enough to ask a server which models it serves before one is chosen.
    void validate_connection() const;
};

struct CompletionRequest {
    TokenIds prompt_ids;  // sent as token ids when not empty (exact), else `prompt` as text
    std::string prompt;
    int64_t max_tokens = 16;
    SamplingOptions sampling;  // greedy is sent as temperature 0
    std::vector<std::string> stop;
};

struct Completion {
    std::string text;
    std::string finish_reason;  // "stop", "length"
    int64_t completion_tokens = 0;
    int attempts = 0;
};

// The server refused a request (a 4xx other than 429): the request, not the server, is at fault.
class RequestRefused : public Error {
  public:
    explicit RequestRefused(const std::string& message) : Error(message) {}
};
// No answer after every retry (connection, timeout, 429, 5xx): the server is at fault or away.
class EndpointUnavailable : public Error {
  public:
    explicit EndpointUnavailable(const std::string& message) : Error(message) {}
};

// The model ids a server lists (GET {base_url}/models). Needs only the connection settings, so that a
// front-end can offer the served names to choose from. Throws UsageError for the settings,
// RequestRefused, EndpointUnavailable (no retries: a person is waiting for the list).
std::vector<std::string> list_models(const EndpointSettings& settings);

class CompletionsClient {
  public:
    explicit CompletionsClient(EndpointSettings settings);

    // One completion, with retries. `on_delta` set: streamed (SSE), called with each piece of text.
    // Throws RequestRefused, EndpointUnavailable, or Cancelled.
    Completion complete(const CompletionRequest& request, const CancelToken* cancel = nullptr,
                        const std::function<void(const std::string&)>& on_delta = {}) const;

    // Many completions, `concurrency` at a time, in request order. An entry whose request was refused or
    // never answered holds the exception; the others their completion.
    struct Outcome {
        Completion completion;
        std::string error;  // empty: fine
        bool refused = false;
    };
    std::vector<Outcome> complete_all(const std::vector<CompletionRequest>& requests,
                                      const CancelToken* cancel = nullptr) const;

    std::vector<std::string> models() const { return list_models(settings_); }
    const EndpointSettings& settings() const { return settings_; }

  private:
    std::string body(const CompletionRequest& request, bool stream) const;
    EndpointSettings settings_;
    std::string origin_, prefix_;  // "http://host:port" and "/v1"
};

}  // namespace ipt
