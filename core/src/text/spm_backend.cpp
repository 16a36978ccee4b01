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

// Sanitizer runtimes refuse RTLD_DEEPBIND in their dlopen interceptor (a deep-bound library would
// call libc's allocator instead of theirs). The plugin is built without instrumentation and keeps its
// allocations to itself, so sanitizer builds (scripts/sanitize, scripts/fuzz) open it with libc's own
// dlopen, found past the interceptor.
#if defined(__SANITIZE_ADDRESS__)
#define IPT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IPT_SANITIZED 1
#endif
#endif

void* open_plugin(const char* path) {
#ifdef IPT_SANITIZED
    using Dlopen = void* (*)(const char*, int);
    static const auto real = reinterpret_cast<Dlopen>(::dlsym(RTLD_NEXT, "dlopen"));
    if (real) return real(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
#endif
    return ::dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
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
        void* handle = open_plugin(path.c_str());
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
