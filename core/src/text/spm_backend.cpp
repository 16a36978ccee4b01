#include "spm_backend.h"

#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>

#include "ipt/common/error.h"

namespace ipt::detail {
namespace {

std::filesystem::path executable_dir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : exe.parent_path();
}

SpmBackendFactory load_factory() {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("IPT_SPM_PLUGIN")) candidates.push_back(env);
    auto dir = executable_dir();
    if (!dir.empty()) {
        candidates.push_back((dir / "libipt_spm.so").string());
        candidates.push_back((dir / "../lib/libipt_spm.so").string());
        candidates.push_back((dir / "../lib/ipt/libipt_spm.so").string());
    }
    candidates.push_back(IPT_SPM_PLUGIN_BUILD_PATH);
    std::string tried;
    for (const auto& path : candidates) {
        if (!std::filesystem::exists(path)) {
            tried += "\n  " + path + " (absent)";
            continue;
        }
        void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
        if (!handle) {
            tried += "\n  " + path + " (" + ::dlerror() + ")";
            continue;
        }
        if (auto factory = reinterpret_cast<SpmBackendFactory>(::dlsym(handle, kSpmFactorySymbol)))
            return factory;
        tried += "\n  " + path + " (no " + kSpmFactorySymbol + ")";
    }
    throw Error("cannot load the SentencePiece plugin libipt_spm.so; tried:" + tried +
                "\nset IPT_SPM_PLUGIN to its path");
}

}  // namespace

std::unique_ptr<SpmBackend> create_spm_backend() {
    static std::once_flag once;
    static SpmBackendFactory factory = nullptr;
    static std::string failure;
    std::call_once(once, [] {
        try {
            factory = load_factory();
        } catch (const Error& e) {
            failure = e.what();
        }
    });
    if (!factory) throw Error(failure);
    return std::unique_ptr<SpmBackend>(factory());
}

}  // namespace ipt::detail
