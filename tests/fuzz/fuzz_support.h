#pragma once
// Shared by the fuzz targets. A parser may refuse its input with ipt::Error (a FileError naming the
// file, a UsageError): that is the expected outcome of bad input. Any other exception (a JSON library
// exception, std::out_of_range, a LibTorch error), a crash, a sanitizer report, a timeout or an
// allocation beyond libFuzzer's limit is a bug the target reports.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "ipt/common/error.h"

namespace ipt::fuzz {

// A private folder for files the targets hand to readers that take paths; removed at exit.
inline const std::string& scratch_dir() {
    static const std::string dir = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "ipt-fuzz-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) std::abort();
        static std::string remove_at_exit = pattern;
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(remove_at_exit, ec);
        });
        return pattern;
    }();
    return dir;
}

inline std::string write_scratch(const std::string& name, const std::string& bytes) {
    const std::string path = scratch_dir() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    return path;
}

inline std::string as_string(const uint8_t* data, size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// Runs `body`; a refusal with ipt::Error is fine, everything else escapes to libFuzzer.
template <class Body>
bool accepted(Body&& body) {
    try {
        body();
        return true;
    } catch (const Error&) {
        return false;
    }
}

// A broken invariant: libFuzzer saves the input and reports it.
#define IPT_FUZZ_CHECK(condition)                                                                   \
    do {                                                                                            \
        if (!(condition)) {                                                                         \
            std::fprintf(stderr, "invariant failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
            std::abort();                                                                           \
        }                                                                                           \
    } while (0)

}  // namespace ipt::fuzz
