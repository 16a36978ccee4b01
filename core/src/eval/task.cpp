#include "ipt/eval/task.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

#include "../common/json_read.h"
#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/line_reader.h"
#include "ipt/common/python_random.h"
#include "ipt/common/python_text.h"

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

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    if (from.empty()) return text;
    std::string out;
    size_t pos = 0;
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, pos)) {
        out.append(text, pos, at - pos);
        out += to;
        pos = at + from.size();
    }
    return out + text.substr(pos);
}

// lm-evaluation-harness's hellaswag preprocess(): strip, " [title]" -> ". ", every "[...]" (shortest)
// removed, then each double space halved once (Python's str.replace, left to right).
std::string wikihow_clean(const std::string& text) {
    std::string t = replace_all(python_strip(text), " [title]", ". ");
    std::string out;
    for (size_t i = 0; i < t.size();) {
        if (t[i] == '[') {
            const size_t close = t.find(']', i + 1);
            if (close != std::string::npos) {
                i = close + 1;
                continue;
            }
        }
        out += t[i++];
    }
    return replace_all(out, "  ", " ");
}

// One filter ("strip", "before:_", "replace:_: ", ...) applied to a rendered value.
std::string apply_filter(const std::string& text, const std::string& filter, const std::string& field,
                         const std::string& where) {
    if (filter.rfind("before:", 0) == 0 || filter.rfind("after:", 0) == 0) {
        const bool before = filter[0] == 'b';
        const std::string mark = filter.substr(before ? 7 : 6);
        const size_t at = text.find(mark);
        if (at == std::string::npos)
            throw FileError(where, "field '" + field + "' has no '" + mark + "' to split at");
        return before ? text.substr(0, at) : text.substr(at + mark.size());
    }
    if (filter.rfind("replace:", 0) == 0) {
        const std::string args = filter.substr(8);
        const size_t colon = args.find(':');
        if (colon == std::string::npos || colon == 0)
            throw FileError(where, "filter '" + filter + "' needs replace:FROM:TO");
        return replace_all(text, args.substr(0, colon), args.substr(colon + 1));
    }
    if (filter == "strip") return python_strip(text);
    if (filter == "lstrip") return python_lstrip(text);
    if (filter == "rstrip") return python_rstrip(text);
    if (filter == "lower") return python_lower(text);
    if (filter == "capitalize") return python_capitalize(text);
    if (filter == "wikihow") return wikihow_clean(text);
    throw FileError(where, "unknown template filter '" + filter +
                               "' (before:X, after:X, replace:X:Y, strip, lstrip, rstrip, lower, capitalize, "
                               "wikihow)");
}

// Filters separated by '|', applied left to right.
std::string apply_filters(std::string text, const std::string& filters, const std::string& field,
                          const std::string& where) {
    size_t start = 0;
    while (start < filters.size()) {
        size_t bar = filters.find('|', start);
        if (bar == std::string::npos) bar = filters.size();
        text = apply_filter(text, filters.substr(start, bar - start), field, where);
        start = bar + 1;
    }
    return text;
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
        std::string field = tmpl.substr(open + 2, close - open - 2), filters;
        if (const size_t bar = field.find('|'); bar != std::string::npos) {
            filters = field.substr(bar + 1);
            field = field.substr(0, bar);
        }
        const json* value = find_path(record, field);
        if (!value || value->is_null())
            throw FileError(where, "missing field '" + field + "' (used by the template)");
        out += apply_filters(scalar_text(*value), filters, field, where);
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
    static_assert(!std::is_arithmetic_v<T> || std::is_same_v<T, bool>, "numbers go through optional_integer");
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
        // The harness's WinoGrande: each choice is a context, the shared rest of the sentence follows
        // after the target delimiter.
        for (const auto& c : t.choice_contexts)
            item.contexts.push_back(
                apply_filters(render(c, record, where), t.prompt_filter, "prompt", where));
        item.continuations.push_back(t.choice_prefix + render(t.continuation, record, where));
        choices = item.contexts;
    } else {
        item.contexts.push_back(
            apply_filters(render(t.prompt, record, where), t.prompt_filter, "prompt", where));
        if (!t.choices_field.empty())
            choices = list_field(record, t.choices_field, where);
        else
            for (const auto& c : t.choice_templates) choices.push_back(render(c, record, where));
        for (auto& c : choices) c = apply_filters(c, t.choice_filter, "choice", where);
        for (const auto& c : choices) item.continuations.push_back(t.choice_prefix + c);
    }
    item.choice_texts = choices;
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

// Items with their records (few-shot selection compares records, as the harness compares documents).
struct LoadedItem {
    TaskItem item;
    json record;
    std::string preamble;
};

std::vector<LoadedItem> read_items(const TaskDefinition& t, const std::string& path, int64_t limit) {
    if (!fs::exists(path)) throw FileError(path, "task data not found (task '" + t.name + "')");
    std::vector<LoadedItem> items;
    LineReader reader(path);
    reader.set_max_line_bytes(kMaxConfigBytes);
    std::string line;
    while (reader.next(&line) && (limit <= 0 || static_cast<int64_t>(items.size()) < limit)) {
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        json record = parse_json(line, reader.where());
        if (!record.is_object()) throw FileError(reader.where(), "invalid JSON object");
        LoadedItem loaded;
        loaded.item = render_item(t, record, static_cast<int64_t>(items.size()), reader.where());
        if (!t.preamble.empty()) loaded.preamble = render(t.preamble, record, reader.where());
        if (!t.fewshot_match.empty()) {
            const json* group = find_path(record, t.fewshot_match);
            if (!group || group->is_null())
                throw FileError(reader.where(), "missing field '" + t.fewshot_match + "' (fewshot_match)");
        }
        loaded.record = std::move(record);
        items.push_back(std::move(loaded));
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

// Takes examples label by label in turn (labels in a shuffled order, examples in the shuffled pool
// order) so that n examples show every gold label n / labels times, give or take one; then shuffles
// them so the labels do not come in a fixed cycle.
std::vector<size_t> balanced_pick(const std::vector<LoadedItem>& pool, std::vector<size_t> order, size_t n,
                                  PythonRandom& rng) {
    rng.shuffle(order);
    std::map<int64_t, std::vector<size_t>> by_label;
    for (size_t i : order) by_label[pool[i].item.gold].push_back(i);
    std::vector<std::vector<size_t>*> queues;
    for (auto& [label, queue] : by_label) queues.push_back(&queue);
    rng.shuffle(queues);
    std::vector<size_t> chosen, next(queues.size(), 0);
    while (chosen.size() < n) {
        for (size_t q = 0; q < queues.size() && chosen.size() < n; ++q)
            if (next[q] < queues[q]->size()) chosen.push_back((*queues[q])[next[q]++]);
    }
    rng.shuffle(chosen);
    return chosen;
}

// The harness's ContextSampler.sample(): random.Random(seed).sample of n examples (n + 1 and the item's
// copies dropped when excluding it), a second draw from the pool without the item when duplicates left
// too few.
std::vector<size_t> harness_sample(const std::vector<LoadedItem>& pool, const std::vector<size_t>& candidates,
                                   const json& item, size_t n, bool exclude, PythonRandom& rng) {
    auto pick = [&](const std::vector<size_t>& from, size_t k) {
        std::vector<size_t> out;
        for (size_t i : rng.sample_indices(from.size(), k)) out.push_back(from[i]);
        return out;
    };
    if (!exclude) return pick(candidates, n);
    std::vector<size_t> chosen;
    for (size_t i : pick(candidates, std::min(n + 1, candidates.size())))
        if (pool[i].record != item && chosen.size() < n) chosen.push_back(i);
    if (chosen.size() < n) {
        std::vector<size_t> others;
        for (size_t i : candidates)
            if (pool[i].record != item) others.push_back(i);
        chosen = pick(others, n);
    }
    return chosen;
}

}  // namespace

TaskDefinition read_task(const std::string& path) {
    const json j = parse_json(read_text_file(path, kMaxConfigBytes), path);
    if (!j.is_object()) throw FileError(path, "expected a JSON object");
    static const std::vector<std::string> known{"name",
                                                "data",
                                                "type",
                                                "prompt",
                                                "choices",
                                                "answer",
                                                "answer_is",
                                                "labels",
                                                "choice_prefix",
                                                "choice_contexts",
                                                "continuation",
                                                "target",
                                                "until",
                                                "max_new_tokens",
                                                "metrics",
                                                "num_fewshot",
                                                "fewshot_data",
                                                "fewshot_delimiter",
                                                "seed",
                                                "limit",
                                                "description",
                                                "text_units",
                                                "strip_suffix",
                                                "fewshot_select",
                                                "fewshot_exclude_item",
                                                "fewshot_match",
                                                "prompt_filter",
                                                "choice_filter",
                                                "preamble"};
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
    if (t.fewshot_select != "random" && t.fewshot_select != "first_n" && t.fewshot_select != "balanced")
        throw FileError(
            path, "key 'fewshot_select': '" + t.fewshot_select + "' is not random, first_n or balanced");
    t.fewshot_exclude_item = !j.contains("fewshot_data");
    optional_key(j, "fewshot_exclude_item", &t.fewshot_exclude_item, path);
    optional_key(j, "fewshot_match", &t.fewshot_match, path);
    optional_key(j, "prompt_filter", &t.prompt_filter, path);
    optional_key(j, "choice_filter", &t.choice_filter, path);
    optional_key(j, "preamble", &t.preamble, path);
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
            if (m != "acc" && m != "acc_norm" && m != "acc_bytes")
                throw FileError(
                    path, "metric '" + m + "' does not apply to multiple choice (acc, acc_norm, acc_bytes)");
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
    std::vector<LoadedItem> items = read_items(t, t.data, t.limit);
    auto finish = [&] {
        std::vector<TaskItem> out;
        for (LoadedItem& l : items) {
            for (std::string& context : l.item.contexts) context = l.preamble + context;
            out.push_back(std::move(l.item));
        }
        return out;
    };
    if (t.num_fewshot == 0) return finish();
    const bool own = t.fewshot_data.empty();
    const std::vector<LoadedItem> pool = own ? read_items(t, t.data, 0) : read_items(t, t.fewshot_data, 0);
    const std::string& pool_path = own ? t.data : t.fewshot_data;
    const size_t n = static_cast<size_t>(t.num_fewshot);
    // One generator per group of examples (the harness runs one task, and one sampler, per MMLU subject).
    std::map<std::string, std::vector<size_t>> groups;
    for (size_t i = 0; i < pool.size(); ++i)
        groups[t.fewshot_match.empty() ? "" : find_path(pool[i].record, t.fewshot_match)->dump()].push_back(
            i);
    std::map<std::string, PythonRandom> generators;
    const bool balanced = t.fewshot_select == "balanced" && t.type == "multiple_choice";
    for (LoadedItem& l : items) {
        const std::string group = t.fewshot_match.empty() ? "" : find_path(l.record, t.fewshot_match)->dump();
        const std::vector<size_t>& candidates = groups[group];
        size_t available = candidates.size();
        if (t.fewshot_exclude_item)
            for (size_t i : candidates) available -= pool[i].record == l.record ? 1 : 0;
        if (available < n)
            throw FileError(pool_path,
                            "holds " + std::to_string(available) + " examples for " + std::to_string(n) +
                                "-shot prompts" +
                                (group.empty() ? std::string() : " with " + t.fewshot_match + " " + group));
        PythonRandom& rng = generators.try_emplace(group, t.seed).first->second;
        std::vector<size_t> chosen;
        if (t.fewshot_select == "first_n") {
            for (size_t i : candidates)
                if (chosen.size() < n && !(t.fewshot_exclude_item && pool[i].record == l.record))
                    chosen.push_back(i);
        } else if (balanced) {
            std::vector<size_t> others;
            for (size_t i : candidates)
                if (!(t.fewshot_exclude_item && pool[i].record == l.record)) others.push_back(i);
            chosen = balanced_pick(pool, others, n, rng);
        } else {
            chosen = harness_sample(pool, candidates, l.record, n, t.fewshot_exclude_item, rng);
        }
        std::string prefix;
        for (size_t i : chosen) prefix += demonstration(t, pool[i].item) + t.fewshot_delimiter;
        for (std::string& context : l.item.contexts) context = prefix + context;
    }
    return finish();
}

}  // namespace ipt
