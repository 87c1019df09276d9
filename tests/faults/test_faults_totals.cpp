// End to end, real processes on loopback: four terminals (separate data
// dirs, `ocop init --demo`, enrolled with single-use codes) at three sales
// points sell offline through the real CLI — several lines, every payment
// method, split payments, change, discounts, whole and partial returns —
// then sync concurrently. The centre's per-point and per-day totals equal
// each terminal's own `ocop report day` to the đồng, on SQLite and on
// PostgreSQL, and the centre holds each outbox exactly once.
#include "faults_support.h"

using namespace faults;

class FaultsTotals : public ::testing::TestWithParam<Backend> {};

TEST_P(FaultsTotals, FourTerminalsSellOfflineSyncAndTheCentreMatchesToTheDong)
{
    e2e::TempDir dir("ocop-faults-totals");
    std::string why;
    const auto db = freshCentralDb(GetParam(), dir.path(), &why);
    if (db.empty())
        GTEST_SKIP() << why;
    prepareCentre(db, {"HN01", "HN02", "HN03"});
    Central server(db);

    const std::vector<std::pair<std::string, std::string>> plan{
        {"t1", "HN01"}, {"t2", "HN01"}, {"t3", "HN02"}, {"t4", "HN03"}};
    std::vector<Terminal> terminals;
    for (const auto& [name, point] : plan)
        terminals.push_back(makeTerminal(dir / name, db, server.url(), point));

    // Offline: the server is down while the counters work.
    server.stop();
    std::mt19937 rng(20240611);
    for (std::size_t i = 0; i < terminals.size(); ++i)
        sellMix(terminals[i], 6 + static_cast<int>(i), rng);
    for (const auto& t : terminals) {
        const auto r = t.raw({"sync", "--timeout", "2"});
        EXPECT_EQ(r.exitCode, 1) << "no centre, the sync fails cleanly: " << r.describe();
        EXPECT_GT(t.outboxCount("pending"), 0);
    }

    // Back online: every terminal syncs at the same time.
    server.restart(); // same database, same port: the stored URL works again
    std::vector<e2e::Spawn> syncs;
    for (const auto& t : terminals)
        syncs.push_back({{"--data", t.dir.string(), "sync", "--json"}, std::nullopt, {}});
    const auto results = e2e::runAll(syncs);
    for (const auto& r : results) {
        ASSERT_EQ(r.exitCode, 0) << r.describe();
        EXPECT_EQ(r.outJson().at("pending"), 0) << r.out;
    }
    expectExact(db, terminals);

    // A second pass stores nothing again.
    for (const auto& t : terminals) {
        const auto r = t.raw({"sync", "--json"});
        ASSERT_EQ(r.exitCode, 0) << r.describe();
        EXPECT_EQ(r.outJson().at("pushed"), 0);
    }
    expectExact(db, terminals);
}

INSTANTIATE_TEST_SUITE_P(Db, FaultsTotals, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto& info) { return backendName(info.param); });
