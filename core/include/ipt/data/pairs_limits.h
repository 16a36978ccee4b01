#pragma once
// Limits on one record of a pairs file, the same for every reader (the browser's index, the pair
// reader, the corpus builder), so that a record one of them accepts the others accept too. They are far
// above what synthesis or mining writes (a few pairs per text, texts of a few thousand tokens) and keep
// a hostile line from taking gigabytes: parsed, a pair costs some hundred bytes more than its text.
#include <cstdint>

namespace ipt {

constexpr uint64_t kMaxPairsRecordBytes = 256ull << 20;  // one line
constexpr uint32_t kMaxPairsPerRecord = 100000;
constexpr int kMaxPairsRecordDepth = 64;  // nested arrays and objects (settings, extra fields)

}  // namespace ipt
