#include "ipt/common/fingerprint.h"

#include <cstdint>
#include <cstdio>

namespace ipt {

std::string fnv1a64_hex(const std::string& bytes) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

}  // namespace ipt
