#pragma once
// Numbers read from files are checked before any arithmetic uses them. A value outside its key's
// range, a float where an integer belongs (1e30, 2.5, NaN) or a product that would overflow is an error
// naming the file and the key: never a wrap-around, a division by zero or undefined behaviour.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace ipt {

struct IntegerRange {
    int64_t min = std::numeric_limits<int64_t>::min();
    int64_t max = std::numeric_limits<int64_t>::max();
};

// `value` when it lies in `range`; else throws FileError(where, "key 'K': ...").
int64_t checked_integer(int64_t value, IntegerRange range, const std::string& key, const std::string& where);
// An unsigned value (JSON's large integers): the same check, without a wrap-around on the way.
int64_t checked_integer(uint64_t value, IntegerRange range, const std::string& key, const std::string& where);
// A float where an integer is expected: accepted only when finite and integral (4096.0), then checked
// against `range` like an integer.
int64_t checked_integer(double value, IntegerRange range, const std::string& key, const std::string& where);
// A float that must be finite and lie in [min, max].
double checked_real(double value, double min, double max, const std::string& key, const std::string& where);

// The integer a double holds exactly; nullopt for NaN, infinities, fractions and values beyond int64.
std::optional<int64_t> exact_integer(double value);

// a * b and a + b, or nullopt when the result does not fit.
std::optional<int64_t> checked_product(int64_t a, int64_t b);
std::optional<uint64_t> checked_product(uint64_t a, uint64_t b);
std::optional<int64_t> checked_sum(int64_t a, int64_t b);

}  // namespace ipt
