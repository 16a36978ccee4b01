#pragma once
// Tensors that are streamed whole, again and again, on the CPU (a model's weights, a KV cache) placed
// side by side in one HugePageRegion, so that they are read through 2 MiB pages (see
// ipt/common/huge_page_region.h for why and how much that gains).
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace ipt {

// CPU tensors of these shapes, all of `dtype`, in this order, each on the first cache line after the
// one before it; zeroed, and alive as long as any of them is. Empty when they come to less than 1 MiB
// (half a huge page), when the sizes overflow or when the region cannot be mapped: the caller then
// allocates each tensor alone (and names the one that does not fit).
std::vector<at::Tensor> tensors_in_one_region(const std::vector<std::vector<int64_t>>& shapes,
                                              at::ScalarType dtype);

}  // namespace ipt
