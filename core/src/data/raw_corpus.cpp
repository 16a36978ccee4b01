#include "ipt/data/raw_corpus.h"

#include <nlohmann/json.hpp>

#include "ipt/common/json_limits.h"
#include "ipt/common/line_reader.h"

namespace ipt {
using nlohmann::json;

namespace {

bool is_jsonl(const std::string& path) {
    return path.size() >= 6 && (path.compare(path.size() - 6, 6, ".jsonl") == 0 ||
                                path.compare(path.size() - 5, 5, ".json") == 0);
}

void read_json_line(const std::string& line, const std::string& text_field, RawText* out) {
    // Fields other than the text are still parsed: their structure is bounded, so that a line of
    // nested arrays cannot take gigabytes as a tree.
    JsonLimits limits;
    limits.max_bytes = UINT64_MAX;  // the line reader bounds the line
    limits.max_depth = 64;
    const std::string too_large = json_limits_problem(line.data(), line.data() + line.size(), limits);
    if (!too_large.empty()) {
        out->problem = "record too large: " + too_large;
        return;
    }
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
        out->problem = "invalid JSON";
        return;
    }
    if (!j.is_object()) {
        out->problem = "expected a JSON object";
        return;
    }
    if (auto id = j.find("id"); id != j.end()) {
        if (id->is_string())
            out->id = id->get<std::string>();
        else if (id->is_number())
            out->id = id->dump();
    }
    auto text = j.find(text_field);
    if (text == j.end())
        out->problem = "missing field '" + text_field + "'";
    else if (!text->is_string())
        out->problem = "field '" + text_field + "' is not a string";
    else
        out->text = std::move(text->get_ref<std::string&>());
}

}  // namespace

void for_each_raw_text(const std::string& path, const std::string& text_field,
                       const std::function<void(RawText&&)>& visit) {
    const bool jsonl = is_jsonl(path);
    LineReader reader(path);
    std::string line;
    while (reader.next(&line)) {
        RawText t;
        t.where = reader.where();
        t.blank = line.find_first_not_of(" \t\r") == std::string::npos;
        if (jsonl) {
            // A blank line in JSONL is no record; it is reported rather than silently passed over.
            if (t.blank)
                t.problem = "blank line";
            else
                read_json_line(line, text_field, &t);
        } else {
            t.text = line;
        }
        if (t.id.empty()) t.id = "line-" + std::to_string(reader.line_number());
        visit(std::move(t));
    }
}

std::vector<RawText> read_raw_corpus(const std::string& path, const std::string& text_field) {
    std::vector<RawText> texts;
    for_each_raw_text(path, text_field, [&](RawText&& t) { texts.push_back(std::move(t)); });
    return texts;
}

}  // namespace ipt
