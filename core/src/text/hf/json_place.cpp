#include "components.h"

#include "ipt/common/error.h"

namespace ipt::hf {

void JsonPlace::fail(const std::string& problem) const {
    throw FileError(file, (path.empty() ? std::string() : "at " + path + ": ") + problem);
}

std::string json_string(const json& object, const char* key, const JsonPlace& place) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) place.at(key).fail("expected a string");
    return it->get<std::string>();
}

bool json_bool(const json& object, const char* key, bool fallback, const JsonPlace& place) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) place.at(key).fail("expected true or false, got " + it->dump());
    return it->get<bool>();
}

std::unique_ptr<UnicodeRegex> json_pattern(const json& object, const char* key, const JsonPlace& place) {
    const JsonPlace here = place.at(key);
    auto it = object.find(key);
    if (it == object.end() || !it->is_object() || it->size() != 1)
        here.fail("expected {\"String\": ...} or {\"Regex\": ...}");
    if (it->contains("String")) {
        if (!(*it)["String"].is_string()) here.at("String").fail("expected a string");
        return UnicodeRegex::literal((*it)["String"].get<std::string>());
    }
    if (it->contains("Regex")) {
        if (!(*it)["Regex"].is_string()) here.at("Regex").fail("expected a string");
        return UnicodeRegex::compile((*it)["Regex"].get<std::string>(),
                                     here.file + ": at " + here.path + ".Regex");
    }
    here.fail("expected {\"String\": ...} or {\"Regex\": ...}, got " + it->dump());
}

}  // namespace ipt::hf
