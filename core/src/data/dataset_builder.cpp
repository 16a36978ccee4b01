#include "ipt/data/dataset_builder.h"

#include <nlohmann/json.hpp>

#include <filesystem>

#include "../common/json_read.h"
#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/line_reader.h"
#include "ipt/common/parallel.h"
#include "ipt/data/token_dataset.h"
#include "ipt/text/tokenizer.h"

namespace ipt {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr size_t kProblemsKept = 20;

struct Record {
    std::string where;                                   // file:line
    std::vector<std::pair<std::string, bool>> segments;  // text, counts in the loss
    std::string problem;                                 // non-empty: malformed
    // Segments marked "special": their control spellings ("<s>", "</s>") become the control tokens.
    std::vector<bool> special;
};

struct Encoded {
    TokenIds tokens;
    std::vector<uint8_t> mask;
};

// Where the run stands; saved as progress.json after every shard.
struct RunState {
    size_t source = 0;
    uint64_t offset = 0;
    uint64_t line = 0;
    uint64_t skipped = 0;
    std::vector<ShardInfo> shards;
};

std::string fingerprint_of_run(const PrepareOptions& o, const Tokenizer& tok) {
    json j = {{"tokenizer", tok.fingerprint()}, {"inputs", o.inputs},   {"text_field", o.text_field},
              {"loss_mask", o.loss_mask},       {"add_bos", o.add_bos}, {"add_eos", o.add_eos},
              {"shard_tokens", o.shard_tokens}};
    return j.dump();
}

// A record's JSON may hold fields this reader never looks at; their structure is still bounded, so that
// a line of nested arrays cannot take gigabytes as a parsed tree.
JsonLimits record_limits() {
    JsonLimits limits;
    limits.max_bytes = kMaxDocumentBytes;
    limits.max_depth = 64;
    limits.max_values = 1ull << 20;
    return limits;
}

Record parse_record(std::string& line, const std::string& where, bool jsonl, const PrepareOptions& o) {
    Record r;
    r.where = where;
    if (!jsonl) {
        r.segments.emplace_back(std::move(line), true);
        return r;
    }
    const std::string too_large =
        json_limits_problem(line.data(), line.data() + line.size(), record_limits());
    if (!too_large.empty()) {
        r.problem = "record too large: " + too_large;
        return r;
    }
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
        r.problem = "invalid JSON";
        return r;
    }
    if (!j.is_object()) {
        r.problem = "expected a JSON object";
        return r;
    }
    if (o.loss_mask && j.contains("segments")) {
        json& segments = j["segments"];
        if (!segments.is_array() || segments.empty()) {
            r.problem = "field 'segments' must be a non-empty array";
            return r;
        }
        for (size_t i = 0; i < segments.size(); ++i) {
            json& s = segments[i];
            const std::string name = "segments[" + std::to_string(i) + "]";
            if (!s.is_object() || !s.contains("text") || !s["text"].is_string()) {
                r.problem = name + " needs a string 'text'";
                return r;
            }
            for (const char* flag : {"loss", "special"})
                if (s.contains(flag) && !s[flag].is_boolean()) {
                    r.problem = name + "." + flag + " must be true or false, not " + s[flag].type_name();
                    return r;
                }
            bool loss = s.value("loss", true);
            r.segments.emplace_back(std::move(s["text"].get_ref<std::string&>()), loss);
            r.special.resize(r.segments.size(), false);
            r.special.back() = s.value("special", false);
        }
        return r;
    }
    auto it = j.find(o.text_field);
    if (it == j.end()) {
        r.problem = "missing field '" + o.text_field + "'";
    } else if (!it->is_string()) {
        r.problem = "field '" + o.text_field + "' is not a string";
    } else {
        r.segments.emplace_back(std::move(it->get_ref<std::string&>()), true);
    }
    return r;
}

// Where to cut a long text near `limit`: before a single space between two words, which every
// tokenizer here treats as a word boundary, so the pieces encode exactly as the whole would. Failing
// that, after a line break, and failing that at a character boundary (tokens next to that cut may then
// differ from whole-text encoding; only texts without a space or line end for `limit` bytes get one).
size_t chunk_end(const std::string& text, size_t begin, size_t limit) {
    const size_t end = begin + limit;
    if (end >= text.size()) return text.size();
    const size_t floor = begin + limit / 2;
    auto space = [&](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    for (size_t i = end; i > floor; --i)
        if (text[i] == ' ' && !space(text[i - 1]) && i + 1 < text.size() && !space(text[i + 1])) return i;
    for (size_t i = end; i > floor; --i)
        if (text[i - 1] == '\n') return i;
    size_t i = end;
    while (i > floor && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
    return i;
}

// One segment's tokens. A very long text (a book, a crawl dump in one line) is encoded piece by piece:
// tokenizers take memory and time far beyond linear in one enormous input (10 GB for 100 MB of text).
TokenIds encode_text(const Tokenizer& tok, const std::string& text, EncodeOptions options,
                     size_t chunk_bytes) {
    if (text.size() <= chunk_bytes) return tok.encode(text, options);
    TokenIds out;
    std::string piece;
    for (size_t begin = 0; begin < text.size();) {
        const size_t end = chunk_end(text, begin, chunk_bytes);
        piece.assign(text, begin, end - begin);
        const TokenIds ids = tok.encode(piece, options);
        out.insert(out.end(), ids.begin(), ids.end());
        options.continuation = true;
        begin = end;
    }
    return out;
}

Encoded encode_record(const Record& r, const Tokenizer& tok, const PrepareOptions& o) {
    Encoded e;
    auto push = [&](const TokenIds& ids, bool loss) {
        e.tokens.insert(e.tokens.end(), ids.begin(), ids.end());
        e.mask.insert(e.mask.end(), ids.size(), loss ? 1 : 0);
    };
    if (o.add_bos && tok.bos_id() >= 0) push({tok.bos_id()}, false);
    for (size_t i = 0; i < r.segments.size(); ++i) {
        EncodeOptions options;
        options.continuation = i > 0;  // later segments continue the text of the earlier ones
        options.parse_special = i < r.special.size() && r.special[i];
        push(encode_text(tok, r.segments[i].first, options, o.chunk_bytes), r.segments[i].second);
    }
    // The EOS counts in the loss when the document's last text does: the model learns to end it.
    if (o.add_eos && tok.eos_id() >= 0) push({tok.eos_id()}, r.segments.empty() || r.segments.back().second);
    return e;
}

class ShardWriter {
  public:
    ShardWriter(const PrepareOptions& o, int token_bytes) : options_(o), token_bytes_(token_bytes) {}

    void add(const Encoded& e) {
        documents_.push_back(tokens_.size());
        tokens_.insert(tokens_.end(), e.tokens.begin(), e.tokens.end());
        mask_.insert(mask_.end(), e.mask.begin(), e.mask.end());
    }
    bool full() const { return tokens_.size() >= options_.shard_tokens; }
    bool empty() const { return documents_.empty(); }

    ShardInfo write(size_t number) {
        char name[32];
        std::snprintf(name, sizeof name, "shard-%05zu", number);
        ShardInfo info;
        info.tokens_file = std::string(name) + ".tokens";
        info.documents_file = std::string(name) + ".docs";
        info.mask_file = options_.loss_mask ? std::string(name) + ".mask" : "";
        info.tokens = tokens_.size();
        info.documents = documents_.size();

        const fs::path dir(options_.output);
        AtomicFile tokens(dir / info.tokens_file);
        if (token_bytes_ == 2) {
            std::vector<uint16_t> narrow(tokens_.begin(), tokens_.end());
            tokens.write(narrow.data(), narrow.size() * 2);
        } else {
            std::vector<uint32_t> wide(tokens_.begin(), tokens_.end());
            tokens.write(wide.data(), wide.size() * 4);
        }
        tokens.commit();
        AtomicFile documents(dir / info.documents_file);
        documents.write(documents_.data(), documents_.size() * 8);
        documents.commit();
        if (options_.loss_mask) {
            AtomicFile mask(dir / info.mask_file);
            mask.write(mask_.data(), mask_.size());
            mask.commit();
        }
        tokens_.clear();
        documents_.clear();
        mask_.clear();
        return info;
    }

  private:
    const PrepareOptions& options_;
    int token_bytes_;
    std::vector<int32_t> tokens_;
    std::vector<uint64_t> documents_;
    std::vector<uint8_t> mask_;
};

void save_progress(const PrepareOptions& o, const std::string& run_fingerprint, const RunState& p) {
    json j;
    j["run"] = run_fingerprint;
    j["source"] = p.source;
    j["offset"] = p.offset;
    j["line"] = p.line;
    j["skipped"] = p.skipped;
    DatasetIndex shards;
    shards.shards = p.shards;
    j["shards"] = json::parse(shards.to_json())["shards"];
    write_file_atomically(fs::path(o.output) / "progress.json", j.dump(2) + "\n");
}

bool load_progress(const PrepareOptions& o, const std::string& run_fingerprint, RunState* p) {
    const fs::path path = fs::path(o.output) / "progress.json";
    if (!fs::exists(path)) return false;
    json j;
    try {
        j = parse_json(read_text_file(path, kMaxConfigBytes), path.string());
        if (json_string(j.at("run"), "run", path.string()) != run_fingerprint)
            throw FileError(path.string(),
                            "an unfinished preparation with other inputs, tokenizer or settings is "
                            "in this folder; choose another --out or delete it");
        const std::string where = path.string();
        p->source = size_t(json_integer(j.at("source"), {0, int64_t(o.inputs.size())}, "source", where));
        p->offset = uint64_t(json_integer(j.at("offset"), {0, INT64_MAX}, "offset", where));
        p->line = uint64_t(json_integer(j.at("line"), {0, INT64_MAX}, "line", where));
        p->skipped = uint64_t(json_integer(j.at("skipped"), {0, INT64_MAX}, "skipped", where));
        json wrapper = {
            {"format", "ipt-token-dataset"},
            {"dtype", "uint16"},
            {"has_mask", false},
            {"tokens", 0},
            {"documents", 0},
            {"sources", json::array()},
            {"shards", j.at("shards")},
            {"tokenizer", {{"fingerprint", ""}, {"vocab_size", 0}, {"bos_id", -1}, {"eos_id", -1}}}};
        p->shards = DatasetIndex::from_json(wrapper.dump(), path.string()).shards;
    } catch (const json::exception& e) {
        throw FileError(path.string(), std::string("malformed progress file: ") + shortened(e.what()));
    }
    return true;
}

}  // namespace

PrepareReport prepare_dataset(const PrepareOptions& o, const Tokenizer& tok, const ProgressSink& progress,
                              const CancelToken& cancel) {
    if (o.inputs.empty()) throw UsageError("data prepare: no input files");
    if (o.output.empty()) throw UsageError("data prepare: no output folder");
    if (o.shard_tokens == 0 || o.batch_records == 0 || o.chunk_bytes == 0)
        throw UsageError("data prepare: shard, batch and chunk sizes must be positive");
    uint64_t total_bytes = 0;
    std::vector<uint64_t> sizes;
    for (const auto& input : o.inputs) {
        if (!fs::is_regular_file(input)) throw FileError(input, "input file not found");
        const std::string ext = fs::path(input).extension().string();
        if (ext != ".jsonl" && ext != ".txt" && ext != ".json")
            throw FileError(input, "unsupported input type '" + ext +
                                       "' (.jsonl one record per line, .txt one "
                                       "document per line)");
        sizes.push_back(fs::file_size(input));
        total_bytes += sizes.back();
    }
    const std::string run = fingerprint_of_run(o, tok);
    const int token_bytes = tok.vocab_size() <= 65536 ? 2 : 4;
    PrepareReport result;

    fs::create_directories(o.output);
    remove_stale_temporaries_in(o.output);  // shards and progress.json a killed run was writing
    const fs::path index_path = fs::path(o.output) / "index.json";
    if (fs::exists(index_path)) {
        DatasetIndex done = DatasetIndex::from_json(read_text_file(index_path), index_path.string());
        if (done.tokenizer_fingerprint != tok.fingerprint() || done.sources != o.inputs)
            throw FileError(index_path.string(),
                            "a finished dataset from other inputs or another tokenizer is "
                            "in this folder; choose another --out");
        result.already_complete = true;
        result.documents = done.documents;
        result.tokens = done.tokens;
        result.skipped = done.skipped_records;
        result.shards = done.shards.size();
        return result;
    }

    RunState state;
    result.resumed = load_progress(o, run, &state);
    ShardWriter writer(o, token_bytes);
    const int threads = o.threads > 0 ? o.threads : hardware_threads();
    uint64_t bytes_before = 0;
    for (size_t s = 0; s < state.source && s < sizes.size(); ++s) bytes_before += sizes[s];

    auto flush = [&](const LineReader* reader) {
        if (!writer.empty()) state.shards.push_back(writer.write(state.shards.size()));
        if (reader) {
            state.offset = reader->next_offset();
            state.line = reader->line_number();
        }
        save_progress(o, run, state);
    };

    for (; state.source < o.inputs.size(); ++state.source) {
        const std::string& input = o.inputs[state.source];
        const bool jsonl = fs::path(input).extension() != ".txt";
        LineReader reader(input, state.offset, state.line);
        reader.set_max_line_bytes(kMaxDocumentBytes);
        std::vector<Record> batch;
        std::string line;
        bool more = true;
        while (more) {
            batch.clear();
            while (batch.size() < o.batch_records && (more = reader.next(&line))) {
                if (line.find_first_not_of(" \t") == std::string::npos) continue;
                batch.push_back(parse_record(line, reader.where(), jsonl, o));
            }
            for (const Record& r : batch) {
                if (r.problem.empty()) continue;
                if (!o.skip_malformed)
                    throw FileError(r.where, r.problem + " (use --skip-malformed to skip such records)");
                ++state.skipped;
                if (result.problems.size() < kProblemsKept)
                    result.problems.push_back(r.where + ": " + r.problem);
            }
            std::vector<Encoded> encoded(batch.size());
            parallel_for(batch.size(), threads, [&](size_t begin, size_t end) {
                for (size_t i = begin; i < end; ++i)
                    if (batch[i].problem.empty()) encoded[i] = encode_record(batch[i], tok, o);
            });
            for (size_t i = 0; i < batch.size(); ++i) {
                if (!batch[i].problem.empty()) continue;
                writer.add(encoded[i]);
                // A shard ends only between batches, so that progress.json can name the next record.
            }
            if (writer.full()) flush(&reader);
            report(progress, "tokenizing " + fs::path(input).filename().string(),
                   static_cast<int64_t>(bytes_before + reader.next_offset()),
                   static_cast<int64_t>(total_bytes));
            if (cancel.cancelled()) {
                flush(&reader);
                throw Cancelled();
            }
        }
        flush(&reader);
        bytes_before += sizes[state.source];
        state.offset = 0;
        state.line = 0;
    }

    DatasetIndex index;
    index.token_bytes = token_bytes;
    index.tokenizer_fingerprint = tok.fingerprint();
    index.vocab_size = tok.vocab_size();
    index.bos_id = tok.bos_id();
    index.eos_id = tok.eos_id();
    index.has_mask = o.loss_mask;
    index.skipped_records = state.skipped;
    index.sources = o.inputs;
    index.shards = state.shards;
    for (const auto& shard : index.shards) {
        index.tokens += shard.tokens;
        index.documents += shard.documents;
    }
    write_file_atomically(index_path, index.to_json());
    std::error_code ec;
    fs::remove(fs::path(o.output) / "progress.json", ec);

    result.documents = index.documents;
    result.tokens = index.tokens;
    result.skipped = index.skipped_records;
    result.shards = index.shards.size();
    return result;
}

}  // namespace ipt
