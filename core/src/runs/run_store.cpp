#include "ipt/runs/run_store.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <thread>

#include "ipt/common/error.h"
#include "ipt/runs/metrics_tailer.h"
#include "ipt/runs/results_file.h"
#include "sqlite.h"

namespace fs = std::filesystem;

namespace ipt {

using runs_detail::BusyError;
using runs_detail::Database;
using runs_detail::Statement;

namespace {

// Schema migrations, oldest first: entry i takes the database from user_version i to i + 1. Released
// entries never change; a new schema appends an entry.
const std::vector<const char*>& migrations() {
    static const std::vector<const char*> list = {
        // 1: runs, metrics, results; the tail_* columns remember how far update_run() read metrics.jsonl.
        R"sql(
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('train', 'synth', 'vocab', 'eval')),
            status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'stopped', 'unknown')),
            config TEXT NOT NULL DEFAULT '',
            parent_model TEXT NOT NULL DEFAULT '',
            directory TEXT NOT NULL DEFAULT '',
            started_at TEXT NOT NULL DEFAULT '',
            ended_at TEXT NOT NULL DEFAULT '',
            tail_offset INTEGER NOT NULL DEFAULT 0,
            tail_line INTEGER NOT NULL DEFAULT 0,
            tail_inode INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE metrics (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            step INTEGER NOT NULL,
            name TEXT NOT NULL,
            value REAL,
            PRIMARY KEY (run_id, step, name)
        ) WITHOUT ROWID;
        CREATE INDEX metrics_by_name ON metrics(run_id, name, step);
        CREATE TABLE results (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            task TEXT NOT NULL,
            metric TEXT NOT NULL,
            value REAL,
            stderr REAL,
            n_shot INTEGER,
            samples INTEGER,
            PRIMARY KEY (run_id, task, metric)
        );
        )sql",
    };
    return list;
}

int read_user_version(Database& db) {
    Statement s(db, "PRAGMA user_version");
    return s.step() ? int(s.column_int(0)) : 0;
}

RunInfo read_run_row(const Statement& s) {
    RunInfo r;
    r.id = s.column_int(0);
    r.name = s.column_text(1);
    // The table's CHECK constraints hold the names of run_kind.h, so these always parse.
    r.kind = parse_run_kind(s.column_text(2)).value_or(RunKind::train);
    r.status = run_status_from_string(s.column_text(3));
    r.config = s.column_text(4);
    r.parent_model = s.column_text(5);
    r.directory = s.column_text(6);
    r.started_at = s.column_text(7);
    r.ended_at = s.column_text(8);
    r.metric_rows = s.column_int(9);
    r.result_rows = s.column_int(10);
    return r;
}

constexpr const char* kRunColumns =
    "SELECT r.id, r.name, r.kind, r.status, r.config, r.parent_model, r.directory, r.started_at, r.ended_at, "
    "(SELECT count(*) FROM metrics m WHERE m.run_id = r.id), "
    "(SELECT count(*) FROM results x WHERE x.run_id = r.id) FROM runs r ";

void insert_metrics(Database& db, int64_t run_id, const std::vector<MetricRecord>& records) {
    // A step logged twice (a resumed run that did not trim) keeps its latest value.
    Statement insert(db,
                     "INSERT INTO metrics (run_id, step, name, value) VALUES (?1, ?2, ?3, ?4) "
                     "ON CONFLICT (run_id, step, name) DO UPDATE SET value = excluded.value");
    for (const MetricRecord& record : records)
        for (const auto& [name, value] : record.values) {
            insert.bind(1, run_id).bind(2, record.step).bind(3, name).bind(4, value);
            insert.run();
        }
}

void save_tail(Database& db, int64_t run_id, const TailPosition& p, RunStatus status,
               const std::string& ended_at) {
    Statement s(
        db,
        "UPDATE runs SET tail_offset = ?2, tail_line = ?3, tail_inode = ?4, status = ?5, ended_at = ?6 "
        "WHERE id = ?1");
    s.bind(1, run_id).bind(2, int64_t(p.offset)).bind(3, int64_t(p.line)).bind(4, int64_t(p.inode));
    s.bind(5, std::string(to_string(status))).bind(6, ended_at);
    s.run();
}

std::string ended_at_for(RunStatus status, const fs::path& dir) {
    if (status != RunStatus::finished && status != RunStatus::stopped) return "";
    return file_time_utc(dir / "metrics.jsonl");
}

}  // namespace

bool higher_is_better(const std::string& metric) {
    for (const char* prefix : {"acc", "f1", "exact_match", "em", "bleu", "rouge", "mcc", "pass@", "mc1",
                               "mc2", "tokens_per_s", "chrf", "ter_"})
        if (metric.rfind(prefix, 0) == 0) return true;
    return false;
}

int RunStore::latest_schema_version() {
    return int(migrations().size());
}

RunStore::RunStore(const fs::path& workspace) {
    std::error_code ec;
    fs::create_directories(workspace, ec);
    if (ec) throw FileError(workspace.string(), "cannot create the workspace folder: " + ec.message());
    path_ = workspace / kFileName;
    db_ = std::make_unique<Database>(path_.string());
    // Switching to WAL needs a moment of exclusive access; a second process opening the same new
    // database at the same time may see it busy, so this retries like a write does.
    for (int attempt = 1;; ++attempt) {
        try {
            db_->exec("PRAGMA journal_mode = WAL");
            break;
        } catch (const BusyError&) {
            if (attempt == 20) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
        }
    }
    // NORMAL is safe against corruption in WAL mode; only the last commits may be lost on power loss.
    db_->exec("PRAGMA synchronous = NORMAL");
    db_->exec("PRAGMA foreign_keys = ON");
    migrate();
}

RunStore::~RunStore() = default;

void RunStore::migrate() {
    const int latest = latest_schema_version();
    if (read_user_version(*db_) >= latest) return;
    db_->write_transaction([&] {
        migrations_applied_ = 0;
        // Re-read under the write lock: another process may have migrated while this one waited.
        const int current = read_user_version(*db_);
        if (current > latest)
            throw FileError(path_.string(), "schema version " + std::to_string(current) +
                                                " is newer than this program knows (" +
                                                std::to_string(latest) + "); use a newer ipt");
        for (int v = current; v < latest; ++v) {
            db_->exec(migrations()[size_t(v)]);
            ++migrations_applied_;
        }
        // PRAGMA takes no parameters; the value is this program's own constant.
        db_->exec("PRAGMA user_version = " + std::to_string(latest));
    });
}

int RunStore::schema_version() const {
    return read_user_version(*db_);
}

std::string RunStore::integrity_check() const {
    Statement s(*db_, "PRAGMA integrity_check");
    std::string out;
    while (s.step()) out += (out.empty() ? "" : "\n") + s.column_text(0);
    return out;
}

int64_t RunStore::upsert_run(const RunInfo& r) {
    Statement s(
        *db_,
        "INSERT INTO runs (name, kind, status, config, parent_model, directory, started_at, ended_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
        "status = excluded.status, config = excluded.config, parent_model = excluded.parent_model, "
        "directory = excluded.directory, started_at = excluded.started_at, ended_at = excluded.ended_at");
    s.bind(1, r.name).bind(2, std::string(to_string(r.kind))).bind(3, std::string(to_string(r.status)));
    s.bind(4, r.config).bind(5, r.parent_model);
    s.bind(6, r.directory).bind(7, r.started_at).bind(8, r.ended_at);
    s.run();
    Statement id(*db_, "SELECT id FROM runs WHERE name = ?1");
    id.bind(1, r.name);
    if (!id.step()) throw Error(path_.string() + ": run '" + r.name + "' vanished during its own insert");
    return id.column_int(0);
}

namespace {

// Strict callers (no `problems`) get the first malformed line as the error it is.
void take_problems(const MetricsTailer::Poll& poll, std::vector<std::string>* problems) {
    if (poll.problems.empty()) return;
    if (!problems) throw Error(poll.problems.front());
    problems->insert(problems->end(), poll.problems.begin(), poll.problems.end());
}

}  // namespace

RunInfo RunStore::import_run(const fs::path& dir_in, const std::string& name,
                             std::vector<std::string>* problems) {
    fs::path dir = fs::absolute(dir_in).lexically_normal();
    if (!dir.has_filename()) dir = dir.parent_path();  // "runs/a/" names "a"
    const RunDirectoryInfo info = read_run_directory(dir);
    // Read and parse everything before the transaction: the write lock is then held only for the inserts.
    MetricsTailer tailer(dir);
    tailer.set_planned_steps(info.planned_steps);
    const MetricsTailer::Poll poll = tailer.poll();
    take_problems(poll, problems);

    RunInfo run;
    run.name = name.empty() ? dir.filename().string() : name;
    if (run.name.empty())
        throw UsageError("cannot derive a run name from '" + dir_in.string() + "'; give --name");
    run.kind = RunKind::train;
    run.status = poll.status;
    run.config = info.config_text;
    run.parent_model = info.parent_model;
    run.directory = dir.string();
    run.started_at = info.started_at;
    run.ended_at = ended_at_for(poll.status, dir);
    db_->write_transaction([&] {
        const int64_t id = upsert_run(run);
        Statement clear(*db_, "DELETE FROM metrics WHERE run_id = ?1");
        clear.bind(1, id);
        clear.run();
        insert_metrics(*db_, id, poll.records);
        save_tail(*db_, id, tailer.position(), run.status, run.ended_at);
    });
    return this->run(run.name);
}

RunInfo RunStore::record_run(const RunInfo& run, const std::vector<std::pair<std::string, double>>& figures) {
    if (run.name.empty()) throw UsageError("a run needs a name to be recorded under");
    db_->write_transaction([&] {
        const int64_t id = upsert_run(run);
        Statement clear(*db_, "DELETE FROM metrics WHERE run_id = ?1 AND step = 0");
        clear.bind(1, id);
        clear.run();
        Statement insert(*db_, "INSERT INTO metrics (run_id, step, name, value) VALUES (?1, 0, ?2, ?3)");
        for (const auto& [name, value] : figures) {
            insert.bind(1, id).bind(2, name);
            if (std::isfinite(value))
                insert.bind(3, value);
            else
                insert.bind_null(3);
            insert.run();
        }
    });
    return this->run(run.name);
}

RunInfo RunStore::import_results(const fs::path& file, const std::string& run_name) {
    if (run_name.empty()) throw UsageError("results need a run name to be filed under (--name)");
    const std::vector<ResultEntry> entries = read_results_file(file);
    db_->write_transaction([&] {
        Statement create(*db_,
                         "INSERT INTO runs (name, kind, status, directory, started_at, ended_at) "
                         "VALUES (?1, ?4, ?5, ?2, ?3, ?3) ON CONFLICT (name) DO NOTHING");
        const std::string when = file_time_utc(file);
        create.bind(1, run_name).bind(2, fs::absolute(file).parent_path().string()).bind(3, when);
        create.bind(4, std::string(to_string(RunKind::eval)));
        create.bind(5, std::string(to_string(RunStatus::finished)));
        create.run();
        Statement id(*db_, "SELECT id FROM runs WHERE name = ?1");
        id.bind(1, run_name);
        if (!id.step())
            throw Error(path_.string() + ": run '" + run_name + "' vanished during its own insert");
        const int64_t run_id = id.column_int(0);
        Statement insert(
            *db_,
            "INSERT INTO results (run_id, task, metric, value, stderr, n_shot, samples) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (run_id, task, metric) DO UPDATE SET "
            "value = excluded.value, stderr = excluded.stderr, n_shot = excluded.n_shot, "
            "samples = excluded.samples");
        for (const ResultEntry& e : entries) {
            insert.bind(1, run_id).bind(2, e.task).bind(3, e.metric).bind(4, e.value).bind(5, e.stderr_);
            insert.bind(6, e.n_shot).bind(7, e.samples);
            insert.run();
        }
    });
    return run(run_name);
}

int64_t RunStore::update_run(const std::string& name, std::vector<std::string>* problems) {
    const RunInfo info = run(name);
    if (info.directory.empty() || info.kind != RunKind::train) return 0;
    TailPosition start;
    {
        Statement s(*db_, "SELECT tail_offset, tail_line, tail_inode FROM runs WHERE id = ?1");
        s.bind(1, info.id);
        if (s.step())
            start = {uint64_t(s.column_int(0)), uint64_t(s.column_int(1)), uint64_t(s.column_int(2))};
    }
    MetricsTailer tailer(info.directory, start);
    {
        Statement s(*db_, "SELECT max(step) FROM metrics WHERE run_id = ?1");
        s.bind(1, info.id);
        if (s.step() && !s.column_is_null(0)) tailer.set_last_step(s.column_int(0));
    }
    const MetricsTailer::Poll poll = tailer.poll();
    take_problems(poll, problems);
    const RunStatus status = poll.status;
    const std::string ended_at = ended_at_for(poll.status, info.directory);
    db_->write_transaction([&] {
        if (poll.restarted) {
            Statement clear(*db_, "DELETE FROM metrics WHERE run_id = ?1");
            clear.bind(1, info.id);
            clear.run();
        }
        insert_metrics(*db_, info.id, poll.records);
        save_tail(*db_, info.id, tailer.position(), status, ended_at);
    });
    return int64_t(poll.records.size());
}

std::optional<RunInfo> RunStore::find_run(const std::string& name) const {
    Statement s(*db_, (std::string(kRunColumns) + "WHERE r.name = ?1").c_str());
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    return read_run_row(s);
}

RunInfo RunStore::run(const std::string& name) const {
    if (auto r = find_run(name)) return *r;
    throw UsageError("no run named '" + name + "' in " + path_.string());
}

std::vector<RunInfo> RunStore::list_runs(const RunFilter& f) const {
    Statement s(*db_,
                (std::string(kRunColumns) + "WHERE (?1 = '' OR r.kind = ?1) AND (?2 = '' OR r.status = ?2) "
                                            "AND (?3 = '' OR instr(r.name, ?3) > 0) ORDER BY r.name")
                    .c_str());
    s.bind(1, f.kind ? std::string(to_string(*f.kind)) : std::string());
    s.bind(2, f.status ? std::string(to_string(*f.status)) : std::string());
    s.bind(3, f.name_contains);
    std::vector<RunInfo> out;
    while (s.step()) out.push_back(read_run_row(s));
    return out;
}

std::vector<std::string> RunStore::metric_names(const std::string& name) const {
    const RunInfo r = run(name);
    Statement s(*db_, "SELECT DISTINCT name FROM metrics WHERE run_id = ?1 ORDER BY name");
    s.bind(1, r.id);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.column_text(0));
    return out;
}

AlignedMetric RunStore::aligned_metric(const std::vector<std::string>& runs,
                                       const std::string& metric) const {
    AlignedMetric out;
    out.metric = metric;
    out.runs = runs;
    std::map<int64_t, std::vector<std::optional<double>>> by_step;
    Statement s(*db_, "SELECT step, value FROM metrics WHERE run_id = ?1 AND name = ?2 ORDER BY step");
    for (size_t j = 0; j < runs.size(); ++j) {
        s.bind(1, run(runs[j]).id).bind(2, metric);
        while (s.step()) {
            auto& values = by_step[s.column_int(0)];
            values.resize(runs.size());
            values[j] = s.column_double(1);
        }
        s.reset();
    }
    for (auto& [step, values] : by_step) out.rows.push_back({step, std::move(values)});
    return out;
}

MetricSummary RunStore::summarize_metric(const std::string& name, const std::string& metric) const {
    MetricSummary out;
    out.run = name;
    out.metric = metric;
    const bool higher = higher_is_better(metric);
    Statement s(*db_,
                "SELECT step, value FROM metrics WHERE run_id = ?1 AND name = ?2 AND value IS NOT NULL ORDER "
                "BY step");
    s.bind(1, run(name).id).bind(2, metric);
    while (s.step()) {
        const int64_t step = s.column_int(0);
        const double v = *s.column_double(1);
        ++out.count;
        out.last = v;
        out.last_step = step;
        out.min = out.min ? std::min(*out.min, v) : v;
        out.max = out.max ? std::max(*out.max, v) : v;
        if (!out.best || (higher ? v > *out.best : v < *out.best)) {
            out.best = v;
            out.best_step = step;
        }
    }
    return out;
}

std::vector<ResultRow> RunStore::results(const std::string& name) const {
    Statement s(*db_,
                "SELECT task, metric, value, stderr, n_shot, samples FROM results WHERE run_id = ?1 "
                "ORDER BY task, metric");
    s.bind(1, run(name).id);
    std::vector<ResultRow> out;
    while (s.step()) {
        ResultRow r;
        r.task = s.column_text(0);
        r.metric = s.column_text(1);
        r.value = s.column_double(2);
        r.stderr_ = s.column_double(3);
        if (!s.column_is_null(4)) r.n_shot = s.column_int(4);
        if (!s.column_is_null(5)) r.samples = s.column_int(5);
        out.push_back(std::move(r));
    }
    return out;
}

ResultsTable RunStore::results_table(std::vector<std::string> runs, const std::string& metric,
                                     const std::string& baseline) const {
    if (runs.empty()) {
        Statement s(
            *db_,
            "SELECT DISTINCT r.name FROM runs r JOIN results x ON x.run_id = r.id WHERE x.metric = ?1 "
            "ORDER BY r.name");
        s.bind(1, metric);
        while (s.step()) runs.push_back(s.column_text(0));
    }
    if (!baseline.empty() && std::find(runs.begin(), runs.end(), baseline) == runs.end())
        runs.insert(runs.begin(), baseline);
    ResultsTable out;
    out.metric = metric;
    out.baseline = baseline;
    out.runs = runs;
    struct Cell {
        std::optional<double> value, stderr_;
        std::optional<int64_t> samples;
    };
    std::vector<std::map<std::string, Cell>> by_run(runs.size());
    std::set<std::string> tasks;
    Statement s(*db_, "SELECT task, value, stderr, samples FROM results WHERE run_id = ?1 AND metric = ?2");
    for (size_t r = 0; r < runs.size(); ++r) {
        s.bind(1, run(runs[r]).id).bind(2, metric);
        while (s.step()) {
            tasks.insert(s.column_text(0));
            Cell cell{s.column_double(1), s.column_double(2), std::nullopt};
            if (!s.column_is_null(3)) cell.samples = s.column_int(3);
            by_run[r][s.column_text(0)] = cell;
        }
        s.reset();
    }
    out.tasks.assign(tasks.begin(), tasks.end());
    const size_t base =
        baseline.empty() ? runs.size() : size_t(std::find(runs.begin(), runs.end(), baseline) - runs.begin());
    for (size_t r = 0; r < runs.size(); ++r) {
        std::vector<std::optional<double>> values, stderrs, deltas;
        std::vector<std::optional<int64_t>> samples;
        for (const std::string& task : out.tasks) {
            const auto it = by_run[r].find(task);
            const Cell cell = it == by_run[r].end() ? Cell{} : it->second;
            values.push_back(cell.value);
            stderrs.push_back(cell.stderr_);
            samples.push_back(cell.samples);
            std::optional<double> delta;
            if (base < runs.size()) {
                const auto b = by_run[base].find(task);
                if (cell.value && b != by_run[base].end() && b->second.value)
                    delta = *cell.value - *b->second.value;
            }
            deltas.push_back(delta);
        }
        out.values.push_back(std::move(values));
        out.stderrs.push_back(std::move(stderrs));
        out.deltas.push_back(std::move(deltas));
        out.samples.push_back(std::move(samples));
    }
    return out;
}

void RunStore::remove_run(const std::string& name) {
    const int64_t id = run(name).id;
    db_->write_transaction([&] {
        Statement s(*db_,
                    "DELETE FROM runs WHERE id = ?1");  // metrics and results follow (ON DELETE CASCADE)
        s.bind(1, id);
        s.run();
    });
}

TextTable to_table(const std::vector<RunInfo>& runs) {
    TextTable t;
    t.header = {"name",        "kind",       "status",   "parent_model", "metric_rows",
                "result_rows", "started_at", "ended_at", "directory"};
    for (const RunInfo& r : runs)
        t.rows.push_back({r.name, to_string(r.kind), to_string(r.status), r.parent_model,
                          std::to_string(r.metric_rows), std::to_string(r.result_rows), r.started_at,
                          r.ended_at, r.directory});
    return t;
}

TextTable to_table(const AlignedMetric& m) {
    TextTable t;
    t.header = {"step"};
    for (const std::string& run : m.runs) t.header.push_back(run);
    for (const AlignedMetric::Row& row : m.rows) {
        std::vector<std::string> cells{std::to_string(row.step)};
        for (const auto& v : row.values) cells.push_back(format_number(v));
        t.rows.push_back(std::move(cells));
    }
    return t;
}

TextTable to_table(const std::vector<MetricSummary>& summaries) {
    TextTable t;
    t.header = {"run", "metric", "count", "last", "last_step", "best", "best_step", "min", "max"};
    auto step = [](const std::optional<int64_t>& s) { return s ? std::to_string(*s) : std::string(); };
    for (const MetricSummary& s : summaries)
        t.rows.push_back({s.run, s.metric, std::to_string(s.count), format_number(s.last), step(s.last_step),
                          format_number(s.best), step(s.best_step), format_number(s.min),
                          format_number(s.max)});
    return t;
}

TextTable to_table(const ResultsTable& table) {
    TextTable t;
    t.header = {"run"};
    for (const std::string& task : table.tasks) {
        t.header.push_back(task);
        if (!table.baseline.empty()) t.header.push_back(task + " delta");
    }
    for (size_t r = 0; r < table.runs.size(); ++r) {
        std::vector<std::string> cells{table.runs[r]};
        for (size_t k = 0; k < table.tasks.size(); ++k) {
            cells.push_back(format_number(table.values[r][k]));
            if (!table.baseline.empty()) {
                const auto& d = table.deltas[r][k];
                cells.push_back(d ? (*d > 0 ? "+" : "") + format_number(d) : "");
            }
        }
        t.rows.push_back(std::move(cells));
    }
    return t;
}

}  // namespace ipt
