#include "ipt/common/checked_number.h"

#include <cmath>
#include <sstream>

#include "ipt/common/error.h"

namespace ipt {
namespace {

std::string range_text(IntegerRange range) {
    return "[" + std::to_string(range.min) + ", " + std::to_string(range.max) + "]";
}

[[noreturn]] void out_of_range(const std::string& value, IntegerRange range, const std::string& key,
                               const std::string& where) {
    throw FileError(where, "key '" + key + "': " + value + " is out of range " + range_text(range));
}

std::string real_text(double value) {
    std::ostringstream s;
    s.precision(17);
    s << value;
    return s.str();
}

}  // namespace

int64_t checked_integer(int64_t value, IntegerRange range, const std::string& key, const std::string& where) {
    if (value < range.min || value > range.max) out_of_range(std::to_string(value), range, key, where);
    return value;
}

int64_t checked_integer(uint64_t value, IntegerRange range, const std::string& key,
                        const std::string& where) {
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        out_of_range(std::to_string(value), range, key, where);
    return checked_integer(static_cast<int64_t>(value), range, key, where);
}

int64_t checked_integer(double value, IntegerRange range, const std::string& key, const std::string& where) {
    const std::optional<int64_t> exact = exact_integer(value);
    if (!exact) {
        if (std::isfinite(value) && value == std::floor(value))
            out_of_range(real_text(value), range, key, where);
        throw FileError(where, "key '" + key + "': expected an integer, got " + real_text(value));
    }
    return checked_integer(*exact, range, key, where);
}

double checked_real(double value, double min, double max, const std::string& key, const std::string& where) {
    if (!std::isfinite(value))
        throw FileError(where, "key '" + key + "': " + real_text(value) + " is not finite");
    if (value < min || value > max)
        throw FileError(where, "key '" + key + "': " + real_text(value) + " is out of range [" +
                                   real_text(min) + ", " + real_text(max) + "]");
    return value;
}

std::optional<int64_t> exact_integer(double value) {
    // 2^63 is exactly representable; every double below it (and at or above -2^63) converts exactly.
    constexpr double kLimit = 9223372036854775808.0;
    if (!std::isfinite(value) || value != std::floor(value) || value >= kLimit || value < -kLimit)
        return std::nullopt;
    return static_cast<int64_t>(value);
}

std::optional<int64_t> checked_product(int64_t a, int64_t b) {
    int64_t out;
    if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
    return out;
}

std::optional<uint64_t> checked_product(uint64_t a, uint64_t b) {
    uint64_t out;
    if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
    return out;
}

std::optional<int64_t> checked_sum(int64_t a, int64_t b) {
    int64_t out;
    if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
    return out;
}

}  // namespace ipt
