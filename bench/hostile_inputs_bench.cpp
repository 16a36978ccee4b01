// Memory and time on the hostile inputs of the hardening issue, each against an ordinary input of the
// same size measured in the same run (the reference): a hostile file must cost about what an ordinary
// one of its size costs, never gigabytes more.
//
//   1. A 60 MB pairs line holding 20M empty pairs, indexed and shown in the browser (was 5.9 GB),
//      against a 60 MB file of ordinary records.
//   2. 100 MB of nested arrays in one line, through the pair reader and the dataset builder (was
//      3.9 GB), against 100 MB of ordinary records.
//   3. One 100 MB document in `ipt data prepare` (was 10 GB and 5 minutes), against the same text as
//      1,000 documents of 100 KB.
//
//   hostile_inputs_bench --tokenizer tokenizer.model [--mb N] [--keep]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "ipt/common/cancel.h"
#include "ipt/common/error.h"
#include "ipt/data/dataset_builder.h"
#include "ipt/data/pairs_index.h"
#include "ipt/data/pair_record.h"
#include "ipt/text/tokenizer.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double status_mib(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const size_t n = std::strlen(field);
    while (std::getline(in, line))
        if (line.compare(0, n, field) == 0 && line[n] == ':') return std::atof(line.c_str() + n + 1) / 1024.0;
    return -1;
}

struct Cost {
    double seconds = 0, peak_mib = 0;
    std::string outcome;
};

// Runs `body` and reports its time and the peak resident memory above what the process held before.
Cost measure(const std::function<std::string()>& body) {
    std::ofstream("/proc/self/clear_refs") << "5";  // VmHWM := VmRSS
    const double before = status_mib("VmRSS");
    const auto start = Clock::now();
    Cost c;
    try {
        c.outcome = body();
    } catch (const ipt::Error& e) {
        c.outcome = std::string("refused: ") + e.what();
    }
    c.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    c.peak_mib = status_mib("VmHWM") - before;
    if (c.outcome.size() > 110) c.outcome = c.outcome.substr(0, 107) + "...";
    return c;
}

void print(const char* name, const Cost& hostile, const Cost& reference) {
    std::printf("%s\n  hostile:   %7.2f s %8.1f MiB peak  (%s)\n  reference: %7.2f s %8.1f MiB peak  (%s)\n"
                "  ratio:     %7.2fx time, %.2fx memory\n",
                name, hostile.seconds, hostile.peak_mib, hostile.outcome.c_str(), reference.seconds,
                reference.peak_mib, reference.outcome.c_str(), hostile.seconds / std::max(reference.seconds, 1e-9),
                hostile.peak_mib / std::max(reference.peak_mib, 1.0));
}

std::string ordinary_text(size_t bytes) {
    static const char* words[] = {"the", "river", "model", "village", "market", "language", "winter", "data"};
    std::string text;
    for (size_t i = 0; text.size() < bytes; ++i) text += std::string(i ? " " : "") + words[(i * 7 + i / 5) % 8];
    return text;
}

void write(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

int main(int argc, char** argv) {
    std::string tokenizer_path;
    size_t mb = 100;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--tokenizer") && i + 1 < argc) tokenizer_path = argv[++i];
        else if (!std::strcmp(argv[i], "--mb") && i + 1 < argc) mb = std::strtoul(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--keep")) keep = true;
    }
    if (tokenizer_path.empty()) {
        std::fprintf(stderr, "usage: hostile_inputs_bench --tokenizer tokenizer.model [--mb N] [--keep]\n");
        return 2;
    }
    const fs::path dir = fs::temp_directory_path() / ("ipt-hostile-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto tok = ipt::load_tokenizer(tokenizer_path);

    // 1. 20M empty pairs in one line (60 MB at the default size), indexed, then its row shown.
    const size_t empty_pairs = mb * 200000;
    {
        std::string line = "{\"id\": \"x\", \"text\": \"t\", \"pairs\": [{}";
        line.reserve(empty_pairs * 3 + 64);
        for (size_t i = 1; i < empty_pairs; ++i) line += ",{}";
        write(dir / "hostile.jsonl", line + "]}\n");
        std::string ordinary;
        const std::string text = ordinary_text(900);
        for (size_t i = 0; ordinary.size() < line.size(); ++i)
            ordinary += "{\"id\": \"d" + std::to_string(i) + "\", \"text\": \"" + text +
                        "\", \"pairs\": [{\"question\": \"q?\", \"answer\": \"a\"}]}\n";
        write(dir / "ordinary.jsonl", ordinary);
    }
    auto browse = [&](const fs::path& file) {
        return [file] {
            auto index = ipt::PairsIndex::open(file.string());
            index->build({}, ipt::CancelToken());
            const ipt::PairsIndex::Record r = index->record(index->size() - 1);
            return std::to_string(index->size()) + " rows, last " +
                   (r.problem.empty() ? std::to_string(r.pairs.size()) + " pairs" : "malformed: " + r.problem);
        };
    };
    print("1. pairs browser: one line of empty pairs", measure(browse(dir / "hostile.jsonl")),
          measure(browse(dir / "ordinary.jsonl")));

    // 2. Nested arrays in one line, through the pair reader and the dataset builder.
    {
        const size_t depth = mb * 500000;
        write(dir / "nested.jsonl", "{\"text\": \"t\", \"extra\": " + std::string(depth, '[') +
                                        std::string(depth, ']') + "}\n");
        std::string ordinary;
        const std::string text = ordinary_text(2000);
        while (ordinary.size() < 2 * depth) ordinary += "{\"text\": \"" + text + "\"}\n";
        write(dir / "records.jsonl", ordinary);
    }
    auto read_pairs = [&](const fs::path& file) {
        return [file] { return std::to_string(ipt::read_pairs_file(file.string()).size()) + " records"; };
    };
    print("2a. pair reader: nested arrays", measure(read_pairs(dir / "nested.jsonl")),
          measure(read_pairs(dir / "records.jsonl")));
    auto prepare = [&](const fs::path& file, const std::string& out) {
        return [&, file, out] {
            ipt::PrepareOptions o;
            o.inputs = {file.string()};
            o.output = (dir / out).string();
            o.skip_malformed = true;
            const ipt::PrepareReport r = ipt::prepare_dataset(o, *tok);
            return std::to_string(r.documents) + " documents, " + std::to_string(r.tokens) + " tokens, " +
                   std::to_string(r.skipped) + " skipped";
        };
    };
    print("2b. dataset builder: nested arrays", measure(prepare(dir / "nested.jsonl", "nested-data")),
          measure(prepare(dir / "records.jsonl", "records-data")));

    // 3. One document of `mb` MB against the same text as documents of 100 KB.
    {
        const std::string text = ordinary_text(mb << 20);
        write(dir / "one.jsonl", "{\"text\": \"" + text + "\"}\n");
        std::string many;
        for (size_t at = 0; at < text.size(); at += 100 << 10)
            many += "{\"text\": \"" + text.substr(at, 100 << 10) + "\"}\n";
        write(dir / "many.jsonl", many);
    }
    print("3. data prepare: one long document", measure(prepare(dir / "one.jsonl", "one-data")),
          measure(prepare(dir / "many.jsonl", "many-data")));

    if (!keep) fs::remove_all(dir);
    return 0;
}
