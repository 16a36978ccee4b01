#pragma once
// Keys and values of past positions, preallocated for a whole generation so that each new token costs
// one write and attention over views; nothing is concatenated or recomputed.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <optional>
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

    // Rows of different lengths, for continuous batching: each row is one sequence slot, filled by a
    // prefill through row(), then decoded one position per step with the other rows. Once a row length
    // is set the cache is ragged: append() takes one position, written to each row after its own
    // positions; length() is the longest row; the decoder hides each row's unused keys with
    // step_mask() and takes rotary positions from step_positions().
    void set_row_length(int64_t row, int64_t length);
    int64_t row_length(int64_t row) const;
    bool ragged() const { return !row_lengths_.empty(); }
    // A batch-1 cache over row `row`'s buffers (writes go to this cache), empty: for a row's prefill.
    KvCache row(int64_t row) const;
    // [batch, 1, 1, length() + 1] additive float mask for the next step: row b sees its own positions
    // and the new one (within `sliding_window` positions of it, when given); undefined when every row
    // sees every key.
    at::Tensor step_mask(const std::optional<int64_t>& sliding_window) const;
    // [batch, 1] rotary positions of the next step: each row's length.
    at::Tensor step_positions() const;

  private:
    KvCache() = default;
    // `layers` zeroed key and value tensors of `shape`.
    void allocate(int64_t layers, const std::vector<int64_t>& shape, const at::TensorOptions& options);
    void write_rows(at::Tensor& buffer, const at::Tensor& step) const;
    std::vector<at::Tensor> keys_;
    std::vector<at::Tensor> values_;
    int64_t batch_ = 0;
    int64_t capacity_ = 0;
    int64_t length_ = 0;
    std::vector<int64_t> row_lengths_;  // empty unless ragged
};

}  // namespace ipt
