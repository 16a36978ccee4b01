#include "ipt/serve/completions_client.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace ipt {
namespace {

using json = nlohmann::json;

// Waits `seconds`, waking early when cancelled.
void pause(double seconds, const CancelToken* cancel) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        if (cancel && cancel->cancelled()) throw Cancelled();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

// The server's own words for an error body ({"error": {"message": ...}} in the OpenAI API).
std::string error_message(const std::string& body) {
    json j = json::parse(body, nullptr, false);
    if (j.is_object() && j.contains("error")) {
        const json& e = j["error"];
        if (e.is_object() && e.contains("message") && e["message"].is_string()) return e["message"];
        if (e.is_string()) return e;
    }
    return body.size() > 300 ? body.substr(0, 300) + "..." : body;
}

bool retryable(int status) {
    return status == 408 || status == 429 || status >= 500;
}

// One SSE event's data: {"choices": [{"text": ..., "finish_reason": ...}], "usage": ...}.
void read_choice(const json& j, Completion* out, const std::function<void(const std::string&)>& on_delta) {
    if (!j.contains("choices") || !j["choices"].is_array() || j["choices"].empty())
        throw EndpointUnavailable("the server's answer has no choices: " + j.dump().substr(0, 200));
    const json& c = j["choices"][0];
    const std::string text = c.value("text", std::string());
    out->text += text;
    if (on_delta && !text.empty()) on_delta(text);
    if (c.contains("finish_reason") && c["finish_reason"].is_string())
        out->finish_reason = c["finish_reason"];
    if (j.contains("usage") && j["usage"].is_object())
        out->completion_tokens = j["usage"].value("completion_tokens", out->completion_tokens);
}

// "http://host:port/v1/" -> "http://host:port" and "/v1" (what httplib's client and paths take).
void split_base_url(std::string url, std::string* origin, std::string* prefix) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    const size_t scheme = url.find("://");
    const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    *origin = slash == std::string::npos ? url : url.substr(0, slash);
    *prefix = slash == std::string::npos ? "" : url.substr(slash);
}

void set_timeouts(httplib::Client& client, double seconds) {
    const time_t secs = static_cast<time_t>(seconds);
    const time_t usecs = static_cast<time_t>((seconds - double(secs)) * 1e6);
    client.set_connection_timeout(secs, usecs);
    client.set_read_timeout(secs, usecs);
    client.set_write_timeout(secs, usecs);
}

void set_api_key(httplib::Client& client, const std::string& variable) {
    if (variable.empty()) return;
    if (const char* key = std::getenv(variable.c_str()); key && *key) client.set_bearer_token_auth(key);
}

// client.send(req), given up as soon as `cancel` fires: a server busy with a long prompt, or a
// completion that is not streamed, sends nothing for a long time, and the receiver's own check
// only runs when bytes arrive. httplib's stop() is the one call it allows from another thread.
httplib::Result send_cancellable(httplib::Client& client, httplib::Request& req, const CancelToken* cancel) {
    if (!cancel) return client.send(req);
    std::mutex mutex;
    std::condition_variable changed;
    bool sent = false;
    std::thread watcher([&] {
        std::unique_lock<std::mutex> lock(mutex);
        while (!sent && !cancel->cancelled()) changed.wait_for(lock, std::chrono::milliseconds(20));
        if (!sent) client.stop();
    });
    httplib::Result res = client.send(req);
    {
        std::lock_guard<std::mutex> lock(mutex);
        sent = true;
    }
    changed.notify_all();
    watcher.join();
    return res;
}

}  // namespace

void EndpointSettings::validate_connection() const {
    if (base_url.empty()) throw UsageError("the endpoint base URL is empty (e.g. http://gpu-node:8000/v1)");
    if (base_url.rfind("http://", 0) != 0 && base_url.rfind("https://", 0) != 0)
        throw UsageError("endpoint base URL '" + base_url + "' must start with http:// or https://");
    std::string origin, prefix;
    split_base_url(base_url, &origin, &prefix);
    if (origin.size() <= origin.find("://") + 3)
        throw UsageError("endpoint base URL '" + base_url + "' names no host");
    if (retries < 0) throw UsageError("endpoint retries must be >= 0");
    if (!(timeout_seconds > 0)) throw UsageError("endpoint timeout must be > 0 seconds");
    if (backoff_seconds < 0) throw UsageError("endpoint backoff must be >= 0 seconds");
}

void EndpointSettings::validate() const {
    validate_connection();
    if (model.empty()) throw UsageError("the endpoint model name is empty: give the served model's name");
    if (concurrency == 0) throw UsageError("endpoint concurrency must be at least 1");
}

CompletionsClient::CompletionsClient(EndpointSettings settings) : settings_(std::move(settings)) {
    settings_.validate();
    split_base_url(settings_.base_url, &origin_, &prefix_);
}

std::string CompletionsClient::body(const CompletionRequest& r, bool stream) const {
    json j = {{"model", settings_.model}, {"max_tokens", r.max_tokens}, {"stream", stream}};
    if (!r.prompt_ids.empty())
        j["prompt"] = r.prompt_ids;
    else
        j["prompt"] = r.prompt;
    j["temperature"] = r.sampling.greedy ? 0.0 : double(r.sampling.temperature);
    if (!r.sampling.greedy) {
        j["top_p"] = double(r.sampling.top_p);
        j["seed"] = r.sampling.seed;
        if (r.sampling.top_k > 0) j["top_k"] = r.sampling.top_k;  // vLLM's and llama.cpp's extension
    }
    if (r.sampling.repetition_penalty != 1.0f)
        j["repetition_penalty"] = double(r.sampling.repetition_penalty);
    if (!r.stop.empty()) j["stop"] = r.stop;
    return j.dump();
}

Completion CompletionsClient::complete(const CompletionRequest& request, const CancelToken* cancel,
                                       const std::function<void(const std::string&)>& on_delta) const {
    httplib::Client client(origin_);
    set_timeouts(client, settings_.timeout_seconds);
    set_api_key(client, settings_.api_key_env);
    const bool stream = static_cast<bool>(on_delta);
    const std::string payload = body(request, stream);
    std::string last_error;
    for (int attempt = 1; attempt <= settings_.retries + 1; ++attempt) {
        if (cancel && cancel->cancelled()) throw Cancelled();
        if (attempt > 1) pause(settings_.backoff_seconds * double(1 << std::min(attempt - 2, 16)), cancel);
        Completion out;
        out.attempts = attempt;
        std::string raw, pending;
        bool streamed_any = false;
        httplib::Request req;
        req.method = "POST";
        req.path = prefix_ + "/completions";
        req.headers = {{"Accept", stream ? "text/event-stream" : "application/json"}};
        req.body = payload;
        req.set_header("Content-Type", "application/json");
        int status = 0;
        req.response_handler = [&](const httplib::Response& r) {
            status = r.status;
            return true;
        };
        req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
            if (cancel && cancel->cancelled()) return false;
            if (!stream || status != 200) {
                raw.append(data, n);
                return true;
            }
            pending.append(data, n);
            // Server-sent events: "data: {...}" lines; "data: [DONE]" ends the stream.
            for (size_t end; (end = pending.find('\n')) != std::string::npos; pending.erase(0, end + 1)) {
                std::string line = pending.substr(0, end);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (line.rfind("data:", 0) != 0) continue;
                std::string data_text = line.substr(line.size() > 5 && line[5] == ' ' ? 6 : 5);
                if (data_text == "[DONE]") continue;
                json j = json::parse(data_text, nullptr, false);
                if (j.is_discarded()) continue;
                read_choice(j, &out, on_delta);
                streamed_any = true;
            }
            return true;
        };
        httplib::Result res = send_cancellable(client, req, cancel);
        if (cancel && cancel->cancelled()) throw Cancelled();
        if (!res) {
            last_error = "no answer from " + origin_ + " (" + httplib::to_string(res.error()) + ")";
            if (streamed_any) break;  // a stream cut in the middle: not retried, text would be duplicated
            continue;
        }
        if (status == 200) {
            if (!stream) {
                json j = json::parse(raw, nullptr, false);
                if (j.is_discarded()) {
                    last_error = "the server's answer is not JSON: " + raw.substr(0, 200);
                    continue;
                }
                read_choice(j, &out, {});
            }
            if (out.completion_tokens == 0 && !out.text.empty()) out.completion_tokens = -1;  // not reported
            return out;
        }
        last_error = "HTTP " + std::to_string(status) + " from " + origin_ + ": " + error_message(raw);
        if (!retryable(status)) throw RequestRefused(last_error);
    }
    throw EndpointUnavailable(last_error + " (after " + std::to_string(settings_.retries + 1) + " attempts)");
}

std::vector<CompletionsClient::Outcome> CompletionsClient::complete_all(
    const std::vector<CompletionRequest>& requests, const CancelToken* cancel) const {
    std::vector<Outcome> out(requests.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i; (i = next++) < requests.size();) {
            try {
                out[i].completion = complete(requests[i], cancel);
            } catch (const RequestRefused& e) {
                out[i].error = e.what();
                out[i].refused = true;
            } catch (const std::exception& e) {
                out[i].error = e.what();
            }
        }
    };
    std::vector<std::thread> workers;
    const size_t n = std::min(settings_.concurrency, requests.size());
    for (size_t w = 0; w < n; ++w) workers.emplace_back(work);
    for (auto& t : workers) t.join();
    if (cancel && cancel->cancelled()) throw Cancelled();
    return out;
}

std::vector<std::string> list_models(const EndpointSettings& settings) {
    settings.validate_connection();
    std::string origin, prefix;
    split_base_url(settings.base_url, &origin, &prefix);
    httplib::Client client(origin);
    set_timeouts(client, settings.timeout_seconds);
    set_api_key(client, settings.api_key_env);
    httplib::Result res = client.Get(prefix + "/models");
    if (!res)
        throw EndpointUnavailable("no answer from " + origin + " (" + httplib::to_string(res.error()) + ")");
    if (res->status != 200)
        throw RequestRefused("HTTP " + std::to_string(res->status) + " from " + origin + ": " +
                             error_message(res->body));
    json j = json::parse(res->body, nullptr, false);
    std::vector<std::string> ids;
    if (j.is_object() && j.contains("data") && j["data"].is_array())
        for (const json& m : j["data"])
            if (m.contains("id") && m["id"].is_string()) ids.push_back(m["id"]);
    return ids;
}

}  // namespace ipt
