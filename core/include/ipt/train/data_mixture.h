#pragma once
// Draws training sequences from several prepared datasets by weight (e.g. 80% raw + 20% instruction-
// augmented). Each dataset is read in order from its own cursor; which dataset feeds the next sequence
// comes from a seeded RNG. The whole position (cursors + RNG) is saved with each checkpoint, and every
// process of a data-parallel run draws the same global sequence of choices and keeps its own share.
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace ipt {

class TokenDataset;

class DataMixture {
  public:
    DataMixture(std::vector<std::shared_ptr<TokenDataset>> datasets, std::vector<double> weights,
                uint64_t seed);

    // The next window of `length` tokens (and their loss mask); the cursor moves on by length - 1 so
    // that every token is a target once.
    void next(int64_t length, int64_t* tokens, uint8_t* mask);
    // Moves on as next() would without reading (another process's share).
    void skip(int64_t length);

    std::string state() const;  // JSON
    void restore(const std::string& state, const std::string& where);
    size_t size() const { return datasets_.size(); }

  private:
    size_t choose();
    std::vector<std::shared_ptr<TokenDataset>> datasets_;
    std::vector<double> cumulative_;
    std::vector<uint64_t> cursors_;
    std::mt19937_64 rng_;
};

}  // namespace ipt
