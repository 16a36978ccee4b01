#include "ipt/synth/synth_run.h"

#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/line_reader.h"
#include "ipt/data/raw_corpus.h"
#include "ipt/synth/rule_miner.h"

namespace ipt {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool blank(const std::string& s) {
    return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

// Appends to the partial file with write(2) and makes it durable before the progress file says so.
class AppendFile {
  public:
    explicit AppendFile(const std::string& path) : path_(path) {
        fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) throw FileError(path, std::string("cannot open for appending: ") + std::strerror(errno));
    }
    ~AppendFile() {
        if (fd_ >= 0) ::close(fd_);
    }
    AppendFile(const AppendFile&) = delete;
    AppendFile& operator=(const AppendFile&) = delete;
    void append(const std::string& data) {
        size_t done = 0;
        while (done < data.size()) {
            const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw FileError(path_, std::string("write failed: ") + std::strerror(errno));
            done += static_cast<size_t>(n);
        }
        if (::fsync(fd_) != 0) throw FileError(path_, std::string("fsync failed: ") + std::strerror(errno));
    }

  private:
    std::string path_;
    int fd_ = -1;
};

std::string run_fingerprint(const SynthRunOptions& o, size_t inputs) {
    json j = {{"input", fs::absolute(o.input).lexically_normal().string()},
              {"inputs", inputs},
              {"text_field", o.text_field},
              {"shard", o.shard},
              {"shards", o.shards},
              {"rounds", o.synthesizer.rounds},
              {"context", o.synthesizer.context},
              {"max_new_tokens", o.synthesizer.max_new_tokens},
              {"model", o.model_name},
              {"settings", o.settings_json}};
    return j.dump();
}

void save_progress(const std::string& path, const std::string& fingerprint, uint64_t bytes, size_t records) {
    json j = {{"version", 1}, {"run", json::parse(fingerprint)}, {"bytes", bytes}, {"records", records}};
    write_file_atomically(path, j.dump(2) + "\n");
}

// Records already in the partial file, after cutting it back to what the progress file vouches for.
std::vector<PairRecord> resume_records(const std::string& partial, const std::string& progress_path,
                                       const std::string& fingerprint) {
    std::vector<PairRecord> records;
    if (!fs::exists(partial)) return records;
    if (!fs::exists(progress_path)) {
        fs::resize_file(partial, 0);  // killed before the first batch was recorded
        return records;
    }
    json progress = json::parse(read_text_file(progress_path), nullptr, false);
    if (progress.is_discarded() || !progress.contains("bytes") || !progress.contains("run"))
        throw FileError(progress_path, "not a progress file of `ipt synth run`");
    if (progress["run"].dump() != fingerprint)
        throw FileError(progress_path, "was written by a run with other settings (" + progress["run"].dump() +
                                           "); delete it and " + partial + " to start over");
    const uint64_t bytes = progress["bytes"].get<uint64_t>();
    if (fs::file_size(partial) < bytes)
        throw FileError(partial, "is shorter than its progress file records (" + std::to_string(bytes) +
                                     " bytes): it was changed by something else");
    fs::resize_file(partial, bytes);
    LineReader reader(partial);
    std::string line;
    while (reader.next(&line)) records.push_back(parse_pair_record(line, reader.where()));
    return records;
}

size_t count_lines(const std::string& path) {
    LineReader reader(path);
    std::string line;
    size_t n = 0;
    while (reader.next(&line))
        if (!blank(line)) ++n;
    return n;
}

}  // namespace

std::string synthesis_settings_json(const SynthesizerOptions& o, const SamplingOptions& sampling) {
    // Written with a stream, as runs before this function wrote it, so that they resume.
    std::ostringstream settings;
    settings << "{\"rounds\":" << o.rounds << ",\"max_new_tokens\":" << o.max_new_tokens
             << ",\"context\":" << o.context << ",\"greedy\":" << (sampling.greedy ? "true" : "false");
    if (!sampling.greedy)
        settings << ",\"temperature\":" << sampling.temperature << ",\"top_p\":" << sampling.top_p
                 << ",\"seed\":" << sampling.seed;
    settings << "}";
    return settings.str();
}

std::string shard_output_path(const std::string& output, int shard, int shards) {
    if (shards <= 1) return output;
    const fs::path p(output);
    const std::string name = p.stem().string() + ".shard-" + std::to_string(shard) + "-of-" +
                             std::to_string(shards) + p.extension().string();
    return (p.parent_path() / name).string();
}

bool shard_from_environment(int* shard, int* shards) {
    const char* rank = std::getenv("RANK");
    const char* world = std::getenv("WORLD_SIZE");
    if (!rank || !world) return false;
    try {
        *shard = std::stoi(rank);
        *shards = std::stoi(world);
    } catch (const std::exception&) {
        throw UsageError(std::string("RANK=") + rank + " / WORLD_SIZE=" + world + " are not numbers");
    }
    return true;
}

std::vector<SynthInput> read_synth_inputs(const std::string& path, const std::string& text_field, int shard,
                                          int shards) {
    if (shards < 1 || shard < 0 || shard >= shards)
        throw UsageError("shard " + std::to_string(shard) + "/" + std::to_string(shards) +
                         " is not a shard: expected 0 <= i < N");
    std::vector<RawText> texts = read_raw_corpus(path, text_field);
    const size_t n = texts.size();
    const size_t begin = n * static_cast<size_t>(shard) / static_cast<size_t>(shards);
    const size_t end = n * static_cast<size_t>(shard + 1) / static_cast<size_t>(shards);
    std::vector<SynthInput> inputs;
    inputs.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
        RawText& t = texts[i];
        SynthInput in{std::move(t.id), std::move(t.text), PairStatus::Ok, {}};
        if (!t.problem.empty()) {
            in.status = PairStatus::MalformedInput;
            in.reason = t.where + ": " + t.problem;
        } else if (blank(in.text)) {
            in.status = PairStatus::EmptyText;
            in.reason = t.where + ": the text is empty";
        }
        inputs.push_back(std::move(in));
    }
    return inputs;
}

SynthRunReport run_synthesis(const SynthRunOptions& o, SynthesisModel& model, const ProgressSink& progress,
                             const CancelToken& cancel) {
    const auto started = std::chrono::steady_clock::now();
    SynthRunReport report;
    report.output = shard_output_path(o.output, o.shard, o.shards);
    const std::string partial = report.output + ".partial", progress_path = report.output + ".progress.json";
    remove_stale_temporaries(progress_path);  // a kill during a progress update leaves its temporary
    if (fs::exists(report.output) && !fs::exists(partial)) {
        report.already_complete = report.complete = true;
        report.records = report.resumed_from = count_lines(report.output);
        fs::remove(progress_path);  // left over when a run stopped between its rename and this removal
        return report;
    }
    const std::vector<SynthInput> inputs = read_synth_inputs(o.input, o.text_field, o.shard, o.shards);
    report.inputs = inputs.size();
    const std::string fingerprint = run_fingerprint(o, inputs.size());
    Synthesizer synthesizer(model, o.synthesizer);

    std::vector<PairRecord> records = resume_records(partial, progress_path, fingerprint);
    if (records.size() > inputs.size())
        throw FileError(partial, "holds " + std::to_string(records.size()) + " records for " +
                                     std::to_string(inputs.size()) + " inputs");
    for (size_t i = 0; i < records.size(); ++i)
        if (records[i].id != inputs[i].id)
            throw FileError(partial, "record " + std::to_string(i + 1) + " is '" + records[i].id +
                                         "' where the input has '" + inputs[i].id + "': the input changed");
    report.resumed_from = records.size();
    if (!fs::exists(partial)) save_progress(progress_path, fingerprint, 0, 0);
    uint64_t bytes = fs::exists(partial) ? fs::file_size(partial) : 0;
    AppendFile out(partial);

    auto on_batch = [&](const std::vector<PairRecord>& made) {
        std::string lines;
        for (PairRecord r : made) {
            r.model = o.model_name;
            r.settings_json = o.settings_json;
            lines += to_json_line(r) + "\n";
            ++report.by_status[pair_status_name(r.status)];
        }
        out.append(lines);
        bytes += lines.size();
        save_progress(progress_path, fingerprint, bytes, records.size());
    };
    const size_t end =
        o.max_records ? std::min(inputs.size(), records.size() + o.max_records) : inputs.size();
    const SynthesisCounters before = synthesizer.counters();
    synthesizer.run(inputs, &records, on_batch, end, progress, cancel);
    const SynthesisCounters& after = synthesizer.counters();
    report.counters = {after.texts - before.texts, after.pairs - before.pairs,
                       after.generated_tokens - before.generated_tokens, after.dropped - before.dropped};
    report.records = records.size();
    if (records.size() == inputs.size()) {
        fs::rename(partial, report.output);
        fs::remove(progress_path);
        report.complete = true;
    }
    report.seconds = seconds_since(started);
    return report;
}

RulesRunReport run_rule_mining(const std::string& input, const std::string& output,
                               const std::string& text_field, const ProgressSink& progress,
                               const CancelToken& cancel) {
    const auto started = std::chrono::steady_clock::now();
    RulesRunReport report;
    report.output = output;
    // A run killed before its commit left its temporary file; this run of the same output replaces it.
    remove_stale_temporaries(output);
    AtomicFile out(output);
    for_each_raw_text(input, text_field, [&](RawText&& t) {
        if (report.records % 1024 == 0) cancel.throw_if_cancelled();
        PairRecord r;
        r.id = std::move(t.id);
        r.method = "rules";
        report.bytes += t.text.size();
        if (!t.problem.empty()) {
            r.status = PairStatus::MalformedInput;
            r.reason = t.where + ": " + t.problem;
        } else if (blank(t.text)) {
            r.status = PairStatus::EmptyText;
            r.reason = t.where + ": the text is empty";
        } else {
            r.pairs = mine_rule_pairs(t.text);
            r.status = r.pairs.empty() ? PairStatus::NoPairs : PairStatus::Ok;
            if (r.pairs.empty()) r.reason = "no rule matched the text";
        }
        r.text = std::move(t.text);
        report.pairs += r.pairs.size();
        ++report.by_status[pair_status_name(r.status)];
        ++report.records;
        out.write(to_json_line(r) + "\n");
        if (report.records % 1024 == 0)
            ipt::report(progress, "mining", static_cast<int64_t>(report.records), 0);
    });
    out.commit();
    report.seconds = seconds_since(started);
    return report;
}

namespace {

std::string input_and_output(const std::string& input, const std::string& output) {
    return "input = \"" + input + "\"\noutput = \"" + output + "\"\n";
}

}  // namespace

std::string synthesizer_model_name(const std::string& folder) {
    return std::filesystem::absolute(folder).lexically_normal().string();
}

std::string endpoint_model_name(const std::string& served_model) {
    return "endpoint:" + served_model;
}

JobSummary summarize_synthesis(const SynthRunOptions& options, const SynthRunReport& report) {
    JobSummary summary;
    summary.settings =
        input_and_output(options.input, report.output) + "settings = " + options.settings_json + "\n";
    summary.figures = {{"texts", double(report.records)}, {"pairs_this_run", double(report.counters.pairs)}};
    return summary;
}

JobSummary summarize_rule_mining(const std::string& input, const RulesRunReport& report) {
    JobSummary summary;
    summary.settings = input_and_output(input, report.output) + "method = \"rules\"\n";
    summary.figures = {
        {"texts", double(report.records)},
        {"pairs", double(report.pairs)},
        {"pairs_per_text", report.records ? double(report.pairs) / double(report.records) : 0.0}};
    return summary;
}

}  // namespace ipt
