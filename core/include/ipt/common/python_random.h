#pragma once
// CPython's `random.Random`, reproduced exactly: the Mersenne Twister (MT19937) seeded the way
// `random.Random(int)` seeds it (init_by_array over the seed's 32-bit words), and the algorithms of
// `random()`, `getrandbits()`, `_randbelow()`, `shuffle()`, `choice()`, `sample()` and `choices()`.
// lm-evaluation-harness draws few-shot examples with `random.Random(seed).sample(...)` and the released
// Instruction Pre-Training templates pick with `random.Random(seed).choice(...)`; with this generator
// the workbench makes the same draws, so its prompts and corpora equal theirs on every machine and
// standard library (std::shuffle's algorithm is not specified and differs between libraries).
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace ipt {

class PythonRandom {
  public:
    // random.Random(seed); a negative seed seeds as its absolute value, as Python does.
    explicit PythonRandom(int64_t seed);

    uint32_t next_uint32();  // genrand_uint32
    double random();         // [0, 1) with 53 random bits
    // getrandbits(k) for 0 <= k <= 64.
    uint64_t getrandbits(int k);
    // _randbelow(n): uniform in [0, n), by rejection on n.bit_length() bits. n must be positive.
    uint64_t randbelow(uint64_t n);

    // random.shuffle(x): Fisher-Yates from the end.
    template <typename T>
    void shuffle(std::vector<T>& x) {
        for (size_t i = x.size(); i-- > 1;) {
            const size_t j = static_cast<size_t>(randbelow(i + 1));
            std::swap(x[i], x[j]);
        }
    }
    // random.choice(seq) as an index into a sequence of `n` elements (n > 0).
    size_t choice_index(size_t n) { return static_cast<size_t>(randbelow(n)); }
    // random.sample(range(n), k): the indices Python's sample picks, in its order (both of its
    // algorithms, chosen by the same set-size rule). Throws UsageError when k > n.
    std::vector<size_t> sample_indices(size_t n, size_t k);
    // random.choices(range(n), weights=weights, k=1)[0]: one index by cumulative weights.
    size_t weighted_index(const std::vector<double>& weights);
    // random.randint(a, b): a + _randbelow(b - a + 1).
    int64_t randint(int64_t a, int64_t b);

    // numpy's legacy generator (np.random.seed(seed), a RandomState): the same twister seeded by
    // init_genrand, as numpy seeds it from one 32-bit integer.
    static PythonRandom numpy_legacy(uint32_t seed);
    // np.random.choice(n, p=p): the first index whose normalised cumulative probability exceeds one
    // random_sample() (searchsorted, side='right').
    size_t numpy_choice_index(const std::vector<double>& p);

  private:
    PythonRandom() = default;
    void init_genrand(uint32_t s);
    void init_by_array(const std::vector<uint32_t>& key);

    std::array<uint32_t, 624> state_{};
    int index_ = 625;
};

}  // namespace ipt
