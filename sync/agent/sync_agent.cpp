#include "sync/agent/sync_agent.h"

#include "service/pos_service.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace ocop::sync {

SyncAgent::SyncAgent(AgentOptions options) : m_options(std::move(options)) {}

SyncAgent::~SyncAgent() { stop(); }

void SyncAgent::start()
{
    std::lock_guard lock(m_mutex);
    if (m_thread.joinable())
        return;
    m_stop = false;
    m_wake = false; // the worker starts with a pass anyway
    m_thread = std::thread([this] { run(); });
}

void SyncAgent::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_thread.joinable())
            return;
        m_stop = true;
    }
    m_cv.notify_all();
    m_thread.join();
}

void SyncAgent::syncNow()
{
    {
        std::lock_guard lock(m_mutex);
        m_wake = true;
    }
    m_cv.notify_all();
}

SyncStatus SyncAgent::status() const
{
    std::lock_guard lock(m_mutex);
    return m_status;
}

bool SyncAgent::running() const
{
    std::lock_guard lock(m_mutex);
    return m_thread.joinable() && !m_stop;
}

void SyncAgent::publish(const std::function<void(SyncStatus&)>& change)
{
    SyncStatus copy;
    {
        std::lock_guard lock(m_mutex);
        change(m_status);
        copy = m_status;
    }
    if (m_options.onStatusChanged)
        m_options.onStatusChanged(copy);
}

bool SyncAgent::sleepFor(std::chrono::milliseconds d)
{
    std::unique_lock lock(m_mutex);
    m_cv.wait_for(lock, d, [this] { return m_stop; });
    return !m_stop;
}

void SyncAgent::run()
{
    std::unique_ptr<Store> store;
    std::unique_ptr<HttpClient> http;
    std::mt19937_64 rng(std::random_device{}());
    int failures = 0;
    bool paused = false;
    std::string pausedToken;

    while (true) {
        std::chrono::milliseconds wait = m_options.interval;
        try {
            if (!store)
                store = Store::open(PosService::databasePath(m_options.dataDir).string(), Store::OpenMode::OpenExisting);
            if (!http)
                http = std::make_unique<HttpClient>(m_options.http);
            const auto token = store->setting(key::Token).value_or("");
            if (paused && token != pausedToken)
                paused = false; // re-enrolled since the refusal
            const auto lastSuccess = store->setting(key::LastSuccess);
            const auto offset = store->setting(key::ClockOffset);
            publish([&](SyncStatus& s) {
                s.enrolled = !token.empty();
                s.pending = store->pendingEventCount();
                s.quarantined = store->quarantinedEventCount();
                s.lastSuccess = lastSuccess ? std::atoll(lastSuccess->c_str()) : 0;
                s.clockOffsetMs = offset ? std::atoll(offset->c_str()) : 0;
                s.clockDrift = std::llabs(s.clockOffsetMs) > wire::kClockDriftWarnMs;
                s.paused = paused;
            });

            if (!paused && !token.empty()) {
                publish([](SyncStatus& s) { s.syncing = true; });
                PassLimits limits;
                limits.maxAttempts = 1; // the worker backs off between passes instead
                limits.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
                limits.batchSize = m_options.batchSize;
                limits.backoff = m_options.backoff;
                limits.sleep = [this](Millis d) { return sleepFor(d); };
                const auto r = syncDataDir(*store, m_options.dataDir, *http, std::nullopt, limits, m_options.onCatalogChanged);
                const auto now = nowMs();
                switch (r.outcome) {
                case PassOutcome::Ok:
                    failures = 0;
                    break;
                case PassOutcome::TransportFailed:
                case PassOutcome::ProtocolFailed:
                    wait = retryDelay(m_options.backoff, failures++, r.retryAfter, rng);
                    break;
                case PassOutcome::Refused:
                    // 401 revoked, 403 wrong point...: asking again will not
                    // change the answer. Wait for a person (syncNow) or a new
                    // enrolment rather than hammer the centre.
                    paused = true;
                    pausedToken = token;
                    break;
                case PassOutcome::Busy:
                case PassOutcome::NotEnrolled:
                case PassOutcome::Aborted:
                    break;
                }
                if (r.outcome == PassOutcome::ProtocolFailed)
                    wait = std::max<std::chrono::milliseconds>(wait, m_options.interval);
                publish([&](SyncStatus& s) {
                    s.syncing = false;
                    s.paused = paused;
                    if (r.attempts > 0) // a pass that sent nothing (busy) says nothing about the centre
                        s.online = r.reachedServer;
                    s.pending = r.pending;
                    s.quarantined = r.quarantined;
                    if (r.outcome == PassOutcome::Ok) {
                        s.lastSuccess = now;
                        s.lastError.clear();
                    } else {
                        s.lastError = r.error;
                    }
                    if (r.clockOffsetMs) {
                        s.clockOffsetMs = *r.clockOffsetMs;
                        s.clockDrift = std::llabs(s.clockOffsetMs) > wire::kClockDriftWarnMs;
                    }
                });
            } else if (token.empty()) {
                publish([](SyncStatus& s) {
                    s.online = false;
                    s.lastError = "not enrolled with a central server";
                });
            }
        } catch (const std::exception& e) {
            // The database busy or gone, out of memory...: report and retry.
            spdlog::error("sync agent: {}", e.what());
            store.reset();
            publish([&](SyncStatus& s) {
                s.syncing = false;
                s.lastError = e.what();
            });
            wait = std::max<std::chrono::milliseconds>(retryDelay(m_options.backoff, failures++, std::nullopt, rng),
                                                       std::chrono::milliseconds(1000));
        }

        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, wait, [this] { return m_stop || m_wake; });
        if (m_stop)
            return;
        if (m_wake)
            paused = false; // a person asked: try once more even after a refusal
        m_wake = false;
    }
}

} // namespace ocop::sync
