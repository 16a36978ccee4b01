#pragma once
// Python's str semantics on UTF-8 text, where the workbench must reproduce a Python tool exactly:
// lm-evaluation-harness (len() of a choice, rstrip() of a context, capitalize()), the released
// Instruction Pre-Training parser (strip(), lower() for duplicate questions). Bytes that are not valid
// UTF-8 count as one character each and are never changed.
#include <cstddef>
#include <string>
#include <vector>

namespace ipt {

// str.isspace() for one code point (Unicode White_Space plus the separators \x1c-\x1f).
bool python_isspace(char32_t cp);
// str.strip() / lstrip() / rstrip() without arguments: all Unicode whitespace.
std::string python_strip(const std::string& text);
std::string python_lstrip(const std::string& text);
std::string python_rstrip(const std::string& text);
// len(str): code points.
size_t python_len(const std::string& text);
// str.lower(): the full lowercase mapping (U+0130 becomes two code points). Not applied: the final
// sigma rule, which lowers a capital sigma at the end of a word to U+03C2 instead of U+03C3.
std::string python_lower(const std::string& text);
// str.capitalize(): the first character in title case, the rest in lower case.
std::string python_capitalize(const std::string& text);
// str.split(separator) with a non-empty separator: every piece, empty ones included.
std::vector<std::string> python_split(const std::string& text, const std::string& separator);
// str.replace(old, new) with a non-empty `old` (an empty one leaves the text as it is, where Python
// would insert `new` between every two characters).
std::string python_replace(const std::string& text, const std::string& old, const std::string& with);

}  // namespace ipt
