// The central store on SQLite and on a real PostgreSQL: enrolment, tokens,
// idempotent ingest, conflicts and quarantine, projections, catalog paging.
#include "central_support.h"

#include "core/demo_catalog.h"
#include "core/events.h"
#include "core/uuid.h"
#include "sync/central/central_store.h"
#include "sync/central/csv_import.h"
#include "sync/central/sql.h"
#include "sync/central/xlsx_report.h"
#include "sync/protocol/wire.h"

#include <atomic>
#include <map>
#include <set>
#include <thread>

using namespace ocop;
using namespace ocop::central;
using namespace central_test;

namespace {

constexpr TimestampMs kNow = 1'767'225'600'000; // 2026-01-01T00:00:00Z = 07:00 local

Sale makeSale(const std::string& point, const std::string& term, std::int64_t n, const std::string& product,
              std::int64_t qty, Money price, TimestampMs at = kNow)
{
    Sale s;
    s.id = uuidV7(at);
    s.receiptSeq = n;
    s.receiptNo = point + "-" + term + "-" + std::to_string(n);
    s.pointCode = point;
    s.terminalCode = term;
    s.cashierId = "U001";
    s.cashierName = "Lan";
    s.shiftId = "shift-1";
    s.createdAt = at;
    SaleLine l;
    l.lineNo = 1;
    l.productCode = product;
    l.name = "Sản phẩm " + product;
    l.unit = "hộp";
    l.quantity = qty;
    l.unitPrice = price;
    l.gross = price * qty;
    l.net = l.gross;
    l.vatRate = 8;
    l.vat = (l.net * 8 + 54) / 108;
    s.lines.push_back(l);
    s.gross = l.gross;
    s.total = l.net;
    s.vat = l.vat;
    s.paid = s.total;
    s.payments.push_back({PaymentMethod::Cash, s.total, ""});
    s.vatByRate.push_back({8, s.total, s.vat});
    return s;
}

// A cash return of one line of `sale`, receipt number n of its terminal.
SaleReturn makeReturn(const Sale& sale, std::int64_t n, ReturnLine line, TimestampMs at)
{
    SaleReturn r;
    r.id = uuidV7(at);
    r.receiptNo = sale.pointCode + "-" + sale.terminalCode + "-" + std::to_string(n);
    r.receiptSeq = n;
    r.originalSaleId = sale.id;
    r.originalReceiptNo = sale.receiptNo;
    r.pointCode = sale.pointCode;
    r.terminalCode = sale.terminalCode;
    r.createdAt = at;
    r.total = line.refund;
    r.vat = line.vat;
    r.refunds.push_back({PaymentMethod::Cash, line.refund, ""});
    r.lines.push_back(std::move(line));
    return r;
}

wire::Event event(std::int64_t seq, std::string_view type, nlohmann::json payload, TimestampMs at = kNow)
{
    wire::Event e;
    e.seq = seq;
    e.uuid = uuidV7(at);
    e.type = std::string(type);
    e.createdAt = at;
    e.payload = std::move(payload);
    return e;
}

wire::EventBatch batchOf(std::vector<wire::Event> events)
{
    wire::EventBatch b;
    b.sentAt = kNow;
    b.events = std::move(events);
    return b;
}

class CentralStoreTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override
    {
        if (GetParam() == "postgresql") {
            if (!Postgres::available())
                GTEST_SKIP() << "PostgreSQL binaries are not installed";
            auto& pg = Postgres::get();
            ASSERT_TRUE(pg.ok()) << pg.error();
            url = pg.createDatabase();
        } else {
            url = "sqlite:" + dir / "central.db";
        }
        store = openCentralStore(url, 4);
        store->addPoint({"HK01", "Điểm bán OCOP Hoàn Kiếm", "Hàng Bạc", "Hoàn Kiếm"}, kNow);
        store->addPoint({"BD01", "Điểm bán OCOP Ba Đình", "", "Ba Đình"}, kNow);
    }

    AuthTerminal enrollTerminal(const std::string& point, std::string* tokenOut = nullptr)
    {
        const auto code = store->createEnrollCode(point, kNow);
        const auto r = store->enroll({code, "Quầy"}, kNow);
        if (tokenOut)
            *tokenOut = r.token;
        return *store->authenticate(r.token);
    }

    std::unique_ptr<SqlConnection> connect() const
    {
        return GetParam() == "postgresql" ? openPostgres(url) : openSqlite(url.substr(std::string("sqlite:").size()));
    }

    // Puts the database back as schema 5 left it: every event's JSON in its
    // own row (`raws`, by seq), no archives (6), sales indexed by point and
    // day (PostgreSQL's 7).
    // Puts the database back as schema 7 left it: payments in their own
    // table, rows stored in `order` of pay_no (descending by default, so that
    // only an ORDER BY finds tender order again).
    void rewindPastPaymentsInSales(SqlConnection& c) const
    {
        const bool pg = GetParam() == "postgresql";
        c.script(std::string("CREATE TABLE sale_payments_old (sale_id TEXT NOT NULL") +
                 (pg ? "" : " REFERENCES sales(id)") +
                 ", pay_no INTEGER NOT NULL, method TEXT NOT NULL, amount BIGINT NOT NULL, "
                 "reference TEXT NOT NULL DEFAULT ''" +
                 (pg ? "" : ", PRIMARY KEY (sale_id, pay_no)") + ")");
        c.script("INSERT INTO sale_payments_old SELECT sale_id, pay_no, method, amount, reference FROM sale_payments "
                 "ORDER BY sale_id, pay_no DESC");
        c.script("DROP VIEW sale_payments; ALTER TABLE sale_payments_old RENAME TO sale_payments; "
                 "ALTER TABLE sales DROP COLUMN payments; DELETE FROM schema_migrations WHERE version >= 8");
    }

    void rewindPastEventArchives(SqlConnection& c, const std::map<std::int64_t, std::string>& raws) const
    {
        rewindPastPaymentsInSales(c);
        for (const auto& [seq, raw] : raws)
            c.exec("UPDATE events SET raw = ? WHERE seq = ?", {raw, seq});
        if (GetParam() == "postgresql") {
            c.script("DROP INDEX sales_local_day; CREATE INDEX sales_point_day ON sales(point_code, local_day)");
            c.script("ALTER TABLE events DROP CONSTRAINT events_raw_kept; ALTER TABLE events DROP COLUMN archive_seq; "
                     "ALTER TABLE events DROP COLUMN archive_line; ALTER TABLE events ALTER COLUMN raw SET NOT NULL");
        } else {
            c.script("CREATE TABLE events_old (terminal_id TEXT NOT NULL REFERENCES terminals(id), seq BIGINT NOT NULL, "
                     "uuid TEXT UNIQUE, type TEXT NOT NULL, point_code TEXT NOT NULL, created_at BIGINT NOT NULL, "
                     "received_at BIGINT NOT NULL, content_hash TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN "
                     "('applied', 'quarantined')), reason TEXT NOT NULL DEFAULT '', raw TEXT NOT NULL, "
                     "PRIMARY KEY (terminal_id, seq)); "
                     "INSERT INTO events_old SELECT terminal_id, seq, uuid, type, point_code, created_at, received_at, "
                     "content_hash, status, reason, raw FROM events; DROP TABLE events; "
                     "ALTER TABLE events_old RENAME TO events; "
                     "CREATE INDEX events_quarantined ON events(status) WHERE status = 'quarantined'");
        }
        c.script("DROP TABLE event_archives; DELETE FROM schema_migrations WHERE version >= 6");
    }

    TempDir dir;
    std::string url;
    std::unique_ptr<CentralStore> store;
};

INSTANTIATE_TEST_SUITE_P(Db, CentralStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

int apiStatus(const std::function<void()>& f, std::string* code = nullptr)
{
    try {
        f();
    } catch (const ApiError& e) {
        if (code)
            *code = e.code();
        return e.status();
    }
    return 0;
}

TEST_P(CentralStoreTest, EnrolmentCodesAreSingleUseAndExpire)
{
    const auto code = store->createEnrollCode("HK01", kNow);
    EXPECT_EQ(code.size(), 19u);
    const auto r1 = store->enroll({code, "Quầy 1"}, kNow + 1000);
    EXPECT_EQ(r1.terminalCode, "T1");
    EXPECT_EQ(r1.pointCode, "HK01");
    EXPECT_EQ(r1.token.size(), 64u);
    EXPECT_TRUE(store->authenticate(r1.token));

    std::string why;
    EXPECT_EQ(apiStatus([&] { store->enroll({code, "again"}, kNow + 2000); }, &why), 403);
    EXPECT_EQ(why, "code_used");
    // Lower case and without dashes is the same code, still used.
    std::string loose;
    for (char c : code)
        if (c != '-')
            loose += static_cast<char>(std::tolower(c));
    EXPECT_EQ(apiStatus([&] { store->enroll({loose, "again"}, kNow + 2000); }, &why), 403);

    EXPECT_EQ(apiStatus([&] { store->enroll({"AAAA-BBBB-CCCC-DDDD", "x"}, kNow); }, &why), 403);
    EXPECT_EQ(why, "invalid_code");

    const auto shortLived = store->createEnrollCode("HK01", kNow, 60'000);
    EXPECT_EQ(apiStatus([&] { store->enroll({shortLived, "late"}, kNow + 60'000); }, &why), 403);
    EXPECT_EQ(why, "code_expired");
    // 24 h by default.
    const auto day = store->createEnrollCode("HK01", kNow);
    EXPECT_EQ(apiStatus([&] { store->enroll({day, "late"}, kNow + kEnrollCodeTtlMs); }, &why), 403);

    const auto r2 = store->enroll({store->createEnrollCode("HK01", kNow), "Quầy 2"}, kNow);
    EXPECT_EQ(r2.terminalCode, "T2");
    const auto b1 = store->enroll({store->createEnrollCode("BD01", kNow), "Quầy 1"}, kNow);
    EXPECT_EQ(b1.terminalCode, "T1");
    EXPECT_EQ(store->terminals().size(), 3u);
    EXPECT_EQ(store->counts().terminals, 3);

    EXPECT_THROW(store->createEnrollCode("NOPE", kNow), UserError);
    EXPECT_THROW(store->addPoint({"HK01", "dup", "", ""}, kNow), UserError);
}

TEST_P(CentralStoreTest, RevokedTokenStopsAtOnce)
{
    std::string token;
    const auto t = enrollTerminal("HK01", &token);
    EXPECT_TRUE(store->authenticate(token));
    EXPECT_FALSE(store->authenticate(std::string(64, '0')));
    EXPECT_FALSE(store->authenticate("short"));
    store->revokeTerminal("HK01-T1", kNow);
    EXPECT_FALSE(store->authenticate(token));
    // A request that authenticated just before the revoke is refused inside its transaction.
    const auto s = makeSale("HK01", "T1", 1, "P1", 1, 10000);
    EXPECT_EQ(apiStatus([&] { store->ingest(t, batchOf({event(1, event_type::SaleCompleted, toJson(s))}), kNow); }),
              401);
    EXPECT_EQ(store->counts().events, 0);
    EXPECT_THROW(store->revokeTerminal("nope", kNow), UserError);
}

TEST_P(CentralStoreTest, ReplayIsANoOpAndProjectsOnce)
{
    const auto t = enrollTerminal("HK01");
    const auto s1 = makeSale("HK01", "T1", 1, "OCOP-00001", 2, 125000);
    const auto s2 = makeSale("HK01", "T1", 2, "OCOP-00002", 1, 80000);
    nlohmann::json opened = {{"shift_id", "shift-1"}, {"cashier_id", "U001"}, {"cashier", "Lan"},
                             {"point", "HK01"},      {"terminal", "T1"},     {"opened_at", kNow},
                             {"opening_float", 1000000}};
    const auto batch = batchOf({event(1, event_type::ShiftOpened, opened), event(2, event_type::SaleCompleted, toJson(s1)),
                                event(3, event_type::SaleCompleted, toJson(s2))});
    IngestStats st;
    auto r = store->ingest(t, batch, kNow, &st);
    EXPECT_EQ(r.ackedThrough, 3);
    EXPECT_TRUE(r.rejected.empty());
    EXPECT_EQ(st.applied, 3);
    auto r2 = store->ingest(t, batch, kNow + 5, &st);
    EXPECT_EQ(r2.ackedThrough, 3);
    EXPECT_TRUE(r2.rejected.empty());
    EXPECT_EQ(st.duplicates, 3);
    EXPECT_EQ(st.applied, 0);
    const auto c = store->counts();
    EXPECT_EQ(c.events, 3);
    EXPECT_EQ(c.sales, 2);
    EXPECT_EQ(c.shifts, 1);
    EXPECT_EQ(c.stockMovements, 2);
    const auto rep = store->salesReport("", "");
    ASSERT_EQ(rep["days"].size(), 1u);
    EXPECT_EQ(rep["days"][0]["point"], "HK01");
    EXPECT_EQ(rep["days"][0]["date"], "2026-01-01");
    EXPECT_EQ(rep["days"][0]["sales_count"], 2);
    EXPECT_EQ(rep["days"][0]["total"], 330000);
    EXPECT_EQ(rep["days"][0]["items_sold"], 3);
    EXPECT_EQ(rep["total"]["net"], 330000);
}

// Text goes into the tables as it came (COPY's escapes on PostgreSQL): tabs,
// newlines, backslashes, COPY's own "\N", Vietnamese, and rows long enough
// to cross the bulk writer's chunks.
TEST_P(CentralStoreTest, AwkwardTextIsStoredExactly)
{
    const auto t = enrollTerminal("HK01");
    std::vector<wire::Event> events;
    std::map<std::string, std::string> names;
    std::string vietnamese;
    for (int i = 0; i < 40; ++i)
        vietnamese += "Trà Shan tuyết cổ thụ Suối Giàng, đặc sản ";
    const std::vector<std::string> awkward = {"tab\there", "line\nbreak", "cr\rlf\r\n", "back\\slash", "\\N",
                                              "\\", "quote \"x\" 'y'", "tail\\", vietnamese, "\t\n\\N\\t"};
    for (int i = 0; i < 300; ++i) {
        const std::string code = "X-" + std::to_string(i);
        auto s = makeSale("HK01", "T1", i + 1, code, 1, 10000);
        s.lines[0].name = awkward[static_cast<std::size_t>(i) % awkward.size()] + " #" + std::to_string(i);
        s.cashierName = awkward[static_cast<std::size_t>(i + 3) % awkward.size()];
        names[code] = s.lines[0].name;
        events.push_back(event(i + 1, event_type::SaleCompleted, toJson(s)));
    }
    const auto batch = batchOf(events);
    auto r = store->ingest(t, batch, kNow);
    ASSERT_EQ(r.ackedThrough, 300);
    ASSERT_TRUE(r.rejected.empty()) << r.rejected[0].reason;
    const auto rep = store->salesReport("", "");
    std::size_t seen = 0;
    for (const auto& p : rep["products"]) {
        ASSERT_TRUE(names.count(p["code"].get<std::string>())) << p["code"];
        EXPECT_EQ(p["name"].get<std::string>(), names[p["code"].get<std::string>()]);
        ++seen;
    }
    EXPECT_EQ(seen, names.size());
    // Each event reads back as it was sent, newlines and all, from the
    // batch's archive.
    for (const auto& e : events)
        ASSERT_EQ(store->eventJson(t.id, e.seq), wire::canonicalJson(e)) << "seq " << e.seq;
    EXPECT_EQ(store->eventJson("HK01-" + t.code, 300), wire::canonicalJson(events.back()));
    {
        // PostgreSQL closes an archive every 128 events, to store it while the
        // batch goes on; SQLite keeps the batch in one.
        auto c = connect();
        EXPECT_EQ(c->query("SELECT count(*) FROM event_archives")[0].integer(0), GetParam() == "postgresql" ? 3 : 1);
    }
    EXPECT_EQ(store->eventJson(t.id, 301), std::nullopt);
    EXPECT_EQ(store->eventJson("BD01-" + t.code, 1), std::nullopt) << "another point's terminal code";
    // The same text again is a replay, not a conflict: what was stored hashes the same.
    IngestStats st;
    r = store->ingest(t, batch, kNow + 1, &st);
    EXPECT_EQ(r.ackedThrough, 300);
    EXPECT_TRUE(r.rejected.empty());
    EXPECT_EQ(st.duplicates, 300);
    EXPECT_EQ(store->counts().sales, 300);
}

TEST_P(CentralStoreTest, SameSeqDifferentContentIsAConflictAndNeverOverwrites)
{
    const auto t = enrollTerminal("HK01");
    const auto s1 = makeSale("HK01", "T1", 1, "OCOP-00001", 2, 125000);
    const auto first = event(1, event_type::SaleCompleted, toJson(s1));
    store->ingest(t, batchOf({first}), kNow);
    auto other = makeSale("HK01", "T1", 1, "OCOP-00009", 5, 1000);
    auto r = store->ingest(t, batchOf({event(1, event_type::SaleCompleted, toJson(other))}), kNow);
    EXPECT_EQ(r.ackedThrough, 1);
    ASSERT_EQ(r.rejected.size(), 1u);
    EXPECT_EQ(r.rejected[0].seq, 1);
    EXPECT_NE(r.rejected[0].reason.find("conflict"), std::string::npos);
    // Same conflicting request again: still one conflict recorded.
    store->ingest(t, batchOf({event(1, event_type::SaleCompleted, toJson(other))}), kNow);
    const auto c = store->counts();
    EXPECT_EQ(c.events, 1);
    EXPECT_EQ(c.sales, 1);
    EXPECT_EQ(c.conflicts, 2); // two different event uuids -> two distinct contents
    EXPECT_EQ(store->salesReport("", "")["total"]["total"], 250000);
    EXPECT_EQ(store->eventJson(t.id, 1), wire::canonicalJson(first)) << "the stored event is the first copy";
}

// Several batches make several archives, each event read from its own; a
// damaged archive is an error, never another event's text.
TEST_P(CentralStoreTest, EachBatchsArchiveGivesBackItsEventsAndADamagedOneIsAnError)
{
    const auto t = enrollTerminal("HK01");
    std::vector<wire::Event> events;
    for (int i = 0; i < 30; ++i)
        events.push_back(event(i + 1, event_type::SaleCompleted,
                               toJson(makeSale("HK01", "T1", i + 1, "OCOP-0000" + std::to_string(i % 9 + 1), 1, 1000))));
    events.push_back(event(31, "price.guessed", {{"point", "HK01"}})); // quarantined, still archived
    for (std::size_t from : {0, 10, 25}) {
        const std::size_t to = from == 0 ? 10 : from == 10 ? 25 : events.size();
        store->ingest(t, batchOf({events.begin() + static_cast<long>(from), events.begin() + static_cast<long>(to)}),
                      kNow);
    }
    for (const auto& e : events)
        ASSERT_EQ(store->eventJson(t.id, e.seq), wire::canonicalJson(e)) << "seq " << e.seq;
    store.reset();
    {
        auto c = connect();
        EXPECT_EQ(c->query("SELECT count(*) FROM event_archives")[0].integer(0), 3);
        EXPECT_EQ(c->query("SELECT count(*) FROM events WHERE raw IS NOT NULL")[0].integer(0), 0);
        c->exec(GetParam() == "postgresql"
                    ? "UPDATE event_archives SET body = substring(body from 1 for length(body) - 9) WHERE first_seq = 11"
                    : "UPDATE event_archives SET body = substr(body, 1, length(body) - 9) WHERE first_seq = 11");
    }
    store = openCentralStore(url, 1);
    EXPECT_THROW(store->eventJson(t.id, 12), StorageError);
    EXPECT_EQ(store->eventJson(t.id, 26), wire::canonicalJson(events[25])) << "the other archives are whole";
}

TEST_P(CentralStoreTest, UnknownTypeAndBadPayloadsAreQuarantinedWithoutBlocking)
{
    const auto t = enrollTerminal("HK01");
    auto bad = toJson(makeSale("HK01", "T1", 2, "P", 1, 1000));
    bad["total"] = 999; // total != gross - discount
    auto wrongType = toJson(makeSale("HK01", "T1", 3, "P", 1, 1000));
    wrongType["lines"][0]["quantity"] = "many";
    auto fractional = toJson(makeSale("HK01", "T1", 4, "P", 1, 1000));
    fractional["lines"][0]["quantity"] = 1.5;
    const auto good = makeSale("HK01", "T1", 5, "P", 1, 1000);
    auto r = store->ingest(t,
                           batchOf({event(1, "loyalty.points", {{"point", "HK01"}}),
                                    event(2, event_type::SaleCompleted, bad),
                                    event(3, event_type::SaleCompleted, wrongType),
                                    event(4, event_type::SaleCompleted, fractional),
                                    event(5, event_type::SaleCompleted, toJson(good)),
                                    event(6, event_type::StockMoved, {{"point", "HK01"}, {"kind", "teleport"}, {"lines", nlohmann::json::array()}}),
                                    event(7, event_type::ShiftOpened, {{"point", "HK01"}})}),
                           kNow);
    EXPECT_EQ(r.ackedThrough, 7);
    std::vector<std::int64_t> seqs;
    for (const auto& x : r.rejected) {
        seqs.push_back(x.seq);
        EXPECT_FALSE(x.reason.empty());
    }
    EXPECT_EQ(seqs, (std::vector<std::int64_t>{1, 2, 3, 4, 6, 7}));
    EXPECT_NE(r.rejected[0].reason.find("unknown event type"), std::string::npos);
    const auto c = store->counts();
    EXPECT_EQ(c.applied, 1);
    EXPECT_EQ(c.quarantined, 6);
    EXPECT_EQ(c.sales, 1);
    EXPECT_EQ(store->quarantine(100).size(), 6u);
    // Replaying a quarantined event reports it again (the agent may have lost the reply).
    auto again = store->ingest(t, batchOf({event(8, event_type::SaleCompleted, toJson(makeSale("HK01", "T1", 8, "P", 1, 1)))}), kNow);
    EXPECT_EQ(again.ackedThrough, 8);

    // Found bad only after a good line was read: nothing of the sale stays.
    auto secondLineBad = toJson(makeSale("HK01", "T1", 9, "P", 1, 1000));
    auto extra = secondLineBad["lines"][0];
    extra["line_no"] = 2;
    extra["quantity"] = 0;
    secondLineBad["lines"].push_back(extra);
    auto barter = toJson(makeSale("HK01", "T1", 10, "P", 1, 1000));
    barter["payments"][0]["method"] = "barter";
    auto noVat = toJson(makeSale("HK01", "T1", 11, "P", 1, 1000));
    noVat.erase("vat_by_rate");
    // Values an INTEGER column cannot hold, or no VAT rate there is: refused
    // as events, never a database error that would fail the batch on every retry.
    auto hugeLineNo = toJson(makeSale("HK01", "T1", 12, "P", 1, 1000));
    hugeLineNo["lines"][0]["line_no"] = std::int64_t{3'000'000'000};
    auto oddRate = toJson(makeSale("HK01", "T1", 13, "P", 1, 1000));
    oddRate["lines"][0]["vat_rate"] = 7;
    const auto late = store->ingest(t,
                                    batchOf({event(9, event_type::SaleCompleted, secondLineBad),
                                             event(10, event_type::SaleCompleted, barter),
                                             event(11, event_type::SaleCompleted, noVat),
                                             event(12, event_type::SaleCompleted, hugeLineNo),
                                             event(13, event_type::SaleCompleted, oddRate)}),
                                    kNow);
    ASSERT_EQ(late.rejected.size(), 5u);
    EXPECT_NE(late.rejected[0].reason.find("quantity must be positive"), std::string::npos) << late.rejected[0].reason;
    EXPECT_NE(late.rejected[1].reason.find("barter"), std::string::npos) << late.rejected[1].reason;
    EXPECT_NE(late.rejected[2].reason.find("vat_by_rate"), std::string::npos) << late.rejected[2].reason;
    EXPECT_NE(late.rejected[3].reason.find("line number 3000000000 is out of range"), std::string::npos)
        << late.rejected[3].reason;
    EXPECT_NE(late.rejected[4].reason.find("VAT rate 7%"), std::string::npos) << late.rejected[4].reason;
    EXPECT_EQ(late.ackedThrough, 13);
    EXPECT_EQ(store->counts().sales, 2);
    EXPECT_EQ(store->counts().stockMovements, 2);
}

// A batch long enough that its rows reach the database in parts while it is
// still being read (PostgreSQL), with events in it that need statements of
// their own (shifts, voids, conflicts) and events that fail halfway: each
// event's outcome is the one it would have alone, and the replay of the batch
// with one event changed stores nothing twice.
TEST_P(CentralStoreTest, ALongMixedBatchGivesEachEventItsOwnOutcome)
{
    const auto t = enrollTerminal("HK01");
    std::vector<wire::Event> events;
    std::set<std::int64_t> expectRejected;
    std::int64_t sales = 0;
    std::string sharedUuid;
    for (std::int64_t seq = 1; seq <= 120; ++seq) {
        const auto at = kNow + seq * 1000;
        auto sale = toJson(makeSale("HK01", "T1", seq, "OCOP-0000" + std::to_string(seq % 7), 1 + seq % 3, 25000, at));
        if (seq == 31) {
            events.push_back(event(seq, event_type::ShiftOpened,
                                   {{"shift_id", "shift-2"}, {"point", "HK01"}, {"opened_at", at}, {"opening_float", 500000}}, at));
        } else if (seq == 47 || seq == 48) {
            sale["total"] = 999; // not gross minus discount
            events.push_back(event(seq, event_type::SaleCompleted, sale, at));
            expectRejected.insert(seq);
        } else if (seq == 60) {
            events.push_back(event(seq, event_type::CartVoided, {{"id", uuidV7(at)}, {"point", "HK01"}, {"total", 7000}}, at));
        } else if (seq == 75) {
            events.push_back(event(seq, event_type::StockMoved,
                                   {{"point", "HK01"}, {"kind", "receipt"}, {"reference", "PN-7"}, {"created_at", at},
                                    {"lines", {{{"code", "OCOP-00001"}, {"quantity", 40}}}}}, at));
        } else if (seq == 90) {
            events.push_back(event(seq, event_type::SaleCompleted, sale, at));
            events.back().uuid = events[20].uuid; // a stored uuid under a new seq
            expectRejected.insert(seq);
        } else if (seq == 105) {
            auto again = events[9].payload; // sale of seq 10, recorded earlier in this batch
            events.push_back(event(seq, event_type::SaleCompleted, again, at));
            expectRejected.insert(seq);
        } else {
            events.push_back(event(seq, event_type::SaleCompleted, sale, at));
            ++sales;
        }
    }
    const auto batch = batchOf(events);
    auto r = store->ingest(t, batch, kNow);
    EXPECT_EQ(r.ackedThrough, 120);
    std::set<std::int64_t> rejected;
    for (const auto& x : r.rejected)
        rejected.insert(x.seq);
    EXPECT_EQ(rejected, expectRejected);
    auto c = store->counts();
    EXPECT_EQ(c.events, 120);
    EXPECT_EQ(c.applied, 120 - static_cast<std::int64_t>(expectRejected.size()));
    EXPECT_EQ(c.sales, sales);
    EXPECT_EQ(c.shifts, 1);
    EXPECT_EQ(c.conflicts, 0);

    // Replayed, with seq 50's content changed: every other event is a
    // duplicate, seq 50 a conflict kept apart; nothing is stored twice.
    auto replay = batch;
    replay.events[49].payload["cashier"] = "Someone else";
    r = store->ingest(t, replay, kNow);
    EXPECT_EQ(r.ackedThrough, 120);
    rejected.clear();
    for (const auto& x : r.rejected)
        rejected.insert(x.seq);
    auto withConflict = expectRejected;
    withConflict.insert(50);
    EXPECT_EQ(rejected, withConflict);
    c = store->counts();
    EXPECT_EQ(c.events, 120);
    EXPECT_EQ(c.sales, sales);
    EXPECT_EQ(c.conflicts, 1);

    // Two lines with the same number: the projection sees it (PostgreSQL
    // has no key on the lines any more) and just that sale is refused.
    std::vector<wire::Event> more;
    for (std::int64_t seq = 121; seq <= 180; ++seq)
        more.push_back(event(seq, event_type::SaleCompleted,
                             toJson(makeSale("HK01", "T1", seq, "OCOP-00002", 1, 30000, kNow + seq * 1000)), kNow + seq * 1000));
    auto& twice = more[40].payload; // seq 161
    twice["lines"].push_back(twice["lines"][0]);
    for (const char* f : {"gross", "total", "paid", "vat"})
        twice[f] = twice[f].get<std::int64_t>() * 2;
    twice["payments"][0]["amount"] = twice["total"];
    twice["vat_by_rate"][0]["gross"] = twice["total"];
    twice["vat_by_rate"][0]["vat"] = twice["vat"];
    r = store->ingest(t, batchOf(more), kNow);
    EXPECT_EQ(r.ackedThrough, 180);
    ASSERT_EQ(r.rejected.size(), 1u);
    EXPECT_EQ(r.rejected[0].seq, 161);
    EXPECT_NE(r.rejected[0].reason.find("line number 1 appears twice"), std::string::npos) << r.rejected[0].reason;
    c = store->counts();
    EXPECT_EQ(c.events, 180);
    EXPECT_EQ(c.sales, sales + 59);
}

// The bulk row writer under the projection (COPY, binary where the column
// types allow, on PostgreSQL): it stores what exec() with the same values
// would, and refuses what exec() would refuse, leaving nothing behind.
TEST_P(CentralStoreTest, BulkRowsStoreWhatExecWouldAndRefuseWhatItWouldRefuse)
{
    auto c = GetParam() == "postgresql" ? openPostgres(url) : openSqlite(url.substr(std::string("sqlite:").size()));
    c->script("CREATE TABLE bulk (big BIGINT, small INTEGER, tiny SMALLINT, word TEXT, ratio DOUBLE PRECISION)");
    c->script("CREATE TABLE other (id BIGINT, note TEXT)");
    RowBuffer rows(4);
    rows.integer(INT64_MIN).integer(INT32_MIN).integer(-32768).text("tab\there\nand\\N");
    rows.integer(INT64_MAX).integer(INT32_MAX).integer(32767).text(std::string("cut\0off", 7));
    rows.null().null().null().null();
    rows.text("42").text("-7").text("3").text("Trà Shan tuyết");
    {
        Transaction tx(*c, true);
        c->appendRows("bulk", "big, small, tiny, word", rows);
        // Another table in between ends the first load; the next part of it starts a new one.
        RowBuffer note(2);
        note.integer(1).text("between");
        c->appendRows("other", "id, note", note);
        RowBuffer more(4);
        more.integer(5).integer(6).integer(7).text("after");
        c->appendRows("bulk", "big, small, tiny, word", more);
        // A column of a type the binary writer leaves alone: the text format.
        RowBuffer withRatio(2);
        withRatio.integer(9).text("0.25");
        c->appendRows("bulk", "big, ratio", withRatio);
        tx.commit();
    }
    const auto got = c->query("SELECT big, small, tiny, word, ratio FROM bulk ORDER BY big NULLS LAST, word");
    ASSERT_EQ(got.size(), 6u);
    EXPECT_EQ(got[0].integer(0), INT64_MIN);
    EXPECT_EQ(got[0].integer(1), INT32_MIN);
    EXPECT_EQ(got[0].integer(2), -32768);
    EXPECT_EQ(got[0].text(3), "tab\there\nand\\N");
    EXPECT_EQ(got[1].integer(0), 5);
    EXPECT_EQ(got[1].text(3), "after");
    EXPECT_EQ(got[2].integer(0), 9);
    EXPECT_EQ(std::stod(got[2].text(4)), 0.25);
    EXPECT_TRUE(got[2].isNull(3));
    EXPECT_EQ(got[3].integer(0), 42);
    EXPECT_EQ(got[3].integer(1), -7);
    EXPECT_EQ(got[3].integer(2), 3);
    EXPECT_EQ(got[3].text(3), "Trà Shan tuyết");
    EXPECT_EQ(got[4].integer(0), INT64_MAX);
    EXPECT_EQ(got[4].integer(1), INT32_MAX);
    // As a parameter would: PostgreSQL's text ends at the first NUL, SQLite keeps the bytes.
    EXPECT_EQ(got[4].text(3), GetParam() == "postgresql" ? std::string("cut") : std::string("cut\0off", 7));
    EXPECT_TRUE(got[5].isNull(0));
    EXPECT_TRUE(got[5].isNull(3));
    EXPECT_EQ(c->query("SELECT note FROM other")[0].text(0), "between");

    if (GetParam() != "postgresql")
        return; // SQLite's INTEGER holds any int64 and takes text as it is
    for (const auto& bad : std::vector<std::function<void(RowBuffer&)>>{
             [](RowBuffer& r) { r.integer(1).integer(std::int64_t{1} << 31).integer(1).text("x"); },
             [](RowBuffer& r) { r.integer(1).integer(1).integer(40000).text("x"); },
             [](RowBuffer& r) { r.text("12x").integer(1).integer(1).text("x"); },
             [](RowBuffer& r) { r.integer(1).integer(1).integer(1).integer(1); }}) {
        RowBuffer r(4);
        r.integer(100).integer(100).integer(100).text("fine");
        bad(r);
        {
            Transaction tx(*c, true);
            c->appendRows("bulk", "big, small, tiny, word", r);
            EXPECT_THROW(c->endRows(), StorageError);
        }
        EXPECT_EQ(c->query("SELECT count(*) FROM bulk")[0].integer(0), 6);
        // The connection is ready for the next statement.
        EXPECT_EQ(c->query("SELECT 1")[0].integer(0), 1);
    }
    // Left open by a caller that gave up: rolled back with its transaction.
    {
        Transaction tx(*c, true);
        RowBuffer r(4);
        r.integer(100).integer(100).integer(100).text("abandoned");
        c->appendRows("bulk", "big, small, tiny, word", r);
    }
    EXPECT_EQ(c->query("SELECT count(*) FROM bulk")[0].integer(0), 6);
}

// Rows handed over in parts, two tables taking turns, while the caller goes
// on (pumpRows; on PostgreSQL COPYs on a non-blocking connection): every row
// is stored as given. A key violation in a middle part is reported once, as
// ConstraintError, and nothing of that transaction stays.
TEST_P(CentralStoreTest, RowsHandedOverInPartsAreStoredAndAKeyViolationIsReportedOnce)
{
    auto c = GetParam() == "postgresql" ? openPostgres(url) : openSqlite(url.substr(std::string("sqlite:").size()));
    c->script("CREATE TABLE parts_a (id BIGINT PRIMARY KEY, note TEXT)");
    c->script("CREATE TABLE parts_b (part BIGINT, note TEXT)");
    c->pumpRows(); // nothing handed over: nothing happens
    {
        Transaction tx(*c, true);
        for (int part = 0; part < 50; ++part) {
            RowBuffer a(2), b(2);
            for (int i = 0; i < 100; ++i) {
                a.integer(part * 100 + i).text("Bánh cốm " + std::to_string(part * 100 + i) + std::string(300, '.'));
                b.integer(part).text("phần");
            }
            c->appendRows("parts_a", "id, note", a);
            c->appendRows("parts_b", "part, note", b);
            c->pumpRows();
        }
        c->endRows();
        tx.commit();
    }
    auto counts = [&] {
        const auto r = c->query("SELECT (SELECT count(*) FROM parts_a), (SELECT coalesce(sum(id), 0) FROM parts_a), "
                                "(SELECT count(*) FROM parts_b), (SELECT coalesce(sum(part), 0) FROM parts_b)");
        return std::vector<std::int64_t>{r[0].integer(0), r[0].integer(1), r[0].integer(2), r[0].integer(3)};
    };
    EXPECT_EQ(counts(), (std::vector<std::int64_t>{5000, 4999 * 5000 / 2, 5000, 100 * (49 * 50 / 2)}));
    EXPECT_EQ(c->query("SELECT note FROM parts_a WHERE id = 4321")[0].text(0),
              "Bánh cốm 4321" + std::string(300, '.'));

    int reported = 0;
    {
        Transaction tx(*c, true);
        try {
            for (int part = 0; part < 20; ++part) {
                RowBuffer a(2), b(2);
                for (int i = 0; i < 100; ++i)
                    a.integer(10000 + part * 100 + i).text("mới");
                if (part == 7)
                    a.integer(42).text("already stored");
                b.integer(part).text("phần");
                c->appendRows("parts_a", "id, note", a);
                c->appendRows("parts_b", "part, note", b);
                c->pumpRows();
            }
            c->endRows();
        } catch (const ConstraintError&) {
            ++reported;
        }
        EXPECT_NO_THROW(c->endRows()); // reported once only
    }
    EXPECT_EQ(reported, 1);
    EXPECT_EQ(counts(), (std::vector<std::int64_t>{5000, 4999 * 5000 / 2, 5000, 100 * (49 * 50 / 2)}));
}

TEST_P(CentralStoreTest, AnotherPointsEventRefusesTheWholeBatch)
{
    const auto t = enrollTerminal("HK01");
    const auto mine = makeSale("HK01", "T1", 1, "P", 1, 1000);
    const auto theirs = makeSale("BD01", "T1", 2, "P", 1, 1000);
    std::string code;
    EXPECT_EQ(apiStatus([&] {
                  store->ingest(t, batchOf({event(1, event_type::SaleCompleted, toJson(mine)),
                                            event(2, event_type::SaleCompleted, toJson(theirs))}),
                                kNow);
              }, &code),
              403);
    EXPECT_EQ(store->counts().events, 0);
    EXPECT_EQ(store->counts().sales, 0);
}

TEST_P(CentralStoreTest, AckedThroughIsContiguousAndDuplicateUuidsQuarantined)
{
    const auto t = enrollTerminal("HK01");
    auto e1 = event(1, event_type::SaleCompleted, toJson(makeSale("HK01", "T1", 1, "P", 1, 1000)));
    auto e2 = event(2, event_type::SaleCompleted, toJson(makeSale("HK01", "T1", 2, "P", 1, 1000)));
    auto e3 = event(3, event_type::SaleCompleted, toJson(makeSale("HK01", "T1", 3, "P", 1, 1000)));
    auto e4 = event(4, event_type::SaleCompleted, toJson(makeSale("HK01", "T1", 4, "P", 1, 1000)));
    EXPECT_EQ(store->ingest(t, batchOf({e1, e2, e4}), kNow).ackedThrough, 2);
    EXPECT_EQ(store->ingest(t, batchOf({e3}), kNow).ackedThrough, 4);
    // A new seq reusing a stored uuid.
    auto e5 = event(5, event_type::SaleCompleted, toJson(makeSale("HK01", "T1", 5, "P", 1, 1000)));
    e5.uuid = e2.uuid;
    auto r = store->ingest(t, batchOf({e5}), kNow);
    EXPECT_EQ(r.ackedThrough, 5);
    ASSERT_EQ(r.rejected.size(), 1u);
    EXPECT_NE(r.rejected[0].reason.find("duplicate uuid"), std::string::npos);
    EXPECT_EQ(store->counts().sales, 4);
    // The same sale id under a new event: quarantined, not counted twice.
    auto e6 = event(6, event_type::SaleCompleted, e1.payload);
    r = store->ingest(t, batchOf({e6}), kNow);
    ASSERT_EQ(r.rejected.size(), 1u);
    EXPECT_NE(r.rejected[0].reason.find("already recorded"), std::string::npos);
    EXPECT_EQ(store->counts().sales, 4);
}

TEST_P(CentralStoreTest, ReturnsShiftsAndStockProjectIntoTheLedger)
{
    const auto t = enrollTerminal("HK01");
    const auto s = makeSale("HK01", "T1", 1, "OCOP-00001", 3, 100000);
    const auto ret = makeReturn(s, 2, {1, "OCOP-00001", "x", 1, 100000, 8, 100000, 7407, ""},
                                kNow + 3600'000 * 20); // next local day
    nlohmann::json stock = {{"id", uuidV7(kNow)}, {"point", "HK01"}, {"terminal", "T1"}, {"kind", "receipt"},
                            {"reference", "PN-1"}, {"user_id", "U002"}, {"created_at", kNow},
                            {"lines", {{{"code", "OCOP-00001"}, {"quantity", 10}}, {{"code", "OCOP-00002"}, {"quantity", 4}, {"lot", "L1"}}}}};
    nlohmann::json closed = {{"shift_id", "shift-1"}, {"point", "HK01"}, {"terminal", "T1"}, {"opened_at", kNow},
                             {"closed_at", kNow + 1000}, {"opening_float", 0}, {"counted_cash", 300000},
                             {"expected_cash", 300000}, {"variance", 0}};
    auto r = store->ingest(t,
                           batchOf({event(1, event_type::StockMoved, stock), event(2, event_type::SaleCompleted, toJson(s)),
                                    event(3, event_type::SaleReturned, toJson(ret)),
                                    event(4, event_type::ShiftClosed, closed),
                                    event(5, event_type::CartVoided, {{"id", uuidV7(kNow)}, {"point", "HK01"}, {"total", 5000}})}),
                           kNow);
    EXPECT_EQ(r.ackedThrough, 5);
    EXPECT_TRUE(r.rejected.empty()) << r.rejected[0].reason;
    std::map<std::string, std::int64_t> onHand;
    for (const auto& l : store->stockLevels("HK01"))
        onHand[l.productCode] = l.quantity;
    EXPECT_EQ(onHand["OCOP-00001"], 10 - 3 + 1);
    EXPECT_EQ(onHand["OCOP-00002"], 4);
    EXPECT_TRUE(store->stockLevels("BD01").empty());
    const auto rep = store->salesReport("", "");
    ASSERT_EQ(rep["days"].size(), 2u);
    EXPECT_EQ(rep["days"][0]["total"], 300000);
    EXPECT_EQ(rep["days"][1]["date"], "2026-01-02");
    EXPECT_EQ(rep["days"][1]["returns_total"], 100000);
    EXPECT_EQ(rep["points"][0]["net"], 200000);
    EXPECT_EQ(store->salesReport("2026-01-02", "2026-01-02")["days"].size(), 1u);
    EXPECT_EQ(store->counts().shifts, 1);
}

// Sales and returns of a lot move that lot's stock at the centre: a sale
// from lot L1 and a return of one of them net out per lot.
TEST_P(CentralStoreTest, SalesAndReturnsMoveTheirLotsStock)
{
    const auto t = enrollTerminal("HK01");
    nlohmann::json received = {{"id", uuidV7(kNow)}, {"point", "HK01"}, {"terminal", "T1"}, {"kind", "receipt"},
                               {"reference", "PN-7"}, {"user_id", "U002"}, {"created_at", kNow},
                               {"lines", {{{"code", "OCOP-00002"}, {"quantity", 6}, {"lot", "L1"}},
                                          {{"code", "OCOP-00002"}, {"quantity", 5}, {"lot", "L2"}}}}};
    auto s = makeSale("HK01", "T1", 1, "OCOP-00002", 4, 50000);
    s.lines[0].lot = "L1";
    s.lines[0].lotExpiry = "2027-06-30";
    const auto ret = makeReturn(s, 2, {1, "OCOP-00002", "x", 1, 50000, 8, 50000, 3704, "L1"}, kNow + 1000);
    auto r = store->ingest(t,
                           batchOf({event(1, event_type::StockMoved, received),
                                    event(2, event_type::SaleCompleted, toJson(s)),
                                    event(3, event_type::SaleReturned, toJson(ret))}),
                           kNow);
    ASSERT_EQ(r.ackedThrough, 3);
    ASSERT_TRUE(r.rejected.empty()) << r.rejected[0].reason;
    std::map<std::string, std::int64_t> byLot;
    for (const auto& l : store->stockLevels("HK01", true))
        byLot[l.productCode + "/" + l.lot] = l.quantity;
    EXPECT_EQ(byLot, (std::map<std::string, std::int64_t>{{"OCOP-00002/L1", 6 - 4 + 1}, {"OCOP-00002/L2", 5}}));
    const auto all = store->stockLevels("HK01");
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].quantity, 11 - 4 + 1);
}

// A centre that projected sales and returns into the ledger (schema 3) keeps
// every lot and every unit when 0004 moves those movements to the lines.
TEST_P(CentralStoreTest, StockProjectedUnderSchemaThreeSurvivesTheMoveToLines)
{
    const auto t = enrollTerminal("HK01");
    nlohmann::json received = {{"id", uuidV7(kNow)}, {"point", "HK01"}, {"terminal", "T1"}, {"kind", "receipt"},
                               {"reference", "PN-7"}, {"user_id", "U002"}, {"created_at", kNow},
                               {"lines", {{{"code", "OCOP-00002"}, {"quantity", 6}, {"lot", "L1"}},
                                          {{"code", "OCOP-00002"}, {"quantity", 5}, {"lot", "L2"}}}}};
    auto s = makeSale("HK01", "T1", 1, "OCOP-00002", 4, 50000);
    s.lines[0].lot = "L2";
    auto second = s.lines[0];
    second.lineNo = 2;
    second.lot = "L1";
    second.quantity = 1;
    second.gross = second.net = 50000;
    second.vat = (second.net * 8 + 54) / 108;
    s.lines.push_back(second);
    s.vatByRate[0] = {8, s.total + second.net, s.vat + second.vat};
    s.gross += second.gross;
    s.total += second.net;
    s.vat += second.vat;
    s.paid += second.net;
    s.payments[0].amount += second.net;
    const auto ret = makeReturn(s, 2, {2, "OCOP-00002", "x", 1, 50000, 8, 50000, 3704, "L1"}, kNow + 1000);
    auto r = store->ingest(t,
                           batchOf({event(1, event_type::StockMoved, received),
                                    event(2, event_type::SaleCompleted, toJson(s)),
                                    event(3, event_type::SaleReturned, toJson(ret))}),
                           kNow);
    ASSERT_TRUE(r.rejected.empty()) << r.rejected[0].reason;
    const auto before = store->stockLevels("HK01", true);
    ASSERT_EQ(before.size(), 2u);
    std::map<std::int64_t, std::string> raws;
    for (std::int64_t seq = 1; seq <= 3; ++seq)
        raws[seq] = store->eventJson(t.id, seq).value();
    store.reset();

    // Put the database back as schema 3 left it: lines without lots, and the
    // sale's and return's movements as ledger rows in line order.
    auto c = connect();
    rewindPastEventArchives(*c, raws);
    c->script("DROP VIEW stock_movements; ALTER TABLE sale_lines DROP COLUMN lot; "
              "ALTER TABLE return_lines DROP COLUMN lot; DELETE FROM schema_migrations WHERE version >= 4");
    for (const auto& [line, lot] : std::vector<std::pair<int, std::string>>{{1, "L2"}, {2, "L1"}})
        c->exec("INSERT INTO stock_ledger(point_code, product_code, lot, quantity, kind, reference, terminal_id, "
                "event_seq, created_at) SELECT s.point_code, l.product_code, ?, -l.quantity, 'sale', s.receipt_no, "
                "s.terminal_id, s.event_seq, s.created_at FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                "WHERE l.line_no = ?",
                {lot, std::int64_t(line)});
    c->exec("INSERT INTO stock_ledger(point_code, product_code, lot, quantity, kind, reference, terminal_id, "
            "event_seq, created_at) SELECT r.point_code, l.product_code, 'L1', l.quantity, 'return', r.receipt_no, "
            "r.terminal_id, r.event_seq, r.created_at FROM return_lines l JOIN returns r ON r.id = l.return_id");
    c.reset();

    store = openCentralStore(url, 2);
    const auto after = store->stockLevels("HK01", true);
    ASSERT_EQ(after.size(), before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        EXPECT_EQ(after[i].lot, before[i].lot);
        EXPECT_EQ(after[i].quantity, before[i].quantity) << after[i].lot;
    }
    EXPECT_EQ(store->counts().stockMovements, 2 + 2 + 1) << "the receipt's two rows, the sale's two lines, the return's one";
}

// Events stored before schema 6 keep their JSON in their rows and read back
// from there; batches stored after the upgrade go into archives.
TEST_P(CentralStoreTest, EventsStoredBeforeTheArchivesReadBackAfterTheUpgrade)
{
    const auto t = enrollTerminal("HK01");
    std::vector<wire::Event> events;
    for (int i = 0; i < 6; ++i)
        events.push_back(
            event(i + 1, event_type::SaleCompleted, toJson(makeSale("HK01", "T1", i + 1, "OCOP-00001", 1, 5000))));
    store->ingest(t, batchOf({events.begin(), events.begin() + 3}), kNow);
    std::map<std::int64_t, std::string> raws;
    for (std::int64_t seq = 1; seq <= 3; ++seq)
        raws[seq] = store->eventJson(t.id, seq).value();
    store.reset();
    {
        auto c = connect();
        rewindPastEventArchives(*c, raws);
    }
    store = openCentralStore(url, 2);
    IngestStats st;
    store->ingest(t, batchOf(events), kNow + 1, &st);
    EXPECT_EQ(st.duplicates, 3) << "the first three are replays after the upgrade too";
    EXPECT_EQ(st.applied, 3);
    for (const auto& e : events)
        EXPECT_EQ(store->eventJson(t.id, e.seq), wire::canonicalJson(e)) << "seq " << e.seq;
    auto c = connect();
    EXPECT_EQ(c->query("SELECT count(*) FROM events WHERE raw IS NOT NULL")[0].integer(0), 3);
    EXPECT_EQ(c->query("SELECT count(*) FROM event_archives")[0].integer(0), 1);
    EXPECT_EQ(c->query("SELECT first_seq, events FROM event_archives")[0].integer(0), 4);
    EXPECT_EQ(store->counts().sales, 6);
}

// Payments stored as rows before schema 8 move into their sales in tender
// order, references intact, and read back through the view as before;
// sales stored afterwards read the same way, and the report adds both up.
TEST_P(CentralStoreTest, PaymentsStoredAsRowsMoveIntoTheirSalesInTenderOrder)
{
    const auto t = enrollTerminal("HK01");
    auto split = makeSale("HK01", "T1", 1, "OCOP-00001", 3, 70000);
    split.payments = {{PaymentMethod::BankTransfer, 100000, "VQR \"HK01-T1-1\" chuyển khoản\\ngày"},
                      {PaymentMethod::Card, 60000, "VCB-9"},
                      {PaymentMethod::Cash, 100000, ""}};
    split.paid = 260000;
    split.change = split.paid - split.total;
    const auto cash = makeSale("HK01", "T1", 2, "OCOP-00002", 1, 45000, kNow + 1000);
    auto r = store->ingest(t,
                           batchOf({event(1, event_type::SaleCompleted, toJson(split)),
                                    event(2, event_type::SaleCompleted, toJson(cash))}),
                           kNow);
    ASSERT_TRUE(r.rejected.empty()) << r.rejected[0].reason;
    const std::string day = localIsoDate(kNow);
    const auto methodsBefore = store->salesReport(day, day)["methods"];
    auto payments = [&](SqlConnection& c) {
        std::vector<std::tuple<std::string, std::int64_t, std::string, std::int64_t, std::string>> out;
        for (const auto& row : c.query("SELECT sale_id, pay_no, method, amount, reference FROM sale_payments "
                                       "ORDER BY sale_id, pay_no"))
            out.emplace_back(row.text(0), row.integer(1), row.text(2), row.integer(3), row.text(4));
        return out;
    };
    std::vector<std::tuple<std::string, std::int64_t, std::string, std::int64_t, std::string>> expected = {
        {split.id, 1, "bank_transfer", 100000, split.payments[0].reference},
        {split.id, 2, "card", 60000, "VCB-9"},
        {split.id, 3, "cash", 100000, ""},
        {cash.id, 1, "cash", 45000, ""}};
    std::sort(expected.begin(), expected.end());
    {
        auto c = connect();
        ASSERT_EQ(payments(*c), expected) << "as projected";
    }
    std::map<std::int64_t, std::string> raws;
    for (std::int64_t seq = 1; seq <= 2; ++seq)
        raws[seq] = store->eventJson(t.id, seq).value();
    store.reset();
    {
        auto c = connect();
        rewindPastPaymentsInSales(*c);
        ASSERT_EQ(c->query("SELECT count(*) FROM sale_payments")[0].integer(0), 4) << "a table again";
    }
    store = openCentralStore(url, 2);
    auto c = connect();
    EXPECT_EQ(payments(*c), expected) << "after the upgrade";
    const auto third = makeSale("HK01", "T1", 3, "OCOP-00003", 2, 15000, kNow + 2000);
    r = store->ingest(t, batchOf({event(3, event_type::SaleCompleted, toJson(third))}), kNow);
    ASSERT_TRUE(r.rejected.empty()) << r.rejected[0].reason;
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> before, after;
    for (const auto& m : methodsBefore)
        before[m["method"]] = {m["payments"], m["amount"]};
    const auto methodsAfter = store->salesReport(day, day)["methods"];
    for (const auto& m : methodsAfter)
        after[m["method"]] = {m["payments"], m["amount"]};
    before["cash"].first += 1;
    before["cash"].second += third.total;
    EXPECT_EQ(after, before);
    EXPECT_EQ(after["card"], (std::pair<std::int64_t, std::int64_t>{1, 60000}));
    EXPECT_EQ(after["cash"].second, 100000 - split.change + 45000 + third.total) << "tendered less change";
}

std::string unzipEntry(const std::string& zip, const std::string& entry)
{
    std::string out;
    FILE* f = popen(("unzip -p " + shellQuote(zip) + " " + shellQuote(entry)).c_str(), "r");
    if (!f)
        return out;
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;)
        out.append(buf, n);
    pclose(f);
    return out;
}

TEST_P(CentralStoreTest, SalesBreakdownsAndTheExcelWorkbookAgreeWithTheTotals)
{
    const auto demo = makeDemoCatalog(40);
    store->upsertCatalog(demo.points, demo.producers, demo.products, kNow);
    const auto t = enrollTerminal("HK01");
    const Product& first = demo.products[0];
    auto cashSale = makeSale("HK01", "T1", 1, first.code, 2, 125000);
    cashSale.payments = {{PaymentMethod::Cash, 300000, ""}};
    cashSale.paid = 300000;
    cashSale.change = 50000;
    auto cardSale = makeSale("HK01", "T1", 2, demo.products[1].code, 1, 80000);
    cardSale.payments = {{PaymentMethod::Card, 80000, "AUTH-1"}};
    const auto ret = makeReturn(cashSale, 3, {1, first.code, first.nameVi, 1, 125000, 8, 125000, 9259, ""}, kNow + 1000);
    auto r = store->ingest(t,
                           batchOf({event(1, event_type::SaleCompleted, toJson(cashSale)),
                                    event(2, event_type::SaleCompleted, toJson(cardSale)),
                                    event(3, event_type::SaleReturned, toJson(ret))}),
                           kNow);
    ASSERT_EQ(r.ackedThrough, 3);
    ASSERT_TRUE(r.rejected.empty()) << r.rejected[0].reason;

    const auto rep = store->salesReport("", "");
    ASSERT_EQ(rep["points"].size(), 1u);
    EXPECT_EQ(rep["points"][0]["name"], demo.points[0].name);
    EXPECT_EQ(rep["points"][0]["net"], 250000 + 80000 - 125000);
    std::map<std::string, nlohmann::json> products;
    for (const auto& p : rep["products"])
        products[p["code"]] = p;
    ASSERT_EQ(products.size(), 2u);
    EXPECT_EQ(products[first.code]["quantity"], 2);
    EXPECT_EQ(products[first.code]["net"], 250000);
    EXPECT_EQ(products[first.code]["returned_quantity"], 1);
    EXPECT_EQ(products[first.code]["returned"], 125000);
    EXPECT_EQ(products[first.code]["stars"], first.stars);
    EXPECT_EQ(products[first.code]["group"], static_cast<int>(first.group));
    EXPECT_FALSE(products[first.code]["producer"].get<std::string>().empty());
    std::map<std::string, nlohmann::json> methods;
    for (const auto& m : rep["methods"])
        methods[m["method"]] = m;
    EXPECT_EQ(methods["cash"]["amount"], 250000) << "tendered 300,000, change 50,000";
    EXPECT_EQ(methods["cash"]["refunded"], 125000);
    EXPECT_EQ(methods["card"]["amount"], 80000);

    const std::string xlsx = dir / "report.xlsx";
    writeSalesWorkbook(rep, xlsx, "23/11/2026 09:00");
    ASSERT_TRUE(std::filesystem::exists(xlsx));
    EXPECT_FALSE(std::filesystem::exists(xlsx + ".partial"));
    const auto workbook = unzipEntry(xlsx, "xl/workbook.xml");
    for (const char* sheet : {"Tổng hợp", "Theo ngày", "Theo sản phẩm", "Theo nhóm OCOP", "Thanh toán"})
        EXPECT_NE(workbook.find(sheet), std::string::npos) << sheet;
    const auto strings = unzipEntry(xlsx, "xl/sharedStrings.xml");
    EXPECT_NE(strings.find(demo.points[0].name), std::string::npos);
    EXPECT_NE(strings.find(first.nameVi), std::string::npos);
    const auto summary = unzipEntry(xlsx, "xl/worksheets/sheet1.xml");
    EXPECT_NE(summary.find("<v>330000</v>"), std::string::npos) << "sales total";
    EXPECT_NE(summary.find("<v>205000</v>"), std::string::npos) << "net after returns";
    EXPECT_NE(summary.find("SUBTOTAL(109,I6:I6)"), std::string::npos) << summary.substr(0, 2000);
    const auto payments = unzipEntry(xlsx, "xl/worksheets/sheet5.xml");
    EXPECT_NE(payments.find("<v>250000</v>"), std::string::npos);

    EXPECT_THROW(writeSalesWorkbook(rep, dir / "no-such-dir/r.xlsx", "now"), ocop::UserError);
}

std::vector<Product> someProducts(int n, Money price = 10000)
{
    std::vector<Product> out;
    for (int i = 1; i <= n; ++i) {
        Product p;
        char code[32];
        std::snprintf(code, sizeof code, "OCOP-%05d", i);
        p.code = code;
        p.nameVi = "Sản phẩm " + std::to_string(i);
        p.price = price + i;
        p.producerId = "NSX-1";
        out.push_back(p);
    }
    return out;
}

const std::vector<Producer> kProducers{{"NSX-1", "HTX Bát Tràng", ProducerKind::Cooperative, "Bát Tràng", "Gia Lâm", "Hà Nội"}};

// Pages from `since` to the end; applies to a map like a terminal would.
std::int64_t pageAll(CentralStore& s, std::int64_t since, std::size_t limit, std::map<std::string, Product>& into,
                     int* pages = nullptr)
{
    for (int guard = 0; guard < 100000; ++guard) {
        const auto page = s.catalogChanges(since, limit, kNow);
        EXPECT_LE(page.points.size() + page.products.size() + page.removedProducts.size(), limit + 0u);
        for (const auto& p : page.products)
            into[p.code] = p;
        for (const auto& c : page.removedProducts)
            into.erase(c);
        if (pages)
            ++*pages;
        EXPECT_GE(page.version, since);
        since = page.version;
        if (!page.more)
            return since;
    }
    ADD_FAILURE() << "paging never ended";
    return since;
}

TEST_P(CentralStoreTest, APointsBankAccountIsPublishedAndValidated)
{
    auto since = store->catalogChanges(0, 1000, kNow).version;
    auto hk = store->catalog().points.at(1);
    ASSERT_EQ(hk.code, "HK01");
    EXPECT_TRUE(hk.bankBin.empty());
    hk.bankBin = "970436";
    hk.bankAccount = "0011001234567";
    hk.bankAccountName = "DIEM BAN OCOP HOAN KIEM";
    EXPECT_EQ(store->upsertCatalog({hk}, {}, {}, kNow).points, 1);
    auto page = store->catalogChanges(since, 1000, kNow);
    ASSERT_EQ(page.points.size(), 1u);
    EXPECT_EQ(page.points[0].bankBin, "970436");
    EXPECT_EQ(page.points[0].bankAccount, "0011001234567");
    EXPECT_EQ(page.points[0].bankAccountName, "DIEM BAN OCOP HOAN KIEM");
    since = page.version;
    // The same again is no change; a bad account is refused and changes nothing.
    EXPECT_EQ(store->upsertCatalog({hk}, {}, {}, kNow).points, 0);
    for (auto edit : std::vector<std::function<void(SalesPoint&)>>{
             [](SalesPoint& p) { p.bankBin = "97043"; },
             [](SalesPoint& p) { p.bankAccount = "0011-0012"; },
             [](SalesPoint& p) { p.bankAccount = std::string(20, '1'); },
             [](SalesPoint& p) { p.bankBin.clear(); }}) {
        auto bad = hk;
        edit(bad);
        EXPECT_THROW(store->upsertCatalog({bad}, {}, {}, kNow), UserError);
    }
    SalesPoint fresh{"TX01", "Điểm bán Thanh Xuân", "", "Thanh Xuân", "97041", "1", ""};
    EXPECT_THROW(store->addPoint(fresh, kNow), UserError);
    EXPECT_TRUE(store->catalogChanges(since, 1000, kNow).points.empty());
    EXPECT_EQ(store->catalog().points.size(), 2u);
}

TEST_P(CentralStoreTest, CatalogPagesThroughChangesAndTombstones)
{
    auto products = someProducts(10);
    auto w = store->upsertCatalog({}, kProducers, products, kNow);
    EXPECT_EQ(w.products, 10);
    // Unchanged rows keep their version.
    EXPECT_EQ(store->upsertCatalog({}, kProducers, products, kNow).products, 0);
    std::map<std::string, Product> terminal;
    int pages = 0;
    auto v = pageAll(*store, 0, 3, terminal, &pages);
    EXPECT_EQ(terminal.size(), 10u);
    EXPECT_GE(pages, 4);
    // Nothing new.
    auto empty = store->catalogChanges(v, 100, kNow);
    EXPECT_FALSE(empty.more);
    EXPECT_EQ(empty.version, v);
    EXPECT_TRUE(empty.products.empty());
    // Change one, remove two.
    products[4].price = 55555;
    store->upsertCatalog({}, {}, {products[4]}, kNow);
    store->removeProducts({"OCOP-00002", "OCOP-00003"}, kNow);
    EXPECT_THROW(store->removeProducts({"NOPE"}, kNow), UserError);
    auto page = store->catalogChanges(v, 100, kNow);
    ASSERT_EQ(page.products.size(), 1u);
    EXPECT_EQ(page.products[0].price, 55555);
    EXPECT_EQ(page.removedProducts, (std::vector<std::string>{"OCOP-00002", "OCOP-00003"}));
    v = pageAll(*store, v, 2, terminal);
    EXPECT_EQ(terminal.size(), 8u);
    EXPECT_EQ(terminal["OCOP-00005"].price, 55555);
    // A fresh terminal sees no tombstoned product as live; its producer comes along.
    std::map<std::string, Product> fresh;
    pageAll(*store, 0, 1000, fresh);
    EXPECT_EQ(fresh.size(), 8u);
    auto first = store->catalogChanges(0, 1000, kNow);
    EXPECT_EQ(first.points.size(), 2u);
    EXPECT_EQ(first.producers.size(), 1u);
    // Bringing a removed product back.
    store->upsertCatalog({}, {}, {products[1]}, kNow);
    pageAll(*store, v, 5, terminal);
    EXPECT_EQ(terminal.size(), 9u);
    // Invalid products and unknown producers change nothing.
    auto badGtin = products[0];
    badGtin.gtin = "8930000000001";
    EXPECT_THROW(store->upsertCatalog({}, {}, {badGtin}, kNow), UserError);
    auto orphan = products[0];
    orphan.producerId = "NSX-404";
    EXPECT_THROW(store->upsertCatalog({}, {}, {orphan}, kNow), UserError);
    EXPECT_EQ(store->catalog().products.size(), 9u);
}

TEST_P(CentralStoreTest, ConcurrentCatalogWritersNeverMakeAReaderSkipAChange)
{
    const int kProducts = 20;
    store->upsertCatalog({}, kProducers, someProducts(kProducts), kNow);
    std::atomic<bool> done{false};
    std::thread writerA([&] {
        for (int round = 1; round <= 25; ++round)
            store->upsertCatalog({}, {}, someProducts(kProducts, 100000 * round), kNow);
    });
    std::thread writerB([&] {
        for (int round = 1; round <= 25; ++round) {
            auto p = someProducts(1, 7 * round);
            p[0].code = "OCOP-B";
            store->upsertCatalog({}, {}, p, kNow);
        }
        done = true;
    });
    std::map<std::string, Product> terminal;
    std::int64_t v = 0;
    while (!done)
        v = pageAll(*store, v, 7, terminal);
    writerA.join();
    writerB.join();
    v = pageAll(*store, v, 7, terminal);
    // What the terminal pieced together from pages equals the final catalog.
    const auto finalCat = store->catalog();
    ASSERT_EQ(terminal.size(), finalCat.products.size());
    for (const auto& p : finalCat.products)
        EXPECT_EQ(toJson(terminal[p.code]), toJson(p)) << p.code;
}

TEST_P(CentralStoreTest, DemoCatalogSeedsAndPages)
{
    const auto demo = makeDemoCatalog(200);
    store->upsertCatalog(demo.points, demo.producers, demo.products, kNow);
    std::map<std::string, Product> terminal;
    pageAll(*store, 0, 64, terminal);
    EXPECT_EQ(terminal.size(), demo.products.size());
    // Reopening runs no migration twice.
    store.reset();
    store = openCentralStore(url, 2);
    EXPECT_EQ(store->catalog().products.size(), demo.products.size());
}

TEST_P(CentralStoreTest, ConcurrentBatchesFromOneTerminalStoreEachEventOnce)
{
    const auto t = enrollTerminal("HK01");
    std::vector<wire::Event> events;
    for (int i = 1; i <= 60; ++i)
        events.push_back(event(i, event_type::SaleCompleted, toJson(makeSale("HK01", "T1", i, "P", 1, 1000 + i))));
    auto b = batchOf(events);
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int k = 0; k < 4; ++k)
        threads.emplace_back([&] {
            try {
                const auto r = store->ingest(t, b, kNow);
                if (r.ackedThrough != 60 || !r.rejected.empty())
                    ++failures;
            } catch (const std::exception& e) {
                ADD_FAILURE() << e.what();
                ++failures;
            }
        });
    for (auto& th : threads)
        th.join();
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(store->counts().events, 60);
    EXPECT_EQ(store->counts().sales, 60);
}

// ---------------------------------------------------------------- CSV (no database)


// Writers that arrive together may share one transaction (group commit on
// SQLite): each must still get its own outcome, and one that fails must take
// nothing of the others with it.
TEST_P(CentralStoreTest, ConcurrentWritersEachGetTheirOwnOutcome)
{
    const auto used = store->createEnrollCode("HK01", kNow);
    store->enroll({used, "Quầy 0"}, kNow);
    constexpr int kEnrolments = 24;
    std::vector<std::string> codes;
    for (int i = 0; i < kEnrolments; ++i)
        codes.push_back(store->createEnrollCode(i % 2 ? "HK01" : "BD01", kNow));
    const auto seller = enrollTerminal("HK01");
    const auto before = store->terminals().size();

    std::vector<std::string> tokens(kEnrolments);
    std::vector<int> replayStatus(4, 0);
    std::atomic<int> sold{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kEnrolments; ++i)
        threads.emplace_back([&, i] {
            try {
                tokens[i] = store->enroll({codes[i], "Quầy " + std::to_string(i + 1)}, kNow).token;
            } catch (const std::exception& e) {
                ADD_FAILURE() << "enrolment " << i << ": " << e.what();
            }
        });
    for (int k = 0; k < 4; ++k)
        threads.emplace_back([&, k] { replayStatus[k] = apiStatus([&] { store->enroll({used, "again"}, kNow); }); });
    threads.emplace_back([&] {
        for (int i = 1; i <= 10; ++i) {
            try {
                const auto r = store->ingest(
                    seller,
                    batchOf({event(i, event_type::SaleCompleted, toJson(makeSale("HK01", "T1", i, "P", 1, 5000)))}),
                    kNow);
                if (r.ackedThrough == i && r.rejected.empty())
                    ++sold;
            } catch (const std::exception& e) {
                ADD_FAILURE() << "sale " << i << ": " << e.what();
            }
        }
    });
    for (auto& th : threads)
        th.join();

    EXPECT_EQ(replayStatus, std::vector<int>(4, 403));
    EXPECT_EQ(sold, 10);
    std::set<std::string> distinct;
    for (int i = 0; i < kEnrolments; ++i) {
        ASSERT_FALSE(tokens[i].empty()) << "enrolment " << i;
        const auto who = store->authenticate(tokens[i]);
        ASSERT_TRUE(who) << "enrolment " << i << "'s token does not authenticate";
        EXPECT_EQ(who->pointCode, i % 2 ? "HK01" : "BD01");
        distinct.insert(who->id);
    }
    EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kEnrolments));
    EXPECT_EQ(store->terminals().size(), before + kEnrolments);
    EXPECT_EQ(store->counts().sales, 10);
}
TEST(CatalogCsv, ParsesRfc4180WithBomAndReportsLines)
{
    const std::string text = "\xEF\xBB\xBF"
                             "code,name,group\r\n"
                             "A,\"Trà, \"\"Shan\"\" tuyết\",food\r\n"
                             "B,\"two\nlines\",drinks\n"
                             "\n"
                             "C,plain,herbal";
    const auto recs = parseCsv(text);
    ASSERT_EQ(recs.size(), 4u);
    EXPECT_EQ(recs[1].fields[1], "Trà, \"Shan\" tuyết");
    EXPECT_EQ(recs[2].fields[1], "two\nlines");
    EXPECT_EQ(recs[2].line, 3u);
    EXPECT_EQ(recs[3].line, 6u);
    EXPECT_THROW(parseCsv("a,\"open\n"), UserError);
}

TEST(CatalogCsv, EveryBadRowIsNamed)
{
    const std::string text =
        "code,gtin,name,group,stars,price,vat_rate,producer_id,producer_name,producer_kind,issued\n"
        "OCOP-1,,Trà Shan tuyết,food,4,125.000,8,NSX-1,HTX Chè,cooperative,2024-03-15\n"  // line 2 ok
        "OCOP-2,,Bánh cốm,food,6,50000,8,NSX-1,,,\n"                                        // 3 stars
        "OCOP-3,8930000000001,Gốm,handicraft,5,300000,10,,,,\n"                              // 4 gtin
        "OCOP-4,,Mật ong,food,3,12.5,8,,,,\n"                                                // 5 price
        "OCOP-1,,Dup,food,3,1000,8,,,,\n"                                                    // 6 dup code
        "OCOP-6,,Rượu,drinks,3,1000,7,,,,\n"                                                 // 7 vat
        "OCOP-7,,Nón lá,handicraft,3,1000,8,NSX-9,,,\n"                                      // 8 producer
        "OCOP-8,,Short,food,3\n"                                                             // 9 fields
        "OCOP-9,,Hạt sen,food,3,45000,5,NSX-1,,,31/12/2023\n";                               // 10 ok
    const auto plan = planCatalogImport(text, {});
    std::vector<std::size_t> lines;
    for (const auto& p : plan.problems)
        lines.push_back(p.line);
    EXPECT_EQ(lines, (std::vector<std::size_t>{3, 4, 5, 6, 7, 8, 9}));
    ASSERT_EQ(plan.products.size(), 2u);
    EXPECT_EQ(plan.products[0].price, 125000);
    EXPECT_EQ(plan.products[0].certificateExpiry, "2027-03-15");
    EXPECT_EQ(plan.products[1].certificateIssued, "2023-12-31");
    ASSERT_EQ(plan.producers.size(), 1u);
    EXPECT_EQ(plan.producers[0].kind, ProducerKind::Cooperative);

    const auto header = planCatalogImport("code,name,colour\nA,b,c\n", {});
    ASSERT_EQ(header.problems.size(), 1u);
    EXPECT_EQ(header.problems[0].line, 1u);
    EXPECT_TRUE(header.products.empty());
}

TEST(CatalogCsv, ExportImportsBackUnchanged)
{
    const auto demo = makeDemoCatalog(60);
    CatalogSnapshot snap{demo.points, demo.producers, demo.products};
    const auto csv = exportCatalogCsv(snap);
    const auto plan = planCatalogImport(csv, snap);
    EXPECT_TRUE(plan.problems.empty()) << plan.problems[0].line << ": " << plan.problems[0].reason;
    ASSERT_EQ(plan.products.size(), demo.products.size());
    for (std::size_t i = 0; i < demo.products.size(); ++i)
        EXPECT_EQ(toJson(plan.products[i]), toJson(demo.products[i]));
}

} // namespace
