// End to end with the real central server: `ocop-central` on SQLite in its
// own process on loopback, two terminals (separate data dirs, the real `ocop`
// binary) enrol, sell offline, sync; the centre's per-point, per-day totals
// equal the terminals' own reports, a second sync stores nothing twice, a
// revoked token stops the next sync with exit 1.
#include "e2e_support.h"

#include <csignal>

using namespace e2e;

namespace {

const std::string kCentral = OCOP_CENTRAL_BINARY;

// `ocop-central serve` in the background; the first stdout line names the port.
class CentralServer {
public:
    explicit CentralServer(const std::string& db)
    {
        int out[2];
        if (pipe(out) != 0)
            throw std::runtime_error("pipe");
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_addclose(&fa, out[0]);
        std::vector<std::string> args{kCentral, "--db", db, "serve", "--listen", "127.0.0.1:0"};
        std::vector<char*> argv;
        for (auto& s : args)
            argv.push_back(s.data());
        argv.push_back(nullptr);
        if (posix_spawn(&m_pid, kCentral.c_str(), &fa, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("cannot start " + kCentral);
        posix_spawn_file_actions_destroy(&fa);
        close(out[1]);
        std::string line;
        char c;
        pollfd p{out[0], POLLIN, 0};
        const auto until = Clock::now() + std::chrono::seconds(20);
        while (Clock::now() < until && poll(&p, 1, 200) >= 0) {
            if (!(p.revents & (POLLIN | POLLHUP)))
                continue;
            if (read(out[0], &c, 1) != 1)
                break;
            if (c == '\n')
                break;
            line += c;
        }
        m_fd = out[0];
        const std::string prefix = "listening on ";
        if (line.rfind(prefix, 0) != 0)
            throw std::runtime_error("ocop-central did not say where it listens: '" + line + "'");
        url = "http://" + line.substr(prefix.size());
    }
    ~CentralServer()
    {
        kill(m_pid, SIGTERM);
        int st = 0;
        waitpid(m_pid, &st, 0);
        close(m_fd);
    }
    std::string url;

private:
    pid_t m_pid = -1;
    int m_fd = -1;
};

RunResult central(const std::string& db, std::vector<std::string> args)
{
    args.insert(args.begin(), {"--db", db});
    return run(args, kCentral);
}

std::string firstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

} // namespace

TEST(SyncCentral, TwoTerminalsSellOfflineSyncAndTheCentreTotalsMatchToTheDong)
{
    TempDir dir("ocop-sync-central");
    const std::string db = "sqlite:" + (dir / "central.db").string();
    ASSERT_EQ(central(db, {"points", "add", "HN01", "--name", "Điểm bán Hoàn Kiếm"}).exitCode, 0);
    const auto seeded = central(db, {"catalog", "seed-demo", "--products", "40"});
    ASSERT_EQ(seeded.exitCode, 0) << seeded.describe();
    CentralServer server(db);

    std::vector<fs::path> terminals{dir / "t1", dir / "t2"};
    for (const auto& t : terminals) {
        ASSERT_EQ(ocop(t, {"init", "--demo", "--products", "40"}).exitCode, 0);
        const auto code = central(db, {"enroll-code", "HN01"});
        ASSERT_EQ(code.exitCode, 0) << code.describe();
        const auto e = ocopJson(t, {"enroll", server.url, firstLine(code.out), "--name", t.filename().string()});
        EXPECT_EQ(e.at("point_code"), "HN01");
        // The code is single-use.
        const auto again = ocop(t, {"enroll", server.url, firstLine(code.out)});
        EXPECT_EQ(again.exitCode, 2) << again.describe();
    }
    // Offline-style: sales first, sync later.
    for (const auto& t : terminals) {
        ReadOnlyDb tdb(dbPath(t));
        const auto rows = tdb.query("SELECT code FROM products p WHERE active = 1 AND (SELECT sum(quantity) FROM "
                                    "stock_movements m WHERE m.product_code = p.code) > 3 ORDER BY code LIMIT 3");
        ASSERT_EQ(rows.size(), 3u);
        ocopJson(t, {"sell", rows[0][0] + "x2", rows[1][0], "--pay", "cash"});
        ocopJson(t, {"sell", rows[2][0], "--pay", "card"});
        const auto sold = ocopJson(t, {"sell", rows[1][0], "--pay", "cash"});
        ocopJson(t, {"return", sold.at("receipt").get<std::string>()});
    }
    std::int64_t sales = 0, total = 0, net = 0;
    std::string day;
    for (const auto& t : terminals) {
        const auto s = ocopJson(t, {"sync"});
        EXPECT_EQ(s.at("ok"), true) << s.dump();
        EXPECT_EQ(s.at("pending"), 0);
        EXPECT_EQ(s.at("quarantined"), 0) << s.dump();
        EXPECT_GT(s.at("catalog_version").get<std::int64_t>(), 0) << "the centre's catalog arrived";
        const auto r = ocopJson(t, {"report", "day"});
        sales += r.at("sales_count").get<std::int64_t>();
        total += r.at("total").get<std::int64_t>();
        net += r.at("net").get<std::int64_t>();
        day = r.at("date");
        // Nothing left, nothing stored twice.
        const auto s2 = ocopJson(t, {"sync"});
        EXPECT_EQ(s2.at("pushed"), 0);
    }
    const auto rep = central(db, {"report", "sales", "--json"});
    ASSERT_EQ(rep.exitCode, 0) << rep.describe();
    const auto j = json::parse(rep.out);
    bool found = false;
    for (const auto& d : j.at("days")) {
        if (d.at("point") != "HN01" || d.at("date") != day)
            continue;
        found = true;
        EXPECT_EQ(d.at("sales_count").get<std::int64_t>(), sales);
        EXPECT_EQ(d.at("total").get<std::int64_t>(), total);
        EXPECT_EQ(d.at("net").get<std::int64_t>(), net);
    }
    EXPECT_TRUE(found) << rep.out;

    // Revoked at the centre: the next sync fails at once, clearly, exit 1.
    const auto list = central(db, {"terminals", "list", "--json"});
    ASSERT_EQ(list.exitCode, 0) << list.describe();
    const auto ts = json::parse(list.out);
    ASSERT_FALSE(ts.empty());
    const auto revoke = central(db, {"terminals", "revoke", ts.at(0).at("id").get<std::string>()});
    ASSERT_EQ(revoke.exitCode, 0) << revoke.describe();
    bool someoneRefused = false;
    for (const auto& t : terminals) {
        ocopJson(t, {"shift", "status"});
        ReadOnlyDb tdb(dbPath(t));
        const auto rows = tdb.query("SELECT code FROM products p WHERE active = 1 AND (SELECT sum(quantity) FROM "
                                    "stock_movements m WHERE m.product_code = p.code) > 3 ORDER BY code LIMIT 1");
        ocopJson(t, {"sell", rows.at(0).at(0), "--pay", "cash"});
        const auto r = ocop(t, {"sync"});
        if (r.exitCode == 1) {
            someoneRefused = true;
            EXPECT_EQ(r.errLines().size(), 1u) << r.describe();
            EXPECT_NE(r.err.find("401"), std::string::npos) << r.describe();
        } else {
            EXPECT_EQ(r.exitCode, 0) << r.describe();
        }
    }
    EXPECT_TRUE(someoneRefused);
}

// The sales point's bank account is published by the centre: a terminal of
// that point makes its VietQR codes for it after the next sync, and follows
// a change; a bad account is refused at the centre and changes nothing.
TEST(SyncCentral, ThePointsBankAccountComesFromTheCentre)
{
    TempDir dir("ocop-sync-bank");
    const std::string db = "sqlite:" + (dir / "central.db").string();
    auto r = central(db, {"points", "add", "HN01", "--name", "Điểm bán Hoàn Kiếm", "--bank-bin", "970436",
                          "--bank-account", "0011001234567", "--bank-name", "DIEM BAN OCOP HN01"});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    // Refused before anything is stored: a BIN of 5 digits, an account with a space.
    r = central(db, {"points", "add", "HN02", "--name", "x", "--bank-bin", "97043", "--bank-account", "1"});
    EXPECT_EQ(r.exitCode, 2) << r.describe();
    EXPECT_EQ(r.errLines().size(), 1u) << r.describe();
    EXPECT_NE(r.err.find("BIN"), std::string::npos) << r.describe();
    r = central(db, {"points", "list", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(json::parse(r.out).size(), 1u);
    CentralServer server(db);

    const fs::path t = dir / "t1";
    ASSERT_EQ(ocop(t, {"init", "--demo", "--products", "40"}).exitCode, 0);
    const auto code = central(db, {"enroll-code", "HN01"});
    ASSERT_EQ(code.exitCode, 0) << code.describe();
    ocopJson(t, {"enroll", server.url, firstLine(code.out)});
    EXPECT_EQ(ocopJson(t, {"sync"}).at("ok"), true);
    auto qr = ocopJson(t, {"vietqr", "--amount", "125000", "--ref", "HN01-T1-000001"});
    EXPECT_EQ(qr.at("bank_bin"), "970436");
    EXPECT_EQ(qr.at("account"), "0011001234567");

    r = central(db, {"points", "bank", "HN01", "--bank-bin", "970415", "--bank-account", "113366668888"});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(ocopJson(t, {"sync"}).at("ok"), true);
    qr = ocopJson(t, {"vietqr", "--amount", "125000"});
    EXPECT_EQ(qr.at("bank_bin"), "970415");
    EXPECT_EQ(qr.at("account"), "113366668888");

    for (const auto& bad : std::vector<std::vector<std::string>>{
             {"points", "bank", "HN01", "--bank-bin", "970415", "--bank-account", "11 33"},
             {"points", "bank", "HN01", "--bank-bin", "9704150", "--bank-account", "1133"},
             {"points", "bank", "HN01", "--bank-account", "1133"},
             {"points", "bank", "NOPE", "--bank-bin", "970415", "--bank-account", "1133"}}) {
        r = central(db, bad);
        EXPECT_EQ(r.exitCode, 2) << r.describe();
        EXPECT_EQ(r.errLines().size(), 1u) << r.describe();
    }
    EXPECT_EQ(ocopJson(t, {"sync"}).at("ok"), true);
    qr = ocopJson(t, {"vietqr", "--amount", "1000"});
    EXPECT_EQ(qr.at("bank_bin"), "970415");
    EXPECT_EQ(qr.at("account"), "113366668888");
}
