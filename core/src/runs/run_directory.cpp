#include "ipt/runs/run_directory.h"

#include <sys/stat.h>
#include <toml++/toml.h>

#include <ctime>
#include <fstream>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"

namespace fs = std::filesystem;

namespace ipt {

std::string file_time_utc(const fs::path& file) {
    // stat() rather than fs::last_write_time: C++17 gives no portable way from file_time to a calendar.
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return "";
    std::tm tm{};
    const time_t seconds = st.st_mtime;
    gmtime_r(&seconds, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

RunDirectoryInfo read_run_directory(const fs::path& dir) {
    const fs::path config = dir / "config.toml";
    if (!fs::exists(config)) throw FileError(config.string(), "missing: not a run directory");
    RunDirectoryInfo info;
    info.config_text = read_text_file(config);
    toml::table root;
    try {
        root = toml::parse(info.config_text, config.string());
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        throw FileError(config.string() + ":" + std::to_string(where.line), std::string(e.description()));
    }
    if (auto steps = root["train"]["steps"].value<int64_t>()) info.planned_steps = *steps;
    if (auto from = root["model"]["from"].value<std::string>())
        info.parent_model = *from;
    else if (auto preset = root["model"]["preset"].value<std::string>())
        info.parent_model = *preset;
    info.started_at = file_time_utc(config);
    return info;
}

namespace {
std::string last_line_of(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return "";
    // log.txt stays small (a line per validation and checkpoint), so reading it whole is fine.
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    const size_t start = text.rfind('\n');
    return start == std::string::npos ? text : text.substr(start + 1);
}
}  // namespace

RunStatus decide_run_status(const fs::path& dir, std::optional<int64_t> last_step,
                            std::optional<int64_t> planned_steps) {
    if (last_step && planned_steps && *last_step == *planned_steps) return RunStatus::finished;
    if (last_line_of(dir / "log.txt").find("stopped at step") != std::string::npos) return RunStatus::stopped;
    return RunStatus::running;
}

}  // namespace ipt
