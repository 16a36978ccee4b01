// Token counts of a pairs file (what the pairs browser draws in tokens) against the tokenizer itself
// in the same run: count_pair_tokens() on every core over a generated pairs file, against
// Tokenizer::encode_batch() on the same questions and answers already in memory on as many threads
// (the floor: tokenizing and nothing else). The ratio says what parsing the records costs on top. The
// record-by-record path the browser used before (parse, encode one text at a time, one thread) is
// timed too. Each line gives wall time and the process's CPU time (all threads): on a shared machine the
// CPU time still says what the work costs when the wall time says mostly how busy the others were.
//
//   pair_tokens_bench TOKENIZER [records=200000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ipt/common/parallel.h"
#include "ipt/data/pairs_index.h"
#include "ipt/data/pairs_query.h"
#include "ipt/text/tokenizer.h"

using namespace ipt;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string sentence(std::mt19937& rng, int words) {
    static const std::vector<std::string> vocabulary{
        "the",   "river", "carries", "water",  "to",      "sea",      "which",  "question", "answer",
        "model", "text",  "because", "winter", "harbour", "research", "result", "improves", "data"};
    std::string out;
    for (int w = 0; w < words; ++w) out += (w ? " " : "") + vocabulary[rng() % vocabulary.size()];
    if (rng() % 4 == 0) out += " " + std::to_string(rng() % 100000);
    return out + "?";
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double cpu_seconds() {
    return double(std::clock()) / CLOCKS_PER_SEC;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: pair_tokens_bench TOKENIZER [records]\n");
        return 2;
    }
    const auto tokenizer = load_tokenizer(argv[1]);
    const size_t records = argc > 2 ? size_t(std::atol(argv[2])) : 200000;
    const fs::path path = fs::temp_directory_path() / "ipt_pair_tokens_bench.jsonl";
    std::vector<std::string> texts;  // questions and answers, in pair order
    uint64_t text_bytes = 0;
    {
        std::mt19937 rng(3);
        std::ofstream out(path, std::ios::binary);
        for (size_t i = 0; i < records; ++i) {
            nlohmann::json pairs = nlohmann::json::array();
            for (int k = 0, n = 1 + int(rng() % 5); k < n; ++k) {
                std::string q = sentence(rng, 6 + int(rng() % 10)), a = sentence(rng, 10 + int(rng() % 40));
                text_bytes += q.size() + a.size();
                pairs.push_back({{"question", q}, {"answer", a}});
                texts.push_back(std::move(q));
                texts.push_back(std::move(a));
            }
            out << nlohmann::json{{"id", "r" + std::to_string(i)},
                                  {"text", sentence(rng, 120)},
                                  {"pairs", pairs},
                                  {"method", "synthesizer"},
                                  {"status", "ok"}}
                       .dump()
                << "\n";
        }
    }
    auto index = PairsIndex::open(path.string());
    CancelToken cancel;
    index->build({}, cancel);
    const int threads = hardware_threads();
    std::printf("%zu records, %zu pairs, %.1f MB of questions and answers (%.1f MB file), %d threads\n",
                records, index->pair_count(), double(text_bytes) / 1e6, double(fs::file_size(path)) / 1e6,
                threads);

    auto start = Clock::now();
    double cpu = cpu_seconds();
    const std::vector<TokenIds> floor = tokenizer->encode_batch(texts, EncodeOptions{}, threads);
    const double floor_s = seconds_since(start), floor_cpu = cpu_seconds() - cpu;

    start = Clock::now();
    cpu = cpu_seconds();
    PairTokenCounts counts;
    count_pair_tokens(*index, index->size(), *tokenizer, counts, PairTokenOptions{}, {}, cancel);
    const double ours_s = seconds_since(start), ours_cpu = cpu_seconds() - cpu;

    // The same numbers both ways, or the timing means nothing.
    for (size_t p = 0; p < counts.tokens.size(); ++p)
        if (counts.tokens[p] != floor[2 * p].size() + floor[2 * p + 1].size()) {
            std::fprintf(stderr, "pair %zu: %u tokens counted, %zu encoded\n", p, counts.tokens[p],
                         floor[2 * p].size() + floor[2 * p + 1].size());
            return 1;
        }

    // Before: one record at a time, one text at a time, on one thread (the first 10% of the records).
    const size_t sample = std::max<size_t>(1, records / 10);
    start = Clock::now();
    cpu = cpu_seconds();
    size_t sum = 0;
    for (size_t row = 0; row < sample; ++row)
        for (const auto& pair : index->record(row).pairs)
            sum += tokenizer->encode(pair.question).size() + tokenizer->encode(pair.answer).size();
    const double scale = double(records) / double(sample);
    const double before_s = seconds_since(start) * scale, before_cpu = (cpu_seconds() - cpu) * scale;

    auto line = [&](const char* what, double wall, double cpu_s) {
        std::printf(
            "%-42s wall %7.2f s (%7.0f records/s, %5.2f MB/s)  cpu %7.2f s (%5.2f MB/s per cpu-second)\n",
            what, wall, double(records) / wall, double(text_bytes) / 1e6 / wall, cpu_s,
            double(text_bytes) / 1e6 / cpu_s);
    };
    line("encode_batch of the texts alone (floor)", floor_s, floor_cpu);
    line("count_pair_tokens (parse + encode_batch)", ours_s, ours_cpu);
    line("record by record, one thread (estimated)", before_s, before_cpu);
    std::printf(
        "checksum %zu\nratio floor / ours: wall %.2f, cpu %.2f (target >= 0.8); over record by record: "
        "wall %.2fx\n",
        sum, floor_s / ours_s, floor_cpu / ours_cpu, before_s / ours_s);
    fs::remove(path);
    return 0;
}
