#pragma once
// Unicode facts the tokenizer.json pipeline needs, from ICU: normalisation forms and the character
// properties the Hugging Face library takes from Rust's standard library and regex crate.
#include <cstddef>
#include <cstdint>
#include <string>

namespace ipt::hf {

enum class NormalForm { NFC, NFD, NFKC, NFKD };

// The text in the given normal form. Invalid UTF-8 must have been rejected before.
std::string normalize_unicode(const std::string& text, NormalForm form);

// Decodes the code point at text[at] (valid UTF-8) and sets *length to its byte count.
char32_t decode_utf8(const char* text, size_t size, size_t at, size_t* length);
void append_utf8(char32_t cp, std::string* out);
// The byte offset of the first invalid sequence, or std::string::npos when the text is valid UTF-8.
size_t first_invalid_utf8(const std::string& text);

// Rust's char::is_numeric: general category Nd, Nl or No.
bool is_numeric(char32_t cp);
// The White_Space property (Rust's char::is_whitespace and the regex crate's \s).
bool is_white_space(char32_t cp);
// The regex crate's Unicode \w (UTS #18: Alphabetic, marks, decimal numbers, connector punctuation,
// Join_Control).
bool is_word_character(char32_t cp);

}  // namespace ipt::hf
