#include "ipt/common/huge_page_region.h"

#include <algorithm>
#include <new>

#ifdef __linux__
#include <sys/mman.h>
#else
#include <cstdlib>
#include <cstring>
#endif

namespace ipt {

std::shared_ptr<HugePageRegion> HugePageRegion::allocate(size_t bytes) {
    const size_t size = (std::max<size_t>(bytes, 1) + kPageBytes - 1) / kPageBytes * kPageBytes;
    std::shared_ptr<HugePageRegion> region(new HugePageRegion());
#ifdef __linux__
    // Map one page more than asked and cut the unaligned ends off: mmap aligns to 4 KiB only.
    void* mapped =
        ::mmap(nullptr, size + kPageBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) throw std::bad_alloc();
    const uintptr_t start = reinterpret_cast<uintptr_t>(mapped);
    const uintptr_t aligned = (start + kPageBytes - 1) / kPageBytes * kPageBytes;
    if (aligned > start) ::munmap(mapped, aligned - start);
    const uintptr_t end = start + size + kPageBytes;
    if (end > aligned + size) ::munmap(reinterpret_cast<void*>(aligned + size), end - aligned - size);
    region->data_ = reinterpret_cast<uint8_t*>(aligned);
    region->size_ = size;
#ifdef MADV_HUGEPAGE
    region->advised_ = ::madvise(region->data_, size, MADV_HUGEPAGE) == 0;
#endif
#else
    region->data_ = static_cast<uint8_t*>(std::aligned_alloc(kPageBytes, size));
    if (!region->data_) throw std::bad_alloc();
    std::memset(region->data_, 0, size);
    region->size_ = size;
#endif
    return region;
}

HugePageRegion::~HugePageRegion() {
#ifdef __linux__
    if (data_) ::munmap(data_, size_);
#else
    std::free(data_);
#endif
}

}  // namespace ipt
