#pragma once
// Keys and values of past positions, preallocated for a whole generation so that each new token costs
// one write and attention over views; nothing is concatenated or recomputed.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "ipt/model/model_config.h"

namespace ipt {

class KvCache {
  public:
    // Buffers of [batch, kv_heads, capacity, head_dim] per layer, in `options`' dtype and device.
    KvCache(const ModelConfig& config, int64_t batch, int64_t capacity, const at::TensorOptions& options);

    int64_t length() const { return length_; }
    int64_t capacity() const { return capacity_; }
    int64_t batch() const { return batch_; }
    int64_t bytes() const;

    // Writes `keys`/`values` ([batch, kv_heads, T, head_dim]) after the cached positions of `layer` and
    // returns views of positions [0, length + T). The length moves on only with advance(), once every
    // layer has appended the same T positions.
    std::pair<at::Tensor, at::Tensor> append(int64_t layer, const at::Tensor& keys, const at::Tensor& values);
    void advance(int64_t positions);
    // A cache of `batch` rows that each start with the cached positions of row 0 of `prefix`: a shared
    // context computed once, continued by several sequences.
    static KvCache repeat(const KvCache& prefix, int64_t batch, int64_t capacity);

  private:
    KvCache() = default;
    std::vector<at::Tensor> keys_;
    std::vector<at::Tensor> values_;
    int64_t batch_ = 0;
    int64_t capacity_ = 0;
    int64_t length_ = 0;
};

}  // namespace ipt
