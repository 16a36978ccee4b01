#include "ipt/runs/results_file.h"

#include <nlohmann/json.hpp>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/json_limits.h"

namespace ipt {

std::string replace_nonfinite_tokens(const std::string& json) {
    std::string out;
    out.reserve(json.size());
    bool in_string = false;
    for (size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < json.size())
                out += json[++i];
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
            out += c;
            continue;
        }
        bool replaced = false;
        for (const char* token : {"-Infinity", "Infinity", "-NaN", "NaN"}) {
            const size_t n = std::char_traits<char>::length(token);
            if (json.compare(i, n, token) == 0) {
                out += "null";
                i += n - 1;
                replaced = true;
                break;
            }
        }
        if (!replaced) out += c;
    }
    return out;
}

namespace {

std::optional<double> number_or_missing(const nlohmann::json& v) {
    if (v.is_number()) return v.get<double>();
    return std::nullopt;  // null (was NaN), "N/A"
}

std::optional<int64_t> integer(const nlohmann::json* v) {
    if (v && v->is_number_unsigned() && v->get<uint64_t>() > uint64_t(INT64_MAX)) return std::nullopt;
    if (v && v->is_number_integer()) return v->get<int64_t>();
    return std::nullopt;
}

const nlohmann::json* member(const nlohmann::json& object, const std::string& key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

}  // namespace

std::vector<ResultEntry> parse_results_json(const std::string& text, const std::string& where) {
    nlohmann::json root;
    const std::string problem = json_limits_problem(text.data(), text.data() + text.size(), JsonLimits());
    if (!problem.empty()) throw FileError(where, "JSON too large: " + problem);
    try {
        root = nlohmann::json::parse(replace_nonfinite_tokens(text));
    } catch (const nlohmann::json::exception& e) {  // syntax errors and number overflows (1e99999) alike
        throw FileError(where, std::string("not JSON: ") + shortened(e.what()));
    }
    const nlohmann::json* results = member(root, "results");
    if (!results) throw FileError(where, "key 'results' missing: not an lm-evaluation-harness results file");
    if (!results->is_object()) throw FileError(where, "key 'results' is not an object (unknown layout)");
    const nlohmann::json* n_shot = member(root, "n-shot");
    const nlohmann::json* n_samples = member(root, "n-samples");
    const nlohmann::json* config = member(root, "config");
    const std::optional<int64_t> default_shots =
        config ? integer(member(*config, "num_fewshot")) : std::nullopt;

    if (n_samples && n_samples->is_object())
        for (const auto& [task, unused] : n_samples->items())
            if (!results->contains(task))
                throw FileError(where,
                                "key 'results." + task + "' missing (the task is listed in n-samples)");

    std::vector<ResultEntry> out;
    for (const auto& [task, metrics] : results->items()) {
        if (!metrics.is_object())
            throw FileError(where, "key 'results." + task + "' is not an object (unknown layout)");
        std::optional<int64_t> shots = n_shot ? integer(member(*n_shot, task)) : std::nullopt;
        if (!shots) shots = default_shots;
        std::optional<int64_t> samples;
        if (const nlohmann::json* s = n_samples ? member(*n_samples, task) : nullptr) {
            samples = integer(member(*s, "effective"));
            if (!samples) samples = integer(member(*s, "original"));
        }
        for (const auto& [key, value] : metrics.items()) {
            // "acc,none" -> metric "acc", filter "none"; the old layout has no filter.
            const size_t comma = key.find(',');
            const std::string name = key.substr(0, comma);
            const std::string filter = comma == std::string::npos ? "" : key.substr(comma + 1);
            if (name == "alias" || (name.size() > 7 && name.compare(name.size() - 7, 7, "_stderr") == 0))
                continue;
            if (!value.is_number() && !value.is_null()) continue;  // names, aliases, other text
            ResultEntry e;
            e.task = task;
            e.metric = filter.empty() || filter == "none" ? name : name + "," + filter;
            e.value = number_or_missing(value);
            const std::string stderr_key =
                name + "_stderr" + (comma == std::string::npos ? "" : "," + filter);
            if (const nlohmann::json* s = member(metrics, stderr_key)) e.stderr_ = number_or_missing(*s);
            e.n_shot = shots;
            e.samples = samples;
            out.push_back(std::move(e));
        }
    }
    if (out.empty()) throw FileError(where, "key 'results' holds no metric values (unknown layout)");
    return out;
}

std::vector<ResultEntry> read_results_file(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file)) throw FileError(file.string(), "missing");
    return parse_results_json(read_text_file(file, kMaxConfigBytes), file.string());
}

}  // namespace ipt
