#include "sync/agent/sync_session.h"

#include "core/errors.h"
#include "sync/agent/data_dir_lock.h"

#include <spdlog/spdlog.h>

#include <curl/curl.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace ocop::sync {

namespace fs = std::filesystem;
using nlohmann::json;

const char* outcomeKey(PassOutcome o)
{
    switch (o) {
    case PassOutcome::Ok: return "ok";
    case PassOutcome::Busy: return "busy";
    case PassOutcome::NotEnrolled: return "not_enrolled";
    case PassOutcome::TransportFailed: return "transport_failed";
    case PassOutcome::Refused: return "refused";
    case PassOutcome::ProtocolFailed: return "protocol_failed";
    case PassOutcome::Aborted: return "aborted";
    }
    return "unknown";
}

SyncConfig loadSyncConfig(const Store& store, const std::optional<std::string>& serverOverride)
{
    SyncConfig c;
    const auto url = serverOverride ? serverOverride : store.setting(key::ServerUrl);
    const auto token = store.setting(key::Token);
    if (!token || token->empty())
        throw UserError("this terminal is not enrolled; run `ocop enroll URL CODE` first");
    if (!url || url->empty())
        throw UserError("no central server URL is set; run `ocop enroll URL CODE` or pass --server URL");
    c.serverUrl = normalizeServerUrl(*url);
    c.token = *token;
    c.caFile = store.setting(key::CaFile).value_or("");
    c.pinnedPubkey = store.setting(key::PinnedPubkey).value_or("");
    return c;
}

HttpOptions httpOptionsFor(const Store& store, HttpOptions base)
{
    base.caFile = store.setting(key::CaFile).value_or(base.caFile);
    base.pinnedPubkey = store.setting(key::PinnedPubkey).value_or(base.pinnedPubkey);
    return base;
}

namespace {

bool retryableStatus(long status) { return status == 408 || status == 429 || status >= 500; }

// "HTTP 401 unauthorized: token revoked", from the centre's ErrorBody when
// it sent one.
std::string describe(const HttpResponse& r)
{
    if (!r.transportOk())
        return "cannot reach the centre: " + r.error;
    std::string out = "HTTP " + std::to_string(r.status);
    try {
        const auto body = wire::errorBodyFromJson(wire::parse(r.body));
        out += " " + body.error + ": " + body.message;
    } catch (const std::exception&) {
        std::string text = r.body.substr(0, 160);
        std::replace(text.begin(), text.end(), '\n', ' ');
        if (!text.empty())
            out += ": " + text;
    }
    return out;
}

std::uint64_t randomSeed()
{
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

} // namespace

SyncSession::SyncSession(Store& store, HttpClient& http, SyncConfig config)
    : m_store(store), m_http(http), m_config(std::move(config)), m_rng(randomSeed())
{
}

struct SyncSession::Reply {
    bool ok = false; // a 2xx arrived
    HttpResponse response;
    TimestampMs sentAt = 0;
    TimestampMs receivedAt = 0;
};

// Sends until a 2xx, a final refusal, the deadline or maxAttempts. Retries
// transport errors, 408, 429 and 5xx with full-jitter backoff (Retry-After
// honoured). On failure result.outcome/error are set and ok is false.
SyncSession::Reply SyncSession::exchange(const char* what, const std::function<HttpResponse()>& send,
                                         const PassLimits& limits, PassResult& result)
{
    int failures = 0;
    while (true) {
        Reply reply;
        reply.sentAt = nowMs();
        reply.response = send();
        reply.receivedAt = nowMs();
        ++result.attempts;
        const auto& r = reply.response;
        if (r.transportOk())
            result.reachedServer = true;
        result.httpStatus = r.status;
        if (r.transportOk() && r.status >= 200 && r.status < 300) {
            reply.ok = true;
            return reply;
        }
        if (r.transportOk() && !retryableStatus(r.status)) {
            // 4xx other than 408/429: retrying cannot help and would hammer
            // the centre (a revoked token stays revoked). The caller decides
            // about 413 and 415.
            return reply;
        }
        std::optional<Millis> retryAfter;
        if (r.transportOk())
            retryAfter = parseRetryAfter(r.header("retry-after"), nowMs());
        result.retryAfter = retryAfter;
        const auto delay = retryDelay(limits.backoff, failures, retryAfter, m_rng);
        ++failures;
        const std::string why = describe(r);
        if (failures >= limits.maxAttempts || std::chrono::steady_clock::now() + delay > limits.deadline) {
            result.outcome = PassOutcome::TransportFailed;
            result.error = std::string(what) + ": " + why +
                           (failures > 1 ? " (after " + std::to_string(failures) + " tries)" : std::string()) +
                           (retryAfter ? "; the centre asks to retry in " + std::to_string(retryAfter->count() / 1000) + " s"
                                       : std::string());
            return reply;
        }
        spdlog::info("sync: {} failed ({}); retry {} in {} ms", what, why, failures, delay.count());
        const bool go = limits.sleep ? limits.sleep(delay) : (std::this_thread::sleep_for(delay), true);
        if (!go) {
            result.outcome = PassOutcome::Aborted;
            result.error = "sync stopped";
            return reply;
        }
    }
}

void SyncSession::noteClock(TimestampMs serverTime, TimestampMs sentAt, TimestampMs receivedAt, PassResult& result)
{
    if (serverTime <= 0)
        return;
    // The server stamped its time somewhere between our send and receive:
    // the midpoint halves the error the round trip brings.
    result.clockOffsetMs = serverTime - (sentAt + (receivedAt - sentAt) / 2);
}

PassResult SyncSession::run(const PassLimits& limits)
{
    PassResult result;
    if (limits.seed)
        m_rng.seed(limits.seed);
    push(limits, result);
    if (result.outcome == PassOutcome::Ok)
        pull(limits, result);
    result.pending = m_store.pendingEventCount();
    result.quarantined = m_store.quarantinedEventCount();
    result.catalogVersion = m_store.catalogVersion();
    if (result.ackedThrough == 0) {
        // Nothing acknowledged this pass: report what the terminal knows is
        // delivered, every seq below the oldest pending one.
        const auto oldest = m_store.pendingEvents(1);
        result.ackedThrough = oldest.empty() ? m_store.lastEventSeq() : oldest.front().seq - 1;
    }
    return result;
}

void SyncSession::push(const PassLimits& limits, PassResult& result)
{
    const std::string url = m_config.serverUrl + "/api/v1/events";
    int batchSize = std::clamp<int>(limits.batchSize, 1, static_cast<int>(wire::kMaxBatchEvents));
    while (true) {
        const auto pending = m_store.pendingEvents(batchSize);
        if (pending.empty())
            return;
        wire::EventBatch batch;
        batch.events.reserve(pending.size());
        for (const auto& e : pending) {
            wire::Event w{e.seq, e.uuid, e.type, e.createdAt, {}};
            try {
                w.payload = json::parse(e.payload);
            } catch (const json::parse_error&) {
                w.payload = nullptr;
            }
            if (!w.payload.is_object()) {
                // Cannot happen with events this build wrote; if it does the
                // centre would refuse the whole batch, so keep it here.
                spdlog::error("sync: event {} has no valid JSON payload; quarantined locally", e.seq);
                m_store.quarantineEvent(e.seq, "payload is not a JSON object (quarantined by the terminal)", nowMs());
                ++result.rejected;
                batch.events.clear();
                break;
            }
            batch.events.push_back(std::move(w));
        }
        if (batch.events.empty())
            continue;
        batch.sentAt = nowMs();
        const std::string body = wire::toJson(batch).dump();
        const auto reply = exchange("pushing events", [&] { return m_http.postJson(url, body, m_config.token, m_gzip); },
                                    limits, result);
        if (!reply.ok) {
            if (result.outcome != PassOutcome::Ok)
                return; // transport failure or aborted
            const long status = reply.response.status;
            if (status == 413 && batchSize > 1) {
                batchSize = std::max(1, batchSize / 2);
                spdlog::warn("sync: the centre refused a batch as too large; sending {} events per batch", batchSize);
                continue;
            }
            if (status == 415 && m_gzip) {
                m_gzip = false;
                spdlog::warn("sync: the centre does not take gzip request bodies; sending them uncompressed");
                continue;
            }
            result.outcome = PassOutcome::Refused;
            result.error = "the centre refused the events: " + describe(reply.response);
            return;
        }
        wire::BatchResult br;
        try {
            br = wire::batchResultFromJson(wire::parse(reply.response.body));
        } catch (const wire::ProtocolError& e) {
            result.outcome = PassOutcome::ProtocolFailed;
            result.error = std::string("the centre's answer to a batch is not usable: ") + e.what();
            return;
        }
        noteClock(br.serverTime, reply.sentAt, reply.receivedAt, result);

        const auto first = pending.front().seq;
        const auto last = pending.back().seq;
        std::vector<std::pair<std::int64_t, std::string>> rejected;
        for (const auto& r : br.rejected) {
            if (r.seq < first || r.seq > last) {
                spdlog::warn("sync: the centre rejected seq {} outside the batch {}..{}; ignored", r.seq, first, last);
                continue;
            }
            spdlog::warn("sync: event {} quarantined by the centre: {}", r.seq, r.reason);
            rejected.emplace_back(r.seq, r.reason);
        }
        // Never past what we sent: an ack beyond the batch would mark events
        // the centre has not seen as delivered.
        const auto through = std::min(br.ackedThrough, last);
        const auto acked = m_store.applyBatchResult(rejected, through, nowMs());
        result.pushed += acked;
        result.rejected += static_cast<std::int64_t>(rejected.size());
        result.ackedThrough = br.ackedThrough;
        if (acked == 0 && rejected.empty()) {
            result.outcome = PassOutcome::ProtocolFailed;
            result.error = "the centre acknowledged through seq " + std::to_string(br.ackedThrough) +
                           " but this terminal's oldest pending event is " + std::to_string(first) +
                           ": the centre is missing earlier events of this terminal";
            return;
        }
    }
}

void SyncSession::pull(const PassLimits& limits, PassResult& result)
{
    std::int64_t since = m_store.catalogVersion();
    const int limit = std::max(1, limits.catalogPageLimit);
    while (true) {
        const std::string url =
            m_config.serverUrl + "/api/v1/catalog?since=" + std::to_string(since) + "&limit=" + std::to_string(limit);
        const auto reply = exchange("pulling the catalog", [&] { return m_http.get(url, m_config.token); }, limits, result);
        if (!reply.ok) {
            if (result.outcome == PassOutcome::Ok) {
                result.outcome = PassOutcome::Refused;
                result.error = "the centre refused the catalog: " + describe(reply.response);
            }
            return;
        }
        wire::CatalogPage page;
        try {
            page = wire::catalogPageFromJson(wire::parse(reply.response.body));
        } catch (const wire::ProtocolError& e) {
            result.outcome = PassOutcome::ProtocolFailed;
            result.error = std::string("catalog page at version ") + std::to_string(since) + " is not usable: " + e.what();
            return;
        }
        noteClock(page.serverTime, reply.sentAt, reply.receivedAt, result);
        if (page.version < since || (page.more && page.version == since)) {
            result.outcome = PassOutcome::ProtocolFailed;
            result.error = "the centre's catalog went from version " + std::to_string(since) + " to " +
                           std::to_string(page.version) + (page.more ? " with more to come" : "");
            return;
        }
        const bool hasChanges = !page.points.empty() || !page.producers.empty() || !page.products.empty() ||
                                !page.removedProducts.empty();
        if (hasChanges || page.version != since) {
            try {
                // One transaction per page, together with the version it brings.
                m_store.applyCatalogChanges(page.points, page.producers, page.products, page.removedProducts,
                                            page.version);
            } catch (const UserError& e) {
                result.outcome = PassOutcome::ProtocolFailed;
                result.error = "catalog page at version " + std::to_string(since) + " refused by the terminal: " + e.what();
                return;
            }
            ++result.catalogPages;
            result.catalogChanged = result.catalogChanged || hasChanges;
        }
        since = page.version;
        if (!page.more)
            return;
    }
}

// ------------------------------------------------------------------ data dir

std::string secureDataDir(const fs::path& dataDir)
{
    std::string problems;
    auto tighten = [&](const fs::path& p, mode_t mode) {
        struct stat st{};
        if (::stat(p.c_str(), &st) != 0)
            return; // not there (yet): nothing to protect
        if ((st.st_mode & 077) == 0)
            return;
        if (::chmod(p.c_str(), (st.st_mode & 0700) | (mode & 0700)) != 0)
            problems += (problems.empty() ? "" : "; ") + p.string() + " is readable by others and cannot be changed";
    };
    tighten(dataDir, 0700);
    for (const char* name : {"terminal.db", "terminal.db-wal", "terminal.db-shm", "terminal.db-journal", "sync.lock"})
        tighten(dataDir / name, 0600);
    return problems;
}

PassResult syncDataDir(Store& store, const fs::path& dataDir, HttpClient& http,
                       const std::optional<std::string>& serverOverride, const PassLimits& limits,
                       const std::function<void()>& onCatalogChanged)
{
    PassResult result;
    DataDirLock lock(dataDir);
    if (!lock.locked()) {
        result.outcome = PassOutcome::Busy;
        result.error = lock.error();
        result.pending = store.pendingEventCount();
        result.quarantined = store.quarantinedEventCount();
        result.catalogVersion = store.catalogVersion();
        return result;
    }
    SyncConfig config;
    try {
        config = loadSyncConfig(store, serverOverride);
    } catch (const UserError& e) {
        result.outcome = PassOutcome::NotEnrolled;
        result.error = e.what();
        result.pending = store.pendingEventCount();
        result.quarantined = store.quarantinedEventCount();
        result.catalogVersion = store.catalogVersion();
        return result;
    }
    if (auto problem = secureDataDir(dataDir); !problem.empty())
        spdlog::warn("sync: {}", problem);
    auto options = http.options();
    options.caFile = config.caFile;
    options.pinnedPubkey = config.pinnedPubkey;
    http.setOptions(options);

    SyncSession session(store, http, config);
    result = session.run(limits);

    const auto now = nowMs();
    if (result.clockOffsetMs) {
        store.setSetting(key::ClockOffset, std::to_string(*result.clockOffsetMs));
        if (std::llabs(*result.clockOffsetMs) > wire::kClockDriftWarnMs)
            spdlog::warn("sync: this terminal's clock is {} s {} the centre's; check the date and time settings",
                         std::llabs(*result.clockOffsetMs) / 1000, *result.clockOffsetMs > 0 ? "behind" : "ahead of");
    }
    if (result.outcome == PassOutcome::Ok) {
        store.setSetting(key::LastSuccess, std::to_string(now));
        store.setSetting(key::LastError, "");
        spdlog::info("sync: pushed {} events ({} quarantined), catalog version {}, {} pending", result.pushed,
                     result.rejected, result.catalogVersion, result.pending);
    } else if (result.outcome != PassOutcome::Aborted) {
        store.setSetting(key::LastError, result.error);
        // Info, not warn: the caller reports it (the CLI's one line, the UI's
        // status); the log file keeps it.
        spdlog::info("sync: pass ended {}: {}", outcomeKey(result.outcome), result.error);
    }
    if (result.catalogChanged && onCatalogChanged)
        onCatalogChanged();
    return result;
}

// ------------------------------------------------------------------ enrolment

EnrollResult enroll(Store& store, const fs::path& dataDir, const std::string& url, const std::string& code,
                    const std::string& terminalName, HttpClient* httpIn)
{
    const std::string base = normalizeServerUrl(url);
    if (code.empty() || code.size() > 200)
        throw UserError("the enrolment code must be 1 to 200 characters");
    if (terminalName.empty() || terminalName.size() > 100)
        throw UserError("the terminal name must be 1 to 100 characters");
    DataDirLock lock(dataDir);
    if (!lock.locked())
        throw EnrollError(lock.error());

    std::unique_ptr<HttpClient> own;
    if (!httpIn)
        own = std::make_unique<HttpClient>(httpOptionsFor(store));
    HttpClient& http = httpIn ? *httpIn : *own;

    const std::string body = wire::toJson(wire::EnrollRequest{code, terminalName}).dump();
    HttpResponse r;
    TimestampMs sentAt = 0;
    TimestampMs receivedAt = 0;
    std::mt19937_64 rng(randomSeed());
    for (int attempt = 0;; ++attempt) {
        sentAt = nowMs();
        r = http.postJson(base + "/api/v1/enroll", body, "", false);
        receivedAt = nowMs();
        // Only "could not connect" is safe to repeat: the code was never seen.
        const bool neverSent = r.curlCode == CURLE_COULDNT_CONNECT || r.curlCode == CURLE_COULDNT_RESOLVE_HOST;
        if (!neverSent || attempt >= 3)
            break;
        std::this_thread::sleep_for(fullJitterDelay(BackoffPolicy{}, attempt, rng));
    }
    if (!r.transportOk())
        throw EnrollError("enrolment failed: " + describe(r));
    if (r.status >= 400 && r.status < 500)
        throw UserError("the centre refused the enrolment: " + describe(r));
    if (r.status < 200 || r.status >= 300)
        throw EnrollError("enrolment failed: " + describe(r));

    EnrollResult out;
    try {
        out.response = wire::enrollResponseFromJson(wire::parse(r.body));
    } catch (const wire::ProtocolError& e) {
        throw EnrollError(std::string("the centre's enrolment answer is not usable: ") + e.what());
    }
    if (out.response.token.empty() || out.response.terminalId.empty())
        throw EnrollError("the centre's enrolment answer has no token or terminal id");
    out.serverUrl = base;
    const auto before = store.settings();
    out.previousPointCode = before.pointCode;
    out.previousTerminalCode = before.terminalCode;
    out.clockOffsetMs = out.response.serverTime - (sentAt + (receivedAt - sentAt) / 2);
    out.codesAdopted = store.recordEnrollment({{key::ServerUrl, base},
                                               {key::Token, out.response.token},
                                               {key::TerminalId, out.response.terminalId},
                                               {key::PointName, out.response.pointName},
                                               {key::EnrolledAt, std::to_string(nowMs())},
                                               {key::ClockOffset, std::to_string(out.clockOffsetMs)},
                                               {key::LastError, ""}},
                                              out.response.pointCode, out.response.terminalCode);
    if (auto problem = secureDataDir(dataDir); !problem.empty())
        spdlog::warn("enroll: {}", problem);
    spdlog::info("enroll: terminal {} ({}-{}) enrolled at {}", out.response.terminalId, out.response.pointCode,
                 out.response.terminalCode, base);
    if (!out.codesAdopted && (before.pointCode != out.response.pointCode || before.terminalCode != out.response.terminalCode))
        spdlog::warn("enroll: sales were recorded as {}-{} before enrolment; keeping those codes (the centre says {}-{})",
                     before.pointCode, before.terminalCode, out.response.pointCode, out.response.terminalCode);
    return out;
}

} // namespace ocop::sync
