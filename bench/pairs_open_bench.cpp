// Opening a large pairs file in the browser: writes a pairs file of N records (default 1,000,000) to a
// temporary folder, then measures the time until the first screenful of rows can be shown while the index
// is still being built, the time to index the whole file, the process's peak resident memory while doing
// it, and (the reference) a plain sequential read of the same file with std::getline, in the same run.
//
//   pairs_open_bench [--records N] [--keep]
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "ipt/data/pairs_index.h"
#include "ipt/data/pairs_query.h"
#include "ipt/jobs/job.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kScreenful = 50;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// A field of /proc/self/status in MiB (VmHWM: peak resident set, VmRSS: now).
double status_mib(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const size_t n = std::strlen(field);
    while (std::getline(in, line))
        if (line.compare(0, n, field) == 0 && line[n] == ':') return std::atof(line.c_str() + n + 1) / 1024.0;
    return -1;
}

// Resets VmHWM to the current resident set (Linux >= 4.0), so the peak measured is the index's.
void reset_peak_rss() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
}

const char* const kWords[] = {
    "the",     "model",   "river", "sea",      "language", "data",      "village", "market", "ancient",
    "studied", "between", "north", "harbour",  "winter",   "grammar",   "people",  "speaks", "written",
    "music",   "farmers", "trade", "history",  "because",  "therefore", "small",   "large",  "early",
    "century", "school",  "words", "Mädchen",  "día",      "한국어",    "문장",    "bridge", "forest",
    "number",  "city",    "night", "question", "answer",   "reason",    "light",   "stone",  "island"};

std::string words(std::mt19937& rng, int count) {
    std::uniform_int_distribution<size_t> pick(0, std::size(kWords) - 1);
    std::string out;
    for (int i = 0; i < count; ++i) {
        if (i) out += (i % 23 == 0) ? "\\n" : " ";  // JSON-escaped newlines, as a writer produces them
        out += kWords[pick(rng)];
    }
    return out;
}

// Records shaped like `ipt synth` output: a text of 40-160 words, 0-6 pairs, some statuses and, one line
// in 10,000, a malformed line; about 1 KB per record. Texts and pairs are drawn from pools made once, so
// writing a million records takes seconds.
uint64_t write_pairs_file(const std::string& path, size_t records) {
    std::mt19937 rng(1234);
    constexpr size_t kPool = 2048;
    std::vector<std::string> texts, questions, answers;
    std::uniform_int_distribution<int> text_words(40, 160), q_words(5, 14), a_words(3, 30);
    for (size_t i = 0; i < kPool; ++i) {
        texts.push_back(words(rng, text_words(rng)));
        questions.push_back(words(rng, q_words(rng)) + "?");
        answers.push_back(words(rng, a_words(rng)));
    }
    std::uniform_int_distribution<size_t> pick(0, kPool - 1);
    std::uniform_int_distribution<int> pair_count(0, 6);
    std::ofstream out(path, std::ios::binary);
    std::string line;
    for (size_t i = 0; i < records; ++i) {
        line.clear();
        if (i % 10000 == 9999) {
            line = "{\"id\": \"doc-" + std::to_string(i) + "\", \"text\": \"cut off in the mid";
        } else {
            const int pairs = pair_count(rng);
            line += "{\"id\":\"doc-";
            line += std::to_string(i);
            line += "\",\"text\":\"";
            line += texts[pick(rng)];
            line += "\",\"pairs\":[";
            for (int k = 0; k < pairs; ++k) {
                line += k ? ",{\"question\":\"" : "{\"question\":\"";
                line += questions[pick(rng)];
                line += "\",\"answer\":\"";
                line += answers[pick(rng)];
                line += "\"}";
            }
            line += "],\"method\":\"";
            line += i % 3 == 0 ? "rules" : "synthesizer";
            line += "\",\"round\":1,\"status\":\"";
            line += pairs ? "ok\"" : "no_pairs\",\"reason\":\"no pair parsed\"";
            line += "}";
        }
        line += '\n';
        out.write(line.data(), std::streamsize(line.size()));
    }
    out.close();
    return std::filesystem::file_size(path);
}

}  // namespace

int main(int argc, char** argv) {
    size_t records = 1000000;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--records") && i + 1 < argc)
            records = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--keep"))
            keep = true;
        else {
            std::fprintf(stderr, "usage: pairs_open_bench [--records N] [--keep]\n");
            return 2;
        }
    }
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("ipt-pairs-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "pairs.jsonl").string();

    auto start = Clock::now();
    const uint64_t bytes = write_pairs_file(path, records);
    std::printf("wrote %zu records, %.1f MiB, in %.2f s: %s\n", records, bytes / 1048576.0,
                seconds_since(start), path.c_str());

    // Reference: the plainest sequential read of the same (now cached) file.
    start = Clock::now();
    size_t lines = 0, line_bytes = 0;
    {
        std::ifstream in(path, std::ios::binary);
        std::string line;
        while (std::getline(in, line)) {
            ++lines;
            line_bytes += line.size();
        }
    }
    const double reference_s = seconds_since(start);
    std::printf("reference: std::getline over the file: %zu lines, %.3f s (%.0f MiB/s)\n", lines, reference_s,
                bytes / 1048576.0 / reference_s);

    const double rss_before = status_mib("VmRSS");
    reset_peak_rss();
    start = Clock::now();
    std::shared_ptr<ipt::PairsIndex> index = ipt::PairsIndex::open(path);
    std::atomic<size_t> notified{0};
    auto job =
        ipt::Job::start("index", [&](const ipt::ProgressSink& progress, const ipt::CancelToken& cancel) {
            ipt::PairsIndex::BuildOptions options;
            options.progress = progress;
            options.on_records = [&](size_t n) { notified.store(n); };
            index->build(options, cancel);
        });
    // What the table does for its first screenful: the summary columns, the id and a text preview.
    while (index->size() < std::min(kScreenful, records) && !index->complete())
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    size_t preview_chars = 0;
    for (size_t row = 0; row < std::min(kScreenful, index->size()); ++row)
        preview_chars +=
            index->text_preview(row, 80).size() + index->id(row).size() + index->summary(row).pairs;
    const double first_rows_s = seconds_since(start);
    job->wait();
    const double full_s = seconds_since(start);
    const ipt::JobOutcome outcome = job->outcome();
    if (outcome.state != ipt::JobState::Succeeded) {
        std::fprintf(stderr, "indexing failed: %s\n", outcome.message.c_str());
        return 1;
    }
    const double peak = status_mib("VmHWM");
    size_t malformed = 0;
    for (size_t row = 0; row < index->size(); ++row) malformed += index->summary(row).malformed();

    std::printf("first %zu rows shown after %.4f s (%zu preview bytes)\n", kScreenful, first_rows_s,
                preview_chars);
    std::printf("full index: %zu records (%zu malformed, %zu pairs) in %.3f s (%.0f MiB/s)\n", index->size(),
                malformed, index->pair_count(), full_s, bytes / 1048576.0 / full_s);
    std::printf("memory: resident %.0f MiB before opening, peak %.0f MiB while indexing (+%.0f MiB)\n",
                rss_before, peak, peak - rss_before);

    // What a browser does next, for scale: a filter, both histograms and a full-text search.
    start = Clock::now();
    ipt::PairsFilter filter;
    filter.min_pairs = 3;
    filter.methods = 1u << unsigned(ipt::PairsMethod::Rules);
    const size_t selected = ipt::select_pairs_rows(*index, filter, 0, index->size()).size();
    const double filter_s = seconds_since(start);
    start = Clock::now();
    const auto per_text = ipt::histogram_pairs_per_text(*index, index->size(), 40);
    const auto per_pair = ipt::histogram_pair_lengths(*index, index->size(), 40);
    const double histogram_s = seconds_since(start);
    start = Clock::now();
    ipt::CancelToken cancel;
    const auto hits = ipt::search_pairs(*index, index->size(), "Harbour Winter", {}, cancel);
    const double search_s = seconds_since(start);
    size_t hit_count = 0;
    for (uint8_t h : hits) hit_count += h;
    std::printf(
        "filter (rules, >= 3 pairs): %zu rows in %.3f s; histograms (%zu + %zu bins) in %.3f s; search: %zu "
        "hits "
        "in %.3f s\n",
        selected, filter_s, per_text.counts.size(), per_pair.counts.size(), histogram_s, hit_count, search_s);
    std::printf("peak resident memory over the whole run after opening: %.0f MiB\n", status_mib("VmHWM"));
    std::printf("ratio full index / std::getline reference: %.2f\n", full_s / reference_s);
    std::printf("ratio search / std::getline reference: %.2f\n", search_s / reference_s);

    if (lines != index->size()) {
        std::fprintf(stderr, "mismatch: getline read %zu lines, the index holds %zu records\n", lines,
                     index->size());
        return 1;
    }
    index.reset();
    if (!keep) std::filesystem::remove_all(dir);
    return 0;
}
