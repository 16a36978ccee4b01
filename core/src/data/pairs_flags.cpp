#include "ipt/data/pairs_flags.h"

#include <nlohmann/json.hpp>

#include <filesystem>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"

namespace ipt {

std::string pairs_flags_path(const std::string& pairs_file) {
    return pairs_file + ".flags.json";
}

std::set<std::string> read_pairs_flags(const std::string& pairs_file) {
    const std::string path = pairs_flags_path(pairs_file);
    std::set<std::string> flagged;
    if (!std::filesystem::exists(path)) return flagged;
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(read_text_file(path));
    } catch (const nlohmann::json::exception& e) {
        throw FileError(path, std::string("not valid JSON: ") + e.what());
    }
    if (!json.is_object()) throw FileError(path, "expected a JSON object");
    auto version = json.find("version");
    if (version == json.end() || !version->is_number_integer() || version->get<int64_t>() != 1)
        throw FileError(path, "\"version\" must be 1");
    auto list = json.find("flagged");
    if (list == json.end() || !list->is_array()) throw FileError(path, "\"flagged\" must be an array of ids");
    for (size_t i = 0; i < list->size(); ++i) {
        const auto& id = (*list)[i];
        if (!id.is_string()) throw FileError(path, "flagged[" + std::to_string(i) + "] is not a string");
        flagged.insert(id.get<std::string>());
    }
    return flagged;
}

void write_pairs_flags(const std::string& pairs_file, const std::set<std::string>& flagged) {
    nlohmann::json json;
    json["version"] = 1;
    json["flagged"] = nlohmann::json::array();
    for (const std::string& id : flagged) json["flagged"].push_back(id);
    write_file_atomically(pairs_flags_path(pairs_file), json.dump() + "\n");
}

}  // namespace ipt
