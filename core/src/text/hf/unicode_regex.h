#pragma once
// Unicode regular expressions for tokenizer.json (Split pre-tokenizers, Replace normalizers and
// decoders) on PCRE2 with Unicode properties (UCP) and its JIT. The Hugging Face library compiles these
// patterns with Oniguruma; the constructs tokenizers use (\p{L}, \p{N}, \s, possessive quantifiers,
// case-insensitive groups, look-ahead) mean the same in both.
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ipt::hf {

using Span = std::pair<size_t, size_t>;  // [begin, end) byte offsets

class UnicodeRegex {
  public:
    // Throws FileError(where, ...) with PCRE2's message and the offset when the pattern does not compile.
    static std::unique_ptr<UnicodeRegex> compile(const std::string& pattern, const std::string& where);
    // A literal string (tokenizer.json's {"String": ...} patterns), matched as is.
    static std::unique_ptr<UnicodeRegex> literal(const std::string& text);
    ~UnicodeRegex();
    UnicodeRegex(const UnicodeRegex&) = delete;
    UnicodeRegex& operator=(const UnicodeRegex&) = delete;

    // Appends the leftmost, non-overlapping matches in text[0, size) to *out, in order. After an empty
    // match the search resumes one character later (as the library's find_iter does). Thread-safe.
    void find_all(const char* text, size_t size, std::vector<Span>* out) const;

    const std::string& pattern() const { return pattern_; }

  private:
    UnicodeRegex() = default;
    std::string pattern_;
    std::string literal_;   // non-empty for literal patterns: plain substring search
    void* code_ = nullptr;  // pcre2_code_8
};

}  // namespace ipt::hf
