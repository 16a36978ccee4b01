#include "ipt/vocab/model_resize.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include "ipt/common/error.h"

namespace ipt {
namespace {

void fill_matrix(at::Tensor& target, const at::Tensor& old, int64_t first_new, const at::Tensor& rows,
                 const std::string& name) {
    if (rows.dim() != 2 || rows.size(1) != old.size(1))
        throw UsageError(name + ": new rows must be [n, " + std::to_string(old.size(1)) + "]");
    const int64_t n = rows.size(0);
    if (first_new > old.size(0) || first_new + n > target.size(0))
        throw UsageError(name + ": " + std::to_string(n) + " new rows from id " + std::to_string(first_new) +
                         " do not fit " + std::to_string(target.size(0)) + " rows");
    target.narrow(0, 0, first_new).copy_(old.narrow(0, 0, first_new));
    if (n > 0) target.narrow(0, first_new, n).copy_(rows.to(target.options()));
    const int64_t padding = target.size(0) - first_new - n;
    if (padding > 0)
        target.narrow(0, first_new + n, padding)
            .copy_(old.narrow(0, 0, first_new).to(at::kFloat).mean(0, true).expand({padding, old.size(1)}));
}

}  // namespace

int64_t padded_vocab_size(int64_t size, int64_t multiple) {
    return (size + multiple - 1) / multiple * multiple;
}

Decoder resize_vocabulary(const Decoder& model, int64_t vocab_size, int64_t first_new,
                          const at::Tensor& input_rows, const at::Tensor& head_rows) {
    ModelConfig config = model.config();
    config.vocab_size = vocab_size;
    Decoder out(config, at::TensorOptions().dtype(model.dtype()).device(model.device()));
    c10::NoGradGuard no_grad;
    for (const auto& [name, param] : out.named_parameters()) {
        at::Tensor target = param;
        const at::Tensor old = model.parameter(name);
        if (name == "model.embed_tokens.weight")
            fill_matrix(target, old, first_new, input_rows, name);
        else if (name == "lm_head.weight")
            fill_matrix(target, old, first_new, head_rows, name);
        else
            target.set_(old);
    }
    return out;
}

}  // namespace ipt
