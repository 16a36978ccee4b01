#include "unicode_regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <string_view>

#include "ipt/common/error.h"

namespace ipt::hf {
namespace {

// Per thread: one match-data block (group 0 is all a split needs) and a JIT stack large enough for
// long whitespace runs; PCRE2's default 32 KiB stack is too small for some look-ahead patterns.
struct MatchState {
    pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
    pcre2_jit_stack* stack = pcre2_jit_stack_create(32 * 1024, 8 * 1024 * 1024, nullptr);
    pcre2_match_context* context = pcre2_match_context_create(nullptr);
    MatchState() { pcre2_jit_stack_assign(context, nullptr, stack); }
    ~MatchState() {
        pcre2_match_context_free(context);
        pcre2_jit_stack_free(stack);
        pcre2_match_data_free(data);
    }
};

MatchState& match_state() {
    thread_local MatchState state;
    return state;
}

size_t utf8_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    if ((lead >> 3) == 0x1E) return 4;
    return 1;
}

}  // namespace

std::unique_ptr<UnicodeRegex> UnicodeRegex::compile(const std::string& pattern, const std::string& where) {
    std::unique_ptr<UnicodeRegex> re(new UnicodeRegex());
    re->pattern_ = pattern;
    int error = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &error, &offset, nullptr);
    if (!code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(error, message, sizeof message);
        throw FileError(where, "the regular expression '" + pattern + "' does not compile at offset " +
                                   std::to_string(offset) + ": " + reinterpret_cast<const char*>(message));
    }
    // Without the JIT (an unusual PCRE2 build) the interpreter gives the same matches, only slower.
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    re->code_ = code;
    return re;
}

std::unique_ptr<UnicodeRegex> UnicodeRegex::literal(const std::string& text) {
    std::unique_ptr<UnicodeRegex> re(new UnicodeRegex());
    re->pattern_ = text;
    re->literal_ = text;
    return re;
}

UnicodeRegex::~UnicodeRegex() {
    if (code_) pcre2_code_free(static_cast<pcre2_code*>(code_));
}

void UnicodeRegex::find_all(const char* text, size_t size, std::vector<Span>* out) const {
    if (!code_) {
        if (literal_.empty()) return;
        const std::string_view haystack(text, size);
        for (size_t at = haystack.find(literal_); at != std::string_view::npos;
             at = haystack.find(literal_, at + literal_.size()))
            out->emplace_back(at, at + literal_.size());
        return;
    }
    auto* code = static_cast<pcre2_code*>(code_);
    MatchState& state = match_state();
    const auto subject = reinterpret_cast<PCRE2_SPTR>(text);
    size_t from = 0;
    while (from <= size) {
        // The text was checked for valid UTF-8 once, before tokenization.
        int rc = pcre2_match(code, subject, size, from, PCRE2_NO_UTF_CHECK, state.data, state.context);
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
            rc = pcre2_match(code, subject, size, from, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, state.data,
                             state.context);
        if (rc == PCRE2_ERROR_NOMATCH) return;
        if (rc < 0) {
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(rc, message, sizeof message);
            throw Error("regular expression '" + pattern_ +
                        "': matching failed: " + reinterpret_cast<const char*>(message));
        }
        const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(state.data);
        const size_t begin = ovector[0], end = ovector[1];
        out->emplace_back(begin, end);
        if (end > begin) {
            from = end;
        } else {
            if (end >= size) return;
            from = end + utf8_length(static_cast<unsigned char>(text[end]));
        }
    }
}

}  // namespace ipt::hf
