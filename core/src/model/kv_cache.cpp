#include "ipt/model/kv_cache.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "ipt/common/error.h"
#include "region_tensors.h"

namespace ipt {

KvCache::KvCache(const ModelConfig& config, int64_t batch, int64_t capacity, const at::TensorOptions& options)
    : batch_(batch), capacity_(capacity) {
    if (batch <= 0 || capacity <= 0)
        throw UsageError("KV cache needs a positive batch and capacity, got " + std::to_string(batch) +
                         " x " + std::to_string(capacity));
    const int64_t kv_heads = config.num_key_value_heads, head_dim = config.resolved_head_dim();
    allocate(config.num_hidden_layers, {batch, kv_heads, capacity, head_dim}, options);
}

void KvCache::allocate(int64_t layers, const std::vector<int64_t>& shape, const at::TensorOptions& options) {
    // On the CPU every layer's keys and values lie in one huge-page region: a decoding step reads the
    // cache of each layer as it reads the weights.
    std::vector<at::Tensor> placed;
    if (options.device().is_cpu())
        placed = tensors_in_one_region(std::vector<std::vector<int64_t>>(size_t(2 * layers), shape),
                                       c10::typeMetaToScalarType(options.dtype()));
    for (int64_t i = 0; i < layers; ++i) {
        keys_.push_back(placed.empty() ? at::zeros(shape, options) : placed[size_t(2 * i)]);
        values_.push_back(placed.empty() ? at::zeros(shape, options) : placed[size_t(2 * i + 1)]);
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
    if (keys.size(0) != batch_)
        throw UsageError("KV cache holds a batch of " + std::to_string(batch_) + ", got " +
                         std::to_string(keys.size(0)));
    if (ragged()) {
        if (t != 1)
            throw UsageError("a KV cache with rows of different lengths takes one position per step, got " +
                             std::to_string(t));
        for (int64_t b = 0; b < batch_; ++b)
            if (row_lengths_[b] + 1 > capacity_)
                throw UsageError("KV cache is full: row " + std::to_string(b) + " holds " +
                                 std::to_string(row_lengths_[b]) + " positions, its capacity is " +
                                 std::to_string(capacity_));
        write_rows(keys_[layer], keys);
        write_rows(values_[layer], values);
        return {keys_[layer].narrow(2, 0, length_ + 1), values_[layer].narrow(2, 0, length_ + 1)};
    }
    if (length_ + t > capacity_)
        throw UsageError("KV cache is full: " + std::to_string(length_) + " cached + " + std::to_string(t) +
                         " new positions exceed its capacity of " + std::to_string(capacity_));
    keys_[layer].narrow(2, length_, t).copy_(keys);
    values_[layer].narrow(2, length_, t).copy_(values);
    return {keys_[layer].narrow(2, 0, length_ + t), values_[layer].narrow(2, 0, length_ + t)};
}

void KvCache::write_rows(at::Tensor& buffer, const at::Tensor& step) const {
    // One position per row, each at its own length. On the CPU a plain copy per head; elsewhere (or
    // when the dtypes differ) one copy per row.
    const bool direct = buffer.device().is_cpu() && step.device().is_cpu() &&
                        buffer.scalar_type() == step.scalar_type() && step.stride(3) == 1 &&
                        buffer.is_contiguous();
    if (!direct) {
        for (int64_t b = 0; b < batch_; ++b) buffer[b].narrow(1, row_lengths_[b], 1).copy_(step[b]);
        return;
    }
    const int64_t heads = buffer.size(1), d = buffer.size(3), size = buffer.element_size();
    const char* src = static_cast<const char*>(step.data_ptr());
    char* dst = static_cast<char*>(buffer.data_ptr());
    for (int64_t b = 0; b < batch_; ++b)
        for (int64_t h = 0; h < heads; ++h)
            std::memcpy(dst + ((b * heads + h) * capacity_ + row_lengths_[b]) * d * size,
                        src + (b * step.stride(0) + h * step.stride(1)) * size,
                        static_cast<size_t>(d * size));
}

void KvCache::advance(int64_t positions) {
    if (!ragged()) {
        length_ += positions;
        return;
    }
    for (int64_t& n : row_lengths_) n += positions;
    length_ = *std::max_element(row_lengths_.begin(), row_lengths_.end());
}

void KvCache::set_row_length(int64_t row, int64_t length) {
    if (row < 0 || row >= batch_ || length < 0 || length > capacity_)
        throw UsageError("KV cache row " + std::to_string(row) + " length " + std::to_string(length) +
                         " is outside its batch of " + std::to_string(batch_) + " or capacity of " +
                         std::to_string(capacity_));
    if (!ragged()) row_lengths_.assign(static_cast<size_t>(batch_), length_);
    row_lengths_[static_cast<size_t>(row)] = length;
    length_ = *std::max_element(row_lengths_.begin(), row_lengths_.end());
}

int64_t KvCache::row_length(int64_t row) const {
    return ragged() ? row_lengths_.at(static_cast<size_t>(row)) : length_;
}

KvCache KvCache::row(int64_t row) const {
    if (row < 0 || row >= batch_)
        throw UsageError("KV cache row " + std::to_string(row) + " is outside its batch of " +
                         std::to_string(batch_));
    KvCache out;
    out.batch_ = 1;
    out.capacity_ = capacity_;
    for (size_t i = 0; i < keys_.size(); ++i) {
        out.keys_.push_back(keys_[i].narrow(0, row, 1));
        out.values_.push_back(values_[i].narrow(0, row, 1));
    }
    return out;
}

at::Tensor KvCache::step_mask(const std::optional<int64_t>& sliding_window) const {
    const int64_t s = length_ + 1;
    bool uniform = true;
    for (int64_t b = 0; b < batch_; ++b) uniform = uniform && row_length(b) == length_;
    if (uniform && !(sliding_window && *sliding_window < s)) return {};
    at::Tensor mask = at::zeros({batch_, 1, 1, s}, at::TensorOptions().dtype(at::kFloat));
    float* m = mask.data_ptr<float>();
    const float hidden = -std::numeric_limits<float>::infinity();
    for (int64_t b = 0; b < batch_; ++b) {
        const int64_t n = row_length(b);  // the new key sits at n
        for (int64_t j = 0; j < s; ++j) {
            const bool seen = j <= n && !(sliding_window && n - j >= *sliding_window);
            if (!seen) m[b * s + j] = hidden;
        }
    }
    return keys_.empty() ? mask : mask.to(keys_.front().device());
}

at::Tensor KvCache::step_positions() const {
    at::Tensor positions = at::empty({batch_, 1}, at::TensorOptions().dtype(at::kLong));
    for (int64_t b = 0; b < batch_; ++b) positions.data_ptr<int64_t>()[b] = row_length(b);
    return keys_.empty() ? positions : positions.to(keys_.front().device());
}

KvCache KvCache::repeat(const KvCache& prefix, int64_t batch, int64_t capacity) {
    if (capacity < prefix.length_)
        throw UsageError("KV cache capacity " + std::to_string(capacity) + " is below the prefix's " +
                         std::to_string(prefix.length_) + " positions");
    KvCache out;
    out.batch_ = batch;
    out.capacity_ = capacity;
    out.length_ = prefix.length_;
    if (prefix.keys_.empty()) return out;
    const at::Tensor& first = prefix.keys_.front();
    out.allocate(static_cast<int64_t>(prefix.keys_.size()), {batch, first.size(1), capacity, first.size(3)},
                 first.options());
    for (size_t i = 0; i < prefix.keys_.size(); ++i) {
        out.keys_[i]
            .narrow(2, 0, prefix.length_)
            .copy_(prefix.keys_[i].narrow(0, 0, 1).narrow(2, 0, prefix.length_));
        out.values_[i]
            .narrow(2, 0, prefix.length_)
            .copy_(prefix.values_[i].narrow(0, 0, 1).narrow(2, 0, prefix.length_));
    }
    return out;
}

}  // namespace ipt
