#include "ipt/eval/task.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include "../common/json_read.h"
#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/line_reader.h"

namespace ipt {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const json* find_path(const json& record, const std::string& path) {
    const json* node = &record;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t dot = path.find('.', start);
        const std::string key =
            path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (node->is_array() && !key.empty() && key.find_first_not_of("0123456789") == std::string::npos) {
            // "choices.0": an element of a list. More digits than any list has elements is no element.
            if (key.size() > 18) return nullptr;
            const size_t index = std::stoul(key);
            if (index >= node->size()) return nullptr;
            node = &(*node)[index];
        } else if (node->is_object() && node->contains(key)) {
            node = &(*node)[key];
        } else {
            return nullptr;
        }
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return node;
}

std::string scalar_text(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    return value.dump();
}

// "{{path}}" alone: the path, else empty.
std::string sole_field(const std::string& tmpl) {
    if (tmpl.size() > 4 && tmpl.rfind("{{", 0) == 0 && tmpl.find("}}") == tmpl.size() - 2 &&
        tmpl.find("{{", 2) == std::string::npos)
        return tmpl.substr(2, tmpl.size() - 4);
    return {};
}

std::string render(const std::string& tmpl, const json& record, const std::string& where) {
    std::string out;
    size_t pos = 0;
    while (true) {
        const size_t open = tmpl.find("{{", pos);
        if (open == std::string::npos) {
            out += tmpl.substr(pos);
            return out;
        }
        const size_t close = tmpl.find("}}", open);
        if (close == std::string::npos) throw FileError(where, "template has an unclosed '{{': " + tmpl);
        out += tmpl.substr(pos, open - pos);
        std::string field = tmpl.substr(open + 2, close - open - 2), filter;
        if (const size_t bar = field.find('|'); bar != std::string::npos) {
            filter = field.substr(bar + 1);
            field = field.substr(0, bar);
        }
        const json* value = find_path(record, field);
        if (!value || value->is_null())
            throw FileError(where, "missing field '" + field + "' (used by the template)");
        std::string text = scalar_text(*value);
        if (filter.rfind("before:", 0) == 0 || filter.rfind("after:", 0) == 0) {
            const bool before = filter[0] == 'b';
            const std::string mark = filter.substr(before ? 7 : 6);
            const size_t at = text.find(mark);
            if (at == std::string::npos)
                throw FileError(where, "field '" + field + "' has no '" + mark + "' to split at");
            text = before ? text.substr(0, at) : text.substr(at + mark.size());
        } else if (!filter.empty()) {
            throw FileError(where, "unknown template filter '" + filter + "' (before:X, after:X)");
        }
        out += text;
        pos = close + 2;
    }
}

std::vector<std::string> list_field(const json& record, const std::string& path, const std::string& where) {
    const json* value = find_path(record, path);
    if (!value) throw FileError(where, "missing field '" + path + "'");
    if (!value->is_array()) throw FileError(where, "field '" + path + "' is not a list");
    std::vector<std::string> out;
    for (const auto& v : *value) out.push_back(scalar_text(v));
    return out;
}

template <typename T>
void optional_key(const json& j, const char* key, T* out, const std::string& where) {
    static_assert(!std::is_arithmetic_v<T>, "numbers go through optional_integer");
    if (!j.contains(key)) return;
    try {
        *out = j[key].get<T>();
    } catch (const json::exception&) {
        throw FileError(where, std::string("key '") + key + "' has the wrong type");
    }
}

template <typename T>
void optional_integer(const json& j, const char* key, T* out, IntegerRange range, const std::string& where) {
    if (!j.contains(key)) return;
    *out = static_cast<T>(json_integer(j[key], range, key, where));
}

std::string required_string(const json& j, const char* key, const std::string& where) {
    if (!j.contains(key) || !j[key].is_string())
        throw FileError(where, std::string("missing key '") + key + "'");
    return j[key].get<std::string>();
}

// An item without few-shot examples.
TaskItem render_item(const TaskDefinition& t, const json& record, int64_t id, const std::string& where) {
    TaskItem item;
    item.id = id;
    if (t.type == "generate") {
        item.contexts.push_back(render(t.prompt, record, where));
        const std::string field = sole_field(t.target);
        const json* value = field.empty() ? nullptr : find_path(record, field);
        if (value && value->is_array())
            item.references = list_field(record, field, where);
        else
            item.references.push_back(render(t.target, record, where));
        if (item.references.empty()) throw FileError(where, "no reference answer in '" + field + "'");
        return item;
    }
    std::vector<std::string> choices;
    if (t.partial()) {
        for (const auto& c : t.choice_contexts) item.contexts.push_back(render(c, record, where));
        item.continuations.push_back(render(t.continuation, record, where));
        choices = item.contexts;
    } else {
        item.contexts.push_back(render(t.prompt, record, where));
        if (!t.choices_field.empty())
            choices = list_field(record, t.choices_field, where);
        else
            for (const auto& c : t.choice_templates) choices.push_back(render(c, record, where));
        for (const auto& c : choices) item.continuations.push_back(t.choice_prefix + c);
    }
    if (choices.size() < 2) throw FileError(where, "fewer than two choices");
    const std::string answer = render(t.answer, record, where);
    if (t.answer_is == "index") {
        size_t used = 0;
        try {
            item.gold = std::stoll(answer, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != answer.size())
            throw FileError(where, "answer '" + answer + "' is not a choice index");
    } else if (t.answer_is == "bool") {
        if (answer != "true" && answer != "false")
            throw FileError(where, "answer '" + answer + "' is not true/false");
        item.gold = answer == "true" ? 1 : 0;
    } else {
        const std::vector<std::string> names =
            t.answer_is == "text"
                ? choices
                : (t.labels_field.empty() ? t.labels : list_field(record, t.labels_field, where));
        auto it = std::find(names.begin(), names.end(), answer);
        if (it == names.end())
            throw FileError(where, "answer '" + answer + "' is not among the " + t.answer_is + "s");
        item.gold = it - names.begin();
    }
    if (item.gold < 0 || item.gold >= static_cast<int64_t>(choices.size()))
        throw FileError(where, "answer " + std::to_string(item.gold) + " is out of range for " +
                                   std::to_string(choices.size()) + " choices");
    return item;
}

std::vector<TaskItem> read_items(const TaskDefinition& t, const std::string& path, int64_t limit) {
    if (!fs::exists(path)) throw FileError(path, "task data not found (task '" + t.name + "')");
    std::vector<TaskItem> items;
    LineReader reader(path);
    reader.set_max_line_bytes(kMaxConfigBytes);
    std::string line;
    while (reader.next(&line) && (limit <= 0 || static_cast<int64_t>(items.size()) < limit)) {
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const json record = parse_json(line, reader.where());
        if (!record.is_object()) throw FileError(reader.where(), "invalid JSON object");
        items.push_back(render_item(t, record, static_cast<int64_t>(items.size()), reader.where()));
    }
    return items;
}

std::string demonstration(const TaskDefinition& t, const TaskItem& item) {
    if (t.type == "generate") {
        // Prompts that end in a space (the seed's SPAN templates) already separate the answer.
        const std::string& context = item.contexts[0];
        const bool spaced = !context.empty() && (context.back() == ' ' || context.back() == '\n');
        return context + (spaced ? "" : " ") + item.references[0];
    }
    if (t.partial()) return item.contexts[item.gold] + item.continuations[0];
    return item.contexts[0] + item.continuations[item.gold];
}

// Takes examples label by label in turn (labels in a seeded order, examples in the shuffled order) so
// that n examples show every gold label n / labels times, give or take one; then shuffles them so the
// labels do not come in a fixed cycle.
std::vector<size_t> balanced_pick(const std::vector<TaskItem>& pool, const std::vector<size_t>& order,
                                  int64_t n, std::mt19937_64& rng) {
    std::map<int64_t, std::vector<size_t>> by_label;
    for (size_t i : order) by_label[pool[i].gold].push_back(i);
    std::vector<std::vector<size_t>*> queues;
    for (auto& [label, queue] : by_label) queues.push_back(&queue);
    std::shuffle(queues.begin(), queues.end(), rng);
    std::vector<size_t> chosen, next(queues.size(), 0);
    while (static_cast<int64_t>(chosen.size()) < n) {
        for (size_t q = 0; q < queues.size() && static_cast<int64_t>(chosen.size()) < n; ++q)
            if (next[q] < queues[q]->size()) chosen.push_back((*queues[q])[next[q]++]);
    }
    std::shuffle(chosen.begin(), chosen.end(), rng);
    return chosen;
}

}  // namespace

TaskDefinition read_task(const std::string& path) {
    const json j = parse_json(read_text_file(path, kMaxConfigBytes), path);
    if (!j.is_object()) throw FileError(path, "expected a JSON object");
    static const std::vector<std::string> known{"name",          "data",
                                                "type",          "prompt",
                                                "choices",       "answer",
                                                "answer_is",     "labels",
                                                "choice_prefix", "choice_contexts",
                                                "continuation",  "target",
                                                "until",         "max_new_tokens",
                                                "metrics",       "num_fewshot",
                                                "fewshot_data",  "fewshot_delimiter",
                                                "seed",          "limit",
                                                "description",   "text_units",
                                                "strip_suffix",  "fewshot_select"};
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::find(known.begin(), known.end(), it.key()) == known.end())
            throw FileError(path, "unknown key '" + it.key() + "'");
    TaskDefinition t;
    t.source_path = path;
    t.name = required_string(j, "name", path);
    t.data = required_string(j, "data", path);
    t.type = required_string(j, "type", path);
    if (t.type != "multiple_choice" && t.type != "generate")
        throw FileError(path, "key 'type': '" + t.type + "' is not multiple_choice or generate");
    optional_key(j, "prompt", &t.prompt, path);
    if (j.contains("choices")) {
        if (j["choices"].is_string()) {
            const std::string field = sole_field(j["choices"].get<std::string>());
            t.choices_field = field.empty() ? j["choices"].get<std::string>() : field;
        } else {
            optional_key(j, "choices", &t.choice_templates, path);
        }
    }
    optional_key(j, "answer", &t.answer, path);
    optional_key(j, "answer_is", &t.answer_is, path);
    if (j.contains("labels")) {
        if (j["labels"].is_string()) {
            const std::string field = sole_field(j["labels"].get<std::string>());
            t.labels_field = field.empty() ? j["labels"].get<std::string>() : field;
        } else {
            optional_key(j, "labels", &t.labels, path);
        }
    }
    optional_key(j, "choice_prefix", &t.choice_prefix, path);
    optional_key(j, "choice_contexts", &t.choice_contexts, path);
    optional_key(j, "continuation", &t.continuation, path);
    optional_key(j, "target", &t.target, path);
    optional_key(j, "until", &t.until, path);
    optional_integer(j, "max_new_tokens", &t.max_new_tokens, {0, int64_t(1) << 24}, path);
    optional_key(j, "metrics", &t.metrics, path);
    optional_integer(j, "num_fewshot", &t.num_fewshot, {0, int64_t(1) << 20}, path);
    optional_key(j, "fewshot_data", &t.fewshot_data, path);
    optional_key(j, "fewshot_delimiter", &t.fewshot_delimiter, path);
    optional_integer(j, "seed", &t.seed, {0, INT64_MAX}, path);
    optional_integer(j, "limit", &t.limit, {0, INT64_MAX}, path);
    optional_key(j, "fewshot_select", &t.fewshot_select, path);
    if (t.fewshot_select != "random" && t.fewshot_select != "balanced")
        throw FileError(path, "key 'fewshot_select': '" + t.fewshot_select + "' is not random or balanced");
    std::string units = "words";
    optional_key(j, "text_units", &units, path);
    if (units != "words" && units != "characters")
        throw FileError(path, "key 'text_units': '" + units + "' is not words or characters");
    t.units.characters = units == "characters";
    optional_key(j, "strip_suffix", &t.units.strip_suffix, path);

    if (t.type == "multiple_choice") {
        if (t.answer.empty()) throw FileError(path, "missing key 'answer'");
        if (t.partial()) {
            if (t.continuation.empty())
                throw FileError(path, "missing key 'continuation' (needed with choice_contexts)");
        } else {
            if (t.prompt.empty()) throw FileError(path, "missing key 'prompt'");
            if (t.choices_field.empty() && t.choice_templates.empty())
                throw FileError(path, "missing key 'choices'");
        }
        if (t.answer_is != "index" && t.answer_is != "label" && t.answer_is != "text" &&
            t.answer_is != "bool")
            throw FileError(path, "key 'answer_is': '" + t.answer_is + "' is not index, label, text or bool");
        if (t.answer_is == "label" && t.labels.empty() && t.labels_field.empty())
            throw FileError(path, "missing key 'labels' (needed with answer_is = label)");
        if (t.metrics.empty()) t.metrics = {"acc", "acc_norm"};
        for (const auto& m : t.metrics)
            if (m != "acc" && m != "acc_norm")
                throw FileError(path, "metric '" + m + "' does not apply to multiple choice");
    } else {
        if (t.prompt.empty()) throw FileError(path, "missing key 'prompt'");
        if (t.target.empty()) throw FileError(path, "missing key 'target'");
        if (t.metrics.empty()) t.metrics = {"exact_match", "f1"};
        for (const auto& m : t.metrics)
            if (m != "exact_match" && m != "f1" && m != "rougeL")
                throw FileError(path,
                                "metric '" + m + "' does not apply to generation (exact_match, f1, rougeL)");
    }
    if (t.num_fewshot < 0) throw FileError(path, "key 'num_fewshot' must be >= 0");
    // Data paths are relative to the task file.
    auto resolve = [&](std::string& p) {
        if (!p.empty() && fs::path(p).is_relative()) p = (fs::path(path).parent_path() / p).string();
    };
    resolve(t.data);
    resolve(t.fewshot_data);
    return t;
}

std::vector<TaskItem> load_task_items(const TaskDefinition& t) {
    std::vector<TaskItem> items = read_items(t, t.data, t.limit);
    if (t.num_fewshot == 0) return items;
    const bool own = t.fewshot_data.empty();
    const std::vector<TaskItem> pool = own ? read_items(t, t.data, 0) : read_items(t, t.fewshot_data, 0);
    const size_t available = pool.size() - (own ? 1 : 0);
    if (available < static_cast<size_t>(t.num_fewshot))
        throw FileError(own ? t.data : t.fewshot_data, "holds " + std::to_string(available) +
                                                           " examples for " + std::to_string(t.num_fewshot) +
                                                           "-shot prompts");
    const bool balanced = t.fewshot_select == "balanced" && t.type == "multiple_choice";
    for (TaskItem& item : items) {
        // Examples drawn per item from a seeded stream, never the item itself.
        std::mt19937_64 rng(t.seed + static_cast<uint64_t>(item.id));
        std::vector<size_t> order(pool.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng);
        if (own)
            order.erase(
                std::remove_if(order.begin(), order.end(), [&](size_t i) { return pool[i].id == item.id; }),
                order.end());
        std::vector<size_t> chosen;
        if (balanced)
            chosen = balanced_pick(pool, order, t.num_fewshot, rng);
        else
            chosen.assign(order.begin(), order.begin() + t.num_fewshot);
        std::string prefix;
        for (size_t i : chosen) prefix += demonstration(t, pool[i]) + t.fewshot_delimiter;
        for (std::string& context : item.contexts) context = prefix + context;
    }
    return items;
}

}  // namespace ipt
