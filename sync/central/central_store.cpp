// SqlCentralStore: the central store's logic written once over sql.h, with
// SQLite and PostgreSQL connections underneath.
#include "central_store.h"
#include "event_archive.h"

#include "core/emvco.h"
#include "core/events.h"
#include "core/money.h"
#include "core/uuid.h"
#include "sql.h"
#include "store/migrations.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <condition_variable>
#include <functional>
#include <limits>
#include <optional>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace ocop {
const std::vector<Migration>& centralSqliteMigrations();
const std::vector<Migration>& centralPostgresMigrations();
} // namespace ocop

namespace ocop::central {

using nlohmann::json;

// ------------------------------------------------------------------ crypto

namespace {
void initSodium()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0)
            throw std::runtime_error("libsodium failed to initialise");
    });
}

std::string toHex(const unsigned char* data, std::size_t n)
{
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, n);
    out.pop_back();
    return out;
}
} // namespace

std::string hashHex(std::string_view text)
{
    initSodium();
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
    return toHex(out, sizeof out);
}

std::string randomToken()
{
    initSodium();
    unsigned char buf[32];
    randombytes_buf(buf, sizeof buf);
    return toHex(buf, sizeof buf);
}

namespace {

// Codes people type: no 0/O, 1/I; 16 characters = 80 bits, shown XXXX-XXXX-XXXX-XXXX.
constexpr std::string_view kCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

std::string makeEnrollCode()
{
    initSodium();
    std::string code;
    for (int i = 0; i < 16; ++i) {
        if (i && i % 4 == 0)
            code += '-';
        code += kCodeAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kCodeAlphabet.size()))];
    }
    return code;
}

std::string normalizeCode(std::string_view code)
{
    std::string out;
    for (unsigned char c : code)
        if (c != '-' && c != ' ')
            out += static_cast<char>(std::toupper(c));
    return out;
}

bool isHexToken(std::string_view t)
{
    return t.size() == 64 && std::all_of(t.begin(), t.end(), [](unsigned char c) { return std::isxdigit(c); });
}

// ------------------------------------------------------------------ payload reading

// Thrown for an event that cannot be applied; it is quarantined with the message.
class Invalid : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

const json& need(const json& j, std::string_view name)
{
    auto it = j.find(name);
    if (it == j.end() || it->is_null())
        throw Invalid(std::string("missing field '").append(name) + "'");
    return *it;
}
// Strings are read in place (a batch's projection copies each once, into
// its row); reqStr/optStr copy for callers that keep them.
const std::string& strRef(const json& j, std::string_view name)
{
    const auto& v = need(j, name);
    if (!v.is_string())
        throw Invalid(std::string("field '").append(name) + "' must be a string");
    return v.get_ref<const std::string&>();
}
std::string_view optStrRef(const json& j, std::string_view name)
{
    auto it = j.find(name);
    if (it == j.end() || it->is_null())
        return {};
    if (!it->is_string())
        throw Invalid(std::string("field '").append(name) + "' must be a string");
    return it->get_ref<const std::string&>();
}
std::string reqStr(const json& j, std::string_view name) { return strRef(j, name); }
std::int64_t reqInt(const json& j, std::string_view name)
{
    const auto& v = need(j, name);
    if (!v.is_number_integer())
        throw Invalid(std::string("field '").append(name) + "' must be an integer");
    return v.get<std::int64_t>();
}
std::string optStr(const json& j, std::string_view name) { return std::string(optStrRef(j, name)); }
const json& reqArray(const json& j, std::string_view name)
{
    const auto& v = need(j, name);
    if (!v.is_array())
        throw Invalid(std::string("field '").append(name) + "' must be an array");
    return v;
}
std::optional<std::int64_t> optInt(const json& j, std::string_view name)
{
    auto it = j.find(name);
    if (it == j.end() || it->is_null())
        return std::nullopt;
    if (!it->is_number_integer())
        throw Invalid(std::string("field '").append(name) + "' must be an integer");
    return it->get<std::int64_t>();
}

// Integer fields that the core's readers take with get<>() must really be
// integers: a 1.5 quantity must not turn into 1.
void requireIntegers(const json& j, std::initializer_list<std::string_view> names)
{
    for (const std::string_view n : names) {
        auto it = j.find(n);
        if (it != j.end() && !it->is_number_integer())
            throw Invalid(std::string("field '").append(n) + "' must be an integer");
    }
}

SqlValue nullable(const std::optional<std::int64_t>& v) { return v ? SqlValue(*v) : SqlValue(nullptr); }

// ------------------------------------------------------------------ catalog rows

constexpr const char* kProductColumns =
    "code, gtin, name_vi, name_en, ocop_group, legacy_group, stars, potential_five, certificate_no, "
    "certificate_issuer, certificate_issued, certificate_expiry, producer_id, unit, price, vat_rate, active, image, "
    "trace_url, removed, version";

Product productFromRow(const SqlRow& r)
{
    Product p;
    p.code = r.text(0);
    p.gtin = r.text(1);
    p.nameVi = r.text(2);
    p.nameEn = r.text(3);
    p.group = static_cast<OcopGroup>(r.integer(4));
    p.legacyGroup = static_cast<LegacyGroup>(r.integer(5));
    p.stars = static_cast<int>(r.integer(6));
    p.potentialFiveStar = r.integer(7) != 0;
    p.certificateNo = r.text(8);
    p.certificateIssuer = r.text(9);
    p.certificateIssued = r.text(10);
    p.certificateExpiry = r.text(11);
    p.producerId = r.text(12);
    p.unit = r.text(13);
    p.price = r.integer(14);
    p.vatRate = static_cast<int>(r.integer(15));
    p.active = r.integer(16) != 0;
    p.image = r.text(17);
    p.traceUrl = r.text(18);
    return p;
}

std::vector<SqlValue> productValues(const Product& p)
{
    return {p.code,
            p.gtin,
            p.nameVi,
            p.nameEn,
            std::int64_t(static_cast<int>(p.group)),
            std::int64_t(static_cast<int>(p.legacyGroup)),
            std::int64_t(p.stars),
            std::int64_t(p.potentialFiveStar ? 1 : 0),
            p.certificateNo,
            p.certificateIssuer,
            p.certificateIssued,
            p.certificateExpiry,
            p.producerId,
            p.unit,
            std::int64_t(p.price),
            std::int64_t(p.vatRate),
            std::int64_t(p.active ? 1 : 0),
            p.image,
            p.traceUrl};
}

bool sameProduct(const Product& a, const Product& b) { return ocop::toJson(a) == ocop::toJson(b); }
bool sameProducer(const Producer& a, const Producer& b) { return ocop::toJson(a) == ocop::toJson(b); }
bool samePoint(const SalesPoint& a, const SalesPoint& b) { return ocop::toJson(a) == ocop::toJson(b); }

Producer producerFromRow(const SqlRow& r)
{
    Producer p;
    p.id = r.text(0);
    p.name = r.text(1);
    p.kind = static_cast<ProducerKind>(r.integer(2));
    p.commune = r.text(3);
    p.district = r.text(4);
    p.province = r.text(5);
    return p;
}

// The columns pointFromRow reads, in its order, and insertPoint writes.
constexpr const char* kPointColumns = "code, name, address, district, bank_bin, bank_account, bank_account_name";
constexpr std::size_t kPointColumnCount = 7;

SalesPoint pointFromRow(const SqlRow& r)
{
    return {r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6)};
}

void insertPoint(SqlConnection& c, const SalesPoint& p, TimestampMs now, std::int64_t version)
{
    c.exec(std::string("INSERT INTO sales_points(") + kPointColumns + ", created_at, version) VALUES (?,?,?,?,?,?,?,?,?)",
           {p.code, p.name, p.address, p.district, p.bankBin, p.bankAccount, p.bankAccountName, now, version});
}

// UserError unless the point can be stored: a code, a name, and either no
// bank account or one a VietQR can carry.
void validatePoint(const SalesPoint& p)
{
    if (p.code.empty() || p.code.size() > 16 ||
        !std::all_of(p.code.begin(), p.code.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; }))
        throw UserError("a point code is 1 to 16 letters, digits or '_' (e.g. HK01)");
    if (p.name.empty())
        throw UserError("point " + p.code + " needs a name (--name)");
    if (!p.bankBin.empty() || !p.bankAccount.empty() || !p.bankAccountName.empty()) {
        try {
            scan::validateVietQrAccount(p.bankBin, p.bankAccount);
        } catch (const UserError& e) {
            throw UserError("point " + p.code + ": " + e.what());
        }
    }
}

// ------------------------------------------------------------------ projection rows

// The tables events project into, with their column lists.
struct TableSpec {
    const char* name;
    const char* columns;
    std::size_t ncols;
};
constexpr TableSpec kSales{"sales",
                           "id, terminal_id, event_seq, point_code, terminal_code, receipt_no, receipt_seq, cashier_id, "
                           "cashier_name, shift_id, approved_by, created_at, local_day, gross, discount, total, vat, "
                           "paid, change_due, payments",
                           20};
constexpr TableSpec kSaleLines{
    "sale_lines", "sale_id, line_no, product_code, gtin, name, unit, quantity, unit_price, gross, discount, net, "
                  "vat_rate, vat, lot",
    14};
constexpr TableSpec kReturns{"returns",
                             "id, terminal_id, event_seq, point_code, terminal_code, receipt_no, original_sale_id, "
                             "original_receipt, cashier_id, cashier_name, shift_id, reason, created_at, local_day, "
                             "total, vat",
                             16};
constexpr TableSpec kReturnLines{
    "return_lines", "return_id, line_no, product_code, name, quantity, unit_price, vat_rate, refund, vat, lot", 10};
constexpr TableSpec kReturnRefunds{"return_refunds", "return_id, pay_no, method, amount, reference", 5};
constexpr TableSpec kLedger{
    "stock_ledger", "point_code, product_code, lot, quantity, kind, reference, terminal_id, event_seq, created_at", 9};
// A batch's events keep their raw JSON in the batch's archive (raw NULL,
// archive_seq and archive_line set); events stored one by one keep it inline.
constexpr TableSpec kEvents{"events",
                            "terminal_id, seq, uuid, type, point_code, created_at, received_at, content_hash, status, "
                            "reason, raw, archive_seq, archive_line",
                            13};
constexpr const TableSpec* kBulkTables[] = {&kEvents,      &kSales,         &kSaleLines, &kReturns,
                                            &kReturnLines, &kReturnRefunds, &kLedger};
constexpr std::size_t kBulkTableCount = std::size(kBulkTables);

std::size_t tableIndex(const TableSpec& t)
{
    for (std::size_t i = 0; i < kBulkTableCount; ++i)
        if (kBulkTables[i] == &t)
            return i;
    throw std::logic_error("unknown projection table");
}

// Where a projection's rows go: begin(t) hands out a buffer, the caller
// appends one row's cells in t's column order, end(t) takes the row. Sales
// and returns are recorded by id (their first column).
class RowSink {
public:
    virtual ~RowSink() = default;
    virtual RowBuffer& begin(const TableSpec& t) = 0;
    virtual void end(const TableSpec& t) = 0;
    // Is a sale (kSales) or return (kReturns) with this id already recorded?
    virtual bool recorded(const TableSpec& t, const std::string& id) = 0;
};

// Straight into the database, one INSERT per row (inside the event's savepoint).
class DirectSink final : public RowSink {
public:
    explicit DirectSink(SqlConnection& c) : m_c(c) {}
    RowBuffer& begin(const TableSpec& t) override
    {
        m_row = RowBuffer(t.ncols);
        return m_row;
    }
    void end(const TableSpec& t) override
    {
        auto& sql = m_insert[tableIndex(t)];
        if (sql.empty()) {
            sql = std::string("INSERT INTO ") + t.name + "(" + t.columns + ") VALUES (";
            for (std::size_t i = 0; i < t.ncols; ++i)
                sql += i ? ",?" : "?";
            sql += ')';
        }
        std::vector<SqlValue> params;
        params.reserve(t.ncols);
        for (const auto& c : m_row.cells()) {
            if (c.kind == RowBuffer::Kind::Integer)
                params.emplace_back(c.value);
            else if (c.kind == RowBuffer::Kind::Text)
                params.emplace_back(std::string(m_row.textOf(c)));
            else if (c.kind == RowBuffer::Kind::Blob)
                throw StorageError(std::string("bytes for ") + t.name + " go in bulk, not row by row");
            else
                params.emplace_back(nullptr);
        }
        m_c.exec(sql, params);
    }
    bool recorded(const TableSpec& t, const std::string& id) override
    {
        return !m_c.query(std::string("SELECT 1 FROM ") + t.name + " WHERE id = ?", {id}).empty();
    }

private:
    SqlConnection& m_c;
    RowBuffer m_row;
    std::array<std::string, kBulkTableCount> m_insert;
};

// Rows gathered per table for a whole batch and written in bulk at the end
// (COPY on PostgreSQL, multi-row INSERTs on SQLite). An event that turns out
// invalid halfway rewinds to its mark, as a savepoint would.
class BufferSink final : public RowSink {
public:
    struct Mark {
        std::array<RowBuffer::Mark, kBulkTableCount> rows;
        std::size_t added;
    };
    BufferSink()
    {
        for (std::size_t i = 0; i < kBulkTableCount; ++i)
            m_rows[i] = RowBuffer(kBulkTables[i]->ncols);
    }
    RowBuffer& begin(const TableSpec& t) override { return m_rows[tableIndex(t)]; }
    void end(const TableSpec& t) override
    {
        if (&t == &kSales || &t == &kReturns) {
            const auto& buf = m_rows[tableIndex(t)];
            std::string id(buf.textOf(buf.cells()[buf.cells().size() - t.ncols]));
            known(t).insert(id);
            m_added.emplace_back(&t, std::move(id));
        }
    }
    bool recorded(const TableSpec& t, const std::string& id) override { return known(t).count(id) != 0; }
    std::unordered_set<std::string>& known(const TableSpec& t) { return &t == &kSales ? m_sales : m_returns; }
    RowBuffer& rows(const TableSpec& t) { return m_rows[tableIndex(t)]; }

    Mark mark() const
    {
        Mark m;
        for (std::size_t i = 0; i < kBulkTableCount; ++i)
            m.rows[i] = m_rows[i].mark();
        m.added = m_added.size();
        return m;
    }
    void rewind(const Mark& m)
    {
        for (std::size_t i = 0; i < kBulkTableCount; ++i)
            m_rows[i].rewind(m.rows[i]);
        while (m_added.size() > m.added) {
            known(*m_added.back().first).erase(m_added.back().second);
            m_added.pop_back();
        }
    }
    // The rows so far go to the connection, which may store them while
    // more are made (SqlConnection::appendRows); the buffers start afresh.
    // With minRows, only the tables holding at least that many rows go:
    // each COPY then carries enough rows to be worth its statement.
    void handOff(SqlConnection& c, std::size_t minRows = 0)
    {
        for (std::size_t i = 0; i < kBulkTableCount; ++i) {
            if (m_rows[i].empty() || m_rows[i].rows() < minRows)
                continue;
            c.appendRows(kBulkTables[i]->name, kBulkTables[i]->columns, m_rows[i]);
            m_rows[i].clear();
        }
    }
    void flush(SqlConnection& c)
    {
        handOff(c);
        c.endRows();
    }

private:
    std::array<RowBuffer, kBulkTableCount> m_rows;
    std::unordered_set<std::string> m_sales, m_returns; // stored before the batch or earlier in it
    std::vector<std::pair<const TableSpec*, std::string>> m_added;
};

// A batch's events as the ingest reads them, each checked as it comes: a
// terminal speaks for its own sales point only, and an event naming another
// refuses the whole request (ApiError 403, the transaction undone).
class SameTerminalPoint {
public:
    SameTerminalPoint(wire::EventSource& source, const AuthTerminal& t) : m_source(source), m_terminal(t) {}

    bool has(std::size_t i)
    {
        if (!m_source.has(i))
            return false;
        for (; m_checked <= i; ++m_checked)
            check(m_source.at(m_checked));
        return true;
    }
    const wire::Event& at(std::size_t i) const { return m_source.at(i); }
    std::string_view canonicalPayload(std::size_t i) const { return m_source.canonicalPayload(i); }
    // Reads the batch to its end; returns how many events it holds.
    std::size_t readAll()
    {
        while (has(m_checked))
            ;
        return m_checked;
    }

private:
    void check(const wire::Event& e) const
    {
        auto it = e.payload.find("point");
        if (it != e.payload.end() && it->is_string() && it->get_ref<const std::string&>() != m_terminal.pointCode)
            throw ApiError(403, "forbidden",
                           "event seq " + std::to_string(e.seq) + " belongs to sales point " +
                               it->get<std::string>() + ", not to this terminal's " + m_terminal.pointCode);
    }

    wire::EventSource& m_source;
    const AuthTerminal& m_terminal;
    std::size_t m_checked = 0;
};

// "x = ANY(?)" / "x IN (json_each(?))" with the array as one parameter, so
// a whole batch's keys are looked up in one statement.
std::string inArray(Dialect d, const char* column, bool integer)
{
    if (d == Dialect::Postgres)
        return std::string(column) + (integer ? " = ANY(?::bigint[])" : " = ANY(?::text[])");
    return std::string(column) + " IN (SELECT value FROM json_each(?))";
}
SqlValue arrayParam(Dialect d, const std::vector<std::int64_t>& v)
{
    std::string out = d == Dialect::Postgres ? "{" : "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i)
            out += ',';
        out += std::to_string(v[i]);
    }
    out += d == Dialect::Postgres ? "}" : "]";
    return out;
}
SqlValue arrayParam(Dialect d, const std::vector<std::string>& v)
{
    if (d == Dialect::Sqlite)
        return json(v).dump(-1, ' ', false, json::error_handler_t::replace);
    std::string out = "{";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i)
            out += ',';
        out += '"';
        for (char ch : v[i]) {
            if (ch == '\0')
                break; // as a text parameter would
            if (ch == '"' || ch == '\\')
                out += '\\';
            out += ch;
        }
        out += '"';
    }
    return out + "}";
}

// ------------------------------------------------------------------ the store

class SqlCentralStore : public CentralStore {
public:
    SqlCentralStore(Dialect dialect, ConnectionPool::Factory factory, std::size_t poolSize)
        : m_dialect(dialect), m_pool(std::move(factory), poolSize)
    {
        auto c = m_pool.acquire();
        migrate(*c);
    }

    std::string dialectName() const override { return m_dialect == Dialect::Sqlite ? "sqlite" : "postgresql"; }

    void ping() override
    {
        auto c = m_pool.acquire();
        c->query("SELECT 1");
    }

    // ---------------------------------------------------------------- admin

    void addPoint(const SalesPoint& p, TimestampMs now) override
    {
        validatePoint(p);
        write([&](SqlConnection& c) {
            lockCatalog(c);
            if (!c.query("SELECT 1 FROM sales_points WHERE code = ?", {p.code}).empty())
                throw UserError("sales point " + p.code + " already exists");
            insertPoint(c, p, now, allocVersions(c, 1));
            return 0;
        });
    }

    std::string createEnrollCode(const std::string& pointCode, TimestampMs now, std::int64_t ttlMs) override
    {
        if (ttlMs <= 0)
            throw UserError("an enrolment code must live a positive time");
        const std::string code = makeEnrollCode();
        write([&](SqlConnection& c) {
            if (c.query("SELECT 1 FROM sales_points WHERE code = ?", {pointCode}).empty())
                throw UserError("unknown sales point " + pointCode + " (add it with `points add`)");
            c.exec("INSERT INTO enroll_codes(code_hash, point_code, created_at, expires_at) VALUES (?,?,?,?)",
                   {hashHex(normalizeCode(code)), pointCode, now, now + ttlMs});
            return 0;
        });
        return code;
    }

    std::vector<TerminalInfo> terminals() override
    {
        return read([&](SqlConnection& c) {
            std::vector<TerminalInfo> out;
            auto rows = c.query(
                "SELECT t.id, t.code, t.name, t.point_code, t.enrolled_at, t.revoked_at, t.last_sync_at, "
                "t.acked_through, (SELECT count(*) FROM events e WHERE e.terminal_id = t.id), "
                "(SELECT count(*) FROM events e WHERE e.terminal_id = t.id AND e.status = 'quarantined') "
                "FROM terminals t ORDER BY t.point_code, t.enrolled_at");
            for (const auto& r : rows) {
                TerminalInfo t;
                t.id = r.text(0);
                t.code = r.text(1);
                t.name = r.text(2);
                t.pointCode = r.text(3);
                t.enrolledAt = r.integer(4);
                if (!r.isNull(5))
                    t.revokedAt = r.integer(5);
                if (!r.isNull(6))
                    t.lastSyncAt = r.integer(6);
                t.ackedThrough = r.integer(7);
                t.events = r.integer(8);
                t.quarantined = r.integer(9);
                out.push_back(std::move(t));
            }
            return out;
        });
    }

    std::vector<TerminalInfo> terminalSyncStates() override
    {
        return read([&](SqlConnection& c) {
            std::vector<TerminalInfo> out;
            for (const auto& r : c.query("SELECT id, code, name, point_code, enrolled_at, revoked_at, last_sync_at, "
                                         "acked_through FROM terminals ORDER BY point_code, enrolled_at")) {
                TerminalInfo t;
                t.id = r.text(0);
                t.code = r.text(1);
                t.name = r.text(2);
                t.pointCode = r.text(3);
                t.enrolledAt = r.integer(4);
                if (!r.isNull(5))
                    t.revokedAt = r.integer(5);
                if (!r.isNull(6))
                    t.lastSyncAt = r.integer(6);
                t.ackedThrough = r.integer(7);
                out.push_back(std::move(t));
            }
            return out;
        });
    }

    TerminalInfo revokeTerminal(const std::string& idOrCode, TimestampMs now) override
    {
        write([&](SqlConnection& c) {
            auto rows = c.query("SELECT id FROM terminals WHERE id = ? OR point_code || '-' || code = ?",
                                {idOrCode, idOrCode});
            if (rows.empty())
                throw UserError("unknown terminal " + idOrCode + " (see `terminals list`)");
            c.exec("UPDATE terminals SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", {now, rows[0].text(0)});
            return 0;
        });
        for (auto& t : terminals())
            if (t.id == idOrCode || t.pointCode + "-" + t.code == idOrCode)
                return t;
        throw StorageError("terminal vanished");
    }

    // ---------------------------------------------------------------- API

    wire::EnrollResponse enroll(const wire::EnrollRequest& req, TimestampMs now) override
    {
        return write([&](SqlConnection& c) {
            const std::string h = hashHex(normalizeCode(req.code));
            auto rows = c.query("SELECT point_code, expires_at, used_at FROM enroll_codes WHERE code_hash = ?", {h});
            if (rows.empty())
                throw ApiError(403, "invalid_code", "unknown enrolment code");
            if (!rows[0].isNull(2))
                throw ApiError(403, "code_used", "this enrolment code was already used");
            if (rows[0].integer(1) <= now)
                throw ApiError(403, "code_expired", "this enrolment code has expired; ask for a new one");
            const std::string point = rows[0].text(0);
            if (c.exec("UPDATE enroll_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL", {now, h}) != 1)
                throw ApiError(403, "code_used", "this enrolment code was already used");
            auto pr = c.query("UPDATE sales_points SET next_terminal = next_terminal + 1 WHERE code = ? "
                              "RETURNING next_terminal, name",
                              {point});
            if (pr.empty())
                throw ApiError(403, "invalid_code", "the code's sales point no longer exists");
            wire::EnrollResponse r;
            r.terminalId = uuidV7(now);
            r.terminalCode = "T" + std::to_string(pr[0].integer(0) - 1);
            r.token = randomToken();
            r.pointCode = point;
            r.pointName = pr[0].text(1);
            r.serverTime = now;
            c.exec("INSERT INTO terminals(id, point_code, code, name, token_hash, enrolled_at) VALUES (?,?,?,?,?,?)",
                   {r.terminalId, point, r.terminalCode, req.terminalName, hashHex(r.token), now});
            c.exec("UPDATE enroll_codes SET terminal_id = ? WHERE code_hash = ?", {r.terminalId, h});
            return r;
        });
    }

    std::optional<AuthTerminal> authenticate(const std::string& token) override
    {
        if (!isHexToken(token))
            return std::nullopt;
        std::string lower = token;
        for (auto& ch : lower)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        auto c = m_pool.acquire();
        auto rows = c->query("SELECT id, code, point_code FROM terminals WHERE token_hash = ? AND revoked_at IS NULL",
                             {hashHex(lower)});
        if (rows.empty())
            return std::nullopt;
        return AuthTerminal{rows[0].text(0), rows[0].text(1), rows[0].text(2)};
    }

    using CentralStore::ingest;
    wire::BatchResult ingest(const AuthTerminal& t, wire::EventSource& source, TimestampMs now,
                             IngestStats* statsOut) override
    {
        // Every event is checked as it is read: a terminal never speaks for
        // another point, and the whole request is refused if it tries.
        SameTerminalPoint events(source, t);
        // The canonical JSON and its hash: made before taking the one
        // writer where there is one (SQLite); on PostgreSQL event by event
        // while the events already made are being stored (see ingestBulk),
        // as are the events read.
        std::vector<Prepared> prepared;
        if (!streamsRows()) {
            prepared.resize(events.readAll());
            for (std::size_t i = 0; i < prepared.size(); ++i)
                prepare(events, i, prepared[i]);
        }
        IngestStats stats;
        auto result = write([&](SqlConnection& c) {
            auto rows = c.query("UPDATE terminals SET last_sync_at = ? WHERE id = ? AND revoked_at IS NULL "
                                "RETURNING acked_through",
                                {now, t.id});
            if (rows.empty())
                throw ApiError(401, "unauthorized", "this terminal's token has been revoked");
            std::int64_t acked = rows[0].integer(0);
            wire::BatchResult res;
            // The whole batch in a few statements, first as if none of it
            // were stored yet (a terminal sends a batch again only when a
            // reply was lost), so without looking anything up: the keys on
            // events (terminal, seq) and (uuid) and on sales (id) refuse
            // whatever is already there. Then, refused, with the stored seqs,
            // uuids and sales looked up (replays, conflicts, a uuid or sale
            // taken). Should the database still refuse a row (a constraint
            // the checks here did not foresee, or a concurrent writer of the
            // same uuid or sale), undo it and take the event-by-event path,
            // which quarantines just that event.
            bool bulk = false;
            c.script("SAVEPOINT batch");
            for (const auto lookUp : {StoredRows::Assumed, StoredRows::LookedUp}) {
                try {
                    ingestBulk(c, t, events, prepared, now, res, stats, lookUp);
                    bulk = true;
                    break;
                } catch (const ConstraintError&) {
                    c.script("ROLLBACK TO SAVEPOINT batch");
                    res = {};
                    stats = {};
                }
            }
            // The savepoint is left for the commit to release: a statement
            // less per batch. The event-by-event path below nests its own.
            const std::size_t count = events.readAll();
            if (!bulk) {
                res = {};
                stats = {};
                prepared.resize(count);
                for (std::size_t i = 0; i < count; ++i)
                    ingestOne(c, t, events.at(i), prepare(events, i, prepared[i]), now, res, stats);
            }
            // Every seq of the batch is stored now (new, replayed, or kept
            // against a conflicting copy): advance over them in memory, then
            // over whatever earlier out-of-order batches stored beyond.
            // Normally nothing is, so the update is made in the same
            // statement as that look, on condition that the next seq is not
            // stored; only when it is are the seqs beyond read.
            std::vector<std::int64_t> seqs;
            seqs.reserve(count);
            for (std::size_t i = 0; i < count; ++i)
                seqs.push_back(events.at(i).seq);
            std::sort(seqs.begin(), seqs.end());
            for (const auto s : seqs) {
                if (s <= acked)
                    continue;
                if (s != acked + 1)
                    break;
                ++acked;
            }
            if (c.exec("UPDATE terminals SET acked_through = ? WHERE id = ? AND NOT EXISTS "
                       "(SELECT 1 FROM events WHERE terminal_id = ? AND seq = ?)",
                       {acked, t.id, t.id, acked + 1}) == 0) {
                for (bool more = true; more;) {
                    auto next = c.query(
                        "SELECT seq FROM events WHERE terminal_id = ? AND seq > ? ORDER BY seq LIMIT 1000",
                        {t.id, acked});
                    more = next.size() == 1000;
                    for (const auto& r : next) {
                        if (r.integer(0) != acked + 1) {
                            more = false;
                            break;
                        }
                        ++acked;
                    }
                }
                c.exec("UPDATE terminals SET acked_through = ? WHERE id = ?", {acked, t.id});
            }
            res.ackedThrough = acked;
            res.serverTime = now;
            return res;
        });
        if (statsOut)
            *statsOut = stats;
        return result;
    }

    wire::CatalogPage catalogChanges(std::int64_t since, std::size_t limit, TimestampMs now) override
    {
        if (since < 0)
            throw ApiError(400, "bad_request", "'since' must be 0 or more");
        limit = std::clamp<std::size_t>(limit, 1, 5000);
        return read([&](SqlConnection& c) {
            wire::CatalogPage page;
            page.since = since;
            page.serverTime = now;
            const auto lim = static_cast<std::int64_t>(limit + 1);
            auto pts = c.query(std::string("SELECT ") + kPointColumns + ", version FROM sales_points WHERE version > ? "
                               "ORDER BY version LIMIT ?",
                               {since, lim});
            auto prs = c.query("SELECT id, name, kind, commune, district, province, version FROM producers "
                               "WHERE version > ? ORDER BY version LIMIT ?",
                               {since, lim});
            auto pds = c.query(std::string("SELECT ") + kProductColumns +
                                   " FROM products WHERE version > ? ORDER BY version LIMIT ?",
                               {since, lim});
            // Merge by version (unique across the three tables), keep `limit`.
            struct Item {
                std::int64_t version;
                int kind;
                const SqlRow* row;
            };
            std::vector<Item> items;
            for (const auto& r : pts)
                items.push_back({r.integer(kPointColumnCount), 0, &r});
            for (const auto& r : prs)
                items.push_back({r.integer(6), 1, &r});
            for (const auto& r : pds)
                items.push_back({r.integer(20), 2, &r});
            std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.version < b.version; });
            page.more = items.size() > limit;
            if (page.more)
                items.resize(limit);
            page.version = items.empty() ? since : items.back().version;
            std::set<std::string> producerIds;
            for (const auto& it : items) {
                if (it.kind == 0)
                    page.points.push_back(pointFromRow(*it.row));
                else if (it.kind == 1) {
                    page.producers.push_back(producerFromRow(*it.row));
                    producerIds.insert(page.producers.back().id);
                } else if (it.row->integer(19) != 0)
                    page.removedProducts.push_back(it.row->text(0));
                else
                    page.products.push_back(productFromRow(*it.row));
            }
            // A product's producer may have changed after it (higher version,
            // a later page); send it along so every page stands on its own.
            for (const auto& p : page.products) {
                if (p.producerId.empty() || producerIds.count(p.producerId))
                    continue;
                auto r = c.query("SELECT id, name, kind, commune, district, province, version FROM producers "
                                 "WHERE id = ? AND version > ?",
                                 {p.producerId, page.version});
                producerIds.insert(p.producerId);
                if (!r.empty())
                    page.producers.push_back(producerFromRow(r[0]));
            }
            return page;
        });
    }

    // ---------------------------------------------------------------- catalog authoring

    CatalogWriteResult upsertCatalog(const std::vector<SalesPoint>& points, const std::vector<Producer>& producers,
                                     const std::vector<Product>& products, TimestampMs now) override
    {
        for (const auto& p : products)
            validateProduct(p);
        return write([&](SqlConnection& c) {
            lockCatalog(c);
            CatalogWriteResult res;
            // Current state, to write only what changed.
            std::map<std::string, SalesPoint> curPoints;
            for (const auto& r : c.query(std::string("SELECT ") + kPointColumns + " FROM sales_points"))
                curPoints.emplace(r.text(0), pointFromRow(r));
            std::map<std::string, Producer> curProducers;
            for (const auto& r : c.query("SELECT id, name, kind, commune, district, province FROM producers"))
                curProducers.emplace(r.text(0), producerFromRow(r));
            std::map<std::string, std::pair<Product, bool>> curProducts; // code -> (product, removed)
            std::map<std::string, std::string> gtinOwner;
            for (const auto& r : c.query(std::string("SELECT ") + kProductColumns + " FROM products")) {
                auto p = productFromRow(r);
                const bool removed = r.integer(19) != 0;
                if (!removed && !p.gtin.empty())
                    gtinOwner[p.gtin] = p.code;
                std::string code = p.code;
                curProducts.emplace(std::move(code), std::make_pair(std::move(p), removed));
            }
            std::vector<const SalesPoint*> newPoints, changedPoints;
            for (const auto& p : points) {
                validatePoint(p);
                auto it = curPoints.find(p.code);
                if (it == curPoints.end())
                    newPoints.push_back(&p);
                else if (!samePoint(it->second, p))
                    changedPoints.push_back(&p);
            }
            std::vector<const Producer*> newProducers, changedProducers;
            for (const auto& p : producers) {
                if (p.id.empty() || p.name.empty())
                    throw UserError("a producer needs an id and a name");
                auto it = curProducers.find(p.id);
                if (it == curProducers.end())
                    newProducers.push_back(&p);
                else if (!sameProducer(it->second, p))
                    changedProducers.push_back(&p);
                curProducers[p.id] = p;
            }
            std::vector<const Product*> newProducts, changedProducts;
            std::set<std::string> seen;
            for (const auto& p : products) {
                if (!seen.insert(p.code).second)
                    throw UserError("product " + p.code + " appears twice");
                if (!p.producerId.empty() && !curProducers.count(p.producerId))
                    throw UserError("product " + p.code + ": unknown producer " + p.producerId);
                auto it = curProducts.find(p.code);
                if (it == curProducts.end())
                    newProducts.push_back(&p);
                else if (it->second.second || !sameProduct(it->second.first, p))
                    changedProducts.push_back(&p);
                if (it != curProducts.end() && !it->second.second && !it->second.first.gtin.empty() &&
                    gtinOwner[it->second.first.gtin] == p.code)
                    gtinOwner.erase(it->second.first.gtin);
            }
            for (const auto& p : products) {
                if (p.gtin.empty())
                    continue;
                auto [it, fresh] = gtinOwner.emplace(p.gtin, p.code);
                if (!fresh && it->second != p.code)
                    throw UserError("product " + p.code + ": GTIN " + p.gtin + " already belongs to " + it->second);
            }
            const auto n = static_cast<std::int64_t>(newPoints.size() + changedPoints.size() + newProducers.size() +
                                                     changedProducers.size() + newProducts.size() +
                                                     changedProducts.size());
            if (n == 0) {
                res.version = currentVersion(c);
                return res;
            }
            // Points, then producers, then products: a row never refers to
            // something with a higher version from the same write.
            std::int64_t v = allocVersions(c, n);
            for (const auto* p : newPoints)
                insertPoint(c, *p, now, v++);
            for (const auto* p : changedPoints)
                c.exec("UPDATE sales_points SET name = ?, address = ?, district = ?, bank_bin = ?, bank_account = ?, "
                       "bank_account_name = ?, version = ? WHERE code = ?",
                       {p->name, p->address, p->district, p->bankBin, p->bankAccount, p->bankAccountName, v++,
                        p->code});
            for (const auto* p : newProducers)
                c.exec("INSERT INTO producers(id, name, kind, commune, district, province, version) "
                       "VALUES (?,?,?,?,?,?,?)",
                       {p->id, p->name, std::int64_t(static_cast<int>(p->kind)), p->commune, p->district,
                        p->province, v++});
            for (const auto* p : changedProducers)
                c.exec("UPDATE producers SET name = ?, kind = ?, commune = ?, district = ?, province = ?, version = ? "
                       "WHERE id = ?",
                       {p->name, std::int64_t(static_cast<int>(p->kind)), p->commune, p->district, p->province, v++,
                        p->id});
            for (const auto* p : newProducts) {
                auto vals = productValues(*p);
                vals.push_back(v++);
                c.exec(std::string("INSERT INTO products(") + kProductColumns +
                           ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?)",
                       vals);
            }
            for (const auto* p : changedProducts) {
                auto vals = productValues(*p);
                vals.erase(vals.begin());
                vals.push_back(v++);
                vals.push_back(p->code);
                c.exec("UPDATE products SET gtin = ?, name_vi = ?, name_en = ?, ocop_group = ?, legacy_group = ?, "
                       "stars = ?, potential_five = ?, certificate_no = ?, certificate_issuer = ?, "
                       "certificate_issued = ?, certificate_expiry = ?, producer_id = ?, unit = ?, price = ?, "
                       "vat_rate = ?, active = ?, image = ?, trace_url = ?, removed = 0, version = ? WHERE code = ?",
                       vals);
            }
            res.points = static_cast<std::int64_t>(newPoints.size() + changedPoints.size());
            res.producers = static_cast<std::int64_t>(newProducers.size() + changedProducers.size());
            res.products = static_cast<std::int64_t>(newProducts.size() + changedProducts.size());
            res.version = v - 1;
            return res;
        });
    }

    CatalogWriteResult removeProducts(const std::vector<std::string>& codes, TimestampMs) override
    {
        return write([&](SqlConnection& c) {
            lockCatalog(c);
            CatalogWriteResult res;
            std::vector<std::string> todo;
            for (const auto& code : codes) {
                auto r = c.query("SELECT removed FROM products WHERE code = ?", {code});
                if (r.empty())
                    throw UserError("unknown product " + code);
                if (r[0].integer(0) == 0 && std::find(todo.begin(), todo.end(), code) == todo.end())
                    todo.push_back(code);
            }
            if (todo.empty()) {
                res.version = currentVersion(c);
                return res;
            }
            std::int64_t v = allocVersions(c, static_cast<std::int64_t>(todo.size()));
            for (const auto& code : todo)
                c.exec("UPDATE products SET removed = 1, version = ? WHERE code = ?", {v++, code});
            res.products = static_cast<std::int64_t>(todo.size());
            res.version = v - 1;
            return res;
        });
    }

    CatalogSnapshot catalog() override
    {
        return read([&](SqlConnection& c) {
            CatalogSnapshot s;
            for (const auto& r : c.query(std::string("SELECT ") + kPointColumns + " FROM sales_points ORDER BY code"))
                s.points.push_back(pointFromRow(r));
            for (const auto& r : c.query("SELECT id, name, kind, commune, district, province FROM producers ORDER BY id"))
                s.producers.push_back(producerFromRow(r));
            for (const auto& r : c.query(std::string("SELECT ") + kProductColumns +
                                         " FROM products WHERE removed = 0 ORDER BY code"))
                s.products.push_back(productFromRow(r));
            return s;
        });
    }

    // ---------------------------------------------------------------- reports

    json salesReport(const std::string& fromDay, const std::string& toDay) override
    {
        const std::string from = fromDay.empty() ? "0000-00-00" : fromDay;
        const std::string to = toDay.empty() ? "9999-99-99" : toDay;
        return read([&](SqlConnection& c) {
            std::map<std::pair<std::string, std::string>, json> rows;
            auto row = [&](const std::string& point, const std::string& day) -> json& {
                auto& r = rows[{point, day}];
                if (r.is_null())
                    r = {{"point", point},     {"date", day},         {"sales_count", 0}, {"total", 0},
                         {"vat", 0},           {"discounts", 0},      {"items_sold", 0},  {"returns_count", 0},
                         {"returns_total", 0}, {"returns_vat", 0},    {"net", 0}};
                return r;
            };
            for (const auto& r : c.query("SELECT point_code, local_day, count(*), sum(total), sum(vat), sum(discount) "
                                         "FROM sales WHERE local_day >= ? AND local_day <= ? "
                                         "GROUP BY point_code, local_day",
                                         {from, to})) {
                auto& j = row(r.text(0), r.text(1));
                j["sales_count"] = r.integer(2);
                j["total"] = r.integer(3);
                j["vat"] = r.integer(4);
                j["discounts"] = r.integer(5);
            }
            for (const auto& r : c.query("SELECT s.point_code, s.local_day, sum(l.quantity) FROM sale_lines l "
                                         "JOIN sales s ON s.id = l.sale_id WHERE s.local_day >= ? AND s.local_day <= ? "
                                         "GROUP BY s.point_code, s.local_day",
                                         {from, to}))
                row(r.text(0), r.text(1))["items_sold"] = r.integer(2);
            for (const auto& r : c.query("SELECT point_code, local_day, count(*), sum(total), sum(vat) FROM returns "
                                         "WHERE local_day >= ? AND local_day <= ? GROUP BY point_code, local_day",
                                         {from, to})) {
                auto& j = row(r.text(0), r.text(1));
                j["returns_count"] = r.integer(2);
                j["returns_total"] = r.integer(3);
                j["returns_vat"] = r.integer(4);
            }
            json days = json::array();
            std::map<std::string, json> byPoint;
            json total = {{"sales_count", 0}, {"total", 0}, {"vat", 0}, {"returns_count", 0}, {"returns_total", 0},
                          {"net", 0}};
            for (auto& [key, j] : rows) {
                j["net"] = j["total"].get<std::int64_t>() - j["returns_total"].get<std::int64_t>();
                auto& p = byPoint[key.first];
                if (p.is_null())
                    p = {{"point", key.first}, {"sales_count", 0}, {"total", 0}, {"vat", 0}, {"returns_count", 0},
                         {"returns_total", 0}, {"net", 0}};
                for (const char* f : {"sales_count", "total", "vat", "returns_count", "returns_total", "net"}) {
                    p[f] = p[f].get<std::int64_t>() + j[f].get<std::int64_t>();
                    total[f] = total[f].get<std::int64_t>() + j[f].get<std::int64_t>();
                }
                days.push_back(j);
            }
            for (const auto& r : c.query("SELECT code, name, district FROM sales_points", {})) {
                auto it = byPoint.find(r.text(0));
                if (it != byPoint.end()) {
                    it->second["name"] = r.text(1);
                    it->second["district"] = r.text(2);
                }
            }
            json points = json::array();
            for (auto& [_, p] : byPoint)
                points.push_back(p);

            // What sold, named and grouped as the catalog stands now; a product
            // that left the catalog keeps the name it was sold under.
            std::map<std::string, json> byProduct;
            auto product = [&](const std::string& code, const std::string& name) -> json& {
                auto& j = byProduct[code];
                if (j.is_null())
                    j = {{"code", code}, {"name", name}, {"group", 0}, {"stars", 0}, {"producer", ""},
                         {"quantity", 0}, {"net", 0}, {"vat", 0}, {"returned_quantity", 0}, {"returned", 0}};
                return j;
            };
            for (const auto& r : c.query("SELECT l.product_code, min(l.name), sum(l.quantity), sum(l.net), sum(l.vat) "
                                         "FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                                         "WHERE s.local_day >= ? AND s.local_day <= ? GROUP BY l.product_code",
                                         {from, to})) {
                auto& j = product(r.text(0), r.text(1));
                j["quantity"] = r.integer(2);
                j["net"] = r.integer(3);
                j["vat"] = r.integer(4);
            }
            for (const auto& r : c.query("SELECT l.product_code, min(l.name), sum(l.quantity), sum(l.refund) "
                                         "FROM return_lines l JOIN returns t ON t.id = l.return_id "
                                         "WHERE t.local_day >= ? AND t.local_day <= ? GROUP BY l.product_code",
                                         {from, to})) {
                auto& j = product(r.text(0), r.text(1));
                j["returned_quantity"] = r.integer(2);
                j["returned"] = r.integer(3);
            }
            if (!byProduct.empty())
                for (const auto& r : c.query("SELECT p.code, p.ocop_group, p.stars, coalesce(pr.name, ''), p.name_vi "
                                             "FROM products p LEFT JOIN producers pr ON pr.id = p.producer_id",
                                             {})) {
                    auto it = byProduct.find(r.text(0));
                    if (it == byProduct.end())
                        continue;
                    it->second["group"] = r.integer(1);
                    it->second["stars"] = r.integer(2);
                    it->second["producer"] = r.text(3);
                    it->second["name"] = r.text(4);
                }
            json products = json::array();
            for (auto& [_, j] : byProduct)
                products.push_back(std::move(j));

            std::map<std::string, json> byMethod;
            auto method = [&](const std::string& m) -> json& {
                auto& j = byMethod[m];
                if (j.is_null())
                    j = {{"method", m}, {"payments", 0}, {"amount", 0}, {"refunds", 0}, {"refunded", 0}};
                return j;
            };
            for (const auto& r : c.query("SELECT method, count(*), sum(amount) FROM sale_payments "
                                         "WHERE local_day >= ? AND local_day <= ? GROUP BY method",
                                         {from, to})) {
                auto& j = method(r.text(0));
                j["payments"] = r.integer(1);
                j["amount"] = r.integer(2);
            }
            // Cash payments record what was tendered; the drawer keeps that minus change.
            for (const auto& r : c.query("SELECT sum(change_due) FROM sales WHERE local_day >= ? AND local_day <= ? "
                                         "AND change_due > 0",
                                         {from, to}))
                if (!r.isNull(0) && byMethod.count("cash"))
                    byMethod["cash"]["amount"] = byMethod["cash"]["amount"].get<std::int64_t>() - r.integer(0);
            for (const auto& r : c.query("SELECT f.method, count(*), sum(f.amount) FROM return_refunds f "
                                         "JOIN returns t ON t.id = f.return_id "
                                         "WHERE t.local_day >= ? AND t.local_day <= ? GROUP BY f.method",
                                         {from, to})) {
                auto& j = method(r.text(0));
                j["refunds"] = r.integer(1);
                j["refunded"] = r.integer(2);
            }
            json methods = json::array();
            for (auto& [_, j] : byMethod)
                methods.push_back(std::move(j));
            return json{{"from", fromDay}, {"to", toDay},           {"days", days},      {"points", points},
                        {"products", products}, {"methods", methods}, {"total", total}};
        });
    }

    std::vector<StockLevel> stockLevels(const std::string& pointCode, bool byLot) override
    {
        return read([&](SqlConnection& c) {
            std::vector<StockLevel> out;
            const std::string sql =
                byLot ? "SELECT point_code, product_code, sum(quantity), lot FROM stock_movements "
                        "WHERE point_code = ? OR ? = '' GROUP BY point_code, product_code, lot "
                        "HAVING sum(quantity) <> 0 ORDER BY point_code, product_code, lot"
                      : "SELECT point_code, product_code, sum(quantity), '' FROM stock_movements "
                        "WHERE point_code = ? OR ? = '' GROUP BY point_code, product_code "
                        "ORDER BY point_code, product_code";
            for (const auto& r : c.query(sql, {pointCode, pointCode}))
                out.push_back({r.text(0), r.text(1), r.integer(2), r.text(3)});
            return out;
        });
    }

    StoreCounts counts() override
    {
        return read([&](SqlConnection& c) {
            StoreCounts s;
            auto one = [&](const char* sql) { return c.query(sql)[0].integer(0); };
            s.events = one("SELECT count(*) FROM events");
            s.applied = one("SELECT count(*) FROM events WHERE status = 'applied'");
            s.quarantined = one("SELECT count(*) FROM events WHERE status = 'quarantined'");
            s.conflicts = one("SELECT count(*) FROM event_conflicts");
            s.sales = one("SELECT count(*) FROM sales");
            s.returns = one("SELECT count(*) FROM returns");
            s.shifts = one("SELECT count(*) FROM shifts");
            s.stockMovements = one("SELECT count(*) FROM stock_movements");
            s.terminals = one("SELECT count(*) FROM terminals");
            return s;
        });
    }

    json quarantine(std::size_t limit) override
    {
        return read([&](SqlConnection& c) {
            json out = json::array();
            const auto lim = static_cast<std::int64_t>(limit);
            for (const auto& r : c.query("SELECT t.point_code, t.code, e.seq, e.type, e.reason, e.received_at "
                                         "FROM events e JOIN terminals t ON t.id = e.terminal_id "
                                         "WHERE e.status = 'quarantined' ORDER BY e.received_at DESC LIMIT ?",
                                         {lim}))
                out.push_back({{"point", r.text(0)}, {"terminal", r.text(1)}, {"seq", r.integer(2)},
                               {"type", r.text(3)},  {"reason", r.text(4)},   {"received_at", r.integer(5)},
                               {"kind", "quarantined"}});
            for (const auto& r : c.query("SELECT t.point_code, t.code, x.seq, x.reason, x.received_at "
                                         "FROM event_conflicts x JOIN terminals t ON t.id = x.terminal_id "
                                         "ORDER BY x.received_at DESC LIMIT ?",
                                         {lim}))
                out.push_back({{"point", r.text(0)}, {"terminal", r.text(1)}, {"seq", r.integer(2)},
                               {"reason", r.text(3)}, {"received_at", r.integer(4)}, {"kind", "conflict"}});
            return out;
        });
    }

    std::optional<std::string> eventJson(const std::string& terminal, std::int64_t seq) override
    {
        return read([&](SqlConnection& c) -> std::optional<std::string> {
            auto rows = c.query("SELECT e.raw, e.archive_seq, e.archive_line, e.terminal_id FROM events e "
                                "JOIN terminals t ON t.id = e.terminal_id "
                                "WHERE (t.id = ? OR t.point_code || '-' || t.code = ?) AND e.seq = ?",
                                {terminal, terminal, seq});
            if (rows.empty())
                return std::nullopt;
            const auto& r = rows[0];
            if (!r.isNull(0))
                return r.text(0);
            auto archive = c.query("SELECT format, body FROM event_archives WHERE terminal_id = ? AND first_seq = ?",
                                   {r.text(3), r.integer(1)});
            if (archive.empty())
                throw StorageError("the archive of event seq " + std::to_string(seq) + " is missing");
            if (archive[0].text(0) != kEventArchiveFormat)
                throw StorageError("event archive format '" + archive[0].text(0) + "' is not known here");
            return eventArchiveLine(bytesOf(m_dialect, archive[0], 1), static_cast<std::size_t>(r.integer(2)));
        });
    }

protected:
    virtual std::unique_lock<std::mutex> writerLock() { return {}; }
    // One writer at a time (SQLite): writes that queue up meanwhile share the
    // next transaction, each in a savepoint of its own (see write()).
    virtual bool groupsWrites() const { return false; }

private:
    template <typename F>
    auto write(F&& f) -> decltype(f(std::declval<SqlConnection&>()))
    {
        if (!groupsWrites()) {
            auto c = m_pool.acquire();
            auto lock = writerLock();
            Transaction tx(*c, true);
            auto r = f(*c);
            tx.commit();
            return r;
        }
        std::optional<decltype(f(std::declval<SqlConnection&>()))> result;
        PendingWrite w;
        w.run = [&](SqlConnection& c) { result.emplace(f(c)); };
        submitToGroup(w);
        if (w.error)
            std::rethrow_exception(w.error);
        return std::move(*result);
    }

    // Group commit. With one writer, every write paid a durable commit of its
    // own, one after another: 1,000 terminals enrolling at once waited for
    // 1,000 fsyncs in a row. Now the first writer to find no group running
    // leads one: it takes every write queued so far, runs each in a
    // savepoint (a write that throws is rolled back alone and gets its own
    // error), commits once and hands each its outcome; writes arriving
    // meanwhile form the next group. A write's result is returned only after
    // the commit that made it durable; if that commit fails, every write of
    // the group fails with it and none is stored.
    struct PendingWrite {
        std::function<void(SqlConnection&)> run;
        std::exception_ptr error;
        bool done = false;
    };

    void submitToGroup(PendingWrite& w)
    {
        std::unique_lock lk(m_groupMutex);
        m_groupQueue.push_back(&w);
        while (!w.done) {
            if (m_groupRunning) {
                m_groupDone.wait(lk);
                continue;
            }
            m_groupRunning = true;
            std::vector<PendingWrite*> group;
            group.swap(m_groupQueue);
            lk.unlock();
            runGroup(group);
            lk.lock();
            for (auto* p : group)
                p->done = true;
            m_groupRunning = false;
            m_groupDone.notify_all();
        }
    }

    void runGroup(const std::vector<PendingWrite*>& group)
    {
        auto failAll = [&](std::exception_ptr e) {
            for (auto* p : group)
                if (!p->error)
                    p->error = e;
        };
        try {
            auto c = m_pool.acquire();
            auto lock = writerLock();
            Transaction tx(*c, true);
            for (auto* p : group) {
                c->script("SAVEPOINT grouped_write");
                try {
                    p->run(*c);
                } catch (...) {
                    p->error = std::current_exception();
                    // Undoes just this write; should the database have
                    // dropped the whole transaction, this throws and the
                    // group fails as one.
                    c->script("ROLLBACK TO SAVEPOINT grouped_write");
                }
                c->script("RELEASE SAVEPOINT grouped_write");
            }
            tx.commit();
        } catch (...) {
            // Nothing of the group is stored: a write that had not failed
            // on its own reports this.
            failAll(std::current_exception());
        }
    }

    template <typename F>
    auto read(F&& f) -> decltype(f(std::declval<SqlConnection&>()))
    {
        auto c = m_pool.acquire();
        Transaction tx(*c, false);
        auto r = f(*c);
        tx.commit();
        return r;
    }

    void migrate(SqlConnection& c)
    {
        const auto& migrations = m_dialect == Dialect::Sqlite ? centralSqliteMigrations() : centralPostgresMigrations();
        auto lock = writerLock();
        for (std::size_t i = 0; i <= migrations.size(); ++i) {
            Transaction tx(c, true);
            if (m_dialect == Dialect::Postgres)
                c.query("SELECT pg_advisory_xact_lock(72620211)");
            c.script("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                     "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            const auto have = c.query("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].integer(0);
            if (i == 0) {
                const int known = migrations.empty() ? 0 : migrations.back().version;
                if (have > known)
                    throw StorageError("the database's schema (version " + std::to_string(have) +
                                       ") is newer than this ocop-central knows (" + std::to_string(known) + ")");
                tx.commit();
                continue;
            }
            const auto& m = migrations[i - 1];
            if (m.version <= have) {
                tx.commit();
                continue;
            }
            c.script(m.sql);
            c.exec("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?,?,?)",
                   {std::int64_t(m.version), std::string(m.name), nowMs()});
            tx.commit();
        }
    }

    // Serializes catalog writers: the counter row stays locked until commit.
    void lockCatalog(SqlConnection& c) { c.exec("UPDATE catalog_state SET version = version WHERE id = 1"); }
    std::int64_t currentVersion(SqlConnection& c)
    {
        return c.query("SELECT version FROM catalog_state WHERE id = 1")[0].integer(0);
    }
    // Returns the first of n consecutive new versions.
    std::int64_t allocVersions(SqlConnection& c, std::int64_t n)
    {
        auto r = c.query("UPDATE catalog_state SET version = version + ? WHERE id = 1 RETURNING version", {n});
        return r[0].integer(0) - n + 1;
    }

    struct Prepared {
        std::string raw;  // canonical JSON of the event
        std::string hash; // BLAKE2b of raw
    };
    static const Prepared& prepare(const SameTerminalPoint& events, std::size_t i, Prepared& p)
    {
        if (p.hash.empty()) {
            p.raw = wire::canonicalJson(events.at(i), events.canonicalPayload(i));
            p.hash = hashHex(p.raw);
        }
        return p;
    }
    // Whether the connection stores rows while more are made (appendRows),
    // so that making them is best done inside the transaction.
    bool streamsRows() const { return m_dialect == Dialect::Postgres; }

    // Thrown by the projection of one event; the message is the quarantine reason.
    static std::string quarantineReason(const wire::Event& e, std::exception_ptr ep)
    {
        try {
            std::rethrow_exception(ep);
        } catch (const Invalid& x) {
            return x.what();
        } catch (const UserError& x) {
            return x.what();
        } catch (const std::invalid_argument& x) {
            return std::string("invalid ") + e.type + " payload: " + x.what();
        } catch (const json::exception& x) {
            return std::string("invalid ") + e.type + " payload: " + x.what();
        }
    }

    static std::string duplicateUuidReason(const wire::Event& e, const std::string& ownerSeq,
                                           const std::string& ownerTerminal, const AuthTerminal& t)
    {
        return "duplicate uuid " + e.uuid + ": already stored as " +
               (ownerTerminal == t.id ? "seq " + ownerSeq : std::string("another terminal's event"));
    }

    static std::string conflictReason(std::int64_t seq)
    {
        return "conflict: seq " + std::to_string(seq) +
               " is already stored with different content; the stored event is kept";
    }

    static std::string pointOf(const wire::Event& e)
    {
        if (auto it = e.payload.find("point"); it != e.payload.end() && it->is_string())
            return it->get<std::string>();
        return {};
    }

    // Events after which a streaming connection is handed the tables that
    // hold kHandOffRows rows or more. The server then stores one part while
    // the next is projected (about 16% more events/s for one terminal than
    // rows sent after the loop, best of 7 interleaved runs; parts of 125
    // events gained half as much). A table's rows wait until there are
    // enough of them: each hand-off of a table is a COPY statement of its
    // own, whose start and end cost the server as much as some dozens of
    // rows. So a sale's 5 lines go every 32 events, its 2 payments every 80
    // and the events and sales rows every 160.
    static constexpr std::size_t kHandOffEvents = 32;
    static constexpr std::size_t kHandOffRows = 160;
    // On a streaming connection an archive is closed every this many events,
    // so the server stores it while the rest of the batch is made.
    static constexpr std::size_t kArchiveEvents = 128;

    // A whole batch: the stored seqs, uuid owners and sale/return ids it
    // touches are read in one statement each; new rows are gathered per table
    // and written in bulk. Same outcomes as ingestOne event by event.
    // Whether ingestBulk looks up what of the batch is stored already, or
    // takes none of it to be, leaving the keys to refuse (ConstraintError).
    enum class StoredRows : std::uint8_t { Assumed, LookedUp };

    void ingestBulk(SqlConnection& c, const AuthTerminal& t, SameTerminalPoint& events,
                    std::vector<Prepared>& prepared, TimestampMs now, wire::BatchResult& res,
                    IngestStats& stats, StoredRows storedRows)
    {
        const bool lookUp = storedRows == StoredRows::LookedUp;
        struct Stored {
            std::string hash, status, reason;
        };
        struct Owner {
            std::string seq, terminal;
        };
        // What of the batch is stored already is looked up for the whole
        // batch, so it is read whole first; otherwise it is read as it goes.
        std::vector<std::int64_t> seqs;
        std::vector<std::string> uuids, saleIds, returnIds;
        if (lookUp) {
            const std::size_t count = events.readAll();
            seqs.reserve(count);
            uuids.reserve(count);
            for (std::size_t i = 0; i < count; ++i) {
                const auto& e = events.at(i);
                seqs.push_back(e.seq);
                uuids.push_back(e.uuid);
                if (e.type == event_type::SaleCompleted || e.type == event_type::SaleReturned)
                    if (auto it = e.payload.find("id"); it != e.payload.end() && it->is_string())
                        (e.type == event_type::SaleCompleted ? saleIds : returnIds)
                            .push_back(it->get<std::string>());
            }
        }
        std::unordered_map<std::int64_t, Stored> stored;
        std::unordered_map<std::string, Owner> owners;
        if (lookUp) {
            for (const auto& r :
                 c.query("SELECT seq, content_hash, status, reason FROM events WHERE terminal_id = ? AND " +
                             inArray(m_dialect, "seq", true),
                         {t.id, arrayParam(m_dialect, seqs)}))
                stored.emplace(r.integer(0), Stored{r.text(1), r.text(2), r.text(3)});
            for (const auto& r : c.query("SELECT uuid, seq, terminal_id FROM events WHERE " +
                                             inArray(m_dialect, "uuid", false),
                                         {arrayParam(m_dialect, uuids)}))
                owners.emplace(r.text(0), Owner{r.text(1), r.text(2)});
        }
        BufferSink sink;
        // Capacity for the usual shape (a sale: 5 lines, 2 payments, 5 ledger
        // rows), so the buffers grow once, not a dozen times per batch.
        {
            // A streaming connection is handed a table at kHandOffRows rows,
            // checked every kHandOffEvents events.
            // Taking every event for a sale, the bulk of batches.
            const std::size_t part = streamsRows() ? kHandOffRows + 5 * kHandOffEvents : events.readAll();
            const std::size_t n = part;
            sink.rows(kSales).reserve(n, n * 260);
            sink.rows(kSaleLines).reserve(std::min(5 * n, part), std::min(5 * n, part) * 120);
            sink.rows(kEvents).reserve(n, n * 160);
        }
        if (lookUp && !saleIds.empty())
            for (const auto& r : c.query("SELECT id FROM sales WHERE " + inArray(m_dialect, "id", false),
                                         {arrayParam(m_dialect, saleIds)}))
                sink.known(kSales).insert(r.text(0));
        if (lookUp && !returnIds.empty())
            for (const auto& r : c.query("SELECT id FROM returns WHERE " + inArray(m_dialect, "id", false),
                                         {arrayParam(m_dialect, returnIds)}))
                sink.known(kReturns).insert(r.text(0));

        // Every event row written here has its raw JSON in this archive,
        // keyed by the first one's seq.
        EventArchiveWriter archive;
        std::int64_t archiveSeq = 0;
        std::size_t madeSinceHandOff = 0;
        for (std::size_t i = 0; events.has(i); ++i) {
            const auto& e = events.at(i);
            if (prepared.size() <= i)
                prepared.resize(i + 1);
            const auto& p = prepare(events, i, prepared[i]);
            const auto& raw = p.raw;
            const auto& h = p.hash;
            if (auto it = stored.find(e.seq); it != stored.end()) {
                if (it->second.hash == h) {
                    ++stats.duplicates;
                    if (it->second.status == "quarantined")
                        res.rejected.push_back({e.seq, it->second.reason});
                    continue;
                }
                const std::string reason = conflictReason(e.seq);
                c.exec("INSERT INTO event_conflicts(terminal_id, seq, content_hash, received_at, reason, raw) "
                       "VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                       {t.id, e.seq, h, now, reason, raw});
                ++stats.quarantined;
                res.rejected.push_back({e.seq, reason});
                continue;
            }
            std::string status = "applied";
            std::string reason;
            SqlValue uuid = e.uuid;
            if (auto o = owners.find(e.uuid); o != owners.end()) {
                status = "quarantined";
                reason = duplicateUuidReason(e, o->second.seq, o->second.terminal, t);
                uuid = nullptr;
            } else {
                const auto mark = sink.mark();
                try {
                    project(c, sink, t, e, now);
                } catch (const ConstraintError&) {
                    throw; // the caller redoes the batch event by event
                } catch (const StorageError&) {
                    throw;
                } catch (...) {
                    reason = quarantineReason(e, std::current_exception());
                }
                if (!reason.empty()) {
                    sink.rewind(mark);
                    status = "quarantined";
                }
                owners.emplace(e.uuid, Owner{std::to_string(e.seq), t.id});
            }
            if (archive.lines() == 0)
                archiveSeq = e.seq;
            const auto line = static_cast<std::int64_t>(archive.add(raw));
            if (streamsRows() && archive.lines() == kArchiveEvents)
                storeArchive(c, t, archive, archiveSeq);
            sink.begin(kEvents)
                .text(t.id)
                .integer(e.seq)
                .value(uuid)
                .text(e.type)
                .text(pointOf(e))
                .integer(e.createdAt)
                .integer(now)
                .text(h)
                .text(status)
                .text(reason)
                .null()
                .integer(archiveSeq)
                .integer(line);
            sink.end(kEvents);
            stored.emplace(e.seq, Stored{h, status, reason});
            if (status == "applied")
                ++stats.applied;
            else {
                ++stats.quarantined;
                res.rejected.push_back({e.seq, reason});
            }
            // The rows go out a few events at a time: the server stores them
            // while the next events are projected. Rows go only once their
            // event is done, so no rewind ever reaches them.
            if (streamsRows()) {
                if (++madeSinceHandOff == kHandOffEvents) {
                    sink.handOff(c, kHandOffRows);
                    madeSinceHandOff = 0;
                }
                c.pumpRows();
            }
        }
        if (archive.lines() > 0)
            storeArchive(c, t, archive, archiveSeq);
        sink.flush(c);
    }

    static void storeArchive(SqlConnection& c, const AuthTerminal& t, EventArchiveWriter& archive,
                             std::int64_t firstSeq)
    {
        RowBuffer row(5);
        const auto n = static_cast<std::int64_t>(archive.lines());
        row.text(t.id).integer(firstSeq).integer(n).text(kEventArchiveFormat).blob(archive.finish());
        c.appendRows("event_archives", "terminal_id, first_seq, events, format, body", row);
    }

    void ingestOne(SqlConnection& c, const AuthTerminal& t, const wire::Event& e, const Prepared& p, TimestampMs now,
                   wire::BatchResult& res, IngestStats& stats)
    {
        const std::string& raw = p.raw;
        const std::string& h = p.hash;
        auto existing = c.query("SELECT content_hash, status, reason FROM events WHERE terminal_id = ? AND seq = ?",
                                {t.id, e.seq});
        if (!existing.empty()) {
            if (existing[0].text(0) == h) {
                ++stats.duplicates;
                if (existing[0].text(1) == "quarantined")
                    res.rejected.push_back({e.seq, existing[0].text(2)});
                return;
            }
            const std::string reason = conflictReason(e.seq);
            c.exec("INSERT INTO event_conflicts(terminal_id, seq, content_hash, received_at, reason, raw) "
                   "VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                   {t.id, e.seq, h, now, reason, raw});
            ++stats.quarantined;
            res.rejected.push_back({e.seq, reason});
            return;
        }
        std::string status = "applied";
        std::string reason;
        SqlValue uuid = e.uuid;
        auto owner = c.query("SELECT seq, terminal_id FROM events WHERE uuid = ?", {e.uuid});
        if (!owner.empty()) {
            status = "quarantined";
            reason = duplicateUuidReason(e, owner[0].text(0), owner[0].text(1), t);
            uuid = nullptr;
        } else {
            c.script("SAVEPOINT ev");
            try {
                DirectSink sink(c);
                project(c, sink, t, e, now);
                c.script("RELEASE SAVEPOINT ev");
            } catch (const ConstraintError& x) {
                reason = std::string("cannot apply ") + e.type + ": " + x.what();
            } catch (const StorageError&) {
                throw;
            } catch (...) {
                reason = quarantineReason(e, std::current_exception());
            }
            if (!reason.empty()) {
                c.script("ROLLBACK TO SAVEPOINT ev");
                c.script("RELEASE SAVEPOINT ev");
                status = "quarantined";
            }
        }
        c.exec("INSERT INTO events(terminal_id, seq, uuid, type, point_code, created_at, received_at, content_hash, "
               "status, reason, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
               {t.id, e.seq, uuid, e.type, pointOf(e), e.createdAt, now, h, status, reason, raw});
        if (status == "applied")
            ++stats.applied;
        else {
            ++stats.quarantined;
            res.rejected.push_back({e.seq, reason});
        }
    }

    static void ledger(RowSink& sink, const AuthTerminal& t, std::int64_t seq, std::string_view product,
                       std::string_view lot, std::int64_t qty, std::string_view kind, std::string_view ref,
                       TimestampMs at)
    {
        sink.begin(kLedger)
            .text(t.pointCode)
            .text(product)
            .text(lot)
            .integer(qty)
            .text(kind)
            .text(ref)
            .text(t.id)
            .integer(seq)
            .integer(at);
        sink.end(kLedger);
    }

    // A return's refunds, numbered from 1.
    static void refunds(RowSink& sink, const std::string& returnId, const std::vector<Payment>& list)
    {
        std::int64_t n = 0;
        for (const auto& p : list) {
            sink.begin(kReturnRefunds)
                .text(returnId)
                .integer(++n)
                .text(paymentMethodKey(p.method))
                .integer(p.amount)
                .text(p.reference);
            sink.end(kReturnRefunds);
        }
    }

    // Shifts and voids (few) go straight to the database; everything else through the sink.
    void project(SqlConnection& c, RowSink& sink, const AuthTerminal& t, const wire::Event& e, TimestampMs)
    {
        const json& j = e.payload;
        if (!j.contains("point"))
            throw Invalid("payload has no 'point'");
        if (!j["point"].is_string())
            throw Invalid("field 'point' must be a string");
        if (e.type == event_type::SaleCompleted)
            projectSale(sink, t, e);
        else if (e.type == event_type::SaleReturned)
            projectReturn(sink, t, e);
        else if (e.type == event_type::ShiftOpened) {
            const auto id = reqStr(j, "shift_id");
            const auto opened = reqInt(j, "opened_at");
            const auto flt = optInt(j, "opening_float").value_or(0);
            c.exec("INSERT INTO shifts(id, terminal_id, point_code, cashier_id, cashier_name, opened_at, opening_float) "
                   "VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET cashier_id = excluded.cashier_id, "
                   "cashier_name = excluded.cashier_name, opened_at = excluded.opened_at, "
                   "opening_float = excluded.opening_float",
                   {id, t.id, t.pointCode, optStr(j, "cashier_id"), optStr(j, "cashier"), opened, flt});
        } else if (e.type == event_type::ShiftClosed) {
            const auto id = reqStr(j, "shift_id");
            const auto closed = reqInt(j, "closed_at");
            const auto opened = optInt(j, "opened_at").value_or(0);
            c.exec("INSERT INTO shifts(id, terminal_id, point_code, cashier_id, cashier_name, opened_at, opening_float, "
                   "closed_at, counted_cash, expected_cash, variance, z_report) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                   "ON CONFLICT (id) DO UPDATE SET closed_at = excluded.closed_at, counted_cash = excluded.counted_cash, "
                   "expected_cash = excluded.expected_cash, variance = excluded.variance, z_report = excluded.z_report",
                   {id, t.id, t.pointCode, optStr(j, "cashier_id"), optStr(j, "cashier"), opened,
                    optInt(j, "opening_float").value_or(0), closed, nullable(optInt(j, "counted_cash")),
                    nullable(optInt(j, "expected_cash")), nullable(optInt(j, "variance")), j.dump()});
        } else if (e.type == event_type::StockMoved) {
            static const std::set<std::string> kinds{"opening",      "receipt",    "transfer_in",
                                                     "transfer_out", "adjustment", "count"};
            const auto kind = reqStr(j, "kind");
            if (!kinds.count(kind))
                throw Invalid("unknown stock movement kind '" + kind + "'");
            const auto& lines = need(j, "lines");
            if (!lines.is_array() || lines.empty())
                throw Invalid("field 'lines' must be a non-empty array");
            const auto at = optInt(j, "created_at").value_or(e.createdAt);
            const auto ref = optStr(j, "reference");
            for (const auto& l : lines) {
                if (!l.is_object())
                    throw Invalid("each stock line must be an object");
                const auto code = reqStr(l, "code");
                const auto qty = reqInt(l, "quantity");
                if (code.empty() || qty == 0)
                    throw Invalid("a stock line needs a product code and a non-zero quantity");
                ledger(sink, t, e.seq, code, optStr(l, "lot"), qty, kind, ref, at);
            }
        } else if (e.type == event_type::CartVoided) {
            const auto id = reqStr(j, "id");
            if (!c.query("SELECT 1 FROM voids WHERE id = ?", {id}).empty())
                throw Invalid("void " + id + " is already recorded");
            c.exec("INSERT INTO voids(id, terminal_id, event_seq, point_code, cashier_id, reason, created_at, total) "
                   "VALUES (?,?,?,?,?,?,?,?)",
                   {id, t.id, e.seq, t.pointCode, optStr(j, "cashier_id"), optStr(j, "reason"),
                    optInt(j, "created_at").value_or(e.createdAt), optInt(j, "total").value_or(0)});
        } else {
            throw Invalid("unknown event type '" + e.type + "'");
        }
    }

    // Read straight from the payload (each field looked up once, its type
    // checked: a 1.5 quantity is refused, never taken as 1) into the rows;
    // a sale is the bulk of every batch.
    // Line numbers and VAT rates are INTEGER columns: a value the column
    // cannot hold would fail the whole batch in the database, every time it
    // is sent again, so the event is refused here instead.
    static void checkLine(const std::string& what, std::int64_t lineNo, std::int64_t vatRate)
    {
        if (lineNo <= 0 || lineNo > std::numeric_limits<std::int32_t>::max())
            throw Invalid(what + ": line number " + std::to_string(lineNo) + " is out of range");
        if (vatRate < 0 || vatRate > 100 || !isSupportedVatRate(static_cast<int>(vatRate)))
            throw Invalid(what + " line " + std::to_string(lineNo) + ": VAT rate " + std::to_string(vatRate) +
                          "% is not one of 0, 5, 8, 10");
    }

    static void projectSale(RowSink& sink, const AuthTerminal& t, const wire::Event& e)
    {
        const json& j = e.payload;
        const std::string& id = strRef(j, "id");
        const std::string& receiptNo = strRef(j, "receipt");
        const auto receiptSeq = reqInt(j, "receipt_seq");
        const std::string& terminalCode = strRef(j, "terminal");
        const auto createdAt = reqInt(j, "created_at");
        const auto gross = reqInt(j, "gross");
        const auto discount = reqInt(j, "discount");
        const auto total = reqInt(j, "total");
        const auto vat = reqInt(j, "vat");
        const auto paid = reqInt(j, "paid");
        const auto change = reqInt(j, "change");
        const json& lines = reqArray(j, "lines");
        const json& pays = reqArray(j, "payments");
        for (const auto& v : reqArray(j, "vat_by_rate")) {
            if (!v.is_object())
                throw Invalid("each entry of 'vat_by_rate' must be an object");
            reqInt(v, "rate");
            reqInt(v, "gross");
            reqInt(v, "vat");
        }
        if (id.empty() || receiptNo.empty())
            throw Invalid("a sale needs an id and a receipt number");
        if (lines.empty())
            throw Invalid("sale " + receiptNo + " has no lines");
        if (total != gross - discount)
            throw Invalid("sale " + receiptNo + ": total is not gross minus discount");
        if (paid - change != total)
            throw Invalid("sale " + receiptNo + ": paid minus change is not the total");
        if (sink.recorded(kSales, id))
            throw Invalid("sale " + id + " (" + receiptNo + ") is already recorded");
        // The payments column: [[method, amount, reference], ...] in tender
        // order (schema/central/*/0008), read through the view sale_payments.
        std::string payments = "[";
        for (const auto& p : pays) {
            if (!p.is_object())
                throw Invalid("sale " + receiptNo + ": each payment must be an object");
            const auto& method = strRef(p, "method");
            if (!paymentMethodFromKey(method))
                throw Invalid("sale " + receiptNo + ": unknown payment method '" + method + "'");
            const auto amount = reqInt(p, "amount");
            if (amount <= 0)
                throw Invalid("sale " + receiptNo + ": a payment amount must be positive");
            const auto reference = optStrRef(p, "reference");
            payments += payments.size() == 1 ? "[\"" : ",[\"";
            payments += method; // one of the known keys: nothing to escape
            payments += "\",";
            payments += std::to_string(amount);
            payments += ',';
            if (reference.empty())
                payments += "\"\"";
            else
                wire::appendCanonical(payments, p.at("reference"));
            payments += ']';
        }
        payments += ']';
        sink.begin(kSales)
            .text(id)
            .text(t.id)
            .integer(e.seq)
            .text(t.pointCode)
            .text(terminalCode)
            .text(receiptNo)
            .integer(receiptSeq)
            .text(optStrRef(j, "cashier_id"))
            .text(optStrRef(j, "cashier"))
            .text(optStrRef(j, "shift_id"))
            .text(optStrRef(j, "approved_by"))
            .integer(createdAt)
            .text(localIsoDate(createdAt))
            .integer(gross)
            .integer(discount)
            .integer(total)
            .integer(vat)
            .integer(paid)
            .integer(change)
            .text(payments);
        sink.end(kSales);
        // Line numbers are unique within a sale: checked here, not by a key
        // (schema/central/postgresql/0005).
        std::vector<std::int64_t> lineNos;
        lineNos.reserve(lines.size());
        for (const auto& l : lines) {
            if (!l.is_object())
                throw Invalid("sale " + receiptNo + ": each line must be an object");
            const auto lineNo = reqInt(l, "line_no");
            const auto quantity = reqInt(l, "quantity");
            const auto vatRate = reqInt(l, "vat_rate");
            checkLine("sale " + receiptNo, lineNo, vatRate);
            if (std::find(lineNos.begin(), lineNos.end(), lineNo) != lineNos.end())
                throw Invalid("sale " + receiptNo + ": line number " + std::to_string(lineNo) + " appears twice");
            lineNos.push_back(lineNo);
            if (quantity <= 0)
                throw Invalid("sale " + receiptNo + " line " + std::to_string(lineNo) + ": quantity must be positive");
            sink.begin(kSaleLines)
                .text(id)
                .integer(lineNo)
                .text(strRef(l, "code"))
                .text(optStrRef(l, "gtin"))
                .text(strRef(l, "name"))
                .text(optStrRef(l, "unit"))
                .integer(quantity)
                .integer(reqInt(l, "unit_price"))
                .integer(reqInt(l, "gross"))
                .integer(reqInt(l, "discount"))
                .integer(reqInt(l, "net"))
                .integer(vatRate)
                .integer(reqInt(l, "vat"))
                .text(optStrRef(l, "lot")); // its stock movement (schema/central/*/0004)
            sink.end(kSaleLines);
            // Read by the terminal's own reader; checked here so that the centre
            // refuses what a terminal could not read back.
            optStrRef(l, "lot_expiry");
            optStrRef(l, "expired_approved_by");
        }
    }

    static void projectReturn(RowSink& sink, const AuthTerminal& t, const wire::Event& e)
    {
        requireIntegers(e.payload, {"receipt_seq", "created_at", "total", "vat"});
        if (!e.payload.contains("lines") || !e.payload["lines"].is_array())
            throw Invalid("field 'lines' must be an array");
        for (const auto& l : e.payload["lines"])
            requireIntegers(l, {"line_no", "quantity", "unit_price", "vat_rate", "refund", "vat"});
        const SaleReturn r = returnFromJson(e.payload);
        if (r.id.empty() || r.receiptNo.empty())
            throw Invalid("a return needs an id and a receipt number");
        if (r.lines.empty())
            throw Invalid("return " + r.receiptNo + " has no lines");
        for (const auto& l : r.lines) {
            checkLine("return " + r.receiptNo, l.lineNo, l.vatRate);
            if (l.quantity <= 0)
                throw Invalid("return " + r.receiptNo + ": quantities must be positive");
        }
        if (r.total < 0)
            throw Invalid("return " + r.receiptNo + ": negative total");
        if (sink.recorded(kReturns, r.id))
            throw Invalid("return " + r.id + " (" + r.receiptNo + ") is already recorded");
        sink.begin(kReturns)
            .text(r.id)
            .text(t.id)
            .integer(e.seq)
            .text(t.pointCode)
            .text(r.terminalCode)
            .text(r.receiptNo)
            .text(r.originalSaleId)
            .text(r.originalReceiptNo)
            .text(r.cashierId)
            .text(r.cashierName)
            .text(r.shiftId)
            .text(r.reason)
            .integer(r.createdAt)
            .text(localIsoDate(r.createdAt))
            .integer(r.total)
            .integer(r.vat);
        sink.end(kReturns);
        for (const auto& l : r.lines) {
            sink.begin(kReturnLines)
                .text(r.id)
                .integer(l.lineNo)
                .text(l.productCode)
                .text(l.name)
                .integer(l.quantity)
                .integer(l.unitPrice)
                .integer(l.vatRate)
                .integer(l.refund)
                .integer(l.vat)
                .text(l.lot);
            sink.end(kReturnLines);
        }
        refunds(sink, r.id, r.refunds);
    }

    Dialect m_dialect;
    ConnectionPool m_pool;
    std::mutex m_groupMutex;
    std::condition_variable m_groupDone;
    std::vector<PendingWrite*> m_groupQueue;
    bool m_groupRunning = false;
};

class SqliteCentralStore final : public SqlCentralStore {
public:
    SqliteCentralStore(const std::string& path, std::size_t pool)
        : SqlCentralStore(Dialect::Sqlite, [path] { return openSqlite(path); }, pool)
    {
    }

protected:
    // One writer at a time inside the process; BEGIN IMMEDIATE and the busy
    // timeout take care of other processes (admin commands).
    std::unique_lock<std::mutex> writerLock() override { return std::unique_lock(m_writer); }
    bool groupsWrites() const override { return true; }

private:
    std::mutex m_writer;
};

class PostgresCentralStore final : public SqlCentralStore {
public:
    PostgresCentralStore(const std::string& conninfo, std::size_t pool)
        : SqlCentralStore(Dialect::Postgres, [conninfo] { return openPostgres(conninfo); }, pool)
    {
    }
};

} // namespace

std::unique_ptr<CentralStore> openCentralStore(const std::string& url, std::size_t poolSize)
{
    if (url.rfind("postgresql:", 0) == 0 || url.rfind("postgres:", 0) == 0)
        return std::make_unique<PostgresCentralStore>(url, poolSize);
    std::string path = url;
    if (path.rfind("sqlite:", 0) == 0)
        path = path.substr(7);
    if (path.rfind("//", 0) == 0) // sqlite:///abs/path
        path = path.substr(2);
    if (path.empty())
        throw UserError("--db sqlite:PATH needs a path");
    return std::make_unique<SqliteCentralStore>(path, poolSize);
}

} // namespace ocop::central
