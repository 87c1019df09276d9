// ocop-loadgen: many terminals syncing at once against one ocop-central on
// loopback. Each simulated terminal enrols with its own single-use code
// (POST /api/v1/enroll), then pushes a few batches of realistic events —
// sale.completed payloads made by the terminal's own core (Cart,
// saleFromCart, toJson(Sale)) wrapped in the wire protocol, gzipped as the
// agent sends them — over a keep-alive connection. All connections live in
// one io_context (Boost.Asio coroutines). Every request's latency is
// measured; the result is one JSON object on stdout: counts, errors,
// p50/p90/p99/max, throughput, and what the database holds afterwards
// (checked directly: every terminal's events stored once, contiguous,
// nothing quarantined). Exit 0 when there were no errors and the stored
// counts are exact; timing targets are reported, never turned into a
// failure here.
//
//   ocop-loadgen --db URL [--server URL] [--terminals N] [--connections C]
//                [--batches B] [--events E] [--points P] [--spread-ms S]
//                [--interval-ms I] [--server-threads T] [--db-pool D]
//
// Without --server it starts `ocop-central serve` (next to this binary) on
// 127.0.0.1:0 with --db URL and stops it at the end. --db is also used
// directly to add the points and make the enrolment codes, and to check
// what was stored.
#include "core/cart.h"
#include "core/demo_catalog.h"
#include "core/events.h"
#include "core/sale.h"
#include "core/timeutil.h"
#include "core/uuid.h"
#include "sync/central/central_store.h"
#include "sync/protocol/wire.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string db;
    std::string server; // http://127.0.0.1:PORT; empty: spawn one
    int terminals = 1000;
    int connections = 0; // 0: one per terminal
    int batches = 3;
    int events = 25;
    int points = 35;
    int spreadMs = 5000;   // terminals start at random offsets in [0, spread]
    int intervalMs = 1000; // between one terminal's batches
    int serverThreads = 2;
    int dbPool = 4;
    unsigned seed = 2021;
};

[[noreturn]] void usage(const std::string& why)
{
    std::cerr << "ocop-loadgen: " << why
              << "\nusage: ocop-loadgen --db URL [--server URL] [--terminals N] [--connections C] [--batches B]"
                 " [--events E] [--points P] [--spread-ms S] [--interval-ms I] [--server-threads T] [--db-pool D]"
                 " [--seed N]\n";
    std::exit(2);
}

Options parseArgs(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc)
                usage(a + " needs a value");
            return argv[++i];
        };
        auto num = [&](int lo, int hi) {
            const auto v = next();
            try {
                std::size_t used = 0;
                const int n = std::stoi(v, &used);
                if (used != v.size() || n < lo || n > hi)
                    throw std::out_of_range(v);
                return n;
            } catch (const std::exception&) {
                usage(a + " must be a number from " + std::to_string(lo) + " to " + std::to_string(hi));
            }
        };
        if (a == "--db") o.db = next();
        else if (a == "--server") o.server = next();
        else if (a == "--terminals") o.terminals = num(1, 100000);
        else if (a == "--connections") o.connections = num(1, 100000);
        else if (a == "--batches") o.batches = num(1, 1000);
        else if (a == "--events") o.events = num(1, static_cast<int>(ocop::wire::kMaxBatchEvents));
        else if (a == "--points") o.points = num(1, 10000);
        else if (a == "--spread-ms") o.spreadMs = num(0, 3600000);
        else if (a == "--interval-ms") o.intervalMs = num(0, 3600000);
        else if (a == "--server-threads") o.serverThreads = num(1, 64);
        else if (a == "--db-pool") o.dbPool = num(1, 64);
        else if (a == "--seed") o.seed = static_cast<unsigned>(num(0, 1 << 30));
        else if (a == "--json") {} // the only output format
        else usage("unknown argument " + a);
    }
    if (o.db.empty())
        usage("--db URL is required (sqlite:PATH or postgresql://...)");
    if (o.connections == 0 || o.connections > o.terminals)
        o.connections = o.terminals;
    return o;
}

// RLIMIT_NOFILE soft -> hard, so a thousand sockets (here and in the
// spawned server, which inherits it) fit.
rlim_t raiseFdLimit()
{
    rlimit r{};
    getrlimit(RLIMIT_NOFILE, &r);
    if (r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
        getrlimit(RLIMIT_NOFILE, &r);
    }
    return r.rlim_cur;
}

std::string gzip(const std::string& in)
{
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, in.size()) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

// ------------------------------------------------------------------ the server

class SpawnedServer {
public:
    SpawnedServer(const std::string& db, const Options& o)
    {
        const auto exe = fs::read_symlink("/proc/self/exe").parent_path() / "ocop-central";
        char tmpl[] = "/tmp/ocop-loadgen-XXXXXX";
        if (!mkdtemp(tmpl))
            throw std::runtime_error("mkdtemp failed");
        m_dir = tmpl;
        int out[2];
        if (pipe2(out, O_CLOEXEC) != 0)
            throw std::runtime_error("pipe");
        std::vector<std::string> args{exe.string(), "--db", db, "serve", "--listen", "127.0.0.1:0", "--threads",
                                      std::to_string(o.serverThreads), "--db-pool", std::to_string(o.dbPool)};
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        const auto err = (m_dir / "server.log").string();
        posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int rc = posix_spawn(&m_pid, argv[0], &fa, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        close(out[1]);
        if (rc != 0)
            throw std::runtime_error("cannot start " + exe.string());
        std::string line;
        const auto until = Clock::now() + std::chrono::seconds(60);
        while (line.find('\n') == std::string::npos && Clock::now() < until) {
            pollfd p{out[0], POLLIN, 0};
            if (poll(&p, 1, 200) > 0) {
                char buf[256];
                const auto n = read(out[0], buf, sizeof buf);
                if (n <= 0)
                    break;
                line.append(buf, static_cast<std::size_t>(n));
            }
        }
        m_fd = out[0];
        const std::string prefix = "listening on ";
        if (line.rfind(prefix, 0) != 0)
            throw std::runtime_error("ocop-central did not start: " + line);
        url = "http://" + line.substr(prefix.size(), line.find('\n') - prefix.size());
    }
    ~SpawnedServer()
    {
        if (m_pid > 0) {
            kill(m_pid, SIGTERM);
            int st = 0;
            waitpid(m_pid, &st, 0);
        }
        if (m_fd >= 0)
            close(m_fd);
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    std::string url;

private:
    pid_t m_pid = -1;
    int m_fd = -1;
    fs::path m_dir;
};

// ------------------------------------------------------------------ terminals

struct Sim {
    int index = 0;
    std::string point;
    std::string code; // enrolment code
    std::string terminalId, terminalCode, token;
    std::vector<std::string> bodies; // gzipped EventBatch JSON, one per batch
    std::vector<std::int64_t> lastSeq; // expected acked_through after each batch
    int startMs = 0;
    bool enrolled = false;
    int errors = 0;
};

struct Stats {
    std::vector<double> enrollMs, eventsMs;
    int enrollErrors = 0, eventErrors = 0, transportErrors = 0, connectErrors = 0, idleReconnects = 0;
    std::map<std::string, int> errorKinds;
    std::int64_t eventsSent = 0, bytesSent = 0;
    void error(const std::string& kind, int& counter)
    {
        ++counter;
        if (++errorKinds[kind] <= 3)
            std::cerr << "ocop-loadgen: " << kind << "\n";
    }
};

std::vector<std::string> makeBodies(Sim& t, const Options& o, const std::vector<ocop::Product>& products,
                                    std::mt19937& rng)
{
    std::vector<std::string> bodies;
    std::int64_t seq = 0, receipt = 0;
    const ocop::PaymentMethod methods[] = {ocop::PaymentMethod::Cash, ocop::PaymentMethod::Card,
                                           ocop::PaymentMethod::BankTransfer, ocop::PaymentMethod::EWallet};
    const std::string shift = ocop::uuidV7();
    for (int b = 0; b < o.batches; ++b) {
        ocop::wire::EventBatch batch;
        batch.sentAt = ocop::nowMs();
        for (int e = 0; e < o.events; ++e) {
            const auto at = ocop::nowMs();
            ocop::Cart cart;
            const int lines = 1 + static_cast<int>(rng() % 4);
            for (int l = 0; l < lines; ++l)
                cart.add(products[rng() % products.size()], 1 + static_cast<std::int64_t>(rng() % 3));
            const auto total = cart.totals().total;
            const auto method = methods[rng() % 4];
            std::vector<ocop::Payment> pays;
            if (method == ocop::PaymentMethod::Cash)
                pays.push_back({method, (total / 50000 + 1) * 50000, ""}); // with change
            else
                pays.push_back({method, total, "REF" + std::to_string(rng() % 1000000)});
            ocop::Sale s = ocop::saleFromCart(cart, pays);
            s.id = ocop::uuidV7(at);
            s.receiptSeq = ++receipt;
            s.pointCode = t.point;
            s.terminalCode = t.terminalCode;
            s.receiptNo = t.point + "-" + t.terminalCode + "-" + std::to_string(s.receiptSeq);
            s.cashierId = "U001";
            s.cashierName = "Thu ngân tải thử";
            s.shiftId = shift;
            s.createdAt = at;
            batch.events.push_back({++seq, ocop::uuidV7(at), std::string(ocop::event_type::SaleCompleted), at,
                                    ocop::toJson(s)});
        }
        bodies.push_back(gzip(ocop::wire::toJson(batch).dump()));
        t.lastSeq.push_back(seq);
    }
    return bodies;
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Client {
    const Options& o;
    std::string host;
    unsigned short port = 0;
    Stats stats;
    Clock::time_point phaseStart;
    std::map<const beast::tcp_stream*, Clock::time_point> lastUsed;

    http::request<http::string_body> request(const std::string& target, std::string body, const std::string& token,
                                             bool gzipped)
    {
        http::request<http::string_body> req{http::verb::post, target, 11};
        req.set(http::field::host, host + ":" + std::to_string(port));
        req.set(http::field::user_agent, "ocop-loadgen/1");
        req.set(http::field::content_type, "application/json");
        if (gzipped)
            req.set(http::field::content_encoding, "gzip");
        if (!token.empty())
            req.set(http::field::authorization, "Bearer " + token);
        req.keep_alive(true);
        req.body() = std::move(body);
        req.prepare_payload();
        return req;
    }

    // One exchange on the connection; reconnects first when it is closed.
    asio::awaitable<bool> exchange(beast::tcp_stream& s, bool& open, http::request<http::string_body>& req,
                                   http::response<http::string_body>& res, double& latencyMs)
    {
        beast::error_code ec;
        // Like the agent's libcurl: a connection idle longer than the
        // server's keep-alive is not reused (the server closes those).
        auto& last = lastUsed[&s];
        if (open && Clock::now() - last > std::chrono::seconds(20)) {
            s.close();
            open = false;
            ++stats.idleReconnects;
        }
        if (!open) {
            s.expires_after(std::chrono::seconds(30));
            co_await s.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address(host), port),
                                     asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                stats.error("connect: " + ec.message(), stats.connectErrors);
                co_return false;
            }
            s.socket().set_option(asio::ip::tcp::no_delay(true), ec);
            open = true;
        }
        beast::flat_buffer buf;
        const auto t0 = Clock::now();
        s.expires_after(std::chrono::seconds(60));
        co_await http::async_write(s, req, asio::redirect_error(asio::use_awaitable, ec));
        if (!ec)
            co_await http::async_read(s, buf, res, asio::redirect_error(asio::use_awaitable, ec));
        latencyMs = ms(Clock::now() - t0);
        last = Clock::now();
        if (ec) {
            stats.error("transport: " + ec.message(), stats.transportErrors);
            s.close();
            open = false;
            co_return false;
        }
        if (!res.keep_alive()) {
            s.close();
            open = false;
        }
        co_return true;
    }

    asio::awaitable<void> enrollAll(std::vector<Sim*> mine, beast::tcp_stream& s, bool& open)
    {
        for (Sim* t : mine) {
            auto req = request("/api/v1/enroll",
                               ocop::wire::toJson(ocop::wire::EnrollRequest{t->code, "Tải thử " + std::to_string(t->index)})
                                   .dump(),
                               "", false);
            http::response<http::string_body> res;
            double lat = 0;
            if (!co_await exchange(s, open, req, res, lat)) {
                ++stats.enrollErrors;
                continue;
            }
            stats.enrollMs.push_back(lat);
            if (res.result_int() != 200) {
                stats.error("enroll: HTTP " + std::to_string(res.result_int()) + " " + res.body().substr(0, 200),
                            stats.enrollErrors);
                continue;
            }
            try {
                const auto r = ocop::wire::enrollResponseFromJson(json::parse(res.body()));
                t->terminalId = r.terminalId;
                t->terminalCode = r.terminalCode;
                t->token = r.token;
                t->enrolled = t->point == r.pointCode;
                if (!t->enrolled)
                    stats.error("enroll: wrong point " + r.pointCode, stats.enrollErrors);
            } catch (const std::exception& e) {
                stats.error(std::string("enroll: bad reply: ") + e.what(), stats.enrollErrors);
            }
        }
    }

    asio::awaitable<void> pushAll(std::vector<Sim*> mine, beast::tcp_stream& s, bool& open)
    {
        auto ex = co_await asio::this_coro::executor;
        asio::steady_timer timer(ex);
        for (Sim* t : mine) {
            if (!t->enrolled)
                continue;
            for (std::size_t b = 0; b < t->bodies.size(); ++b) {
                const auto due = phaseStart + std::chrono::milliseconds(t->startMs + static_cast<int>(b) * o.intervalMs);
                if (due > Clock::now()) {
                    timer.expires_at(due);
                    beast::error_code ec;
                    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
                }
                auto req = request("/api/v1/events", t->bodies[b], t->token, true);
                stats.bytesSent += static_cast<std::int64_t>(t->bodies[b].size());
                http::response<http::string_body> res;
                double lat = 0;
                if (!co_await exchange(s, open, req, res, lat)) {
                    ++stats.eventErrors;
                    ++t->errors;
                    continue;
                }
                stats.eventsMs.push_back(lat);
                if (res.result_int() != 200) {
                    stats.error("events: HTTP " + std::to_string(res.result_int()) + " " + res.body().substr(0, 200),
                                stats.eventErrors);
                    ++t->errors;
                    continue;
                }
                try {
                    const auto r = ocop::wire::batchResultFromJson(json::parse(res.body()));
                    if (r.ackedThrough != t->lastSeq[b] || !r.rejected.empty()) {
                        stats.error("events: acked_through " + std::to_string(r.ackedThrough) + ", expected " +
                                        std::to_string(t->lastSeq[b]) + ", " + std::to_string(r.rejected.size()) +
                                        " rejected" +
                                        (r.rejected.empty() ? std::string() : ": " + r.rejected[0].reason),
                                    stats.eventErrors);
                        ++t->errors;
                    } else {
                        stats.eventsSent += o.events;
                    }
                } catch (const std::exception& e) {
                    stats.error(std::string("events: bad reply: ") + e.what(), stats.eventErrors);
                    ++t->errors;
                }
            }
        }
    }
};

json summary(std::vector<double> v, double wallS)
{
    std::sort(v.begin(), v.end());
    auto pct = [&](double p) {
        if (v.empty())
            return 0.0;
        const auto i = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size()))) - 1;
        return v[std::min(i, v.size() - 1)];
    };
    auto round3 = [](double x) { return std::round(x * 1000.0) / 1000.0; };
    double sum = 0;
    for (double x : v)
        sum += x;
    return {{"count", v.size()},
            {"p50_ms", round3(pct(50))},
            {"p90_ms", round3(pct(90))},
            {"p99_ms", round3(pct(99))},
            {"max_ms", round3(v.empty() ? 0.0 : v.back())},
            {"mean_ms", round3(v.empty() ? 0.0 : sum / static_cast<double>(v.size()))},
            {"wall_s", round3(wallS)},
            {"requests_per_s", round3(wallS > 0 ? static_cast<double>(v.size()) / wallS : 0.0)}};
}

} // namespace

int main(int argc, char** argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    const Options o = parseArgs(argc, argv);
    try {
        const auto fdLimit = raiseFdLimit();
        if (fdLimit < static_cast<rlim_t>(o.connections) + 64) {
            std::cerr << "ocop-loadgen: the open-file limit (" << fdLimit << ") is too low for " << o.connections
                      << " connections\n";
            return 1;
        }

        // Points and single-use enrolment codes, straight into the database.
        auto store = ocop::central::openCentralStore(o.db, 2);
        std::vector<std::string> points;
        std::set<std::string> existing;
        for (const auto& t : store->catalog().points)
            existing.insert(t.code);
        for (int p = 0; p < o.points; ++p) {
            char code[16];
            std::snprintf(code, sizeof code, "LD%03d", p + 1);
            points.push_back(code);
            if (!existing.count(code))
                store->addPoint({code, std::string("Điểm tải thử ") + code, "", ""}, ocop::nowMs());
        }
        std::vector<Sim> sims(static_cast<std::size_t>(o.terminals));
        std::mt19937 rng(o.seed);
        for (int i = 0; i < o.terminals; ++i) {
            auto& t = sims[static_cast<std::size_t>(i)];
            t.index = i;
            t.point = points[static_cast<std::size_t>(i % o.points)];
            t.code = store->createEnrollCode(t.point, ocop::nowMs());
            t.startMs = o.spreadMs ? static_cast<int>(rng() % static_cast<unsigned>(o.spreadMs + 1)) : 0;
        }
        const std::set<std::string> before = [&] {
            std::set<std::string> s;
            for (const auto& t : store->terminals())
                s.insert(t.id);
            return s;
        }();

        std::unique_ptr<SpawnedServer> spawned;
        std::string url = o.server;
        if (url.empty()) {
            spawned = std::make_unique<SpawnedServer>(o.db, o);
            url = spawned->url;
        }
        const auto hostPort = url.substr(url.find("://") + 3);
        Client client{o, hostPort.substr(0, hostPort.rfind(':')),
                      static_cast<unsigned short>(std::stoi(hostPort.substr(hostPort.rfind(':') + 1))),
                      {},
                      {},
                      {}};

        // Connections and the terminals each one carries.
        const auto nConn = static_cast<std::size_t>(o.connections);
        asio::io_context ioc(1);
        std::vector<std::unique_ptr<beast::tcp_stream>> streams;
        std::unique_ptr<bool[]> open(new bool[nConn]());
        std::vector<std::vector<Sim*>> assigned(nConn);
        for (std::size_t i = 0; i < sims.size(); ++i)
            assigned[i % nConn].push_back(&sims[i]);
        for (std::size_t c = 0; c < nConn; ++c)
            streams.push_back(std::make_unique<beast::tcp_stream>(ioc));

        // Phase 1: every terminal enrols, all at once.
        auto t0 = Clock::now();
        for (std::size_t c = 0; c < nConn; ++c)
            asio::co_spawn(ioc, client.enrollAll(assigned[c], *streams[c], open[c]),
                           asio::detached);
        ioc.run();
        const double enrollWall = std::chrono::duration<double>(Clock::now() - t0).count();

        // The terminals' events, made now that each knows its code.
        const auto catalog = ocop::makeDemoCatalog(200, 2021);
        std::vector<ocop::Product> products;
        for (const auto& p : catalog.products)
            if (p.active)
                products.push_back(p);
        for (auto& t : sims)
            if (t.enrolled)
                t.bodies = makeBodies(t, o, products, rng);

        // Phase 2: pushes, each terminal at its own offset, over the same
        // keep-alive connections.
        ioc.restart();
        client.phaseStart = Clock::now();
        for (std::size_t c = 0; c < nConn; ++c)
            asio::co_spawn(ioc, client.pushAll(assigned[c], *streams[c], open[c]),
                           asio::detached);
        ioc.run();
        const double pushWall = std::chrono::duration<double>(Clock::now() - client.phaseStart).count();
        for (auto& s : streams) {
            beast::error_code ec;
            s->socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
        }
        spawned.reset(); // stop the server before reading what it stored

        // What the database holds, per terminal.
        std::int64_t stored = 0, mismatched = 0, quarantined = 0;
        std::map<std::string, const Sim*> byId;
        for (const auto& t : sims)
            if (t.enrolled)
                byId[t.terminalId] = &t;
        for (const auto& t : store->terminals()) {
            if (before.count(t.id))
                continue;
            auto it = byId.find(t.id);
            stored += t.events;
            quarantined += t.quarantined;
            const std::int64_t want = it == byId.end() ? -1 : static_cast<std::int64_t>(o.batches) * o.events;
            if (it == byId.end() || t.events != want || t.ackedThrough != want || t.quarantined != 0)
                ++mismatched;
        }
        const auto enrolled = static_cast<std::int64_t>(byId.size());
        const std::int64_t expected = static_cast<std::int64_t>(o.terminals) * o.batches * o.events;
        const int errors = client.stats.enrollErrors + client.stats.eventErrors;
        auto events = summary(client.stats.eventsMs, pushWall);
        events["errors"] = client.stats.eventErrors;
        events["events_acked"] = client.stats.eventsSent;
        events["events_per_s"] = pushWall > 0 ? std::round(static_cast<double>(client.stats.eventsSent) / pushWall) : 0;
        events["gzip_bytes_sent"] = client.stats.bytesSent;
        events["idle_reconnects"] = client.stats.idleReconnects;
        auto enroll = summary(client.stats.enrollMs, enrollWall);
        enroll["errors"] = client.stats.enrollErrors;
        std::vector<double> all = client.stats.enrollMs;
        all.insert(all.end(), client.stats.eventsMs.begin(), client.stats.eventsMs.end());
        const auto overall = summary(all, enrollWall + pushWall);
        const bool exact = stored == expected && mismatched == 0 && quarantined == 0 && enrolled == o.terminals;
        json out = {{"db", store->dialectName()},
                    {"server", url},
                    {"terminals", o.terminals},
                    {"connections", o.connections},
                    {"points", o.points},
                    {"batches_per_terminal", o.batches},
                    {"events_per_batch", o.events},
                    {"spread_ms", o.spreadMs},
                    {"interval_ms", o.intervalMs},
                    {"fd_limit", static_cast<std::uint64_t>(fdLimit)},
                    {"requests", overall.at("count")},
                    {"errors", errors},
                    {"error_kinds", client.stats.errorKinds},
                    {"p50_ms", overall.at("p50_ms")},
                    {"p99_ms", overall.at("p99_ms")},
                    {"max_ms", overall.at("max_ms")},
                    {"enroll", enroll},
                    {"events", events},
                    {"stored", {{"terminals", enrolled},
                                {"events", stored},
                                {"expected_events", expected},
                                {"quarantined", quarantined},
                                {"terminals_mismatched", mismatched},
                                {"exact", exact}}},
                    {"target", {{"errors", 0}, {"p99_ms_below", 500},
                                {"met", errors == 0 && overall.at("p99_ms").get<double>() < 500.0}}}};
        std::cout << out.dump(2) << std::endl;
        return errors == 0 && exact ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "ocop-loadgen: " << e.what() << "\n";
        return 1;
    }
}
