// One line of a pairs file through the index's scanner, checked against a full JSON parser: a line the
// scanner accepts must be JSON that nlohmann parses (the record view depends on it), with the pair
// count, the pair words and the text's character count the scanner reported.
#include <nlohmann/json.hpp>

#include "data/pairs_line_scanner.h"
#include "fuzz_support.h"

namespace {

size_t code_points(const std::string& utf8) {
    size_t n = 0;
    for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    const char* begin = reinterpret_cast<const char*>(data);
    const char* end = begin + size;
    std::vector<uint32_t> words;
    pairs_scan::ScanOptions options;
    options.pair_words = &words;
    pairs_scan::LineFacts facts;
    const bool ok = pairs_scan::scan_line(begin, end, options, facts);
    nlohmann::json j = nlohmann::json::parse(begin, end, nullptr, /*allow_exceptions=*/false);
    if (!ok) {
        IPT_FUZZ_CHECK(!facts.error.empty());
        IPT_FUZZ_CHECK(words.empty());
        return 0;
    }
    IPT_FUZZ_CHECK(!j.is_discarded());
    IPT_FUZZ_CHECK(j.is_object());
    IPT_FUZZ_CHECK(words.size() >= facts.pairs);
    if (facts.text_begin) {
        IPT_FUZZ_CHECK(facts.text_begin >= begin && facts.text_end <= end &&
                       facts.text_begin <= facts.text_end);
        std::string text;
        pairs_scan::decode_string(facts.text_begin, facts.text_end, text);
        IPT_FUZZ_CHECK(code_points(text) == facts.text_chars);
        std::string prefix;
        pairs_scan::decode_string(facts.text_begin, facts.text_end, prefix, 7);
        IPT_FUZZ_CHECK(code_points(prefix) <= 7 && text.compare(0, prefix.size(), prefix) == 0);
    }
    if (facts.id_begin) IPT_FUZZ_CHECK(facts.id_begin >= begin && facts.id_end <= end);
    // The scanner reads each key's last occurrence, as the parser does; with one "pairs" key both count
    // the same pairs.
    if (j.contains("pairs") && j["pairs"].is_array() && words.size() == facts.pairs)
        IPT_FUZZ_CHECK(j["pairs"].size() == facts.pairs);
    return 0;
}
