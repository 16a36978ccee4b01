// GPT-2's reversible byte <-> character table (openai/gpt-2 encoder.py, bytes_to_unicode), and lossy
// UTF-8 decoding as Rust's String::from_utf8_lossy does it.
#include "components.h"
#include "unicode_text.h"

namespace ipt::hf {

const std::array<char32_t, 256>& byte_to_char() {
    static const std::array<char32_t, 256> table = [] {
        std::array<char32_t, 256> t{};
        auto printable = [](int b) {
            return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
        };
        char32_t next = 256;
        for (int b = 0; b < 256; ++b) t[size_t(b)] = printable(b) ? char32_t(b) : next++;
        return t;
    }();
    return table;
}

int char_to_byte(char32_t c) {
    static const std::array<int16_t, 512> inverse = [] {
        std::array<int16_t, 512> t;
        t.fill(-1);
        for (int b = 0; b < 256; ++b) t[byte_to_char()[size_t(b)]] = int16_t(b);
        return t;
    }();
    return c < 512 ? inverse[c] : -1;
}

bool byte_level_bytes(const std::string& token, std::string* bytes) {
    bytes->clear();
    for (size_t i = 0; i < token.size();) {
        size_t length = 0;
        const int b = char_to_byte(decode_utf8(token.data(), token.size(), i, &length));
        if (b < 0) return false;
        bytes->push_back(char(b));
        i += length;
    }
    return true;
}

std::string utf8_lossy(const std::string& bytes) {
    static const char kReplacement[] = "\xEF\xBF\xBD";
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const size_t n = bytes.size();
    std::string out;
    out.reserve(n);
    size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            out.push_back(char(c));
            ++i;
            continue;
        }
        // The lead byte fixes the length and the range of the second byte (Unicode table 3-7).
        size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0) low = 0xA0;
            if (c == 0xED) high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0) low = 0x90;
            if (c == 0xF4) high = 0x8F;
        }
        if (length == 0) {
            out += kReplacement;
            ++i;
            continue;
        }
        size_t valid = 1;  // bytes of the longest valid prefix
        while (valid < length && i + valid < n) {
            const unsigned char next = s[i + valid];
            const unsigned char lo = valid == 1 ? low : 0x80, hi = valid == 1 ? high : 0xBF;
            if (next < lo || next > hi) break;
            ++valid;
        }
        if (valid == length) {
            out.append(bytes, i, length);
        } else {
            out += kReplacement;
        }
        i += valid;
    }
    return out;
}

}  // namespace ipt::hf
