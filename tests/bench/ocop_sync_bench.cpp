// ocop-sync-bench: the central server and the sync agent against their targets.
//
//   ingest, sale.completed events into PostgreSQL, batches of 500   >= 20,000 events/s
//   catch-up: a terminal with 10,000 pending events syncs in full   < 10 s
//
// What it measures (every figure on this machine, in this run):
//   ingest/<backend>/store  CentralStore::ingest directly (the storage path)
//   ingest/<backend>/http   the real `ocop-central serve` process on 127.0.0.1,
//                           gzipped POST /api/v1/events over one keep-alive
//                           connection (end to end: HTTP, gunzip, JSON, store)
//   floor/<backend>         a bare INSERT of 500 rows (the same events' raw JSON)
//                           in one transaction into a one-table schema on the
//                           same backend: the cheapest durable batch it allows.
//                           ratio = ingest batch time / floor batch time.
//   catchup/sqlite          a demo terminal (PosService::initDemo, negative
//                           stock allowed) enrolled with a real ocop-central on
//                           SQLite sells until 10,000 events are pending, then
//                           one pass of the real agent (syncDataDir ->
//                           SyncSession) pushes them all; seconds for the pass.
//
// Events are realistic sale.completed payloads: 5 lines from the demo catalog,
// cash + bank transfer, made with the core's toJson(Sale). Backends are durable
// as in production: SQLite WAL with synchronous=FULL; PostgreSQL 15 started
// here (initdb as the `postgres` user into a temp dir, unix socket only) with
// its defaults: fsync on, synchronous_commit on.
//
// Output: one JSON document on stdout, then a summary block with PASS/MISS
// against each target. Options:
//   --quick            tiny sizes (2 batches, 300 catch-up events): a smoke run
//   --batches=N        batches of 500 per ingest measurement (default 20)
//   --batch-size=N     events per batch (default 500)
//   --catchup=N        pending events for the catch-up (default 10000)
//   --no-postgres      skip PostgreSQL
//   --only=LIST        comma list of: store,http,floor,catchup (default all)
//   --bench-dir=DIR    where databases and data dirs go (default $TMPDIR or /tmp)
//   --json=FILE        also write the JSON document to FILE
#include "core/cart.h"
#include "core/demo_catalog.h"
#include "core/events.h"
#include "core/sale.h"
#include "core/timeutil.h"
#include "core/uuid.h"
#include "service/pos_service.h"
#include "store/store.h"
#include "sync/agent/http_client.h"
#include "sync/agent/sync_session.h"
#include "sync/central/central_store.h"
#include "sync/central/gzip.h"
#include "sync/protocol/wire.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <libpq-fe.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;
using namespace ocop;

namespace {

constexpr double kIngestTargetPg = 20'000.0; // events/s
constexpr double kCatchupTargetS = 10.0;

struct Options {
    bool quick = false;
    bool postgres = true;
    int batches = 20;
    int batchSize = 500;
    int catchup = 10'000;
    std::vector<std::string> only{"store", "http", "floor", "catchup"};
    fs::path benchDir;
    std::string jsonFile;
};
Options g_opt;

bool wanted(const std::string& what) { return std::find(g_opt.only.begin(), g_opt.only.end(), what) != g_opt.only.end(); }

[[noreturn]] void usageError(const std::string& what)
{
    std::fprintf(stderr, "ocop-sync-bench: %s\n", what.c_str());
    std::exit(2);
}

int intArg(const std::string& name, const std::string& v, int min, int max)
{
    char* end = nullptr;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end || n < min || n > max)
        usageError(name + " takes a number from " + std::to_string(min) + " to " + std::to_string(max));
    return static_cast<int>(n);
}

void parseOptions(int argc, char** argv)
{
    bool batchesSet = false, catchupSet = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const std::string& name) -> std::optional<std::string> {
            if (a.rfind(name + "=", 0) == 0)
                return a.substr(name.size() + 1);
            if (a == name) {
                if (i + 1 >= argc)
                    usageError(name + " needs a value");
                return std::string(argv[++i]);
            }
            return std::nullopt;
        };
        if (a == "--quick")
            g_opt.quick = true;
        else if (a == "--no-postgres")
            g_opt.postgres = false;
        else if (auto v = value("--batches")) {
            g_opt.batches = intArg("--batches", *v, 1, 100000);
            batchesSet = true;
        } else if (auto v = value("--batch-size"))
            g_opt.batchSize = intArg("--batch-size", *v, 1, static_cast<int>(wire::kMaxBatchEvents));
        else if (auto v = value("--catchup")) {
            g_opt.catchup = intArg("--catchup", *v, 1, 10'000'000);
            catchupSet = true;
        } else if (auto v = value("--only")) {
            g_opt.only.clear();
            std::stringstream ss(*v);
            std::string item;
            while (std::getline(ss, item, ','))
                if (item == "store" || item == "http" || item == "floor" || item == "catchup")
                    g_opt.only.push_back(item);
                else
                    usageError("--only takes store,http,floor,catchup");
        } else if (auto v = value("--bench-dir"))
            g_opt.benchDir = *v;
        else if (auto v = value("--json"))
            g_opt.jsonFile = *v;
        else if (a == "--help" || a == "-h") {
            std::printf("usage: ocop-sync-bench [--quick] [--batches=N] [--batch-size=N] [--catchup=N] "
                        "[--no-postgres] [--only=store,http,floor,catchup] [--bench-dir=DIR] [--json=FILE]\n");
            std::exit(0);
        } else
            usageError("unknown option " + a + " (see --help)");
    }
    if (g_opt.quick) {
        if (!batchesSet)
            g_opt.batches = 2;
        if (!catchupSet)
            g_opt.catchup = 300;
    }
    if (g_opt.benchDir.empty()) {
        std::error_code ec;
        g_opt.benchDir = fs::temp_directory_path(ec);
        if (ec)
            g_opt.benchDir = "/tmp";
    }
}

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

double processCpuS()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string loadAverage()
{
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen + " on " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " CPUs";
}

std::string shellQuote(const std::string& s)
{
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

int shell(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& tag)
    {
        std::error_code ec;
        fs::create_directories(g_opt.benchDir, ec);
        std::string tmpl = (g_opt.benchDir / ("ocop-sync-bench-" + tag + "-XXXXXX")).string();
        if (!mkdtemp(tmpl.data()))
            throw std::runtime_error("mkdtemp under " + g_opt.benchDir.string() + ": " + std::strerror(errno));
        path = tmpl;
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string operator/(const std::string& n) const { return (path / n).string(); }
};

// ------------------------------------------------------------------ PostgreSQL

// A throwaway PostgreSQL 15 like tests/central's harness, but durable as in
// production: fsync and synchronous_commit keep their defaults (on).
class Postgres {
public:
    static constexpr const char* kBin = "/usr/lib/postgresql/15/bin";
    static constexpr int kPort = 5433;

    Postgres()
    {
        if (!fs::exists(std::string(kBin) + "/initdb"))
            throw std::runtime_error("PostgreSQL 15 binaries not found in " + std::string(kBin));
        std::string tmpl = (g_opt.benchDir / "ocop-sync-bench-pg-XXXXXX").string();
        if (!mkdtemp(tmpl.data()))
            throw std::runtime_error("mkdtemp failed");
        m_dir = tmpl;
        if (::geteuid() == 0) {
            const passwd* pw = getpwnam("postgres");
            if (!pw || chown(m_dir.c_str(), pw->pw_uid, pw->pw_gid) != 0)
                throw std::runtime_error("cannot hand " + m_dir + " to the postgres user");
        }
        if (shell(asPostgres(std::string(kBin) + "/initdb -D " + m_dir + "/data -A trust -U ocop -E UTF8 --no-locale")) !=
            0)
            throw std::runtime_error("initdb failed");
        const std::string opts = "-p " + std::to_string(kPort) + " -k " + m_dir + " -c listen_addresses=''";
        if (shell(asPostgres(std::string(kBin) + "/pg_ctl -D " + m_dir + "/data -l " + m_dir + "/log -w -t 60 -o " +
                             shellQuote(opts) + " start")) != 0)
            throw std::runtime_error("pg_ctl start failed (see " + m_dir + "/log)");
        m_started = true;
        static std::string stopCmd;
        stopCmd = asPostgres(std::string(kBin) + "/pg_ctl -D " + m_dir + "/data -m immediate -w stop") +
                  " >/dev/null 2>&1; rm -rf " + m_dir;
        std::atexit([] { (void)std::system(stopCmd.c_str()); });
        static std::terminate_handler previous = std::set_terminate([] {
            (void)std::system(stopCmd.c_str());
            if (previous)
                previous();
            std::abort();
        });
    }
    ~Postgres()
    {
        if (m_started)
            shell(asPostgres(std::string(kBin) + "/pg_ctl -D " + m_dir + "/data -m fast -w stop"));
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    std::string conninfo(const std::string& db) const
    {
        return "host=" + m_dir + " port=" + std::to_string(kPort) + " user=ocop dbname=" + db;
    }
    // A fresh database; returns its URL for --db / openCentralStore.
    std::string createDatabase(const std::string& name)
    {
        PGconn* c = PQconnectdb(conninfo("postgres").c_str());
        if (PQstatus(c) != CONNECTION_OK) {
            std::string msg = PQerrorMessage(c);
            PQfinish(c);
            throw std::runtime_error("connect: " + msg);
        }
        PGresult* r = PQexec(c, ("CREATE DATABASE " + name).c_str());
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        std::string msg = PQresultErrorMessage(r);
        PQclear(r);
        PQfinish(c);
        if (!ok)
            throw std::runtime_error("CREATE DATABASE: " + msg);
        return "postgresql:///" + name + "?host=" + m_dir + "&port=" + std::to_string(kPort) + "&user=ocop";
    }
    std::string setting(const std::string& name)
    {
        PGconn* c = PQconnectdb(conninfo("postgres").c_str());
        PGresult* r = PQexec(c, ("SHOW " + name).c_str());
        std::string v = PQresultStatus(r) == PGRES_TUPLES_OK ? PQgetvalue(r, 0, 0) : "?";
        PQclear(r);
        PQfinish(c);
        return v;
    }

private:
    static std::string asPostgres(const std::string& cmd)
    {
        return ::geteuid() == 0 ? "runuser -u postgres -- " + cmd : cmd;
    }
    std::string m_dir;
    bool m_started = false;
};

// ------------------------------------------------------------------ events

constexpr TimestampMs kDay = 1'767'250'800'000; // 2026-01-01 14:00 local

struct Terminal {
    std::string db; // URL for openCentralStore / --db
    std::string token;
    central::AuthTerminal auth;
};

// A point, an enrolment code and an enrolled terminal in a fresh database.
Terminal enrollTerminal(const std::string& db, const std::string& point)
{
    auto store = central::openCentralStore(db, 1);
    store->addPoint({point, "Điểm bán OCOP " + point, "Phố Hàng Gai", "Hoàn Kiếm"}, kDay);
    const auto code = store->createEnrollCode(point, kDay);
    wire::EnrollRequest req;
    req.code = code;
    req.terminalName = "bench";
    const auto resp = store->enroll(req, kDay);
    Terminal t;
    t.db = db;
    t.token = resp.token;
    t.auth = *store->authenticate(resp.token);
    return t;
}

// `count` sale.completed events from seq `firstSeq`: 5 demo products each,
// paid part by bank transfer and the rest in cash with change.
std::vector<wire::EventBatch> makeBatches(const Terminal& t, std::int64_t firstSeq, int batches, int batchSize)
{
    static const DemoCatalog demo = makeDemoCatalog();
    std::vector<const Product*> sellable;
    for (const auto& p : demo.products)
        if (p.active && p.price > 0)
            sellable.push_back(&p);
    std::vector<wire::EventBatch> out;
    std::int64_t seq = firstSeq;
    std::size_t cursor = 0;
    for (int b = 0; b < batches; ++b) {
        wire::EventBatch batch;
        batch.sentAt = kDay;
        for (int i = 0; i < batchSize; ++i, ++seq) {
            const TimestampMs at = kDay + seq * 1000;
            Cart cart;
            while (cart.lines().size() < 5) {
                const auto* p = sellable[(cursor * 7919) % sellable.size()];
                ++cursor;
                if (cart.quantityOf(p->code) == 0)
                    cart.add(*p, static_cast<std::int64_t>(1 + cursor % 3));
            }
            const Money total = cart.totals().total;
            const Money transfer = total / 2;
            const Money rest = total - transfer;
            std::vector<Payment> pays{{PaymentMethod::BankTransfer, transfer, "VQR" + std::to_string(seq)},
                                      {PaymentMethod::Cash, (rest / 50'000 + 1) * 50'000, ""}};
            Sale s = saleFromCart(cart, pays);
            s.id = uuidV7(at);
            s.receiptSeq = seq;
            s.receiptNo = t.auth.pointCode + "-" + t.auth.code + "-" + std::to_string(seq);
            s.pointCode = t.auth.pointCode;
            s.terminalCode = t.auth.code;
            s.cashierId = "U001";
            s.cashierName = "Nguyễn Thị Lan";
            s.shiftId = "shift-bench";
            s.createdAt = at;
            wire::Event e;
            e.seq = seq;
            e.uuid = uuidV7(at);
            e.type = std::string(event_type::SaleCompleted);
            e.createdAt = at;
            e.payload = toJson(s);
            batch.events.push_back(std::move(e));
        }
        out.push_back(std::move(batch));
    }
    return out;
}

// ------------------------------------------------------------------ results

struct Figure {
    std::string name;
    std::int64_t events = 0;
    double seconds = 0;
    double cpuSeconds = 0; // this process only
    std::vector<double> batchMs;
    std::string error;
    json extra = json::object();
    double eventsPerSecond() const { return seconds > 0 ? static_cast<double>(events) / seconds : 0; }
    double medianBatchMs() const
    {
        if (batchMs.empty())
            return 0;
        auto v = batchMs;
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    }
    json toJson() const
    {
        json j{{"name", name}, {"events", events}, {"seconds", seconds}, {"events_per_s", eventsPerSecond()},
               {"median_batch_ms", medianBatchMs()}, {"bench_process_cpu_s", cpuSeconds}};
        if (!error.empty())
            j["error"] = error;
        for (auto& [k, v] : extra.items())
            j[k] = v;
        return j;
    }
};
std::vector<Figure> g_figures;

const Figure* find(const std::string& name)
{
    for (const auto& f : g_figures)
        if (f.name == name)
            return &f;
    return nullptr;
}

void note(const Figure& f)
{
    if (!f.error.empty())
        std::fprintf(stderr, "ocop-sync-bench: %-22s FAILED: %s\n", f.name.c_str(), f.error.c_str());
    else
        std::fprintf(stderr, "ocop-sync-bench: %-22s %8lld events in %7.3f s = %9.0f events/s (median batch %.1f ms)\n",
                     f.name.c_str(), static_cast<long long>(f.events), f.seconds, f.eventsPerSecond(),
                     f.medianBatchMs());
    g_figures.push_back(f);
}

// ------------------------------------------------------------------ ingest, storage path

Figure ingestStore(const std::string& backend, const std::string& db)
{
    Figure f;
    f.name = "ingest/" + backend + "/store";
    try {
        const auto t = enrollTerminal(db, "HK01");
        auto store = central::openCentralStore(db, 2);
        // One warm-up batch (connections, prepared statements, first pages)
        // outside the figure, then the measured ones.
        auto batches = makeBatches(t, 1, g_opt.batches + 1, g_opt.batchSize);
        store->ingest(t.auth, batches[0], nowMs());
        const double cpu0 = processCpuS();
        const auto t0 = Clock::now();
        std::int64_t acked = 0;
        for (std::size_t i = 1; i < batches.size(); ++i) {
            const auto b0 = Clock::now();
            central::IngestStats stats;
            const auto r = store->ingest(t.auth, batches[i], nowMs(), &stats);
            f.batchMs.push_back(seconds(b0, Clock::now()) * 1000);
            if (stats.applied != static_cast<std::int64_t>(batches[i].events.size()) || !r.rejected.empty())
                throw std::runtime_error("batch " + std::to_string(i) + ": " + std::to_string(stats.applied) +
                                         " applied, " + std::to_string(r.rejected.size()) + " rejected" +
                                         (r.rejected.empty() ? "" : " (" + r.rejected[0].reason + ")"));
            acked = r.ackedThrough;
            f.events += static_cast<std::int64_t>(batches[i].events.size());
        }
        f.seconds = seconds(t0, Clock::now());
        f.cpuSeconds = processCpuS() - cpu0;
        const auto counts = store->counts();
        if (acked != counts.events || counts.sales != counts.events)
            throw std::runtime_error("acked_through " + std::to_string(acked) + " but " +
                                     std::to_string(counts.events) + " events and " + std::to_string(counts.sales) +
                                     " sales stored");
        f.extra["rows_per_event"] = json{{"sales", 1}, {"sale_lines", 5}, {"sale_payments", 2}, {"stock_ledger", 5},
                                         {"events", 1}};
    } catch (const std::exception& e) {
        f.error = e.what();
    }
    return f;
}

// ------------------------------------------------------------------ floor

// The raw JSON of the same events, as the floor's rows.
std::vector<std::vector<std::string>> rawBatches()
{
    Terminal fake;
    fake.auth = {"floor-terminal", "T1", "HK01"};
    std::vector<std::vector<std::string>> out;
    for (const auto& b : makeBatches(fake, 1, g_opt.batches + 1, g_opt.batchSize)) {
        out.emplace_back();
        for (const auto& e : b.events)
            out.back().push_back(wire::toJson(e).dump());
    }
    return out;
}

Figure floorSqlite(const std::string& path)
{
    Figure f;
    f.name = "floor/sqlite";
    sqlite3* db = nullptr;
    sqlite3_stmt* ins = nullptr;
    try {
        auto exec = [&](const char* sql) {
            char* err = nullptr;
            if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
                std::string m = err ? err : "?";
                sqlite3_free(err);
                throw std::runtime_error(std::string("SQLite: ") + m + " in " + sql);
            }
        };
        if (sqlite3_open(path.c_str(), &db) != SQLITE_OK)
            throw std::runtime_error("cannot open " + path);
        exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        exec("CREATE TABLE floor (id INTEGER PRIMARY KEY, raw TEXT NOT NULL)");
        if (sqlite3_prepare_v2(db, "INSERT INTO floor(id, raw) VALUES (?, ?)", -1, &ins, nullptr) != SQLITE_OK)
            throw std::runtime_error(sqlite3_errmsg(db));
        const auto batches = rawBatches();
        std::int64_t id = 0;
        double cpu0 = 0;
        Clock::time_point t0;
        for (std::size_t b = 0; b < batches.size(); ++b) {
            if (b == 1) { // the first batch warms up
                cpu0 = processCpuS();
                t0 = Clock::now();
            }
            const auto b0 = Clock::now();
            exec("BEGIN IMMEDIATE");
            for (const auto& raw : batches[b]) {
                sqlite3_bind_int64(ins, 1, ++id);
                sqlite3_bind_text(ins, 2, raw.data(), static_cast<int>(raw.size()), SQLITE_STATIC);
                if (sqlite3_step(ins) != SQLITE_DONE)
                    throw std::runtime_error(sqlite3_errmsg(db));
                sqlite3_reset(ins);
            }
            exec("COMMIT");
            if (b > 0) {
                f.batchMs.push_back(seconds(b0, Clock::now()) * 1000);
                f.events += static_cast<std::int64_t>(batches[b].size());
            }
        }
        f.seconds = seconds(t0, Clock::now());
        f.cpuSeconds = processCpuS() - cpu0;
    } catch (const std::exception& e) {
        f.error = e.what();
    }
    sqlite3_finalize(ins);
    sqlite3_close(db);
    return f;
}

// PostgreSQL: one prepared INSERT ... SELECT FROM unnest($1, $2) per batch,
// in one transaction: one round trip and one commit for 500 rows.
Figure floorPostgres(const std::string& conninfo)
{
    Figure f;
    f.name = "floor/postgresql";
    PGconn* c = PQconnectdb(conninfo.c_str());
    try {
        if (PQstatus(c) != CONNECTION_OK)
            throw std::runtime_error(PQerrorMessage(c));
        auto exec = [&](const char* sql) {
            PGresult* r = PQexec(c, sql);
            const auto st = PQresultStatus(r);
            std::string m = PQresultErrorMessage(r);
            PQclear(r);
            if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
                throw std::runtime_error("PostgreSQL: " + m + " in " + sql);
        };
        exec("CREATE TABLE floor (id BIGINT PRIMARY KEY, raw TEXT NOT NULL)");
        {
            PGresult* r = PQprepare(c, "ins", "INSERT INTO floor(id, raw) SELECT * FROM unnest($1::bigint[], $2::text[])",
                                    0, nullptr);
            const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
            PQclear(r);
            if (!ok)
                throw std::runtime_error(PQerrorMessage(c));
        }
        const auto batches = rawBatches();
        std::int64_t id = 0;
        double cpu0 = 0;
        Clock::time_point t0;
        for (std::size_t b = 0; b < batches.size(); ++b) {
            // Array literals: {1,2,...} and {"...","..."} with \ and " escaped.
            std::string ids = "{", raws = "{";
            for (const auto& raw : batches[b]) {
                if (ids.size() > 1) {
                    ids += ',';
                    raws += ',';
                }
                ids += std::to_string(++id);
                raws += '"';
                for (char ch : raw) {
                    if (ch == '"' || ch == '\\')
                        raws += '\\';
                    raws += ch;
                }
                raws += '"';
            }
            ids += '}';
            raws += '}';
            if (b == 1) {
                cpu0 = processCpuS();
                t0 = Clock::now();
            }
            const auto b0 = Clock::now();
            exec("BEGIN");
            const char* values[2] = {ids.c_str(), raws.c_str()};
            PGresult* r = PQexecPrepared(c, "ins", 2, values, nullptr, nullptr, 0);
            const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
            std::string m = PQresultErrorMessage(r);
            PQclear(r);
            if (!ok)
                throw std::runtime_error("PostgreSQL: " + m);
            exec("COMMIT");
            if (b > 0) {
                f.batchMs.push_back(seconds(b0, Clock::now()) * 1000);
                f.events += static_cast<std::int64_t>(batches[b].size());
            }
        }
        f.seconds = seconds(t0, Clock::now());
        f.cpuSeconds = processCpuS() - cpu0;
    } catch (const std::exception& e) {
        f.error = e.what();
    }
    PQfinish(c);
    return f;
}

// ------------------------------------------------------------------ the real server

class CentralProcess {
public:
    explicit CentralProcess(const std::string& db, const fs::path& logDir)
    {
        int out[2];
        if (pipe(out) != 0)
            throw std::runtime_error("pipe");
        std::vector<std::string> args{OCOP_CENTRAL_BINARY, "--db", db, "serve", "--listen", "127.0.0.1:0"};
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_addclose(&fa, out[0]);
        m_errPath = (logDir / "central.stderr").string();
        posix_spawn_file_actions_addopen(&fa, 2, m_errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (posix_spawn(&m_pid, argv[0], &fa, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("cannot start " + std::string(OCOP_CENTRAL_BINARY));
        posix_spawn_file_actions_destroy(&fa);
        close(out[1]);
        m_fd = out[0];
        std::string line;
        const auto deadline = Clock::now() + std::chrono::seconds(30);
        while (line.find('\n') == std::string::npos && Clock::now() < deadline) {
            pollfd p{m_fd, POLLIN, 0};
            if (poll(&p, 1, 200) > 0) {
                char buf[256];
                const auto n = read(m_fd, buf, sizeof buf);
                if (n <= 0)
                    break;
                line.append(buf, static_cast<std::size_t>(n));
            }
        }
        const std::string prefix = "listening on 127.0.0.1:";
        if (line.rfind(prefix, 0) != 0)
            throw std::runtime_error("ocop-central did not start: " + line + " " + stderrText());
        port = static_cast<unsigned short>(std::stoi(line.substr(prefix.size())));
    }
    ~CentralProcess()
    {
        kill(m_pid, SIGTERM);
        int st = 0;
        waitpid(m_pid, &st, 0);
        close(m_fd);
    }
    std::string stderrText() const
    {
        std::ifstream in(m_errPath);
        std::stringstream s;
        s << in.rdbuf();
        return s.str().substr(0, 2000);
    }
    double cpuSeconds() const // user + system of the server so far
    {
        std::ifstream in("/proc/" + std::to_string(m_pid) + "/stat");
        std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto close = s.rfind(')');
        if (close == std::string::npos)
            return 0;
        std::stringstream ss(s.substr(close + 2));
        std::string field;
        std::vector<std::string> fields;
        while (ss >> field)
            fields.push_back(field);
        if (fields.size() < 13)
            return 0;
        return (std::stod(fields[11]) + std::stod(fields[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    unsigned short port = 0;

private:
    pid_t m_pid = -1;
    int m_fd = -1;
    std::string m_errPath;
};

// ------------------------------------------------------------------ ingest, HTTP path

Figure ingestHttp(const std::string& backend, const std::string& db, const fs::path& logDir)
{
    namespace asio = boost::asio;
    namespace beast = boost::beast;
    namespace http = beast::http;
    Figure f;
    f.name = "ingest/" + backend + "/http";
    try {
        const auto t = enrollTerminal(db, "HK02");
        // Bodies as the agent sends them (gzipped canonical JSON), made before the clock starts.
        std::vector<std::string> bodies;
        for (const auto& b : makeBatches(t, 1, g_opt.batches + 1, g_opt.batchSize))
            bodies.push_back(central::gzipCompress(wire::toJson(b).dump()));
        CentralProcess server(db, logDir);
        asio::io_context ioc;
        beast::tcp_stream s(ioc);
        s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port));
        beast::flat_buffer buf;
        auto post = [&](const std::string& body) {
            http::request<http::string_body> req{http::verb::post, "/api/v1/events", 11};
            req.set(http::field::host, "127.0.0.1:" + std::to_string(server.port));
            req.set(http::field::content_type, "application/json");
            req.set(http::field::content_encoding, "gzip");
            req.set(http::field::authorization, "Bearer " + t.token);
            req.keep_alive(true);
            req.body() = body;
            req.prepare_payload();
            s.expires_after(std::chrono::seconds(120));
            http::write(s, req);
            http::response_parser<http::string_body> parser;
            parser.body_limit(64 * 1024 * 1024);
            http::read(s, buf, parser);
            auto res = parser.release();
            if (res.result_int() != 200)
                throw std::runtime_error("HTTP " + std::to_string(res.result_int()) + ": " + res.body());
            return json::parse(res.body());
        };
        post(bodies[0]); // warm-up
        const double cpu0 = processCpuS();
        const double srvCpu0 = server.cpuSeconds();
        const auto t0 = Clock::now();
        std::int64_t acked = 0;
        for (std::size_t i = 1; i < bodies.size(); ++i) {
            const auto b0 = Clock::now();
            const auto r = post(bodies[i]);
            f.batchMs.push_back(seconds(b0, Clock::now()) * 1000);
            if (!r.at("rejected").empty())
                throw std::runtime_error("rejected: " + r.at("rejected").dump().substr(0, 300));
            acked = r.at("acked_through").get<std::int64_t>();
            f.events += g_opt.batchSize;
        }
        f.seconds = seconds(t0, Clock::now());
        f.cpuSeconds = processCpuS() - cpu0;
        f.extra["server_cpu_s"] = server.cpuSeconds() - srvCpu0;
        f.extra["gzip_body_bytes_per_batch"] = bodies.back().size();
        if (acked != static_cast<std::int64_t>(bodies.size()) * g_opt.batchSize)
            throw std::runtime_error("acked_through " + std::to_string(acked) + " at the end");
        boost::system::error_code ec;
        s.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    } catch (const std::exception& e) {
        f.error = e.what();
    }
    return f;
}

// ------------------------------------------------------------------ catch-up

Figure catchup(const fs::path& dir)
{
    Figure f;
    f.name = "catchup/sqlite";
    try {
        const std::string db = "sqlite:" + (dir / "central-catchup.db").string();
        std::string code;
        {
            auto store = central::openCentralStore(db, 1);
            store->addPoint({"HK01", "Điểm bán OCOP Hoàn Kiếm", "Phố Hàng Gai", "Hoàn Kiếm"}, nowMs());
            code = store->createEnrollCode("HK01", nowMs());
        }
        CentralProcess server(db, dir);
        const std::string url = "http://127.0.0.1:" + std::to_string(server.port);
        const fs::path data = dir / "terminal";
        std::fprintf(stderr, "ocop-sync-bench: catch-up: demo terminal in %s ...\n", data.c_str());
        auto svc = PosService::initDemo(data, DemoOptions{});
        auto& store = svc->store();
        sync::HttpClient http;
        sync::enroll(store, data, url, code, "bench", &http);
        auto settings = store.settings();
        settings.allowNegativeStock = true;
        store.saveSettings(settings);
        // Whatever the demo and the enrolment queued goes first, so the pass
        // below starts from exactly `catchup` pending events.
        {
            sync::PassLimits l;
            const auto r = sync::syncDataDir(store, data, http, std::nullopt, l);
            if (r.outcome != sync::PassOutcome::Ok)
                throw std::runtime_error("first sync: " + r.error);
        }
        const std::string shift = store.openShift() ? store.openShift()->id : store.startShift("U001", 1'000'000, nowMs()).id;
        std::vector<const Product*> sellable;
        for (const auto& p : svc->products())
            if (p.active && p.price > 0)
                sellable.push_back(&p);
        std::size_t cursor = 0;
        const auto s0 = Clock::now();
        while (store.pendingEventCount() < g_opt.catchup) {
            Cart cart;
            while (cart.lines().size() < 5) {
                const auto* p = sellable[(cursor * 7919) % sellable.size()];
                ++cursor;
                if (cart.quantityOf(p->code) == 0)
                    cart.add(*p, static_cast<std::int64_t>(1 + cursor % 3));
            }
            const Money total = cart.totals().total;
            SaleDraft d;
            d.cart = &cart;
            d.cashierId = "U001";
            d.shiftId = shift;
            d.payments.push_back({PaymentMethod::BankTransfer, total / 2, "VQR"});
            d.payments.push_back({PaymentMethod::Cash, ((total - total / 2) / 50'000 + 1) * 50'000, {}});
            store.commitSale(d, nowMs());
        }
        const auto pending = store.pendingEventCount();
        f.extra["sell_seconds"] = seconds(s0, Clock::now());
        f.extra["pending_before"] = pending;
        std::fprintf(stderr, "ocop-sync-bench: catch-up: %lld events pending (made in %.1f s); syncing ...\n",
                     static_cast<long long>(pending), f.extra["sell_seconds"].get<double>());
        sync::PassLimits limits;
        limits.deadline = Clock::now() + std::chrono::minutes(10);
        const double cpu0 = processCpuS();
        const double srvCpu0 = server.cpuSeconds();
        const auto t0 = Clock::now();
        const auto r = sync::syncDataDir(store, data, http, std::nullopt, limits);
        f.seconds = seconds(t0, Clock::now());
        f.cpuSeconds = processCpuS() - cpu0;
        f.extra["server_cpu_s"] = server.cpuSeconds() - srvCpu0;
        f.extra["requests"] = r.attempts;
        f.extra["pending_after"] = r.pending;
        f.events = r.pushed;
        if (r.outcome != sync::PassOutcome::Ok)
            throw std::runtime_error("sync pass: " + std::string(sync::outcomeKey(r.outcome)) + ": " + r.error);
        if (r.pending != 0 || r.pushed != pending || r.rejected != 0)
            throw std::runtime_error("pushed " + std::to_string(r.pushed) + " of " + std::to_string(pending) +
                                     ", rejected " + std::to_string(r.rejected) + ", " + std::to_string(r.pending) +
                                     " still pending");
        svc.reset();
        auto central = central::openCentralStore(db, 1);
        const auto counts = central->counts();
        f.extra["central_events"] = counts.events;
        f.extra["central_sales"] = counts.sales;
    } catch (const std::exception& e) {
        f.error = e.what();
    }
    return f;
}

// ------------------------------------------------------------------ summary

void summary(std::FILE* out, const json& doc)
{
    std::fprintf(out, "\n==== ocop-sync-bench summary (%s) ====\n", doc["load_average"].get<std::string>().c_str());
    std::fprintf(out, "batches of %d sale.completed events (5 lines, 2 payments), %d batches per figure\n",
                 g_opt.batchSize, g_opt.batches);
    for (const std::string backend : {"sqlite", "postgresql"}) {
        const Figure* fl = find("floor/" + backend);
        for (const std::string path : {"store", "http"}) {
            const Figure* f = find("ingest/" + backend + "/" + path);
            if (!f)
                continue;
            if (!f->error.empty()) {
                std::fprintf(out, "  %-26s FAILED: %s\n", f->name.c_str(), f->error.c_str());
                continue;
            }
            std::string ratio = "ratio n/a";
            if (fl && fl->error.empty() && fl->medianBatchMs() > 0) {
                char b[96];
                std::snprintf(b, sizeof b, "%.2fx the floor's batch time", f->medianBatchMs() / fl->medianBatchMs());
                ratio = b;
            }
            std::string verdict;
            if (backend == "postgresql")
                verdict = std::string(f->eventsPerSecond() >= kIngestTargetPg ? "PASS" : "MISS") + " (target >= 20000/s)";
            std::fprintf(out, "  %-26s %9.0f events/s  median batch %7.1f ms  %s  %s\n", f->name.c_str(),
                         f->eventsPerSecond(), f->medianBatchMs(), ratio.c_str(), verdict.c_str());
        }
        if (fl) {
            if (fl->error.empty())
                std::fprintf(out, "  %-26s %9.0f events/s  median batch %7.1f ms  (bare INSERT of %d rows, 1 tx)\n",
                             fl->name.c_str(), fl->eventsPerSecond(), fl->medianBatchMs(), g_opt.batchSize);
            else
                std::fprintf(out, "  %-26s FAILED: %s\n", fl->name.c_str(), fl->error.c_str());
        }
    }
    if (const Figure* c = find("catchup/sqlite")) {
        if (c->error.empty())
            std::fprintf(out, "  %-26s %9.2f s for %lld events (%.0f events/s)  %s (target < %.0f s for 10000)\n",
                         c->name.c_str(), c->seconds, static_cast<long long>(c->events), c->eventsPerSecond(),
                         c->seconds < kCatchupTargetS ? "PASS" : "MISS", kCatchupTargetS);
        else
            std::fprintf(out, "  %-26s FAILED: %s\n", c->name.c_str(), c->error.c_str());
    }
    if (g_opt.quick || g_opt.catchup < 10'000 || g_opt.batches < 10)
        std::fprintf(out, "  (reduced sizes: a smoke run, the verdicts mean little)\n");
}

} // namespace

int main(int argc, char** argv)
{
    parseOptions(argc, argv);
    spdlog::set_level(spdlog::level::warn);
    ::signal(SIGPIPE, SIG_IGN);
    json doc;
    doc["started_at"] = nowMs();
    doc["load_average"] = loadAverage();
    doc["batch_size"] = g_opt.batchSize;
    doc["batches"] = g_opt.batches;
    doc["bench_dir"] = g_opt.benchDir.string();
    bool failed = false;
    try {
        TempDir dir("run");
        // SQLite.
        if (wanted("store"))
            note(ingestStore("sqlite", "sqlite:" + dir / "store.db"));
        if (wanted("http"))
            note(ingestHttp("sqlite", "sqlite:" + dir / "http.db", dir.path));
        if (wanted("floor"))
            note(floorSqlite(dir / "floor.db"));
        // PostgreSQL, started here.
        if (g_opt.postgres && (wanted("store") || wanted("http") || wanted("floor"))) {
            std::unique_ptr<Postgres> pg;
            try {
                pg = std::make_unique<Postgres>();
                doc["postgresql"] = {{"fsync", pg->setting("fsync")},
                                     {"synchronous_commit", pg->setting("synchronous_commit")},
                                     {"server_version", pg->setting("server_version")}};
            } catch (const std::exception& e) {
                Figure f;
                f.name = "ingest/postgresql/store";
                f.error = std::string("PostgreSQL did not start: ") + e.what();
                note(f);
            }
            if (pg) {
                if (wanted("store"))
                    note(ingestStore("postgresql", pg->createDatabase("bench_store")));
                if (wanted("http"))
                    note(ingestHttp("postgresql", pg->createDatabase("bench_http"), dir.path));
                if (wanted("floor")) {
                    pg->createDatabase("bench_floor");
                    note(floorPostgres(pg->conninfo("bench_floor")));
                }
            }
        }
        if (wanted("catchup"))
            note(catchup(dir.path));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ocop-sync-bench: %s\n", e.what());
        failed = true;
    }
    json figures = json::array();
    for (const auto& f : g_figures) {
        figures.push_back(f.toJson());
        if (!f.error.empty())
            failed = true;
    }
    doc["figures"] = figures;
    json ratios = json::object();
    for (const std::string backend : {"sqlite", "postgresql"})
        for (const std::string path : {"store", "http"}) {
            const Figure* f = find("ingest/" + backend + "/" + path);
            const Figure* fl = find("floor/" + backend);
            if (f && fl && f->error.empty() && fl->error.empty() && fl->medianBatchMs() > 0)
                ratios[backend + "/" + path + "_vs_floor"] = f->medianBatchMs() / fl->medianBatchMs();
        }
    doc["ratios_batch_time_vs_floor"] = ratios;
    json targets = json::object();
    if (const Figure* f = find("ingest/postgresql/store"); f && f->error.empty())
        targets["ingest_postgresql_store_events_per_s"] = {{"value", f->eventsPerSecond()}, {"target", ">= 20000"},
                                                            {"pass", f->eventsPerSecond() >= kIngestTargetPg}};
    if (const Figure* f = find("ingest/postgresql/http"); f && f->error.empty())
        targets["ingest_postgresql_http_events_per_s"] = {{"value", f->eventsPerSecond()}, {"target", ">= 20000"},
                                                           {"pass", f->eventsPerSecond() >= kIngestTargetPg}};
    if (const Figure* f = find("catchup/sqlite"); f && f->error.empty())
        targets["catchup_seconds"] = {{"value", f->seconds}, {"events", f->events}, {"target", "< 10"},
                                      {"pass", f->seconds < kCatchupTargetS}};
    doc["targets"] = targets;
    doc["load_average_end"] = loadAverage();
    std::cout << doc.dump(2) << std::endl;
    if (!g_opt.jsonFile.empty()) {
        std::ofstream o(g_opt.jsonFile);
        o << doc.dump(2) << "\n";
    }
    summary(stdout, doc);
    return failed ? 1 : 0;
}
