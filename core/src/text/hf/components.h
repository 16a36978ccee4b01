#pragma once
// The stages of a tokenizer.json pipeline, as the Hugging Face library runs them: added tokens are cut
// out of the text, the rest is normalised, pre-tokenised into pieces, and each piece is encoded by the
// model (BPE); decoding maps ids to token strings and runs the decoder chain. Each stage is built from
// its JSON object; anything this code does not implement is refused with the file and the JSON path,
// never approximated.
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "unicode_regex.h"

namespace ipt::hf {

using nlohmann::json;

// Where a JSON value sits, for error messages: the file and a path such as "pre_tokenizer.pretokenizers[1]".
struct JsonPlace {
    std::string file;
    std::string path;
    JsonPlace at(const std::string& key) const { return {file, path.empty() ? key : path + "." + key}; }
    JsonPlace at(size_t index) const { return {file, path + "[" + std::to_string(index) + "]"}; }
    [[noreturn]] void fail(const std::string& problem) const;
};

// Typed reads that fail with the JSON path.
std::string json_string(const json& object, const char* key, const JsonPlace& place);
bool json_bool(const json& object, const char* key, bool fallback, const JsonPlace& place);
// {"String": s} or {"Regex": r}, compiled.
std::unique_ptr<UnicodeRegex> json_pattern(const json& object, const char* key, const JsonPlace& place);

// ---------------------------------------------------------------------------------------------------
// GPT-2's byte <-> character table (ByteLevel): printable bytes map to themselves, the rest to U+0100+.
const std::array<char32_t, 256>& byte_to_char();
// -1 when the character is not in the table.
int char_to_byte(char32_t c);
// The bytes a byte-level token string stands for; false when a character is outside the table.
bool byte_level_bytes(const std::string& token, std::string* bytes);
// String::from_utf8_lossy: each maximal invalid subsequence becomes U+FFFD.
std::string utf8_lossy(const std::string& bytes);

// ---------------------------------------------------------------------------------------------------
class Normalizer {
  public:
    virtual ~Normalizer() = default;
    // continued: the text continues earlier text, so what marks a word start at its beginning (Prepend,
    // a Replace anchored at \A) does nothing.
    virtual void apply(std::string* text, bool continued = false) const = 0;
};
// Null JSON gives nullptr (no normaliser).
std::unique_ptr<Normalizer> make_normalizer(const json& j, const JsonPlace& place);

// ---------------------------------------------------------------------------------------------------
// Pre-tokenised text: spans of `text`, each marked when it begins where the input began (Metaspace's
// "first" scheme prepends only there).
struct Pieces {
    std::string text;
    std::vector<Span> spans;
    std::vector<char> at_origin;
    // The input continues earlier text: stages that mark a word start at the input's beginning
    // (Metaspace's prepended "▁", ByteLevel's prefix space) leave the origin piece alone.
    bool continuation = false;
};

class PreTokenizer {
  public:
    virtual ~PreTokenizer() = default;
    virtual void apply(Pieces* pieces) const = 0;
    // ByteLevel maps every byte to a character of its own alphabet. Here the model works on the raw
    // bytes instead (its vocabulary translated once at load), so the mapping is never materialised.
    virtual bool byte_level() const { return false; }
};
// Null JSON gives nullptr. Throws when a stage follows ByteLevel (it would see mapped characters).
std::unique_ptr<PreTokenizer> make_pre_tokenizer(const json& j, const JsonPlace& place);

// Split behaviours (SplitDelimiterBehavior) applied to the matches of one piece.
enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };
SplitBehavior split_behavior(const std::string& name, const JsonPlace& place);
// `matches` are the matched spans inside [begin, end), in order, non-overlapping. Appends the resulting
// non-empty spans to *out (with their origin flags: only a span starting at `begin` inherits origin).
void split_piece(size_t begin, size_t end, bool origin, const std::vector<Span>& matches,
                 SplitBehavior behavior, bool invert, Pieces* out);

// ---------------------------------------------------------------------------------------------------
class Decoder {
  public:
    virtual ~Decoder() = default;
    virtual void apply(std::vector<std::string>* tokens) const = 0;
};
std::unique_ptr<Decoder> make_decoder(const json& j, const JsonPlace& place);

// ---------------------------------------------------------------------------------------------------
// Metaspace's settings, shared by the pre-tokenizer and the decoder.
enum class PrependScheme { Always, First, Never };
PrependScheme prepend_scheme(const json& j, const JsonPlace& place);
std::string metaspace_replacement(const json& j, const JsonPlace& place);  // one character

}  // namespace ipt::hf
