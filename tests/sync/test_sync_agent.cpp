// The sync agent against a real HTTP server on loopback (Boost.Beast, in
// this process) and a real terminal database: ordering, batching, gzip,
// bearer, retries and backoff, a reply lost after the centre committed,
// quarantine, refusal, the data-directory lock, catalog paging and clock.
#include "sync_fixture.h"
#include "test_server.h"

#include "core/errors.h"
#include "core/events.h"
#include "sync/agent/sync_agent.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <future>
#include <thread>

using namespace synctest;
using namespace ocop;
using namespace ocop::sync;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

PassLimits fastLimits(std::chrono::milliseconds budget = 20s)
{
    PassLimits l;
    l.deadline = std::chrono::steady_clock::now() + budget;
    l.backoff.base = 20ms;
    l.backoff.cap = 200ms;
    l.batchSize = 10;
    return l;
}

struct Rig {
    explicit Rig(const std::string& tag = "agent") : term(tag)
    {
        server = std::make_unique<TestServer>([this](const Request& r) { return central.handle(r); });
        term.enrollDirectly(server->url(), central.token);
    }
    PassResult sync(const PassLimits& limits, std::function<void()> onCatalog = {})
    {
        return syncDataDir(term.store(), term.dir, http, std::nullopt, limits, onCatalog);
    }
    std::vector<Request> eventPosts() const
    {
        std::vector<Request> out;
        for (auto& r : server->requests())
            if (r.path == "/api/v1/events")
                out.push_back(r);
        return out;
    }
    FakeCentral central;
    TerminalDir term;
    std::unique_ptr<TestServer> server;
    HttpClient http{HttpOptions{}};
};

std::vector<std::int64_t> seqsOf(const Request& r)
{
    std::vector<std::int64_t> out;
    const json body = json::parse(r.body); // keep it alive: the loop below borrows from it
    for (const auto& e : body.at("events"))
        out.push_back(e.at("seq").get<std::int64_t>());
    return out;
}

} // namespace

TEST(SyncPush, SendsTheOutboxInOrderInGzippedBatchesWithTheBearerToken)
{
    Rig rig;
    rig.term.addEvents(24);
    const auto total = rig.term.store().pendingEventCount();
    ASSERT_GE(total, 25);
    const auto r = rig.sync(fastLimits());
    ASSERT_EQ(r.outcome, PassOutcome::Ok) << r.error;
    EXPECT_EQ(r.pushed, total);
    EXPECT_EQ(r.pending, 0);
    EXPECT_EQ(r.ackedThrough, rig.term.store().lastEventSeq());
    EXPECT_EQ(rig.term.store().pendingEventCount(), 0);

    const auto posts = rig.eventPosts();
    ASSERT_EQ(posts.size(), static_cast<std::size_t>((total + 9) / 10)) << "batches of 10";
    std::int64_t expect = 1;
    for (const auto& p : posts) {
        EXPECT_EQ(p.method, "POST");
        EXPECT_EQ(p.header("content-encoding"), "gzip");
        EXPECT_EQ(static_cast<unsigned char>(p.rawBody[0]), 0x1f) << "the body on the wire is gzip";
        EXPECT_LT(p.rawBody.size(), p.body.size());
        EXPECT_EQ(p.header("authorization"), "Bearer " + rig.central.token);
        EXPECT_EQ(p.header("content-type"), "application/json");
        const auto batch = wire::eventBatchFromJson(json::parse(p.body)); // strict parse, as the centre does
        EXPECT_LE(batch.events.size(), 10u);
        for (const auto& e : batch.events) {
            EXPECT_EQ(e.seq, expect++) << "ascending, gap-free, across batches";
            EXPECT_EQ(e.uuid.size(), 36u);
            EXPECT_TRUE(e.payload.is_object());
        }
    }
    EXPECT_EQ(expect - 1, total);
    EXPECT_EQ(rig.central.stored().size(), static_cast<std::size_t>(total));
    EXPECT_EQ(rig.server->connections(), 1) << "one kept-alive connection for every request of the pass";
    EXPECT_EQ(rig.http.connectionsOpened(), 1);
    EXPECT_GT(std::stoll(rig.term.store().setting(key::LastSuccess).value_or("0")), 0);

    // Nothing left: another pass sends no event batch.
    const auto again = rig.sync(fastLimits());
    EXPECT_EQ(again.outcome, PassOutcome::Ok);
    EXPECT_EQ(again.pushed, 0);
    EXPECT_EQ(rig.eventPosts().size(), posts.size());
}

TEST(SyncPush, RetriesServerErrorsAndHonoursRetryAfter)
{
    Rig rig;
    rig.term.addEvents(3);
    rig.central.eventFaults.push_back(Reply{500, R"({"error":"internal","message":"boom"})"});
    rig.central.eventFaults.push_back(Reply{503, "<html>bad gateway</html>"});
    rig.central.eventFaults.push_back(Reply{429, R"({"error":"busy","message":"slow down"})", {{"Retry-After", "1"}}});
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = rig.sync(fastLimits());
    const auto elapsed = std::chrono::steady_clock::now() - t0;
    ASSERT_EQ(r.outcome, PassOutcome::Ok) << r.error;
    EXPECT_GE(elapsed, 1000ms) << "Retry-After: 1 was honoured";
    EXPECT_LT(elapsed, 5000ms);
    const auto posts = rig.eventPosts();
    ASSERT_EQ(posts.size(), 4u);
    for (const auto& p : posts)
        EXPECT_EQ(seqsOf(p), seqsOf(posts.front())) << "the same batch is sent again";
    EXPECT_EQ(rig.term.store().pendingEventCount(), 0);
    EXPECT_EQ(rig.central.stored().size(), static_cast<std::size_t>(rig.term.store().lastEventSeq()));
}

TEST(SyncPush, AReplyLostAfterTheCentreCommittedIsRetriedAndStoredOnce)
{
    Rig rig;
    rig.term.addEvents(4);
    rig.central.commitThenDrop = 2; // commits, then cuts the connection, twice
    const auto r = rig.sync(fastLimits());
    ASSERT_EQ(r.outcome, PassOutcome::Ok) << r.error;
    const auto posts = rig.eventPosts();
    ASSERT_GE(posts.size(), 3u);
    // The centre saw the very same events again (same seq, same uuid)...
    const auto a = wire::eventBatchFromJson(json::parse(posts[0].body));
    const auto b = wire::eventBatchFromJson(json::parse(posts[1].body));
    ASSERT_EQ(a.events.size(), b.events.size());
    for (std::size_t i = 0; i < a.events.size(); ++i) {
        EXPECT_EQ(a.events[i].seq, b.events[i].seq);
        EXPECT_EQ(a.events[i].uuid, b.events[i].uuid);
        EXPECT_EQ(a.events[i].payload, b.events[i].payload);
    }
    EXPECT_GT(rig.central.duplicatesSeen(), 0);
    // ...and stores each once; the terminal marks all delivered, none quarantined.
    EXPECT_EQ(rig.central.stored().size(), static_cast<std::size_t>(rig.term.store().lastEventSeq()));
    EXPECT_TRUE(rig.central.quarantined().empty());
    EXPECT_EQ(rig.term.store().pendingEventCount(), 0);
    EXPECT_EQ(rig.term.store().quarantinedEventCount(), 0);
    EXPECT_GE(rig.server->connections(), 3) << "a new connection after each cut";
}

TEST(SyncPush, ASlowResponseTimesOutAndIsRetried)
{
    Rig rig;
    rig.term.addEvents(2);
    HttpOptions o;
    o.totalTimeout = 700ms;
    rig.http.setOptions(o);
    Reply slow{200, R"({"acked_through":0,"rejected":[],"server_time":1})"};
    slow.delay = 2000ms;
    rig.central.eventFaults.push_back(slow);
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = rig.sync(fastLimits());
    ASSERT_EQ(r.outcome, PassOutcome::Ok) << r.error;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1900ms) << "the client gave up on the slow reply";
    EXPECT_EQ(rig.eventPosts().size(), 2u);
    EXPECT_EQ(rig.term.store().pendingEventCount(), 0);
}

TEST(SyncPush, TransportFailureGivesUpWithinTheBudgetAndKeepsEverything)
{
    Rig rig;
    rig.term.addEvents(2);
    const auto pending = rig.term.store().pendingEventCount();
    const auto url = rig.server->url();
    rig.server->stop(); // nothing listens there any more
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = rig.sync(fastLimits(1500ms));
    const auto elapsed = std::chrono::steady_clock::now() - t0;
    EXPECT_EQ(r.outcome, PassOutcome::TransportFailed);
    EXPECT_NE(r.error.find("cannot reach the centre"), std::string::npos) << r.error;
    EXPECT_GT(r.attempts, 2) << "it retried";
    EXPECT_LT(elapsed, 2500ms);
    EXPECT_FALSE(r.reachedServer);
    EXPECT_EQ(rig.term.store().pendingEventCount(), pending) << "nothing lost, nothing marked";
    EXPECT_EQ(rig.term.store().setting(key::LastError).value_or(""), r.error);
}

TEST(SyncPush, ARefusalIsNotRetried)
{
    Rig rig;
    rig.term.store().setSetting(key::Token, "revoked-token");
    const auto pending = rig.term.store().pendingEventCount();
    const auto r = rig.sync(fastLimits());
    EXPECT_EQ(r.outcome, PassOutcome::Refused);
    EXPECT_EQ(r.httpStatus, 401);
    EXPECT_NE(r.error.find("401"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("revoked"), std::string::npos) << r.error;
    EXPECT_EQ(rig.eventPosts().size(), 1u) << "no hammering";
    EXPECT_EQ(rig.term.store().pendingEventCount(), pending);
}

TEST(SyncPush, AQuarantinedEventDoesNotBlockTheOnesBehindIt)
{
    Rig rig;
    rig.term.addEvents(12);
    rig.central.rejectSeqs[3] = "unknown product P-404";
    auto r = rig.sync(fastLimits());
    ASSERT_EQ(r.outcome, PassOutcome::Ok) << r.error;
    EXPECT_EQ(r.rejected, 1);
    EXPECT_EQ(r.pending, 0);
    EXPECT_EQ(r.quarantined, 1);
    const auto q = rig.term.store().quarantinedEvents(10);
    ASSERT_EQ(q.size(), 1u);
    EXPECT_EQ(q[0].seq, 3);
    EXPECT_EQ(q[0].error, "unknown product P-404");
    EXPECT_EQ(rig.central.stored().size(), static_cast<std::size_t>(rig.term.store().lastEventSeq() - 1));

    // Later events still go; the quarantined one is never sent again or deleted.
    rig.term.addEvents(2);
    r = rig.sync(fastLimits());
    ASSERT_EQ(r.outcome, PassOutcome::Ok) << r.error;
    EXPECT_EQ(r.pushed, 2);
    EXPECT_EQ(rig.term.store().pendingEventCount(), 0);
    EXPECT_EQ(rig.term.store().quarantinedEventCount(), 1);
    for (const auto& s : seqsOf(rig.eventPosts().back()))
        EXPECT_NE(s, 3);
}

TEST(SyncPush, TooLargeBatchesAreSplitAndGzipFallsBackOn415)
{
    Rig rig;
    rig.term.addEvents(9);
    rig.central.eventFaults.push_back(Reply{413, R"({"error":"too_large","message":"batch too large"})"});
    rig.central.eventFaults.push_back(Reply{415, R"({"error":"unsupported","message":"no gzip"})"});
    const auto r = rig.sync(fastLimits());
    ASSERT_EQ(r.outcome, PassOutcome::Ok) << r.error;
    const auto posts = rig.eventPosts();
    ASSERT_GE(posts.size(), 3u);
    EXPECT_EQ(seqsOf(posts[0]).size(), 10u) << posts[0].body.substr(0, 300);
    EXPECT_EQ(seqsOf(posts[1]).size(), 5u);
    EXPECT_EQ(posts[1].header("content-encoding"), "gzip");
    EXPECT_EQ(posts[2].header("content-encoding"), "");
    EXPECT_EQ(rig.term.store().pendingEventCount(), 0);
}

TEST(SyncPush, GzipResponsesAreAccepted)
{
    Rig rig;
    rig.central.gzipResponses = true;
    rig.term.addEvents(2);
    const auto r = rig.sync(fastLimits());
    ASSERT_EQ(r.outcome, PassOutcome::Ok) << r.error;
    EXPECT_NE(rig.server->requests().front().header("accept-encoding").find("gzip"), std::string::npos);
    EXPECT_EQ(rig.term.store().pendingEventCount(), 0);
}

TEST(SyncLock, ASecondAgentOnTheSameDataDirectoryIsTurnedAway)
{
    Rig rig;
    Reply slow{503, "{}"};
    slow.delay = 1500ms;
    rig.central.eventFaults.push_back(slow);
    auto first = std::async(std::launch::async, [&] { return rig.sync(fastLimits()); });
    // Wait until the first pass is talking to the server, so it holds the lock.
    for (int i = 0; i < 200 && rig.server->requests().empty(); ++i)
        std::this_thread::sleep_for(10ms);
    ASSERT_FALSE(rig.server->requests().empty());

    auto otherStore = Store::open(PosService::databasePath(rig.term.dir).string(), Store::OpenMode::OpenExisting);
    HttpClient otherHttp;
    const auto second = syncDataDir(*otherStore, rig.term.dir, otherHttp, std::nullopt, fastLimits());
    EXPECT_EQ(second.outcome, PassOutcome::Busy);
    EXPECT_NE(second.error.find("another sync is running"), std::string::npos) << second.error;
    EXPECT_EQ(second.attempts, 0) << "the second agent sent nothing";

    const auto r = first.get();
    EXPECT_EQ(r.outcome, PassOutcome::Ok) << r.error;
    EXPECT_EQ(rig.term.store().pendingEventCount(), 0);
    // And once the first is done, the second may sync.
    EXPECT_EQ(syncDataDir(*otherStore, rig.term.dir, otherHttp, std::nullopt, fastLimits()).outcome, PassOutcome::Ok);
}

namespace {

Product catalogProduct(const std::string& code, const std::string& producer, Money price)
{
    Product p;
    p.code = code;
    p.nameVi = "Sản phẩm " + code;
    p.nameEn = "Product " + code;
    p.group = OcopGroup::Food;
    p.stars = 4;
    p.producerId = producer;
    p.unit = "hộp";
    p.price = price;
    p.vatRate = 8;
    p.certificateNo = "123/QĐ-UBND";
    p.certificateIssuer = "UBND Thành phố Hà Nội";
    p.certificateIssued = "2023-05-01";
    p.certificateExpiry = "2026-05-01";
    return p;
}

} // namespace

TEST(SyncCatalog, PagesAreAppliedOneTransactionEachUntilNoMore)
{
    Rig rig;
    const auto before = rig.term.store().catalogVersion();
    const auto existing = rig.term.svc->products().front();
    const Producer producer{"NSX-SYNC", "HTX Sync", ProducerKind::Cooperative, "Xã A", "Ba Vì", "Hà Nội"};
    wire::CatalogPage p1;
    p1.since = before;
    p1.version = before + 2;
    p1.more = true;
    p1.producers = {producer};
    p1.products = {catalogProduct("SYNC-1", "NSX-SYNC", 50000)};
    wire::CatalogPage p2;
    p2.since = before + 2;
    p2.version = before + 4;
    p2.more = true;
    p2.products = {catalogProduct("SYNC-2", "NSX-SYNC", 60000)};
    p2.removedProducts = {existing.code};
    // Page 3 holds a good product and one whose producer the terminal does
    // not know: the store refuses the page, and neither product gets in.
    wire::CatalogPage p3;
    p3.since = before + 4;
    p3.version = before + 6;
    p3.products = {catalogProduct("SYNC-3", "NSX-SYNC", 70000), catalogProduct("SYNC-4", "NSX-MISSING", 80000)};
    rig.central.pages = {p1, p2, p3};
    rig.central.gzipResponses = true;

    int reloads = 0;
    auto r = rig.sync(fastLimits(), [&] { ++reloads; });
    EXPECT_EQ(r.outcome, PassOutcome::ProtocolFailed);
    EXPECT_NE(r.error.find("refused by the terminal"), std::string::npos) << r.error;
    auto& store = rig.term.store();
    EXPECT_EQ(store.catalogVersion(), before + 4) << "pages 1 and 2 applied, page 3 not";
    EXPECT_TRUE(store.product("SYNC-1"));
    EXPECT_TRUE(store.product("SYNC-2"));
    EXPECT_FALSE(store.product("SYNC-3")) << "a page is all or nothing";
    EXPECT_FALSE(store.product("SYNC-4"));
    EXPECT_FALSE(store.product(existing.code)->active) << "a tombstone takes the product off sale";
    EXPECT_EQ(reloads, 1) << "the catalog changed: the service reloads";

    // The centre fixes page 3; the next pass resumes from version before+4.
    rig.central.pages[2].products[1].producerId = "NSX-SYNC";
    r = rig.sync(fastLimits(), [&] { ++reloads; });
    ASSERT_EQ(r.outcome, PassOutcome::Ok) << r.error;
    EXPECT_EQ(r.catalogVersion, before + 6);
    EXPECT_TRUE(store.product("SYNC-4"));
    std::vector<std::string> sinces;
    for (const auto& q : rig.server->requests())
        if (q.path == "/api/v1/catalog")
            sinces.push_back(q.target);
    ASSERT_EQ(sinces.size(), 4u) << "3 pages, the refused one asked again";
    EXPECT_NE(sinces[3].find("since=" + std::to_string(before + 4)), std::string::npos) << sinces[3];
    rig.term.svc->reloadCatalog();
    EXPECT_TRUE(rig.term.svc->productByCode("SYNC-4"));
}

TEST(SyncCatalog, AMalformedPageChangesNothing)
{
    Rig rig;
    const auto before = rig.term.store().catalogVersion();
    rig.central.catalogFaults.push_back(Reply{200, R"({"since":0,"version":"9","more":false})"});
    const auto r = rig.sync(fastLimits());
    EXPECT_EQ(r.outcome, PassOutcome::ProtocolFailed);
    EXPECT_NE(r.error.find("version"), std::string::npos) << r.error;
    EXPECT_EQ(rig.term.store().catalogVersion(), before);
}

TEST(SyncClock, TheOffsetIsRecordedAndDriftReported)
{
    Rig rig;
    rig.central.clockSkewMs = 10 * 60 * 1000; // the centre is 10 min ahead of this terminal
    rig.term.addEvents(1);
    const auto r = rig.sync(fastLimits());
    ASSERT_EQ(r.outcome, PassOutcome::Ok) << r.error;
    ASSERT_TRUE(r.clockOffsetMs);
    EXPECT_NEAR(static_cast<double>(*r.clockOffsetMs), 600'000.0, 2000.0);
    EXPECT_NEAR(std::stod(rig.term.store().setting(key::ClockOffset).value_or("0")), 600'000.0, 2000.0);

    AgentOptions o;
    o.dataDir = rig.term.dir;
    SyncAgent agent(o);
    agent.start();
    for (int i = 0; i < 300 && agent.status().lastSuccess == 0; ++i)
        std::this_thread::sleep_for(10ms);
    const auto s = agent.status();
    agent.stop();
    EXPECT_TRUE(s.clockDrift);
    EXPECT_NEAR(static_cast<double>(s.clockOffsetMs), 600'000.0, 2000.0);
}

TEST(SyncAgentWorker, RunsInTheBackgroundWakesOnSyncNowAndStopsPromptly)
{
    Rig rig;
    std::atomic<int> statusCalls{0};
    std::atomic<int> catalogCalls{0};
    AgentOptions o;
    o.dataDir = rig.term.dir;
    o.interval = 60s; // only syncNow() brings a second pass within the test
    o.backoff.base = 20ms;
    o.backoff.cap = 100ms;
    o.onStatusChanged = [&](const SyncStatus&) { ++statusCalls; };
    o.onCatalogChanged = [&] { ++catalogCalls; };
    SyncAgent agent(o);
    agent.start();
    auto waitFor = [&](auto pred) {
        for (int i = 0; i < 500 && !pred(); ++i)
            std::this_thread::sleep_for(10ms);
        return pred();
    };
    ASSERT_TRUE(waitFor([&] { return agent.status().lastSuccess > 0; })) << agent.status().lastError;
    auto s = agent.status();
    EXPECT_TRUE(s.online);
    EXPECT_TRUE(s.enrolled);
    EXPECT_EQ(s.pending, 0);
    EXPECT_TRUE(s.lastError.empty());

    rig.term.addEvents(3); // the cashier sells on, in another connection
    const auto stored = rig.central.stored().size();
    agent.syncNow();
    ASSERT_TRUE(waitFor([&] { return rig.central.stored().size() == stored + 3; }));
    ASSERT_TRUE(waitFor([&] { return agent.status().pending == 0 && !agent.status().syncing; }));
    EXPECT_GT(statusCalls.load(), 2);

    // The centre goes away: the status says offline, events wait.
    rig.server->stop();
    rig.term.addEvents(1);
    agent.syncNow();
    ASSERT_TRUE(waitFor([&] { return !agent.status().online && agent.status().pending == 1; }));
    EXPECT_NE(agent.status().lastError.find("cannot reach"), std::string::npos) << agent.status().lastError;

    const auto t0 = std::chrono::steady_clock::now();
    agent.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
    EXPECT_FALSE(agent.running());
    EXPECT_EQ(catalogCalls.load(), 0);
}

TEST(SyncAgentWorker, PausesAfterARefusalUntilAskedAgain)
{
    Rig rig;
    rig.term.store().setSetting(key::Token, "revoked-token");
    AgentOptions o;
    o.dataDir = rig.term.dir;
    o.interval = 50ms;
    SyncAgent agent(o);
    agent.start();
    for (int i = 0; i < 300 && !agent.status().paused; ++i)
        std::this_thread::sleep_for(10ms);
    EXPECT_TRUE(agent.status().paused);
    std::this_thread::sleep_for(400ms); // eight intervals
    EXPECT_EQ(rig.eventPosts().size(), 1u) << "a revoked token is not tried again and again";
    EXPECT_NE(agent.status().lastError.find("401"), std::string::npos);
    // A new enrolment (new token) resumes on its own.
    rig.term.store().setSetting(key::Token, rig.central.token);
    for (int i = 0; i < 300 && agent.status().pending != 0; ++i)
        std::this_thread::sleep_for(10ms);
    EXPECT_EQ(agent.status().pending, 0);
    EXPECT_FALSE(agent.status().paused);
    agent.stop();
}

TEST(SyncEnroll, StoresTheTokenAdoptsTheCentresCodesAndLocksTheFilesDown)
{
    FakeCentral central;
    TestServer server([&](const Request& r) { return central.handle(r); });
    TerminalDir term("enroll");
    ::chmod(term.dir.c_str(), 0755);
    ::chmod(PosService::databasePath(term.dir).c_str(), 0644);
    const auto pendingBefore = term.store().pendingEvents(100);
    ASSERT_FALSE(pendingBefore.empty());
    ASSERT_EQ(json::parse(pendingBefore.front().payload).at("point"), "HK01");

    const auto r = enroll(term.store(), term.dir, server.url() + "/", "GOOD-CODE", "Quầy 1");
    EXPECT_TRUE(r.codesAdopted);
    EXPECT_EQ(r.serverUrl, server.url());
    EXPECT_EQ(r.response.pointCode, "HN02");
    auto& store = term.store();
    EXPECT_EQ(store.setting(key::Token).value_or(""), central.token);
    EXPECT_EQ(store.setting(key::ServerUrl).value_or(""), server.url());
    EXPECT_EQ(store.setting(key::TerminalId).value_or(""), r.response.terminalId);
    EXPECT_EQ(store.settings().pointCode, "HN02");
    EXPECT_EQ(store.settings().terminalCode, "T7");
    for (const auto& e : store.pendingEvents(100)) {
        const auto j = json::parse(e.payload);
        EXPECT_EQ(j.at("point"), "HN02") << "queued events carry the centre's codes";
        EXPECT_EQ(j.at("terminal"), "T7");
    }
    struct stat st{};
    ASSERT_EQ(::stat(term.dir.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 077, 0u) << "the data directory holds the token: owner only";
    ASSERT_EQ(::stat(PosService::databasePath(term.dir).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 077, 0u);

    const auto sale = term.sell();
    EXPECT_EQ(sale.receiptNo.rfind("HN02-T7-", 0), 0u) << sale.receiptNo;
    HttpClient http;
    const auto pass = syncDataDir(store, term.dir, http, std::nullopt, fastLimits());
    EXPECT_EQ(pass.outcome, PassOutcome::Ok) << pass.error;
    EXPECT_EQ(store.pendingEventCount(), 0);

    EXPECT_THROW(enroll(store, term.dir, server.url(), "USED-CODE", "Quầy 1"), UserError);
    EXPECT_THROW(enroll(store, term.dir, "localhost:1", "GOOD-CODE", "Quầy 1"), UserError);
}

TEST(SyncEnroll, KeepsTheLocalCodesOnceSalesWereRecorded)
{
    FakeCentral central;
    TestServer server([&](const Request& r) { return central.handle(r); });
    TerminalDir term("enroll-sold");
    const auto sale = term.sell();
    const auto r = enroll(term.store(), term.dir, server.url(), "GOOD-CODE", "Quầy 1");
    EXPECT_FALSE(r.codesAdopted);
    EXPECT_EQ(r.previousPointCode, "HK01");
    EXPECT_EQ(term.store().settings().pointCode, "HK01");
    EXPECT_EQ(term.store().setting(key::Token).value_or(""), central.token);
    EXPECT_EQ(json::parse(term.store().pendingEvents(1000).back().payload).at("point"), "HK01")
        << "events are never rewritten once sales exist";
}

TEST(SyncEnroll, NetworkFailuresAreNotBadInput)
{
    TerminalDir term("enroll-down");
    int port = 0;
    {
        FakeCentral central;
        TestServer server([&](const Request& r) { return central.handle(r); });
        port = server.port();
    }
    EXPECT_THROW(enroll(term.store(), term.dir, "http://127.0.0.1:" + std::to_string(port), "GOOD-CODE", "Quầy 1"),
                 EnrollError);
    EXPECT_FALSE(term.store().setting(key::Token));
}
