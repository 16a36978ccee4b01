#include "sqlite.h"

#include <chrono>
#include <cmath>
#include <thread>

#include "ipt/common/error.h"

namespace ipt::runs_detail {

namespace {
bool is_busy(int code) {
    const int primary = code & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}
}  // namespace

Database::Database(const std::string& path) : path_(path) {
    const int rc = sqlite3_open_v2(
        path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw FileError(path, "cannot open the workspace database: " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    // Another process may hold the write lock for a while (a large import); wait rather than fail.
    sqlite3_busy_timeout(db_, 30000);
}

Database::~Database() {
    if (db_) sqlite3_close_v2(db_);
}

void Database::fail(int code, const std::string& what) {
    const std::string message = path_ + ": " + what + ": " + sqlite3_errmsg(db_);
    if (is_busy(code)) throw BusyError(message);
    throw Error(message);
}

void Database::exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        const std::string message =
            path_ + ": " + (error ? error : sqlite3_errstr(rc)) + " (in: " + sql + ")";
        sqlite3_free(error);
        if (is_busy(rc)) throw BusyError(message);
        throw Error(message);
    }
}

void Database::write_transaction(const std::function<void()>& body) {
    constexpr int kAttempts = 5;
    for (int attempt = 1;; ++attempt) {
        try {
            exec("BEGIN IMMEDIATE");
        } catch (const BusyError&) {
            if (attempt == kAttempts) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
            continue;
        }
        try {
            body();
            exec("COMMIT");
            return;
        } catch (const BusyError&) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            if (attempt == kAttempts) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
        } catch (...) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }
}

Statement::Statement(Database& db, const char* sql) : db_(db), sql_(sql) {
    const int rc = sqlite3_prepare_v2(db.handle(), sql, -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) db_.fail(rc, std::string("cannot prepare \"") + sql + "\"");
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (std::isnan(value)) return bind_null(index);
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
    sqlite3_bind_text(stmt_, index, value.data(), int(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, std::optional<double> value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind(int index, std::optional<int64_t> value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(stmt_);
    db_.fail(rc, "\"" + sql_ + "\" failed");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

int64_t Statement::column_int(int index) const {
    return sqlite3_column_int64(stmt_, index);
}

std::optional<double> Statement::column_double(int index) const {
    if (column_is_null(index)) return std::nullopt;
    return sqlite3_column_double(stmt_, index);
}

std::string Statement::column_text(int index) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    return text ? std::string(text, size_t(sqlite3_column_bytes(stmt_, index))) : std::string();
}

bool Statement::column_is_null(int index) const {
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

}  // namespace ipt::runs_detail
