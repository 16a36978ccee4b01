#pragma once
// Reads a text file line by line while tracking the 1-based line number and the byte offset of the
// next line, so that a long job can report "file:line" and resume exactly where it stopped.
#include <cstdint>
#include <fstream>
#include <string>

namespace ipt {

class LineReader {
  public:
    // Throws FileError when the file cannot be opened. Starts at `byte_offset` / `line_number` (the
    // values a previous reader reported), or at the beginning.
    explicit LineReader(const std::string& path, uint64_t byte_offset = 0, uint64_t line_number = 0);

    // The next line without its '\n' (and without a '\r' before it). False at the end of the file.
    bool next(std::string* line);
    uint64_t line_number() const { return line_; }    // of the line last returned
    uint64_t next_offset() const { return offset_; }  // byte offset of the line after it
    const std::string& path() const { return path_; }
    std::string where() const { return path_ + ":" + std::to_string(line_); }

  private:
    std::string path_;
    std::ifstream in_;
    uint64_t offset_ = 0;
    uint64_t line_ = 0;
};

}  // namespace ipt
