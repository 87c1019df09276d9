#include "store/sqlite_db.h"

#include "core/errors.h"

#include <sqlite3.h>

#include <string>

namespace ocop::sql {

namespace {
std::string describe(int rc, sqlite3* db)
{
    const char* msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return msg ? msg : sqlite3_errstr(rc);
}
} // namespace

Database::Database(const std::string& path, Mode mode) : m_path(path)
{
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case Mode::OpenExisting: flags |= SQLITE_OPEN_READWRITE; break;
    case Mode::CreateIfMissing: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case Mode::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
    }
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = describe(rc, m_db);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StorageError("cannot open database " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(m_db, 1);
    // Another process (the sync agent, the CLI) may hold the write lock for a
    // moment; wait for it rather than failing a cashier's sale.
    sqlite3_busy_timeout(m_db, 5000);
}

Database::~Database()
{
    for (auto& [sql, stmts] : m_idle)
        for (auto* st : stmts)
            sqlite3_finalize(st);
    if (m_db)
        sqlite3_close_v2(m_db);
}

sqlite3_stmt* Database::takeCached(const std::string& sql)
{
    auto it = m_idle.find(sql);
    if (it == m_idle.end() || it->second.empty())
        return nullptr;
    auto* st = it->second.back();
    it->second.pop_back();
    return st;
}

void Database::giveBack(std::string sql, sqlite3_stmt* stmt)
{
    // Reset at once: a statement left mid-step would hold a read snapshot
    // open between transactions.
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    m_idle[std::move(sql)].push_back(stmt);
}

void Database::fail(int rc, std::string_view what) const
{
    const std::string detail = describe(rc, m_db);
    const int primary = rc & 0xff;
    switch (primary) {
    case SQLITE_CONSTRAINT:
        throw UserError(std::string(what) + ": " + detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw StorageError("the database " + m_path + " is locked by another process; try again");
    case SQLITE_FULL:
        throw StorageError("the disk is full; nothing was saved (" + m_path + ")");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        throw StorageError("the database " + m_path + " is damaged or not an OCOP POS database (" + detail + ")");
    case SQLITE_READONLY:
        throw StorageError("the database " + m_path + " is read-only");
    case SQLITE_IOERR:
        throw StorageError("disk error on " + m_path + ": " + detail);
    default:
        throw StorageError(std::string(what) + ": " + detail);
    }
}

void Database::exec(std::string_view sql)
{
    char* err = nullptr;
    const std::string s(sql);
    const int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err);
    if (err)
        sqlite3_free(err);
    if (rc != SQLITE_OK)
        fail(rc, "SQL failed");
}

Statement Database::prepare(std::string_view sql) { return Statement(*this, sql); }

std::int64_t Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }
std::int64_t Database::totalChanges() const { return sqlite3_total_changes64(m_db); }

std::int64_t Database::dataVersion()
{
    auto st = prepare("PRAGMA data_version");
    st.step();
    return st.integer(0);
}

Statement::Statement(Database& db, std::string_view sql) : m_db(&db), m_sql(sql)
{
    m_stmt = db.takeCached(m_sql);
    if (m_stmt)
        return;
    const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &m_stmt, nullptr);
    if (rc != SQLITE_OK)
        db.fail(rc, "preparing SQL");
}

Statement::~Statement()
{
    if (m_stmt)
        m_db->giveBack(std::move(m_sql), m_stmt);
}

Statement::Statement(Statement&& other) noexcept : m_db(other.m_db), m_sql(std::move(other.m_sql)), m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

Statement& Statement::bind(int index, std::int64_t value)
{
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK)
        m_db->fail(rc, "binding");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value)
{
    const int rc = sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
        m_db->fail(rc, "binding");
    return *this;
}

Statement& Statement::bindNull(int index)
{
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK)
        m_db->fail(rc, "binding");
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    sqlite3_reset(m_stmt);
    m_db->fail(rc, "SQL step");
}

void Statement::run()
{
    while (step()) {
    }
    sqlite3_reset(m_stmt);
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(m_stmt, column); }

std::string Statement::text(int column) const
{
    const auto* p = sqlite3_column_text(m_stmt, column);
    if (!p)
        return {};
    return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

bool Database::inTransaction() const { return sqlite3_get_autocommit(m_db) == 0; }

Transaction::Transaction(Database& db) : m_db(db), m_nested(sqlite3_get_autocommit(db.handle()) == 0)
{
    // Inside an open transaction a savepoint lets a store operation compose
    // with others and still undo only its own part on failure.
    // Kept prepared like any statement: every sale begins and commits one.
    m_db.prepare(m_nested ? "SAVEPOINT nested" : "BEGIN IMMEDIATE").run();
}

Transaction::~Transaction()
{
    if (!m_done) {
        try {
            m_db.exec(m_nested ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK");
        } catch (...) {
            // The transaction may already be gone (SQLite rolls back on some
            // errors by itself); there is nothing more to undo.
        }
    }
}

void Transaction::commit()
{
    m_db.prepare(m_nested ? "RELEASE nested" : "COMMIT").run();
    m_done = true;
}

} // namespace ocop::sql
