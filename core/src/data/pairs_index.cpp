#include "ipt/data/pairs_index.h"

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>

#include "ipt/common/error.h"
#include "ipt/common/mapped_file.h"
#include "pairs_line_scanner.h"

namespace ipt {
namespace {

// A column that only grows, in fixed-size chunks that never move, with a directory allocated up front:
// the builder appends while readers on other threads read elements below the published size.
template <typename T>
class ChunkedColumn {
  public:
    static constexpr size_t kBits = 14;
    static constexpr size_t kChunk = size_t(1) << kBits;

    void reserve(size_t max_items) { directory_.resize(max_items / kChunk + 1); }
    size_t size() const { return size_; }  // the builder's count, not the published one

    void push_back(const T& value) {
        const size_t chunk = size_ >> kBits;
        if (chunk >= directory_.size()) throw Error("pairs index: more entries than the file can hold");
        if (!directory_[chunk]) directory_[chunk].reset(new T[kChunk]);
        directory_[chunk][size_ & (kChunk - 1)] = value;
        ++size_;
    }

    const T& operator[](size_t i) const { return directory_[i >> kBits][i & (kChunk - 1)]; }
    T& operator[](size_t i) { return directory_[i >> kBits][i & (kChunk - 1)]; }

  private:
    std::vector<std::unique_ptr<T[]>> directory_;
    size_t size_ = 0;
};

constexpr size_t kFirstPublish = 64;    // records: the first screenful, as soon as it is there
constexpr size_t kPublishEvery = 4096;  // records between publications afterwards
constexpr auto kNotifyEvery = std::chrono::milliseconds(40);
constexpr uint64_t kReleaseEvery = 16 << 20;  // bytes read between dropping pages behind the scan
constexpr uint64_t kProgressEvery = 16 << 20;

std::string decoded_id(const char* begin, const char* end, bool is_string) {
    std::string out;
    if (is_string)
        pairs_scan::decode_string(begin, end, out);
    else
        out.assign(begin, end);
    return out;
}

}  // namespace

const char* pairs_method_name(PairsMethod method) {
    switch (method) {
        case PairsMethod::Synthesizer:
            return "synthesizer";
        case PairsMethod::Rules:
            return "rules";
        case PairsMethod::Other:
            return "other";
        case PairsMethod::Missing:
            break;
    }
    return "";
}

const char* pairs_status_name(PairsStatus status) {
    // The record statuses are the contract's (pair_record.h), in the same order; the index adds two.
    static_assert(int(PairsStatus::MalformedInput) == int(PairStatus::MalformedInput) &&
                      int(PairsStatus::Other) == kPairStatusCount,
                  "PairsStatus must start with the contract's PairStatus values");
    if (int(status) < kPairStatusCount) return pair_status_name(PairStatus(int(status)));
    return status == PairsStatus::Other ? "other" : "malformed";
}

struct PairsIndex::State {
    std::shared_ptr<MappedFile> file;
    ChunkedColumn<Summary> summaries;
    ChunkedColumn<uint32_t> pair_words;
    std::atomic<size_t> published{0};
    std::atomic<bool> complete{false};
    bool built = false;

    const char* bytes() const { return reinterpret_cast<const char*>(file->data()); }
};

PairsIndex::PairsIndex() : state_(std::make_unique<State>()) {}
PairsIndex::~PairsIndex() = default;

std::shared_ptr<PairsIndex> PairsIndex::open(const std::string& path) {
    std::shared_ptr<PairsIndex> index(new PairsIndex());
    index->state_->file = MappedFile::open(path);
    // A record takes at least two bytes and its line end; a pair at least "{}" and a comma.
    const size_t size = index->state_->file->size();
    index->state_->summaries.reserve(size / 2 + 1);
    index->state_->pair_words.reserve(size / 3 + 1);
    return index;
}

const std::string& PairsIndex::path() const {
    return state_->file->path();
}

uint64_t PairsIndex::file_size() const {
    return state_->file->size();
}

size_t PairsIndex::size() const {
    return state_->published.load(std::memory_order_acquire);
}

bool PairsIndex::complete() const {
    return state_->complete.load(std::memory_order_acquire);
}

size_t PairsIndex::pair_count() const {
    const size_t n = size();
    if (n == 0) return 0;
    const Summary& last = summary(n - 1);
    return size_t(last.first_pair) + last.pairs;
}

void PairsIndex::build(const BuildOptions& options, const CancelToken& cancel) {
    State& s = *state_;
    if (s.built) throw UsageError("pairs index: " + s.file->path() + " is already indexed");
    s.built = true;
    const char* base = s.bytes();
    const uint64_t size = s.file->size();
    uint64_t pos = 0, released = 0, reported = 0;
    uint32_t line_number = 0;
    size_t next_publish = kFirstPublish;
    auto last_notify = std::chrono::steady_clock::now() - kNotifyEvery;
    std::vector<uint32_t> words;
    pairs_scan::ScanOptions scan_options;
    scan_options.pair_words = &words;
    pairs_scan::LineFacts facts;

    auto publish = [&](bool force) {
        s.published.store(s.summaries.size(), std::memory_order_release);
        const auto now = std::chrono::steady_clock::now();
        if (options.on_records && (force || now - last_notify >= kNotifyEvery)) {
            last_notify = now;
            options.on_records(s.summaries.size());
        }
    };

    report(options.progress, "indexing", 0, int64_t(size));
    while (pos < size) {
        const char* line = base + pos;
        const char* newline = static_cast<const char*>(std::memchr(line, '\n', size - pos));
        const char* end = newline ? newline : base + size;
        ++line_number;
        const uint64_t next = newline ? uint64_t(newline - base) + 1 : size;
        if (end > line && end[-1] == '\r') --end;
        if (!pairs_scan::is_blank(line, end)) {
            Summary row;
            row.offset = pos;
            row.line = line_number;
            // The compact columns hold 32-bit positions: refuse a file they cannot describe.
            if (s.pair_words.size() > UINT32_MAX || line_number == UINT32_MAX)
                throw FileError(s.file->path(), "more than 2^32 lines or pairs: too large to browse (line " +
                                                    std::to_string(line_number) + ")");
            row.first_pair = static_cast<uint32_t>(s.pair_words.size());
            words.clear();
            const uint64_t length = uint64_t(end - line);
            bool ok = length <= UINT32_MAX;
            if (ok) ok = pairs_scan::scan_line(line, end, scan_options, facts);
            row.length = static_cast<uint32_t>(std::min<uint64_t>(length, UINT32_MAX));
            if (ok) {
                if (facts.id_begin) {
                    row.id_begin = static_cast<uint32_t>(facts.id_begin - line);
                    row.id_size = static_cast<uint32_t>(facts.id_end - facts.id_begin);
                    row.id_is_string = facts.id_is_string;
                }
                if (facts.text_begin) {
                    row.text_begin = static_cast<uint32_t>(facts.text_begin - line);
                    row.text_size = static_cast<uint32_t>(facts.text_end - facts.text_begin);
                }
                row.text_chars = facts.text_chars;
                row.pairs = facts.pairs;
                row.method = facts.method;
                row.status = facts.status;
                for (uint32_t w : words) s.pair_words.push_back(w);
                if (row.id_size > 0 && !options.flagged.empty())
                    row.flagged = options.flagged.count(
                                      decoded_id(facts.id_begin, facts.id_end, facts.id_is_string)) > 0;
            } else {
                row.status = PairsStatus::MalformedLine;
            }
            s.summaries.push_back(row);
            if (s.summaries.size() >= next_publish) {
                next_publish = s.summaries.size() + kPublishEvery;
                // A cancelled build still tells the reader about every record it made readable.
                publish(cancel.cancelled());
                cancel.throw_if_cancelled();
            }
        }
        pos = next;
        if (pos - released >= kReleaseEvery) {
            release_file_pages(released, pos);
            released = pos;
        }
        if (pos - reported >= kProgressEvery) {
            reported = pos;
            report(options.progress, "indexing", int64_t(pos), int64_t(size));
            // Long records make the record-count checks above rare: look at the token by bytes too.
            if (cancel.cancelled()) {
                publish(true);
                cancel.throw_if_cancelled();
            }
        }
    }
    release_file_pages(released, size);
    s.complete.store(true, std::memory_order_release);
    publish(true);
    report(options.progress, "indexing", int64_t(size), int64_t(size));
}

void PairsIndex::release_file_pages(uint64_t begin, uint64_t end) const {
    // Private, never-written pages of a file mapping: dropping them only means the next access reads
    // them from the page cache again, so scans over files larger than memory keep a small resident set.
    static const uint64_t page = uint64_t(::sysconf(_SC_PAGESIZE));
    const uint64_t first = (begin + page - 1) / page * page;
    const uint64_t last = std::min<uint64_t>(end, state_->file->size()) / page * page;
    if (last <= first) return;
    ::madvise(state_->file->mutable_data() + first, last - first, MADV_DONTNEED);
}

const PairsIndex::Summary& PairsIndex::summary(size_t row) const {
    return state_->summaries[row];
}

std::string_view PairsIndex::line(size_t row) const {
    const Summary& s = summary(row);
    return std::string_view(state_->bytes() + s.offset, s.length);
}

std::string PairsIndex::id(size_t row) const {
    const Summary& s = summary(row);
    if (s.id_size == 0) return {};
    const char* begin = state_->bytes() + s.offset + s.id_begin;
    return decoded_id(begin, begin + s.id_size, s.id_is_string);
}

std::string PairsIndex::text_preview(size_t row, size_t max_chars) const {
    const Summary& s = summary(row);
    std::string out;
    if (s.text_size == 0) return out;
    const char* begin = state_->bytes() + s.offset + s.text_begin;
    pairs_scan::decode_string(begin, begin + s.text_size, out, max_chars);
    for (char& c : out)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return out;
}

uint32_t PairsIndex::pair_words(size_t pair) const {
    return state_->pair_words[pair];
}

std::string PairsIndex::problem(size_t row) const {
    const Summary& s = summary(row);
    if (!s.malformed()) return {};
    if (s.length == UINT32_MAX) return "the line is longer than 4 GiB";
    const std::string_view text = line(row);
    pairs_scan::ScanOptions options;
    options.measure = false;
    pairs_scan::LineFacts facts;
    if (pairs_scan::scan_line(text.data(), text.data() + text.size(), options, facts)) return {};
    return facts.error;
}

PairsIndex::Record PairsIndex::record(size_t row) const {
    const Summary& s = summary(row);
    if (s.malformed()) {
        Record record;
        record.problem = problem(row);
        return record;
    }
    return parse_pair_record_leniently(line(row), path() + ":" + std::to_string(s.line));
}

void PairsIndex::set_flagged(size_t row, bool flagged) {
    state_->summaries[row].flagged = flagged;
}

}  // namespace ipt
