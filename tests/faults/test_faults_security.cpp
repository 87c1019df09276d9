// Security end to end with the real agent (`ocop sync`) and the real server,
// on SQLite and on PostgreSQL:
//  - a terminal holding another point's token cannot push its events there
//    (403), nothing is stored and the other point's totals do not move;
//  - a terminal whose events claim another point is refused (403) likewise;
//  - no endpoint a terminal can reach returns another point's sales;
//  - a revoked token stops working at once: the next sync fails with 401,
//    without retrying, and keeps every pending event.
#include "faults_support.h"

#include <sqlite3.h>

using namespace faults;

namespace {

// Writes a terminal setting behind the CLI's back (a stolen or swapped token).
void setTerminalSetting(const fs::path& dir, const std::string& key, const std::string& value)
{
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(e2e::dbPath(dir).c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", -1, &st, nullptr),
              SQLITE_OK);
    sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, value.c_str(), -1, SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

std::string terminalSetting(const fs::path& dir, const std::string& key)
{
    e2e::ReadOnlyDb db(e2e::dbPath(dir));
    return db.scalar("SELECT value FROM settings WHERE key = ?", {key});
}

json pointRow(const std::string& db, const std::string& point)
{
    const auto rep = json::parse(admin(db, {"report", "sales", "--json"}).out);
    for (const auto& p : rep.at("points"))
        if (p.at("point") == point)
            return p;
    return json::object();
}

std::int64_t eventsAt(const std::string& db, const std::string& terminalId)
{
    auto c = openCentralDb(db);
    return c->query("SELECT count(*) FROM events WHERE terminal_id = ?", {terminalId})[0].integer(0);
}

} // namespace

class FaultsSecurity : public ::testing::TestWithParam<Backend> {};

TEST_P(FaultsSecurity, ATerminalCannotPushForAnotherPointNorReadItsDataAndRevocationIsImmediate)
{
    e2e::TempDir dir("ocop-faults-sec");
    std::string why;
    const auto db = freshCentralDb(GetParam(), dir.path(), &why);
    if (db.empty())
        GTEST_SKIP() << why;
    prepareCentre(db, {"HN01", "HN02"});
    Central server(db);
    const auto a = makeTerminal(dir / "a", db, server.url(), "HN01");
    const auto b = makeTerminal(dir / "b", db, server.url(), "HN02");
    const auto c = makeTerminal(dir / "c", db, server.url(), "HN01");
    std::mt19937 rng(11);
    for (const auto* t : {&a, &b, &c}) {
        sellMix(*t, 3, rng);
        syncOk(*t);
    }
    expectExact(db, {a, b, c});
    const auto hn02 = pointRow(db, "HN02");
    ASSERT_GT(hn02.at("sales_count").get<std::int64_t>(), 0);
    const auto bEvents = eventsAt(db, b.terminalId);

    // 1. A with B's token: its HN01 events are refused for HN02 as a whole.
    const std::string tokenA = terminalSetting(a.dir, "sync_token");
    const std::string tokenB = terminalSetting(b.dir, "sync_token");
    sellMix(a, 2, rng);
    const auto aEvents = eventsAt(db, a.terminalId);
    setTerminalSetting(a.dir, "sync_token", tokenB);
    auto r = a.raw({"sync", "--json"});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_NE(r.err.find("403"), std::string::npos) << r.describe();
    EXPECT_EQ(eventsAt(db, b.terminalId), bEvents) << "nothing stored under B";
    EXPECT_EQ(eventsAt(db, a.terminalId), aEvents);
    EXPECT_EQ(pointRow(db, "HN02"), hn02) << "HN02's totals did not move";
    EXPECT_GT(a.outboxCount("pending"), 0) << "A keeps its events";
    EXPECT_EQ(a.outboxCount("quarantined"), 0) << "a refusal is not a quarantine";
    setTerminalSetting(a.dir, "sync_token", tokenA);
    syncOk(a);

    // 2. C claims to be at HN02: refused (403), nothing of it stored.
    ASSERT_EQ(c.raw({"config", "set", "point_code", "HN02"}).exitCode, 0);
    const auto cEvents = eventsAt(db, c.terminalId);
    sellMix(c, 1, rng);
    r = c.raw({"sync", "--json"});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_NE(r.err.find("403"), std::string::npos) << r.describe();
    EXPECT_EQ(eventsAt(db, c.terminalId), cEvents);
    EXPECT_EQ(pointRow(db, "HN02"), hn02);

    // 3. Nothing A can ask for returns another point's sales: no read
    //    endpoint for events or reports exists, the catalog holds no sales.
    std::vector<std::string> bReceipts;
    {
        e2e::ReadOnlyDb bdb(e2e::dbPath(b.dir));
        for (const auto& row : bdb.query("SELECT receipt_no FROM sales"))
            bReceipts.push_back(row.at(0));
    }
    ASSERT_FALSE(bReceipts.empty());
    const std::vector<std::string> targets{"/api/v1/events",       "/api/v1/events?point=HN02", "/api/v1/sales",
                                           "/api/v1/report",       "/api/v1/reports/sales",     "/api/v1/catalog",
                                           "/api/v1/catalog?since=0&point=HN02", "/api/v1/terminals", "/metrics"};
    for (const auto& target : targets) {
        central_test::Request q;
        q.target = target;
        q.token = tokenA;
        const auto rep = central_test::send(server.port(), q);
        if (target.rfind("/api/v1/catalog", 0) == 0 || target == "/metrics")
            EXPECT_EQ(rep.status, 200) << target;
        else
            EXPECT_TRUE(rep.status == 404 || rep.status == 405) << target << " -> " << rep.status;
        for (const auto& receipt : bReceipts)
            EXPECT_EQ(rep.body.find(receipt), std::string::npos) << target << " shows HN02's receipt " << receipt;
    }

    // 4. Revoked while the server runs: the very next sync fails with 401,
    //    does not retry, and keeps A's new sales pending.
    const auto before = eventsAt(db, a.terminalId);
    admin(db, {"terminals", "revoke", a.terminalId});
    sellMix(a, 1, rng);
    const auto pending = a.outboxCount("pending");
    ASSERT_GT(pending, 0);
    r = a.raw({"sync", "--json", "--timeout", "30"});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_NE(r.err.find("401"), std::string::npos) << r.describe();
    EXPECT_LT(r.seconds, 5.0) << "a refusal is not retried";
    EXPECT_EQ(a.outboxCount("pending"), pending);
    EXPECT_EQ(eventsAt(db, a.terminalId), before);
    // The old token is dead for every endpoint, the others keep working.
    central_test::Request q;
    q.target = "/api/v1/catalog";
    q.token = tokenA;
    EXPECT_EQ(central_test::send(server.port(), q).status, 401);
    q.token = tokenB;
    EXPECT_EQ(central_test::send(server.port(), q).status, 200);
    sellMix(b, 1, rng);
    syncOk(b);
}

INSTANTIATE_TEST_SUITE_P(Db, FaultsSecurity, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto& info) { return backendName(info.param); });
