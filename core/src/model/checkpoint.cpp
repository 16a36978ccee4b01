// Activation checkpointing of one decoder layer: a custom autograd function whose forward runs the layer
// without recording a graph (so only its input stays alive) and whose backward runs it again, with
// gradients, from the same input, the same autocast setting and a copy of the dropout generator as it
// stood before the forward pass, so the masks and hence the gradients are exactly those of the layer
// without checkpointing.
#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/custom_function.h>

#include <functional>

#include "ipt/model/autocast.h"
#include "ipt/model/decoder.h"

namespace ipt {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// What the backward pass needs to run the layer again.
struct LayerReplay : torch::CustomClassHolder {
    std::function<at::Tensor(const at::Tensor&, const c10::optional<at::Generator>&)> run;
    c10::optional<at::Generator> generator_before;  // a copy taken before the forward pass drew from it
    bool autocast = false;
    c10::Device device{c10::kCPU};
};

c10::optional<at::Generator> copy_of(const c10::optional<at::Generator>& generator) {
    if (!generator || !generator->defined()) return c10::nullopt;
    return generator->clone();
}

struct CheckpointedLayer : torch::autograd::Function<CheckpointedLayer> {
    // `parameters`: the layer's tensors that need gradients; they are inputs so that autograd routes
    // their gradients, and saved so that backward can ask for them.
    static variable_list forward(AutogradContext* ctx, const at::Tensor& x, at::TensorList parameters,
                                 const c10::intrusive_ptr<LayerReplay>& replay,
                                 const c10::optional<at::Generator>& generator) {
        std::vector<at::Tensor> saved{x};
        saved.insert(saved.end(), parameters.begin(), parameters.end());
        ctx->save_for_backward(saved);
        ctx->saved_data["replay"] = c10::IValue::make_capsule(replay);
        return {replay->run(x, generator)};
    }

    static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
        const variable_list saved = ctx->get_saved_variables();
        const auto replay =
            c10::static_intrusive_pointer_cast<LayerReplay>(ctx->saved_data["replay"].toCapsule());
        at::Tensor x = saved[0].detach().requires_grad_(saved[0].requires_grad());
        std::vector<at::Tensor> wrt;
        if (x.requires_grad()) wrt.push_back(x);
        wrt.insert(wrt.end(), saved.begin() + 1, saved.end());
        variable_list grads;
        {
            at::AutoGradMode with_gradients(true);
            AutocastScope autocast(replay->autocast, replay->device);
            const at::Tensor out = replay->run(x, copy_of(replay->generator_before));
            grads = torch::autograd::grad({out}, wrt, {grad_outputs[0]}, /*retain_graph=*/false,
                                          /*create_graph=*/false, /*allow_unused=*/true);
        }
        // One gradient per forward input: x, each parameter, then none for the replay and generator.
        variable_list result;
        size_t next = 0;
        result.push_back(x.requires_grad() ? grads[next++] : at::Tensor());
        while (next < grads.size()) result.push_back(grads[next++]);
        result.emplace_back();
        result.emplace_back();
        return result;
    }
};

}  // namespace

at::Tensor Decoder::checkpointed_layer_forward(const Layer& layer, const at::Tensor& x, const LayerInputs& in,
                                               int64_t layer_index) const {
    std::vector<at::Tensor> parameters;
    for (const Projection* p : {&layer.q, &layer.k, &layer.v, &layer.o, &layer.gate, &layer.up, &layer.down})
        for (const at::Tensor& t : {p->weight, p->lora.a, p->lora.b})
            if (t.defined() && t.requires_grad()) parameters.push_back(t);
    for (const at::Tensor& t : {layer.input_norm, layer.post_norm})
        if (t.requires_grad()) parameters.push_back(t);

    auto replay = c10::make_intrusive<LayerReplay>();
    // The inputs shared by the layers are copied (tensor handles): the replay outlives this call.
    replay->run = [this, &layer, in, layer_index](const at::Tensor& input,
                                                  const c10::optional<at::Generator>& generator) {
        LayerInputs with = in;
        with.generator = generator;
        with.attention.generator = generator;
        return layer_forward(layer, input, with, layer_index);
    };
    replay->generator_before = copy_of(in.generator);
    replay->device = x.device();
    replay->autocast = autocast_enabled(x.device());
    // As a TensorList, so that autograd counts each parameter as an input.
    return CheckpointedLayer::apply(x, at::TensorList(parameters), replay, in.generator)[0];
}

}  // namespace ipt
