// FNV-1a (64 bit) of a byte string as 16 hex digits: a fingerprint that tells files apart (a tokenizer's
// identity in datasets and checkpoints); not a security measure.
#pragma once

#include <string>

namespace ipt {

std::string fnv1a64_hex(const std::string& bytes);

}  // namespace ipt
