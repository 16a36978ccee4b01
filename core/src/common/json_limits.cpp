#include "ipt/common/json_limits.h"

#include <cstring>

namespace ipt {

std::string json_limits_problem(const char* begin, const char* end, const JsonLimits& limits) {
    const uint64_t size = uint64_t(end - begin);
    if (size > limits.max_bytes)
        return std::to_string(size) + " bytes exceed the limit of " + std::to_string(limits.max_bytes) +
               " bytes";
    int depth = 0;
    uint64_t values = 0;
    for (const char* p = begin; p < end; ++p) {
        switch (*p) {
            case '"': {
                // Skip the string: its closing quote is the first one after an even run of backslashes.
                const char* q = p + 1;
                for (;;) {
                    q = static_cast<const char*>(std::memchr(q, '"', size_t(end - q)));
                    if (!q) return {};  // unterminated: the parser reports it
                    const char* b = q;
                    while (b > p + 1 && b[-1] == '\\') --b;
                    if ((q - b) % 2 == 0) break;
                    ++q;
                }
                p = q;
                break;
            }
            case '[':
            case '{':
                if (++depth > limits.max_depth)
                    return "nested deeper than " + std::to_string(limits.max_depth) + " levels at byte " +
                           std::to_string(p - begin);
                [[fallthrough]];
            case ',':
                if (++values > limits.max_values)
                    return "more than " + std::to_string(limits.max_values) + " values (byte " +
                           std::to_string(p - begin) + ")";
                break;
            case ']':
            case '}':
                --depth;
                break;
            default:
                break;
        }
    }
    return {};
}

std::string shortened(const std::string& message, size_t max_bytes) {
    if (message.size() <= max_bytes) return message;
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
    return message.substr(0, cut) + "...";
}

}  // namespace ipt
