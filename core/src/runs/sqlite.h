#pragma once
// A thin RAII layer over the SQLite C API, private to runs/: a connection and prepared statements whose
// errors become ipt::Error naming the database file and the statement. Every value reaches SQLite
// through bind(), never through string concatenation.
#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace ipt::runs_detail {

class Database;

class Statement {
  public:
    Statement(Database& db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in SQLite. An empty optional binds NULL; so does a NaN double, which
    // SQLite would store as NULL anyway.
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, std::optional<double> value);
    Statement& bind(int index, std::optional<int64_t> value);
    Statement& bind_null(int index);

    // Runs one step: true while a row is available. Throws on errors (SQLITE_BUSY included; the
    // transaction around it decides whether to retry).
    bool step();
    // Steps to completion, for statements without results; resets so that the statement can be reused.
    void run();
    void reset();

    int64_t column_int(int index) const;
    std::optional<double> column_double(int index) const;  // NULL -> nullopt
    std::string column_text(int index) const;              // NULL -> ""
    bool column_is_null(int index) const;

  private:
    Database& db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
};

// Thrown for SQLITE_BUSY / SQLITE_LOCKED after the busy timeout ran out, so that callers can retry.
class BusyError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class Database {
  public:
    explicit Database(const std::string& path);  // opens or creates; throws FileError
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const std::string& sql);
    // Runs `body` inside BEGIN IMMEDIATE ... COMMIT: the write lock is taken up front, so two writers
    // queue on the busy timeout instead of failing when a read transaction would have to upgrade. If
    // the database stays busy beyond the timeout, the whole transaction is retried a few times; any
    // other exception rolls back and propagates.
    void write_transaction(const std::function<void()>& body);

    sqlite3* handle() { return db_; }
    const std::string& path() const { return path_; }
    [[noreturn]] void fail(int code, const std::string& what);

  private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

}  // namespace ipt::runs_detail
