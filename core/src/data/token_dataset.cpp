#include "ipt/data/token_dataset.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/mapped_file.h"

namespace ipt {

using nlohmann::json;

std::string DatasetIndex::to_json() const {
    json j;
    j["format"] = "ipt-token-dataset";
    j["version"] = 1;
    j["dtype"] = token_bytes == 2 ? "uint16" : "uint32";
    j["tokenizer"] = {{"fingerprint", tokenizer_fingerprint},
                      {"vocab_size", vocab_size},
                      {"bos_id", bos_id},
                      {"eos_id", eos_id}};
    j["has_mask"] = has_mask;
    j["tokens"] = tokens;
    j["documents"] = documents;
    j["skipped_records"] = skipped_records;
    j["sources"] = sources;
    j["shards"] = json::array();
    for (const auto& s : shards)
        j["shards"].push_back({{"tokens_file", s.tokens_file},
                               {"documents_file", s.documents_file},
                               {"mask_file", s.mask_file},
                               {"tokens", s.tokens},
                               {"documents", s.documents}});
    return j.dump(2) + "\n";
}

DatasetIndex DatasetIndex::from_json(const std::string& text, const std::string& where) {
    DatasetIndex index;
    try {
        json j = json::parse(text);
        if (j.value("format", "") != "ipt-token-dataset")
            throw FileError(where, "not a token dataset index (format)");
        const std::string dtype = j.at("dtype").get<std::string>();
        if (dtype != "uint16" && dtype != "uint32")
            throw FileError(where, "key 'dtype': unknown '" + dtype + "'");
        index.token_bytes = dtype == "uint16" ? 2 : 4;
        index.tokenizer_fingerprint = j.at("tokenizer").at("fingerprint").get<std::string>();
        index.vocab_size = j.at("tokenizer").at("vocab_size").get<int64_t>();
        index.bos_id = j.at("tokenizer").at("bos_id").get<int64_t>();
        index.eos_id = j.at("tokenizer").at("eos_id").get<int64_t>();
        index.has_mask = j.at("has_mask").get<bool>();
        index.tokens = j.at("tokens").get<uint64_t>();
        index.documents = j.at("documents").get<uint64_t>();
        index.skipped_records = j.value("skipped_records", uint64_t(0));
        index.sources = j.at("sources").get<std::vector<std::string>>();
        for (const auto& s : j.at("shards")) {
            ShardInfo info;
            info.tokens_file = s.at("tokens_file").get<std::string>();
            info.documents_file = s.at("documents_file").get<std::string>();
            info.mask_file = s.value("mask_file", "");
            info.tokens = s.at("tokens").get<uint64_t>();
            info.documents = s.at("documents").get<uint64_t>();
            index.shards.push_back(info);
        }
    } catch (const json::exception& e) {
        throw FileError(where, std::string("malformed dataset index: ") + e.what());
    }
    return index;
}

std::shared_ptr<TokenDataset> TokenDataset::open(const std::string& folder) {
    namespace fs = std::filesystem;
    const fs::path index_path = fs::path(folder) / "index.json";
    if (!fs::exists(index_path)) {
        bool unfinished = fs::exists(fs::path(folder) / "progress.json");
        throw FileError(index_path.string(), unfinished
                                                 ? "missing: the preparation of this dataset did not finish "
                                                   "(run `ipt data prepare` again to resume it)"
                                                 : "missing: not a prepared token dataset");
    }
    auto dataset = std::shared_ptr<TokenDataset>(new TokenDataset());
    dataset->folder_ = folder;
    dataset->index_ = DatasetIndex::from_json(read_text_file(index_path), index_path.string());
    uint64_t start = 0;
    for (const auto& shard : dataset->index_.shards) {
        auto tokens = MappedFile::open((fs::path(folder) / shard.tokens_file).string());
        if (tokens->size() != shard.tokens * dataset->index_.token_bytes)
            throw FileError(tokens->path(), "holds " + std::to_string(tokens->size()) +
                                                " bytes, index.json expects " +
                                                std::to_string(shard.tokens * dataset->index_.token_bytes));
        auto documents = MappedFile::open((fs::path(folder) / shard.documents_file).string());
        if (documents->size() != shard.documents * 8)
            throw FileError(documents->path(), "holds " + std::to_string(documents->size() / 8) +
                                                   " document offsets, index.json expects " +
                                                   std::to_string(shard.documents));
        if (dataset->index_.has_mask) {
            auto mask = MappedFile::open((fs::path(folder) / shard.mask_file).string());
            if (mask->size() != shard.tokens)
                throw FileError(mask->path(), "holds " + std::to_string(mask->size()) +
                                                  " mask bytes, index.json expects " +
                                                  std::to_string(shard.tokens));
            dataset->masks_.push_back(mask);
        }
        dataset->tokens_.push_back(tokens);
        dataset->documents_.push_back(documents);
        dataset->shard_start_.push_back(start);
        start += shard.tokens;
    }
    if (start != dataset->index_.tokens)
        throw FileError(index_path.string(), "shards hold " + std::to_string(start) +
                                                 " tokens, 'tokens' says " +
                                                 std::to_string(dataset->index_.tokens));
    if (start == 0) throw FileError(index_path.string(), "the dataset holds no tokens");
    return dataset;
}

void TokenDataset::read(uint64_t offset, uint64_t count, int64_t* tokens, uint8_t* mask) const {
    offset %= index_.tokens;
    uint64_t written = 0;
    while (written < count) {
        const size_t shard = static_cast<size_t>(
            std::upper_bound(shard_start_.begin(), shard_start_.end(), offset) - shard_start_.begin() - 1);
        const uint64_t local = offset - shard_start_[shard];
        const uint64_t n = std::min(count - written, index_.shards[shard].tokens - local);
        const uint8_t* base = tokens_[shard]->data();
        if (index_.token_bytes == 2) {
            const auto* p = reinterpret_cast<const uint16_t*>(base) + local;
            for (uint64_t i = 0; i < n; ++i) tokens[written + i] = p[i];
        } else {
            const auto* p = reinterpret_cast<const uint32_t*>(base) + local;
            for (uint64_t i = 0; i < n; ++i) tokens[written + i] = p[i];
        }
        if (mask) {
            if (index_.has_mask)
                std::memcpy(mask + written, masks_[shard]->data() + local, n);
            else
                std::memset(mask + written, 1, n);
        }
        written += n;
        offset = (offset + n) % index_.tokens;
    }
}

std::vector<uint64_t> TokenDataset::document_starts() const {
    std::vector<uint64_t> starts;
    starts.reserve(index_.documents);
    for (size_t s = 0; s < documents_.size(); ++s) {
        const auto* p = reinterpret_cast<const uint64_t*>(documents_[s]->data());
        for (uint64_t i = 0; i < index_.shards[s].documents; ++i) starts.push_back(shard_start_[s] + p[i]);
    }
    return starts;
}

}  // namespace ipt
