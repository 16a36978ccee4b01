#include "ipt/synth/pair.h"

#include <nlohmann/json.hpp>

#include "ipt/common/error.h"
#include "ipt/common/line_reader.h"

namespace ipt {
using nlohmann::ordered_json;

namespace {

std::string string_field(const ordered_json& j, const char* key, const std::string& where) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number()) return it->dump();
    throw FileError(where, std::string("field '") + key + "' is not a string");
}

Pair parse_pair(const ordered_json& p, const std::string& where) {
    if (!p.is_object()) throw FileError(where, "a pair is not a JSON object");
    Pair pair;
    pair.question = string_field(p, "question", where);
    pair.answer = string_field(p, "answer", where);
    if (auto it = p.find("options"); it != p.end() && it->is_array())
        for (const auto& o : *it)
            if (o.is_string()) pair.options.push_back(o.get<std::string>());
    pair.cot = p.value("cot", false);
    pair.category = string_field(p, "category", where);
    pair.released_drop = string_field(p, "released_drop", where);
    return pair;
}

}  // namespace

std::string to_json_line(const PairRecord& r) {
    ordered_json pairs = ordered_json::array();
    for (const Pair& p : r.pairs) {
        ordered_json j = {{"question", p.question}, {"answer", p.answer}};
        if (!p.options.empty()) j["options"] = p.options;
        if (p.cot) j["cot"] = true;
        if (!p.category.empty()) j["category"] = p.category;
        if (!p.released_drop.empty()) j["released_drop"] = p.released_drop;
        pairs.push_back(std::move(j));
    }
    ordered_json j = {{"id", r.id},         {"text", r.text},   {"pairs", pairs},
                      {"method", r.method}, {"round", r.round}, {"status", pair_status_name(r.status)}};
    if (!r.reason.empty()) j["reason"] = r.reason;
    if (r.truncated) j["truncated"] = true;
    if (r.method == "synthesizer" &&
        (r.status == PairStatus::Ok || r.status == PairStatus::NoPairs || r.status == PairStatus::Truncated))
        j["raw_output"] = r.raw_output;
    if (r.dropped > 0) j["dropped"] = r.dropped;
    if (r.chain >= 0) j["chain"] = r.chain;
    if (r.linked) j["linked"] = true;
    if (!r.model.empty()) j["model"] = r.model;
    if (!r.settings_json.empty()) j["settings"] = ordered_json::parse(r.settings_json);
    // Invalid UTF-8 in a raw corpus or a generation is replaced rather than refused.
    return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

PairRecord parse_pair_record(const std::string& line, const std::string& where) {
    ordered_json j = ordered_json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) throw FileError(where, "invalid JSON");
    if (!j.is_object()) throw FileError(where, "expected a JSON object");
    PairRecord r;
    r.id = string_field(j, "id", where);
    r.text = string_field(j, "text", where);
    if (auto it = j.find("pairs"); it != j.end()) {
        if (!it->is_array()) throw FileError(where, "field 'pairs' is not an array");
        for (const auto& p : *it) r.pairs.push_back(parse_pair(p, where));
    }
    if (j.contains("method")) r.method = string_field(j, "method", where);
    r.round = j.value("round", 1);
    if (j.contains("status")) r.status = parse_pair_status(string_field(j, "status", where), where);
    r.reason = string_field(j, "reason", where);
    r.truncated = j.value("truncated", false);
    r.raw_output = string_field(j, "raw_output", where);
    r.dropped = j.value("dropped", 0);
    r.chain = j.value("chain", int64_t{-1});
    r.linked = j.value("linked", false);
    r.model = string_field(j, "model", where);
    if (auto it = j.find("settings"); it != j.end() && it->is_object()) r.settings_json = it->dump();
    return r;
}

std::vector<PairRecord> read_pairs_file(const std::string& path) {
    std::vector<PairRecord> records;
    LineReader reader(path);
    std::string line;
    while (reader.next(&line)) {
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        records.push_back(parse_pair_record(line, reader.where()));
    }
    return records;
}

}  // namespace ipt
