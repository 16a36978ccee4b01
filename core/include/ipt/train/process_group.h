#pragma once
// The collective operations a data-parallel run needs, behind a small interface so that the training
// loop does not depend on c10d's headers. process_group_from_env() builds one from the variables
// torchrun and Slurm set.
#include <ATen/core/Tensor.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ipt {

class ProcessGroup {
  public:
    virtual ~ProcessGroup() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    // The process's index on its node (torchrun's LOCAL_RANK): which GPU it drives.
    virtual int local_rank() const = 0;
    // In place, summed over every process.
    virtual void all_reduce_sum(std::vector<at::Tensor>& tensors) = 0;
    virtual void broadcast(std::vector<at::Tensor>& tensors, int root) = 0;
    virtual void barrier() = 0;
    // `input`: size() equal consecutive chunks (1-D, contiguous). Chunk r of the element-wise sum over
    // every process lands in `output` (1-D, one chunk) on rank r.
    virtual void reduce_scatter_sum(const at::Tensor& input, at::Tensor& output) = 0;
    // `input`: this process's chunk (1-D); `output`: every process's chunk in rank order.
    virtual void all_gather(const at::Tensor& input, at::Tensor& output) = 0;
};

// How to join a group. Every process passes the same master address, port and size.
struct GroupSettings {
    int rank = 0;
    int size = 1;
    int local_rank = 0;
    std::string master_addr;  // rank 0's host; rank 0 serves the rendezvous (a c10d TCPStore) there
    int master_port = 0;
    // "cpu": Gloo; a CUDA device: NCCL, where "cuda" means cuda:local_rank.
    std::string device = "cpu";
    // How long rank 0 waits for the others to join, and the others for rank 0.
    std::chrono::milliseconds timeout{std::chrono::minutes(5)};
    // Collectives copy their tensors into flat buffers of about this size, one call per buffer: a model
    // has hundreds of gradient tensors, and one collective each costs a round trip per tensor.
    int64_t bucket_bytes = int64_t(25) << 20;
};

// Joins the group: Gloo on the CPU, NCCL on CUDA. Throws UsageError for impossible settings (a CUDA
// device without NCCL in this LibTorch, a GPU index past the node's GPUs) and Error naming
// MASTER_ADDR:MASTER_PORT when the rendezvous fails or times out.
std::shared_ptr<ProcessGroup> connect_process_group(const GroupSettings& settings);

// nullptr when WORLD_SIZE is unset or 1 (under Slurm: SLURM_NTASKS). Otherwise reads RANK, WORLD_SIZE,
// LOCAL_RANK, MASTER_ADDR and MASTER_PORT, as torchrun sets them, falling back to SLURM_PROCID,
// SLURM_NTASKS and SLURM_LOCALID for the first three; LOCAL_RANK is needed only when `device` is
// "cuda". A missing or malformed variable is a UsageError naming it.
std::shared_ptr<ProcessGroup> process_group_from_env(const std::string& device);

// Whether this build can join a group on `device` ("cpu", "cuda", "cuda:N"): Gloo for the CPU, NCCL for
// CUDA, each present only when LibTorch had it and its headers were there at build time.
bool process_group_backend_available(const std::string& device);

// The device a process trains on: "cuda" becomes "cuda:<local_rank>" so that each process on a node
// drives its own GPU; "cpu" and an explicit "cuda:N" stay as they are.
std::string device_for_rank(const std::string& device, int local_rank);

}  // namespace ipt
