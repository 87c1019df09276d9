// PostgreSQL behind SqlConnection through libpq: '?' placeholders become $n,
// each distinct statement is prepared once per connection, values travel as
// text. SQLSTATE class 23 (integrity constraint) becomes ConstraintError.
#include "sql.h"

#include <libpq-fe.h>
#include <poll.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <cerrno>
#include <exception>
#include <utility>
#include <algorithm>
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
    ~PgConnection() override
    {
        if (m_result)
            PQclear(m_result);
        PQfinish(m_conn);
    }

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

    // The rows are encoded for COPY at once (binary where the column types
    // allow, else COPY's text format) and wait in their table's load until
    // pumpRows() or endRows() hands them to the server.
    void appendRows(std::string_view table, std::string_view columns, const RowBuffer& rows) override
    {
        if (rows.empty())
            return;
        if (!rows.whole())
            throw StorageError("insertRows: values are not whole rows");
        Load& load = loadFor(table, columns);
        if (m_loadError)
            return; // endRows reports the first failure
        const std::size_t before = load.bytes.size();
        std::string why;
        const bool encoded =
            load.types->empty() ? (encodeText(rows, load.bytes), true) : encodeBinary(rows, *load.types, load.bytes, why);
        if (!encoded) {
            load.bytes.resize(before);
            fail(std::make_exception_ptr(StorageError("PostgreSQL: COPY failed: " + why)), why);
        }
    }

    void pumpRows() override
    {
        if (m_state != CopyState::Idle || m_loadError || pending())
            advance(Drive::Step);
    }

    void endRows() override { advance(Drive::All); }
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
    // How a column travels in COPY's binary format; Unknown keeps a table
    // on the text format.
    enum class Field : std::uint8_t { Int8, Int4, Int2, Text, Bytea, Unknown };

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
                // int8, int4, int2, text, varchar, bytea
                byName[PQgetvalue(res.r, i, 0)] = oid == 20 ? Field::Int8
                                                  : oid == 23 ? Field::Int4
                                                  : oid == 21 ? Field::Int2
                                                  : (oid == 25 || oid == 1043) ? Field::Text
                                                  : oid == 17                  ? Field::Bytea
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
    // to parse. A text value ends at its first NUL, as a text parameter
    // would. False (why says it) for a value the column cannot take, which
    // the text format would have had the server refuse.
    static bool encodeBinary(const RowBuffer& rows, const std::vector<Field>& types, std::string& out,
                             std::string& why)
    {
        const std::size_t ncols = rows.ncols();
        if (ncols != types.size()) {
            why = std::to_string(ncols) + " values per row for " + std::to_string(types.size()) + " columns";
            return false;
        }
        const auto& cells = rows.cells();
        std::size_t need = 2 * rows.rows();
        for (const auto& c : cells) // a text cell may become an integer of up to 8 bytes
            need += 4 + (c.kind == RowBuffer::Kind::Text || c.kind == RowBuffer::Kind::Blob
                             ? std::max<std::size_t>(c.size, 8)
                             : 8);
        const std::size_t start = out.size();
        out.resize(start + need);
        char* d = out.data() + start;
        auto be = [&](std::uint64_t v, int bytes) {
            for (int i = bytes - 1; i >= 0; --i)
                *d++ = static_cast<char>((v >> (8 * i)) & 0xFF);
        };
        const char* arena = rows.arena().data();
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const auto& c = cells[i];
            const std::size_t col = i % ncols;
            if (col == 0)
                be(static_cast<std::uint64_t>(ncols), 2);
            const Field f = types[col];
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
                    why = f == Field::Text ? "an integer for a text column"
                                           : "integer " + std::to_string(v) + " out of range for its column";
                    return false;
                }
                break;
            }
            case RowBuffer::Kind::Blob:
                if (f != Field::Bytea) {
                    why = "bytes for a column that is not bytea";
                    return false;
                }
                be(c.size, 4);
                std::memcpy(d, arena + c.value, c.size);
                d += c.size;
                break;
            case RowBuffer::Kind::Text: {
                const char* p = arena + c.value;
                if (f == Field::Bytea) {
                    why = "text for a bytea column";
                    return false;
                }
                if (f != Field::Text) {
                    // As the server would read the text: a whole decimal integer.
                    std::int64_t v = 0;
                    const char* end = p + c.size;
                    const auto [ptr, ec] = std::from_chars(p, end, v);
                    const std::int64_t lo = f == Field::Int8 ? INT64_MIN : f == Field::Int4 ? INT32_MIN : INT16_MIN;
                    const std::int64_t hi = f == Field::Int8 ? INT64_MAX : f == Field::Int4 ? INT32_MAX : INT16_MAX;
                    if (ec != std::errc() || ptr != end || v < lo || v > hi) {
                        why = "'" + std::string(p, std::min<std::size_t>(c.size, 40)) +
                              "' is not an integer its column can hold";
                        return false;
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
        }
        out.resize(static_cast<std::size_t>(d - out.data()));
        return true;
    }

    // COPY's text format: tab between fields, newline after each row, \N for
    // NULL, backslash escapes for \, tab, newline and CR; a text value ends
    // at its first NUL, as a text parameter would.
    static void encodeText(const RowBuffer& rows, std::string& out)
    {
        const auto& cells = rows.cells();
        std::size_t need = 0;
        for (const auto& c : cells) // each cell at its longest (every byte escaped) and its separator
            need += (c.kind == RowBuffer::Kind::Text   ? 2 * std::size_t(c.size)
                     : c.kind == RowBuffer::Kind::Blob ? 3 + 2 * std::size_t(c.size)
                                                       : 24) +
                    1;
        const std::size_t start = out.size();
        out.resize(start + need);
        char* d = out.data() + start;
        const std::size_t ncols = rows.ncols();
        const char* arena = rows.arena().data();
        std::size_t col = 0;
        for (const auto& c : cells) {
            switch (c.kind) {
            case RowBuffer::Kind::Integer:
                d = std::to_chars(d, d + 24, c.value).ptr;
                break;
            case RowBuffer::Kind::Text:
                d = writeCopyText(d, arena + c.value, c.size);
                break;
            case RowBuffer::Kind::Blob: { // bytea's hex form, its backslash escaped for COPY
                static constexpr char kHex[] = "0123456789abcdef";
                *d++ = '\\';
                *d++ = '\\';
                *d++ = 'x';
                for (std::uint32_t k = 0; k < c.size; ++k) {
                    const auto b = static_cast<unsigned char>(arena[c.value + k]);
                    *d++ = kHex[b >> 4];
                    *d++ = kHex[b & 15];
                }
                break;
            }
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
        }
        out.resize(static_cast<std::size_t>(d - out.data()));
    }

    // ---- COPY loads -------------------------------------------------------
    // Rows given to appendRows wait per (table, columns) in a load. One COPY
    // runs at a time, on a non-blocking connection, so the caller goes on
    // while the server stores: advance(Step) hands over what is ready, ends a
    // COPY once another table has rows waiting and starts the next, never
    // waiting; Idle and All wait on the socket (until no COPY runs, until
    // every load is stored). The first failure (a value the client refused,
    // or the server's error) ends the COPY in progress in an error, drops
    // what waits and is thrown once; the transaction is then the caller's to
    // roll back.
    struct Load {
        std::string table, columns;
        std::string sql;                 // COPY ... FROM STDIN [(FORMAT binary)]
        const std::vector<Field>* types; // binary layout; empty: text format
        std::string bytes;               // encoded rows not yet given to libpq
    };
    enum class CopyState : std::uint8_t { Idle, Starting, Open, Ending };
    enum class Drive : std::uint8_t { Step, Idle, All };

    Load& loadFor(std::string_view table, std::string_view columns)
    {
        for (auto& l : m_loads)
            if (l.table == table && l.columns == columns)
                return l;
        // The column types come from the catalog: a query, so no COPY may be running.
        if (m_state != CopyState::Idle)
            advance(Drive::Idle);
        const std::vector<Field>& types = fieldsOf(table, columns);
        std::string sql = "COPY " + std::string(table) + " (" + std::string(columns) + ") FROM STDIN" +
                          (types.empty() ? "" : " (FORMAT binary)");
        return m_loads.emplace_back(Load{std::string(table), std::string(columns), std::move(sql), &types, {}});
    }

    // The first load after the current one, in turn, with rows waiting,
    // the open one left out; none: size(). Taking turns keeps every
    // table's rows moving while the caller makes more.
    std::size_t nextLoad() const
    {
        const std::size_t n = m_loads.size();
        for (std::size_t k = 1; k <= n; ++k) {
            const std::size_t i = (m_current + k) % n;
            if (!m_loads[i].bytes.empty() && !(m_state == CopyState::Open && i == m_current))
                return i;
        }
        return n;
    }

    bool pending() const
    {
        for (const auto& l : m_loads)
            if (!l.bytes.empty())
                return true;
        return false;
    }

    void fail(std::exception_ptr error, const std::string& text)
    {
        if (m_loadError)
            return;
        m_loadError = std::move(error);
        m_loadErrorText = text.empty() ? "failed" : text;
    }

    void advance(Drive drive)
    {
        for (;;) {
            switch (m_state) {
            case CopyState::Idle: {
                if (m_loadError) {
                    auto error = std::exchange(m_loadError, nullptr);
                    m_loadErrorText.clear();
                    for (auto& l : m_loads)
                        l.bytes.clear();
                    std::rethrow_exception(error);
                }
                if (drive == Drive::Idle)
                    return;
                const std::size_t next = nextLoad();
                if (next == m_loads.size())
                    return; // everything stored
                m_current = next;
                if (PQsetnonblocking(m_conn, 1) != 0 || PQsendQuery(m_conn, m_loads[next].sql.c_str()) != 1)
                    lost("COPY did not start");
                m_state = CopyState::Starting;
                break;
            }
            case CopyState::Starting: {
                if (!resultReady(drive))
                    return;
                PGresult* r = PQgetResult(m_conn);
                if (PQresultStatus(r) != PGRES_COPY_IN) {
                    m_result = r; // the server's refusal; Ending reads the rest
                    m_state = CopyState::Ending;
                    break;
                }
                PQclear(r);
                m_state = CopyState::Open;
                if (!m_loads[m_current].types->empty()) {
                    // Signature, flags 0, no header extension.
                    static constexpr char kHeader[19] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\xff', '\r', '\n',
                                                         '\0', 0,   0,   0,   0,   0,   0,    0,      0};
                    putData(kHeader, sizeof kHeader);
                }
                break;
            }
            case CopyState::Open: {
                Load& load = m_loads[m_current];
                if (!m_loadError) {
                    if (!load.bytes.empty()) {
                        putData(load.bytes.data(), load.bytes.size());
                        load.bytes.clear();
                    }
                    if (drive == Drive::Step && nextLoad() == m_loads.size()) {
                        // Stays open for more of this table; the socket takes what it can.
                        if (PQflush(m_conn) < 0)
                            lost("COPY data not sent");
                        return;
                    }
                    if (!load.types->empty()) {
                        static constexpr char kTrailer[2] = {'\xff', '\xff'}; // a field count of -1
                        putData(kTrailer, sizeof kTrailer);
                    }
                }
                if (PQputCopyEnd(m_conn, m_loadError ? m_loadErrorText.c_str() : nullptr) != 1)
                    lost("COPY did not end");
                m_state = CopyState::Ending;
                break;
            }
            case CopyState::Ending: {
                if (!resultReady(drive))
                    return;
                if (PGresult* r = PQgetResult(m_conn)) {
                    if (m_result)
                        PQclear(r);
                    else
                        m_result = r;
                    break;
                }
                Result first(std::exchange(m_result, nullptr));
                if (PQsetnonblocking(m_conn, 0) != 0)
                    lost("connection not back to blocking");
                m_state = CopyState::Idle;
                if (!first.r)
                    fail(std::make_exception_ptr(StorageError("PostgreSQL: COPY ended without a result")), "");
                else
                    try {
                        check(first.r, m_loads[m_current].sql);
                    } catch (...) {
                        fail(std::current_exception(), "");
                    }
                break;
            }
            }
        }
    }

    // Sends what libpq holds and reads what has come, until a whole result
    // can be taken without waiting (true); Step does not wait (false then).
    bool resultReady(Drive drive)
    {
        for (;;) {
            const int flushed = PQflush(m_conn);
            if (flushed < 0)
                lost("COPY data not sent");
            m_wantWrite = flushed == 1;
            if (!m_wantWrite) {
                if (PQconsumeInput(m_conn) != 1)
                    lost("no answer to COPY");
                if (PQisBusy(m_conn) == 0)
                    return true;
            }
            if (drive == Drive::Step)
                return false;
            waitSocket();
        }
    }

    void waitSocket()
    {
        pollfd p{PQsocket(m_conn), static_cast<short>(POLLIN | (m_wantWrite ? POLLOUT : 0)), 0};
        while (::poll(&p, 1, -1) < 0)
            if (errno != EINTR)
                lost("cannot wait for the server");
    }

    // In non-blocking mode libpq keeps what the socket cannot take yet.
    void putData(const char* data, std::size_t n)
    {
        constexpr std::size_t kPart = std::size_t{1} << 30;
        for (std::size_t off = 0; off < n; off += kPart)
            if (PQputCopyData(m_conn, data + off, static_cast<int>(std::min(kPart, n - off))) != 1)
                lost("COPY data not queued");
    }

    [[noreturn]] void lost(const std::string& what)
    {
        const std::string msg = "PostgreSQL: " + what + ": " + PQerrorMessage(m_conn);
        if (m_result)
            PQclear(std::exchange(m_result, nullptr));
        m_state = CopyState::Idle;
        m_loadError = nullptr;
        m_loadErrorText.clear();
        for (auto& l : m_loads)
            l.bytes.clear();
        PQsetnonblocking(m_conn, 0);
        throw StorageError(msg);
    }

    // A load left by a failed caller ends in an error, so none of its rows stay.
    void abandonRows()
    {
        for (auto& l : m_loads)
            l.bytes.clear();
        if (m_state == CopyState::Idle && !m_loadError)
            return;
        fail(std::make_exception_ptr(StorageError("abandoned")), "abandoned");
        try {
            advance(Drive::Idle);
        } catch (...) {
        }
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
    std::vector<Load> m_loads;
    CopyState m_state = CopyState::Idle;
    std::size_t m_current = 0;     // the load of the COPY in progress
    PGresult* m_result = nullptr;  // its first result, while the rest are read
    bool m_wantWrite = false;      // libpq holds data the socket did not take
    std::exception_ptr m_loadError;
    std::string m_loadErrorText;   // what an aborted COPY tells the server
    std::unordered_map<std::string, std::vector<Field>> m_fields;
};

} // namespace

std::unique_ptr<SqlConnection> openPostgres(const std::string& conninfo)
{
    return std::make_unique<PgConnection>(conninfo);
}

} // namespace ocop::central
