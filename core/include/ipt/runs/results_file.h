#pragma once
// Reads evaluation results written in lm-evaluation-harness layout, v0.4 (`results.<task>."acc,none"`,
// `"acc_stderr,none"`, `n-shot`, `n-samples`) and the older one without filters (`"acc"`,
// `"acc_stderr"`, `config.num_fewshot`). The harness writes NaN as a bare token, which strict JSON
// rejects; such tokens are read as missing values.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ipt {

struct ResultEntry {
    std::string task;
    std::string metric;  // "acc", "acc_norm"; a filter other than "none" stays: "exact_match,strict-match"
    std::optional<double> value;    // nullopt for NaN or null
    std::optional<double> stderr_;  // nullopt for "N/A", NaN or absent
    std::optional<int64_t> n_shot;
    std::optional<int64_t> samples;  // n-samples.<task>.effective (else original)
};

// Throws FileError naming the file and the key: a file that is not JSON, has no "results" object, a
// task that is not an object, a task listed in n-samples that results lacks, or no metric at all
// (an unknown layout).
std::vector<ResultEntry> read_results_file(const std::filesystem::path& file);

// The same for text already read; `where` names it in errors.
std::vector<ResultEntry> parse_results_json(const std::string& text, const std::string& where);

// Replaces bare NaN / Infinity / -Infinity tokens outside strings with null.
std::string replace_nonfinite_tokens(const std::string& json);

}  // namespace ipt
