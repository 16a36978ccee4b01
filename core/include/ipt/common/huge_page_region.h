#pragma once
// Anonymous memory aligned to 2 MiB and advised for transparent huge pages, where the kernel grants
// them (Linux with THP set to "madvise" or "always"). A block that is streamed again and again, a CPU
// model's weights in decoding, is then read through 2 MiB pages instead of 4 KiB ones: no TLB miss
// every 4 KiB, and the hardware prefetcher no longer stops at each page's end. On the development
// machine (Zen 3, THP "madvise"), while other work loaded it, that raised a plain read from 18-22 to
// 23-24 GB/s on one core and a bfloat16 one-row product from 15-19 to 20-21 GB/s; when it was quiet
// the plain reads were within 3%, and decoding gained 4%.
#include <cstddef>
#include <cstdint>
#include <memory>

namespace ipt {

class HugePageRegion {
  public:
    // `bytes` of zeroed memory (rounded up to whole 2 MiB pages; the pages are backed only once
    // touched). Throws std::bad_alloc when the address space cannot be mapped.
    static std::shared_ptr<HugePageRegion> allocate(size_t bytes);
    ~HugePageRegion();
    HugePageRegion(const HugePageRegion&) = delete;
    HugePageRegion& operator=(const HugePageRegion&) = delete;

    uint8_t* data() const { return data_; }
    size_t size() const { return size_; }
    // Whether the kernel took the huge-page advice (false where THP is compiled out, or off this OS).
    // Advice taken does not promise huge pages: the kernel uses them when it has 2 MiB free at once.
    bool advised() const { return advised_; }

    static constexpr size_t kPageBytes = size_t(2) << 20;

  private:
    HugePageRegion() = default;
    uint8_t* data_ = nullptr;
    size_t size_ = 0;
    bool advised_ = false;
};

}  // namespace ipt
