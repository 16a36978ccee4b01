#include "optimizer_state.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>

#include "ipt/common/error.h"
#include "ipt/model/safetensors.h"

namespace ipt {
namespace fs = std::filesystem;

std::string optimizer_state_name(const std::string& kind, const std::string& parameter) {
    return kind + "/" + parameter;
}

std::string optimizer_slice_name(const std::string& kind, const std::string& parameter, int64_t first) {
    return kind + "/" + parameter + "@" + std::to_string(first);
}

std::string replicated_state_file(const std::string& dir) {
    return dir + "/optimizer.safetensors";
}

std::string sharded_state_file(const std::string& dir, int rank, int world) {
    char name[64];
    std::snprintf(name, sizeof name, "/optimizer/rank-%05d-of-%05d.safetensors", rank, world);
    return dir + name;
}

OptimizerStateReader::OptimizerStateReader(const std::string& dir) : where_(dir) {
    std::vector<std::string> paths;
    if (fs::exists(replicated_state_file(dir))) {
        paths.push_back(replicated_state_file(dir));
    } else if (fs::is_directory(dir + "/optimizer")) {
        int world = -1;
        for (const auto& e : fs::directory_iterator(dir + "/optimizer")) {
            int r = 0, n = 0;
            if (std::sscanf(e.path().filename().c_str(), "rank-%d-of-%d.safetensors", &r, &n) != 2) continue;
            if (world >= 0 && n != world)
                throw FileError(dir + "/optimizer", "holds shards of two process counts (" +
                                                        std::to_string(world) + " and " + std::to_string(n) +
                                                        ")");
            world = n;
        }
        if (world <= 0) throw FileError(dir + "/optimizer", "holds no rank-R-of-N.safetensors file");
        for (int r = 0; r < world; ++r) {
            const std::string path = sharded_state_file(dir, r, world);
            if (!fs::exists(path))
                throw FileError(path, "missing: the optimizer state of rank " + std::to_string(r) + " of " +
                                          std::to_string(world));
            paths.push_back(path);
        }
    } else {
        throw FileError(replicated_state_file(dir), "missing: the checkpoint has no optimizer state");
    }
    for (const std::string& path : paths) {
        files_.push_back(SafetensorsFile::open(path));
        for (const SafetensorsEntry& e : files_.back()->entries()) {
            int64_t numel = 1;
            for (int64_t d : e.shape) numel *= d;
            Piece piece{0, numel, files_.size() - 1, e.name};
            std::string key = e.name;
            const size_t at = e.name.rfind('@');
            if (at != std::string::npos) {
                key = e.name.substr(0, at);
                const char* begin = e.name.data() + at + 1;
                const char* end = e.name.data() + e.name.size();
                const auto [stop, ec] = std::from_chars(begin, end, piece.first);
                if (ec != std::errc() || stop != end || piece.first < 0 || e.shape.size() != 1)
                    throw FileError(path, "malformed optimizer slice '" + e.name + "'");
            }
            pieces_[key].push_back(piece);
        }
    }
    for (auto& [key, list] : pieces_)
        std::sort(list.begin(), list.end(), [](const Piece& a, const Piece& b) { return a.first < b.first; });
}

bool OptimizerStateReader::has(const std::string& kind, const std::string& parameter) const {
    return pieces_.count(optimizer_state_name(kind, parameter)) != 0;
}

void OptimizerStateReader::read(const std::string& kind, const std::string& parameter, int64_t numel,
                                int64_t first, at::Tensor out) const {
    const std::string key = optimizer_state_name(kind, parameter);
    const int64_t last = first + out.numel();
    auto missing = [&](int64_t from) {
        return FileError(where_, "optimizer state '" + key + "' lacks elements " + std::to_string(from) +
                                     ".." + std::to_string(last - 1));
    };
    const auto it = pieces_.find(key);
    if (it == pieces_.end()) throw missing(first);
    const Piece& end_piece = it->second.back();
    if (end_piece.first + end_piece.length != numel)
        throw FileError(where_, "optimizer state '" + key + "' holds " +
                                    std::to_string(end_piece.first + end_piece.length) +
                                    " elements; the parameter has " + std::to_string(numel));
    at::Tensor flat = out.view({-1});
    int64_t next = first;  // the first element not copied yet
    for (const Piece& p : it->second) {
        if (p.first + p.length <= next) continue;
        if (p.first > next || next >= last) break;
        const int64_t from = next - p.first;
        const int64_t count = std::min(last, p.first + p.length) - next;
        const at::Tensor saved = files_[p.file]->tensor(p.entry).reshape({-1});
        flat.narrow(0, next - first, count).copy_(saved.narrow(0, from, count));
        next += count;
    }
    if (next < last) throw missing(next);
}

}  // namespace ipt
