#include "region_tensors.h"

#include <ATen/ATen.h>

#include <memory>
#include <new>

#include "ipt/common/huge_page_region.h"

namespace ipt {

std::vector<at::Tensor> tensors_in_one_region(const std::vector<std::vector<int64_t>>& shapes,
                                              at::ScalarType dtype) {
    constexpr uint64_t kAlign = 64, kLimit = uint64_t(1) << 46;
    std::vector<uint64_t> offsets;
    uint64_t total = 0;
    for (size_t i = 0; i < shapes.size(); ++i) {
        uint64_t bytes = c10::elementSize(dtype);
        for (int64_t d : shapes[i]) {
            if (d < 0 || (d > 0 && bytes > kLimit / uint64_t(d))) return {};
            bytes *= uint64_t(d);
        }
        offsets.push_back(total);
        total += (bytes + kAlign - 1) / kAlign * kAlign;
        if (total > kLimit) return {};
    }
    // A whole huge page would back a smaller block (a tiny model, a short cache) for no gain.
    if (total < HugePageRegion::kPageBytes / 2) return {};
    std::shared_ptr<HugePageRegion> region;
    try {
        region = HugePageRegion::allocate(total);
    } catch (const std::bad_alloc&) {
        return {};
    }
    std::vector<at::Tensor> tensors;
    for (size_t i = 0; i < shapes.size(); ++i)
        tensors.push_back(at::from_blob(
            region->data() + offsets[i], shapes[i], [region](void*) {}, at::TensorOptions().dtype(dtype)));
    return tensors;
}

}  // namespace ipt
