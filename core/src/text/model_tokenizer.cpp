#include "ipt/text/model_tokenizer.h"

#include <filesystem>

#include "ipt/common/error.h"

namespace ipt {
namespace fs = std::filesystem;
namespace {

const char* const kJsonConfigs[] = {"tokenizer_config.json", "special_tokens_map.json"};

bool is_json_file(const fs::path& p) {
    return p.extension() == ".json";
}

}  // namespace

std::string tokenizer_file_in(const std::string& folder) {
    const fs::path dir(folder);
    if (fs::exists(dir / "tokenizer.json")) return (dir / "tokenizer.json").string();
    if (fs::exists(dir / "tokenizer.model")) return (dir / "tokenizer.model").string();
    return {};
}

std::vector<std::string> tokenizer_files_in(const std::string& folder) {
    const std::string main = tokenizer_file_in(folder);
    if (main.empty()) return {};
    std::vector<std::string> files{main};
    if (is_json_file(main))
        for (const char* config : kJsonConfigs)
            if (fs::exists(fs::path(folder) / config)) files.push_back((fs::path(folder) / config).string());
    return files;
}

std::unique_ptr<Tokenizer> load_model_tokenizer(const std::string& folder, int64_t embedding_rows,
                                                const std::string& tokenizer) {
    std::string path = tokenizer;
    if (path.empty()) {
        path = tokenizer_file_in(folder);
        if (path.empty())
            throw FileError(folder, "no tokenizer: a model folder needs tokenizer.json or tokenizer.model");
    } else if (fs::is_directory(path)) {
        const std::string inside = tokenizer_file_in(path);
        if (inside.empty()) throw FileError(path, "no tokenizer.json or tokenizer.model in this folder");
        path = inside;
    }
    std::unique_ptr<Tokenizer> t = load_tokenizer(path);
    if (t->vocab_size() > embedding_rows)
        throw UsageError(path + ": the tokenizer has " + std::to_string(t->vocab_size()) +
                         " pieces but the model's vocab_size is " + std::to_string(embedding_rows) +
                         " (is this the model's own tokenizer?)");
    return t;
}

void copy_tokenizer_files(const std::string& from, const std::string& to) {
    std::vector<std::string> files;
    if (fs::is_directory(from)) {
        files = tokenizer_files_in(from);
        if (files.empty()) throw FileError(from, "no tokenizer.json or tokenizer.model to copy");
    } else {
        if (!fs::exists(from)) throw FileError(from, "tokenizer file not found");
        files.push_back(from);
        if (is_json_file(from))
            for (const char* config : kJsonConfigs)
                if (fs::exists(fs::path(from).parent_path() / config))
                    files.push_back((fs::path(from).parent_path() / config).string());
    }
    fs::create_directories(to);
    for (size_t i = 0; i < files.size(); ++i) {
        // The main file goes in under its usual name, whatever it was called where it came from.
        const std::string name = i == 0 ? (is_json_file(files[0]) ? "tokenizer.json" : "tokenizer.model")
                                        : fs::path(files[i]).filename().string();
        std::error_code ec;
        fs::copy_file(files[i], fs::path(to) / name, fs::copy_options::overwrite_existing, ec);
        if (ec) throw FileError(files[i], "cannot copy into " + to + ": " + ec.message());
    }
}

}  // namespace ipt
