#include "ipt/synth/pair.h"

#include <nlohmann/json.hpp>

#include "../common/json_read.h"
#include "ipt/common/error.h"
#include "ipt/common/line_reader.h"
#include "ipt/data/pairs_limits.h"

namespace ipt {
using nlohmann::ordered_json;

namespace {

// Optional typed fields: absent or null gives the fallback, a wrong type an error naming the field.
bool bool_field(const ordered_json& j, const std::string& key, bool fallback, const std::string& where) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    return json_bool(*it, key, where);
}

int64_t integer_field(const ordered_json& j, const std::string& key, int64_t fallback, IntegerRange range,
                      const std::string& where) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    return json_integer(*it, range, key, where);
}

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
    pair.cot = bool_field(p, "cot", false, where);
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
    // The same limits as the browser's index: a record it shows as malformed is an error here.
    JsonLimits limits;
    limits.max_bytes = kMaxPairsRecordBytes;
    limits.max_depth = kMaxPairsRecordDepth;
    limits.max_values = 16ull * kMaxPairsPerRecord;  // a pair with options takes several
    const ordered_json j = parse_json<ordered_json>(line, where, limits);
    if (!j.is_object()) throw FileError(where, "expected a JSON object");
    PairRecord r;
    r.id = string_field(j, "id", where);
    r.text = string_field(j, "text", where);
    if (auto it = j.find("pairs"); it != j.end()) {
        if (!it->is_array()) throw FileError(where, "field 'pairs' is not an array");
        if (it->size() > kMaxPairsPerRecord)
            throw FileError(where, "field 'pairs' holds " + std::to_string(it->size()) +
                                       " pairs, more than the limit of " +
                                       std::to_string(kMaxPairsPerRecord));
        for (const auto& p : *it) r.pairs.push_back(parse_pair(p, where));
    }
    if (j.contains("method")) r.method = string_field(j, "method", where);
    r.round = static_cast<int>(integer_field(j, "round", 1, {0, INT32_MAX}, where));
    if (j.contains("status")) r.status = parse_pair_status(string_field(j, "status", where), where);
    r.reason = string_field(j, "reason", where);
    r.truncated = bool_field(j, "truncated", false, where);
    r.raw_output = string_field(j, "raw_output", where);
    r.dropped = static_cast<int>(integer_field(j, "dropped", 0, {0, INT32_MAX}, where));
    r.chain = integer_field(j, "chain", -1, {-1, INT64_MAX}, where);
    r.linked = bool_field(j, "linked", false, where);
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
