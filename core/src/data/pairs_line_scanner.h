#pragma once
// One pass over one line of a pairs file without building a JSON tree: validates the JSON, finds the
// spans of id and text, classifies method and status, counts pairs (and their words), and can hand every
// searchable string (id, text, questions, answers) to a visitor. Both the index builder and the search
// use it, so they agree on what a record is.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ipt/data/pairs_index.h"

namespace ipt::pairs_scan {

struct LineFacts {
    const char* id_begin = nullptr;  // raw value bytes (inside the quotes for a string)
    const char* id_end = nullptr;
    bool id_is_string = false;
    const char* text_begin = nullptr;
    const char* text_end = nullptr;
    uint32_t text_chars = 0;
    uint32_t pairs = 0;
    PairsMethod method = PairsMethod::Missing;
    PairsStatus status = PairsStatus::Ok;
    std::string error;  // set when the line is malformed, with its column
};

// Called with the raw bytes of a searchable string value and whether they hold escapes.
using StringVisitor = void (*)(void* context, const char* begin, const char* end, bool escaped);

struct ScanOptions {
    bool measure = true;                          // count text characters and pair words
    std::vector<uint32_t>* pair_words = nullptr;  // appended per pair when measuring
    StringVisitor visit = nullptr;
    void* context = nullptr;
};

// False (with facts.error) when the line is not a pairs record.
bool scan_line(const char* begin, const char* end, const ScanOptions& options, LineFacts& facts);

// True when the bytes are only JSON whitespace (a blank line, which is no record).
bool is_blank(const char* begin, const char* end);

// Decodes a JSON string's raw bytes (between the quotes) to UTF-8, stopping after `max_chars` code
// points. Assumes bytes that scan_line accepted.
void decode_string(const char* begin, const char* end, std::string& out, size_t max_chars = SIZE_MAX);

}  // namespace ipt::pairs_scan
