// tokenizer.json encoding against the Hugging Face `tokenizers` library on the same text in the same
// run: one thread each (ours: encode per line; theirs: encode_batch_fast on one Rayon thread), then ours
// on every core. The ids must agree (checksums); the ratio is theirs / ours (target >= 1.0).
//   hf_tokenize_bench [tokenizer.json] [python with tokenizers]
// The text is the repo's multilingual test text (English, Swahili, Thai, Japanese, Arabic, Hindi,
// Greek, code, emoji), shuffled and repeated to about 8 MB.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ipt/common/parallel.h"
#include "ipt/text/tokenizer.h"

using namespace ipt;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<std::string> lines_of(const fs::path& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

std::vector<std::string> bench_text(const fs::path& source) {
    std::vector<std::string> base = lines_of(source / "resources/demo/swahili.txt");
    for (const auto& l : lines_of(source / "tests/compat/tokenizers/multilingual.txt")) base.push_back(l);
    for (const auto& l : lines_of(source / "resources/demo/corpus.jsonl"))
        base.push_back(nlohmann::json::parse(l)["text"].get<std::string>());
    std::ifstream corpus(source / "tests/compat/tokenizers/corpus.json");
    for (const auto& t : nlohmann::json::parse(corpus)) {
        std::string s = t.get<std::string>();
        for (char& c : s)
            if (c == '\n') c = ' ';  // one text per line
        if (!s.empty()) base.push_back(s);
    }
    std::mt19937 rng(7);
    std::vector<std::string> out;
    size_t bytes = 0;
    while (bytes < (8u << 20)) {
        std::shuffle(base.begin(), base.end(), rng);
        for (const auto& l : base) {
            out.push_back(l);
            bytes += l.size() + 1;
        }
    }
    return out;
}

uint64_t checksum(const std::vector<TokenIds>& all, size_t* count) {
    unsigned __int128 c = 0;
    *count = 0;
    for (const auto& ids : all)
        for (int32_t id : ids) {
            c = (c * 1000003 + uint64_t(id)) % (uint64_t(1) << 61);
            ++*count;
        }
    return uint64_t(c);
}

}  // namespace

int main(int argc, char** argv) {
    const fs::path source = IPT_SOURCE_DIR;
    const std::string tokenizer =
        argc > 1 && argv[1][0] ? argv[1]
                               : (source / "tests/compat/tokenizers/fixtures/llama3/tokenizer.json").string();
    std::string python = argc > 2 ? argv[2] : "";
    if (python.empty()) {
        FILE* p = popen(("'" + (source / "scripts/python-env").string() + "'").c_str(), "r");
        char buf[4096] = {0};
        if (p && std::fgets(buf, sizeof buf, p))
            python = std::string(buf).substr(0, std::string(buf).find('\n')) + "/bin/python";
        if (p) pclose(p);
    }
    auto tok = load_tokenizer(tokenizer);
    const std::vector<std::string> lines = bench_text(source);
    const fs::path corpus = fs::temp_directory_path() / "ipt-hf-tokenize-bench.txt";
    {
        std::ofstream out(corpus);
        for (size_t i = 0; i < lines.size(); ++i) out << (i ? "\n" : "") << lines[i];
    }
    const double megabytes = double(fs::file_size(corpus)) / 1e6;

    std::vector<TokenIds> ids(lines.size());
    double one = 1e30, all = 1e30;
    for (int round = 0; round < 3; ++round) {  // best of three: the machine is shared
        auto start = Clock::now();
        for (size_t i = 0; i < lines.size(); ++i) ids[i] = tok->encode(lines[i]);
        one = std::min(one, std::chrono::duration<double>(Clock::now() - start).count());
        start = Clock::now();
        std::vector<TokenIds> batch = tok->encode_batch(lines, {}, hardware_threads());
        all = std::min(all, std::chrono::duration<double>(Clock::now() - start).count());
        if (batch != ids) {
            std::fprintf(stderr, "batch and single-thread encodings differ\n");
            return 1;
        }
    }
    size_t count = 0;
    const uint64_t ours_sum = checksum(ids, &count);

    const std::string command = "'" + python + "' '" + (source / "bench/hf_tokenize_reference.py").string() +
                                "' '" + tokenizer + "' '" + corpus.string() + "' 3";
    FILE* p = popen(command.c_str(), "r");
    double theirs = 0;
    size_t their_count = 0;
    unsigned long long their_sum = 0;
    if (!p || std::fscanf(p, "%lf %zu %llu", &theirs, &their_count, &their_sum) != 3) {
        std::fprintf(stderr, "the reference failed: %s\n", command.c_str());
        if (p) pclose(p);
        return 1;
    }
    pclose(p);
    if (!std::getenv("IPT_KEEP_BENCH_TEXT")) fs::remove(corpus);

    std::printf("tokenizer: %s (%d tokens)\n", tokenizer.c_str(), tok->vocab_size());
    std::printf("text: %.1f MB, %zu lines, %zu tokens\n", megabytes, lines.size(), count);
    std::printf("tokenizers %s (1 thread):   %7.2f MB/s\n", "encode_batch_fast", megabytes / theirs);
    std::printf("ipt encode (1 thread):                    %7.2f MB/s\n", megabytes / one);
    std::printf("ipt encode_batch (%d threads):             %7.2f MB/s\n", hardware_threads(),
                megabytes / all);
    std::printf("  ids agree: %s\n", their_count == count && their_sum == ours_sum ? "yes" : "NO");
    std::printf("  ratio per thread, ipt / tokenizers: %.2f  (target >= 1.0)\n", theirs / one);
    std::printf("  ratio %d threads / 1 thread:         %.2f  (ideal %d)\n", hardware_threads(), one / all,
                hardware_threads());
    return their_count == count && their_sum == ours_sum ? 0 : 1;
}
