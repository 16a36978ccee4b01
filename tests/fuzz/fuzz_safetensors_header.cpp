// The JSON header of a safetensors file, behind a correct length and before a 4 KiB data section, so
// that the fuzzer spends its time on dtypes, shapes and offsets rather than on the length prefix.
#include "fuzz_support.h"
#include "ipt/model/safetensors.h"

#include <ATen/ATen.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[i] = char((uint64_t(size) >> (8 * i)) & 0xff);
    bytes += fuzz::as_string(data, size);
    bytes += std::string(4096, '\x01');
    const std::string path = fuzz::write_scratch("header.safetensors", bytes);
    std::shared_ptr<SafetensorsFile> file;
    if (!fuzz::accepted([&] { file = SafetensorsFile::open(path); })) return 0;
    for (const SafetensorsEntry& e : file->entries()) {
        IPT_FUZZ_CHECK(e.end <= 4096);
        const at::Tensor t = file->tensor(e.name);
        IPT_FUZZ_CHECK(uint64_t(t.numel()) * t.element_size() == e.end - e.begin);
    }
    return 0;
}
