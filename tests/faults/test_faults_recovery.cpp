// Faults between a terminal and the centre, real processes on loopback, on
// SQLite and on PostgreSQL. After each fault and a recovery sync the totals
// are exact and no event is stored twice (faults_support.h: expectExact).
//  - the server is SIGKILLed while a sync of thousands of events is running,
//    then restarted on the same database and port;
//  - a proxy between agent and server: cuts the connection after the server
//    replied (committed, reply never read), sends every batch twice and an
//    older batch again after a newer one, holds replies past the agent's
//    timeout, answers 500 itself (before and after the server committed);
//  - `ocop sync` is SIGKILLed mid-sync, then run again.
#include "faults_support.h"
#include "http_proxy.h"

using namespace faults;
using namespace std::chrono_literals;
using Action = HttpProxy::Action;

namespace {

std::int64_t centralEventCount(const std::string& db, const std::string& terminalId)
{
    auto c = openCentralDb(db);
    return c->query("SELECT count(*) FROM events WHERE terminal_id = ?", {terminalId})[0].integer(0);
}

// The centre's counter of identical replays it acknowledged without change.
std::int64_t duplicatesSeen(unsigned short port)
{
    const auto body = central_test::send(port, {"GET", "/metrics", "", {}, ""}).body;
    const std::string key = "\nocop_events_duplicate_total ";
    const auto at = body.find(key);
    return at == std::string::npos ? -1 : std::stoll(body.substr(at + key.size()));
}

struct Rig {
    e2e::TempDir dir{"ocop-faults"};
    std::string db;
    std::unique_ptr<Central> server;
    std::vector<Terminal> terminals;

    bool open(Backend b, int terminalCount, std::string* why)
    {
        db = freshCentralDb(b, dir.path(), why);
        if (db.empty())
            return false;
        prepareCentre(db, {"HN01", "HN02"});
        server = std::make_unique<Central>(db);
        for (int i = 0; i < terminalCount; ++i)
            terminals.push_back(makeTerminal(dir / ("t" + std::to_string(i + 1)), db, server->url(),
                                             i % 2 == 0 ? "HN01" : "HN02"));
        return true;
    }
};

} // namespace

class FaultsRecovery : public ::testing::TestWithParam<Backend> {};

TEST_P(FaultsRecovery, ServerKilledMidBatchThenRestartedLosesNothingAndStoresNothingTwice)
{
    Rig rig;
    std::string why;
    if (!rig.open(GetParam(), 2, &why))
        GTEST_SKIP() << why;
    auto& t = rig.terminals[0];
    std::mt19937 rng(std::random_device{}());
    sellMix(rig.terminals[1], 3, rng);
    syncOk(rig.terminals[1]);

    int midway = 0;
    for (int round = 0; round < 3; ++round) {
        bulkSales(t.dir, round == 0 ? 2000 : 800, rng());
        const auto total = t.outboxCount();
        const auto before = centralEventCount(rig.db, t.terminalId);
        // The sync runs in its own process; the server dies under it once
        // the first batch is committed, a few random ms into the next.
        std::thread sync([&] { (void)t.raw({"sync", "--json", "--timeout", "30"}); });
        const bool started = waitForCentralEvents(rig.db, t.terminalId, before, 20s);
        const auto delay = std::chrono::milliseconds(rng() % 40);
        std::this_thread::sleep_for(delay);
        rig.server->kill9();
        const auto stored = centralEventCount(rig.db, t.terminalId);
        if (started && stored > before && stored < total)
            ++midway;
        std::printf("[ faults ] round %d: killed %lld ms after the first commit with %lld of %lld events stored\n",
                    round, static_cast<long long>(delay.count()), static_cast<long long>(stored),
                    static_cast<long long>(total));
        std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 500));
        rig.server->restart();
        sync.join();
        syncOk(t);
        syncOk(rig.terminals[1]);
        expectExact(rig.db, rig.terminals);
        if (HasFailure())
            return;
    }
    // The point of the test: at least one kill cut a sync between batches.
    EXPECT_GE(midway, 1);
}

TEST_P(FaultsRecovery, ConnectionCutAfterTheServerCommittedIsRetriedAndStoredOnce)
{
    Rig rig;
    std::string why;
    if (!rig.open(GetParam(), 1, &why))
        GTEST_SKIP() << why;
    auto& t = rig.terminals[0];
    bulkSales(t.dir, 1200, 7);
    HttpProxy proxy(rig.server->port(), [](const std::string& m, const std::string& p, int i) {
        return m == "POST" && p == "/api/v1/events" && (i == 0 || i == 2) ? Action::CutAfterReply : Action::Forward;
    });
    const auto dupBefore = duplicatesSeen(rig.server->port());
    const auto r = t.raw({"sync", "--json", "--server", proxy.url(), "--timeout", "60"});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(proxy.cut.load(), 2);
    // The two lost replies were for committed batches: the retries were
    // replays, acknowledged without storing anything again.
    EXPECT_GE(duplicatesSeen(rig.server->port()) - dupBefore, 2 * 500);
    expectExact(rig.db, rig.terminals);
}

TEST_P(FaultsRecovery, DuplicatedAndReorderedRequestsAreNoOps)
{
    Rig rig;
    std::string why;
    if (!rig.open(GetParam(), 1, &why))
        GTEST_SKIP() << why;
    auto& t = rig.terminals[0];
    bulkSales(t.dir, 1200, 8);
    std::mt19937 rng(3);
    sellMix(t, 3, rng);
    // Every batch twice (same bytes), and from the second on the previous
    // batch's bytes again after the newer one (an old request arriving late).
    HttpProxy proxy(rig.server->port(), [](const std::string& m, const std::string& p, int i) {
        if (m != "POST" || p != "/api/v1/events")
            return Action::Forward;
        return i % 2 == 0 ? Action::Duplicate : Action::ReplayPrevious;
    });
    const auto r = t.raw({"sync", "--json", "--server", proxy.url()});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_GE(proxy.applied.load(), 3);
    EXPECT_GT(proxy.upstreamRequests.load(), proxy.requests.load());
    expectExact(rig.db, rig.terminals);
    // And once more after everything is acknowledged: a stale replay now.
    sellMix(t, 2, rng);
    const auto r2 = t.raw({"sync", "--json", "--server", proxy.url()});
    ASSERT_EQ(r2.exitCode, 0) << r2.describe();
    expectExact(rig.db, rig.terminals);
}

TEST_P(FaultsRecovery, RepliesSlowerThanTheAgentsTimeoutThenRecovery)
{
    Rig rig;
    std::string why;
    if (!rig.open(GetParam(), 1, &why))
        GTEST_SKIP() << why;
    auto& t = rig.terminals[0];
    bulkSales(t.dir, 700, 9);
    std::atomic<bool> slow{true};
    HttpProxy proxy(
        rig.server->port(),
        [&](const std::string& m, const std::string& p, int) {
            return slow && m == "POST" && p == "/api/v1/events" ? Action::Delay : Action::Forward;
        },
        4000ms);
    const auto r = t.raw({"sync", "--json", "--server", proxy.url(), "--timeout", "2"});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_LT(r.seconds, 10.0) << "the agent gave up within its budget";
    // The server committed what it received; the terminal still holds it as pending.
    EXPECT_GT(centralEventCount(rig.db, t.terminalId), 0);
    EXPECT_GT(t.outboxCount("pending"), 0);
    slow = false;
    const auto r2 = t.raw({"sync", "--json", "--server", proxy.url(), "--timeout", "60"});
    ASSERT_EQ(r2.exitCode, 0) << r2.describe();
    expectExact(rig.db, rig.terminals);
}

TEST_P(FaultsRecovery, Http500FromTheProxyBeforeAndAfterTheServerCommittedIsRetried)
{
    Rig rig;
    std::string why;
    if (!rig.open(GetParam(), 1, &why))
        GTEST_SKIP() << why;
    auto& t = rig.terminals[0];
    bulkSales(t.dir, 1100, 10);
    HttpProxy proxy(rig.server->port(), [](const std::string& m, const std::string& p, int i) {
        if (m != "POST" || p != "/api/v1/events")
            return Action::Forward;
        if (i < 2)
            return Action::Error500; // never reached the server
        if (i == 2 || i == 4)
            return Action::Error500AfterForward; // stored, but the agent hears 500
        return Action::Forward;
    });
    const auto r = t.raw({"sync", "--json", "--server", proxy.url(), "--timeout", "60"});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(r.outJson().at("pending"), 0);
    EXPECT_EQ(proxy.applied.load(), 4);
    expectExact(rig.db, rig.terminals);
}

TEST_P(FaultsRecovery, TerminalKilledMidSyncThenSyncedAgain)
{
    Rig rig;
    std::string why;
    if (!rig.open(GetParam(), 1, &why))
        GTEST_SKIP() << why;
    auto& t = rig.terminals[0];
    std::mt19937 rng(std::random_device{}());
    for (int round = 0; round < 3; ++round) {
        bulkSales(t.dir, round == 0 ? 2000 : 800, rng());
        const auto before = centralEventCount(rig.db, t.terminalId);
        const auto total = t.outboxCount();
        Background sync(t.dir, {"sync", "--json"});
        // SIGKILL once the first batch is committed, a few random ms later.
        waitForCentralEvents(rig.db, t.terminalId, before, 20s);
        const auto delay = std::chrono::milliseconds(rng() % 40);
        std::this_thread::sleep_for(delay);
        sync.kill9();
        const int rc = sync.wait();
        std::printf("[ faults ] round %d: sync %s %lld ms after the first commit; %lld of %lld pending\n", round,
                    rc < 0 ? "killed" : "had finished", static_cast<long long>(delay.count()),
                    static_cast<long long>(t.outboxCount("pending")), static_cast<long long>(total));
        // The lock died with the process: the next sync runs, and finishes the job.
        syncOk(t);
        expectExact(rig.db, rig.terminals);
        if (HasFailure())
            return;
    }
}

INSTANTIATE_TEST_SUITE_P(Db, FaultsRecovery, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto& info) { return backendName(info.param); });
