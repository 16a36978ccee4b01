// ipt::ProcessGroup on torch's c10d: a TCPStore rendezvous at MASTER_ADDR:MASTER_PORT (rank 0 serves it),
// ProcessGroupGloo for the CPU and ProcessGroupNCCL for CUDA, with collectives run on flat buckets.
#include "ipt/train/process_group.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <c10/util/Exception.h>
#include <torch/version.h>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

// The defines come from LibTorch's CMake package (torch_cpu / torch_cuda's interface definitions). The
// backends' own headers are checked too: LibTorch archives may lack gloo/ or nccl.h even where the
// libraries have the backend, and then that backend reports itself missing instead of breaking the build.
#if defined(USE_C10D_GLOO) && __has_include(<gloo/algorithm.h>)
#define IPT_HAVE_GLOO 1
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#if defined(USE_C10D_NCCL) && __has_include(<nccl.h>)
#define IPT_HAVE_NCCL 1
#include <c10/cuda/CUDAFunctions.h>
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>

#include "ipt/common/error.h"
#include "ipt/model/runtime.h"

namespace ipt {
namespace {

struct EnvValue {
    std::string name, value;
};

// The first of `names` that is set to something non-empty.
std::optional<EnvValue> first_env(std::initializer_list<const char*> names) {
    for (const char* name : names) {
        const char* value = std::getenv(name);
        if (value && *value) return EnvValue{name, value};
    }
    return std::nullopt;
}

int parse_env_int(const EnvValue& v, int lo, int hi) {
    int x = 0;
    const char* begin = v.value.data();
    const char* end = begin + v.value.size();
    const auto [stop, ec] = std::from_chars(begin, end, x);
    if (ec != std::errc() || stop != end || x < lo || x > hi)
        throw UsageError("environment variable " + v.name + "='" + v.value + "' must be an integer from " +
                         std::to_string(lo) + " to " + std::to_string(hi));
    return x;
}

std::string c10_message(const std::exception& e) {
    if (const auto* c10 = dynamic_cast<const c10::Error*>(&e)) return c10->what_without_backtrace();
    return e.what();
}

std::string rendezvous_address(const GroupSettings& s) {
    return "MASTER_ADDR:MASTER_PORT (" + s.master_addr + ":" + std::to_string(s.master_port) + ")";
}

std::string rendezvous_failure(const GroupSettings& s, const std::string& detail) {
    const std::string seconds = std::to_string(s.timeout.count() / 1000);
    if (s.rank == 0)
        return "rank 0 could not host the rendezvous at " + rendezvous_address(s) + ", or not all " +
               std::to_string(s.size) + " processes joined it within " + seconds +
               " s (is the port free, and did every process start?): " + detail;
    return "rank " + std::to_string(s.rank) + " could not reach rank 0 at " + rendezvous_address(s) +
           " within " + seconds +
           " s (is rank 0 running, and is that address reachable from here?): " + detail;
}

// Every process connects to rank 0's store and counts itself in, then waits until all have: a process
// that never comes is then reported by every rank, naming the address, after the timeout, instead of
// a first collective that hangs (NCCL's has no timeout of its own). The store's own wait for workers
// is not used: in LibTorch 1.13 it can block past its timeout.
c10::intrusive_ptr<c10d::Store> rendezvous(const GroupSettings& s) {
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(s.master_port);
    options.isServer = s.rank == 0;
    options.numWorkers = static_cast<std::size_t>(s.size);
    options.waitWorkers = false;
    options.timeout = s.timeout;
    c10::intrusive_ptr<c10d::Store> store;
    int64_t joined = 0;
    const auto deadline = std::chrono::steady_clock::now() + s.timeout;
    try {
        store = c10::make_intrusive<c10d::TCPStore>(s.master_addr, options);
        joined = store->add("ipt/joined", 1);
        while (joined < s.size && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            joined = store->add("ipt/joined", 0);
        }
    } catch (const std::exception& e) {
        throw Error(rendezvous_failure(s, c10_message(e)));
    }
    if (joined < s.size)
        throw Error(
            rendezvous_failure(s, std::to_string(joined) + " of " + std::to_string(s.size) + " joined"));
    return store;
}

#ifdef IPT_HAVE_GLOO
std::vector<std::shared_ptr<::gloo::transport::Device>> gloo_devices(const std::string& master_addr) {
    std::vector<std::shared_ptr<::gloo::transport::Device>> devices;
    // GLOO_SOCKET_IFNAME names the network interfaces to use, comma-separated, as in torch.distributed.
    if (const auto names = first_env({"GLOO_SOCKET_IFNAME"})) {
        std::stringstream list(names->value);
        std::string name;
        while (std::getline(list, name, ','))
            if (!name.empty()) devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(name));
        if (!devices.empty()) return devices;
    }
    // A group on one machine (MASTER_ADDR on loopback) keeps its traffic on loopback; otherwise the
    // address this host's name resolves to, as torch.distributed does.
    if (master_addr == "localhost" || master_addr.rfind("127.", 0) == 0)
        devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    else
        devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    return devices;
}
#endif

// A c10d backend (ProcessGroupGloo or ProcessGroupNCCL: a ProcessGroup in LibTorch 1.13, a Backend in
// 2.x, hence the template rather than a base-class pointer) behind ipt::ProcessGroup.
template <class Backend>
class C10dGroup final : public ProcessGroup {
  public:
    C10dGroup(c10::intrusive_ptr<c10d::Store> store, c10::intrusive_ptr<Backend> backend,
              const GroupSettings& s, at::Device comm_device)
        : store_(std::move(store)),
          backend_(std::move(backend)),
          rank_(s.rank),
          size_(s.size),
          local_rank_(s.local_rank),
          bucket_bytes_(s.bucket_bytes),
          comm_device_(comm_device) {}

    int rank() const override { return rank_; }
    int size() const override { return size_; }
    int local_rank() const override { return local_rank_; }

    void all_reduce_sum(std::vector<at::Tensor>& tensors) override {
        in_buckets(tensors, "all-reduce", [this](std::vector<at::Tensor>& bucket) {
            c10d::AllreduceOptions options;  // the default reduction is the sum
            backend_->allreduce(bucket, options)->wait();
        });
    }

    void broadcast(std::vector<at::Tensor>& tensors, int root) override {
        if (root < 0 || root >= size_)
            throw UsageError("broadcast from rank " + std::to_string(root) + " in a group of " +
                             std::to_string(size_) + " processes");
        in_buckets(tensors, "broadcast", [this, root](std::vector<at::Tensor>& bucket) {
            c10d::BroadcastOptions options;
            options.rootRank = root;
            backend_->broadcast(bucket, options)->wait();
        });
    }

    void reduce_scatter_sum(const at::Tensor& input, at::Tensor& output) override {
        check_chunks(input, output, "reduce-scatter");
        at::Tensor in = input.to(comm_device_).contiguous();
        at::Tensor out = output.device() == comm_device_ && output.is_contiguous()
                             ? output
                             : at::empty_like(output, comm_device_);
#if TORCH_VERSION_MAJOR < 2
        // LibTorch 1.13's Gloo has no reduce-scatter: the all-reduce gives the same sums.
        if (comm_device_.is_cpu()) {
            std::vector<at::Tensor> whole{in.clone()};
            checked("reduce-scatter", [&] { backend_->allreduce(whole)->wait(); });
            out.copy_(whole[0].narrow(0, rank_ * out.numel(), out.numel()));
            if (!out.is_same(output)) output.copy_(out);
            return;
        }
#endif
        std::vector<at::Tensor> outputs{out};
        std::vector<std::vector<at::Tensor>> inputs{in.split(out.numel())};
        checked("reduce-scatter", [&] { backend_->reduce_scatter(outputs, inputs)->wait(); });
        if (!out.is_same(output)) output.copy_(out);
    }

    void all_gather(const at::Tensor& input, at::Tensor& output) override {
        check_chunks(output, input, "all-gather");
        std::vector<at::Tensor> inputs{input.to(comm_device_).contiguous()};
        at::Tensor out = output.device() == comm_device_ && output.is_contiguous()
                             ? output
                             : at::empty_like(output, comm_device_);
        std::vector<std::vector<at::Tensor>> outputs{out.split(input.numel())};
        checked("all-gather", [&] { backend_->allgather(outputs, inputs)->wait(); });
        if (!out.is_same(output)) output.copy_(out);
    }

    void barrier() override {
        checked("barrier", [this] {
            c10d::BarrierOptions options;
            // NCCL's barrier is an all-reduce on a GPU; without a device it guesses one from the rank.
            if (comm_device_.is_cuda()) options.device_ids = {comm_device_.index()};
            backend_->barrier(options)->wait();
        });
    }

  private:
    void check_chunks(const at::Tensor& whole, const at::Tensor& chunk, const char* what) const {
        if (whole.dim() != 1 || chunk.dim() != 1 || whole.numel() != chunk.numel() * size_ ||
            whole.scalar_type() != chunk.scalar_type())
            throw UsageError(std::string(what) + ": expected 1-D tensors of one dtype, the whole " +
                             std::to_string(size_) + " times the chunk");
    }

    // A failed collective usually means another process died; say so instead of a bare socket error.
    template <class F>
    void checked(const char* what, F body) {
        try {
            body();
        } catch (const std::exception& e) {
            throw Error("rank " + std::to_string(rank_) + ": " + what + " across " + std::to_string(size_) +
                        " processes failed (did another process stop?): " + c10_message(e));
        }
    }

    // Buckets hold one dtype each and keep the tensors' order, so that every process, given tensors of
    // the same shapes in the same order, builds the same buckets and the collectives pair up.
    template <class Collective>
    void in_buckets(std::vector<at::Tensor>& tensors, const char* what, Collective collective) {
        c10::NoGradGuard no_grad;  // parameters are written in place
        std::vector<std::pair<at::ScalarType, std::vector<size_t>>> by_type;
        for (size_t i = 0; i < tensors.size(); ++i) {
            if (!tensors[i].defined())
                throw Error(std::string(what) + ": tensor " + std::to_string(i) + " is undefined");
            const at::ScalarType type = tensors[i].scalar_type();
            auto it =
                std::find_if(by_type.begin(), by_type.end(), [&](const auto& t) { return t.first == type; });
            if (it == by_type.end())
                by_type.push_back({type, {i}});
            else
                it->second.push_back(i);
        }
        for (const auto& [type, indices] : by_type) {
            std::vector<size_t> bucket;
            int64_t bytes = 0;
            for (size_t i : indices) {
                const int64_t size = tensors[i].numel() * static_cast<int64_t>(tensors[i].element_size());
                if (!bucket.empty() && bytes + size > bucket_bytes_) {
                    run_bucket(tensors, bucket, what, collective);
                    bucket.clear();
                    bytes = 0;
                }
                bucket.push_back(i);
                bytes += size;
            }
            if (!bucket.empty()) run_bucket(tensors, bucket, what, collective);
        }
    }

    template <class Collective>
    void run_bucket(std::vector<at::Tensor>& tensors, const std::vector<size_t>& bucket, const char* what,
                    Collective& collective) {
        std::vector<at::Tensor> flat;
        flat.reserve(bucket.size());
        for (size_t i : bucket) flat.push_back(tensors[i].reshape({-1}).to(comm_device_));
        std::vector<at::Tensor> buffer{at::cat(flat)};  // always a fresh contiguous copy
        checked(what, [&] { collective(buffer); });
        int64_t offset = 0;
        for (size_t i : bucket) {
            const int64_t n = tensors[i].numel();
            tensors[i].copy_(buffer[0].narrow(0, offset, n).view_as(tensors[i]));
            offset += n;
        }
    }

    // Rank 0's store is the rendezvous server: it must outlive every collective (NCCL exchanges its
    // communicator ids through it on first use).
    c10::intrusive_ptr<c10d::Store> store_;
    c10::intrusive_ptr<Backend> backend_;
    int rank_, size_, local_rank_;
    int64_t bucket_bytes_;
    at::Device comm_device_;  // where the buckets live: the CPU for Gloo, this process's GPU for NCCL
};

}  // namespace

bool process_group_backend_available(const std::string& device) {
    const bool cuda = device.rfind("cuda", 0) == 0;
#ifdef IPT_HAVE_NCCL
    if (cuda) return true;
#endif
#ifdef IPT_HAVE_GLOO
    if (!cuda) return true;
#endif
    return false;
}

std::string device_for_rank(const std::string& device, int local_rank) {
    return device == "cuda" ? "cuda:" + std::to_string(local_rank) : device;
}

std::shared_ptr<ProcessGroup> connect_process_group(const GroupSettings& s) {
    if (s.size < 1 || s.rank < 0 || s.rank >= s.size)
        throw UsageError("process group: rank " + std::to_string(s.rank) + " is outside 0.." +
                         std::to_string(s.size - 1));
    if (s.local_rank < 0)
        throw UsageError("process group: local rank " + std::to_string(s.local_rank) + " < 0");
    if (s.master_addr.empty()) throw UsageError("process group: MASTER_ADDR is empty");
    if (s.master_port < 1 || s.master_port > 65535)
        throw UsageError("process group: MASTER_PORT " + std::to_string(s.master_port) +
                         " is outside 1..65535");
    if (s.bucket_bytes <= 0) throw UsageError("process group: bucket size must be positive");
    const at::Device device = parse_device(device_for_rank(s.device, s.local_rank));

    // Settings that cannot work fail here, before the other processes wait for this one.
#ifdef IPT_HAVE_NCCL
    if (device.is_cuda()) {
        const int gpus = static_cast<int>(c10::cuda::device_count());
        if (device.index() >= gpus)
            throw UsageError("rank " + std::to_string(s.rank) + " wants " + device.str() + " (LOCAL_RANK " +
                             std::to_string(s.local_rank) + ") but sees " + std::to_string(gpus) +
                             " GPUs (a scheduler that gives each task one GPU hides the others: let every "
                             "process see all of its node's GPUs)");
    }
#else
    if (device.is_cuda())
        throw UsageError(
            "device '" + s.device +
            "' with several processes needs NCCL, and this LibTorch was built without it "
            "(USE_C10D_NCCL, nccl.h): use a CUDA build of LibTorch with NCCL, or device \"cpu\"");
#endif
#ifndef IPT_HAVE_GLOO
    if (device.is_cpu())
        throw UsageError(
            "several processes on the CPU need Gloo, and this LibTorch was built without it "
            "(USE_C10D_GLOO, gloo headers)");
#endif

    c10::intrusive_ptr<c10d::Store> store = rendezvous(s);
    try {
#ifdef IPT_HAVE_NCCL
        if (device.is_cuda()) {
            // NCCL creates its communicators on the current device; make it this process's GPU.
            c10::cuda::set_device(device.index());
            auto backend = c10::make_intrusive<c10d::ProcessGroupNCCL>(
                store, s.rank, s.size, c10d::ProcessGroupNCCL::Options::create());
            return std::make_shared<C10dGroup<c10d::ProcessGroupNCCL>>(store, backend, s, device);
        }
#endif
#ifdef IPT_HAVE_GLOO
        auto options = c10d::ProcessGroupGloo::Options::create();
        options->devices = gloo_devices(s.master_addr);
        auto backend = c10::make_intrusive<c10d::ProcessGroupGloo>(store, s.rank, s.size, options);
        return std::make_shared<C10dGroup<c10d::ProcessGroupGloo>>(store, backend, s, at::Device(at::kCPU));
#endif
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error("rank " + std::to_string(s.rank) +
                    " could not connect to the other processes after the " + "rendezvous at " +
                    rendezvous_address(s) + ": " + c10_message(e));
    }
    throw UsageError("no c10d backend in this LibTorch for device '" + device.str() + "'");
}

std::shared_ptr<ProcessGroup> process_group_from_env(const std::string& device) {
    const auto world = first_env({"WORLD_SIZE", "SLURM_NTASKS"});
    if (!world) return nullptr;
    GroupSettings s;
    s.size = parse_env_int(*world, 1, 1 << 20);
    if (s.size == 1) return nullptr;
    s.device = device;

    const auto rank = first_env({"RANK", "SLURM_PROCID"});
    if (!rank)
        throw UsageError(world->name + " is " + world->value +
                         " but RANK is not set (nor SLURM_PROCID): each process needs its rank");
    s.rank = parse_env_int(*rank, 0, s.size - 1);

    if (const auto local = first_env({"LOCAL_RANK", "SLURM_LOCALID"}))
        s.local_rank = parse_env_int(*local, 0, s.size - 1);
    else if (device == "cuda")
        throw UsageError(
            "LOCAL_RANK is not set (nor SLURM_LOCALID): with device \"cuda\" it picks each "
            "process's GPU");

    const auto addr = first_env({"MASTER_ADDR"});
    if (!addr)
        throw UsageError(
            world->name + " is " + world->value +
            " but MASTER_ADDR is not set: the host of rank 0, where the processes meet (torchrun "
            "sets it; under Slurm, export the job's first host)");
    s.master_addr = addr->value;
    const auto port = first_env({"MASTER_PORT"});
    if (!port)
        throw UsageError(
            world->name + " is " + world->value +
            " but MASTER_PORT is not set: the TCP port on rank 0's host where the processes meet");
    s.master_port = parse_env_int(*port, 1, 65535);
    return connect_process_group(s);
}

}  // namespace ipt
