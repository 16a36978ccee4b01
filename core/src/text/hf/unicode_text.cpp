#include "unicode_text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "ipt/common/error.h"

namespace ipt::hf {
namespace {

const icu::Normalizer2* normalizer(NormalForm form) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = nullptr;
    switch (form) {
        case NormalForm::NFC:
            n = icu::Normalizer2::getNFCInstance(status);
            break;
        case NormalForm::NFD:
            n = icu::Normalizer2::getNFDInstance(status);
            break;
        case NormalForm::NFKC:
            n = icu::Normalizer2::getNFKCInstance(status);
            break;
        case NormalForm::NFKD:
            n = icu::Normalizer2::getNFKDInstance(status);
            break;
    }
    if (U_FAILURE(status) || !n)
        throw Error(std::string("ICU normaliser unavailable: ") + u_errorName(status));
    return n;
}

bool ascii(const std::string& text) {
    for (unsigned char c : text)
        if (c >= 0x80) return false;
    return true;
}

}  // namespace

std::string normalize_unicode(const std::string& text, NormalForm form) {
    // ASCII is invariant under every normal form: the common case costs one scan.
    if (ascii(text)) return text;
    const icu::Normalizer2* n = normalizer(form);
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString in =
        icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), int32_t(text.size())));
    if (n->isNormalized(in, status) && U_SUCCESS(status)) return text;
    status = U_ZERO_ERROR;
    const icu::UnicodeString normalized = n->normalize(in, status);
    if (U_FAILURE(status)) throw Error(std::string("Unicode normalisation failed: ") + u_errorName(status));
    std::string out;
    normalized.toUTF8String(out);
    return out;
}

char32_t decode_utf8(const char* text, size_t size, size_t at, size_t* length) {
    const auto* s = reinterpret_cast<const unsigned char*>(text);
    const unsigned char c = s[at];
    if (c < 0x80) {
        *length = 1;
        return c;
    }
    if ((c >> 5) == 0x6 && at + 1 < size) {
        *length = 2;
        return (char32_t(c & 0x1F) << 6) | (s[at + 1] & 0x3F);
    }
    if ((c >> 4) == 0xE && at + 2 < size) {
        *length = 3;
        return (char32_t(c & 0x0F) << 12) | (char32_t(s[at + 1] & 0x3F) << 6) | (s[at + 2] & 0x3F);
    }
    if ((c >> 3) == 0x1E && at + 3 < size) {
        *length = 4;
        return (char32_t(c & 0x07) << 18) | (char32_t(s[at + 1] & 0x3F) << 12) |
               (char32_t(s[at + 2] & 0x3F) << 6) | (s[at + 3] & 0x3F);
    }
    *length = 1;
    return c;
}

void append_utf8(char32_t cp, std::string* out) {
    if (cp < 0x80) {
        out->push_back(char(cp));
    } else if (cp < 0x800) {
        out->push_back(char(0xC0 | (cp >> 6)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out->push_back(char(0xE0 | (cp >> 12)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out->push_back(char(0xF0 | (cp >> 18)));
        out->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    }
}

size_t first_invalid_utf8(const std::string& text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len = 0;
        char32_t cp = 0, min = 0;
        if ((c >> 5) == 0x6) {
            len = 2, cp = c & 0x1F, min = 0x80;
        } else if ((c >> 4) == 0xE) {
            len = 3, cp = c & 0x0F, min = 0x800;
        } else if ((c >> 3) == 0x1E) {
            len = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return std::string::npos;
}

bool is_numeric(char32_t cp) {
    const int8_t type = u_charType(UChar32(cp));
    return type == U_DECIMAL_DIGIT_NUMBER || type == U_LETTER_NUMBER || type == U_OTHER_NUMBER;
}

bool is_white_space(char32_t cp) {
    return u_hasBinaryProperty(UChar32(cp), UCHAR_WHITE_SPACE);
}

bool is_word_character(char32_t cp) {
    const UChar32 c = UChar32(cp);
    if (u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || u_hasBinaryProperty(c, UCHAR_JOIN_CONTROL)) return true;
    const uint32_t mask = U_GET_GC_MASK(c);
    return (mask & (U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) != 0;
}

}  // namespace ipt::hf
