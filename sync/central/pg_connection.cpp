// PostgreSQL behind SqlConnection through libpq: '?' placeholders become $n,
// each distinct statement is prepared once per connection, values travel as
// text. SQLSTATE class 23 (integrity constraint) becomes ConstraintError.
#include "sql.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>
#include <climits>
#include <cstdlib>

namespace ocop::central {

namespace {

std::string toDollarParams(std::string_view sql)
{
    std::string out;
    out.reserve(sql.size() + 16);
    int n = 0;
    char quote = 0;
    for (char c : sql) {
        if (quote) {
            if (c == quote)
                quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += '$';
            out += std::to_string(++n);
        } else {
            out += c;
        }
    }
    return out;
}

// Writes text escaped for COPY's text format, up to its first NUL, at d
// (room for 2 * n bytes); returns the end. Eight bytes at a time: a word
// with no byte below 0x0E (NUL, tab, newline, CR and a few harmless ones)
// and no backslash is copied as it is.
char* writeCopyText(char* d, const char* s, std::size_t n)
{
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    const char* end = s + n;
    const char* p = s;
    for (;;) {
        while (end - p >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            const std::uint64_t bs = w ^ (kOnes * '\\');
            if ((((w - kOnes * 0x0E) & ~w) | ((bs - kOnes) & ~bs)) & kHigh)
                break; // something to look at in these 8 bytes
            std::memcpy(d, p, 8);
            d += 8;
            p += 8;
        }
        const char* stop = end - p >= 8 ? p + 8 : end;
        for (; p < stop; ++p) {
            const char ch = *p;
            switch (ch) {
            case '\0': return d;
            case '\\': *d++ = '\\'; *d++ = '\\'; break;
            case '\t': *d++ = '\\'; *d++ = 't'; break;
            case '\n': *d++ = '\\'; *d++ = 'n'; break;
            case '\r': *d++ = '\\'; *d++ = 'r'; break;
            default: *d++ = ch;
            }
        }
        if (p == end)
            return d;
    }
}

struct Result {
    PGresult* r;
    explicit Result(PGresult* res) : r(res) {}
    ~Result() { PQclear(r); }
    Result(const Result&) = delete;
};

class PgConnection final : public SqlConnection {
public:
    explicit PgConnection(const std::string& conninfo)
    {
        m_conn = PQconnectdb(conninfo.c_str());
        if (PQstatus(m_conn) != CONNECTION_OK) {
            std::string msg = PQerrorMessage(m_conn);
            PQfinish(m_conn);
            m_conn = nullptr;
            while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
                msg.pop_back();
            for (auto& c : msg)
                if (c == '\n')
                    c = ' ';
            throw StorageError("cannot connect to PostgreSQL: " + msg);
        }
        PQsetNoticeReceiver(m_conn, [](void*, const PGresult*) {}, nullptr);
        script("SET client_min_messages = warning; SET TIME ZONE 'UTC'");
    }
    ~PgConnection() override { PQfinish(m_conn); }

    Dialect dialect() const override { return Dialect::Postgres; }
    bool healthy() const override { return m_conn && PQstatus(m_conn) == CONNECTION_OK; }

    SqlRows query(std::string_view sql, const std::vector<SqlValue>& params) override
    {
        endRows();
        Result res(run(sql, params));
        SqlRows rows;
        const int nr = PQntuples(res.r);
        const int nf = PQnfields(res.r);
        rows.reserve(nr);
        for (int i = 0; i < nr; ++i) {
            SqlRow row;
            row.values.reserve(nf);
            for (int f = 0; f < nf; ++f) {
                if (PQgetisnull(res.r, i, f))
                    row.values.emplace_back(nullptr);
                else
                    row.values.emplace_back(std::string(PQgetvalue(res.r, i, f), PQgetlength(res.r, i, f)));
            }
            rows.push_back(std::move(row));
        }
        return rows;
    }

    std::int64_t exec(std::string_view sql, const std::vector<SqlValue>& params) override
    {
        endRows();
        Result res(run(sql, params));
        const char* n = PQcmdTuples(res.r);
        return n && *n ? std::stoll(n) : 0;
    }

    void script(std::string_view sql) override
    {
        endRows();
        const std::string s(sql);
        Result res(PQexec(m_conn, s.c_str()));
        check(res.r, s);
    }

    void insertRows(std::string_view table, std::string_view columns, const RowBuffer& rows) override
    {
        appendRows(table, columns, rows);
        endRows();
    }

    void appendRows(std::string_view table, std::string_view columns, const RowBuffer& rows) override
    {
        if (rows.empty())
            return;
        if (!rows.whole())
            throw StorageError("insertRows: values are not whole rows");
        if (m_copySql.empty() || !sameCopy(table, columns))
            startCopy(table, columns);
        if (!m_copySent)
            return; // endRows reports it
        if (!m_copyTypes.empty()) {
            appendBinary(rows);
            return;
        }
        // COPY's text format: tab between fields, newline after each row,
        // \N for NULL, backslash escapes for \, tab, newline and CR; a text
        // value ends at its first NUL, as a text parameter would. Written
        // straight into one buffer and sent in chunks, so the server parses
        // one while the next is encoded.
        constexpr std::size_t kChunk = 128 * 1024;
        if (m_copy.size() < kChunk + 4096)
            m_copy.resize(kChunk + 4096);
        char* d = m_copy.data();
        auto flush = [&] {
            const auto n = static_cast<int>(d - m_copy.data());
            m_copySent = n == 0 || PQputCopyData(m_conn, m_copy.data(), n) == 1;
            d = m_copy.data();
            return m_copySent;
        };
        const std::size_t ncols = rows.ncols();
        const char* arena = rows.arena().data();
        std::size_t col = 0;
        for (const auto& c : rows.cells()) {
            // Room for the cell at its longest (every byte escaped) and its separator.
            const std::size_t need = (c.kind == RowBuffer::Kind::Text ? 2 * std::size_t(c.size) : 24) + 1;
            if (static_cast<std::size_t>(m_copy.data() + m_copy.size() - d) < need) {
                if (!flush())
                    return;
                if (m_copy.size() < need)
                    m_copy.resize(need);
                d = m_copy.data();
            }
            switch (c.kind) {
            case RowBuffer::Kind::Integer:
                d = std::to_chars(d, d + 24, c.value).ptr;
                break;
            case RowBuffer::Kind::Text:
                d = writeCopyText(d, arena + c.value, c.size);
                break;
            case RowBuffer::Kind::Null:
                *d++ = '\\';
                *d++ = 'N';
                break;
            }
            if (++col < ncols) {
                *d++ = '\t';
                continue;
            }
            *d++ = '\n';
            col = 0;
            if (static_cast<std::size_t>(d - m_copy.data()) >= kChunk && !flush())
                return;
        }
        flush();
    }

    void endRows() override
    {
        if (m_copySql.empty())
            return;
        const std::string sql = std::move(m_copySql);
        m_copySql.clear();
        if (m_copySent && !m_copyTypes.empty()) {
            const char trailer[2] = {'\xff', '\xff'}; // a field count of -1
            m_copySent = PQputCopyData(m_conn, trailer, 2) == 1;
        }
        const std::string why = m_copyError.empty() ? "client could not send the rows" : m_copyError;
        m_copyError.clear();
        const bool ended = PQputCopyEnd(m_conn, m_copySent ? nullptr : why.c_str()) == 1;
        // Read every result so the connection is ready for the next command.
        std::optional<Result> first;
        while (PGresult* r = PQgetResult(m_conn)) {
            if (!first)
                first.emplace(r);
            else
                PQclear(r);
        }
        if (!first || !m_copySent || !ended) {
            if (first)
                check(first->r, sql);
            throw StorageError("PostgreSQL: COPY failed: " + (why == "client could not send the rows"
                                                                    ? std::string(PQerrorMessage(m_conn))
                                                                    : why));
        }
        check(first->r, sql);
    }

    void begin(bool write) override
    {
        script(write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    }
    void commit() override { script("COMMIT"); }
    void rollback() override
    {
        abandonRows();
        if (PQtransactionStatus(m_conn) != PQTRANS_IDLE)
            script("ROLLBACK");
    }

private:
    bool sameCopy(std::string_view table, std::string_view columns) const
    {
        return m_copyTable.size() == table.size() + columns.size() + 1 &&
               std::string_view(m_copyTable).substr(0, table.size()) == table &&
               std::string_view(m_copyTable).substr(table.size() + 1) == columns;
    }
    void startCopy(std::string_view table, std::string_view columns)
    {
        endRows();
        const std::vector<Field>& types = fieldsOf(table, columns);
        std::string sql = "COPY " + std::string(table) + " (" + std::string(columns) + ") FROM STDIN" +
                          (types.empty() ? "" : " (FORMAT binary)");
        Result start(PQexec(m_conn, sql.c_str()));
        if (PQresultStatus(start.r) != PGRES_COPY_IN) {
            check(start.r, sql);
            throw StorageError("PostgreSQL: COPY did not start: " + sql);
        }
        m_copyTable = std::string(table) + ' ' + std::string(columns);
        m_copySql = std::move(sql);
        m_copyTypes = types;
        m_copySent = true;
        if (!m_copyTypes.empty()) {
            // Signature, flags 0, no header extension.
            static constexpr char kHeader[19] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\xff', '\r', '\n', '\0',
                                                 0,   0,   0,   0,   0,   0,   0,    0};
            m_copySent = PQputCopyData(m_conn, kHeader, sizeof kHeader) == 1;
        }
    }

    // How a column travels in COPY's binary format; Unknown keeps a table
    // on the text format.
    enum class Field : std::uint8_t { Int8, Int4, Int2, Text, Unknown };

    // The binary layout of (table, columns), read from the catalog once per
    // connection; empty when some column is of a type not written here.
    const std::vector<Field>& fieldsOf(std::string_view table, std::string_view columns)
    {
        std::string key = std::string(table) + ' ' + std::string(columns);
        if (auto it = m_fields.find(key); it != m_fields.end())
            return it->second;
        std::unordered_map<std::string, Field> byName;
        {
            const std::string t(table);
            const char* values[1] = {t.c_str()};
            Result res(PQexecParams(m_conn,
                                    "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = $1::regclass "
                                    "AND attnum > 0 AND NOT attisdropped",
                                    1, nullptr, values, nullptr, nullptr, 0));
            check(res.r, "columns of " + t);
            for (int i = 0; i < PQntuples(res.r); ++i) {
                const int oid = std::atoi(PQgetvalue(res.r, i, 1));
                // int8, int4, int2, text, varchar
                byName[PQgetvalue(res.r, i, 0)] = oid == 20 ? Field::Int8
                                                  : oid == 23 ? Field::Int4
                                                  : oid == 21 ? Field::Int2
                                                  : (oid == 25 || oid == 1043) ? Field::Text
                                                                               : Field::Unknown;
            }
        }
        std::vector<Field> fields;
        std::size_t from = 0;
        while (from <= columns.size()) {
            std::size_t to = columns.find(',', from);
            if (to == std::string_view::npos)
                to = columns.size();
            std::string_view name = columns.substr(from, to - from);
            while (!name.empty() && name.front() == ' ')
                name.remove_prefix(1);
            while (!name.empty() && name.back() == ' ')
                name.remove_suffix(1);
            auto it = byName.find(std::string(name));
            if (it == byName.end() || it->second == Field::Unknown) {
                fields.clear();
                break;
            }
            fields.push_back(it->second);
            from = to + 1;
        }
        return m_fields.emplace(std::move(key), std::move(fields)).first->second;
    }

    // COPY's binary format: per row a 16-bit field count, per field a 32-bit
    // length (-1 for NULL) and its bytes, integers big-endian. The server
    // then has no text to scan for tabs, newlines and escapes, nor numbers
    // to parse. A text value ends at its first NUL, as a text parameter would.
    void appendBinary(const RowBuffer& rows)
    {
        const std::size_t ncols = rows.ncols();
        if (ncols != m_copyTypes.size())
            throw StorageError("insertRows: " + std::to_string(ncols) + " values per row for " +
                               std::to_string(m_copyTypes.size()) + " columns");
        constexpr std::size_t kChunk = 128 * 1024;
        if (m_copy.size() < kChunk + 4096)
            m_copy.resize(kChunk + 4096);
        char* d = m_copy.data();
        auto flush = [&] {
            const auto n = static_cast<int>(d - m_copy.data());
            m_copySent = n == 0 || PQputCopyData(m_conn, m_copy.data(), n) == 1;
            d = m_copy.data();
            return m_copySent;
        };
        auto be = [&](std::uint64_t v, int bytes) {
            for (int i = bytes - 1; i >= 0; --i)
                *d++ = static_cast<char>((v >> (8 * i)) & 0xFF);
        };
        const char* arena = rows.arena().data();
        const auto& cells = rows.cells();
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const auto& c = cells[i];
            const std::size_t col = i % ncols;
            const std::size_t need = (c.kind == RowBuffer::Kind::Text ? std::size_t(c.size) : 8) + 4 + 2;
            if (static_cast<std::size_t>(m_copy.data() + m_copy.size() - d) < need) {
                if (!flush())
                    return;
                if (m_copy.size() < need)
                    m_copy.resize(need);
                d = m_copy.data();
            }
            if (col == 0)
                be(static_cast<std::uint64_t>(ncols), 2);
            const Field f = m_copyTypes[col];
            switch (c.kind) {
            case RowBuffer::Kind::Null:
                be(0xFFFFFFFFu, 4);
                break;
            case RowBuffer::Kind::Integer: {
                const std::int64_t v = c.value;
                if (f == Field::Int8) {
                    be(8, 4);
                    be(static_cast<std::uint64_t>(v), 8);
                } else if (f == Field::Int4 && v >= INT32_MIN && v <= INT32_MAX) {
                    be(4, 4);
                    be(static_cast<std::uint32_t>(static_cast<std::int32_t>(v)), 4);
                } else if (f == Field::Int2 && v >= INT16_MIN && v <= INT16_MAX) {
                    be(2, 4);
                    be(static_cast<std::uint16_t>(static_cast<std::int16_t>(v)), 2);
                } else {
                    // What the text format would have had the server refuse.
                    m_copySent = false;
                    m_copyError = f == Field::Text ? "an integer for a text column"
                                                   : "integer " + std::to_string(v) + " out of range for its column";
                    return;
                }
                break;
            }
            case RowBuffer::Kind::Text: {
                const char* p = arena + c.value;
                if (f != Field::Text) {
                    // As the server would read the text: a whole decimal integer.
                    std::int64_t v = 0;
                    const char* end = p + c.size;
                    const auto [ptr, ec] = std::from_chars(p, end, v);
                    const std::int64_t lo = f == Field::Int8 ? INT64_MIN : f == Field::Int4 ? INT32_MIN : INT16_MIN;
                    const std::int64_t hi = f == Field::Int8 ? INT64_MAX : f == Field::Int4 ? INT32_MAX : INT16_MAX;
                    if (ec != std::errc() || ptr != end || v < lo || v > hi) {
                        m_copySent = false;
                        m_copyError = "'" + std::string(p, std::min<std::size_t>(c.size, 40)) +
                                      "' is not an integer its column can hold";
                        return;
                    }
                    const int bytes = f == Field::Int8 ? 8 : f == Field::Int4 ? 4 : 2;
                    be(static_cast<std::uint64_t>(bytes), 4);
                    be(static_cast<std::uint64_t>(v), bytes);
                    break;
                }
                const void* nul = std::memchr(p, '\0', c.size);
                const std::size_t n = nul ? static_cast<std::size_t>(static_cast<const char*>(nul) - p) : c.size;
                be(n, 4);
                std::memcpy(d, p, n);
                d += n;
                break;
            }
            }
            if (static_cast<std::size_t>(d - m_copy.data()) >= kChunk && !flush())
                return;
        }
        flush();
    }
    // A COPY left open by a failed caller ends in an error, so none of its rows stay.
    void abandonRows()
    {
        if (m_copySql.empty())
            return;
        m_copySql.clear();
        m_copyError.clear();
        PQputCopyEnd(m_conn, "abandoned");
        while (PGresult* r = PQgetResult(m_conn))
            PQclear(r);
    }

    PGresult* run(std::string_view sql, const std::vector<SqlValue>& params)
    {
        std::string key(sql);
        auto it = m_prepared.find(key);
        if (it == m_prepared.end()) {
            const std::string name = "s" + std::to_string(m_prepared.size() + 1);
            const std::string text = toDollarParams(sql);
            Result prep(PQprepare(m_conn, name.c_str(), text.c_str(), 0, nullptr));
            check(prep.r, text);
            it = m_prepared.emplace(std::move(key), name).first;
        }
        std::vector<std::string> storage;
        storage.reserve(params.size());
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& p : params) {
            if (const auto* n = std::get_if<std::int64_t>(&p)) {
                storage.push_back(std::to_string(*n));
                values.push_back(storage.back().c_str());
            } else if (const auto* s = std::get_if<std::string>(&p)) {
                values.push_back(s->c_str());
            } else {
                values.push_back(nullptr);
            }
        }
        PGresult* r = PQexecPrepared(m_conn, it->second.c_str(), static_cast<int>(values.size()), values.data(),
                                     nullptr, nullptr, 0);
        try {
            check(r, sql);
        } catch (...) {
            PQclear(r);
            throw;
        }
        return r;
    }

    void check(PGresult* r, std::string_view sql)
    {
        const auto st = PQresultStatus(r);
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
            return;
        std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(m_conn);
        for (auto& c : msg)
            if (c == '\n')
                c = ' ';
        const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
        msg = "PostgreSQL: " + msg + " in: " + std::string(sql.substr(0, 120));
        if (state && state[0] == '2' && state[1] == '3')
            throw ConstraintError(msg);
        throw StorageError(msg);
    }

    PGconn* m_conn = nullptr;
    std::unordered_map<std::string, std::string> m_prepared;
    std::string m_copy;      // reused COPY buffer
    std::string m_copySql;   // the COPY in progress, or empty
    std::string m_copyTable; // its table and columns
    bool m_copySent = true;  // false once a part of it could not be sent
    std::string m_copyError; // why, when the client refused a value
    std::vector<Field> m_copyTypes; // binary layout of the COPY in progress; empty: text
    std::unordered_map<std::string, std::vector<Field>> m_fields;
};

} // namespace

std::unique_ptr<SqlConnection> openPostgres(const std::string& conninfo)
{
    return std::make_unique<PgConnection>(conninfo);
}

} // namespace ocop::central
