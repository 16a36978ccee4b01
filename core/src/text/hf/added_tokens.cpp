#include "added_tokens.h"

#include <algorithm>

#include "unicode_text.h"

namespace ipt::hf {
namespace {

// The code point that ends at text[end) (valid UTF-8), with its start in *begin.
char32_t last_code_point(const char* text, size_t end, size_t* begin) {
    size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    size_t length = 0;
    *begin = start;
    return decode_utf8(text, end, start, &length);
}

}  // namespace

AddedTokenMatcher::AddedTokenMatcher(std::vector<const AddedToken*> tokens)
    : tokens_(std::move(tokens)), by_first_byte_(256) {
    for (const AddedToken* t : tokens_)
        if (!t->match.empty()) by_first_byte_[static_cast<unsigned char>(t->match[0])].push_back(t);
    for (auto& bucket : by_first_byte_)
        std::stable_sort(bucket.begin(), bucket.end(), [](const AddedToken* a, const AddedToken* b) {
            return a->match.size() > b->match.size();
        });
}

void AddedTokenMatcher::split(const char* text, size_t size, bool specials, std::vector<Segment>* out) const {
    if (tokens_.empty()) {
        out->push_back({{0, size}, -1});
        return;
    }
    size_t start_offset = 0;  // where the text not yet assigned to a segment begins
    size_t pos = 0;           // where the next match may begin
    while (pos < size) {
        // Leftmost-longest: the first position where a token starts, the longest token there.
        const AddedToken* hit = nullptr;
        size_t at = pos;
        for (; at < size && !hit; ++at) {
            const auto& bucket = by_first_byte_[static_cast<unsigned char>(text[at])];
            for (const AddedToken* t : bucket)
                if (t->match.size() <= size - at && std::equal(t->match.begin(), t->match.end(), text + at)) {
                    hit = t;
                    break;
                }
        }
        if (!hit) break;
        size_t start = at - 1, stop = start + hit->match.size();
        pos = stop;  // a skipped match still consumes its text, as the library's match iterator does
        if (hit->special && !specials) continue;
        if (hit->single_word) {
            size_t b = 0, len = 0;
            const bool word_before = start > 0 && is_word_character(last_code_point(text, start, &b));
            const bool word_after = stop < size && is_word_character(decode_utf8(text, size, stop, &len));
            if (word_before || word_after) continue;
        }
        if (hit->lstrip) {
            size_t s = start;
            while (s > 0) {
                size_t b = 0;
                if (!is_white_space(last_code_point(text, s, &b))) break;
                s = b;
            }
            start = std::max(s, start_offset);
        }
        if (hit->rstrip) {
            while (stop < size) {
                size_t len = 0;
                if (!is_white_space(decode_utf8(text, size, stop, &len))) break;
                stop += len;
            }
            pos = stop;
        }
        if (start_offset < start) out->push_back({{start_offset, start}, -1});
        out->push_back({{start, stop}, hit->id});
        start_offset = stop;
    }
    if (start_offset != size || size == 0) out->push_back({{start_offset, size}, -1});
}

}  // namespace ipt::hf
