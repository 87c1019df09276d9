// SQLite behind SqlConnection: WAL, synchronous=FULL, a busy timeout, foreign
// keys on, write transactions BEGIN IMMEDIATE (one writer at a time).
#include "sql.h"

#include <sqlite3.h>

#include <string>
#include <unordered_map>

namespace ocop::central {

namespace {

class SqliteConnection final : public SqlConnection {
public:
    explicit SqliteConnection(const std::string& path)
    {
        const int rc = sqlite3_open_v2(path.c_str(), &m_db,
                                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
        if (rc != SQLITE_OK) {
            std::string msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
            sqlite3_close(m_db);
            m_db = nullptr;
            throw StorageError("cannot open " + path + ": " + msg);
        }
        sqlite3_extended_result_codes(m_db, 1);
        sqlite3_busy_timeout(m_db, 15000);
        script("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    }
    ~SqliteConnection() override
    {
        for (auto& [_, st] : m_cache)
            sqlite3_finalize(st);
        sqlite3_close(m_db);
    }

    Dialect dialect() const override { return Dialect::Sqlite; }

    SqlRows query(std::string_view sql, const std::vector<SqlValue>& params) override
    {
        sqlite3_stmt* st = prepare(sql, params);
        SqlRows rows;
        for (;;) {
            const int rc = sqlite3_step(st);
            if (rc == SQLITE_DONE)
                break;
            if (rc != SQLITE_ROW)
                fail(rc, sql, st);
            SqlRow row;
            const int n = sqlite3_column_count(st);
            row.values.reserve(n);
            for (int i = 0; i < n; ++i) {
                switch (sqlite3_column_type(st, i)) {
                case SQLITE_NULL: row.values.emplace_back(nullptr); break;
                case SQLITE_INTEGER: row.values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(st, i))); break;
                default: {
                    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
                    row.values.emplace_back(std::string(t ? t : "", sqlite3_column_bytes(st, i)));
                }
                }
            }
            rows.push_back(std::move(row));
        }
        sqlite3_reset(st);
        return rows;
    }

    std::int64_t exec(std::string_view sql, const std::vector<SqlValue>& params) override
    {
        sqlite3_stmt* st = prepare(sql, params);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE)
            fail(rc, sql, st);
        sqlite3_reset(st);
        return sqlite3_changes(m_db);
    }

    void script(std::string_view sql) override
    {
        char* err = nullptr;
        const std::string s(sql);
        const int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err);
        if (rc != SQLITE_OK) {
            std::string msg = err ? err : sqlite3_errstr(rc);
            sqlite3_free(err);
            throw StorageError("SQLite: " + msg);
        }
    }

    void insertRows(std::string_view table, std::string_view columns, const RowBuffer& rows) override
    {
        if (rows.empty())
            return;
        if (!rows.whole())
            throw StorageError("insertRows: values are not whole rows");
        // Chunks of kRows rows share one cached statement; the rest go one
        // row at a time, so only two statements per table are ever cached.
        // Text is bound in place (SQLITE_STATIC): the buffer outlives the step.
        constexpr std::size_t kRows = 32;
        const std::size_t ncols = rows.ncols();
        const std::size_t nrows = rows.rows();
        std::string one = "(";
        for (std::size_t i = 0; i < ncols; ++i)
            one += i ? ",?" : "?";
        one += ')';
        const std::string head = "INSERT INTO " + std::string(table) + " (" + std::string(columns) + ") VALUES ";
        std::string manySql, oneSql = head + one;
        sqlite3_stmt* many = nullptr;
        sqlite3_stmt* single = prepareOnly(oneSql);
        if (nrows >= kRows) {
            manySql = head;
            for (std::size_t i = 0; i < kRows; ++i)
                manySql += (i ? "," : "") + one;
            many = prepareOnly(manySql);
        }
        const auto& cells = rows.cells();
        const char* arena = rows.arena().data();
        for (std::size_t row = 0; row < nrows;) {
            const std::size_t n = nrows - row >= kRows ? kRows : 1;
            sqlite3_stmt* st = n == kRows ? many : single;
            sqlite3_reset(st);
            int p = 1;
            for (std::size_t i = row * ncols; i < (row + n) * ncols; ++i, ++p) {
                const auto& c = cells[i];
                if (c.kind == RowBuffer::Kind::Integer)
                    sqlite3_bind_int64(st, p, c.value);
                else if (c.kind == RowBuffer::Kind::Text)
                    sqlite3_bind_text(st, p, arena + c.value, static_cast<int>(c.size), SQLITE_STATIC);
                else if (c.kind == RowBuffer::Kind::Blob)
                    sqlite3_bind_blob(st, p, arena + c.value, static_cast<int>(c.size), SQLITE_STATIC);
                else
                    sqlite3_bind_null(st, p);
            }
            const int rc = sqlite3_step(st);
            if (rc != SQLITE_DONE)
                fail(rc, n == kRows ? manySql : oneSql, st);
            sqlite3_reset(st);
            row += n;
        }
    }

    void begin(bool write) override { script(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
    void commit() override { script("COMMIT"); }
    void rollback() override
    {
        if (!sqlite3_get_autocommit(m_db))
            script("ROLLBACK");
    }

private:
    sqlite3_stmt* prepareOnly(std::string_view sql)
    {
        std::string key(sql);
        auto it = m_cache.find(key);
        if (it != m_cache.end())
            return it->second;
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v3(m_db, key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &st,
                               nullptr) != SQLITE_OK)
            throw StorageError(std::string("SQLite: ") + sqlite3_errmsg(m_db) + " in: " + key);
        m_cache.emplace(std::move(key), st);
        return st;
    }

    sqlite3_stmt* prepare(std::string_view sql, const std::vector<SqlValue>& params)
    {
        std::string key(sql);
        auto it = m_cache.find(key);
        sqlite3_stmt* st = nullptr;
        if (it == m_cache.end()) {
            if (sqlite3_prepare_v3(m_db, key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &st,
                                   nullptr) != SQLITE_OK)
                throw StorageError(std::string("SQLite: ") + sqlite3_errmsg(m_db) + " in: " + key);
            m_cache.emplace(std::move(key), st);
        } else {
            st = it->second;
        }
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        int i = 1;
        for (const auto& p : params) {
            if (const auto* n = std::get_if<std::int64_t>(&p))
                sqlite3_bind_int64(st, i, *n);
            else if (const auto* s = std::get_if<std::string>(&p))
                sqlite3_bind_text(st, i, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(st, i);
            ++i;
        }
        return st;
    }

    [[noreturn]] void fail(int rc, std::string_view sql, sqlite3_stmt* st)
    {
        std::string msg = std::string("SQLite: ") + sqlite3_errmsg(m_db) + " in: " + std::string(sql.substr(0, 120));
        sqlite3_reset(st);
        if ((rc & 0xff) == SQLITE_CONSTRAINT)
            throw ConstraintError(msg);
        throw StorageError(msg);
    }

    sqlite3* m_db = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> m_cache;
};

} // namespace

std::unique_ptr<SqlConnection> openSqlite(const std::string& path) { return std::make_unique<SqliteConnection>(path); }

} // namespace ocop::central
