#pragma once
// Optimizer state on disk, by parameter name and element range, so that a checkpoint written by N
// processes (each holding slices) loads into M, or into one process holding whole tensors, and back.
// Tensor names: "<kind>/<parameter>" for a whole tensor, "<kind>/<parameter>@<first element>" for a
// 1-D slice of its flattened elements; kinds are exp_avg, exp_avg_sq and master.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ipt {

class SafetensorsFile;

std::string optimizer_state_name(const std::string& kind, const std::string& parameter);
std::string optimizer_slice_name(const std::string& kind, const std::string& parameter, int64_t first);

// The files one process writes: optimizer.safetensors (replicated) or optimizer/rank-R-of-N.safetensors.
std::string replicated_state_file(const std::string& dir);
std::string sharded_state_file(const std::string& dir, int rank, int world);

class OptimizerStateReader {
  public:
    // Opens whatever state `dir` holds (one layout or the other). Throws FileError when it has none, or
    // when the rank files of a sharded state are incomplete.
    explicit OptimizerStateReader(const std::string& dir);
    // Copies elements [first, first + out.numel()) of the flattened `kind/parameter`, a parameter of
    // `numel` elements, into `out` (any shape, contiguous). Throws FileError naming the tensor when the
    // saved state covers another number of elements (another shape) or lacks part of the range.
    void read(const std::string& kind, const std::string& parameter, int64_t numel, int64_t first,
              at::Tensor out) const;
    bool has(const std::string& kind, const std::string& parameter) const;

  private:
    struct Piece {
        int64_t first = 0, length = 0;
        size_t file = 0;
        std::string entry;
    };
    std::vector<std::shared_ptr<SafetensorsFile>> files_;
    std::map<std::string, std::vector<Piece>> pieces_;  // "kind/parameter" -> pieces by first element
    std::string where_;
};

}  // namespace ipt
