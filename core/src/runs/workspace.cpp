#include "ipt/runs/workspace.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <set>

#include "ipt/common/error.h"

namespace fs = std::filesystem;

namespace ipt {

namespace {

std::string stamp(const fs::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return "";
    return file.filename().string() + ":" + std::to_string(st.st_size) + ":" +
           std::to_string(int64_t(st.st_mtim.tv_sec)) + "." + std::to_string(int64_t(st.st_mtim.tv_nsec)) +
           ";";
}

std::vector<fs::path> subfolders(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        // Symlinked folders are not followed: a link to a parent would loop, one to a big tree is slow.
        if (it->is_symlink(ec) || !it->is_directory(ec)) continue;
        out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

void find_expansions(const fs::path& dir, int depth, std::vector<fs::path>& out) {
    std::error_code ec;
    if (fs::is_regular_file(dir / "expansion.json", ec)) out.push_back(dir.lexically_normal());
    if (depth <= 0) return;
    for (const fs::path& child : subfolders(dir)) find_expansions(child, depth - 1, out);
}

void stamp_reports(const fs::path& dir, int depth, std::string& signature) {
    for (const char* name : {"expansion.json", "report.json"}) {
        const std::string s = stamp(dir / name);
        if (!s.empty()) signature += dir.string() + "/" + s;
    }
    if (depth <= 0) return;
    for (const fs::path& child : subfolders(dir)) stamp_reports(child, depth - 1, signature);
}

// Absolute, normal, and without a trailing separator ("ws/" names the folder "ws").
fs::path folder_path(const fs::path& folder) {
    fs::path p = fs::absolute(folder).lexically_normal();
    if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
    return p;
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

}  // namespace

std::string utc_timestamp(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

Workspace::Workspace(fs::path root) : root_(std::move(root)) {}

bool Workspace::exists(const fs::path& folder) {
    std::error_code ec;
    return fs::is_regular_file(folder / RunStore::kFileName, ec);
}

std::shared_ptr<Workspace> Workspace::open(const fs::path& folder) {
    const fs::path root = folder_path(folder);
    std::error_code ec;
    if (!fs::is_directory(root, ec)) throw FileError(root.string(), "no such folder: not a workspace");
    if (!exists(root))
        throw FileError(root.string(),
                        std::string("not a workspace (it has no ") + RunStore::kFileName + ")");
    std::shared_ptr<Workspace> w(new Workspace(root));
    w->store_ = std::make_unique<RunStore>(root);
    return w;
}

std::shared_ptr<Workspace> Workspace::create(const fs::path& folder) {
    const fs::path root = folder_path(folder);
    std::shared_ptr<Workspace> w(new Workspace(root));
    w->store_ = std::make_unique<RunStore>(root);  // creates the folder and the index when absent
    return w;
}

fs::path Workspace::runs_folder() const {
    return root_ / "runs";
}

fs::path Workspace::pairs_folder() const {
    return root_ / "pairs";
}

fs::path Workspace::run_directory(const std::string& name) const {
    return runs_folder() / name;
}

std::string Workspace::run_name_problem(const std::string& name) {
    if (name.empty()) return "a run needs a name";
    if (name.size() > kMaxRunNameLength)
        return "run name '" + name.substr(0, 20) + "…' is longer than " + std::to_string(kMaxRunNameLength) +
               " characters";
    if (!std::all_of(name.begin(), name.end(), is_name_char))
        return "run names may use letters, digits, '.', '_' and '-' only: '" + name + "'";
    if (name.front() == '.' || name.front() == '-')
        return "run names may not start with '.' or '-': '" + name + "'";
    return "";
}

std::string Workspace::default_run_name(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    localtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "run-%Y%m%d-%H%M%S", &tm);
    return text;
}

bool Workspace::is_name_taken(const std::string& name) const {
    std::error_code ec;
    return store_->find_run(name).has_value() || fs::exists(run_directory(name), ec);
}

std::string Workspace::unique_run_name(const std::string& base) const {
    const std::string root = base.empty() ? std::string("run") : base;
    std::string name = root;
    for (int i = 2; is_name_taken(name); ++i) name = root + "-" + std::to_string(i);
    return name;
}

fs::path Workspace::new_run_directory(const std::string& name) const {
    const std::string problem = run_name_problem(name);
    if (!problem.empty()) throw UsageError(problem);
    if (is_name_taken(name))
        throw UsageError("a run named '" + name + "' already exists in " + root_.string() +
                         "; choose another name");
    return run_directory(name);
}

std::vector<fs::path> Workspace::run_directories() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const fs::path& dir : subfolders(runs_folder()))
        if (fs::is_regular_file(dir / "config.toml", ec)) out.push_back(dir);
    return out;
}

std::vector<std::string> Workspace::index_new_run_directories(std::vector<std::string>* problems) {
    std::set<fs::path> known;
    for (const RunInfo& run : store_->list_runs())
        if (!run.directory.empty()) known.insert(fs::path(run.directory).lexically_normal());
    std::vector<std::string> added;
    for (const fs::path& dir : run_directories()) {
        if (known.count(dir.lexically_normal())) continue;
        std::string name = dir.filename().string();
        if (store_->find_run(name)) name = "runs/" + name;
        try {
            added.push_back(store_->import_run(dir, name, problems).name);
        } catch (const std::exception& e) {
            if (problems) problems->push_back(e.what());
        }
    }
    return added;
}

std::vector<fs::path> Workspace::pairs_files() const {
    std::vector<std::pair<fs::file_time_type, fs::path>> found;
    std::error_code ec;
    for (fs::directory_iterator it(pairs_folder(), ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec) || it->path().extension() != ".jsonl") continue;
        found.emplace_back(fs::last_write_time(it->path(), ec), it->path());
    }
    // Newest first; equal times by name, so the order does not depend on the directory's.
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<fs::path> out;
    for (auto& f : found) out.push_back(std::move(f.second));
    return out;
}

std::vector<fs::path> find_expansion_folders(const fs::path& root, int depth) {
    std::vector<fs::path> out;
    find_expansions(folder_path(root), depth, out);
    return out;
}

std::vector<fs::path> Workspace::expansions() const {
    return find_expansion_folders(root_, kExpansionDepth);
}

std::string Workspace::runs_signature() const {
    std::string signature = stamp(root_ / RunStore::kFileName) + stamp(root_ / "workspace.db-wal");
    for (const fs::path& dir : subfolders(runs_folder())) signature += dir.filename().string() + "|";
    return signature;
}

std::string Workspace::expansions_signature() const {
    std::string signature;
    stamp_reports(root_, kExpansionDepth, signature);
    return signature;
}

RunInfo Workspace::record_job(const FinishedJob& job) {
    if (job.kind == RunKind::train)
        throw UsageError("training runs are indexed from their run directory, not recorded as jobs");
    fs::path out = fs::absolute(job.output).lexically_normal();
    if (!out.has_filename()) out = out.parent_path();
    std::error_code ec;
    const bool folder = fs::is_directory(out, ec);
    RunInfo run;
    run.name = !job.name.empty() ? job.name : folder ? out.filename().string() : out.stem().string();
    if (run.name.empty())
        throw UsageError("cannot derive a run name from '" + job.output.string() + "'; give one (--name)");
    run.kind = job.kind;
    run.status = job.status;
    run.config = job.summary.settings;
    run.parent_model = job.parent_model;
    run.directory = out.string();
    run.started_at = utc_timestamp(job.started);
    run.ended_at = utc_timestamp(job.ended);
    // A resumed job (synthesis continues a .partial output) started when its first part did.
    if (const auto earlier = store_->find_run(run.name))
        if (earlier->kind == run.kind && earlier->directory == run.directory &&
            (earlier->status == RunStatus::stopped || earlier->status == RunStatus::running) &&
            !earlier->started_at.empty() && earlier->started_at < run.started_at)
            run.started_at = earlier->started_at;
    return store_->record_run(run, job.summary.figures);
}

}  // namespace ipt
