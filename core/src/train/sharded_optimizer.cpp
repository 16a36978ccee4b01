// AdamW with its state sharded over the processes (ZeRO-1 / ZeRO-2). The trainable parameters, in
// order, form one flat sequence of elements, cut into windows of N x chunk elements (N processes); in
// each window process r owns chunk r. Each process keeps fp32 master weights, moments and reduced
// gradients for what it owns only, so the optimizer state per process is about 1/N of the whole. A step
// reduce-scatters the gradients window by window (ZeRO-2: after every micro-batch, freeing the full
// gradients, and accumulating the owned part), updates the owned elements, and all-gathers the windows
// back into the weights. Windows bound the memory of the collectives' buffers.
#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include <algorithm>

#include "adamw_math.h"
#include "ipt/common/error.h"
#include "ipt/model/safetensors.h"
#include "ipt/train/optimizer.h"
#include "ipt/train/process_group.h"
#include "optimizer_state.h"

namespace ipt {
namespace {

// A run of consecutive elements of one parameter inside a window's buffer.
struct WindowPiece {
    size_t parameter = 0;
    int64_t parameter_first = 0, length = 0, buffer_first = 0;
};

struct Window {
    int64_t first = 0, length = 0;  // in the flat sequence
    int64_t chunk = 0;              // elements per process (the buffer holds N x chunk, zero-padded)
    int64_t owned = 0;              // of this process's chunk, how many are real elements
    int64_t local_first = 0;        // where they sit in this process's shard
    std::vector<WindowPiece> pieces;
};

// The elements of one parameter this process owns, in its shard.
struct OwnedSegment {
    size_t parameter = 0;
    int64_t parameter_first = 0, length = 0, local_first = 0;
};

class ShardedAdamW final : public Optimizer {
  public:
    ShardedAdamW(std::vector<std::pair<std::string, at::Tensor>> parameters, const OptimizerSettings& s)
        : parameters_(std::move(parameters)), settings_(s) {
        world_ = s.group ? s.group->size() : 1;
        rank_ = s.group ? s.group->rank() : 0;
        if (s.shard_chunk_elements <= 0) throw UsageError("the shard chunk must hold at least one element");
        plan();
        c10::NoGradGuard no_grad;
        const auto fp32 = parameters_.front().second.options().dtype(at::kFloat);
        master_ = at::empty({local_size_}, fp32);
        gradient_ = at::zeros({local_size_}, fp32);
        for (const OwnedSegment& seg : segments_) {
            at::Tensor master = master_.narrow(0, seg.local_first, seg.length);
            master.copy_(flat(seg.parameter).narrow(0, seg.parameter_first, seg.length));
            slots_.add(master, parameters_[seg.parameter].second.dim() >= 2);
        }
        if (!slots_.step.defined()) slots_.step = at::zeros({}, fp32);  // a process that owns nothing
    }

    void after_backward() override {
        if (settings_.zero < 2) return;
        reduce_scatter_gradients(/*accumulate=*/true);
        zero_grad_of_parameters();
    }

    StepOutcome step(double lr, double max_norm, const at::Tensor& loss) override {
        c10::NoGradGuard no_grad;
        if (settings_.zero < 2) reduce_scatter_gradients(/*accumulate=*/false);
        std::vector<at::Tensor> grads;
        for (const OwnedSegment& seg : segments_)
            grads.push_back(gradient_.narrow(0, seg.local_first, seg.length));
        std::vector<at::Tensor> squares{squared_sum({gradient_}, gradient_.device())};
        if (settings_.group) settings_.group->all_reduce_sum(squares);
        StepOutcome out;
        out.grad_norm = squares[0].sqrt();
        clip_to_norm({gradient_}, out.grad_norm, max_norm);
        out.skipped = nonfinite_flag(loss, out.grad_norm);
        adamw_update(slots_, grads, lr, settings_.adamw, out.skipped);
        all_gather_weights();
        return out;
    }

    void zero_grad() override {
        zero_grad_of_parameters();
        gradient_.zero_();
    }

    int64_t steps_taken() const override { return static_cast<int64_t>(slots_.step.item<double>()); }

    int64_t state_bytes() const override {
        return slots_.bytes() + (master_.numel() + gradient_.numel()) * int64_t(sizeof(float));
    }

    void save(const std::string& dir) const override {
        NamedTensors state;
        for (size_t i = 0; i < segments_.size(); ++i) {
            const OwnedSegment& seg = segments_[i];
            const std::string& name = parameters_[seg.parameter].first;
            state.emplace_back(optimizer_slice_name("exp_avg", name, seg.parameter_first), slots_.exp_avg[i]);
            state.emplace_back(optimizer_slice_name("exp_avg_sq", name, seg.parameter_first),
                               slots_.exp_avg_sq[i]);
            state.emplace_back(optimizer_slice_name("master", name, seg.parameter_first), slots_.weights[i]);
        }
        write_safetensors(sharded_state_file(dir, rank_, world_), state);
    }

    void load(const std::string& dir, int64_t steps_taken) override {
        c10::NoGradGuard no_grad;
        const OptimizerStateReader reader(dir);
        for (size_t i = 0; i < segments_.size(); ++i) {
            const OwnedSegment& seg = segments_[i];
            const std::string& name = parameters_[seg.parameter].first;
            const int64_t n = parameters_[seg.parameter].second.numel();
            reader.read("exp_avg", name, n, seg.parameter_first, slots_.exp_avg[i]);
            reader.read("exp_avg_sq", name, n, seg.parameter_first, slots_.exp_avg_sq[i]);
            // Saved from fp32 weights without master copies: the weights themselves are exact.
            if (reader.has("master", name))
                reader.read("master", name, n, seg.parameter_first, slots_.weights[i]);
        }
        slots_.step.fill_(static_cast<double>(steps_taken));
    }

  private:
    at::Tensor flat(size_t parameter) const { return parameters_[parameter].second.detach().view({-1}); }

    void plan() {
        std::vector<int64_t> starts;  // of each parameter in the flat sequence
        int64_t total = 0;
        for (const auto& entry : parameters_) {
            starts.push_back(total);
            total += entry.second.numel();
        }
        for (int64_t first = 0; first < total;) {
            Window w;
            w.first = first;
            w.length = std::min<int64_t>(total - first, settings_.shard_chunk_elements * world_);
            w.chunk = (w.length + world_ - 1) / world_;
            const int64_t own_begin = std::min(w.length, rank_ * w.chunk);
            const int64_t own_end = std::min(w.length, (rank_ + 1) * w.chunk);
            w.owned = own_end - own_begin;
            w.local_first = local_size_;
            for (size_t p = 0; p < parameters_.size(); ++p) {
                const int64_t begin = std::max(starts[p], w.first);
                const int64_t end = std::min(starts[p] + parameters_[p].second.numel(), w.first + w.length);
                if (begin >= end) continue;
                w.pieces.push_back({p, begin - starts[p], end - begin, begin - w.first});
                const int64_t ob = std::max(begin - w.first, own_begin),
                              oe = std::min(end - w.first, own_end);
                if (ob < oe)
                    segments_.push_back({p, w.first + ob - starts[p], oe - ob, local_size_ + ob - own_begin});
            }
            local_size_ += w.owned;
            windows_.push_back(std::move(w));
            first += windows_.back().length;
        }
    }

    void reduce_scatter_gradients(bool accumulate) {
        c10::NoGradGuard no_grad;
        const auto fp32 = gradient_.options();
        for (const Window& w : windows_) {
            at::Tensor buffer = at::zeros({w.chunk * world_}, fp32);
            for (const WindowPiece& piece : w.pieces) {
                const at::Tensor& p = parameters_[piece.parameter].second;
                if (!p.grad().defined()) continue;
                buffer.narrow(0, piece.buffer_first, piece.length)
                    .copy_(p.grad().view({-1}).narrow(0, piece.parameter_first, piece.length));
            }
            at::Tensor mine = at::empty({w.chunk}, fp32);
            if (settings_.group)
                settings_.group->reduce_scatter_sum(buffer, mine);
            else
                mine.copy_(buffer);
            if (w.owned == 0) continue;
            at::Tensor target = gradient_.narrow(0, w.local_first, w.owned);
            if (accumulate)
                target.add_(mine.narrow(0, 0, w.owned));
            else
                target.copy_(mine.narrow(0, 0, w.owned));
        }
    }

    void all_gather_weights() {
        c10::NoGradGuard no_grad;
        const auto options = parameters_.front().second.options();
        for (const Window& w : windows_) {
            at::Tensor mine = at::zeros({w.chunk}, options);
            if (w.owned > 0) mine.narrow(0, 0, w.owned).copy_(master_.narrow(0, w.local_first, w.owned));
            at::Tensor all = at::empty({w.chunk * world_}, options);
            if (settings_.group)
                settings_.group->all_gather(mine, all);
            else
                all.copy_(mine);
            for (const WindowPiece& piece : w.pieces)
                flat(piece.parameter)
                    .narrow(0, piece.parameter_first, piece.length)
                    .copy_(all.narrow(0, piece.buffer_first, piece.length));
        }
    }

    void zero_grad_of_parameters() {
        for (auto& entry : parameters_)
            if (entry.second.grad().defined()) entry.second.mutable_grad() = at::Tensor();
    }

    std::vector<std::pair<std::string, at::Tensor>> parameters_;
    OptimizerSettings settings_;
    int world_ = 1, rank_ = 0;
    std::vector<Window> windows_;
    std::vector<OwnedSegment> segments_;
    int64_t local_size_ = 0;
    at::Tensor master_;    // [local_size_] fp32: the owned elements' master weights
    at::Tensor gradient_;  // [local_size_] fp32: their reduced (and accumulated) gradients
    AdamWSlots slots_;     // one slot per owned segment; weights are views of master_
};

}  // namespace

std::unique_ptr<Optimizer> make_sharded_optimizer(std::vector<std::pair<std::string, at::Tensor>> parameters,
                                                  const OptimizerSettings& settings) {
    return std::make_unique<ShardedAdamW>(std::move(parameters), settings);
}

}  // namespace ipt
