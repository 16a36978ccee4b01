#pragma once
// A table of text cells, the common shape of every query's export: the CLI prints it aligned and
// `--csv` writes it as RFC 4180 CSV (fields with commas, quotes or line breaks are quoted, quotes
// doubled), atomically so that a reader never sees half a file.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ipt {

struct TextTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  // each as long as header; "" = missing
};

std::string csv_field(const std::string& text);
std::string to_csv(const TextTable& table);
void write_csv(const std::filesystem::path& file, const TextTable& table);

// Columns padded to their widest cell; missing cells print as "-"; cells that look like numbers are
// right-aligned.
std::string to_aligned_text(const TextTable& table);

// Numbers as the tables show them: up to 6 significant digits, "" when missing.
std::string format_number(std::optional<double> value, int significant = 6);

}  // namespace ipt
