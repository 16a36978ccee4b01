#include "ipt/model/kv_cache.h"

#include <ATen/ATen.h>

#include "ipt/common/error.h"

namespace ipt {

KvCache::KvCache(const ModelConfig& config, int64_t batch, int64_t capacity, const at::TensorOptions& options)
    : batch_(batch), capacity_(capacity) {
    if (batch <= 0 || capacity <= 0)
        throw UsageError("KV cache needs a positive batch and capacity, got " + std::to_string(batch) +
                         " x " + std::to_string(capacity));
    const int64_t kv_heads = config.num_key_value_heads, head_dim = config.resolved_head_dim();
    for (int64_t i = 0; i < config.num_hidden_layers; ++i) {
        keys_.push_back(at::zeros({batch, kv_heads, capacity, head_dim}, options));
        values_.push_back(at::zeros({batch, kv_heads, capacity, head_dim}, options));
    }
}

int64_t KvCache::bytes() const {
    int64_t total = 0;
    for (const auto& t : keys_) total += t.numel() * t.element_size();
    return 2 * total;
}

std::pair<at::Tensor, at::Tensor> KvCache::append(int64_t layer, const at::Tensor& keys,
                                                  const at::Tensor& values) {
    const int64_t t = keys.size(2);
    if (length_ + t > capacity_)
        throw UsageError("KV cache is full: " + std::to_string(length_) + " cached + " + std::to_string(t) +
                         " new positions exceed its capacity of " + std::to_string(capacity_));
    if (keys.size(0) != batch_)
        throw UsageError("KV cache holds a batch of " + std::to_string(batch_) + ", got " +
                         std::to_string(keys.size(0)));
    keys_[layer].narrow(2, length_, t).copy_(keys);
    values_[layer].narrow(2, length_, t).copy_(values);
    return {keys_[layer].narrow(2, 0, length_ + t), values_[layer].narrow(2, 0, length_ + t)};
}

void KvCache::advance(int64_t positions) {
    length_ += positions;
}

KvCache KvCache::repeat(const KvCache& prefix, int64_t batch, int64_t capacity) {
    if (capacity < prefix.length_)
        throw UsageError("KV cache capacity " + std::to_string(capacity) + " is below the prefix's " +
                         std::to_string(prefix.length_) + " positions");
    KvCache out;
    out.batch_ = batch;
    out.capacity_ = capacity;
    out.length_ = prefix.length_;
    auto copy_rows = [&](const at::Tensor& source) {
        at::Tensor buffer = at::zeros({batch, source.size(1), capacity, source.size(3)}, source.options());
        buffer.narrow(2, 0, prefix.length_).copy_(source.narrow(0, 0, 1).narrow(2, 0, prefix.length_));
        return buffer;
    };
    for (size_t i = 0; i < prefix.keys_.size(); ++i) {
        out.keys_.push_back(copy_rows(prefix.keys_[i]));
        out.values_.push_back(copy_rows(prefix.values_[i]));
    }
    return out;
}

}  // namespace ipt
