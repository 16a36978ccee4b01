#include "ipt/model/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string_view>

#include "../common/json_read.h"
#include "ipt/common/atomic_file.h"
#include "ipt/common/checked_number.h"
#include "ipt/common/error.h"
#include "ipt/common/mapped_file.h"

namespace ipt {
namespace {

using nlohmann::json;

// The spec caps the header at 100 MB; a larger length is a corrupt or hostile file.
constexpr uint64_t kMaxHeaderBytes = 100ull * 1000 * 1000;

struct DtypeInfo {
    const char* name;
    at::ScalarType type;
    size_t size;
};

const DtypeInfo kDtypes[] = {
    {"F64", at::kDouble, 8}, {"F32", at::kFloat, 4}, {"F16", at::kHalf, 2},  {"BF16", at::kBFloat16, 2},
    {"I64", at::kLong, 8},   {"I32", at::kInt, 4},   {"I16", at::kShort, 2}, {"I8", at::kChar, 1},
    {"U8", at::kByte, 1},    {"BOOL", at::kBool, 1},
};

std::string shape_string(const std::vector<int64_t>& shape) {
    std::ostringstream s;
    s << "[";
    for (size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
    s << "]";
    return s.str();
}

}  // namespace

std::string safetensors_dtype_name(at::ScalarType type) {
    for (const auto& d : kDtypes)
        if (d.type == type) return d.name;
    throw UsageError(std::string("dtype ") + c10::toString(type) + " cannot be stored in safetensors");
}

bool safetensors_dtype_from_name(const std::string& name, at::ScalarType* type, size_t* element_size) {
    for (const auto& d : kDtypes) {
        if (name == d.name) {
            if (type) *type = d.type;
            if (element_size) *element_size = d.size;
            return true;
        }
    }
    return false;
}

SafetensorsFile::~SafetensorsFile() = default;

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const std::string& path) {
    std::shared_ptr<SafetensorsFile> file(new SafetensorsFile());
    file->path_ = path;
    auto mapping = MappedFile::open(path);
    const uint64_t file_size = mapping->size();
    if (file_size < 8)
        throw FileError(path, "truncated safetensors file: " + std::to_string(file_size) +
                                  " bytes, too short for the 8-byte header length");
    file->mapping_ = mapping;
    const uint8_t* bytes = mapping->data();

    uint64_t header_size = 0;
    for (int i = 7; i >= 0; --i) header_size = (header_size << 8) | bytes[i];
    if (header_size > file_size - 8)
        throw FileError(path, "header length " + std::to_string(header_size) +
                                  " runs past the end of the file (" + std::to_string(file_size) + " bytes)");
    if (header_size > kMaxHeaderBytes)
        throw FileError(path, "header length " + std::to_string(header_size) + " exceeds the 100 MB limit");

    // Duplicate names are refused: a JSON parser keeps only the last, so two readers could load two
    // different tensors under one name.
    JsonLimits limits;
    limits.max_bytes = kMaxHeaderBytes;
    limits.max_values = 1ull << 22;
    const json header = parse_json(
        std::string_view(reinterpret_cast<const char*>(bytes + 8), size_t(header_size)), path, limits, true,
        "bad JSON header");
    if (!header.is_object()) throw FileError(path, "bad JSON header: expected an object of tensors");

    file->data_ = bytes + 8 + header_size;
    const uint64_t data_size = file_size - 8 - header_size;
    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        if (name == "__metadata__") {
            if (!it->is_object()) throw FileError(path, "bad JSON header: __metadata__ must be an object");
            for (auto m = it->begin(); m != it->end(); ++m)
                file->metadata_[m.key()] = m->is_string() ? m->get<std::string>() : m->dump();
            continue;
        }
        const json& spec = *it;
        auto fail = [&](const std::string& problem) {
            throw FileError(path, "tensor '" + name + "': " + problem);
        };
        if (!spec.is_object() || !spec.contains("dtype") || !spec.contains("shape") ||
            !spec.contains("data_offsets"))
            fail("header entry needs dtype, shape and data_offsets");
        SafetensorsEntry entry;
        entry.name = name;
        size_t element_size = 0;
        const json& dtype = spec["dtype"];
        const json& shape = spec["shape"];
        const json& offsets = spec["data_offsets"];
        if (!dtype.is_string()) fail("dtype is not a string");
        entry.dtype = dtype.get<std::string>();
        if (!safetensors_dtype_from_name(entry.dtype, nullptr, &element_size))
            fail("unknown dtype '" + shortened(entry.dtype, 40) + "'");
        if (!shape.is_array()) fail("shape is not an array");
        // Dimensions and offsets are checked as integers, and the byte size as an overflow-checked
        // product, before any comparison uses them: [2^56, 64] F32 over zero bytes is refused here.
        uint64_t bytes_needed = element_size;
        bool overflow = false;
        for (size_t d = 0; d < shape.size(); ++d) {
            const json& dim = shape[d];
            if (!dim.is_number_integer() || (!dim.is_number_unsigned() && dim.get<int64_t>() < 0))
                fail("shape " + shortened(shape.dump(), 80) +
                     " holds something that is not a dimension >= 0");
            if (dim.is_number_unsigned() && dim.get<uint64_t>() > uint64_t(INT64_MAX))
                fail("dimension " + std::to_string(dim.get<uint64_t>()) + " is too large");
            entry.shape.push_back(dim.get<int64_t>());
            const std::optional<uint64_t> product =
                checked_product(bytes_needed, uint64_t(entry.shape.back()));
            if (!product)
                overflow = true;
            else
                bytes_needed = *product;
        }
        if (overflow)
            fail("shape " + shape_string(entry.shape) + " of " + entry.dtype + " overflows 64 bits");
        if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
            !offsets[1].is_number_unsigned())
            fail("data_offsets must hold two byte offsets >= 0");
        entry.begin = offsets[0].get<uint64_t>();
        entry.end = offsets[1].get<uint64_t>();
        if (entry.begin > entry.end) fail("data_offsets are reversed");
        if (entry.end > data_size)
            fail("data [" + std::to_string(entry.begin) + ", " + std::to_string(entry.end) +
                 ") runs past the end of the file (data section holds " + std::to_string(data_size) +
                 " bytes: truncated?)");
        if (bytes_needed != entry.end - entry.begin)
            fail("shape " + shape_string(entry.shape) + " of " + entry.dtype + " needs " +
                 std::to_string(bytes_needed) + " bytes but data_offsets span " +
                 std::to_string(entry.end - entry.begin));
        file->entries_.push_back(std::move(entry));
    }
    std::stable_sort(file->entries_.begin(), file->entries_.end(),
                     [](const SafetensorsEntry& a, const SafetensorsEntry& b) { return a.begin < b.begin; });
    // Tensors may not share bytes: a write through one would change the other, and a file that
    // aliases its data was not written by a safetensors writer. Sorted by offset, each non-empty tensor
    // must start at or after the end of the one before it.
    const SafetensorsEntry* reach = nullptr;
    for (const SafetensorsEntry& e : file->entries_) {
        if (e.begin == e.end) continue;
        if (reach && e.begin < reach->end)
            throw FileError(path, "tensors '" + reach->name + "' [" + std::to_string(reach->begin) + ", " +
                                      std::to_string(reach->end) + ") and '" + e.name + "' [" +
                                      std::to_string(e.begin) + ", " + std::to_string(e.end) + ") overlap");
        reach = &e;
    }
    for (size_t i = 0; i < file->entries_.size(); ++i) file->index_[file->entries_[i].name] = i;
    return file;
}

const SafetensorsEntry& SafetensorsFile::entry(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) throw FileError(path_, "missing tensor '" + name + "'");
    return entries_[it->second];
}

at::Tensor SafetensorsFile::tensor(const std::string& name) const {
    const SafetensorsEntry& e = entry(name);
    at::ScalarType type;
    size_t element_size;
    safetensors_dtype_from_name(e.dtype, &type, &element_size);
    auto* address = const_cast<uint8_t*>(data_ + e.begin);
    auto options = at::TensorOptions().dtype(type).device(at::kCPU);
    if (reinterpret_cast<uintptr_t>(address) % element_size != 0) {
        at::Tensor aligned = at::empty(e.shape, options);
        // An empty tensor has no storage to copy into (memcpy from or to null is undefined even for 0 bytes).
        if (e.end > e.begin) std::memcpy(aligned.data_ptr(), address, e.end - e.begin);
        return aligned;
    }
    std::shared_ptr<MappedFile> keep = mapping_;
    return at::from_blob(
        address, e.shape, [keep](void*) {}, options);
}

void write_safetensors(const std::string& path, const NamedTensors& tensors,
                       const std::map<std::string, std::string>& metadata) {
    json header = json::object();
    json meta = json::object();
    for (const auto& kv : metadata) meta[kv.first] = kv.second;
    meta["format"] = "pt";
    header["__metadata__"] = meta;

    std::vector<at::Tensor> cpu;
    cpu.reserve(tensors.size());
    uint64_t offset = 0;
    for (const auto& [name, t] : tensors) {
        if (header.contains(name)) throw UsageError(path + ": tensor '" + name + "' is listed twice");
        at::Tensor c = t.detach().to(at::kCPU).contiguous();
        uint64_t bytes = static_cast<uint64_t>(c.numel()) * c.element_size();
        header[name] = {{"dtype", safetensors_dtype_name(c.scalar_type())},
                        {"shape", c.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        cpu.push_back(std::move(c));
    }
    std::string text = header.dump();
    // Pad with spaces so that the data section starts 8-byte aligned, as the reference writer does.
    text.append((8 - text.size() % 8) % 8, ' ');
    uint8_t length[8];
    for (int i = 0; i < 8; ++i) length[i] = static_cast<uint8_t>((uint64_t(text.size()) >> (8 * i)) & 0xff);

    AtomicFile out(path);
    out.write(length, 8);
    out.write(text);
    for (const auto& c : cpu) out.write(c.data_ptr(), static_cast<size_t>(c.numel()) * c.element_size());
    out.commit();
}

SafetensorsCheckpoint SafetensorsCheckpoint::open(const std::string& folder) {
    namespace fs = std::filesystem;
    SafetensorsCheckpoint checkpoint;
    fs::path single = fs::path(folder) / "model.safetensors";
    fs::path index = fs::path(folder) / "model.safetensors.index.json";
    if (fs::exists(index)) {
        const json j = parse_json(read_text_file(index, kMaxConfigBytes), index.string());
        if (!j.is_object() || !j.contains("weight_map") || !j["weight_map"].is_object())
            throw FileError(index.string(), "missing key 'weight_map'");
        std::map<std::string, size_t> file_slot;
        for (auto it = j["weight_map"].begin(); it != j["weight_map"].end(); ++it) {
            if (!it->is_string())
                throw FileError(index.string(), "weight_map entry '" + it.key() + "' is not a file name");
            std::string shard = it->get<std::string>();
            // Shards are files of this folder: a name with a directory part ("../outside.safetensors",
            // "/etc/x") would read weights from anywhere. Symbolic links in the folder (the Hugging Face
            // cache's snapshots) are the folder owner's choice and are followed.
            if (shard.empty() || shard == "." || shard == ".." || shard.find('/') != std::string::npos ||
                shard.find('\0') != std::string::npos)
                throw FileError(index.string(), "weight_map entry '" + it.key() + "': shard '" +
                                                    shortened(shard, 200) +
                                                    "' is not a file name in the model folder");
            if (!file_slot.count(shard)) {
                file_slot[shard] = checkpoint.files_.size();
                checkpoint.files_.push_back(SafetensorsFile::open((fs::path(folder) / shard).string()));
            }
            const auto& file = checkpoint.files_[file_slot[shard]];
            if (!file->contains(it.key()))
                throw FileError(file->path(),
                                "missing tensor '" + it.key() + "' (listed in " + index.string() + ")");
            checkpoint.owner_[it.key()] = file_slot[shard];
        }
    } else if (fs::exists(single)) {
        checkpoint.files_.push_back(SafetensorsFile::open(single.string()));
        for (const auto& e : checkpoint.files_[0]->entries()) checkpoint.owner_[e.name] = 0;
    } else {
        bool has_pickle = fs::exists(fs::path(folder) / "pytorch_model.bin") ||
                          fs::exists(fs::path(folder) / "pytorch_model.bin.index.json");
        throw FileError(folder, has_pickle
                                    ? "only pickle weights (pytorch_model.bin) found; they are never loaded. "
                                      "Convert them to safetensors first"
                                    : "no model.safetensors or model.safetensors.index.json");
    }
    return checkpoint;
}

std::vector<std::string> SafetensorsCheckpoint::names() const {
    std::vector<std::string> out;
    for (const auto& kv : owner_) out.push_back(kv.first);
    return out;
}

const std::string& SafetensorsCheckpoint::file_of(const std::string& name) const {
    auto it = owner_.find(name);
    if (it == owner_.end()) return files_.front()->path();
    return files_[it->second]->path();
}

const SafetensorsEntry& SafetensorsCheckpoint::entry(const std::string& name) const {
    auto it = owner_.find(name);
    if (it == owner_.end()) throw FileError(files_.front()->path(), "missing tensor '" + name + "'");
    return files_[it->second]->entry(name);
}

at::Tensor SafetensorsCheckpoint::tensor(const std::string& name) const {
    auto it = owner_.find(name);
    if (it == owner_.end()) throw FileError(files_.front()->path(), "missing tensor '" + name + "'");
    return files_[it->second]->tensor(name);
}

uint64_t SafetensorsCheckpoint::total_bytes() const {
    uint64_t total = 0;
    for (const auto& kv : owner_) {
        const auto& e = files_[kv.second]->entry(kv.first);
        total += e.end - e.begin;
    }
    return total;
}

void write_safetensors_checkpoint(const std::string& folder, const NamedTensors& tensors,
                                  uint64_t max_shard_bytes) {
    namespace fs = std::filesystem;
    fs::create_directories(folder);
    uint64_t total = 0;
    for (const auto& kv : tensors)
        total += static_cast<uint64_t>(kv.second.numel()) * kv.second.element_size();
    std::error_code ec;
    if (total <= max_shard_bytes) {
        write_safetensors((fs::path(folder) / "model.safetensors").string(), tensors);
        fs::remove(fs::path(folder) / "model.safetensors.index.json", ec);
        return;
    }
    std::vector<NamedTensors> shards(1);
    uint64_t current = 0;
    for (const auto& kv : tensors) {
        uint64_t bytes = static_cast<uint64_t>(kv.second.numel()) * kv.second.element_size();
        if (current > 0 && current + bytes > max_shard_bytes) {
            shards.emplace_back();
            current = 0;
        }
        shards.back().push_back(kv);
        current += bytes;
    }
    json index;
    index["metadata"] = {{"total_size", total}};
    index["weight_map"] = json::object();
    char name[64];
    for (size_t i = 0; i < shards.size(); ++i) {
        std::snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", i + 1, shards.size());
        write_safetensors((fs::path(folder) / name).string(), shards[i]);
        for (const auto& kv : shards[i]) index["weight_map"][kv.first] = name;
    }
    write_file_atomically(fs::path(folder) / "model.safetensors.index.json", index.dump(2) + "\n");
    fs::remove(fs::path(folder) / "model.safetensors", ec);
}

}  // namespace ipt
