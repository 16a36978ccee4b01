#include "ipt/common/python_random.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_set>

#include "ipt/common/error.h"

namespace ipt {
namespace {

constexpr int kN = 624, kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfU, kUpperMask = 0x80000000U, kLowerMask = 0x7fffffffU;

int bit_length(uint64_t n) {
    int bits = 0;
    while (n) {
        ++bits;
        n >>= 1;
    }
    return bits;
}

}  // namespace

PythonRandom::PythonRandom(int64_t seed) {
    // random_seed(): the absolute value as little-endian 32-bit words, at least one word.
    uint64_t magnitude = seed < 0 ? uint64_t(0) - static_cast<uint64_t>(seed) : static_cast<uint64_t>(seed);
    std::vector<uint32_t> key;
    do {
        key.push_back(static_cast<uint32_t>(magnitude & 0xffffffffU));
        magnitude >>= 32;
    } while (magnitude);
    init_by_array(key);
}

void PythonRandom::init_genrand(uint32_t s) {
    state_[0] = s;
    for (int i = 1; i < kN; ++i)
        state_[i] = 1812433253U * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<uint32_t>(i);
    index_ = kN;
}

void PythonRandom::init_by_array(const std::vector<uint32_t>& key) {
    init_genrand(19650218U);
    size_t i = 1, j = 0;
    for (size_t k = std::max<size_t>(kN, key.size()); k; --k) {
        state_[i] = (state_[i] ^ ((state_[i - 1] ^ (state_[i - 1] >> 30)) * 1664525U)) + key[j] +
                    static_cast<uint32_t>(j);
        ++i;
        ++j;
        if (i >= kN) {
            state_[0] = state_[kN - 1];
            i = 1;
        }
        if (j >= key.size()) j = 0;
    }
    for (size_t k = kN - 1; k; --k) {
        state_[i] =
            (state_[i] ^ ((state_[i - 1] ^ (state_[i - 1] >> 30)) * 1566083941U)) - static_cast<uint32_t>(i);
        ++i;
        if (i >= kN) {
            state_[0] = state_[kN - 1];
            i = 1;
        }
    }
    state_[0] = 0x80000000U;
}

uint32_t PythonRandom::next_uint32() {
    static const uint32_t mag01[2] = {0x0U, kMatrixA};
    uint32_t y;
    if (index_ >= kN) {
        int kk = 0;
        for (; kk < kN - kM; ++kk) {
            y = (state_[kk] & kUpperMask) | (state_[kk + 1] & kLowerMask);
            state_[kk] = state_[kk + kM] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        for (; kk < kN - 1; ++kk) {
            y = (state_[kk] & kUpperMask) | (state_[kk + 1] & kLowerMask);
            state_[kk] = state_[kk + (kM - kN)] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        y = (state_[kN - 1] & kUpperMask) | (state_[0] & kLowerMask);
        state_[kN - 1] = state_[kM - 1] ^ (y >> 1) ^ mag01[y & 0x1U];
        index_ = 0;
    }
    y = state_[index_++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= (y >> 18);
    return y;
}

double PythonRandom::random() {
    const uint32_t a = next_uint32() >> 5, b = next_uint32() >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

uint64_t PythonRandom::getrandbits(int k) {
    if (k < 0 || k > 64) throw UsageError("getrandbits: " + std::to_string(k) + " bits (0 to 64)");
    if (k == 0) return 0;
    if (k <= 32) return next_uint32() >> (32 - k);
    // Words are filled least significant first; the last one keeps its top bits.
    const uint64_t low = next_uint32();
    const uint64_t high = next_uint32() >> (64 - k);
    return low | (high << 32);
}

uint64_t PythonRandom::randbelow(uint64_t n) {
    if (n == 0) throw UsageError("randbelow: empty range");
    const int k = bit_length(n);
    uint64_t r = getrandbits(k);
    while (r >= n) r = getrandbits(k);
    return r;
}

std::vector<size_t> PythonRandom::sample_indices(size_t n, size_t k) {
    if (k > n)
        throw UsageError("sample of " + std::to_string(k) + " from " + std::to_string(n) +
                         " (larger than the population)");
    std::vector<size_t> result(k);
    // CPython's rule for choosing between a pool copy and a set of selected indices.
    size_t setsize = 21;
    if (k > 5) setsize += size_t(std::pow(4.0, std::ceil(std::log(double(k * 3)) / std::log(4.0))));
    if (n <= setsize) {
        std::vector<size_t> pool(n);
        for (size_t i = 0; i < n; ++i) pool[i] = i;
        for (size_t i = 0; i < k; ++i) {
            const size_t j = static_cast<size_t>(randbelow(n - i));
            result[i] = pool[j];
            pool[j] = pool[n - i - 1];
        }
    } else {
        std::unordered_set<size_t> selected;
        for (size_t i = 0; i < k; ++i) {
            size_t j = static_cast<size_t>(randbelow(n));
            while (selected.count(j)) j = static_cast<size_t>(randbelow(n));
            selected.insert(j);
            result[i] = j;
        }
    }
    return result;
}

size_t PythonRandom::weighted_index(const std::vector<double>& weights) {
    if (weights.empty()) throw UsageError("choices: no weights");
    std::vector<double> cumulative(weights.size());
    double running = 0;
    for (size_t i = 0; i < weights.size(); ++i) cumulative[i] = running += weights[i];
    const double total = cumulative.back();
    if (!(total > 0.0) || !std::isfinite(total))
        throw UsageError("choices: total of weights must be positive");
    // bisect_right(cum_weights, random() * total, 0, n - 1)
    const double x = random() * total;
    const auto end = cumulative.end() - 1;
    return static_cast<size_t>(std::upper_bound(cumulative.begin(), end, x) - cumulative.begin());
}

int64_t PythonRandom::randint(int64_t a, int64_t b) {
    if (b < a) throw UsageError("randint: empty range");
    return a + static_cast<int64_t>(randbelow(static_cast<uint64_t>(b - a) + 1));
}

PythonRandom PythonRandom::numpy_legacy(uint32_t seed) {
    PythonRandom r;
    r.init_genrand(seed);
    return r;
}

size_t PythonRandom::numpy_choice_index(const std::vector<double>& p) {
    if (p.empty()) throw UsageError("numpy choice: no probabilities");
    std::vector<double> cdf(p.size());
    double running = 0;
    for (size_t i = 0; i < p.size(); ++i) cdf[i] = running += p[i];
    const double total = cdf.back();
    for (double& c : cdf) c /= total;
    const double u = random();
    const size_t i = static_cast<size_t>(std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
    return std::min(i, p.size() - 1);
}

}  // namespace ipt
