// tokenizer.json (the Hugging Face format), read and then used: a file that is accepted must encode
// any text into ids below its vocabulary size and decode them again, without a crash or a sanitizer
// report (a regular expression that exhausts PCRE2's match limit is refused with an ipt::Error). The
// fuzzer's own bytes serve as the text too, so odd UTF-8 reaches the pre-tokenizers.
#include "fuzz_support.h"
#include "ipt/text/hf_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    const std::string json = fuzz::as_string(data, size);
    std::unique_ptr<HfTokenizer> tokenizer;
    if (!fuzz::accepted([&] { tokenizer = HfTokenizer::from_files({json, "", ""}); })) return 0;
    EncodeOptions special;
    special.parse_special = true;
    special.add_bos = true;
    for (const std::string& text : {std::string("ab ab\r\n  a1234 <|end|>"), json.substr(0, 256)}) {
        for (const EncodeOptions& options : {EncodeOptions{}, special}) {
            TokenIds ids;
            if (!fuzz::accepted([&] { ids = tokenizer->encode(text, options); })) continue;
            for (int32_t id : ids) IPT_FUZZ_CHECK(id >= 0 && id < tokenizer->vocab_size());
            (void)tokenizer->decode(ids);
        }
    }
    return 0;
}
