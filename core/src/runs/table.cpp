#include "ipt/runs/table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "ipt/common/atomic_file.h"

namespace ipt {

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string to_csv(const TextTable& table) {
    std::string out;
    auto add_row = [&](const std::vector<std::string>& row) {
        for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
        out += "\r\n";  // RFC 4180 line ending; spreadsheet programs and Python's csv expect it
    };
    add_row(table.header);
    for (const auto& row : table.rows) add_row(row);
    return out;
}

void write_csv(const std::filesystem::path& file, const TextTable& table) {
    write_file_atomically(file, to_csv(table));
}

namespace {
bool looks_numeric(const std::string& s) {
    if (s.empty()) return false;
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size();
}
}  // namespace

std::string to_aligned_text(const TextTable& table) {
    const size_t columns = table.header.size();
    std::vector<size_t> width(columns, 0);
    auto cell = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    for (size_t c = 0; c < columns; ++c) width[c] = table.header[c].size();
    for (const auto& row : table.rows)
        for (size_t c = 0; c < columns && c < row.size(); ++c)
            width[c] = std::max(width[c], cell(row[c]).size());
    std::string out;
    auto add_row = [&](const std::vector<std::string>& row, bool header) {
        std::string line;
        for (size_t c = 0; c < columns; ++c) {
            const std::string text = header ? row[c] : cell(c < row.size() ? row[c] : "");
            const std::string pad(width[c] - text.size(), ' ');
            if (c) line += "  ";
            line += !header && looks_numeric(text) ? pad + text : text + pad;
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    };
    add_row(table.header, true);
    for (const auto& row : table.rows) add_row(row, false);
    return out;
}

std::string format_number(std::optional<double> value, int significant) {
    if (!value || std::isnan(*value)) return "";
    char text[64];
    std::snprintf(text, sizeof text, "%.*g", significant, *value);
    return text;
}

}  // namespace ipt
