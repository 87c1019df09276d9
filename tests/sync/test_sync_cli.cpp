// `ocop enroll` and `ocop sync` as scripts use them: the real binary in its
// own process against an HTTP server in this test process; exit codes 0
// (everything delivered), 1 (centre unreachable, refused, busy) and 2 (bad
// input, not enrolled), one line on stderr, JSON on stdout.
#include "e2e_support.h"
#include "test_server.h"

#include "sync/agent/data_dir_lock.h"

using namespace e2e;
using namespace synctest;

namespace {

struct CliRig {
    CliRig() : server([this](const Request& r) { return central.handle(r); })
    {
        const auto r = e2e::ocop(dir.path(), {"init", "--demo", "--products", "20"});
        if (r.exitCode != 0)
            throw std::runtime_error(r.describe());
    }
    std::int64_t count(const std::string& sql)
    {
        ReadOnlyDb db(dbPath(dir.path()));
        return std::stoll(db.query(sql).at(0).at(0));
    }
    FakeCentral central;
    TestServer server;
    TempDir dir{"ocop-sync-cli"};
};

void expectOneLineFailure(const RunResult& r, int code, const std::string& mention)
{
    ASSERT_TRUE(r.exited()) << r.describe();
    EXPECT_EQ(r.exitCode, code) << r.describe();
    const auto lines = r.errLines();
    ASSERT_EQ(lines.size(), 1u) << r.describe();
    EXPECT_NE(lines[0].find(mention), std::string::npos) << r.describe();
}

} // namespace

TEST(SyncCli, RefusesToSyncBeforeEnrolmentAndMalformedUrls)
{
    CliRig rig;
    auto r = e2e::ocop(rig.dir.path(), {"sync", "--json"});
    expectOneLineFailure(r, 2, "enroll");
    EXPECT_TRUE(r.out.empty());
    r = e2e::ocop(rig.dir.path(), {"sync", "--server", "localhost:8080"});
    expectOneLineFailure(r, 2, "malformed server URL");
    r = e2e::ocop(rig.dir.path(), {"enroll", "ftp://central.example", "GOOD-CODE"});
    expectOneLineFailure(r, 2, "malformed server URL");
    r = e2e::ocop(rig.dir.path(), {"enroll", "http://10.1.2.3:8080", "GOOD-CODE"});
    expectOneLineFailure(r, 2, "https");
    r = e2e::ocop(rig.dir.path(), {"enroll", rig.server.url()});
    expectOneLineFailure(r, 2, "usage");
    r = e2e::ocop(rig.dir.path(), {"sync", "--timeout", "0"});
    expectOneLineFailure(r, 2, "--timeout");
    EXPECT_TRUE(rig.server.requests().empty()) << "bad input never reaches the centre";
}

TEST(SyncCli, EnrolsSellsAndSyncsEverything)
{
    CliRig rig;
    auto r = e2e::ocop(rig.dir.path(), {"enroll", rig.server.url(), "USED-CODE"});
    expectOneLineFailure(r, 2, "refused the enrolment");

    const auto e = ocopJson(rig.dir.path(), {"enroll", rig.server.url(), "GOOD-CODE", "--name", "Quầy 2"});
    EXPECT_EQ(e.at("point_code"), "HN02");
    EXPECT_EQ(e.at("terminal_code"), "T7");
    EXPECT_EQ(e.at("codes_adopted"), true);
    EXPECT_EQ(json::parse(rig.server.requests().back().body).at("terminal_name"), "Quầy 2");
    EXPECT_EQ(e.dump().find(rig.central.token), std::string::npos) << "the token is never printed";

    std::string code;
    {
        ReadOnlyDb db(dbPath(rig.dir.path()));
        code = db.query("SELECT code FROM products p WHERE active = 1 AND (SELECT sum(quantity) FROM "
                        "stock_movements m WHERE m.product_code = p.code) > 0 ORDER BY code LIMIT 1")
                   .at(0)
                   .at(0);
    }
    const auto sale = ocopJson(rig.dir.path(), {"sell", code, "--pay", "cash"});
    EXPECT_EQ(sale.at("receipt").get<std::string>().rfind("HN02-T7-", 0), 0u) << sale.dump();
    const auto total = rig.count("SELECT count(*) FROM outbox");

    const auto s = ocopJson(rig.dir.path(), {"sync"});
    EXPECT_EQ(s.at("ok"), true);
    EXPECT_EQ(s.at("pushed"), total);
    EXPECT_EQ(s.at("acked_through"), total);
    EXPECT_EQ(s.at("pending"), 0);
    EXPECT_EQ(s.at("quarantined"), 0);
    EXPECT_TRUE(s.at("catalog_version").is_number_integer());
    EXPECT_TRUE(s.at("clock_offset_ms").is_number_integer());
    EXPECT_EQ(rig.central.stored().size(), static_cast<std::size_t>(total));
    EXPECT_EQ(rig.count("SELECT count(*) FROM outbox WHERE status = 'acked'"), total);

    // Human output, and nothing more to do.
    r = e2e::ocop(rig.dir.path(), {"sync"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_NE(r.out.find("pushed 0 events"), std::string::npos) << r.describe();
}

TEST(SyncCli, AnUnreachableCentreFailsWithinTheTimeoutAndLosesNothing)
{
    CliRig rig;
    ocopJson(rig.dir.path(), {"enroll", rig.server.url(), "GOOD-CODE"});
    const auto url = rig.server.url();
    rig.server.stop();
    const auto pending = rig.count("SELECT count(*) FROM outbox WHERE status = 'pending'");
    const auto r = e2e::ocop(rig.dir.path(), {"sync", "--json", "--timeout", "2"});
    expectOneLineFailure(r, 1, "cannot reach the centre");
    EXPECT_LT(r.seconds, 6.0);
    const auto j = r.outJson();
    EXPECT_EQ(j.at("ok"), false);
    EXPECT_EQ(j.at("outcome"), "transport_failed");
    EXPECT_EQ(j.at("pending"), pending);
    EXPECT_EQ(rig.count("SELECT count(*) FROM outbox WHERE status = 'pending'"), pending);
    (void)url;
}

TEST(SyncCli, ARevokedTokenAndABusyDataDirectoryAreFailuresNotBadInput)
{
    CliRig rig;
    ocopJson(rig.dir.path(), {"enroll", rig.server.url(), "GOOD-CODE"});
    {
        ocop::sync::DataDirLock held(rig.dir.path());
        ASSERT_TRUE(held.locked());
        const auto r = e2e::ocop(rig.dir.path(), {"sync"});
        expectOneLineFailure(r, 1, "another sync is running");
    }
    rig.central.token = "rotated-at-the-centre";
    const auto before = rig.server.requests().size();
    const auto r = e2e::ocop(rig.dir.path(), {"sync"});
    expectOneLineFailure(r, 1, "401");
    EXPECT_EQ(rig.server.requests().size(), before + 1) << "one try, no hammering";
}
