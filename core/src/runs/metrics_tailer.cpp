#include "ipt/runs/metrics_tailer.h"

#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "ipt/common/error.h"
#include "ipt/common/json_limits.h"

namespace fs = std::filesystem;

namespace ipt {

MetricRecord parse_metric_line(const std::string& text, const std::string& where) {
    nlohmann::json j;
    JsonLimits limits;
    limits.max_bytes = 1 << 20;  // a metrics line holds a dozen numbers
    limits.max_depth = 16;
    limits.max_values = 4096;
    const std::string problem = json_limits_problem(text.data(), text.data() + text.size(), limits);
    if (!problem.empty()) throw FileError(where, "malformed JSON: too large: " + problem);
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {  // syntax errors and number overflows (1e99999) alike
        throw FileError(where, std::string("malformed JSON: ") + shortened(e.what()));
    }
    if (!j.is_object()) throw FileError(where, "expected a JSON object");
    const auto step = j.find("step");
    if (step == j.end() || !step->is_number_integer() ||
        (step->is_number_unsigned() && step->get<uint64_t>() > uint64_t(INT64_MAX)))
        throw FileError(where, "key 'step' missing or not an integer");
    MetricRecord record;
    record.step = step->get<int64_t>();
    for (const auto& [key, value] : j.items()) {
        if (key == "step") continue;
        if (value.is_number())
            record.values.emplace_back(key, value.get<double>());
        else if (value.is_null())
            record.values.emplace_back(key, std::nullopt);
        // Other fields (strings, objects) are not metrics; they stay in the file for other readers.
    }
    return record;
}

MetricsTailer::MetricsTailer(fs::path run_dir, TailPosition start)
    : dir_(std::move(run_dir)), position_(start) {}

MetricsTailer::Poll MetricsTailer::poll() {
    Poll result;
    if (!planned_steps_read_) {
        planned_steps_read_ = true;
        if (!planned_steps_ && fs::exists(dir_ / "config.toml"))
            planned_steps_ = read_run_directory(dir_).planned_steps;
    }
    const fs::path file = dir_ / "metrics.jsonl";
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0) {
        const uint64_t inode = uint64_t(st.st_ino);
        const uint64_t size = uint64_t(st.st_size);
        if ((position_.inode != 0 && inode != position_.inode) || size < position_.offset) {
            position_ = TailPosition{};
            last_step_.reset();
            result.restarted = true;
        }
        position_.inode = inode;
        if (size > position_.offset) {
            std::ifstream in(file, std::ios::binary);
            if (!in) throw FileError(file.string(), "cannot open");
            in.seekg(std::streamoff(position_.offset));
            // Read up to the size stat() saw: a writer appending meanwhile is picked up next time.
            std::string chunk(size - position_.offset, '\0');
            in.read(chunk.data(), std::streamsize(chunk.size()));
            chunk.resize(size_t(in.gcount()));
            size_t begin = 0;
            uint64_t line_number = position_.line;  // committed only once every line parsed
            for (size_t end; (end = chunk.find('\n', begin)) != std::string::npos; begin = end + 1) {
                ++line_number;
                std::string line = chunk.substr(begin, end - begin);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (line.find_first_not_of(" \t") == std::string::npos) continue;
                try {
                    result.records.push_back(
                        parse_metric_line(line, file.string() + ":" + std::to_string(line_number)));
                } catch (const FileError& e) {
                    result.problems.push_back(e.what());
                    continue;
                }
                result.records.back().line = line_number;
                last_step_ = result.records.back().step;
            }
            // The partial last line (no '\n' yet) is left for the next poll.
            position_.offset += begin;
            position_.line = line_number;
        }
    }
    result.status = decide_run_status(dir_, last_step_, planned_steps_);
    result.finished = result.status == RunStatus::finished || result.status == RunStatus::stopped;
    return result;
}

}  // namespace ipt
