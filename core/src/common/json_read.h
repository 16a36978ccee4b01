#pragma once
// Reading JSON from files (core-internal: nlohmann is core's private dependency). One parse entry point
// that checks the limits first and turns every parser exception (a syntax error, a number overflow
// such as 1e99999, ill-formed UTF-8) into a FileError naming the file; and typed reads of members
// whose errors name the key, with integers range-checked before anything computes with them.
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ipt/common/checked_number.h"
#include "ipt/common/error.h"
#include "ipt/common/json_limits.h"

namespace ipt {

// Parses `text`; throws FileError(where, label + ": ...") for anything that is not one JSON value
// within `limits`. With `unique_keys`, an object that spells a key twice is refused too (a parser keeps
// only the last, so two readers could see two different files).
template <class Json = nlohmann::json>
Json parse_json(std::string_view text, const std::string& where, const JsonLimits& limits = {},
                bool unique_keys = false, const std::string& label = "invalid JSON") {
    const std::string problem = json_limits_problem(text.data(), text.data() + text.size(), limits);
    if (!problem.empty()) throw FileError(where, "JSON too large: " + problem);
    try {
        if (!unique_keys) return Json::parse(text.begin(), text.end());
        std::vector<std::set<std::string>> keys;  // per open object
        std::string duplicate;
        typename Json::parser_callback_t check = [&](int, typename Json::parse_event_t event, Json& parsed) {
            using Event = typename Json::parse_event_t;
            if (event == Event::object_start) keys.emplace_back();
            if (event == Event::object_end && !keys.empty()) keys.pop_back();
            if (event == Event::key && !keys.empty() &&
                !keys.back().insert(parsed.template get<std::string>()).second && duplicate.empty())
                duplicate = parsed.template get<std::string>();
            return true;
        };
        Json j = Json::parse(text.begin(), text.end(), check);
        if (!duplicate.empty()) throw FileError(where, label + ": key '" + duplicate + "' appears twice");
        return j;
    } catch (const nlohmann::json::exception& e) {
        throw FileError(where, label + ": " + shortened(e.what()));
    }
}

// "key 'K' has the wrong type: expected T, got <type>".
template <class Json>
[[noreturn]] void wrong_json_type(const Json& value, const std::string& expected, const std::string& key,
                                  const std::string& where) {
    throw FileError(
        where, "key '" + key + "' has the wrong type: expected " + expected + ", got " + value.type_name());
}

// An integer member value in `range`. Floats are accepted only when integral (4096.0).
template <class Json>
int64_t json_integer(const Json& value, IntegerRange range, const std::string& key,
                     const std::string& where) {
    if (value.is_number_unsigned()) return checked_integer(value.template get<uint64_t>(), range, key, where);
    if (value.is_number_integer()) return checked_integer(value.template get<int64_t>(), range, key, where);
    if (value.is_number_float()) return checked_integer(value.template get<double>(), range, key, where);
    wrong_json_type(value, "an integer", key, where);
}

template <class Json>
double json_number(const Json& value, const std::string& key, const std::string& where) {
    if (!value.is_number()) wrong_json_type(value, "a number", key, where);
    return value.template get<double>();
}

template <class Json>
bool json_bool(const Json& value, const std::string& key, const std::string& where) {
    if (!value.is_boolean()) wrong_json_type(value, "true or false", key, where);
    return value.template get<bool>();
}

template <class Json>
std::string json_string(const Json& value, const std::string& key, const std::string& where) {
    if (!value.is_string()) wrong_json_type(value, "a string", key, where);
    return value.template get<std::string>();
}

}  // namespace ipt
