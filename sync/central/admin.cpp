#include "admin.h"

#include "central_store.h"
#include "csv_import.h"
#include "http_server.h"
#include "xlsx_report.h"

#include "core/demo_catalog.h"
#include "core/events.h"
#include "core/timeutil.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace ocop::central {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* const kUsage =
    "usage: ocop-central [--db URL] COMMAND ...\n"
    "  --db sqlite:PATH | postgresql://USER@HOST/DB | postgresql:///DB?host=/socket/dir\n"
    "       (default $OCOP_CENTRAL_DB, else sqlite:$XDG_DATA_HOME/ocop-central/central.db)\n"
    "commands:\n"
    "  serve [--listen HOST:PORT] [--tls-cert FILE --tls-key FILE] [--threads N] [--db-pool N]\n"
    "        [--request-timeout SECONDS] [--metrics-token-file FILE]\n"
    "                                          serve API v1 (port 0 picks a free port; the first\n"
    "                                          line on stdout is `listening on HOST:PORT`)\n"
    "  migrate                                 create or upgrade the database schema\n"
    "  points add CODE --name NAME [--district D] [--address A] [--bank-bin BIN --bank-account ACC [--bank-name N]]\n"
    "  points bank CODE --bank-bin BIN --bank-account ACC [--bank-name N]   the account VietQR transfers pay into\n"
    "  points list [--json]\n"
    "  enroll-code POINT [--ttl-hours H]       print a single-use enrolment code (24 h)\n"
    "  terminals list [--json]\n"
    "  terminals revoke ID|POINT-TCODE         the token stops working at once\n"
    "  catalog import FILE.csv [--skip-bad]    the city's product spreadsheet (see below)\n"
    "  catalog export [--csv FILE]             same columns; stdout without --csv\n"
    "  catalog remove CODE...                  tombstone products (terminals drop them)\n"
    "  catalog seed-demo [--products N]        the demo catalog (35 points, 255 producers, 1,054 products)\n"
    "  report sales [--json | --xlsx FILE] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
    "                                          totals by point and local day; the workbook adds\n"
    "                                          products, OCOP groups and payment methods\n"
    "  report stock [--point CODE] [--by-lot] [--json | --xlsx FILE]   on-hand per point and product (and lot)\n"
    "  quarantine [--json]                     quarantined events and conflicts\n"
    "  events show TERMINAL SEQ                a stored event's JSON as the terminal sent it\n"
    "                                          (TERMINAL: its id or POINT-TCODE)\n"
    "exit: 0 ok, 2 bad input (one line on stderr, nothing changed), 1 other failure\n\n";

class UsageError : public UserError {
public:
    using UserError::UserError;
};

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    std::set<std::string> flags;
    bool has(const std::string& f) const { return flags.count(f) > 0; }
    std::string opt(const std::string& name, const std::string& fallback = {}) const
    {
        auto it = options.find(name);
        return it == options.end() ? fallback : it->second;
    }
};

Args parseArgs(int argc, char** argv)
{
    static const std::set<std::string> valued{"--db",        "--name",      "--district", "--address",
                                              "--listen",    "--tls-cert",  "--tls-key",  "--threads",
                                              "--db-pool",   "--request-timeout", "--csv", "--from",
                                              "--to",        "--products",  "--ttl-hours", "--point",
                                              "--log-level", "--xlsx", "--metrics-token-file",
                                              "--bank-bin",  "--bank-account", "--bank-name"};
    static const std::set<std::string> boolean{"--json", "--skip-bad", "--help", "--by-lot"};
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string s = argv[i];
        if (s == "-h")
            s = "--help";
        if (s.rfind("--", 0) == 0 && s.size() > 2) {
            std::string value;
            const auto eq = s.find('=');
            bool inlineValue = false;
            if (eq != std::string::npos) {
                value = s.substr(eq + 1);
                s = s.substr(0, eq);
                inlineValue = true;
            }
            if (valued.count(s)) {
                if (!inlineValue) {
                    if (i + 1 >= argc)
                        throw UsageError(s + " needs a value");
                    value = argv[++i];
                }
                a.options[s] = value;
            } else if (boolean.count(s) && !inlineValue) {
                a.flags.insert(s);
            } else {
                throw UsageError("unknown option " + s + " (see ocop-central --help)");
            }
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

std::string defaultDb()
{
    if (const char* env = std::getenv("OCOP_CENTRAL_DB"); env && *env)
        return env;
    fs::path dir;
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x)
        dir = x;
    else if (const char* h = std::getenv("HOME"); h && *h)
        dir = fs::path(h) / ".local/share";
    else
        dir = ".";
    dir /= "ocop-central";
    std::error_code ec;
    fs::create_directories(dir, ec);
    return "sqlite:" + (dir / "central.db").string();
}

std::int64_t intOption(const Args& a, const std::string& name, std::int64_t fallback, std::int64_t min,
                       std::int64_t max)
{
    const auto v = a.opt(name);
    if (v.empty())
        return fallback;
    try {
        std::size_t used = 0;
        const auto n = std::stoll(v, &used);
        if (used != v.size() || n < min || n > max)
            throw 0;
        return n;
    } catch (...) {
        throw UsageError(name + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
}

// An event seq given on the command line: a whole number from 1.
std::int64_t parseSeq(const std::string& v)
{
    std::int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || ptr != v.data() + v.size() || n < 1)
        throw UsageError("SEQ must be a whole number from 1, not '" + v + "'");
    return n;
}

void checkDay(const std::string& d, const char* name)
{
    if (!d.empty() && parseLocalDate(d) < 0)
        throw UsageError(std::string(name) + " must be a date YYYY-MM-DD");
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UserError("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string timeOrDash(const std::optional<TimestampMs>& t) { return t ? formatLocalDateTime(*t) : "-"; }

int cmdServe(CentralStore& store, const Args& a)
{
    ServerOptions o;
    const auto [host, port] = parseListen(a.opt("--listen", "127.0.0.1:8080"));
    o.host = host;
    o.port = port;
    o.tlsCert = a.opt("--tls-cert");
    o.tlsKey = a.opt("--tls-key");
    o.ioThreads = static_cast<unsigned>(intOption(a, "--threads", 2, 1, 64));
    o.dbThreads = static_cast<unsigned>(intOption(a, "--db-pool", 4, 1, 64));
    o.requestTimeout = std::chrono::seconds(intOption(a, "--request-timeout", 30, 1, 3600));
    if (const auto file = a.opt("--metrics-token-file"); !file.empty()) {
        // From a file, not the command line, so `ps` does not show it.
        std::string token = readFile(file);
        while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back())))
            token.pop_back();
        if (token.size() < 16 || token.find_first_of(" \t\r\n") != std::string::npos)
            throw UserError("--metrics-token-file: the token must be one word of at least 16 characters");
        o.metricsToken = token;
    }
    Server server(store, o);
    std::cout << "listening on " << server.boundAddress() << std::endl;
    spdlog::info("ocop-central serving {} on {} ({}), database {}", server.tls() ? "HTTPS" : "HTTP",
                 server.boundAddress(), o.ioThreads, store.dialectName());
    server.run();
    return 0;
}

int cmdPoints(CentralStore& store, const Args& a)
{
    const auto& p = a.positional;
    if (p.size() >= 2 && p[1] == "add") {
        if (p.size() != 3)
            throw UsageError("usage: ocop-central points add CODE --name NAME [--district D] [--address A] "
                             "[--bank-bin BIN --bank-account ACC [--bank-name N]]");
        SalesPoint sp{p[2],
                      a.opt("--name"),
                      a.opt("--address"),
                      a.opt("--district"),
                      a.opt("--bank-bin"),
                      a.opt("--bank-account"),
                      a.opt("--bank-name")};
        store.addPoint(sp, nowMs());
        std::cout << sp.code << "\n";
        return 0;
    }
    if (p.size() >= 2 && p[1] == "bank") {
        if (p.size() != 3 || !a.options.count("--bank-bin") || !a.options.count("--bank-account"))
            throw UsageError("usage: ocop-central points bank CODE --bank-bin BIN --bank-account ACC [--bank-name N]");
        const auto cat = store.catalog();
        auto it = std::find_if(cat.points.begin(), cat.points.end(), [&](const SalesPoint& x) { return x.code == p[2]; });
        if (it == cat.points.end())
            throw UserError("no sales point " + p[2]);
        SalesPoint sp = *it;
        sp.bankBin = a.opt("--bank-bin");
        sp.bankAccount = a.opt("--bank-account");
        sp.bankAccountName = a.opt("--bank-name");
        const auto res = store.upsertCatalog({sp}, {}, {}, nowMs());
        std::cout << sp.code << " bank " << sp.bankBin << " " << sp.bankAccount << " (catalog version " << res.version
                  << ")\n";
        return 0;
    }
    if (p.size() == 2 && p[1] == "list") {
        const auto cat = store.catalog();
        if (a.has("--json")) {
            json out = json::array();
            for (const auto& x : cat.points)
                out.push_back(ocop::toJson(x));
            std::cout << out.dump(2) << "\n";
        } else {
            for (const auto& x : cat.points)
                std::cout << x.code << "\t" << x.name << "\t" << x.district << "\n";
        }
        return 0;
    }
    throw UsageError("usage: ocop-central points add CODE --name NAME | points bank CODE ... | points list");
}

int cmdTerminals(CentralStore& store, const Args& a)
{
    const auto& p = a.positional;
    auto toJ = [](const TerminalInfo& t) {
        return json{{"id", t.id},
                    {"code", t.code},
                    {"name", t.name},
                    {"point", t.pointCode},
                    {"enrolled_at", t.enrolledAt},
                    {"revoked_at", t.revokedAt ? json(*t.revokedAt) : json(nullptr)},
                    {"last_sync_at", t.lastSyncAt ? json(*t.lastSyncAt) : json(nullptr)},
                    {"acked_through", t.ackedThrough},
                    {"events", t.events},
                    {"quarantined", t.quarantined}};
    };
    if (p.size() == 2 && p[1] == "list") {
        const auto list = store.terminals();
        if (a.has("--json")) {
            json out = json::array();
            for (const auto& t : list)
                out.push_back(toJ(t));
            std::cout << out.dump(2) << "\n";
        } else {
            for (const auto& t : list)
                std::cout << t.pointCode << "-" << t.code << "\t" << t.id << "\t" << t.name << "\t"
                          << (t.revokedAt ? "revoked" : "active") << "\tacked " << t.ackedThrough << "\tlast sync "
                          << timeOrDash(t.lastSyncAt) << "\n";
        }
        return 0;
    }
    if (p.size() == 3 && p[1] == "revoke") {
        const auto t = store.revokeTerminal(p[2], nowMs());
        if (a.has("--json"))
            std::cout << toJ(t).dump(2) << "\n";
        else
            std::cout << "revoked " << t.pointCode << "-" << t.code << " (" << t.id << ")\n";
        return 0;
    }
    throw UsageError("usage: ocop-central terminals list [--json] | terminals revoke ID");
}

int cmdCatalog(CentralStore& store, const Args& a)
{
    const auto& p = a.positional;
    const std::string sub = p.size() >= 2 ? p[1] : "";
    if (sub == "import") {
        if (p.size() != 3)
            throw UsageError("usage: ocop-central catalog import FILE.csv [--skip-bad]");
        const std::string text = readFile(p[2]);
        const auto plan = planCatalogImport(text, store.catalog());
        for (const auto& pr : plan.problems)
            std::cerr << p[2] << ":" << pr.line << ": " << pr.reason << "\n";
        const bool headerBad = !plan.problems.empty() && plan.rows == 0 && plan.products.empty();
        if (!plan.problems.empty() && (!a.has("--skip-bad") || headerBad)) {
            std::cerr << plan.problems.size() << " bad row" << (plan.problems.size() == 1 ? "" : "s")
                      << "; nothing imported" << (headerBad ? "" : " (use --skip-bad to import the good rows)")
                      << "\n";
            return 2;
        }
        const auto res = store.upsertCatalog({}, plan.producers, plan.products, nowMs());
        if (a.has("--json"))
            std::cout << json{{"rows", plan.rows},
                              {"imported", plan.products.size()},
                              {"skipped", plan.problems.size()},
                              {"products_changed", res.products},
                              {"producers_changed", res.producers},
                              {"version", res.version}}
                             .dump(2)
                      << "\n";
        else
            std::cout << "imported " << plan.products.size() << " of " << plan.rows << " rows (" << res.products
                      << " products and " << res.producers << " producers new or changed); catalog version "
                      << res.version << "\n";
        return 0;
    }
    if (sub == "export") {
        const auto csv = exportCatalogCsv(store.catalog());
        if (a.options.count("--csv")) {
            const auto path = a.opt("--csv");
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            if (!out || !(out << csv) || !out.flush())
                throw UserError("cannot write " + path);
        } else {
            std::cout << csv;
        }
        return 0;
    }
    if (sub == "remove") {
        if (p.size() < 3)
            throw UsageError("usage: ocop-central catalog remove CODE...");
        const auto res = store.removeProducts({p.begin() + 2, p.end()}, nowMs());
        std::cout << "removed " << res.products << " products; catalog version " << res.version << "\n";
        return 0;
    }
    if (sub == "seed-demo") {
        const auto n = intOption(a, "--products", static_cast<std::int64_t>(kDemoPublishedProducts), 1, 1'000'000);
        const auto demo = makeDemoCatalog(static_cast<std::size_t>(n));
        const auto res = store.upsertCatalog(demo.points, demo.producers, demo.products, nowMs());
        std::cout << "demo catalog: " << demo.points.size() << " points, " << demo.producers.size() << " producers, "
                  << demo.products.size() << " products (" << res.products << " new or changed); catalog version "
                  << res.version << "\n";
        return 0;
    }
    throw UsageError("usage: ocop-central catalog import FILE.csv [--skip-bad] | export [--csv FILE] | "
                     "remove CODE... | seed-demo [--products N]");
}

std::string vnd(std::int64_t v)
{
    std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out += '.';
        out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
}

int cmdReport(CentralStore& store, const Args& a)
{
    const auto& p = a.positional;
    if (p.size() == 2 && p[1] == "sales") {
        const auto from = a.opt("--from");
        const auto to = a.opt("--to");
        checkDay(from, "--from");
        checkDay(to, "--to");
        const auto r = store.salesReport(from, to);
        if (const auto xlsx = a.opt("--xlsx"); !xlsx.empty()) {
            writeSalesWorkbook(r, xlsx, formatLocalDateTime(nowMs()));
            std::cout << "wrote " << xlsx << ": " << r["points"].size() << " points, " << r["days"].size()
                      << " point-days, " << r["products"].size() << " products\n";
            return 0;
        }
        if (a.has("--json")) {
            std::cout << r.dump(2) << "\n";
            return 0;
        }
        std::cout << std::left << std::setw(8) << "point" << std::setw(12) << "day" << std::right << std::setw(7)
                  << "sales" << std::setw(16) << "total" << std::setw(14) << "vat" << std::setw(8) << "returns"
                  << std::setw(14) << "returned" << std::setw(16) << "net" << "\n";
        for (const auto& d : r["days"])
            std::cout << std::left << std::setw(8) << d["point"].get<std::string>() << std::setw(12)
                      << d["date"].get<std::string>() << std::right << std::setw(7) << d["sales_count"].get<std::int64_t>()
                      << std::setw(16) << vnd(d["total"]) << std::setw(14) << vnd(d["vat"]) << std::setw(8)
                      << d["returns_count"].get<std::int64_t>() << std::setw(14) << vnd(d["returns_total"])
                      << std::setw(16) << vnd(d["net"]) << "\n";
        return 0;
    }
    if (p.size() == 2 && p[1] == "stock") {
        const bool byLot = a.has("--by-lot");
        const auto levels = store.stockLevels(a.opt("--point"), byLot);
        json out = json::array();
        for (const auto& l : levels) {
            out.push_back({{"point", l.pointCode}, {"code", l.productCode}, {"quantity", l.quantity}});
            if (byLot)
                out.back()["lot"] = l.lot;
        }
        if (const auto xlsx = a.opt("--xlsx"); !xlsx.empty()) {
            writeStockWorkbook(out, xlsx, formatLocalDateTime(nowMs()));
            std::cout << "wrote " << xlsx << ": " << levels.size() << " rows\n";
        } else if (a.has("--json")) {
            std::cout << out.dump(2) << "\n";
        } else {
            for (const auto& l : levels)
                std::cout << l.pointCode << "\t" << l.productCode << (byLot ? "\t" + l.lot : "") << "\t"
                          << l.quantity << "\n";
        }
        return 0;
    }
    throw UsageError("usage: ocop-central report sales [--json | --xlsx FILE] [--from D] [--to D] | "
                     "report stock [--point P] [--by-lot] [--json | --xlsx FILE]");
}

void setupLogging(bool serving, const std::string& levelOpt)
{
    auto logger = spdlog::stderr_color_mt("ocop-central");
    spdlog::set_default_logger(logger);
    std::string level = levelOpt;
    if (level.empty())
        if (const char* env = std::getenv("OCOP_LOG_LEVEL"))
            level = env;
    if (level.empty())
        level = serving ? "info" : "warn";
    spdlog::set_level(spdlog::level::from_str(level));
    spdlog::flush_on(spdlog::level::info);
}

std::string oneLine(std::string s)
{
    for (auto& c : s)
        if (c == '\n' || c == '\r')
            c = ' ';
    return s;
}

} // namespace

int runCentral(int argc, char** argv)
{
    try {
        const Args a = parseArgs(argc, argv);
        if (a.has("--help") || (!a.positional.empty() && a.positional[0] == "help")) {
            std::cout << kUsage << kCatalogCsvHelp;
            return 0;
        }
        const std::string cmd = a.positional.empty() ? "serve" : a.positional[0];
        static const std::set<std::string> known{"serve",     "migrate", "points", "enroll-code", "terminals",
                                                 "catalog",   "report",  "quarantine", "events"};
        if (!known.count(cmd))
            throw UsageError("unknown command '" + cmd + "' (see ocop-central --help)");
        setupLogging(cmd == "serve", a.opt("--log-level"));
        const std::string db = a.opt("--db", defaultDb());
        auto store = openCentralStore(db, cmd == "serve" ? static_cast<std::size_t>(intOption(a, "--db-pool", 4, 1, 64))
                                                         : 1);
        if (cmd == "serve")
            return cmdServe(*store, a);
        if (cmd == "migrate") {
            std::cout << "database ready (" << store->dialectName() << ")\n";
            return 0;
        }
        if (cmd == "points")
            return cmdPoints(*store, a);
        if (cmd == "enroll-code") {
            if (a.positional.size() != 2)
                throw UsageError("usage: ocop-central enroll-code POINT [--ttl-hours H]");
            const auto hours = intOption(a, "--ttl-hours", 24, 1, 24 * 30);
            std::cout << store->createEnrollCode(a.positional[1], nowMs(), hours * 3600 * 1000) << "\n";
            return 0;
        }
        if (cmd == "terminals")
            return cmdTerminals(*store, a);
        if (cmd == "catalog")
            return cmdCatalog(*store, a);
        if (cmd == "report")
            return cmdReport(*store, a);
        if (cmd == "events") {
            if (a.positional.size() != 4 || a.positional[1] != "show")
                throw UsageError("usage: ocop-central events show TERMINAL SEQ");
            const auto seq = parseSeq(a.positional[3]);
            const auto e = store->eventJson(a.positional[2], seq);
            if (!e)
                throw UserError("no event seq " + a.positional[3] + " of terminal " + a.positional[2] +
                                " is stored (see `terminals list`)");
            std::cout << *e << "\n";
            return 0;
        }
        if (cmd == "quarantine") {
            const auto q = store->quarantine(200);
            if (a.has("--json"))
                std::cout << q.dump(2) << "\n";
            else
                for (const auto& x : q)
                    std::cout << x["point"].get<std::string>() << "-" << x["terminal"].get<std::string>() << " seq "
                              << x["seq"].get<std::int64_t>() << ": " << x["reason"].get<std::string>() << "\n";
            return 0;
        }
        return 0;
    } catch (const UserError& e) {
        std::cerr << "ocop-central: " << oneLine(e.what()) << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "ocop-central: " << oneLine(e.what()) << "\n";
        return 1;
    }
}

} // namespace ocop::central
