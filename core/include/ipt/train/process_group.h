#pragma once
// The collective operations a data-parallel run needs, behind a small interface so that the training
// loop does not depend on c10d's headers. process_group_from_env() builds one from the variables
// torchrun and Slurm set.
#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

namespace ipt {

class ProcessGroup {
public:
    virtual ~ProcessGroup() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    // In place, summed over every process.
    virtual void all_reduce_sum(std::vector<at::Tensor>& tensors) = 0;
    virtual void broadcast(std::vector<at::Tensor>& tensors, int root) = 0;
    virtual void barrier() = 0;
};

}  // namespace ipt
