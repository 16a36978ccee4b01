#pragma once
// `ipt serve`'s server (ipt::serve_completions) on a thread of the test itself, on a free port: the
// completions endpoint the playgrounds' widget tests generate through. stop() or the destructor shuts
// it down and joins the thread; a stopped server's port answers nothing, as a server that went away.
#include <QString>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "ipt/common/cancel.h"
#include "ipt/serve/completions_client.h"
#include "ipt/serve/completions_server.h"

class InProcessServer {
  public:
    ~InProcessServer() { stop(); }

    // Serves the model folder as `name`; true once it listens, false when it could not start (error()).
    bool start(const std::string& folder, const std::string& name = "tiny") {
        ipt::ServeOptions options;
        options.model_folder = folder;
        options.model_name = name;
        options.port = 0;
        options.slot_count = 2;
        thread_ = std::thread([this, options] {
            try {
                ipt::serve_completions(
                    options, [this](int port) { port_ = port; }, stop_);
            } catch (const std::exception& e) {
                error_ = e.what();
            }
            done_ = true;
        });
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (port_ == 0 && !done_ && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return port_ > 0 && !done_;
    }

    void stop() {
        stop_.cancel();
        if (thread_.joinable()) thread_.join();
    }

    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1/v1").arg(port_.load()); }
    // Settings for this server that give up at once: a test waits for no backoff.
    ipt::EndpointSettings endpoint(const std::string& model = "tiny") const {
        ipt::EndpointSettings e;
        e.base_url = baseUrl().toStdString();
        e.model = model;
        e.retries = 0;
        e.timeout_seconds = 60;
        return e;
    }
    std::string error() const { return done_ ? error_ : std::string(); }

  private:
    ipt::CancelToken stop_;
    std::thread thread_;
    std::atomic<int> port_{0};
    std::atomic<bool> done_{false};
    std::string error_;  // written by the thread before done_
};
