// Training-step throughput (forward, backward, clipping, AdamW) of a Llama in this engine against the
// same architecture written in Python PyTorch (bench/train_reference.py, run with the same threads,
// batch, sequence length, device and precision). Prints tokens/s of both, the ratio, and on a GPU the
// model FLOPs utilisation (6 x parameters x tokens/s over the peak given in TFLOP/s).
// Usage: train_bench [preset] [device] [fp32|bf16] [batch] [seq] [peak_tflops]
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "ipt/model/decoder.h"
#include "ipt/model/model_config.h"
#include "ipt/model/runtime.h"
#include "ipt/model/autocast.h"
#include "ipt/train/optimizer.h"

using namespace ipt;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    init_torch_threads();
    const std::string preset = argc > 1 ? argv[1] : "small-10m";
    const std::string device_name = argc > 2 ? argv[2] : "cpu";
    const std::string precision = argc > 3 ? argv[3] : "fp32";
    const int64_t batch = argc > 4 ? std::atoll(argv[4]) : 8, seq = argc > 5 ? std::atoll(argv[5]) : 256;
    const double peak_tflops = argc > 6 ? std::atof(argv[6]) : 0;
    const int64_t steps = 6;
    const at::Device device = parse_device(device_name);
    const bool bf16 = precision == "bf16";
    ModelConfig c = model_preset(preset);
    c.max_position_embeddings = std::max(c.max_position_embeddings, seq);
    Decoder model(c, at::TensorOptions().dtype(at::kFloat));
    model.init_weights(0);
    model.to(at::TensorOptions().dtype(at::kFloat).device(device));
    std::vector<std::pair<std::string, at::Tensor>> params;
    for (const auto& [name, p] : model.named_parameters()) {
        p.requires_grad_(true);
        params.emplace_back(name, p);
    }
    auto optimizer = make_optimizer(params, OptimizerSettings{});
    at::manual_seed(0);
    at::Tensor ids = at::randint(c.vocab_size, {batch, seq + 1}, at::kLong).to(device);
    double ours = 0;
    model.set_training(true);
    for (int64_t step = 0; step < steps + 2; ++step) {
        auto start = Clock::now();
        at::Tensor logits;
        {
            AutocastScope autocast(bf16, device);
            logits = model.forward(ids.narrow(1, 0, seq));
        }
        at::Tensor loss =
            at::cross_entropy_loss(logits.reshape({-1, c.vocab_size}), ids.narrow(1, 1, seq).reshape({-1}));
        loss.backward();
        optimizer->step(1e-4, 1.0, loss.detach());
        optimizer->zero_grad();
        ids.sum().item<int64_t>();  // waits for the device
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        if (step >= 2) ours = std::max(ours, double(batch * seq) / seconds);
    }

    const std::filesystem::path script = std::filesystem::path(__FILE__).parent_path() / "train_reference.py";
    // Debian's python3-torch lives in the system interpreter; PYTHON overrides it.
    const char* python = std::getenv("PYTHON") ? std::getenv("PYTHON") : "/usr/bin/python3";
    char command[1024];
    std::snprintf(command, sizeof command, "%s '%s' %lld %lld %lld %lld %lld %lld %lld %lld %lld %d %s %s",
                  python, script.c_str(), (long long)c.vocab_size, (long long)c.hidden_size,
                  (long long)c.intermediate_size, (long long)c.num_hidden_layers,
                  (long long)c.num_attention_heads, (long long)c.num_key_value_heads, (long long)batch,
                  (long long)seq, (long long)steps, at::get_num_threads(), device_name.c_str(),
                  precision.c_str());
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command, "r"), pclose);
    double reference = 0;
    if (!pipe || std::fscanf(pipe.get(), "%lf", &reference) != 1) {
        std::fprintf(stderr, "the PyTorch reference did not run (needs python3-torch): %s\n", command);
        return 1;
    }
    std::printf("model: preset %s (%.1fM parameters), batch %lld x %lld tokens, %d threads, %s, %s\n",
                preset.c_str(), model.parameter_count() / 1e6, (long long)batch, (long long)seq,
                at::get_num_threads(), device_name.c_str(), precision.c_str());
    std::printf("ipt training step:      %8.1f tokens/s\n", ours);
    std::printf("PyTorch reference step: %8.1f tokens/s\n", reference);
    std::printf("  ratio ipt / PyTorch:  %8.2f  (target >= 1.0)\n", ours / reference);
    if (peak_tflops > 0) {
        const double flops_per_token = 6.0 * double(model.parameter_count());
        std::printf("MFU ipt:     %5.1f%%\n", 100.0 * flops_per_token * ours / (peak_tflops * 1e12));
        std::printf("MFU PyTorch: %5.1f%%\n", 100.0 * flops_per_token * reference / (peak_tflops * 1e12));
    }
    return 0;
}
