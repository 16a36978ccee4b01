// What the training step's memory savings cost and save on this machine's CPU, each against its
// reference in the same run:
// - the fused attention kernel (LibTorch 2.x scaled_dot_product_attention) against the explicit path,
//   at sequence 1024 and 2048 (4 layers of the small-50m shape, batch 1);
// - activation checkpointing against none, on a 16-layer small model (hidden 256, sequence 512, batch 4).
// Each configuration runs in a child process of its own (this program, re-run with --child), so that its
// peak resident memory (getrusage's high-water mark, above what the model itself took) is its own.
// Times are the best step's wall-clock seconds and, beside them, its CPU seconds (all threads of the
// child), which a busy machine disturbs far less than the wall clock.
// Usage: training_memory_bench [steps]
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "ipt/model/attention.h"
#include "ipt/model/decoder.h"
#include "ipt/model/runtime.h"

using namespace ipt;
using Clock = std::chrono::steady_clock;

namespace {

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double max_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

struct Setting {
    int64_t hidden, intermediate, layers, heads, kv_heads, sequence, batch;
    bool fused, checkpoint;
};

// One configuration: best step time (forward + backward; wall and CPU) and the peak memory above the
// model's.
int child(const Setting& s, int steps) {
    ModelConfig c = model_preset("small-50m");
    c.hidden_size = s.hidden;
    c.intermediate_size = s.intermediate;
    c.num_hidden_layers = s.layers;
    c.num_attention_heads = s.heads;
    c.num_key_value_heads = s.kv_heads;
    c.max_position_embeddings = s.sequence;
    Decoder model(c, at::TensorOptions().dtype(at::kFloat));
    model.init_weights(1);
    for (const auto& [name, p] : model.named_parameters()) p.requires_grad_(true);
    model.set_training(true);
    at::manual_seed(2);
    const at::Tensor ids = at::randint(c.vocab_size, {s.batch, s.sequence + 1}, at::kLong);
    ForwardOptions o;
    o.attention = s.fused ? AttentionKernel::automatic : AttentionKernel::reference;
    o.checkpoint_layers = s.checkpoint;
    o.generator = make_generator(at::kCPU, 3);
    const double base = max_rss_mib();
    double best = 1e30, best_cpu = 1e30;
    for (int i = 0; i < steps + 1; ++i) {
        const auto start = Clock::now();
        const double cpu_start = cpu_seconds();
        at::Tensor logits = model.forward(ids.narrow(1, 0, s.sequence), o);
        at::cross_entropy_loss(logits.reshape({-1, c.vocab_size}), ids.narrow(1, 1, s.sequence).reshape({-1}))
            .backward();
        for (const auto& [name, p] : model.named_parameters()) p.mutable_grad() = at::Tensor();
        if (i == 0) continue;
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
        best_cpu = std::min(best_cpu, cpu_seconds() - cpu_start);
    }
    std::printf("%.6f %.6f %.1f\n", best, best_cpu, max_rss_mib() - base);
    return 0;
}

struct Measured {
    double seconds = 0, cpu_seconds = 0, mib = 0;
};

bool measure(const char* self, const Setting& s, int steps, Measured* m) {
    char command[512];
    std::snprintf(command, sizeof command, "'%s' --child %lld %lld %lld %lld %lld %lld %lld %d %d %d", self,
                  (long long)s.hidden, (long long)s.intermediate, (long long)s.layers, (long long)s.heads,
                  (long long)s.kv_heads, (long long)s.sequence, (long long)s.batch, int(s.fused),
                  int(s.checkpoint), steps);
    FILE* pipe = popen(command, "r");
    if (!pipe) return false;
    const bool ok = std::fscanf(pipe, "%lf %lf %lf", &m->seconds, &m->cpu_seconds, &m->mib) == 3;
    return pclose(pipe) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
    init_torch_threads();
    if (argc == 12 && std::strcmp(argv[1], "--child") == 0) {
        Setting s{std::atoll(argv[2]), std::atoll(argv[3]), std::atoll(argv[4]),
                  std::atoll(argv[5]), std::atoll(argv[6]), std::atoll(argv[7]),
                  std::atoll(argv[8]), argv[9][0] == '1',   argv[10][0] == '1'};
        return child(s, std::atoi(argv[11]));
    }
    const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
    std::printf("training step (forward + backward), fp32, %d threads, best of %d\n", at::get_num_threads(),
                steps);
    if (!fused_attention_available()) {
        std::printf(
            "attention: this LibTorch (1.x) has no scaled_dot_product_attention; build against 2.x "
            "(scripts/build-torch2) to compare the kernels\n");
    } else {
        for (int64_t seq : {1024, 2048}) {
            Measured ref, fus;
            const Setting reference{512, 1376, 4, 8, 4, seq, 1, false, false};
            Setting fused = reference;
            fused.fused = true;
            if (!measure(argv[0], reference, steps, &ref) || !measure(argv[0], fused, steps, &fus)) return 1;
            std::printf(
                "attention, sequence %lld: explicit %.3f s (%.3f CPU s), %.0f MiB peak; fused %.3f s (%.3f "
                "CPU "
                "s), %.0f MiB peak; time ratio fused/explicit %.2f (CPU %.2f), memory ratio %.2f\n",
                (long long)seq, ref.seconds, ref.cpu_seconds, ref.mib, fus.seconds, fus.cpu_seconds, fus.mib,
                fus.seconds / ref.seconds, fus.cpu_seconds / ref.cpu_seconds, fus.mib / ref.mib);
        }
    }
    Measured none, ckpt;
    const Setting plain{256, 688, 16, 8, 4, 512, 4, fused_attention_available(), false};
    Setting checkpointed = plain;
    checkpointed.checkpoint = true;
    if (!measure(argv[0], plain, steps, &none) || !measure(argv[0], checkpointed, steps, &ckpt)) return 1;
    std::printf(
        "activation checkpointing, 16 layers x hidden 256, 4 x 512 tokens: none %.3f s (%.3f CPU s), %.0f "
        "MiB peak; checkpointed %.3f s (%.3f CPU s), %.0f MiB peak; step time x%.2f (CPU x%.2f), peak "
        "memory x%.2f\n",
        none.seconds, none.cpu_seconds, none.mib, ckpt.seconds, ckpt.cpu_seconds, ckpt.mib,
        ckpt.seconds / none.seconds, ckpt.cpu_seconds / none.cpu_seconds, ckpt.mib / none.mib);
    return 0;
}
