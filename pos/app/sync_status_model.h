#pragma once
// The sync state the touch UI shows at a glance (top bar) and in detail
// (sync panel): online, events waiting, events the centre refused and why,
// the last good sync in Vietnam time, the last error, clock drift. Fed on
// the GUI thread: from SyncAgent status callbacks (marshalled by whoever owns
// the agent, see attachSyncAgent) and from the terminal database itself, so
// it is right even where no agent runs (not enrolled, screenshots, tests).
#include "sync/agent/sync_agent.h"

#include <QObject>
#include <QString>
#include <QVariantList>

#include <functional>

namespace ocop {

class PosService;

class SyncStatusModel : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool enrolled READ enrolled NOTIFY changed)
    Q_PROPERTY(bool online READ online NOTIFY changed)
    // Whether an answer from the centre (or its absence) has been seen since start.
    Q_PROPERTY(bool known READ known NOTIFY changed)
    Q_PROPERTY(bool syncing READ syncing NOTIFY changed)
    Q_PROPERTY(bool paused READ paused NOTIFY changed)
    Q_PROPERTY(qint64 pending READ pending NOTIFY changed)
    Q_PROPERTY(qint64 quarantined READ quarantined NOTIFY changed)
    Q_PROPERTY(QString lastSuccess READ lastSuccess NOTIFY changed) // Vietnam time, "" = never
    Q_PROPERTY(QString lastError READ lastError NOTIFY changed)
    Q_PROPERTY(qint64 clockOffsetMs READ clockOffsetMs NOTIFY changed)
    Q_PROPERTY(bool clockDrift READ clockDrift NOTIFY changed)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY changed)
    Q_PROPERTY(QString pointName READ pointName NOTIFY changed)
    // One word for the indicator: unenrolled, problem, offline, pending, synced.
    Q_PROPERTY(QString state READ state NOTIFY changed)
    // [{seq, type, receipt, time, reason}], oldest first.
    Q_PROPERTY(QVariantList quarantinedEvents READ quarantinedEvents NOTIFY changed)
    // Whether a background agent is attached (a live terminal that is enrolled).
    Q_PROPERTY(bool agentRunning READ agentRunning NOTIFY changed)
    // The details panel (TopBar indicator opens it).
    Q_PROPERTY(bool panelOpen READ panelOpen WRITE setPanelOpen NOTIFY panelOpenChanged)

public:
    explicit SyncStatusModel(PosService& service, QObject* parent = nullptr);

    bool enrolled() const { return m_enrolled; }
    bool online() const { return m_status.online; }
    bool known() const { return m_known; }
    bool syncing() const { return m_status.syncing; }
    bool paused() const { return m_status.paused; }
    qint64 pending() const { return m_status.pending; }
    qint64 quarantined() const { return m_status.quarantined; }
    QString lastSuccess() const;
    QString lastError() const { return QString::fromStdString(m_status.lastError); }
    qint64 clockOffsetMs() const { return m_status.clockOffsetMs; }
    bool clockDrift() const { return m_status.clockDrift; }
    QString serverUrl() const { return m_serverUrl; }
    QString pointName() const { return m_pointName; }
    QString state() const;
    QVariantList quarantinedEvents() const { return m_quarantinedEvents; }
    bool agentRunning() const { return static_cast<bool>(m_syncNow); }
    bool panelOpen() const { return m_panelOpen; }
    void setPanelOpen(bool open);

    // GUI thread only. A status the agent published.
    void applyStatus(const sync::SyncStatus& status);
    // What "Sync now" does (SyncAgent::syncNow); empty = no agent.
    void setSyncNowHandler(std::function<void()> handler);

    // Re-reads enrolment, counts, last success/error, clock offset and the
    // quarantined events from the terminal database (GUI thread).
    Q_INVOKABLE void reload();
    Q_INVOKABLE void syncNow();

signals:
    void changed();
    void panelOpenChanged();

private:
    void reloadQuarantined();

    PosService& m_service;
    sync::SyncStatus m_status;
    bool m_enrolled = false;
    bool m_known = false;
    bool m_panelOpen = false;
    QString m_serverUrl;
    QString m_pointName;
    QVariantList m_quarantinedEvents;
    std::function<void()> m_syncNow;
};

// Builds a SyncAgent for the service's data directory whose callbacks are
// marshalled to `model`'s (GUI) thread with queued invocations: status into
// model->applyStatus, catalog changes into onCatalogChanged (GUI thread).
// The caller owns the agent, starts it, and must stop it before `model` and
// whatever onCatalogChanged touches go away.
std::unique_ptr<sync::SyncAgent> makeSyncAgent(PosService& service, SyncStatusModel* model,
                                               std::function<void()> onCatalogChangedOnGuiThread);

// Whether the terminal in `service` holds an enrolment (server URL and token).
bool isEnrolled(const PosService& service);

} // namespace ocop
