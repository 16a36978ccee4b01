#pragma once
// Reads a text file line by line while tracking the 1-based line number and the byte offset of the
// next line, so that a long job can report "file:line" and resume exactly where it stopped. A line
// longer than the reader's limit is an error naming the line, read no further than the limit: a file
// without line ends cannot make a reader hold all of it.
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace ipt {

class LineReader {
  public:
    // Throws FileError when the file cannot be opened. Starts at `byte_offset` / `line_number` (the
    // values a previous reader reported), or at the beginning.
    explicit LineReader(const std::string& path, uint64_t byte_offset = 0, uint64_t line_number = 0);

    // The next line without its '\n' (and without a '\r' before it). False at the end of the file.
    // Throws FileError ("file:line: ...") for a line longer than max_line_bytes().
    bool next(std::string* line);
    uint64_t line_number() const { return line_; }    // of the line last returned
    uint64_t next_offset() const { return offset_; }  // byte offset of the line after it
    const std::string& path() const { return path_; }
    std::string where() const { return path_ + ":" + std::to_string(line_); }

    void set_max_line_bytes(uint64_t bytes) { max_line_ = bytes; }
    uint64_t max_line_bytes() const { return max_line_; }

  private:
    bool refill();

    std::string path_;
    std::ifstream in_;
    uint64_t offset_ = 0;
    uint64_t line_ = 0;
    uint64_t max_line_ = 1ull << 30;
    std::vector<char> buffer_;
    size_t begin_ = 0, end_ = 0;  // unread bytes of buffer_
};

}  // namespace ipt
