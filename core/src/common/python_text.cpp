#include "ipt/common/python_text.h"

#include <algorithm>
#include <cstdint>

namespace ipt {
namespace {

struct CaseMapping {
    char32_t cp;
    const char* utf8;
};

#include "python_case_tables.inc"

// One code point starting at text[at]; an invalid or truncated sequence is one byte (cp = npos marker).
constexpr char32_t kInvalid = 0xFFFFFFFF;

char32_t decode(const std::string& text, size_t at, size_t* length) {
    const unsigned char lead = static_cast<unsigned char>(text[at]);
    size_t n = lead < 0x80           ? 1
               : (lead >> 5) == 0x6  ? 2
               : (lead >> 4) == 0xE  ? 3
               : (lead >> 3) == 0x1E ? 4
                                     : 0;
    if (n == 0 || at + n > text.size()) {
        *length = 1;
        return lead < 0x80 ? lead : kInvalid;
    }
    char32_t cp = n == 1 ? lead : n == 2 ? (lead & 0x1F) : n == 3 ? (lead & 0x0F) : (lead & 0x07);
    for (size_t i = 1; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[at + i]);
        if ((c >> 6) != 0x2) {
            *length = 1;
            return kInvalid;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    *length = n;
    return cp;
}

template <size_t N>
const char* lookup(const CaseMapping (&table)[N], char32_t cp) {
    const CaseMapping* end = table + N;
    const CaseMapping* it =
        std::lower_bound(table, end, cp, [](const CaseMapping& m, char32_t c) { return m.cp < c; });
    return it != end && it->cp == cp ? it->utf8 : nullptr;
}

template <size_t N>
void map_into(const CaseMapping (&table)[N], const std::string& text, size_t at, size_t length, char32_t cp,
              std::string* out) {
    const char* mapped = cp == kInvalid ? nullptr : lookup(table, cp);
    if (mapped)
        *out += mapped;
    else
        out->append(text, at, length);
}

}  // namespace

bool python_isspace(char32_t cp) {
    if (cp <= 0x20) return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
    switch (cp) {
        case 0x85:
        case 0xA0:
        case 0x1680:
        case 0x2028:
        case 0x2029:
        case 0x202F:
        case 0x205F:
        case 0x3000:
            return true;
        default:
            return cp >= 0x2000 && cp <= 0x200A;
    }
}

std::string python_lstrip(const std::string& text) {
    size_t at = 0, length = 0;
    while (at < text.size() && python_isspace(decode(text, at, &length))) at += length;
    return text.substr(at);
}

std::string python_rstrip(const std::string& text) {
    // Scan forward (UTF-8 is not safely decodable backwards with invalid bytes around); remember where
    // the trailing run of whitespace began.
    size_t at = 0, length = 0, keep = 0;
    while (at < text.size()) {
        const char32_t cp = decode(text, at, &length);
        at += length;
        if (!python_isspace(cp)) keep = at;
    }
    return text.substr(0, keep);
}

std::string python_strip(const std::string& text) {
    return python_rstrip(python_lstrip(text));
}

size_t python_len(const std::string& text) {
    size_t n = 0, at = 0, length = 0;
    for (; at < text.size(); at += length, ++n) decode(text, at, &length);
    return n;
}

std::string python_lower(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    size_t length = 0;
    for (size_t at = 0; at < text.size(); at += length) {
        const char32_t cp = decode(text, at, &length);
        map_into(kLowerMappings, text, at, length, cp, &out);
    }
    return out;
}

std::string python_capitalize(const std::string& text) {
    if (text.empty()) return text;
    std::string out;
    size_t length = 0;
    const char32_t first = decode(text, 0, &length);
    map_into(kTitleMappings, text, 0, length, first, &out);
    return out + python_lower(text.substr(length));
}

std::vector<std::string> python_split(const std::string& text, const std::string& separator) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t at = text.find(separator); at != std::string::npos; at = text.find(separator, start)) {
        parts.push_back(text.substr(start, at - start));
        start = at + separator.size();
    }
    parts.push_back(text.substr(start));
    return parts;
}

std::string python_replace(const std::string& text, const std::string& old, const std::string& with) {
    if (old.empty()) return text;
    std::string out;
    size_t pos = 0;
    for (size_t at = text.find(old); at != std::string::npos; at = text.find(old, pos)) {
        out.append(text, pos, at - pos);
        out += with;
        pos = at + old.size();
    }
    return out + text.substr(pos);
}

}  // namespace ipt
