// A whole safetensors file: the 8-byte header length, the JSON header, the data. Every tensor a file
// that opens lists must be readable, with exactly the bytes its offsets span.
#include "fuzz_support.h"
#include "ipt/model/safetensors.h"

#include <ATen/ATen.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    const std::string path = fuzz::write_scratch("model.safetensors", fuzz::as_string(data, size));
    std::shared_ptr<SafetensorsFile> file;
    if (!fuzz::accepted([&] { file = SafetensorsFile::open(path); })) return 0;
    uint64_t previous_end = 0;
    for (const SafetensorsEntry& e : file->entries()) {
        IPT_FUZZ_CHECK(e.begin <= e.end && e.end <= size);
        if (e.begin != e.end) {
            IPT_FUZZ_CHECK(e.begin >= previous_end);  // no two tensors share bytes
            previous_end = e.end;
        }
        const at::Tensor t = file->tensor(e.name);
        IPT_FUZZ_CHECK(uint64_t(t.numel()) * t.element_size() == e.end - e.begin);
        if (t.numel() > 0) (void)t.flatten()[0].item<double>();
    }
    return 0;
}
