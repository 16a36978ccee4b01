#include "ipt/text/hf_tokenizer.h"

#include <cstdio>
#include <filesystem>

#include "hf/components.h"
#include "hf/pipeline.h"
#include "hf/unicode_text.h"
#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/fingerprint.h"

namespace ipt {
namespace fs = std::filesystem;
namespace {

std::string read_if_present(const fs::path& path) {
    return fs::exists(path) ? read_text_file(path.string()) : std::string();
}

}  // namespace

HfTokenizer::HfTokenizer(HfTokenizerFiles files, const std::string& name)
    : files_(std::move(files)),
      name_(name),
      pipeline_(std::make_unique<hf::Pipeline>(files_.tokenizer_json, files_.tokenizer_config,
                                               files_.special_tokens_map, name)) {}

HfTokenizer::~HfTokenizer() = default;

std::unique_ptr<HfTokenizer> HfTokenizer::from_file(const std::string& path) {
    if (!fs::exists(path)) throw FileError(path, "tokenizer file not found");
    HfTokenizerFiles files;
    files.tokenizer_json = read_text_file(path);
    const fs::path dir = fs::path(path).parent_path();
    files.tokenizer_config = read_if_present(dir / "tokenizer_config.json");
    files.special_tokens_map = read_if_present(dir / "special_tokens_map.json");
    try {
        return from_files(files, path);
    } catch (const FileError& e) {
        // The configs' own errors name them by file name only; say which folder.
        const std::string where = e.path();
        if (where == "tokenizer_config.json" || where == "special_tokens_map.json")
            throw FileError((dir / where).string(), std::string(e.what()).substr(where.size() + 2));
        throw;
    }
}

std::unique_ptr<HfTokenizer> HfTokenizer::from_files(const HfTokenizerFiles& files, const std::string& name) {
    return std::unique_ptr<HfTokenizer>(new HfTokenizer(files, name));
}

TokenIds HfTokenizer::encode(const std::string& text, const EncodeOptions& options) const {
    TokenIds out;
    if (options.add_bos && adds_bos()) out.push_back(pipeline_->bos);
    // Python strings are always valid Unicode; bytes that are not valid UTF-8 are read as U+FFFD, as
    // Python's decode(errors="replace") would.
    if (hf::first_invalid_utf8(text) == std::string::npos)
        pipeline_->encode(text, options.parse_special, options.continuation, &out);
    else
        pipeline_->encode(hf::utf8_lossy(text), options.parse_special, options.continuation, &out);
    if (options.add_eos && pipeline_->eos >= 0) out.push_back(pipeline_->eos);
    return out;
}

std::string HfTokenizer::decode(const TokenIds& ids) const {
    return pipeline_->decode(ids);
}

int32_t HfTokenizer::vocab_size() const {
    return pipeline_->vocab_size();
}
std::string HfTokenizer::piece(int32_t id) const {
    const std::string* t = pipeline_->token(id);
    return t ? *t : std::string();
}
int32_t HfTokenizer::piece_id(const std::string& piece) const {
    return pipeline_->find(piece);
}
bool HfTokenizer::is_control(int32_t id) const {
    const hf::AddedToken* a = pipeline_->added(id);
    return a && a->special;
}
bool HfTokenizer::is_byte(int32_t id) const {
    return !pipeline_->added(id) && pipeline_->model().is_byte(id);
}
bool HfTokenizer::is_unknown(int32_t id) const {
    return id >= 0 && id == pipeline_->model().unk_id();
}
int32_t HfTokenizer::bos_id() const {
    return pipeline_->bos;
}
int32_t HfTokenizer::eos_id() const {
    return pipeline_->eos;
}
int32_t HfTokenizer::pad_id() const {
    return pipeline_->pad;
}
int32_t HfTokenizer::unk_id() const {
    return pipeline_->model().unk_id();
}
bool HfTokenizer::adds_bos() const {
    return pipeline_->adds_bos;
}
bool HfTokenizer::byte_level() const {
    return pipeline_->byte_level();
}

std::string HfTokenizer::fingerprint() const {
    // The configs count only through what they decide: the special tokens and whether BOS is added.
    const std::string specials = std::to_string(bos_id()) + "," + std::to_string(eos_id()) + "," +
                                 std::to_string(pad_id()) + "," + (adds_bos() ? "bos" : "nobos");
    return "hf-fnv1a64:" + fnv1a64_hex(files_.tokenizer_json + '\0' + specials);
}

std::vector<std::string> HfTokenizer::pre_tokenize(const std::string& text) const {
    std::vector<std::string> pieces;
    pipeline_->pre_tokenize(hf::first_invalid_utf8(text) == std::string::npos ? text : hf::utf8_lossy(text),
                            &pieces);
    for (std::string& p : pieces) p = vocabulary_spelling(p);
    return pieces;
}

TokenIds HfTokenizer::encode_piece(const std::string& piece) const {
    TokenIds out;
    pipeline_->encode_piece(piece, &out);
    return out;
}

std::string HfTokenizer::vocabulary_spelling(const std::string& units) const {
    if (!byte_level()) return units;
    std::string out;
    for (unsigned char b : units) hf::append_utf8(hf::byte_to_char()[b], &out);
    return out;
}

std::string HfTokenizer::piece_text(const std::string& piece) const {
    std::string bytes;
    if (byte_level() && !pipeline_->added(piece_id(piece)) && hf::byte_level_bytes(piece, &bytes))
        return bytes;
    return Tokenizer::piece_text(piece);
}

}  // namespace ipt
