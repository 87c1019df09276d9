#pragma once
// A thin RAII layer over the SQLite C API: the only place that turns SQLite
// result codes into exceptions, so every caller gets the same clear messages.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace ocop::sql {

class Statement;

class Database {
public:
    enum class Mode { OpenExisting, CreateIfMissing, ReadOnly };
    Database(const std::string& path, Mode mode);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    // Prepared statements are kept and reused: a sale runs a dozen of them,
    // and compiling each one anew would cost more than the fsync it waits on.
    Statement prepare(std::string_view sql);
    std::int64_t lastInsertRowId() const;
    int changes() const;
    // Rows this connection has inserted, updated or deleted since it opened
    // (rolled-back ones included): with data_version, which counts only other
    // connections' commits, it tells whether anything may have changed.
    std::int64_t totalChanges() const;
    // PRAGMA data_version: moves when another connection commits.
    std::int64_t dataVersion();
    // Inside BEGIN ... COMMIT (not autocommit).
    bool inTransaction() const;
    sqlite3* handle() const { return m_db; }
    const std::string& path() const { return m_path; }

    // Throws StorageError (or UserError for constraint failures) for rc.
    [[noreturn]] void fail(int rc, std::string_view what) const;

private:
    friend class Statement;
    sqlite3_stmt* takeCached(const std::string& sql);
    void giveBack(std::string sql, sqlite3_stmt* stmt);

    sqlite3* m_db = nullptr;
    std::string m_path;
    std::unordered_map<std::string, std::vector<sqlite3_stmt*>> m_idle; // reset, ready to bind
};

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bindNull(int index);

    // True while a row is available.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();

    std::int64_t integer(int column) const;
    std::string text(int column) const;
    bool isNull(int column) const;

private:
    Database* m_db;
    std::string m_sql; // the cache key; the statement goes back to it when done
    sqlite3_stmt* m_stmt = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted. IMMEDIATE
// takes the write lock up front so two processes never deadlock on upgrade.
// Opened inside another transaction it becomes a savepoint.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    void commit();
    // A savepoint inside a transaction the caller opened (not BEGIN ... COMMIT).
    bool nested() const { return m_nested; }

private:
    Database& m_db;
    bool m_nested = false;
    bool m_done = false;
};

} // namespace ocop::sql
