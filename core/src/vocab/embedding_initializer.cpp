#include "ipt/vocab/embedding_initializer.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include "ipt/common/error.h"
#include "ipt/vocab/tokenizer_extension.h"

namespace ipt {

const char* init_method_name(InitMethod method) {
    switch (method) {
        case InitMethod::Random:
            return "random";
        case InitMethod::Mean:
            return "mean";
        case InitMethod::Merge:
            return "merge";
        case InitMethod::Align:
            return "align";
        case InitMethod::Focus:
            return "focus";
    }
    return "?";
}

std::vector<InitMethod> all_init_methods() {
    return {InitMethod::Random, InitMethod::Mean, InitMethod::Merge, InitMethod::Align, InitMethod::Focus};
}

InitMethod init_method_from_name(const std::string& name) {
    for (InitMethod m : all_init_methods())
        if (name == init_method_name(m)) return m;
    throw UsageError("unknown initialisation '" + name + "': use random, mean, merge, align, focus or all");
}

at::Tensor random_rows(const at::Tensor& source, int64_t count, uint64_t seed) {
    const at::Tensor s = source.to(at::kFloat);
    const at::Tensor mean = s.mean(0), sd = s.std(0);
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const at::Tensor noise = at::randn({count, s.size(1)}, generator, at::TensorOptions().dtype(at::kFloat));
    return noise * sd.cpu() + mean.cpu();
}

at::Tensor mean_of_rows(const at::Tensor& source, const TokenIds& ids) {
    if (ids.empty()) return source.to(at::kFloat).mean(0);
    std::vector<int64_t> index(ids.begin(), ids.end());
    return source.index_select(0, at::tensor(index).to(source.device())).to(at::kFloat).mean(0);
}

std::vector<TokenIds> piece_source_ids(const Tokenizer& source, const std::vector<std::string>& pieces) {
    EncodeOptions continuation;
    continuation.continuation = true;
    std::vector<TokenIds> out;
    for (const auto& p : pieces) out.push_back(source.encode(source.piece_text(p), continuation));
    return out;
}

at::Tensor mean_rows(const at::Tensor& source, const std::vector<TokenIds>& source_ids) {
    std::vector<at::Tensor> rows;
    rows.reserve(source_ids.size());
    at::Tensor overall;  // computed once, only when some tokenization is empty
    for (const auto& ids : source_ids) {
        if (ids.empty() && !overall.defined()) overall = mean_of_rows(source, {});
        rows.push_back(ids.empty() ? overall : mean_of_rows(source, ids));
    }
    if (rows.empty()) return at::empty({0, source.size(1)}, source.options().dtype(at::kFloat));
    return at::stack(rows);
}

}  // namespace ipt
