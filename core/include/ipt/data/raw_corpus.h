#pragma once
// Raw texts (for synthesis, mining and a target-language corpus): JSONL with a text field (an "id"
// field is kept) or plain .txt with one text per line. A malformed line is returned with its problem, never
// skipped, so that every input line can be accounted for in the output.
#include <functional>
#include <string>
#include <vector>

namespace ipt {

struct RawText {
    std::string id;  // the record's "id" (numbers as text), else "line-<n>"
    std::string text;
    std::string where;    // "file:line"
    std::string problem;  // non-empty: the line could not be read as a text
    bool blank = false;   // the line held only spaces (in JSONL also a problem: no record)
};

// Calls `visit` for every line in order. Throws FileError when the file cannot be opened.
void for_each_raw_text(const std::string& path, const std::string& text_field,
                       const std::function<void(RawText&&)>& visit);
std::vector<RawText> read_raw_corpus(const std::string& path, const std::string& text_field = "text");

}  // namespace ipt
