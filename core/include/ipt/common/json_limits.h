#pragma once
// Limits on a JSON text, checked before a parser builds a tree from it. A JSON tree costs far more
// memory than its text (a "[]," of three bytes becomes a value, a vector and its allocation), and deep
// nesting makes the tree's recursive copies and dumps overflow the stack, so a hostile line of 100 MB
// could take gigabytes or crash. One linear pass over the bytes, building nothing, refuses such texts
// with a message that names the limit and the byte offset.
#include <cstdint>
#include <string>

namespace ipt {

struct JsonLimits {
    uint64_t max_bytes = 64ull << 20;
    int max_depth = 256;               // nested arrays and objects
    uint64_t max_values = 1ull << 20;  // array elements and object members, all levels together
};

// What makes [begin, end) exceed `limits` ("nested deeper than 256 levels at byte 1234"), or empty. It
// does not check the syntax; the parser that runs next does.
std::string json_limits_problem(const char* begin, const char* end, const JsonLimits& limits);

// The first `max_bytes` of a message, cut at a character boundary, with "..." when cut: parser errors
// quote the text they read, which may be megabytes of a hostile line.
std::string shortened(const std::string& message, size_t max_bytes = 300);

}  // namespace ipt
