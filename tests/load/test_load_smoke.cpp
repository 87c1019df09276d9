// Smoke run of the load generator (`ctest -L load`): 50 terminals enrol and
// push 3 batches of 20 sales each over keep-alive connections against a real
// `ocop-central` it starts, on SQLite and on PostgreSQL. No timing
// assertions: 0 errors, and the database holds exactly what was sent.
#include "central_support.h"

using namespace central_test;

namespace {

json runLoadgen(const std::string& db, const std::vector<std::string>& extra, RunResult& r)
{
    std::string cmd = shellQuote(OCOP_LOADGEN_BINARY) + " --db " + shellQuote(db);
    for (const auto& a : extra)
        cmd += " " + shellQuote(a);
    TempDir tmp;
    const int rc = std::system((cmd + " >" + tmp / "out" + " 2>" + tmp / "err").c_str());
    r.exitCode = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    std::ifstream o(tmp / "out"), e(tmp / "err");
    std::stringstream so, se;
    so << o.rdbuf();
    se << e.rdbuf();
    r.out = so.str();
    r.err = se.str();
    return json::parse(r.out, nullptr, false);
}

void smoke(const std::string& db)
{
    RunResult r;
    const auto j = runLoadgen(db, {"--terminals", "50", "--batches", "3", "--events", "20", "--points", "5",
                                   "--spread-ms", "500", "--interval-ms", "100"},
                              r);
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    ASSERT_FALSE(j.is_discarded()) << r.describe();
    EXPECT_EQ(j.at("errors"), 0) << j.dump(2);
    EXPECT_EQ(j.at("requests"), 50 + 50 * 3);
    EXPECT_EQ(j.at("events").at("count"), 150);
    EXPECT_EQ(j.at("events").at("events_acked"), 50 * 3 * 20);
    EXPECT_EQ(j.at("stored").at("events"), 50 * 3 * 20);
    EXPECT_EQ(j.at("stored").at("terminals"), 50);
    EXPECT_EQ(j.at("stored").at("exact"), true);
    EXPECT_GT(j.at("p99_ms").get<double>(), 0.0);
    // The sales themselves arrived: the centre's report counts every one.
    const auto rep = runCentral({"--db", db, "report", "sales", "--json"});
    ASSERT_EQ(rep.exitCode, 0) << rep.describe();
    EXPECT_EQ(json::parse(rep.out).at("total").at("sales_count"), 50 * 3 * 20);
}

} // namespace

TEST(LoadSmoke, FiftyTerminalsOnSqlite)
{
    TempDir dir;
    smoke("sqlite:" + dir / "central.db");
}

TEST(LoadSmoke, FiftyTerminalsOnPostgres)
{
    auto& pg = Postgres::get();
    if (!pg.ok())
        GTEST_SKIP() << pg.error();
    smoke(pg.createDatabase());
}
