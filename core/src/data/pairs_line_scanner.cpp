#include "pairs_line_scanner.h"

#include <locale.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "ipt/data/pairs_limits.h"

namespace ipt::pairs_scan {
namespace {

constexpr int kMaxDepth = kMaxPairsRecordDepth;

// The first byte of [begin, end) that is not part of well-formed UTF-8 (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF), or null. ASCII runs go eight bytes at a time.
const char* invalid_utf8(const char* begin, const char* end) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(begin);
    const unsigned char* e = reinterpret_cast<const unsigned char*>(end);
    while (p < e) {
        if (e - p >= 8) {
            uint64_t w;
            std::memcpy(&w, p, 8);
            if ((w & 0x8080808080808080ull) == 0) {
                p += 8;
                continue;
            }
        }
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int n;
        unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0) low = 0xA0;
            if (c == 0xED) high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0) low = 0x90;
            if (c == 0xF4) high = 0x8F;
        } else {
            return reinterpret_cast<const char*>(p);
        }
        if (e - p <= n || p[1] < low || p[1] > high) return reinterpret_cast<const char*>(p);
        for (int i = 2; i <= n; ++i)
            if ((p[i] & 0xC0) != 0x80) return reinterpret_cast<const char*>(p);
        p += n + 1;
    }
    return nullptr;
}

// Whether [begin, end) holds a byte below 0x20 (JSON forbids them raw inside strings). Eight bytes at
// a time: a byte b < 0x20 is the only way (b - 0x20) borrows into its top bit while b's own top bit
// is clear. The index scans every string of a million-record file, so this runs at memory speed.
bool has_control_byte(const char* begin, const char* end) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    const char* p = begin;
    for (; end - p >= 8; p += 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        if ((w - kOnes * 0x20) & ~w & kHigh) break;  // a candidate: the bytes below say which
    }
    for (; p < end; ++p)
        if (static_cast<unsigned char>(*p) < 0x20) return true;
    return false;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

template <size_t N>
bool equals(const char* begin, const char* end, const char (&literal)[N]) {
    return size_t(end - begin) == N - 1 && std::memcmp(begin, literal, N - 1) == 0;
}

PairsMethod classify_method(const char* b, const char* e) {
    if (equals(b, e, "synthesizer")) return PairsMethod::Synthesizer;
    if (equals(b, e, "rules")) return PairsMethod::Rules;
    return PairsMethod::Other;
}

// The contract's status names (pair_record.h); PairsStatus starts with the same values.
PairsStatus classify_status(const char* b, const char* e) {
    for (int i = 0; i < kPairStatusCount; ++i) {
        const char* name = pair_status_name(PairStatus(i));
        if (size_t(e - b) == std::strlen(name) && std::memcmp(b, name, size_t(e - b)) == 0)
            return PairsStatus(i);
    }
    return PairsStatus::Other;
}

// Code points of a string's raw bytes: every byte that does not continue a UTF-8 sequence, corrected
// by `adjust` for escapes (which spell one character in several bytes). Eight bytes at a time: a
// continuation byte has its top bit set and the next bit clear.
uint32_t count_chars(const char* b, const char* e, int64_t adjust) {
    const size_t size = size_t(e - b);
    int64_t continuation = 0;
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t w;
        std::memcpy(&w, b + i, 8);
        // One bit per byte at bit 7; the multiplication sums the eight bytes into the top one.
        const uint64_t marks = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
        continuation += int64_t((marks * 0x0101010101010101ull) >> 56);
    }
    for (; i < size; ++i) continuation += (static_cast<unsigned char>(b[i]) & 0xC0) == 0x80;
    return static_cast<uint32_t>(int64_t(size) - continuation + adjust);
}

constexpr uint64_t kHigh = 0x8080808080808080ull;
constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
constexpr uint64_t kOnes = 0x0101010101010101ull;

// Bit 7 of each byte of `t` that is not zero (exact, no false positives).
uint64_t nonzero_bytes(uint64_t t) {
    return (((t & kLow7) + kLow7) | t) & kHigh;
}

// Words are runs of characters between spaces, tabs and escaped line breaks. Eight bytes at a time
// between escapes: a word starts at every non-space byte whose previous byte is a space, and the
// previous byte's state carries from one group to the next in bit 7 of `previous_space`.
uint32_t count_words(const char* b, const char* e) {
    uint32_t words = 0;
    uint64_t previous_space = 0x80;
    auto one = [&](bool space) {
        words += previous_space != 0 && !space;
        previous_space = space ? 0x80 : 0;
    };
    const char* p = b;
    while (p < e) {
        const char* stop = static_cast<const char*>(std::memchr(p, '\\', size_t(e - p)));
        if (!stop) stop = e;
        for (; stop - p >= 8; p += 8) {
            uint64_t w;
            std::memcpy(&w, p, 8);
            const uint64_t space =
                ~(nonzero_bytes(w ^ (kOnes * ' ')) & nonzero_bytes(w ^ (kOnes * '\t'))) & kHigh;
            const uint64_t starts = ~space & kHigh & ((space << 8) | previous_space);
            words += uint32_t((((starts >> 7) * kOnes) >> 56));
            previous_space = (space >> 56) & 0x80;
        }
        for (; p < stop; ++p) one(*p == ' ' || *p == '\t');
        if (stop == e) break;
        const char c = stop + 1 < e ? stop[1] : 'x';
        one(c == 'n' || c == 't' || c == 'r' || c == 'f');
        p = std::min(e, stop + (c == 'u' ? 6 : 2));
    }
    return words;
}

class Scanner {
  public:
    Scanner(const char* begin, const char* end, const ScanOptions& options, LineFacts& facts)
        : b_(begin), p_(begin), e_(end), options_(options), facts_(facts) {}

    bool record() {
        ws();
        if (p_ == e_ || *p_ != '{') return fail("expected a JSON object");
        ++p_;
        ws();
        if (p_ < e_ && *p_ == '}') {
            ++p_;
            return end();
        }
        for (;;) {
            if (!member()) return false;
            ws();
            if (p_ == e_) return fail("unterminated object");
            if (*p_ == ',') {
                ++p_;
                ws();
                continue;
            }
            if (*p_ == '}') {
                ++p_;
                return end();
            }
            return fail("expected ',' or '}'");
        }
    }

  private:
    bool fail(const std::string& message) { return fail_at(p_, message); }

    bool fail_at(const char* at, const std::string& message) {
        facts_.error = "column " + std::to_string(at - b_ + 1) + ": " + message;
        return false;
    }

    void ws() {
        while (p_ < e_ && is_space(*p_)) ++p_;
    }

    bool end() {
        ws();
        return p_ == e_ || fail("unexpected text after the record");
    }

    // p_ at the opening quote; on success p_ is past the closing quote and [*s, *t) holds the raw bytes.
    bool string(const char** s, const char** t, bool* escaped, int64_t* adjust = nullptr) {
        ++p_;
        const char* start = p_;
        bool any_escape = false;
        const char* quote = static_cast<const char*>(std::memchr(p_, '"', e_ - p_));
        for (;;) {
            if (!quote) return fail("unterminated string");
            const char* backslash = static_cast<const char*>(std::memchr(p_, '\\', quote - p_));
            if (!backslash) break;
            any_escape = true;
            p_ = backslash;
            if (!escape(adjust)) return false;
            if (p_ > quote) quote = static_cast<const char*>(std::memchr(p_, '"', e_ - p_));
        }
        // JSON forbids raw control characters in strings, and a JSON text is UTF-8: the full parser
        // that shows the record would reject the line, so the index marks it malformed here.
        if (has_control_byte(start, quote)) return fail("raw control character in a string");
        if (const char* bad = invalid_utf8(start, quote))
            return fail_at(bad, "invalid UTF-8 (byte offset " + std::to_string(bad - b_) + ")");
        *s = start;
        *t = quote;
        *escaped = any_escape;
        p_ = quote + 1;
        return true;
    }

    // p_ at a backslash inside a string.
    bool escape(int64_t* adjust) {
        if (e_ - p_ < 2) return fail("unterminated escape");
        const char c = p_[1];
        if (c == 'u') {
            if (e_ - p_ < 6) return fail("truncated \\u escape");
            int code = 0;
            for (int i = 2; i < 6; ++i) {
                const int h = hex_value(p_[i]);
                if (h < 0) return fail("invalid \\u escape");
                code = code * 16 + h;
            }
            // A high surrogate and the low one after it make one character; a surrogate alone is no
            // character at all (JSON parsers refuse it).
            if (code >= 0xDC00 && code <= 0xDFFF) return fail("lone low surrogate in a \\u escape");
            if (code >= 0xD800 && code <= 0xDBFF) {
                int low = -1;
                if (e_ - p_ >= 12 && p_[6] == '\\' && p_[7] == 'u') {
                    low = 0;
                    for (int i = 8; i < 12; ++i) {
                        const int h = hex_value(p_[i]);
                        if (h < 0) return fail("invalid \\u escape");
                        low = low * 16 + h;
                    }
                }
                if (low < 0xDC00 || low > 0xDFFF)
                    return fail("high surrogate without a low one in a \\u escape");
                if (adjust) *adjust -= 11;
                p_ += 12;
                return true;
            }
            if (adjust) *adjust -= 5;
            p_ += 6;
            return true;
        }
        if (c != '"' && c != '\\' && c != '/' && c != 'b' && c != 'f' && c != 'n' && c != 'r' && c != 't')
            return fail("invalid escape");
        if (adjust) *adjust -= 1;
        p_ += 2;
        return true;
    }

    bool number() {
        const char* start = p_;
        if (p_ < e_ && *p_ == '-') ++p_;
        if (p_ == e_ || !(*p_ >= '0' && *p_ <= '9')) return fail("invalid number");
        if (*p_ == '0')
            ++p_;
        else
            while (p_ < e_ && *p_ >= '0' && *p_ <= '9') ++p_;
        if (p_ < e_ && *p_ == '.') {
            ++p_;
            if (p_ == e_ || !(*p_ >= '0' && *p_ <= '9')) return fail("invalid number");
            while (p_ < e_ && *p_ >= '0' && *p_ <= '9') ++p_;
        }
        if (p_ < e_ && (*p_ == 'e' || *p_ == 'E')) {
            ++p_;
            if (p_ < e_ && (*p_ == '+' || *p_ == '-')) ++p_;
            if (p_ == e_ || !(*p_ >= '0' && *p_ <= '9')) return fail("invalid number");
            while (p_ < e_ && *p_ >= '0' && *p_ <= '9') ++p_;
        }
        // A number beyond a double's range (1e99999, or 400 digits) fails the full parser.
        const bool plain_integer =
            std::find_if(start, p_, [](char c) { return c == '.' || c == 'e' || c == 'E'; }) == p_;
        if (!plain_integer || p_ - start > 18) {
            const std::string text(start, p_);
            // In the C locale: the GUI's locale may spell the decimal point as a comma.
            static const locale_t c_locale = ::newlocale(LC_ALL_MASK, "C", locale_t(0));
            if (!std::isfinite(::strtod_l(text.c_str(), nullptr, c_locale)))
                return fail_at(start, "number out of range");
        }
        return p_ > start;
    }

    template <size_t N>
    bool literal(const char (&word)[N]) {
        const size_t n = N - 1;
        if (size_t(e_ - p_) < n || std::memcmp(p_, word, n) != 0) return fail("invalid value");
        p_ += n;
        return true;
    }

    bool skip_value(int depth) {
        if (depth > kMaxDepth) return fail("nested too deeply");
        if (p_ == e_) return fail("expected a value");
        const char* s;
        const char* t;
        bool escaped;
        switch (*p_) {
            case '"':
                return string(&s, &t, &escaped);
            case '{':
            case '[': {
                const char close = *p_ == '{' ? '}' : ']';
                const bool object = close == '}';
                ++p_;
                ws();
                if (p_ < e_ && *p_ == close) {
                    ++p_;
                    return true;
                }
                for (;;) {
                    if (object) {
                        if (p_ == e_ || *p_ != '"') return fail("expected a key");
                        if (!string(&s, &t, &escaped)) return false;
                        ws();
                        if (p_ == e_ || *p_ != ':') return fail("expected ':'");
                        ++p_;
                        ws();
                    }
                    if (!skip_value(depth + 1)) return false;
                    ws();
                    if (p_ == e_) return fail(object ? "unterminated object" : "unterminated array");
                    if (*p_ == ',') {
                        ++p_;
                        ws();
                        continue;
                    }
                    if (*p_ == close) {
                        ++p_;
                        return true;
                    }
                    return fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
                }
            }
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                return number();
        }
    }

    // A key, ':' and its value, p_ at the key's quote.
    bool key(const char** s, const char** t, bool* escaped) {
        if (p_ == e_ || *p_ != '"') return fail("expected a key");
        if (!string(s, t, escaped)) return false;
        ws();
        if (p_ == e_ || *p_ != ':') return fail("expected ':'");
        ++p_;
        ws();
        if (p_ == e_) return fail("expected a value");
        return true;
    }

    // A key spelled with escapes ("te\u0078t") names the same field as the plain spelling, as it does
    // for a JSON parser: compare its decoded bytes.
    static void unescape_key(const char** s, const char** t, std::string* decoded) {
        decode_string(*s, *t, *decoded);
        *s = decoded->data();
        *t = decoded->data() + decoded->size();
    }

    void visit(const char* s, const char* t, bool escaped) {
        if (options_.visit) options_.visit(options_.context, s, t, escaped);
    }

    bool member() {
        const char *ks, *kt, *s, *t;
        bool kesc, escaped;
        if (!key(&ks, &kt, &kesc)) return false;
        std::string unescaped;
        if (kesc) unescape_key(&ks, &kt, &unescaped);
        if (equals(ks, kt, "id")) {
            if (*p_ == '"') {
                if (!string(&s, &t, &escaped)) return false;
                facts_.id_is_string = true;
                visit(s, t, escaped);
            } else if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) {
                s = p_;
                if (!number()) return false;
                t = p_;
                facts_.id_is_string = false;
                visit(s, t, false);
            } else {
                return fail("\"id\" is not a string or a number");
            }
            facts_.id_begin = s;
            facts_.id_end = t;
            return true;
        }
        if (equals(ks, kt, "text")) {
            if (*p_ != '"') return fail("\"text\" is not a string");
            int64_t adjust = 0;
            if (!string(&s, &t, &escaped, &adjust)) return false;
            facts_.text_begin = s;
            facts_.text_end = t;
            if (options_.measure) facts_.text_chars = count_chars(s, t, adjust);
            visit(s, t, escaped);
            return true;
        }
        if (equals(ks, kt, "pairs")) return pairs();
        if (equals(ks, kt, "method") || equals(ks, kt, "status")) {
            const bool method = ks[0] == 'm';
            if (*p_ != '"') return fail(method ? "\"method\" is not a string" : "\"status\" is not a string");
            if (!string(&s, &t, &escaped)) return false;
            if (method)
                facts_.method = classify_method(s, t);
            else
                facts_.status = classify_status(s, t);
            return true;
        }
        return skip_value(1);
    }

    bool pairs() {
        if (*p_ != '[') return fail("\"pairs\" is not an array");
        ++p_;
        ws();
        facts_.pairs = 0;
        // A repeated "pairs" key: the last one counts (as for a JSON parser), so its words replace the
        // earlier ones'.
        if (options_.measure && options_.pair_words) {
            if (words_start_ == SIZE_MAX)
                words_start_ = options_.pair_words->size();
            else
                options_.pair_words->resize(words_start_);
        }
        if (p_ < e_ && *p_ == ']') {
            ++p_;
            return true;
        }
        for (;;) {
            if (facts_.pairs == kMaxPairsPerRecord)
                return fail("more than " + std::to_string(kMaxPairsPerRecord) + " pairs in one record");
            if (p_ == e_ || *p_ != '{')
                return fail("pairs[" + std::to_string(facts_.pairs) + "] is not an object");
            if (!pair()) return false;
            ++facts_.pairs;
            ws();
            if (p_ == e_) return fail("unterminated array");
            if (*p_ == ',') {
                ++p_;
                ws();
                continue;
            }
            if (*p_ == ']') {
                ++p_;
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }

    // p_ at the pair's '{'.
    bool pair() {
        ++p_;
        ws();
        uint32_t words = 0;
        if (p_ < e_ && *p_ == '}') {
            ++p_;
        } else {
            for (;;) {
                const char *ks, *kt, *s, *t;
                bool kesc, escaped;
                if (!key(&ks, &kt, &kesc)) return false;
                std::string unescaped;
                if (kesc) unescape_key(&ks, &kt, &unescaped);
                const bool question = equals(ks, kt, "question");
                if (question || equals(ks, kt, "answer")) {
                    if (*p_ != '"')
                        return fail("pairs[" + std::to_string(facts_.pairs) + "]." +
                                    (question ? "question" : "answer") + " is not a string");
                    if (!string(&s, &t, &escaped)) return false;
                    if (options_.measure) words += count_words(s, t);
                    visit(s, t, escaped);
                } else if (!skip_value(2)) {
                    return false;
                }
                ws();
                if (p_ == e_) return fail("unterminated object");
                if (*p_ == ',') {
                    ++p_;
                    ws();
                    continue;
                }
                if (*p_ == '}') {
                    ++p_;
                    break;
                }
                return fail("expected ',' or '}'");
            }
        }
        if (options_.measure && options_.pair_words) options_.pair_words->push_back(words);
        return true;
    }

    const char* b_;
    const char* p_;
    const char* e_;
    const ScanOptions& options_;
    LineFacts& facts_;
    size_t words_start_ = SIZE_MAX;  // where this line's pair words begin
};

void append_utf8(uint32_t code, std::string& out) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

uint32_t read_hex4(const char* p) {
    uint32_t code = 0;
    for (int i = 0; i < 4; ++i) code = code * 16 + static_cast<uint32_t>(hex_value(p[i]));
    return code;
}

}  // namespace

bool scan_line(const char* begin, const char* end, const ScanOptions& options, LineFacts& facts) {
    facts = LineFacts();
    if (uint64_t(end - begin) > kMaxPairsRecordBytes) {
        facts.error = "the record is " + std::to_string(end - begin) +
                      " bytes long, more than the limit of " + std::to_string(kMaxPairsRecordBytes >> 20) +
                      " MiB";
        return false;
    }
    if (options.pair_words) {
        const size_t before = options.pair_words->size();
        Scanner scanner(begin, end, options, facts);
        if (scanner.record()) return true;
        options.pair_words->resize(before);
        return false;
    }
    Scanner scanner(begin, end, options, facts);
    return scanner.record();
}

bool is_blank(const char* begin, const char* end) {
    for (const char* p = begin; p < end; ++p)
        if (!is_space(*p)) return false;
    return true;
}

void decode_string(const char* begin, const char* end, std::string& out, size_t max_chars) {
    size_t chars = 0;
    for (const char* p = begin; p < end && chars < max_chars;) {
        const unsigned char c = static_cast<unsigned char>(*p);
        if (c != '\\' && max_chars == SIZE_MAX) {
            // Without a limit, whole runs up to the next escape are copied at once.
            const char* run = static_cast<const char*>(std::memchr(p, '\\', size_t(end - p)));
            if (!run) run = end;
            out.append(p, run);
            p = run;
            continue;
        }
        if (c != '\\') {
            // Copy one whole UTF-8 sequence so that a limit never splits a character.
            size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            n = std::min<size_t>(n, size_t(end - p));
            out.append(p, n);
            p += n;
            ++chars;
            continue;
        }
        if (p + 1 >= end) break;
        const char e = p[1];
        p += 2;
        switch (e) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'u': {
                if (end - p < 4) return;
                uint32_t code = read_hex4(p);
                p += 4;
                if (code >= 0xD800 && code <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                    const uint32_t low = read_hex4(p + 2);
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        p += 6;
                    }
                }
                if (code >= 0xD800 && code <= 0xDFFF) code = 0xFFFD;  // a lone surrogate
                append_utf8(code, out);
                break;
            }
            default:
                out += e;
                break;  // \" \\ \/
        }
        ++chars;
    }
}

}  // namespace ipt::pairs_scan
