#pragma once
// Shared by the fault suites (`ctest -L faults`): the real `ocop-central`
// as a child process that can be SIGKILLed and restarted on the same
// database and port, a central database on SQLite or on a throwaway
// PostgreSQL (tests/central/central_support.h), terminals driven through the
// real `ocop` binary (tests/e2e/e2e_support.h), bulk outbox filling through
// the terminal's own store, and the exactness check every test ends with:
// the centre's per-point and per-day totals equal the terminals' own reports
// to the đồng, and the centre holds each terminal's outbox exactly once.
#include "central_support.h"
#include "e2e_support.h"

#include "core/cart.h"
#include "core/payment.h"
#include "service/pos_service.h"
#include "sync/central/sql.h"

#include <random>
#include <set>
#include <thread>

namespace faults {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

inline const std::string kCentral = OCOP_CENTRAL_BINARY;

// ------------------------------------------------------------------ backends

enum class Backend { Sqlite, Postgres };

inline std::string backendName(Backend b) { return b == Backend::Sqlite ? "SQLite" : "PostgreSQL"; }

// A fresh central database URL; empty (with a reason) when PostgreSQL cannot run.
inline std::string freshCentralDb(Backend b, const fs::path& dir, std::string* why)
{
    if (b == Backend::Sqlite)
        return "sqlite:" + (dir / "central.db").string();
    auto& pg = central_test::Postgres::get();
    if (!pg.ok()) {
        *why = pg.error();
        return {};
    }
    return pg.createDatabase();
}

// A direct connection to the central database, for checks independent of
// the server's own queries.
inline std::unique_ptr<ocop::central::SqlConnection> openCentralDb(const std::string& url)
{
    if (url.rfind("sqlite:", 0) == 0)
        return ocop::central::openSqlite(url.substr(7));
    return ocop::central::openPostgres(url);
}

// `ocop-central --db DB args...`, expected to succeed.
inline e2e::RunResult admin(const std::string& db, std::vector<std::string> args)
{
    args.insert(args.begin(), {"--db", db});
    auto r = e2e::run(args, kCentral);
    if (!r.exited() || r.exitCode != 0)
        throw std::runtime_error("ocop-central " + args.at(2) + " failed: " + r.describe());
    return r;
}

inline std::string firstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

// ------------------------------------------------------------------ the server

// `ocop-central serve` as a child: SIGKILL it, restart it on the same port.
class Central {
public:
    explicit Central(std::string db, unsigned short port = 0) : m_db(std::move(db)) { start(port); }
    ~Central() { stop(); }
    Central(const Central&) = delete;
    Central& operator=(const Central&) = delete;

    void start(unsigned short port)
    {
        int out[2];
        if (pipe2(out, O_CLOEXEC) != 0)
            throw std::runtime_error("pipe");
        m_log = std::make_unique<central_test::TempDir>();
        std::vector<std::string> args{kCentral, "--db", m_db, "serve", "--listen", "127.0.0.1:" + std::to_string(port),
                                      "--log-level", "warn"};
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        const std::string errPath = *m_log / "stderr";
        posix_spawn_file_actions_addopen(&fa, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int rc = posix_spawn(&m_pid, argv[0], &fa, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        close(out[1]);
        if (rc != 0) {
            close(out[0]);
            throw std::runtime_error("spawn ocop-central failed");
        }
        std::string line;
        const auto deadline = Clock::now() + std::chrono::seconds(30);
        while (line.find('\n') == std::string::npos && Clock::now() < deadline) {
            pollfd p{out[0], POLLIN, 0};
            if (poll(&p, 1, 200) > 0) {
                char buf[256];
                const auto n = read(out[0], buf, sizeof buf);
                if (n <= 0)
                    break;
                line.append(buf, static_cast<std::size_t>(n));
            }
        }
        m_stdout = out[0];
        const std::string prefix = "listening on 127.0.0.1:";
        if (line.rfind(prefix, 0) != 0) {
            stop();
            throw std::runtime_error("ocop-central did not start: '" + line + "' / " + stderrText());
        }
        m_port = static_cast<unsigned short>(std::stoi(line.substr(prefix.size())));
    }

    // SIGKILL: no shutdown, whatever was in flight is cut.
    void kill9()
    {
        if (m_pid <= 0)
            return;
        ::kill(m_pid, SIGKILL);
        int st = 0;
        waitpid(m_pid, &st, 0);
        m_pid = -1;
        closeStdout();
    }

    // Same database, same port (retrying while the port is still held).
    void restart()
    {
        const auto port = m_port;
        kill9();
        for (int i = 0;; ++i) {
            try {
                start(port);
                return;
            } catch (const std::exception&) {
                if (i >= 50)
                    throw;
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
    }

    void stop()
    {
        if (m_pid > 0) {
            ::kill(m_pid, SIGTERM);
            int st = 0;
            bool done = false;
            for (int i = 0; i < 100 && !done; ++i) {
                done = waitpid(m_pid, &st, WNOHANG) == m_pid;
                if (!done)
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            if (!done) {
                ::kill(m_pid, SIGKILL);
                waitpid(m_pid, &st, 0);
            }
            m_pid = -1;
        }
        closeStdout();
    }

    unsigned short port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    const std::string& db() const { return m_db; }
    std::string stderrText() const
    {
        std::ifstream in(*m_log / "stderr");
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

private:
    void closeStdout()
    {
        if (m_stdout >= 0)
            close(m_stdout);
        m_stdout = -1;
    }
    std::string m_db;
    pid_t m_pid = -1;
    int m_stdout = -1;
    unsigned short m_port = 0;
    std::unique_ptr<central_test::TempDir> m_log;
};

// ------------------------------------------------------------------ terminals

inline constexpr int kDemoProducts = 40;

// Sets up the centre: points and the demo catalog the terminals also carry.
inline void prepareCentre(const std::string& db, const std::vector<std::string>& points)
{
    for (const auto& p : points)
        admin(db, {"points", "add", p, "--name", "Điểm bán " + p});
    admin(db, {"catalog", "seed-demo", "--products", std::to_string(kDemoProducts)});
}

// A terminal data directory: `ocop init --demo`, enrolled at `point`.
struct Terminal {
    fs::path dir;
    std::string point;
    std::string terminalId; // the centre's id for it

    json run(std::vector<std::string> args) const { return e2e::ocopJson(dir, std::move(args)); }
    e2e::RunResult raw(std::vector<std::string> args) const { return e2e::ocop(dir, std::move(args)); }

    std::int64_t outboxCount(const std::string& status = "") const
    {
        e2e::ReadOnlyDb db(e2e::dbPath(dir));
        if (status.empty())
            return db.integer("SELECT count(*) FROM outbox");
        return db.integer("SELECT count(*) FROM outbox WHERE status = ?", {status});
    }
    std::set<std::string> outboxUuids() const
    {
        e2e::ReadOnlyDb db(e2e::dbPath(dir));
        std::set<std::string> out;
        for (const auto& r : db.query("SELECT uuid FROM outbox"))
            out.insert(r.at(0));
        return out;
    }
    std::vector<std::string> sellable() const
    {
        e2e::ReadOnlyDb db(e2e::dbPath(dir));
        std::vector<std::string> out;
        for (const auto& r : db.query("SELECT code FROM products p WHERE active = 1 AND (SELECT coalesce(sum(quantity), 0) "
                                      "FROM stock_movements m WHERE m.product_code = p.code) > 20 ORDER BY code"))
            out.push_back(r.at(0));
        if (out.size() < 6) // after bulkSales (negative stock allowed): any active product
            for (const auto& r : db.query("SELECT code FROM products WHERE active = 1 ORDER BY code"))
                out.push_back(r.at(0));
        return out;
    }
};

// Waits until the centre holds more than `count` events of the terminal
// (polling its database), so a kill lands between batches of a running sync.
inline bool waitForCentralEvents(const std::string& db, const std::string& terminalId, std::int64_t count,
                                 std::chrono::milliseconds limit)
{
    auto c = openCentralDb(db);
    const auto until = Clock::now() + limit;
    while (Clock::now() < until) {
        if (c->query("SELECT count(*) FROM events WHERE terminal_id = ?", {terminalId})[0].integer(0) > count)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(3));
    }
    return false;
}

// `ocop --data DIR args...` started in the background.
struct Background {
    e2e::detail::Running proc;
    Background(const fs::path& dir, std::vector<std::string> args)
    {
        args.insert(args.begin(), {"--data", dir.string()});
        e2e::detail::startProcess(e2e::ocopBinary(), e2e::Spawn{args, std::nullopt, {}}, proc);
    }
    void kill9() { ::kill(proc.pid, SIGKILL); }
    int wait()
    {
        int st = 0;
        waitpid(proc.pid, &st, 0);
        close(proc.outFd);
        close(proc.errFd);
        return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
    }
};

inline Terminal makeTerminal(const fs::path& dir, const std::string& db, const std::string& url,
                             const std::string& point)
{
    Terminal t{dir, point, {}};
    const auto init = e2e::ocop(dir, {"init", "--demo", "--products", std::to_string(kDemoProducts)});
    if (init.exitCode != 0)
        throw std::runtime_error("ocop init failed: " + init.describe());
    const auto code = firstLine(admin(db, {"enroll-code", point}).out);
    const auto e = t.run({"enroll", url, code, "--name", dir.filename().string()});
    if (e.at("point_code") != point)
        throw std::runtime_error("enrolled at the wrong point: " + e.dump());
    t.terminalId = e.at("terminal_id").get<std::string>();
    return t;
}

// A varied day at the counter through the real CLI: several lines and
// quantities, every payment method, split payments, cash with change,
// discounts, whole and partial returns. Returns the number of commands run.
inline int sellMix(const Terminal& t, int sales, std::mt19937& rng)
{
    const auto codes = t.sellable();
    if (codes.size() < 6)
        throw std::runtime_error("too few products in stock at " + t.dir.string());
    auto pick = [&] { return codes[rng() % codes.size()]; };
    std::vector<std::string> receipts;
    int commands = 0;
    for (int i = 0; i < sales; ++i) {
        std::vector<std::string> args{"sell"};
        const int lines = 1 + static_cast<int>(rng() % 3);
        std::set<std::string> used;
        for (int l = 0; l < lines; ++l) {
            auto c = pick();
            if (!used.insert(c).second)
                continue;
            const int q = 1 + static_cast<int>(rng() % 3);
            args.push_back(q == 1 ? c : c + "x" + std::to_string(q));
        }
        switch (i % 6) {
        case 0: args.insert(args.end(), {"--pay", "cash:20000000"}); break; // change due
        case 1: args.insert(args.end(), {"--pay", "card"}); break;
        case 2: args.insert(args.end(), {"--pay", "bank_transfer"}); break;
        case 3: args.insert(args.end(), {"--pay", "ewallet:10000", "--pay", "cash"}); break;
        case 4: args.insert(args.end(), {"--discount", "5%", "--pay", "cash"}); break;
        default: args.insert(args.end(), {"--discount", "3000", "--pay", "card:5000", "--pay", "ewallet"}); break;
        }
        const auto s = t.run(args);
        ++commands;
        receipts.push_back(s.at("receipt").get<std::string>());
        if (i % 4 == 3) { // a whole return of an earlier sale
            t.run({"return", receipts[receipts.size() - 2]});
            ++commands;
        } else if (i % 5 == 4) { // a partial return: one unit of the first line
            const auto& line = s.at("lines").at(0);
            t.run({"return", receipts.back(), line.at("code").get<std::string>() + "x1"});
            ++commands;
        }
    }
    return commands;
}

// Fills the outbox fast through the terminal's own store (the same code the
// CLI runs): n sales with varied lines and payments and a return every tenth.
inline void bulkSales(const fs::path& dir, int n, std::uint32_t seed)
{
    auto svc = ocop::PosService::open(dir, ocop::Store::OpenMode::OpenExisting);
    auto& store = svc->store();
    auto s = store.settings();
    s.allowNegativeStock = true;
    store.saveSettings(s);
    std::mt19937 rng(seed);
    std::vector<const ocop::Product*> products;
    for (const auto& p : svc->products())
        if (p.active)
            products.push_back(&p);
    const auto shift = store.openShift() ? store.openShift()->id : store.startShift("U001", 0, ocop::nowMs()).id;
    const ocop::PaymentMethod methods[] = {ocop::PaymentMethod::Cash, ocop::PaymentMethod::Card,
                                           ocop::PaymentMethod::BankTransfer, ocop::PaymentMethod::EWallet};
    for (int i = 0; i < n; ++i) {
        ocop::Cart cart;
        const int lines = 1 + static_cast<int>(rng() % 3);
        for (int l = 0; l < lines; ++l)
            cart.add(*products[rng() % products.size()], 1 + static_cast<std::int64_t>(rng() % 4));
        ocop::SaleDraft d;
        d.cart = &cart;
        d.payments = {{methods[i % 4], cart.totals().total, ""}};
        d.cashierId = "U001";
        d.shiftId = shift;
        const auto sale = store.commitSale(d, ocop::nowMs());
        if (i % 10 == 9) {
            ocop::ReturnDraft r;
            r.originalReceiptNo = sale.receiptNo;
            r.cashierId = "U001";
            r.shiftId = shift;
            store.commitReturn(r, ocop::nowMs());
        }
    }
}

// ------------------------------------------------------------------ the check

struct Totals {
    std::int64_t sales = 0, total = 0, vat = 0, discounts = 0, items = 0, returns = 0, returnsTotal = 0, net = 0;
    bool operator==(const Totals&) const = default;
};

inline std::ostream& operator<<(std::ostream& o, const Totals& t)
{
    return o << "{sales " << t.sales << ", total " << t.total << ", vat " << t.vat << ", discounts " << t.discounts
             << ", items " << t.items << ", returns " << t.returns << ", returns_total " << t.returnsTotal << ", net "
             << t.net << "}";
}

inline Totals totalsFrom(const json& j, bool central)
{
    Totals t;
    t.sales = j.at("sales_count").get<std::int64_t>();
    t.total = j.at("total").get<std::int64_t>();
    t.vat = j.at("vat").get<std::int64_t>();
    t.discounts = j.at("discounts").get<std::int64_t>();
    t.items = j.at(central ? "items_sold" : "items_sold").get<std::int64_t>();
    t.returns = j.at("returns_count").get<std::int64_t>();
    t.returnsTotal = j.at("returns_total").get<std::int64_t>();
    t.net = j.at("net").get<std::int64_t>();
    return t;
}

inline void add(Totals& a, const Totals& b)
{
    a.sales += b.sales;
    a.total += b.total;
    a.vat += b.vat;
    a.discounts += b.discounts;
    a.items += b.items;
    a.returns += b.returns;
    a.returnsTotal += b.returnsTotal;
    a.net += b.net;
}

// Everything sent, everything stored once, totals exact. Call after a
// successful sync of every terminal.
inline void expectExact(const std::string& db, const std::vector<Terminal>& terminals)
{
    // 1. Each terminal's outbox is fully acknowledged, nothing quarantined.
    for (const auto& t : terminals) {
        EXPECT_EQ(t.outboxCount("pending"), 0) << t.dir;
        EXPECT_EQ(t.outboxCount("quarantined"), 0) << t.dir;
    }
    // 2. The centre holds each terminal's events exactly once: same count,
    //    same uuids, no duplicate uuid, no conflict, nothing quarantined.
    auto c = openCentralDb(db);
    for (const auto& t : terminals) {
        const auto rows = c->query("SELECT uuid FROM events WHERE terminal_id = ?", {t.terminalId});
        std::set<std::string> central;
        for (const auto& r : rows)
            central.insert(r.text(0));
        EXPECT_EQ(static_cast<std::int64_t>(rows.size()), t.outboxCount()) << "events at the centre for " << t.dir;
        EXPECT_EQ(central.size(), rows.size()) << "duplicate uuids for " << t.dir;
        EXPECT_TRUE(central == t.outboxUuids()) << "the centre's uuids differ from the outbox of " << t.dir;
        const auto seqs = c->query("SELECT min(seq), max(seq), count(DISTINCT seq) FROM events WHERE terminal_id = ?",
                                   {t.terminalId});
        EXPECT_EQ(seqs[0].integer(0), 1);
        EXPECT_EQ(seqs[0].integer(1), t.outboxCount());
        EXPECT_EQ(seqs[0].integer(2), t.outboxCount());
    }
    EXPECT_EQ(c->query("SELECT uuid FROM events GROUP BY uuid HAVING count(*) > 1").size(), 0u);
    EXPECT_EQ(c->query("SELECT count(*) FROM events WHERE status <> 'applied'")[0].integer(0), 0);
    EXPECT_EQ(c->query("SELECT count(*) FROM event_conflicts")[0].integer(0), 0);
    EXPECT_EQ(c->query("SELECT id FROM sales GROUP BY id HAVING count(*) > 1").size(), 0u);
    c.reset();

    // 3. Per point and day, the centre's report equals the sum of the
    //    terminals' own `report day` for that point and day, to the đồng.
    const auto rep = json::parse(admin(db, {"report", "sales", "--json"}).out);
    std::map<std::pair<std::string, std::string>, Totals> centre;
    std::set<std::string> days{ocop::localIsoDate(ocop::nowMs())};
    for (const auto& d : rep.at("days")) {
        centre[{d.at("point").get<std::string>(), d.at("date").get<std::string>()}] = totalsFrom(d, true);
        days.insert(d.at("date").get<std::string>());
    }
    std::map<std::pair<std::string, std::string>, Totals> local;
    for (const auto& day : days)
        for (const auto& t : terminals) {
            const auto r = t.run({"report", "day", "--date", day});
            EXPECT_EQ(r.at("point"), t.point);
            const auto tt = totalsFrom(r, false);
            if (tt.sales == 0 && tt.returns == 0)
                continue;
            add(local[{t.point, day}], tt);
        }
    EXPECT_EQ(centre.size(), local.size()) << rep.dump();
    for (const auto& [key, want] : local) {
        auto it = centre.find(key);
        if (it == centre.end()) {
            ADD_FAILURE() << "the centre has no row for " << key.first << " " << key.second;
            continue;
        }
        EXPECT_EQ(it->second, want) << "point " << key.first << " day " << key.second;
    }
    // Per point (all days) too.
    std::map<std::string, Totals> localPoint;
    for (const auto& [key, t] : local)
        add(localPoint[key.first], t);
    for (const auto& p : rep.at("points")) {
        const auto& want = localPoint[p.at("point").get<std::string>()];
        EXPECT_EQ(p.at("sales_count").get<std::int64_t>(), want.sales) << p.dump();
        EXPECT_EQ(p.at("total").get<std::int64_t>(), want.total) << p.dump();
        EXPECT_EQ(p.at("vat").get<std::int64_t>(), want.vat) << p.dump();
        EXPECT_EQ(p.at("returns_total").get<std::int64_t>(), want.returnsTotal) << p.dump();
        EXPECT_EQ(p.at("net").get<std::int64_t>(), want.net) << p.dump();
    }
}

// `ocop sync --json` expected to deliver everything.
inline json syncOk(const Terminal& t, int timeoutS = 60)
{
    const auto r = t.raw({"sync", "--json", "--timeout", std::to_string(timeoutS)});
    if (r.exitCode != 0)
        throw std::runtime_error("ocop sync failed: " + r.describe());
    auto j = r.outJson();
    if (j.at("ok") != true || j.at("pending") != 0)
        throw std::runtime_error("ocop sync left work: " + j.dump());
    return j;
}

} // namespace faults
