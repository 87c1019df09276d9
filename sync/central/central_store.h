#pragma once
// The central server's storage, behind one interface. Two implementations
// share all their SQL (sql.h hides the dialect): SQLite, the embedded
// default (`sqlite:PATH`), and PostgreSQL 15 (`postgresql://...`).
#include "core/catalog.h"
#include "core/errors.h"
#include "core/timeutil.h"
#include "sync/protocol/wire.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ocop::central {

// Bad input that maps onto an HTTP status (4xx) with a machine-readable code.
class ApiError : public UserError {
public:
    ApiError(int status, std::string code, const std::string& message)
        : UserError(message), m_status(status), m_code(std::move(code))
    {
    }
    int status() const { return m_status; }
    const std::string& code() const { return m_code; }

private:
    int m_status;
    std::string m_code;
};

inline constexpr std::int64_t kEnrollCodeTtlMs = 24LL * 3600 * 1000;

struct TerminalInfo {
    std::string id;
    std::string code;       // "T1"
    std::string name;
    std::string pointCode;
    TimestampMs enrolledAt = 0;
    std::optional<TimestampMs> revokedAt;
    std::optional<TimestampMs> lastSyncAt;
    std::int64_t ackedThrough = 0;
    std::int64_t events = 0;
    std::int64_t quarantined = 0;
};

// The terminal a bearer token belongs to (only unrevoked terminals).
struct AuthTerminal {
    std::string id;
    std::string code;
    std::string pointCode;
};

// What one batch did, for metrics.
struct IngestStats {
    std::int64_t applied = 0;     // new events projected
    std::int64_t duplicates = 0;  // identical replays (no-ops)
    std::int64_t quarantined = 0; // new events quarantined (conflicts included)
};

struct CatalogSnapshot {
    std::vector<SalesPoint> points;
    std::vector<Producer> producers;
    std::vector<Product> products; // current, not removed
};

struct CatalogWriteResult {
    std::int64_t points = 0, producers = 0, products = 0; // rows created or changed
    std::int64_t version = 0;                             // catalog version after the write
};

struct StoreCounts {
    std::int64_t events = 0, applied = 0, quarantined = 0, conflicts = 0;
    std::int64_t sales = 0, returns = 0, shifts = 0, stockMovements = 0, terminals = 0;
};

struct StockLevel {
    std::string pointCode;
    std::string productCode;
    std::int64_t quantity = 0;
    std::string lot; // by lot: the lot ("" = stock with no lot named); otherwise ""
};

class CentralStore {
public:
    virtual ~CentralStore() = default;
    virtual std::string dialectName() const = 0; // "sqlite" | "postgresql"
    virtual void ping() = 0;

    // ---- admin
    virtual void addPoint(const SalesPoint& p, TimestampMs now) = 0; // UserError when it exists
    // Makes a single-use enrolment code for a point; returns the code (shown once).
    virtual std::string createEnrollCode(const std::string& pointCode, TimestampMs now,
                                         std::int64_t ttlMs = kEnrollCodeTtlMs) = 0;
    virtual std::vector<TerminalInfo> terminals() = 0;
    // The same without the per-terminal event counts (events and quarantined
    // stay 0): one read of the terminals table, cheap enough for every
    // /metrics scrape however many events are stored.
    virtual std::vector<TerminalInfo> terminalSyncStates() { return terminals(); }
    // By terminal id, or POINT-TCODE (e.g. HK01-T2). UserError when unknown.
    virtual TerminalInfo revokeTerminal(const std::string& idOrCode, TimestampMs now) = 0;

    // ---- API
    // ApiError(403) for an unknown, used or expired code; nothing is stored then.
    virtual wire::EnrollResponse enroll(const wire::EnrollRequest& req, TimestampMs now) = 0;
    virtual std::optional<AuthTerminal> authenticate(const std::string& token) = 0;
    // One transaction. ApiError(401) if the terminal was revoked meanwhile,
    // ApiError(403) if an event's point is not the terminal's. The events are
    // read from the source while the first ones are being stored; whatever
    // reading throws (wire::ProtocolError) undoes the batch like any error.
    virtual wire::BatchResult ingest(const AuthTerminal& t, wire::EventSource& events, TimestampMs now,
                                     IngestStats* stats = nullptr) = 0;
    wire::BatchResult ingest(const AuthTerminal& t, const wire::EventBatch& batch, TimestampMs now,
                             IngestStats* stats = nullptr)
    {
        wire::WholeBatch whole(batch);
        return ingest(t, whole, now, stats);
    }
    virtual wire::CatalogPage catalogChanges(std::int64_t since, std::size_t limit, TimestampMs now) = 0;

    // ---- catalog authoring (one transaction each; unchanged rows keep their version)
    virtual CatalogWriteResult upsertCatalog(const std::vector<SalesPoint>& points,
                                             const std::vector<Producer>& producers,
                                             const std::vector<Product>& products, TimestampMs now) = 0;
    // Tombstones products; UserError naming an unknown code (nothing removed then).
    virtual CatalogWriteResult removeProducts(const std::vector<std::string>& codes, TimestampMs now) = 0;
    virtual CatalogSnapshot catalog() = 0;

    // ---- reports
    // By point and local day (Asia/Ho_Chi_Minh), days inclusive "YYYY-MM-DD" (empty = open).
    virtual nlohmann::json salesReport(const std::string& fromDay, const std::string& toDay) = 0;
    // On hand per point and product ("" = every point), or per point, product
    // and lot; rows that net to zero by lot are left out.
    virtual std::vector<StockLevel> stockLevels(const std::string& pointCode, bool byLot = false) = 0;
    virtual StoreCounts counts() = 0;
    // Quarantined events and conflicts, newest first.
    virtual nlohmann::json quarantine(std::size_t limit) = 0;
    // The stored event's canonical JSON, as the terminal sent it (the first
    // copy, for a seq sent again with other content); nullopt when there is
    // no such event. terminal: its id or POINT-TCODE.
    virtual std::optional<std::string> eventJson(const std::string& terminal, std::int64_t seq) = 0;
};

// `sqlite:PATH`, a bare path, `postgresql://...` or `postgres://...`.
// Runs the migrations. poolSize: connections kept for concurrent requests.
std::unique_ptr<CentralStore> openCentralStore(const std::string& url, std::size_t poolSize = 4);

// BLAKE2b-256 of text, hex.
std::string hashHex(std::string_view text);
// 32 random bytes, hex (64 characters).
std::string randomToken();

} // namespace ocop::central
