#pragma once
// One synchronisation pass of a terminal against the centre, and enrolment.
// A pass pushes the outbox (oldest first, in batches) and then pulls catalog
// changes; it is what `ocop sync` runs once and what SyncAgent runs on its
// worker thread. No Qt here.
#include "store/store.h"
#include "sync/agent/backoff.h"
#include "sync/agent/http_client.h"
#include "sync/protocol/wire.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace ocop::sync {

// Settings keys the agent owns (table `settings` of the terminal database).
namespace key {
inline constexpr const char* ServerUrl = "sync_server_url";
inline constexpr const char* Token = "sync_token"; // bearer token; never logged
inline constexpr const char* TerminalId = "sync_terminal_id";
inline constexpr const char* PointName = "sync_point_name";
inline constexpr const char* EnrolledAt = "sync_enrolled_at";
inline constexpr const char* CaFile = "ca_file";             // PEM file of CAs to trust
inline constexpr const char* PinnedPubkey = "pinned_pubkey"; // "sha256//BASE64"
inline constexpr const char* ClockOffset = "clock_offset_ms"; // server minus local
inline constexpr const char* LastSuccess = "sync_last_success_ms";
inline constexpr const char* LastError = "sync_last_error";
} // namespace key

struct SyncConfig {
    std::string serverUrl; // normalised, no trailing slash
    std::string token;
    std::string caFile;
    std::string pinnedPubkey;
};

// The enrolment stored in `store`. serverOverride (`--server`) replaces the
// stored URL for this pass. Throws UserError when the terminal is not
// enrolled or a URL is malformed.
SyncConfig loadSyncConfig(const Store& store, const std::optional<std::string>& serverOverride = std::nullopt);

enum class PassOutcome {
    Ok,              // everything pending was delivered and the catalog is current
    Busy,            // another process holds DATA/sync.lock
    NotEnrolled,     // no server URL or token
    TransportFailed, // network down, timeouts, 5xx or 429 until retries ran out
    Refused,         // the centre said no (401 revoked token, 403, 4xx): not retried
    ProtocolFailed,  // the centre answered something we cannot use
    Aborted,         // stop() asked the pass to give up
};
const char* outcomeKey(PassOutcome);

struct PassResult {
    PassOutcome outcome = PassOutcome::Ok;
    std::string error;                 // one line for people; empty when Ok
    long httpStatus = 0;               // of the response that ended the pass, if any
    bool reachedServer = false;        // some HTTP response arrived: the centre is up
    std::int64_t pushed = 0;           // events the centre took this pass (acknowledged)
    std::int64_t rejected = 0;         // events the centre quarantined this pass
    std::int64_t ackedThrough = 0;     // the centre's last acked_through; without an answer, every seq below the oldest pending
    std::int64_t pending = 0;          // still queued after the pass
    std::int64_t quarantined = 0;      // quarantined on this terminal, all time
    std::int64_t catalogVersion = 0;
    int catalogPages = 0;
    bool catalogChanged = false;
    std::optional<std::int64_t> clockOffsetMs;
    std::optional<Millis> retryAfter;  // the server's Retry-After on the last failure
    int attempts = 0;                  // HTTP requests made
};

struct PassLimits {
    // Retries stop when the next wait would end past the deadline.
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    int maxAttempts = 1'000'000; // consecutive failed tries per request; 1 = never retry inside the pass
    int batchSize = 500;         // events per POST (the server caps at wire::kMaxBatchEvents)
    int catalogPageLimit = 500;
    BackoffPolicy backoff;
    // Sleeps between retries; returning false abandons the pass (Aborted).
    std::function<bool(Millis)> sleep;
    std::uint64_t seed = 0; // jitter seed; 0 = random
};

class SyncSession {
public:
    SyncSession(Store& store, HttpClient& http, SyncConfig config);

    // Push everything pending, then pull the catalog. Does not take the lock.
    PassResult run(const PassLimits& limits);

private:
    struct Reply;
    Reply exchange(const char* what, const std::function<HttpResponse()>& send, const PassLimits& limits,
                   PassResult& result);
    void push(const PassLimits& limits, PassResult& result);
    void pull(const PassLimits& limits, PassResult& result);
    void noteClock(TimestampMs serverTime, TimestampMs sentAt, TimestampMs receivedAt, PassResult& result);

    Store& m_store;
    HttpClient& m_http;
    SyncConfig m_config;
    std::mt19937_64 m_rng;
    bool m_gzip = true;
};

// Everything `ocop sync` does for a data directory: takes DATA/sync.lock
// (Busy when held elsewhere), tightens the directory's permissions, runs a
// pass with HTTP options from the settings, records clock offset, last
// success and last error in the settings. onCatalogChanged runs after a pull
// that changed the catalog (PosService::reloadCatalog where one is in use).
PassResult syncDataDir(Store& store, const std::filesystem::path& dataDir, HttpClient& http,
                       const std::optional<std::string>& serverOverride, const PassLimits& limits,
                       const std::function<void()>& onCatalogChanged = {});

// HTTP options for the stored enrolment: ca_file and pinned_pubkey settings
// on top of `base` (timeouts).
HttpOptions httpOptionsFor(const Store& store, HttpOptions base = {});

class EnrollError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct EnrollResult {
    wire::EnrollResponse response; // token included: show it to no one
    std::string serverUrl;
    bool codesAdopted = false; // point/terminal codes now the centre's
    std::string previousPointCode;
    std::string previousTerminalCode;
    std::int64_t clockOffsetMs = 0;
};

// POST /api/v1/enroll with a single-use code, then stores terminal id, token,
// codes and server URL (Store::recordEnrollment). Takes DATA/sync.lock.
// Throws UserError for bad input (malformed URL, empty code, a code the
// centre refuses with 4xx) and EnrollError for everything else (network,
// 5xx, lock held). Only a failure to connect at all is retried: a used code
// cannot be replayed after a lost reply.
EnrollResult enroll(Store& store, const std::filesystem::path& dataDir, const std::string& url, const std::string& code,
                    const std::string& terminalName, HttpClient* http = nullptr);

// The data directory holds the bearer token and every sale: owner-only
// (0700 directory, 0600 database files and lock). Best effort; returns what
// could not be changed, empty when all is well.
std::string secureDataDir(const std::filesystem::path& dataDir);

} // namespace ocop::sync
