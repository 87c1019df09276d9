// ocop-sync-bench: the central server and the sync agent against their targets.
//
//   ingest, sale.completed events into PostgreSQL, batches of 500   >= 20,000 events/s
//   catch-up: a terminal with 10,000 pending events syncs in full   < 10 s
//
// What it measures (every figure on this machine, in this run):
//   ingest/<backend>/store  CentralStore::ingest directly (the storage path)
//   ingest/postgresql/store-2-terminals  two terminals (two points) at once
//                           through one store with two connections: what
//                           the machine takes in, all events / wall time
//   ingest/<backend>/http   the real `ocop-central serve` process on 127.0.0.1,
//                           gzipped POST /api/v1/events over one keep-alive
//                           connection (end to end: HTTP, gunzip, JSON, store)
//   ingest/postgresql/http-2-terminals  two terminals of two points, each on
//                           its own connection, at once: what the real server
//                           takes in end to end, all events / wall time
//   floor/<backend>         the floor: the same events' raw JSON stored in ONE
//                           statement per batch (autocommit, same durability)
//                           into a table (id primary key, raw): the cheapest
//                           durable write of the batch. On PostgreSQL two ways
//                           are measured, COPY (floor/postgresql/raw-copy) and
//                           INSERT ... SELECT unnest (.../raw-unnest), and the
//                           faster is the floor; on SQLite a BEGIN ... COMMIT
//                           of 32-row INSERTs in a file of its own.
//   floor/<backend>/rows    every row the ingest writes (events, sales with
//                           their payments, lines: 7 per sale, read back from a
//                           dry run of the same batches) into copies of the
//                           tables without keys, indexes or constraints, one
//                           COPY / multi-row INSERT per table, one transaction
//                           per batch: what storing those rows costs at least.
//   The store and floor figures run interleaved, batch by batch (the order
//   rotating), so all of them see the same machine; ratios are ingest / floor
//   for the median batch time and for CPU per event. CPU per event counts the
//   bench process plus the PostgreSQL backends serving the figure
//   (/proc/PID/schedstat), or ocop-central plus its backends for http: on a
//   machine shared with other work it moves far less than wall time does.
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
// its defaults (fsync on, synchronous_commit on) and the environment the
// centre's PostgreSQL gets from packaging/central/postgresql-ocop-central.conf;
// before the first figure its WAL segments are recycled as on a server in
// service (Postgres::recycleWalSegments).
//
// Output: one JSON document on stdout, then a summary block with PASS/MISS
// against each target. Options:
//   --quick            tiny sizes (2 batches, 300 catch-up events): a smoke run
//   --batches=N        batches of 500 per ingest measurement (default 100,
//                      a sustained rate: see Options::batches)
//   --batch-size=N     events per batch (default 500)
//   --catchup=N        pending events for the catch-up (default 10000)
//   --no-postgres      skip PostgreSQL
//   --no-sqlite        skip SQLite (the catch-up still runs on SQLite)
//   --postgres=DIR:PORT  use a running PostgreSQL (socket dir, port) instead of
//                      starting one, e.g. one with pg_stat_statements loaded
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
#include "sync/central/sql.h"
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
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
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
    bool sqlite = true;
    // A sustained rate, as the centre sees all day. The first batches into
    // a new database cost more per event, and over 20 batches they weigh on
    // the figure. Alternated runs, one terminal into PostgreSQL: 16.1-21.0k
    // events/s and backend CPU 31-38 us per event over 20 batches, against
    // 22.3-23.3k and 25.7-26.8 us over 100.
    int batches = 100;
    int batchSize = 500;
    int catchup = 10'000;
    std::vector<std::string> only{"store", "http", "floor", "catchup"};
    fs::path benchDir;
    std::string jsonFile;
    std::string pgServer; // --postgres=DIR:PORT
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
        else if (a == "--no-sqlite")
            g_opt.sqlite = false;
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
        else if (auto v = value("--postgres"))
            g_opt.pgServer = *v;
        else if (a == "--help" || a == "-h") {
            std::printf("usage: ocop-sync-bench [--quick] [--batches=N] [--batch-size=N] [--catchup=N] "
                        "[--no-postgres] [--no-sqlite] [--postgres=SOCKETDIR:PORT] [--only=store,http,floor,catchup] [--bench-dir=DIR] "
                        "[--json=FILE]\n");
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
// production: fsync and synchronous_commit keep their defaults (on). With
// --postgres=DIR:PORT a running server (e.g. one with pg_stat_statements
// loaded, for profiling) is used instead; databases get this run's pid.
class Postgres {
public:
    static constexpr const char* kBin = "/usr/lib/postgresql/15/bin";
    static constexpr int kPort = 5433;

    Postgres()
    {
        if (!g_opt.pgServer.empty()) {
            const auto colon = g_opt.pgServer.rfind(':');
            if (colon == std::string::npos)
                usageError("--postgres takes SOCKETDIR:PORT");
            m_dir = g_opt.pgServer.substr(0, colon);
            m_port = intArg("--postgres port", g_opt.pgServer.substr(colon + 1), 1, 65535);
            m_suffix = "_" + std::to_string(::getpid());
            readPostmasterPid();
            return;
        }
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
        // The environment the centre's PostgreSQL runs with (packaging's drop-in).
        std::string env;
        for (const auto& e : serviceEnvironment(OCOP_PG_DROPIN))
            env += shellQuote(e) + ' ';
        m_environment = env;
        if (shell(asPostgres("env " + env + std::string(kBin) + "/pg_ctl -D " + m_dir + "/data -l " + m_dir +
                             "/log -w -t 60 -o " + shellQuote(opts) + " start")) != 0)
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
        readPostmasterPid();
        recycleWalSegments();
    }
    ~Postgres()
    {
        if (m_started) {
            shell(asPostgres(std::string(kBin) + "/pg_ctl -D " + m_dir + "/data -m fast -w stop"));
            std::error_code ec;
            fs::remove_all(m_dir, ec);
        }
    }
    // What the server was started with beyond its defaults ("" for --postgres).
    const std::string& environment() const { return m_environment; }

    // The Environment= lines of a systemd unit or drop-in, as NAME=VALUE.
    static std::vector<std::string> serviceEnvironment(const std::string& path)
    {
        std::ifstream in(path);
        if (!in)
            throw std::runtime_error("cannot read " + path);
        std::vector<std::string> out;
        for (std::string line; std::getline(in, line);)
            if (line.rfind("Environment=", 0) == 0)
                out.push_back(line.substr(std::string("Environment=").size()));
        return out;
    }

    std::string conninfo(const std::string& db) const
    {
        return "host=" + m_dir + " port=" + std::to_string(m_port) + " user=ocop dbname=" + db;
    }
    // Runs sql (its last statement a command) on the maintenance database,
    // or throws naming what it was for.
    void runCommand(const std::string& sql, const std::string& what)
    {
        PGconn* c = PQconnectdb(conninfo("postgres").c_str());
        if (PQstatus(c) != CONNECTION_OK) {
            std::string msg = PQerrorMessage(c);
            PQfinish(c);
            throw std::runtime_error(what + ": connect: " + msg);
        }
        PGresult* r = PQexec(c, sql.c_str());
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        std::string msg = PQresultErrorMessage(r);
        PQclear(r);
        PQfinish(c);
        if (!ok)
            throw std::runtime_error(what + ": " + msg);
    }
    // A fresh database; returns its URL for --db / openCentralStore.
    std::string createDatabase(const std::string& base)
    {
        const std::string name = dbName(base);
        runCommand("CREATE DATABASE " + name, "CREATE DATABASE");
        return "postgresql:///" + name + "?host=" + m_dir + "&port=" + std::to_string(m_port) + "&user=ocop";
    }
    std::string dbName(const std::string& base) const { return base + m_suffix; }

    // A server in service writes its WAL into segments recycled at each
    // checkpoint; a cluster fresh from initdb has one segment and must create
    // and zero-fill 16 MB on the committing backend every ~15 batches of 500
    // sales (about 1.1 MB of WAL each). That work is no part of ingest in
    // production, and it cost the one-terminal figure a fifth of its
    // backend CPU per event (31-35 us against 24-26 us on a server that had
    // been running). So before anything is measured the cluster is brought
    // to that state: segments are filled and switched until there are enough
    // for the run, and a checkpoint recycles them, as PostgreSQL does with
    // every segment it keeps between checkpoints (wal_recycle, up to
    // max_wal_size: 1 GB by default, 64 segments).
    void recycleWalSegments()
    {
        // Eight streams of batches + 1 warm-up batch each (the store figure,
        // its two floors, two store terminals, http, two http terminals) at
        // about 2.3 kB of WAL per event.
        const double events = 8.0 * (g_opt.batches + 1) * g_opt.batchSize;
        const int segments = std::clamp(static_cast<int>(events * 2300 / (16 << 20)) + 4, 8, 56);
        std::string sql;
        for (int i = 0; i < segments; ++i)
            sql += "SELECT pg_logical_emit_message(false, 'ocop-sync-bench', 'recycle'); SELECT pg_switch_wal(); ";
        runCommand(sql + "CHECKPOINT", "recycling WAL segments");
        m_walSegmentsRecycled = segments;
    }
    int walSegmentsRecycled() const { return m_walSegmentsRecycled; }
    std::string setting(const std::string& name)
    {
        PGconn* c = PQconnectdb(conninfo("postgres").c_str());
        PGresult* r = PQexec(c, ("SHOW " + name).c_str());
        std::string v = PQresultStatus(r) == PGRES_TUPLES_OK ? PQgetvalue(r, 0, 0) : "?";
        PQclear(r);
        PQfinish(c);
        return v;
    }
    // CPU seconds (user + system) the whole server has used so far: the
    // postmaster and every live child (backends, WAL writer, checkpointer),
    // plus children that have exited. Read from /proc, no connection.
    double cpuSeconds() const
    {
        double total = 0;
        if (m_postmaster <= 0)
            return 0;
        std::error_code ec;
        for (const auto& d : fs::directory_iterator("/proc", ec)) {
            const std::string name = d.path().filename().string();
            if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0])))
                continue;
            const auto f = statFields(std::stoi(name));
            if (f.size() < 15)
                continue;
            const int pid = std::stoi(name), ppid = std::stoi(f[1]);
            if (pid == m_postmaster)
                total += std::stod(f[11]) + std::stod(f[12]) + std::stod(f[13]) + std::stod(f[14]);
            else if (ppid == m_postmaster)
                total += std::stod(f[11]) + std::stod(f[12]);
        }
        return total / static_cast<double>(sysconf(_SC_CLK_TCK));
    }

private:
    // /proc/PID/stat fields after "(comm)": state is [0], ppid [1], utime [11].
    static std::vector<std::string> statFields(int pid)
    {
        std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
        std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto close = s.rfind(')');
        std::vector<std::string> out;
        if (close == std::string::npos)
            return out;
        std::stringstream ss(s.substr(close + 2));
        std::string field;
        while (ss >> field)
            out.push_back(field);
        return out;
    }
    void readPostmasterPid()
    {
        std::ifstream in(m_dir + "/.s.PGSQL." + std::to_string(m_port) + ".lock");
        in >> m_postmaster;
    }
    static std::string asPostgres(const std::string& cmd)
    {
        return ::geteuid() == 0 ? "runuser -u postgres -- " + cmd : cmd;
    }
    std::string m_dir;
    std::string m_environment;
    int m_port = kPort;
    std::string m_suffix;
    int m_postmaster = 0;
    bool m_started = false;
    int m_walSegmentsRecycled = 0;
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
    double seconds = 0;      // wall time of the measured batches (or of the pass)
    double cpuSeconds = 0;   // this process only
    double workCpuS = -1;    // CPU of everything doing the work (see cpu_breakdown), -1 = not measured
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
    double cpuUsPerEvent() const { return workCpuS >= 0 && events > 0 ? workCpuS * 1e6 / static_cast<double>(events) : 0; }
    json toJson() const
    {
        json j{{"name", name}, {"events", events}, {"seconds", seconds}, {"events_per_s", eventsPerSecond()},
               {"median_batch_ms", medianBatchMs()}, {"bench_process_cpu_s", cpuSeconds}};
        if (!batchMs.empty()) {
            // The tail shows what a median hides: batches that waited on the
            // disk (a new WAL segment, a checkpoint) rather than on work.
            auto v = batchMs;
            std::sort(v.begin(), v.end());
            auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * v.size()))]; };
            j["batch_ms"] = {{"p10", at(0.10)}, {"p50", at(0.50)}, {"p90", at(0.90)}, {"p99", at(0.99)},
                             {"max", v.back()}};
        }
        if (workCpuS >= 0) {
            j["cpu_s"] = workCpuS;
            j["cpu_us_per_event"] = cpuUsPerEvent();
        }
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
        std::fprintf(stderr, "ocop-sync-bench: %-24s FAILED: %s\n", f.name.c_str(), f.error.c_str());
    else
        std::fprintf(stderr,
                     "ocop-sync-bench: %-24s %8lld events in %7.3f s = %9.0f events/s (median batch %.1f ms, "
                     "%.0f us CPU/event)\n",
                     f.name.c_str(), static_cast<long long>(f.events), f.seconds, f.eventsPerSecond(),
                     f.medianBatchMs(), f.cpuUsPerEvent());
    g_figures.push_back(f);
}

// The floor for a backend: the faster (by median batch) of its raw-event floors.
const Figure* floorOf(const std::string& backend)
{
    const Figure* best = nullptr;
    for (const auto& f : g_figures)
        if (f.error.empty() && f.medianBatchMs() > 0 &&
            (f.name == "floor/" + backend || f.name.rfind("floor/" + backend + "/raw-", 0) == 0) &&
            (!best || f.medianBatchMs() < best->medianBatchMs()))
            best = &f;
    return best;
}

// ------------------------------------------------------------------ CPU of PostgreSQL backends

// CPU time of the client backends connected to one database, from
// /proc/PID/schedstat (nanoseconds, unlike the 10 ms ticks of /proc/PID/stat).
// The backends are looked up once, after the warm-up opened the connections.
class BackendCpu {
public:
    BackendCpu(Postgres& pg, const std::string& db)
    {
        PGconn* c = PQconnectdb(pg.conninfo("postgres").c_str());
        const char* params[1] = {db.c_str()};
        PGresult* r = PQexecParams(c,
                                   "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = "
                                   "'client backend' AND pid <> pg_backend_pid()",
                                   1, nullptr, params, nullptr, nullptr, 0);
        if (PQresultStatus(r) == PGRES_TUPLES_OK)
            for (int i = 0; i < PQntuples(r); ++i)
                m_pids.push_back(std::atoi(PQgetvalue(r, i, 0)));
        PQclear(r);
        PQfinish(c);
    }
    double seconds() const
    {
        double ns = 0;
        for (int pid : m_pids) {
            std::ifstream in("/proc/" + std::to_string(pid) + "/schedstat");
            double run = 0;
            if (in >> run)
                ns += run;
        }
        return ns / 1e9;
    }
    std::size_t backends() const { return m_pids.size(); }

private:
    std::vector<int> m_pids;
};

// ------------------------------------------------------------------ interleaved measurement

// Figures measured batch by batch in turn (store, floors), so that all of
// them see the same machine: on a box shared with other builds the load
// changes from one second to the next, and a floor measured a minute apart
// from the figure it is compared with says little.
struct Lane {
    Figure fig;
    std::function<void(std::size_t)> run;       // batch i; 0 is the warm-up
    std::function<void()> ready;                // after the warm-up (find the backends)
    std::function<double()> dbCpu;              // cumulative CPU of the lane's DB backends, or empty
    std::function<void(std::size_t)> check;     // after batch i, throws on a wrong result
    double db = 0;
};

void runInterleaved(std::vector<Lane>& lanes, int batches, int batchSize, const std::function<void()>& afterWarmup = {})
{
    for (auto& l : lanes) {
        if (!l.fig.error.empty())
            continue;
        try {
            l.run(0);
            if (l.ready)
                l.ready();
        } catch (const std::exception& e) {
            l.fig.error = e.what();
        }
    }
    if (afterWarmup)
        afterWarmup();
    for (int i = 1; i <= batches; ++i) {
        for (std::size_t k = 0; k < lanes.size(); ++k) {
            auto& l = lanes[(k + static_cast<std::size_t>(i)) % lanes.size()]; // rotate who goes first
            if (!l.fig.error.empty())
                continue;
            try {
                const double c0 = processCpuS();
                const double d0 = l.dbCpu ? l.dbCpu() : 0;
                const auto t0 = Clock::now();
                l.run(static_cast<std::size_t>(i));
                const double s = seconds(t0, Clock::now());
                l.fig.cpuSeconds += processCpuS() - c0;
                if (l.dbCpu)
                    l.db += l.dbCpu() - d0;
                l.fig.batchMs.push_back(s * 1000);
                l.fig.seconds += s;
                l.fig.events += batchSize;
                if (l.check)
                    l.check(static_cast<std::size_t>(i));
            } catch (const std::exception& e) {
                l.fig.error = e.what();
            }
        }
    }
    for (auto& l : lanes) {
        l.fig.workCpuS = l.fig.cpuSeconds + l.db;
        l.fig.extra["cpu_breakdown"] = {{"bench_process_s", l.fig.cpuSeconds}, {"db_backends_s", l.db}};
    }
}

// ------------------------------------------------------------------ the rows an ingest writes

// The tables a sale.completed batch writes, in the order ingest writes them,
// with the SELECT that reads one batch's rows (seq range ?..?) back out.
struct RowsTable {
    const char* name;
    const char* columns;
    const char* select;
};
const RowsTable kRowsTables[] = {
    {"sales",
     "id, terminal_id, event_seq, point_code, terminal_code, receipt_no, receipt_seq, cashier_id, cashier_name, "
     "shift_id, approved_by, created_at, local_day, gross, discount, total, vat, paid, change_due, payments",
     "SELECT id, terminal_id, event_seq, point_code, terminal_code, receipt_no, receipt_seq, cashier_id, "
     "cashier_name, shift_id, approved_by, created_at, local_day, gross, discount, total, vat, paid, change_due, "
     "payments FROM sales WHERE event_seq BETWEEN ? AND ? ORDER BY event_seq"},
    {"sale_lines",
     "sale_id, line_no, product_code, gtin, name, unit, quantity, unit_price, gross, discount, net, vat_rate, vat, lot",
     "SELECT l.sale_id, l.line_no, l.product_code, l.gtin, l.name, l.unit, l.quantity, l.unit_price, l.gross, "
     "l.discount, l.net, l.vat_rate, l.vat, l.lot FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
     "WHERE s.event_seq BETWEEN ? AND ? ORDER BY s.event_seq, l.line_no"},
    {"events",
     "terminal_id, seq, uuid, type, point_code, created_at, received_at, content_hash, status, reason, raw, "
     "archive_seq, archive_line",
     "SELECT terminal_id, seq, uuid, type, point_code, created_at, received_at, content_hash, status, reason, raw, "
     "archive_seq, archive_line FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq"},
    {"event_archives", "terminal_id, first_seq, events, format, body",
     "SELECT terminal_id, first_seq, events, format, body FROM event_archives WHERE first_seq BETWEEN ? AND ? "
     "ORDER BY first_seq"},
};
constexpr std::size_t kRowsTableCount = std::size(kRowsTables);
using BatchRows = std::array<central::RowBuffer, kRowsTableCount>;

std::size_t columnCount(const char* columns) { return 1 + static_cast<std::size_t>(std::count(columns, columns + std::strlen(columns), ',')); }

// Every batch's rows as a real ingest stored them (read back from `c`).
std::vector<BatchRows> readBackRows(central::SqlConnection& c, const std::vector<wire::EventBatch>& batches)
{
    std::vector<BatchRows> out;
    for (const auto& b : batches) {
        BatchRows rows;
        for (std::size_t t = 0; t < kRowsTableCount; ++t) {
            rows[t] = central::RowBuffer(columnCount(kRowsTables[t].columns));
            const bool archive = std::string_view(kRowsTables[t].name) == "event_archives";
            for (const auto& r : c.query(kRowsTables[t].select, {b.events.front().seq, b.events.back().seq}))
                for (std::size_t k = 0; k < r.values.size(); ++k)
                    if (archive && k + 1 == r.values.size()) // the body: bytes
                        rows[t].blob(central::bytesOf(c.dialect(), r, k));
                    else
                        rows[t].value(r.values[k]);
        }
        out.push_back(std::move(rows));
    }
    return out;
}

// ------------------------------------------------------------------ ingest and floors, one backend

// The raw JSON of the events, as the raw floor's rows.
central::RowBuffer rawRows(const wire::EventBatch& b, std::int64_t& id)
{
    central::RowBuffer rows(2);
    for (const auto& e : b.events)
        rows.integer(++id).text(wire::canonicalJson(e));
    return rows;
}

// ingest/<backend>/store, floor/<backend> (raw events: the cheapest durable
// write of the batch) and floor/<backend>/rows (every row the ingest writes,
// into tables without keys, indexes or constraints), measured interleaved.
//   store: CentralStore::ingest, one transaction per batch.
//   floor (raw): one statement per batch, autocommit: COPY on PostgreSQL
//     (plus INSERT ... SELECT unnest as a second candidate; the faster is
//     the floor), a BEGIN ... COMMIT of 32-row INSERTs on SQLite.
//   floor/rows: the rows a real ingest stored (read back from a dry run of
//     the same batches), one COPY / multi-row INSERT per table, one
//     transaction per batch.
void ingestAndFloors(const std::string& backend, Postgres* pg, const TempDir& dir)
{
    const bool isPg = backend == "postgresql";
    const bool doStore = wanted("store"), doFloor = wanted("floor");
    auto dbUrl = [&](const std::string& name) {
        return isPg ? pg->createDatabase(name) : "sqlite:" + dir / (name + ".db");
    };
    auto sqlConn = [&](const std::string& name) {
        return isPg ? central::openPostgres(pg->conninfo(pg->dbName(name))) : central::openSqlite(dir / (name + ".db"));
    };
    std::vector<Lane> lanes;

    // --- the store
    std::optional<Terminal> term;
    std::unique_ptr<central::CentralStore> store;
    std::vector<wire::EventBatch> batches;
    if (doStore) {
        Lane l;
        l.fig.name = "ingest/" + backend + "/store";
        try {
            term = enrollTerminal(dbUrl("bench_store"), "HK01");
            store = central::openCentralStore(term->db, 2);
            batches = makeBatches(*term, 1, g_opt.batches + 1, g_opt.batchSize);
            l.run = [&, s = store.get()](std::size_t i) {
                central::IngestStats stats;
                const auto r = s->ingest(term->auth, batches[i], nowMs(), &stats);
                if (stats.applied != static_cast<std::int64_t>(batches[i].events.size()) || !r.rejected.empty())
                    throw std::runtime_error("batch " + std::to_string(i) + ": " + std::to_string(stats.applied) +
                                             " applied, " + std::to_string(r.rejected.size()) + " rejected" +
                                             (r.rejected.empty() ? "" : " (" + r.rejected[0].reason + ")"));
                if (r.ackedThrough != batches[i].events.back().seq)
                    throw std::runtime_error("acked_through " + std::to_string(r.ackedThrough) + " after batch " +
                                             std::to_string(i));
            };
            if (isPg)
                l.ready = [&lanes, pg, idx = lanes.size()] {
                    auto cpu = std::make_shared<BackendCpu>(*pg, pg->dbName("bench_store"));
                    lanes[idx].dbCpu = [cpu] { return cpu->seconds(); };
                    lanes[idx].fig.extra["db_backends"] = cpu->backends();
                };
            l.fig.extra["rows_per_event"] = json{{"sales", 1}, {"sale_lines", 5}, {"events", 1}, {"event_archives", 0.002}};
        } catch (const std::exception& e) {
            l.fig.error = e.what();
        }
        lanes.push_back(std::move(l));
    }

    // --- the floors
    std::int64_t rawId = 0, unnestId = 0;
    std::vector<central::RowBuffer> raws;
    std::vector<std::pair<std::string, std::string>> unnestParams; // PostgreSQL array literals
    std::vector<BatchRows> rows;
    std::unique_ptr<central::SqlConnection> rawConn, rowsConn, unnestConn;
    if (doFloor) {
        try {
            // A dry run of the same batches through a real ingest gives the rows.
            const auto t = enrollTerminal(dbUrl("bench_floor"), "HK01");
            const auto dry = makeBatches(t, 1, g_opt.batches + 1, g_opt.batchSize);
            {
                auto s = central::openCentralStore(t.db, 1);
                for (const auto& b : dry)
                    s->ingest(t.auth, b, nowMs());
            }
            rowsConn = sqlConn("bench_floor");
            rows = readBackRows(*rowsConn, dry);
            for (const auto& b : dry)
                raws.push_back(rawRows(b, rawId));
            rawId = 0;
            for (const auto& tb : kRowsTables) {
                if (isPg)
                    rowsConn->script(std::string("CREATE TABLE f_") + tb.name + " (LIKE " + tb.name +
                                     " INCLUDING ALL EXCLUDING INDEXES EXCLUDING CONSTRAINTS)");
                else
                    rowsConn->script(std::string("CREATE TABLE f_") + tb.name + " (" + tb.columns + ")");
            }
            if (isPg)
                rowsConn->script("CREATE TABLE floor_raw (id BIGINT PRIMARY KEY, raw TEXT NOT NULL)");
            // On SQLite the raw floor has a file (and so a WAL) of its own.
            rawConn = sqlConn(isPg ? "bench_floor" : "bench_floor_raw");
            if (!isPg)
                rawConn->script("CREATE TABLE floor_raw (id INTEGER PRIMARY KEY, raw TEXT NOT NULL)");
            if (isPg) {
                rowsConn->script("CREATE TABLE floor_unnest (id BIGINT PRIMARY KEY, raw TEXT NOT NULL)");
                unnestConn = sqlConn("bench_floor");
                // Array literals {1,2,...} and {"...","..."} made before the clock starts.
                for (const auto& b : dry) {
                    std::string ids = "{", texts = "{";
                    for (const auto& e : b.events) {
                        if (ids.size() > 1) {
                            ids += ',';
                            texts += ',';
                        }
                        ids += std::to_string(++unnestId);
                        texts += '"';
                        for (char ch : wire::canonicalJson(e)) {
                            if (ch == '"' || ch == '\\')
                                texts += '\\';
                            texts += ch;
                        }
                        texts += '"';
                    }
                    unnestParams.emplace_back(ids + "}", texts + "}");
                }
            }
        } catch (const std::exception& e) {
            Lane l;
            l.fig.name = "floor/" + backend;
            l.fig.error = std::string("setting up the floors: ") + e.what();
            lanes.push_back(std::move(l));
        }
        if (rawConn) {
            Lane raw;
            raw.fig.name = isPg ? "floor/" + backend + "/raw-copy" : "floor/" + backend;
            raw.run = [&, c = rawConn.get()](std::size_t i) {
                if (isPg) {
                    c->insertRows("floor_raw", "id, raw", raws[i]); // COPY, its own transaction
                } else {
                    central::Transaction tx(*c, true);
                    c->insertRows("floor_raw", "id, raw", raws[i]);
                    tx.commit();
                }
            };
            Lane rowsLane;
            rowsLane.fig.name = "floor/" + backend + "/rows";
            rowsLane.run = [&, c = rowsConn.get()](std::size_t i) {
                central::Transaction tx(*c, true);
                for (std::size_t t = 0; t < kRowsTableCount; ++t)
                    c->insertRows(std::string("f_") + kRowsTables[t].name, kRowsTables[t].columns, rows[i][t]);
                tx.commit();
            };
            lanes.push_back(std::move(raw));
            lanes.push_back(std::move(rowsLane));
            if (isPg) {
                Lane un;
                un.fig.name = "floor/" + backend + "/raw-unnest";
                un.run = [&, c = unnestConn.get()](std::size_t i) {
                    c->exec("INSERT INTO floor_unnest(id, raw) SELECT * FROM unnest(?::bigint[], ?::text[])",
                            {unnestParams[i].first, unnestParams[i].second});
                };
                lanes.push_back(std::move(un));
            }
        }
    }
    if (isPg) {
        // Each lane's backend: the store's pool connection(s) on bench_store;
        // the floors' connections are told apart by their pids.
        for (auto& l : lanes) {
            if (l.fig.name.rfind("floor/", 0) != 0)
                continue;
            central::SqlConnection* c = l.fig.name.ends_with("/rows")         ? rowsConn.get()
                                        : l.fig.name.ends_with("/raw-unnest") ? unnestConn.get()
                                                                              : rawConn.get();
            if (!c)
                continue;
            const auto pid = c->query("SELECT pg_backend_pid()")[0].integer(0);
            const std::string stat = "/proc/" + std::to_string(pid) + "/schedstat";
            l.dbCpu = [stat] {
                std::ifstream in(stat);
                double ns = 0;
                in >> ns;
                return ns / 1e9;
            };
        }
    }
    double pgCpu0 = 0;
    Clock::time_point w0;
    runInterleaved(lanes, g_opt.batches, g_opt.batchSize, [&] {
        pgCpu0 = pg ? pg->cpuSeconds() : 0;
        w0 = Clock::now();
    });
    const double wall = seconds(w0, Clock::now());
    if (doStore && store && lanes.front().fig.error.empty()) {
        try {
            const auto counts = store->counts();
            const auto expect = static_cast<std::int64_t>(batches.size()) * g_opt.batchSize;
            if (counts.events != expect || counts.sales != expect)
                throw std::runtime_error(std::to_string(counts.events) + " events and " +
                                         std::to_string(counts.sales) + " sales stored, " + std::to_string(expect) +
                                         " expected");
        } catch (const std::exception& e) {
            lanes.front().fig.error = e.what();
        }
    }
    for (auto& l : lanes) {
        if (pg) {
            // Everything else the server did meanwhile (WAL writer,
            // checkpointer, autovacuum), shared by all lanes: 10 ms ticks.
            l.fig.extra["pg_server_total_cpu_s_all_lanes"] = pg->cpuSeconds() - pgCpu0;
            l.fig.extra["interleaved_wall_s"] = wall;
        }
        note(l.fig);
    }
}

// ingest/postgresql/store-2-terminals: two terminals of two sales points push
// their batches at the same time through one store with two pooled
// connections, as a centre serving many points is always asked to; events/s
// is every event over the wall time of the whole run. The single-stream
// figure above says what one terminal's batch costs, this one what the
// machine (2 cores here) takes in.
Figure concurrentIngest(Postgres& pg)
{
    Figure fig;
    fig.name = "ingest/postgresql/store-2-terminals";
    constexpr std::size_t kStreams = 2;
    try {
        const std::string db = pg.createDatabase("bench_store2");
        const std::array<Terminal, kStreams> terms{enrollTerminal(db, "HK01"), enrollTerminal(db, "HK02")};
        auto store = central::openCentralStore(db, kStreams);
        std::array<std::vector<wire::EventBatch>, kStreams> batches;
        for (std::size_t k = 0; k < kStreams; ++k)
            batches[k] = makeBatches(terms[k], 1, g_opt.batches + 1, g_opt.batchSize);
        std::array<std::string, kStreams> errors;
        std::array<std::vector<double>, kStreams> batchMs; // each batch's time, with the other stream running
        auto push = [&](std::size_t k, std::size_t from, std::size_t to) {
            try {
                for (std::size_t i = from; i < to; ++i) {
                    central::IngestStats stats;
                    const auto b0 = Clock::now();
                    const auto r = store->ingest(terms[k].auth, batches[k][i], nowMs(), &stats);
                    if (from > 0)
                        batchMs[k].push_back(seconds(b0, Clock::now()) * 1000);
                    if (stats.applied != static_cast<std::int64_t>(batches[k][i].events.size()) ||
                        !r.rejected.empty() || r.ackedThrough != batches[k][i].events.back().seq)
                        throw std::runtime_error("terminal " + std::to_string(k + 1) + " batch " + std::to_string(i) +
                                                 ": " + std::to_string(stats.applied) + " applied");
                }
            } catch (const std::exception& e) {
                errors[k] = e.what();
            }
        };
        auto runAll = [&](std::size_t from, std::size_t to) {
            std::vector<std::thread> threads;
            for (std::size_t k = 0; k < kStreams; ++k)
                threads.emplace_back(push, k, from, to);
            for (auto& t : threads)
                t.join();
            for (const auto& e : errors)
                if (!e.empty())
                    throw std::runtime_error(e);
        };
        runAll(0, 1); // warm-up: both pool connections open
        BackendCpu cpu(pg, pg.dbName("bench_store2"));
        const double c0 = processCpuS(), d0 = cpu.seconds();
        const auto t0 = Clock::now();
        runAll(1, batches[0].size());
        fig.seconds = seconds(t0, Clock::now());
        fig.cpuSeconds = processCpuS() - c0;
        const double dbCpu = cpu.seconds() - d0;
        fig.workCpuS = fig.cpuSeconds + dbCpu;
        fig.events = static_cast<std::int64_t>(kStreams) * g_opt.batches * g_opt.batchSize;
        fig.extra["cpu_breakdown"] = {{"bench_process_s", fig.cpuSeconds}, {"db_backends_s", dbCpu}};
        fig.extra["db_backends"] = cpu.backends();
        fig.extra["terminals"] = kStreams;
        for (const auto& ms : batchMs)
            fig.batchMs.insert(fig.batchMs.end(), ms.begin(), ms.end());
        const auto counts = store->counts();
        const auto expect = static_cast<std::int64_t>(kStreams) * (g_opt.batches + 1) * g_opt.batchSize;
        if (counts.events != expect || counts.sales != expect)
            throw std::runtime_error(std::to_string(counts.events) + " events and " + std::to_string(counts.sales) +
                                     " sales stored, " + std::to_string(expect) + " expected");
    } catch (const std::exception& e) {
        fig.error = e.what();
    }
    return fig;
}

// ------------------------------------------------------------------ the real server

class CentralProcess {
public:
    explicit CentralProcess(const std::string& db, const fs::path& logDir)
    {
        int out[2];
        if (pipe(out) != 0)
            throw std::runtime_error("pipe");
        // OCOP_SYNC_BENCH_CENTRAL names another executable to run instead,
        // e.g. a script that runs ocop-central under valgrind for a profile.
        const char* binary = std::getenv("OCOP_SYNC_BENCH_CENTRAL");
        if (!binary || !*binary)
            binary = OCOP_CENTRAL_BINARY;
        std::vector<std::string> args{binary, "--db", db, "serve", "--listen", "127.0.0.1:0"};
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
            throw std::runtime_error("cannot start " + std::string(binary));
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

// One terminal's keep-alive connection to the real server, its gzipped
// bodies made before the clock starts.
class HttpTerminal {
public:
    HttpTerminal(const Terminal& t, unsigned short port) : m_token(t.token), m_port(port), m_stream(m_ioc)
    {
        for (const auto& b : makeBatches(t, 1, g_opt.batches + 1, g_opt.batchSize))
            bodies.push_back(central::gzipCompress(wire::toJson(b).dump()));
    }
    ~HttpTerminal()
    {
        boost::system::error_code ec;
        m_stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }
    json post(const std::string& body)
    {
        namespace http = boost::beast::http;
        if (!m_stream.socket().is_open())
            m_stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), m_port));
        http::request<http::string_body> req{http::verb::post, "/api/v1/events", 11};
        req.set(http::field::host, "127.0.0.1:" + std::to_string(m_port));
        req.set(http::field::content_type, "application/json");
        req.set(http::field::content_encoding, "gzip");
        req.set(http::field::authorization, "Bearer " + m_token);
        req.keep_alive(true);
        req.body() = body;
        req.prepare_payload();
        m_stream.expires_after(std::chrono::seconds(120));
        http::write(m_stream, req);
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        http::read(m_stream, m_buf, parser);
        auto res = parser.release();
        if (res.result_int() != 200)
            throw std::runtime_error("HTTP " + std::to_string(res.result_int()) + ": " + res.body());
        return json::parse(res.body());
    }
    // Batches [from, to) in order, each checked; their times go to batchMs.
    void push(std::size_t from, std::size_t to)
    {
        for (std::size_t i = from; i < to; ++i) {
            const auto b0 = Clock::now();
            const auto r = post(bodies[i]);
            batchMs.push_back(seconds(b0, Clock::now()) * 1000);
            if (!r.at("rejected").empty())
                throw std::runtime_error("rejected: " + r.at("rejected").dump().substr(0, 300));
            const auto acked = r.at("acked_through").get<std::int64_t>();
            if (acked != static_cast<std::int64_t>(i + 1) * g_opt.batchSize)
                throw std::runtime_error("acked_through " + std::to_string(acked) + " after batch " + std::to_string(i));
        }
    }
    std::vector<std::string> bodies;
    std::vector<double> batchMs;

private:
    std::string m_token;
    unsigned short m_port;
    boost::asio::io_context m_ioc;
    boost::beast::tcp_stream m_stream;
    boost::beast::flat_buffer m_buf;
};

// ingest/<backend>/http: one terminal, batch after batch; events/s over the
// sum of its batch times. ingest/<backend>/http-N-terminals: N terminals of
// N points on their own connections at once, as the centre is always asked
// to; events/s is every event over the wall time of the whole run, the
// figure for what the real server takes in end to end.
Figure ingestHttp(const std::string& backend, const std::string& db, const std::string& dbName, const fs::path& logDir,
                  Postgres* pg, std::size_t terminals = 1)
{
    Figure f;
    f.name = "ingest/" + backend + "/http" + (terminals > 1 ? "-" + std::to_string(terminals) + "-terminals" : "");
    try {
        std::vector<Terminal> enrolled;
        for (std::size_t k = 0; k < terminals; ++k)
            enrolled.push_back(enrollTerminal(db, "HK" + std::string(k < 8 ? "0" : "") + std::to_string(k + 2)));
        CentralProcess server(db, logDir);
        std::vector<std::unique_ptr<HttpTerminal>> clients;
        for (const auto& t : enrolled)
            clients.push_back(std::make_unique<HttpTerminal>(t, server.port));
        std::vector<std::string> errors(terminals);
        auto runAll = [&](std::size_t from, std::size_t to) {
            std::vector<std::thread> threads;
            for (std::size_t k = 0; k < terminals; ++k)
                threads.emplace_back([&, k] {
                    try {
                        clients[k]->push(from, to);
                    } catch (const std::exception& e) {
                        errors[k] = e.what();
                    }
                });
            for (auto& t : threads)
                t.join();
            for (const auto& e : errors)
                if (!e.empty())
                    throw std::runtime_error(e);
        };
        runAll(0, 1); // warm-up: every connection and its database connection open
        for (auto& c : clients)
            c->batchMs.clear();
        std::optional<BackendCpu> backends;
        if (pg)
            backends.emplace(*pg, dbName);
        const double cpu0 = processCpuS();
        const double srvCpu0 = server.cpuSeconds();
        const double pgCpu0 = pg ? pg->cpuSeconds() : 0;
        const double db0 = backends ? backends->seconds() : 0;
        const auto t0 = Clock::now();
        runAll(1, clients.front()->bodies.size());
        const double wall = seconds(t0, Clock::now());
        for (const auto& c : clients) {
            f.batchMs.insert(f.batchMs.end(), c->batchMs.begin(), c->batchMs.end());
            f.events += static_cast<std::int64_t>(c->batchMs.size()) * g_opt.batchSize;
        }
        if (terminals == 1)
            for (const double ms : f.batchMs)
                f.seconds += ms / 1000;
        else
            f.seconds = wall;
        f.cpuSeconds = processCpuS() - cpu0;
        // The work: ocop-central (10 ms ticks, summed over all the batches)
        // and, on PostgreSQL, its backends.
        const double central = server.cpuSeconds() - srvCpu0;
        const double dbCpu = backends ? backends->seconds() - db0 : 0;
        f.workCpuS = central + dbCpu;
        f.extra["cpu_breakdown"] = {{"ocop_central_s", central}, {"db_backends_s", dbCpu}};
        if (pg) {
            f.extra["pg_server_total_cpu_s"] = pg->cpuSeconds() - pgCpu0;
            f.extra["db_backends"] = backends->backends();
        }
        f.extra["terminals"] = terminals;
        f.extra["gzip_body_bytes_per_batch"] = clients.front()->bodies.back().size();
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
        f.workCpuS = f.cpuSeconds + f.extra["server_cpu_s"].get<double>();
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
    std::fprintf(out, "%-28s %9s %9s %9s  %s\n", "", "events/s", "median ms", "CPU us/ev", "vs the floor (batch time; CPU)");
    for (const std::string backend : {"sqlite", "postgresql"}) {
        const Figure* fl = floorOf(backend);
        auto line = [&](const Figure& f, const std::string& note) {
            if (!f.error.empty()) {
                std::fprintf(out, "  %-26s FAILED: %s\n", f.name.c_str(), f.error.c_str());
                return;
            }
            std::string ratio;
            if (fl && fl != &f) {
                char b[96];
                std::snprintf(b, sizeof b, "%.2fx", f.medianBatchMs() / fl->medianBatchMs());
                ratio = b;
                if (f.cpuUsPerEvent() > 0 && fl->cpuUsPerEvent() > 0) {
                    std::snprintf(b, sizeof b, "; %.2fx", f.cpuUsPerEvent() / fl->cpuUsPerEvent());
                    ratio += b;
                }
            } else if (fl == &f) {
                ratio = "(the floor)";
            }
            std::fprintf(out, "  %-26s %9.0f %9.1f %9.0f  %s%s\n", f.name.c_str(), f.eventsPerSecond(),
                         f.medianBatchMs(), f.cpuUsPerEvent(), ratio.c_str(), note.c_str());
        };
        for (const std::string path : {"store", "store-2-terminals", "http", "http-2-terminals"})
            if (const Figure* f = find("ingest/" + backend + "/" + path))
                line(*f, backend == "postgresql"
                             ? std::string("  ") + (f->eventsPerSecond() >= kIngestTargetPg ? "PASS" : "MISS") +
                                   " (target >= 20000/s)"
                             : "");
        for (const auto& f : g_figures)
            if (f.name.rfind("floor/" + backend, 0) == 0)
                line(f, f.name.ends_with("/rows") ? "  every row ingest writes, no keys or indexes"
                                                  : "  raw events, one statement");
    }
    if (const Figure* c = find("catchup/sqlite")) {
        if (c->error.empty())
            std::fprintf(out, "  %-26s %9.2f s for %lld events (%.0f events/s)  %s (target < %.0f s for 10000)\n",
                         c->name.c_str(), c->seconds, static_cast<long long>(c->events), c->eventsPerSecond(),
                         c->seconds < kCatchupTargetS ? "PASS" : "MISS", kCatchupTargetS);
        else
            std::fprintf(out, "  %-26s FAILED: %s\n", c->name.c_str(), c->error.c_str());
    }
    std::fprintf(out, "  (CPU us/ev: the bench process plus the PostgreSQL backends serving the figure, or ocop-central\n"
                      "   plus its backends for http; a measure of work that the machine's load does not distort)\n");
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
        if (g_opt.sqlite && (wanted("store") || wanted("floor")))
            ingestAndFloors("sqlite", nullptr, dir);
        if (g_opt.sqlite && wanted("http"))
            note(ingestHttp("sqlite", "sqlite:" + dir / "http.db", "", dir.path, nullptr));
        // PostgreSQL, started here.
        if (g_opt.postgres && (wanted("store") || wanted("http") || wanted("floor"))) {
            std::unique_ptr<Postgres> pg;
            try {
                pg = std::make_unique<Postgres>();
                doc["postgresql"] = {{"fsync", pg->setting("fsync")},
                                     {"synchronous_commit", pg->setting("synchronous_commit")},
                                     {"wal_sync_method", pg->setting("wal_sync_method")},
                                     {"full_page_writes", pg->setting("full_page_writes")},
                                     {"shared_buffers", pg->setting("shared_buffers")},
                                     {"environment", pg->environment()},
                                     {"wal_segments_recycled_before_run", pg->walSegmentsRecycled()},
                                     {"server_version", pg->setting("server_version")}};
            } catch (const std::exception& e) {
                Figure f;
                f.name = "ingest/postgresql/store";
                f.error = std::string("PostgreSQL did not start: ") + e.what();
                note(f);
            }
            if (pg) {
                if (wanted("store") || wanted("floor"))
                    ingestAndFloors("postgresql", pg.get(), dir);
                if (wanted("store"))
                    note(concurrentIngest(*pg));
                if (wanted("http")) {
                    note(ingestHttp("postgresql", pg->createDatabase("bench_http"), pg->dbName("bench_http"), dir.path,
                                    pg.get()));
                    note(ingestHttp("postgresql", pg->createDatabase("bench_http2"), pg->dbName("bench_http2"),
                                    dir.path, pg.get(), 2));
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
    json ratios = json::object(), cpuRatios = json::object();
    for (const std::string backend : {"sqlite", "postgresql"}) {
        const Figure* fl = floorOf(backend);
        if (!fl)
            continue;
        ratios["floor_" + backend] = fl->name;
        for (const auto& f : g_figures) {
            if (&f == fl || !f.error.empty() || f.name.find("/" + backend) == std::string::npos ||
                f.name.rfind("catchup", 0) == 0)
                continue;
            ratios[f.name] = f.medianBatchMs() / fl->medianBatchMs();
            if (f.cpuUsPerEvent() > 0 && fl->cpuUsPerEvent() > 0)
                cpuRatios[f.name] = f.cpuUsPerEvent() / fl->cpuUsPerEvent();
        }
    }
    doc["ratios_cpu_per_event_vs_floor"] = cpuRatios;
    doc["ratios_batch_time_vs_floor"] = ratios;
    json targets = json::object();
    if (const Figure* f = find("ingest/postgresql/store"); f && f->error.empty())
        targets["ingest_postgresql_store_events_per_s"] = {{"value", f->eventsPerSecond()}, {"target", ">= 20000"},
                                                            {"pass", f->eventsPerSecond() >= kIngestTargetPg}};
    if (const Figure* f = find("ingest/postgresql/store-2-terminals"); f && f->error.empty())
        targets["ingest_postgresql_store_2_terminals_events_per_s"] = {
            {"value", f->eventsPerSecond()}, {"target", ">= 20000"}, {"pass", f->eventsPerSecond() >= kIngestTargetPg}};
    if (const Figure* f = find("ingest/postgresql/http"); f && f->error.empty())
        targets["ingest_postgresql_http_events_per_s"] = {{"value", f->eventsPerSecond()}, {"target", ">= 20000"},
                                                           {"pass", f->eventsPerSecond() >= kIngestTargetPg}};
    if (const Figure* f = find("ingest/postgresql/http-2-terminals"); f && f->error.empty())
        targets["ingest_postgresql_http_2_terminals_events_per_s"] = {
            {"value", f->eventsPerSecond()}, {"target", ">= 20000"}, {"pass", f->eventsPerSecond() >= kIngestTargetPg}};
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
