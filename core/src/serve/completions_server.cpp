#include "ipt/serve/completions_server.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "ipt/common/error.h"
#include "ipt/model/generator.h"
#include "ipt/text/tokenizer.h"

namespace ipt {
namespace {

using json = nlohmann::json;

// One prompt of a request, followed from the HTTP thread while the engine thread generates it.
struct Job {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::string> deltas;
    bool done = false;
    Generation result;
    int64_t prompt_tokens = 0;
    std::shared_ptr<CancelToken> cancel = std::make_shared<CancelToken>();
};

// Requests waiting for a slot; the engine thread takes them (Generator::serve's RequestSource).
class RequestQueue {
  public:
    void push(GenerationRequest r) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            waiting_.push_back(std::move(r));
        }
        changed_.notify_one();
    }
    bool pop(GenerationRequest* r, bool idle, const CancelToken& stop) {
        std::unique_lock<std::mutex> lock(mutex_);
        while (idle && waiting_.empty() && !stop.cancelled())
            changed_.wait_for(lock, std::chrono::milliseconds(100));
        if (waiting_.empty() || stop.cancelled()) return false;
        *r = std::move(waiting_.front());
        waiting_.pop_front();
        return true;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<GenerationRequest> waiting_;
};

json error_body(const std::string& message, const char* type) {
    return {{"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", nullptr}}}};
}

void send_error(httplib::Response& res, int status, const std::string& message, const char* type) {
    res.status = status;
    res.set_content(error_body(message, type).dump(), "application/json");
}

const char* finish_reason(StopReason r) {
    switch (r) {
        case StopReason::Eos:
        case StopReason::StopString:
            return "stop";
        case StopReason::MaxTokens:
        case StopReason::ContextFull:
            return "length";
        case StopReason::Cancelled:
            break;
    }
    return nullptr;
}

// The prompts of a request: a string, a list of strings, a list of token ids, or a list of such lists.
std::vector<TokenIds> read_prompts(const json& prompt, const Tokenizer& tokenizer) {
    auto encode = [&](const std::string& text) {
        EncodeOptions o;
        o.add_bos = true;
        o.parse_special = true;
        return tokenizer.encode(text, o);
    };
    auto ids = [](const json& list) {
        TokenIds out;
        for (const json& v : list) {
            if (!v.is_number_integer()) throw UsageError("'prompt': a token list holds a non-integer");
            out.push_back(v.get<int32_t>());
        }
        return out;
    };
    std::vector<TokenIds> out;
    if (prompt.is_string()) return {encode(prompt.get<std::string>())};
    if (!prompt.is_array() || prompt.empty())
        throw UsageError("'prompt' must be a string, token ids or a list of them");
    if (prompt[0].is_number_integer()) return {ids(prompt)};
    for (const json& p : prompt) {
        if (p.is_string())
            out.push_back(encode(p.get<std::string>()));
        else if (p.is_array())
            out.push_back(ids(p));
        else
            throw UsageError("'prompt': each entry must be a string or a list of token ids");
    }
    return out;
}

GenerationOptions read_options(const json& body, std::mt19937_64& seeds) {
    GenerationOptions o;
    auto number = [&](const char* key, double fallback) {
        if (!body.contains(key) || body[key].is_null()) return fallback;
        if (!body[key].is_number()) throw UsageError(std::string("'") + key + "' must be a number");
        return body[key].get<double>();
    };
    o.max_new_tokens = static_cast<int64_t>(number("max_tokens", 16));
    if (o.max_new_tokens < 1) throw UsageError("'max_tokens' must be at least 1");
    const uint64_t seed =
        body.contains("seed") && body["seed"].is_number_integer() ? body["seed"].get<uint64_t>() : seeds();
    o.sampling = sampling_for_temperature(static_cast<float>(number("temperature", 1.0)),
                                          static_cast<float>(number("top_p", 1.0)),
                                          static_cast<int>(number("top_k", 0)), seed);
    if (o.sampling.top_k < 0) o.sampling.top_k = 0;  // vLLM's -1 for "off"
    o.sampling.repetition_penalty = static_cast<float>(number("repetition_penalty", 1.0));
    if (number("n", 1) != 1 || number("best_of", 1) != 1) throw UsageError("only n = 1 is supported");
    if (body.contains("stop") && !body["stop"].is_null()) {
        if (body["stop"].is_string())
            o.stop_strings = {body["stop"].get<std::string>()};
        else if (body["stop"].is_array())
            for (const json& s : body["stop"]) {
                if (!s.is_string()) throw UsageError("'stop' must be a string or a list of strings");
                o.stop_strings.push_back(s.get<std::string>());
            }
        else
            throw UsageError("'stop' must be a string or a list of strings");
    }
    o.sampling.validate();
    return o;
}

class CompletionsService {
  public:
    explicit CompletionsService(const ServeOptions& options) : seeds_(std::random_device{}()) {
        loaded_ = load_hf_model(options.model_folder, options.load);
        tokenizer_ = load_tokenizer(options.model_folder + "/tokenizer.model");
        name_ = options.model_name.empty()
                    ? std::filesystem::path(options.model_folder).lexically_normal().filename().string()
                    : options.model_name;
        if (name_.empty()) name_ = "model";
        generator_ = std::make_unique<Generator>(*loaded_.model, tokenizer_.get());
        engine_ = std::thread([this, slots = options.slot_count] {
            try {
                generator_->serve(
                    slots, [this](GenerationRequest* r, bool idle) { return queue_.pop(r, idle, halt_); },
                    &halt_);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "ipt serve: the engine stopped: %s\n", e.what());
            }
            stopped_ = true;
        });
    }
    ~CompletionsService() {
        halt();
        if (engine_.joinable()) engine_.join();
    }
    // Stops the engine: running requests end as Cancelled, waiting ones are never started.
    void halt() { halt_.cancel(); }

    void models(httplib::Response& res) const {
        json j = {
            {"object", "list"},
            {"data", {{{"id", name_}, {"object", "model"}, {"created", created_}, {"owned_by", "ipt"}}}}};
        res.set_content(j.dump(), "application/json");
    }

    void complete(const httplib::Request& req, httplib::Response& res) {
        json body = json::parse(req.body, nullptr, false);
        if (!body.is_object())
            return send_error(res, 400, "the request body is not a JSON object", "invalid_request_error");
        if (body.contains("model") && body["model"].is_string() && body["model"].get<std::string>() != name_)
            return send_error(res, 404,
                              "The model `" + body["model"].get<std::string>() +
                                  "` does not exist (serving `" + name_ + "`)",
                              "invalid_request_error");
        std::vector<TokenIds> prompts;
        GenerationOptions options;
        try {
            if (!body.contains("prompt")) throw UsageError("'prompt' is required");
            prompts = read_prompts(body["prompt"], *tokenizer_);
            {
                std::lock_guard<std::mutex> lock(seed_mutex_);
                options = read_options(body, seeds_);
            }
            for (size_t i = 0; i < prompts.size(); ++i) {
                try {
                    generator_->check(prompts[i], options);
                } catch (const UsageError& e) {
                    throw UsageError(prompts.size() > 1 ? "prompt " + std::to_string(i) + ": " + e.what()
                                                        : e.what());
                }
            }
        } catch (const std::exception& e) {
            return send_error(res, 400, e.what(), "invalid_request_error");
        }
        if (stopped_) return send_error(res, 503, "the server is shutting down", "server_error");
        const bool stream = body.value("stream", false);
        std::vector<std::shared_ptr<Job>> jobs;
        for (const TokenIds& prompt : prompts) {
            auto job = std::make_shared<Job>();
            job->prompt_tokens = static_cast<int64_t>(prompt.size());
            GenerationRequest r;
            r.prompt = prompt;
            r.options = options;
            r.cancel = job->cancel;
            r.on_token = [job](const TokenEvent& e) {
                if (e.text_delta.empty()) return;
                std::lock_guard<std::mutex> lock(job->mutex);
                job->deltas.push_back(e.text_delta);
                job->changed.notify_all();
            };
            r.on_done = [job](Generation g) {
                std::lock_guard<std::mutex> lock(job->mutex);
                job->result = std::move(g);
                job->done = true;
                job->changed.notify_all();
            };
            jobs.push_back(job);
            queue_.push(std::move(r));
        }
        const std::string id = "cmpl-" + std::to_string(++requests_);
        const int64_t created = static_cast<int64_t>(std::time(nullptr));
        if (stream) return this->stream(res, jobs, id, created);
        json choices = json::array();
        int64_t prompt_tokens = 0, completion_tokens = 0;
        for (size_t i = 0; i < jobs.size(); ++i) {
            Job& job = *jobs[i];
            std::unique_lock<std::mutex> lock(job.mutex);
            job.changed.wait(lock, [&] { return job.done; });
            if (job.result.reason == StopReason::Cancelled)
                return send_error(res, 503, "the server stopped before the completion was finished",
                                  "server_error");
            choices.push_back({{"text", job.result.text},
                               {"index", i},
                               {"logprobs", nullptr},
                               {"finish_reason", finish_reason(job.result.reason)}});
            prompt_tokens += job.prompt_tokens;
            completion_tokens += static_cast<int64_t>(job.result.tokens.size());
        }
        json out = {{"id", id},
                    {"object", "text_completion"},
                    {"created", created},
                    {"model", name_},
                    {"choices", choices},
                    {"usage",
                     {{"prompt_tokens", prompt_tokens},
                      {"completion_tokens", completion_tokens},
                      {"total_tokens", prompt_tokens + completion_tokens}}}};
        res.set_content(out.dump(), "application/json");
    }

  private:
    // Server-sent events, one choice after the other: a chunk per piece of text, a last chunk with the
    // finish reason and the usage, then [DONE].
    void stream(httplib::Response& res, std::vector<std::shared_ptr<Job>> jobs, const std::string& id,
                int64_t created) {
        struct State {
            size_t job = 0;
            int64_t prompt_tokens = 0, completion_tokens = 0;
        };
        auto state = std::make_shared<State>();
        const std::string name = name_;
        auto chunk = [id, created, name](size_t index, const std::string& text, const char* reason) {
            json c = {{"text", text}, {"index", index}, {"logprobs", nullptr}, {"finish_reason", nullptr}};
            if (reason) c["finish_reason"] = reason;
            json j = {{"id", id},
                      {"object", "text_completion"},
                      {"created", created},
                      {"model", name},
                      {"choices", json::array({c})}};
            return j;
        };
        res.set_chunked_content_provider(
            "text/event-stream",
            [jobs, state, chunk](size_t, httplib::DataSink& sink) {
                auto send = [&](const json& j) {
                    const std::string line = "data: " + j.dump() + "\n\n";
                    return sink.write(line.data(), line.size());
                };
                auto cancel_all = [&] {
                    for (auto& j : jobs) j->cancel->cancel();
                    return false;
                };
                if (state->job == jobs.size()) {
                    const std::string done = "data: [DONE]\n\n";
                    sink.write(done.data(), done.size());
                    sink.done();
                    return true;
                }
                Job& job = *jobs[state->job];
                std::unique_lock<std::mutex> lock(job.mutex);
                job.changed.wait_for(lock, std::chrono::milliseconds(200),
                                     [&] { return job.done || !job.deltas.empty(); });
                while (!job.deltas.empty()) {
                    std::string text = std::move(job.deltas.front());
                    job.deltas.pop_front();
                    if (!send(chunk(state->job, text, nullptr))) return cancel_all();
                }
                if (!job.done) return sink.is_writable() ? true : cancel_all();
                if (job.result.reason == StopReason::Cancelled) return cancel_all();
                state->prompt_tokens += job.prompt_tokens;
                state->completion_tokens += static_cast<int64_t>(job.result.tokens.size());
                json last = chunk(state->job, "", finish_reason(job.result.reason));
                if (++state->job == jobs.size())
                    last["usage"] = {{"prompt_tokens", state->prompt_tokens},
                                     {"completion_tokens", state->completion_tokens},
                                     {"total_tokens", state->prompt_tokens + state->completion_tokens}};
                if (!send(last)) return cancel_all();
                return true;
            },
            [jobs](bool) {
                for (auto& j : jobs) j->cancel->cancel();  // finished or gone: nothing more is wanted
            });
    }

    CancelToken halt_;
    LoadedModel loaded_;
    std::unique_ptr<Tokenizer> tokenizer_;
    std::unique_ptr<Generator> generator_;
    std::string name_;
    int64_t created_ = static_cast<int64_t>(std::time(nullptr));
    RequestQueue queue_;
    std::thread engine_;
    std::atomic<bool> stopped_{false};
    std::atomic<uint64_t> requests_{0};
    std::mutex seed_mutex_;
    std::mt19937_64 seeds_;
};

}  // namespace

void serve_completions(const ServeOptions& options, const std::function<void(int port)>& on_ready,
                       const CancelToken& stop) {
    if (options.slot_count == 0) throw UsageError("serving needs at least one slot");
    CompletionsService service(options);
    httplib::Server server;
    server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("{\"status\":\"ok\"}", "application/json");
    });
    server.Get("/v1/models", [&](const httplib::Request&, httplib::Response& res) { service.models(res); });
    server.Post("/v1/completions",
                [&](const httplib::Request& req, httplib::Response& res) { service.complete(req, res); });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr e) {
        std::string what = "internal error";
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& x) {
            what = x.what();
        } catch (...) {
        }
        send_error(res, 500, what, "server_error");
    });
    const int port = options.port == 0 ? server.bind_to_any_port(options.host) : options.port;
    if (port < 0 || (options.port != 0 && !server.bind_to_port(options.host, port)))
        throw Error("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                    " (in use, or not an address of this machine)");
    std::atomic<bool> over{false};
    std::thread watcher([&] {
        while (!stop.cancelled() && !over) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        service.halt();
        server.stop();
    });
    if (on_ready) on_ready(port);
    server.listen_after_bind();
    over = true;
    watcher.join();
}

}  // namespace ipt
