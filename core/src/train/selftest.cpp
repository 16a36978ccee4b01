#include "ipt/train/selftest.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include <cstdio>

#include "ipt/model/attention.h"
#include "ipt/model/decoder.h"
#include "ipt/model/kv_cache.h"
#include "ipt/model/runtime.h"
#include "ipt/train/process_group.h"

namespace ipt {
namespace {

std::string format(const char* pattern, double value, double bound) {
    char buf[128];
    std::snprintf(buf, sizeof buf, pattern, value, bound);
    return buf;
}

double max_relative(const at::Tensor& a, const at::Tensor& b) {
    const double scale = std::max(b.abs().max().item<double>(), 1e-6);
    return (a.to(at::kCPU).to(at::kFloat) - b.to(at::kFloat)).abs().max().item<double>() / scale;
}

}  // namespace

std::vector<SelfTestCheck> run_selftest(const std::string& device_name, ProcessGroup* group) {
    const at::Device device = parse_device(device_name);
    std::vector<SelfTestCheck> checks;
    ModelConfig config = model_preset("tiny-mistral");
    config.vocab_size = 512;
    config.sliding_window = 24;
    Decoder cpu(config, at::TensorOptions().dtype(at::kFloat));
    cpu.init_weights(11);
    Decoder dev(config, at::TensorOptions().dtype(at::kFloat).device(device));
    dev.init_weights(11);  // the same numbers: drawn on the CPU, then copied

    at::manual_seed(3);
    const at::Tensor ids = at::randint(config.vocab_size, {2, 40}, at::kLong);
    // Forward parity (fp32; TF32 matmuls on recent GPUs justify the bound).
    {
        c10::NoGradGuard no_grad;
        const double diff = max_relative(dev.forward(ids.to(device)), cpu.forward(ids));
        checks.push_back({"forward parity with CPU (fp32)", diff < 2e-3,
                          format("max rel diff %.2e (< %.0e)", diff, 2e-3)});
    }
    // Backward parity: gradients of the same loss.
    {
        auto loss_of = [&](Decoder& m, const at::Device& d) {
            for (const auto& [name, p] : m.named_parameters()) p.requires_grad_(true);
            at::Tensor logits = m.forward(ids.narrow(1, 0, 39).to(d));
            return at::cross_entropy_loss(logits.reshape({-1, config.vocab_size}),
                                          ids.narrow(1, 1, 39).reshape({-1}).to(d));
        };
        loss_of(cpu, at::kCPU).backward();
        loss_of(dev, device).backward();
        double worst = 0;
        for (const auto& [name, p] : cpu.named_parameters())
            worst = std::max(worst, max_relative(dev.parameter(name).grad(), p.grad()));
        checks.push_back({"backward parity with CPU (fp32)", worst < 5e-3,
                          format("max rel diff %.2e (< %.0e)", worst, 5e-3)});
    }
    // The fused attention kernel (LibTorch 2.x: flash / memory-efficient on CUDA) against the explicit
    // reference, both on the device.
    if (fused_attention_available()) {
        c10::NoGradGuard no_grad;
        ForwardOptions reference;
        reference.attention = AttentionKernel::reference;
        const at::Tensor on = ids.to(device);
        const double diff = max_relative(dev.forward(on), dev.forward(on, reference).to(at::kCPU));
        checks.push_back({"fused attention parity with the reference", diff < 2e-3,
                          format("max rel diff %.2e (< %.0e)", diff, 2e-3)});
    }
    // Activation checkpointing: the same gradients, with dropout masks replayed from the generator.
    {
        ModelConfig dropped = config;
        dropped.hidden_dropout = 0.1;
        Decoder a(dropped, at::TensorOptions().dtype(at::kFloat).device(device));
        a.init_weights(11);
        auto grads_of = [&](bool checkpoint) {
            for (const auto& [name, p] : a.named_parameters()) {
                p.requires_grad_(true);
                p.mutable_grad() = at::Tensor();
            }
            a.set_training(true);
            ForwardOptions o;
            o.generator = make_generator(device, 5);
            o.checkpoint_layers = checkpoint;
            at::Tensor logits = a.forward(ids.narrow(1, 0, 39).to(device), o);
            at::cross_entropy_loss(logits.reshape({-1, config.vocab_size}),
                                   ids.narrow(1, 1, 39).reshape({-1}).to(device))
                .backward();
            std::vector<at::Tensor> g;
            for (const auto& [name, p] : a.named_parameters()) g.push_back(p.grad().clone());
            return g;
        };
        const auto plain = grads_of(false), checkpointed = grads_of(true);
        double worst = 0;
        for (size_t i = 0; i < plain.size(); ++i)
            worst = std::max(worst, max_relative(checkpointed[i], plain[i].to(at::kCPU)));
        checks.push_back({"activation checkpointing gives the same gradients", worst < 1e-5,
                          format("max rel diff %.2e (< %.0e)", worst, 1e-5)});
    }
    // KV cache on the device against a full forward pass on the device.
    {
        c10::NoGradGuard no_grad;
        at::Tensor on = ids.to(device);
        at::Tensor full = dev.forward(on);
        KvCache cache(config, 2, 40, at::TensorOptions().dtype(at::kFloat).device(device));
        ForwardOptions options;
        options.cache = &cache;
        std::vector<at::Tensor> parts{dev.forward(on.narrow(1, 0, 10), options)};
        for (int64_t i = 10; i < 40; ++i) parts.push_back(dev.forward(on.narrow(1, i, 1), options));
        const double diff = max_relative(at::cat(parts, 1), full.to(at::kCPU));
        checks.push_back({"KV-cache parity (sliding window)", diff < 1e-4,
                          format("max rel diff %.2e (< %.0e)", diff, 1e-4)});
    }
    // bf16 weights stay close to fp32.
    {
        c10::NoGradGuard no_grad;
        Decoder low(config, at::TensorOptions().dtype(at::kBFloat16).device(device));
        for (const auto& [name, p] : dev.named_parameters()) low.parameter(name).copy_(p);
        const double diff = max_relative(low.forward(ids.to(device)), cpu.forward(ids));
        checks.push_back(
            {"bf16 forward close to fp32", diff < 0.1, format("max rel diff %.2e (< %.0e)", diff, 0.1)});
    }
    if (group) {
        std::vector<at::Tensor> value{
            at::full({4}, double(group->rank() + 1), at::TensorOptions().dtype(at::kFloat).device(device))};
        group->all_reduce_sum(value);
        const double n = group->size();
        const double expected = n * (n + 1) / 2;
        const double got = value[0][0].item<double>();
        checks.push_back({"all-reduce over " + std::to_string(group->size()) + " processes", got == expected,
                          format("sum %.0f (expected %.0f)", got, expected)});
    }
    return checks;
}

}  // namespace ipt
