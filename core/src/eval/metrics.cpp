#include "ipt/eval/metrics.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <sstream>

namespace ipt {
namespace {

std::vector<std::string> split_words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> words;
    std::string w;
    while (in >> w) words.push_back(w);
    return words;
}

// One UTF-8 code point per element; a stray continuation byte stands alone.
std::vector<std::string> split_characters(const std::string& text) {
    std::vector<std::string> out;
    for (size_t i = 0; i < text.size();) {
        const unsigned char lead = static_cast<unsigned char>(text[i]);
        size_t length = lead < 0x80           ? 1
                        : (lead >> 5) == 0x6  ? 2
                        : (lead >> 4) == 0xE  ? 3
                        : (lead >> 3) == 0x1E ? 4
                                              : 1;
        length = std::min(length, text.size() - i);
        out.push_back(text.substr(i, length));
        i += length;
    }
    return out;
}

// The units of an already normalised text.
std::vector<std::string> units_of(const std::string& normalized, const TextUnits& units) {
    if (!units.characters) return split_words(normalized);
    std::string joined;
    for (char c : normalized)
        if (!std::isspace(static_cast<unsigned char>(c))) joined += c;
    const std::string& suffix = units.strip_suffix;
    while (!suffix.empty() && joined.size() >= suffix.size() &&
           joined.compare(joined.size() - suffix.size(), suffix.size(), suffix) == 0)
        joined.resize(joined.size() - suffix.size());
    return split_characters(joined);
}

std::string lower_ascii(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

}  // namespace

std::string normalize_answer(const std::string& text) {
    std::string lowered;
    for (unsigned char c : text) {
        if (std::ispunct(c)) continue;
        lowered += static_cast<char>(std::tolower(c));
    }
    std::string out;
    for (const std::string& w : split_words(lowered)) {
        if (w == "a" || w == "an" || w == "the") continue;
        out += (out.empty() ? "" : " ") + w;
    }
    return out;
}

double exact_match(const std::string& prediction, const std::string& reference, const TextUnits& units) {
    return units_of(normalize_answer(prediction), units) == units_of(normalize_answer(reference), units)
               ? 1.0
               : 0.0;
}

double token_f1(const std::string& prediction, const std::string& reference, const TextUnits& units) {
    const auto p = units_of(normalize_answer(prediction), units),
               r = units_of(normalize_answer(reference), units);
    if (p.empty() || r.empty()) return p == r ? 1.0 : 0.0;
    std::map<std::string, int> counts;
    for (const auto& w : r) ++counts[w];
    int common = 0;
    for (const auto& w : p)
        if (counts[w]-- > 0) ++common;
    if (common == 0) return 0.0;
    const double precision = double(common) / p.size(), recall = double(common) / r.size();
    return 2 * precision * recall / (precision + recall);
}

double rouge_l(const std::string& prediction, const std::string& reference, const TextUnits& units) {
    const auto p = units_of(lower_ascii(prediction), units), r = units_of(lower_ascii(reference), units);
    if (p.empty() || r.empty()) return 0.0;
    std::vector<std::vector<int>> lcs(p.size() + 1, std::vector<int>(r.size() + 1, 0));
    for (size_t i = 1; i <= p.size(); ++i)
        for (size_t j = 1; j <= r.size(); ++j)
            lcs[i][j] = p[i - 1] == r[j - 1] ? lcs[i - 1][j - 1] + 1 : std::max(lcs[i - 1][j], lcs[i][j - 1]);
    const double l = lcs[p.size()][r.size()];
    if (l == 0) return 0.0;
    const double precision = l / p.size(), recall = l / r.size();
    return 2 * precision * recall / (precision + recall);
}

double mean(const std::vector<double>& values) {
    if (values.empty()) return 0.0;
    double total = 0;
    for (double v : values) total += v;
    return total / values.size();
}

double mean_stderr(const std::vector<double>& values) {
    const size_t n = values.size();
    if (n < 2) return 0.0;
    const double m = mean(values);
    double ss = 0;
    for (double v : values) ss += (v - m) * (v - m);
    return std::sqrt(ss / double(n - 1)) / std::sqrt(double(n));
}

}  // namespace ipt
