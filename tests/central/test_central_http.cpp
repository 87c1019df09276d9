// The real ocop-central process on 127.0.0.1, over HTTP and HTTPS, on SQLite
// and on PostgreSQL: enrolment, event pushes, bad input, tokens, catalog.
#include "central_support.h"

#include "core/events.h"
#include "core/uuid.h"
#include "sync/central/api.h"
#include "sync/central/central_store.h"
#include "sync/central/gzip.h"
#include "sync/central/metrics.h"
#include "sync/protocol/wire.h"

using namespace ocop;
using namespace central_test;
using ocop::central::gzipCompress;

namespace {

constexpr TimestampMs kAt = 1'767'225'600'000;

json saleJson(const std::string& point, std::int64_t n, Money price)
{
    Sale s;
    s.id = uuidV7(kAt + n);
    s.receiptSeq = n;
    s.receiptNo = point + "-T1-" + std::to_string(n);
    s.pointCode = point;
    s.terminalCode = "T1";
    s.createdAt = kAt + n;
    SaleLine l{1, "OCOP-00001", "", "Trà", "hộp", 1, price, price, 0, price, 8, (price * 8 + 54) / 108};
    s.lines.push_back(l);
    s.gross = s.total = s.paid = price;
    s.vat = l.vat;
    s.payments.push_back({PaymentMethod::Cash, price, ""});
    return toJson(s);
}

json eventJson(std::int64_t seq, const std::string& type, const json& payload, const std::string& uuid = {})
{
    return {{"seq", seq},
            {"uuid", uuid.empty() ? uuidV7(kAt + seq) : uuid},
            {"type", type},
            {"created_at", kAt + seq},
            {"payload", payload}};
}

std::string batchJson(const std::vector<json>& events)
{
    return json{{"protocol", 1}, {"sent_at", kAt}, {"events", events}}.dump();
}

class CentralHttpTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override
    {
        if (GetParam() == "postgresql") {
            if (!Postgres::available())
                GTEST_SKIP() << "PostgreSQL binaries are not installed";
            auto& pg = Postgres::get();
            ASSERT_TRUE(pg.ok()) << pg.error();
            db = pg.createDatabase();
        } else {
            db = "sqlite:" + dir / "central.db";
        }
        admin({"points", "add", "HK01", "--name", "Hoàn Kiếm", "--district", "Hoàn Kiếm"});
        admin({"points", "add", "BD01", "--name", "Ba Đình"});
        server = std::make_unique<ServerProcess>(db);
    }

    RunResult admin(std::vector<std::string> args, int expect = 0)
    {
        args.insert(args.begin(), {"--db", db});
        auto r = runCentral(args);
        EXPECT_EQ(r.exitCode, expect) << r.describe();
        return r;
    }

    std::string code(const std::string& point)
    {
        auto r = admin({"enroll-code", point});
        auto c = r.out;
        while (!c.empty() && c.back() == '\n')
            c.pop_back();
        return c;
    }

    Reply post(const std::string& target, const std::string& body, const std::string& token = {})
    {
        Request q;
        q.method = "POST";
        q.target = target;
        q.body = body;
        q.token = token;
        return send(server->port(), q);
    }
    Reply get(const std::string& target, const std::string& token = {})
    {
        Request q;
        q.target = target;
        q.token = token;
        return send(server->port(), q);
    }

    // Enrols a terminal; returns its token.
    std::string enroll(const std::string& point)
    {
        auto r = post("/api/v1/enroll", json{{"code", code(point)}, {"terminal_name", "Quầy 1"}}.dump());
        EXPECT_EQ(r.status, 200) << r.body;
        return r.j()["token"];
    }

    json terminals() { return json::parse(admin({"terminals", "list", "--json"}).out); }
    std::int64_t storedEvents()
    {
        std::int64_t n = 0;
        for (const auto& t : terminals())
            n += t["events"].get<std::int64_t>();
        return n;
    }

    void expectError(const Reply& r, int status, const std::string& code = {})
    {
        EXPECT_EQ(r.status, status) << r.body;
        const auto j = json::parse(r.body, nullptr, false);
        ASSERT_TRUE(j.is_object()) << r.body;
        EXPECT_TRUE(j["error"].is_string());
        EXPECT_TRUE(j["message"].is_string());
        if (!code.empty()) {
            EXPECT_EQ(j["error"], code) << r.body;
        }
    }

    TempDir dir;
    std::string db;
    std::unique_ptr<ServerProcess> server;
};

INSTANTIATE_TEST_SUITE_P(Db, CentralHttpTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(CentralHttpTest, HealthRoutesAndMethods)
{
    auto h = get("/healthz");
    EXPECT_EQ(h.status, 200);
    EXPECT_EQ(h.j()["status"], "ok");
    expectError(get("/nope"), 404, "not_found");
    auto m = get("/api/v1/events");
    expectError(m, 405, "method_not_allowed");
    EXPECT_EQ(m.headers["Allow"], "POST");
    expectError(post("/healthz", "{}"), 405);
    // Garbage that is not HTTP.
    const auto raw = sendRaw(server->port(), "HELLO\r\n\r\n");
    EXPECT_NE(raw.find("400"), std::string::npos) << raw;
}

TEST_P(CentralHttpTest, EnrolOnceAndBadEnrolments)
{
    const auto c = code("HK01");
    auto ok = post("/api/v1/enroll", json{{"code", c}, {"terminal_name", "Quầy 1"}}.dump());
    ASSERT_EQ(ok.status, 200) << ok.body;
    const auto resp = wire::enrollResponseFromJson(ok.j());
    EXPECT_EQ(resp.terminalCode, "T1");
    EXPECT_EQ(resp.pointCode, "HK01");
    EXPECT_EQ(resp.pointName, "Hoàn Kiếm");
    EXPECT_EQ(resp.token.size(), 64u);
    expectError(post("/api/v1/enroll", json{{"code", c}, {"terminal_name", "Quầy 2"}}.dump()), 403, "code_used");
    expectError(post("/api/v1/enroll", json{{"code", "ZZZZ-ZZZZ-ZZZZ-ZZZZ"}, {"terminal_name", "x"}}.dump()), 403,
                "invalid_code");
    const auto c2 = code("HK01");
    expectError(post("/api/v1/enroll", "{\"code\": \"" + c2 + "\", "), 400, "malformed_json");
    expectError(post("/api/v1/enroll", json{{"code", 42}, {"terminal_name", "x"}}.dump()), 400);
    expectError(post("/api/v1/enroll", json{{"code", c2}}.dump()), 400);
    expectError(post("/api/v1/enroll", json::array().dump()), 400);
    expectError(post("/api/v1/enroll", ""), 400);
    EXPECT_EQ(terminals().size(), 1u);
    // The code that met only bad requests still works.
    auto later = post("/api/v1/enroll", json{{"code", c2}, {"terminal_name", "Quầy 2"}}.dump());
    EXPECT_EQ(later.status, 200) << later.body;
    EXPECT_EQ(later.j()["terminal_code"], "T2");
}

TEST_P(CentralHttpTest, PushReplayConflictQuarantineAndForbidden)
{
    const auto token = enroll("HK01");
    const auto e1 = eventJson(1, "sale.completed", saleJson("HK01", 1, 125000));
    const auto e2 = eventJson(2, "sale.completed", saleJson("HK01", 2, 80000));
    auto r = post("/api/v1/events", batchJson({e1, e2}), token);
    ASSERT_EQ(r.status, 200) << r.body;
    auto res = wire::batchResultFromJson(r.j());
    EXPECT_EQ(res.ackedThrough, 2);
    EXPECT_TRUE(res.rejected.empty());

    // Identical replay: acked, nothing new.
    r = post("/api/v1/events", batchJson({e1, e2}), token);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.j()["acked_through"], 2);
    EXPECT_TRUE(r.j()["rejected"].empty());
    EXPECT_EQ(storedEvents(), 2);

    // Same seq, different content: quarantined as a conflict, stored one kept.
    auto changed = eventJson(2, "sale.completed", saleJson("HK01", 2, 99999));
    r = post("/api/v1/events", batchJson({changed}), token);
    ASSERT_EQ(r.status, 200);
    ASSERT_EQ(r.j()["rejected"].size(), 1u);
    EXPECT_EQ(r.j()["rejected"][0]["seq"], 2);
    EXPECT_NE(r.j()["rejected"][0]["reason"].get<std::string>().find("conflict"), std::string::npos);

    // Unknown type: quarantined, later events still acked.
    r = post("/api/v1/events",
             batchJson({eventJson(3, "loyalty.awarded", {{"point", "HK01"}}),
                        eventJson(4, "sale.completed", saleJson("HK01", 4, 10000))}),
             token);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.j()["acked_through"], 4);
    ASSERT_EQ(r.j()["rejected"].size(), 1u);
    EXPECT_EQ(r.j()["rejected"][0]["seq"], 3);

    // Another point's event: the whole request is refused.
    r = post("/api/v1/events",
             batchJson({eventJson(5, "sale.completed", saleJson("HK01", 5, 1000)),
                        eventJson(6, "sale.completed", saleJson("BD01", 6, 1000))}),
             token);
    expectError(r, 403, "forbidden");
    EXPECT_EQ(storedEvents(), 4);

    const auto report = json::parse(admin({"report", "sales", "--json"}).out);
    EXPECT_EQ(report["total"]["total"], 125000 + 80000 + 10000);
    EXPECT_EQ(report["total"]["sales_count"], 3);
    const auto q = json::parse(admin({"quarantine", "--json"}).out);
    EXPECT_EQ(q.size(), 2u); // the unknown type and the conflict

    // Metrics know about it.
    const auto metrics = get("/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("ocop_events_ingested_total 3"), std::string::npos) << metrics.body;
    EXPECT_NE(metrics.body.find("ocop_http_requests_total{route=\"/api/v1/events\",method=\"POST\",status=\"403\"} 1"),
              std::string::npos);
    EXPECT_NE(metrics.body.find("ocop_http_request_duration_seconds_bucket{route=\"/api/v1/events\",le=\"+Inf\"}"),
              std::string::npos);
    EXPECT_NE(metrics.body.find("ocop_terminal_last_sync_timestamp_seconds{point=\"HK01\",terminal=\"T1\""),
              std::string::npos);
}

TEST_P(CentralHttpTest, BadTokensAndRevocation)
{
    const auto token = enroll("HK01");
    const auto batch = batchJson({eventJson(1, "sale.completed", saleJson("HK01", 1, 1000))});
    expectError(post("/api/v1/events", batch), 401, "unauthorized");
    expectError(post("/api/v1/events", batch, std::string(64, 'a')), 401);
    expectError(post("/api/v1/events", batch, "not-a-token"), 401);
    auto wrongScheme = Request{"POST", "/api/v1/events", batch, {{"Authorization", "Basic " + token}}, ""};
    expectError(send(server->port(), wrongScheme), 401);
    expectError(get("/api/v1/catalog?since=0"), 401);
    EXPECT_EQ(post("/api/v1/events", batch, token).status, 200);

    const auto id = terminals()[0]["id"].get<std::string>();
    admin({"terminals", "revoke", id});
    expectError(post("/api/v1/events", batchJson({eventJson(2, "sale.completed", saleJson("HK01", 2, 1000))}), token),
                401);
    expectError(get("/api/v1/catalog?since=0", token), 401);
    EXPECT_EQ(storedEvents(), 1);
    admin({"terminals", "revoke", "nope"}, 2);
}

TEST_P(CentralHttpTest, MalformedWrongTypesAndOversizedChangeNothing)
{
    const auto token = enroll("HK01");
    expectError(post("/api/v1/events", "{\"sent_at\": 1, \"events\": [", token), 400, "malformed_json");
    // A number no double holds is malformed too, not a server error.
    expectError(post("/api/v1/events", "{\"sent_at\": 1e9999, \"events\": []}", token), 400, "malformed_json");
    expectError(post("/api/v1/events", "[]", token), 400);
    expectError(post("/api/v1/events", json{{"sent_at", "yesterday"}, {"events", json::array()}}.dump(), token), 400);
    auto wrong = eventJson(1, "sale.completed", saleJson("HK01", 1, 1000));
    wrong["seq"] = "1";
    expectError(post("/api/v1/events", batchJson({wrong}), token), 400);
    auto noPayload = eventJson(1, "sale.completed", saleJson("HK01", 1, 1000));
    noPayload.erase("payload");
    expectError(post("/api/v1/events", batchJson({noPayload}), token), 400);
    // Out of order seqs are a malformed batch.
    expectError(post("/api/v1/events",
                     batchJson({eventJson(2, "sale.completed", saleJson("HK01", 2, 1)),
                                eventJson(1, "sale.completed", saleJson("HK01", 1, 1))}),
                     token),
                400);
    // Too many events.
    std::vector<json> many;
    for (int i = 1; i <= static_cast<int>(wire::kMaxBatchEvents) + 1; ++i)
        many.push_back(eventJson(i, "shift.opened", {{"point", "HK01"}}));
    expectError(post("/api/v1/events", batchJson(many), token), 413);
    // A declared body over the limit is refused before it is read.
    const std::string head = "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                             "\r\nContent-Type: application/json\r\nContent-Length: " +
                             std::to_string(wire::kMaxBodyBytes + 1) + "\r\n\r\n{\"sent_at\":";
    const auto raw = sendRaw(server->port(), head);
    EXPECT_NE(raw.find("HTTP/1.1 413"), std::string::npos) << raw;
    EXPECT_NE(raw.find("payload_too_large"), std::string::npos) << raw;
    // A gzip bomb: small on the wire, huge inflated.
    Request bomb{"POST", "/api/v1/events", gzipCompress(std::string(wire::kMaxBodyBytes + 1024, ' ')),
                 {{"Content-Encoding", "gzip"}}, token};
    expectError(send(server->port(), bomb), 413);
    Request corrupt{"POST", "/api/v1/events", "not gzip at all", {{"Content-Encoding", "gzip"}}, token};
    expectError(send(server->port(), corrupt), 400);
    Request brotli{"POST", "/api/v1/events", "{}", {{"Content-Encoding", "br"}}, token};
    expectError(send(server->port(), brotli), 415);
    EXPECT_EQ(storedEvents(), 0);
    EXPECT_EQ(terminals()[0]["acked_through"], 0);

    // A gzip body that is fine is accepted.
    Request good{"POST", "/api/v1/events",
                 gzipCompress(batchJson({eventJson(1, "sale.completed", saleJson("HK01", 1, 5000))})),
                 {{"Content-Encoding", "gzip"}}, token};
    auto r = send(server->port(), good);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.j()["acked_through"], 1);
}

// The server stores a batch's first events while it is still reading the
// rest (on PostgreSQL, in parts of 32). A fault met late in a long batch
// undoes the events before it: nothing of the request is stored.
TEST_P(CentralHttpTest, AFaultLateInALongBatchUndoesItsFirstEvents)
{
    const auto token = enroll("HK01");
    constexpr int kEvents = 300;
    std::vector<json> events;
    for (int s = 1; s <= kEvents; ++s)
        events.push_back(eventJson(s, "sale.completed", saleJson("HK01", s, 1000 + s)));
    auto withLast = [&](json last) {
        auto all = events;
        all.back() = std::move(last);
        return batchJson(all);
    };
    // The last event speaks for another point.
    expectError(post("/api/v1/events", withLast(eventJson(kEvents, "sale.completed", saleJson("BD01", kEvents, 1))), token),
                403, "forbidden");
    // The last event has no payload.
    auto noPayload = events.back();
    noPayload.erase("payload");
    expectError(post("/api/v1/events", withLast(noPayload), token), 400, "bad_request");
    // The envelope after the events is wrong (sent_at comes after "events").
    auto body = batchJson(events);
    const auto sentAt = body.rfind("\"sent_at\":");
    ASSERT_NE(sentAt, std::string::npos);
    expectError(post("/api/v1/events", body.substr(0, sentAt) + "\"sent_at\":\"today\"}", token), 400, "bad_request");
    // The text breaks off at its very end.
    expectError(post("/api/v1/events", body.substr(0, body.size() - 1), token), 400, "malformed_json");
    // More than a batch may hold, found only at its end.
    auto many = events;
    for (int s = kEvents + 1; s <= static_cast<int>(wire::kMaxBatchEvents) + 1; ++s)
        many.push_back(eventJson(s, "shift.opened", {{"point", "HK01"}}));
    expectError(post("/api/v1/events", batchJson(many), token), 413, "payload_too_large");
    EXPECT_EQ(storedEvents(), 0);
    EXPECT_EQ(terminals()[0]["acked_through"], 0);

    // Whole, and with a \u escape from event 200 on (read by the slower
    // parser from there): all stored, each once.
    std::string escaped = body;
    const auto at200 = escaped.find("Trà", escaped.find("\"seq\":200,"));
    ASSERT_NE(at200, std::string::npos);
    escaped.replace(at200, std::string("Trà").size(), "Tr\\u00e0");
    auto r = post("/api/v1/events", escaped, token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.j()["acked_through"], kEvents);
    r = post("/api/v1/events", body, token);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.j()["acked_through"], kEvents);
    EXPECT_TRUE(r.j()["rejected"].empty()) << r.body;
    EXPECT_EQ(storedEvents(), kEvents);
    const auto report = json::parse(admin({"report", "sales", "--json"}).out);
    EXPECT_EQ(report["total"]["sales_count"], kEvents);
    EXPECT_EQ(report["total"]["total"], 1000 * kEvents + kEvents * (kEvents + 1) / 2);
}

TEST_P(CentralHttpTest, CatalogPagesWithTombstones)
{
    const auto token = enroll("HK01");
    admin({"catalog", "seed-demo", "--products", "40"});
    std::map<std::string, json> products;
    std::int64_t since = 0;
    int pages = 0;
    for (bool more = true; more; ++pages) {
        auto r = get("/api/v1/catalog?since=" + std::to_string(since) + "&limit=7", token);
        ASSERT_EQ(r.status, 200) << r.body;
        const auto page = wire::catalogPageFromJson(r.j());
        EXPECT_EQ(page.since, since);
        for (const auto& p : page.products)
            products[p.code] = toJson(p);
        for (const auto& c : page.removedProducts)
            products.erase(c);
        since = page.version;
        more = page.more;
        ASSERT_LT(pages, 200);
    }
    EXPECT_EQ(products.size(), 40u);
    EXPECT_GT(pages, 5);
    admin({"catalog", "remove", "OCOP-00001", "OCOP-00002"});
    auto r = get("/api/v1/catalog?since=" + std::to_string(since), token);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.j()["removed_products"], json({"OCOP-00001", "OCOP-00002"}));
    EXPECT_TRUE(r.j()["products"].empty());
    EXPECT_FALSE(r.j()["more"].get<bool>());
    expectError(get("/api/v1/catalog?since=-1", token), 400);
    expectError(get("/api/v1/catalog?since=abc", token), 400);
    expectError(get("/api/v1/catalog?since=0&limit=0", token), 400);
}

TEST_P(CentralHttpTest, KeepAliveServesSeveralRequestsOnOneConnection)
{
    asio::io_context ioc;
    beast::tcp_stream s(ioc);
    s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), server->port()));
    for (int i = 0; i < 5; ++i) {
        http::request<http::string_body> req{http::verb::get, "/healthz", 11};
        req.set(http::field::host, "x");
        http::write(s, req);
        beast::flat_buffer b;
        http::response<http::string_body> res;
        http::read(s, b, res);
        EXPECT_EQ(res.result_int(), 200u);
        EXPECT_TRUE(res.keep_alive());
    }
    EXPECT_EQ(server->terminate(), 0);
    server.reset();
}

TEST(CentralMetrics, ServedToLoopbackOrToTheTokenHolderOnly)
{
    TempDir dir;
    const std::string db = "sqlite:" + dir / "c.db";
    {
        // Loopback peers may scrape without a token; anyone else is refused.
        auto store = central::openCentralStore(db, 1);
        central::Metrics metrics;
        central::Api api(*store, metrics);
        central::ApiRequest req;
        req.method = "GET";
        req.target = "/metrics";
        req.loopbackPeer = true;
        EXPECT_EQ(api.handle(req).status, 200);
        req.loopbackPeer = false;
        const auto refused = api.handle(req);
        EXPECT_EQ(refused.status, 403);
        EXPECT_EQ(json::parse(refused.body)["error"], "forbidden");
    }
    const std::string tokenFile = dir / "metrics.token";
    std::ofstream(tokenFile) << "s3cret-scrape-token-0123456789\n";
    ServerProcess server(db, {"--metrics-token-file", tokenFile});
    Request q;
    q.target = "/metrics";
    EXPECT_EQ(send(server.port(), q).status, 401) << "a token is configured: loopback alone is not enough";
    q.token = "s3cret-scrape-token-012345678";
    EXPECT_EQ(send(server.port(), q).status, 401);
    q.token = "s3cret-scrape-token-0123456789";
    const auto ok = send(server.port(), q);
    EXPECT_EQ(ok.status, 200);
    EXPECT_NE(ok.body.find("ocop_http_requests_total"), std::string::npos);

    std::ofstream(dir / "short.token") << "short\n";
    auto bad = runCentral({"--db", db, "serve", "--listen", "127.0.0.1:0", "--metrics-token-file", dir / "short.token"});
    EXPECT_EQ(bad.exitCode, 2) << bad.describe();
}

TEST(CentralTls, ServesHttpsWithACertificate)
{
    TempDir dir;
    const std::string cert = dir / "cert.pem", key = dir / "key.pem";
    const int rc = shell("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key + " -out " + cert +
                         " -days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1");
    ASSERT_EQ(rc, 0) << "openssl CLI failed";
    const std::string db = "sqlite:" + dir / "c.db";
    ServerProcess server(db, {"--tls-cert", cert, "--tls-key", key});
    Request q;
    q.target = "/healthz";
    auto r = sendTls(server.port(), q, cert);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.j()["status"], "ok");
    // Plain HTTP to the TLS port gets no HTTP answer.
    EXPECT_EQ(sendRaw(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").find("200 OK"), std::string::npos);
    // Bad TLS files are bad input.
    auto bad = runCentral({"--db", db, "serve", "--listen", "127.0.0.1:0", "--tls-cert", dir / "missing.pem",
                           "--tls-key", key});
    EXPECT_EQ(bad.exitCode, 2) << bad.describe();
}

} // namespace
