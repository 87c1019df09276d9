#pragma once
// A thin SQL layer that lets one central store run on SQLite and on
// PostgreSQL: statements are written with '?' placeholders (rewritten to $n
// for libpq), values are NULL, int64 or text, and each connection caches its
// prepared statements. A connection is used by one thread at a time (the pool
// hands it out).
#include "core/errors.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ocop::central {

enum class Dialect { Sqlite, Postgres };

using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string>;

struct SqlRow {
    std::vector<SqlValue> values;
    bool isNull(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(values.at(i)); }
    std::int64_t integer(std::size_t i) const; // NULL -> 0; text is parsed (libpq returns text)
    std::string text(std::size_t i) const;     // NULL -> ""
};
using SqlRows = std::vector<SqlRow>;

// A BYTEA / BLOB value as bytes: SQLite gives them as they are, PostgreSQL
// in its text form ("\\x" and hex digits).
std::string bytesOf(Dialect d, const SqlRow& row, std::size_t i);

// A statement broke a UNIQUE, CHECK, NOT NULL or foreign-key constraint.
class ConstraintError : public StorageError {
public:
    using StorageError::StorageError;
};

// Rows for one table, gathered in memory and written in one go by
// SqlConnection::insertRows. Cells are appended left to right, ncols per
// row; text is copied into one arena, so a row costs no allocation of its
// own. mark()/rewind() drop whatever was appended after the mark.
class RowBuffer {
public:
    // Blob: bytes for a BYTEA (PostgreSQL) or BLOB (SQLite) column.
    enum class Kind : std::uint8_t { Null, Integer, Text, Blob };
    struct Cell {
        Kind kind;
        std::uint32_t size;  // Text, Blob: bytes
        std::int64_t value;  // Integer: the value; Text, Blob: offset in the arena
    };
    struct Mark {
        std::size_t cells, bytes;
    };

    explicit RowBuffer(std::size_t ncols = 1) : m_ncols(ncols ? ncols : 1) {}

    RowBuffer& null()
    {
        m_cells.push_back({Kind::Null, 0, 0});
        return *this;
    }
    RowBuffer& integer(std::int64_t v)
    {
        m_cells.push_back({Kind::Integer, 0, v});
        return *this;
    }
    RowBuffer& text(std::string_view v)
    {
        m_cells.push_back({Kind::Text, static_cast<std::uint32_t>(v.size()), static_cast<std::int64_t>(m_text.size())});
        m_text.append(v);
        return *this;
    }
    RowBuffer& blob(std::string_view bytes)
    {
        m_cells.push_back({Kind::Blob, static_cast<std::uint32_t>(bytes.size()), static_cast<std::int64_t>(m_text.size())});
        m_text.append(bytes);
        return *this;
    }
    RowBuffer& value(const SqlValue& v);

    // Room for about this many rows and text bytes (capacity only).
    void reserve(std::size_t rows, std::size_t textBytes)
    {
        m_cells.reserve(rows * m_ncols);
        m_text.reserve(textBytes);
    }

    std::size_t ncols() const { return m_ncols; }
    std::size_t rows() const { return m_cells.size() / m_ncols; }
    bool empty() const { return m_cells.empty(); }
    // False while a row is half written.
    bool whole() const { return m_cells.size() % m_ncols == 0; }
    const std::vector<Cell>& cells() const { return m_cells; }
    std::string_view textOf(const Cell& c) const
    {
        return std::string_view(m_text).substr(static_cast<std::size_t>(c.value), c.size);
    }
    // The arena's bytes, for a connection that wants to read text cells in place.
    const std::string& arena() const { return m_text; }

    Mark mark() const { return {m_cells.size(), m_text.size()}; }
    void rewind(const Mark& m)
    {
        m_cells.resize(m.cells);
        m_text.resize(m.bytes);
    }
    void clear()
    {
        m_cells.clear();
        m_text.clear();
    }

private:
    std::size_t m_ncols;
    std::vector<Cell> m_cells;
    std::string m_text;
};

class SqlConnection {
public:
    virtual ~SqlConnection() = default;
    virtual Dialect dialect() const = 0;
    virtual SqlRows query(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
    // Returns the number of rows changed.
    virtual std::int64_t exec(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
    // Several statements, no parameters (migrations).
    virtual void script(std::string_view sql) = 0;
    // Appends rows to `table` in as few round trips as the dialect allows:
    // COPY ... FROM STDIN on PostgreSQL (one statement for all rows),
    // cached multi-row INSERTs on SQLite; this default runs one INSERT per
    // row. `columns` is "a, b, c" (rows.ncols() names); values are stored
    // as exec() would store them. ConstraintError and StorageError as exec().
    virtual void insertRows(std::string_view table, std::string_view columns, const RowBuffer& rows);
    // insertRows for rows that come in parts while other work goes on. On
    // PostgreSQL appendRows takes the rows (encoded at once, so the buffer
    // may be reused) and pumpRows() hands what is ready to the server
    // without waiting: one COPY at a time on a non-blocking connection, the
    // tables in whatever order keeps the server busy, so it stores one part
    // while the caller makes the next. endRows() waits until every row is
    // stored; so does the next other statement on this connection. The
    // rows' errors (ConstraintError, StorageError) come from pumpRows,
    // endRows or that statement, once. Elsewhere appendRows is insertRows.
    virtual void appendRows(std::string_view table, std::string_view columns, const RowBuffer& rows)
    {
        insertRows(table, columns, rows);
    }
    virtual void pumpRows() {}
    virtual void endRows() {}
    virtual void begin(bool write) = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    // False once the connection is unusable (server gone); the pool drops it.
    virtual bool healthy() const { return true; }
};

std::unique_ptr<SqlConnection> openSqlite(const std::string& path);
// conninfo: a libpq URI or key=value string.
std::unique_ptr<SqlConnection> openPostgres(const std::string& conninfo);

// Connections handed out one thread at a time; at most `max` open.
class ConnectionPool {
public:
    using Factory = std::function<std::unique_ptr<SqlConnection>()>;
    ConnectionPool(Factory factory, std::size_t max);

    class Lease {
    public:
        Lease(ConnectionPool* pool, std::unique_ptr<SqlConnection> c) : m_pool(pool), m_conn(std::move(c)) {}
        Lease(Lease&&) = default;
        Lease& operator=(Lease&&) = default;
        ~Lease();
        SqlConnection& operator*() const { return *m_conn; }
        SqlConnection* operator->() const { return m_conn.get(); }

    private:
        ConnectionPool* m_pool;
        std::unique_ptr<SqlConnection> m_conn;
    };
    Lease acquire();

private:
    void release(std::unique_ptr<SqlConnection> c);
    Factory m_factory;
    std::size_t m_max;
    std::size_t m_open = 0;
    std::vector<std::unique_ptr<SqlConnection>> m_idle;
    std::mutex m_mutex;
    std::condition_variable m_cv;
};

// Rolls back unless committed.
class Transaction {
public:
    Transaction(SqlConnection& c, bool write) : m_c(c) { m_c.begin(write); }
    Transaction(const Transaction&) = delete;
    ~Transaction()
    {
        if (!m_done)
            try {
                m_c.rollback();
            } catch (...) {
            }
    }
    void commit()
    {
        m_done = true;
        m_c.commit();
    }

private:
    SqlConnection& m_c;
    bool m_done = false;
};

} // namespace ocop::central
