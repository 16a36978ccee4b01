#pragma once
// Which parts of a text a question or an answer quotes, for highlighting them in the pairs browser.
#include <cstddef>
#include <string_view>
#include <vector>

namespace ipt {

// Spans that a quote (a question or an answer) shares with a text: the maximal common substrings of at
// least `min_length` code points, each located at its first occurrence in the text. Callers compare
// case-folded strings when case should not matter.
struct QuotedSpan {
    size_t text_begin = 0;
    size_t quote_begin = 0;
    size_t length = 0;
};
std::vector<QuotedSpan> find_quoted_spans(std::u32string_view text, std::u32string_view quote,
                                          size_t min_length);

}  // namespace ipt
