#pragma once
// The terminal's background sync: one worker thread that owns one HTTP
// handle and its own connection to the terminal database, runs a pass every
// `interval` (sooner on syncNow(), later while backing off) and keeps a
// SyncStatus any thread may read. No Qt: the touch UI polls status() or
// listens to onStatusChanged and marshals it to its own thread.
#include "core/timeutil.h"
#include "sync/agent/backoff.h"
#include "sync/agent/http_client.h"
#include "sync/agent/sync_session.h"

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace ocop::sync {

struct SyncStatus {
    bool online = false;            // the last exchange with the centre got an HTTP answer
    std::int64_t pending = 0;       // events waiting to be sent
    std::int64_t quarantined = 0;   // events the centre refused (reasons: Store::quarantinedEvents)
    TimestampMs lastSuccess = 0;    // end of the last complete pass (also in settings), 0 = never
    std::string lastError;          // one line for people, empty after a good pass
    std::int64_t clockOffsetMs = 0; // centre minus terminal
    bool clockDrift = false;        // |clockOffsetMs| > wire::kClockDriftWarnMs
    bool enrolled = false;
    bool syncing = false;           // a pass is running now
    bool paused = false;            // refused by the centre (e.g. token revoked): waits for syncNow()
};

struct AgentOptions {
    std::filesystem::path dataDir;
    std::chrono::milliseconds interval{30'000};
    BackoffPolicy backoff;
    int batchSize = 500;
    HttpOptions http; // timeouts; ca_file and pinned_pubkey come from the settings
    // Called on the worker thread after a pass that changed the catalog:
    // marshal to the thread that owns PosService and call reloadCatalog().
    std::function<void()> onCatalogChanged;
    // Called on the worker thread whenever the status changes.
    std::function<void(const SyncStatus&)> onStatusChanged;
};

class SyncAgent {
public:
    explicit SyncAgent(AgentOptions options);
    ~SyncAgent(); // stops

    void start();   // no-op when running
    void stop();    // abandons a pass between requests (at most one request's timeout) and joins
    void syncNow(); // wakes the worker for a pass now (also resumes after a refusal)
    SyncStatus status() const;
    bool running() const;

private:
    void run();
    void publish(const std::function<void(SyncStatus&)>& change);
    bool sleepFor(std::chrono::milliseconds d); // false when stopping

    AgentOptions m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    SyncStatus m_status;
    bool m_stop = false;
    bool m_wake = false;
    std::thread m_thread;
};

} // namespace ocop::sync
