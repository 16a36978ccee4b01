#include "ipt/data/pair_record.h"

#include <nlohmann/json.hpp>

#include "../common/json_read.h"
#include "ipt/common/error.h"
#include "ipt/common/line_reader.h"
#include "ipt/data/pairs_limits.h"

namespace ipt {
using nlohmann::ordered_json;

namespace {

const char* const kStatusNames[kPairStatusCount] = {"ok", "no_pairs", "empty_text", "truncated",
                                                    "malformed_input"};

// Reads the fields of one record. Every field is read the strict way; in lenient mode a field that
// fails to read takes its default instead, so the two modes cannot disagree on a well-formed record.
class FieldReader {
  public:
    FieldReader(bool strict, const std::string& where) : strict_(strict), where_(where) {}

    // Absent or null gives "". A number is kept as its JSON text (ids are often numbers). Lenient: any
    // other value as its JSON text too, so the browser shows what is there.
    std::string string_field(const ordered_json& j, const char* key) const {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) return {};
        if (it->is_string()) return it->get<std::string>();
        if (it->is_number() || !strict_) return it->dump();
        throw FileError(where_, std::string("field '") + key + "' is not a string");
    }

    bool bool_field(const ordered_json& j, const char* key, bool fallback) const {
        return read(fallback, [&] {
            auto it = j.find(key);
            if (it == j.end() || it->is_null()) return fallback;
            return json_bool(*it, key, where_);
        });
    }

    int64_t integer_field(const ordered_json& j, const char* key, int64_t fallback,
                          IntegerRange range) const {
        return read(fallback, [&] {
            auto it = j.find(key);
            if (it == j.end() || it->is_null()) return fallback;
            return json_integer(*it, range, key, where_);
        });
    }

    PairStatus status_field(const ordered_json& j) const {
        return read(PairStatus::Ok, [&] {
            if (!j.contains("status")) return PairStatus::Ok;
            return parse_pair_status(string_field(j, "status"), where_);
        });
    }

    void pairs_field(const ordered_json& j, std::vector<Pair>* pairs) const {
        auto it = j.find("pairs");
        if (it == j.end() || it->is_null()) return;
        if (!it->is_array()) {
            if (strict_) throw FileError(where_, "field 'pairs' is not an array");
            return;
        }
        if (it->size() > kMaxPairsPerRecord)
            throw FileError(where_, "field 'pairs' holds " + std::to_string(it->size()) +
                                        " pairs, more than the limit of " +
                                        std::to_string(kMaxPairsPerRecord));
        // Lenient: a pair that is not an object stays as an empty pair, so the k-th pair read is the
        // k-th of the file (the index counts them so).
        for (const auto& p : *it) pairs->push_back(pair(p));
    }

  private:
    template <class T, class Read>
    T read(T fallback, Read&& read_strictly) const {
        if (strict_) return read_strictly();
        try {
            return read_strictly();
        } catch (const FileError&) {
            return fallback;
        }
    }

    Pair pair(const ordered_json& p) const {
        Pair pair;
        if (!p.is_object()) {
            if (strict_) throw FileError(where_, "a pair is not a JSON object");
            return pair;
        }
        pair.question = string_field(p, "question");
        pair.answer = string_field(p, "answer");
        if (auto it = p.find("options"); it != p.end() && it->is_array())
            for (const auto& o : *it)
                if (o.is_string()) pair.options.push_back(o.get<std::string>());
        pair.cot = bool_field(p, "cot", false);
        pair.category = string_field(p, "category");
        pair.released_drop = string_field(p, "released_drop");
        return pair;
    }

    bool strict_;
    const std::string& where_;
};

// The limits the pairs index scans with: a record the browser shows as malformed is an error here.
JsonLimits record_limits() {
    JsonLimits limits;
    limits.max_bytes = kMaxPairsRecordBytes;
    limits.max_depth = kMaxPairsRecordDepth;
    limits.max_values = 16ull * kMaxPairsPerRecord;  // a pair with options takes several
    return limits;
}

void read_record(const ordered_json& j, const FieldReader& f, PairRecord* r) {
    r->id = f.string_field(j, "id");
    r->text = f.string_field(j, "text");
    f.pairs_field(j, &r->pairs);
    if (j.contains("method")) r->method = f.string_field(j, "method");
    r->round = static_cast<int>(f.integer_field(j, "round", 1, {0, INT32_MAX}));
    r->status = f.status_field(j);
    r->reason = f.string_field(j, "reason");
    r->truncated = f.bool_field(j, "truncated", false);
    r->raw_output = f.string_field(j, "raw_output");
    r->dropped = static_cast<int>(f.integer_field(j, "dropped", 0, {0, INT32_MAX}));
    r->chain = f.integer_field(j, "chain", -1, {-1, INT64_MAX});
    r->linked = f.bool_field(j, "linked", false);
    r->model = f.string_field(j, "model");
    if (auto it = j.find("settings"); it != j.end() && it->is_object()) r->settings_json = it->dump();
}

}  // namespace

const char* pair_status_name(PairStatus status) {
    return kStatusNames[static_cast<int>(status)];
}

bool find_pair_status(const std::string& name, PairStatus* status) {
    for (int i = 0; i < kPairStatusCount; ++i)
        if (name == kStatusNames[i]) {
            *status = static_cast<PairStatus>(i);
            return true;
        }
    return false;
}

PairStatus parse_pair_status(const std::string& name, const std::string& where) {
    PairStatus status = PairStatus::Ok;
    if (!find_pair_status(name, &status)) throw FileError(where, "unknown status '" + name + "'");
    return status;
}

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

PairRecord parse_pair_record(std::string_view line, const std::string& where) {
    const ordered_json j = parse_json<ordered_json>(line, where, record_limits());
    if (!j.is_object()) throw FileError(where, "expected a JSON object");
    PairRecord r;
    read_record(j, FieldReader(true, where), &r);
    return r;
}

LenientPairRecord parse_pair_record_leniently(std::string_view line, const std::string& where) {
    LenientPairRecord r;
    try {
        const ordered_json j = parse_json<ordered_json>(line, where, record_limits());
        if (!j.is_object()) throw FileError(where, "expected a JSON object");
        const FieldReader reader(false, where);
        read_record(j, reader, &r);
        r.status_name = reader.string_field(j, "status");
    } catch (const FileError& e) {
        r = LenientPairRecord{};
        r.problem = e.what();
    }
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
