#include "app/sync_status_model.h"

#include "app/vn_time.h"
#include "service/pos_service.h"
#include "sync/agent/sync_session.h"
#include "sync/protocol/wire.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace ocop {

namespace {

std::string settingOr(const Store& store, const char* key)
{
    return store.setting(key).value_or(std::string());
}

} // namespace

bool isEnrolled(const PosService& service)
{
    const Store& store = service.store();
    return !settingOr(store, sync::key::Token).empty() && !settingOr(store, sync::key::ServerUrl).empty();
}

SyncStatusModel::SyncStatusModel(PosService& service, QObject* parent) : QObject(parent), m_service(service)
{
    reload();
}

QString SyncStatusModel::lastSuccess() const
{
    return m_status.lastSuccess > 0 ? vietnamDateTimeText(m_status.lastSuccess) : QString();
}

QString SyncStatusModel::state() const
{
    if (!m_enrolled)
        return QStringLiteral("unenrolled");
    if (m_status.quarantined > 0 || m_status.clockDrift || m_status.paused)
        return QStringLiteral("problem");
    if (m_known && !m_status.online)
        return QStringLiteral("offline");
    if (m_status.pending > 0)
        return QStringLiteral("pending");
    return QStringLiteral("synced");
}

void SyncStatusModel::setPanelOpen(bool open)
{
    if (open == m_panelOpen)
        return;
    m_panelOpen = open;
    if (open)
        reload();
    emit panelOpenChanged();
}

void SyncStatusModel::reload()
{
    try {
        const Store& store = m_service.store();
        m_enrolled = isEnrolled(m_service);
        m_serverUrl = QString::fromStdString(settingOr(store, sync::key::ServerUrl));
        m_pointName = QString::fromStdString(settingOr(store, sync::key::PointName));
        m_status.enrolled = m_enrolled;
        m_status.pending = store.pendingEventCount();
        m_status.quarantined = store.quarantinedEventCount();
        if (const auto v = store.setting(sync::key::LastSuccess))
            m_status.lastSuccess = std::max<TimestampMs>(m_status.lastSuccess, std::atoll(v->c_str()));
        if (!m_known) {
            // Before the agent's first word, what the last pass left behind.
            m_status.lastError = settingOr(store, sync::key::LastError);
            if (const auto v = store.setting(sync::key::ClockOffset)) {
                m_status.clockOffsetMs = std::atoll(v->c_str());
                m_status.clockDrift = std::llabs(m_status.clockOffsetMs) > wire::kClockDriftWarnMs;
            }
        }
        reloadQuarantined();
    } catch (const std::exception& e) {
        spdlog::warn("sync status: {}", e.what());
    }
    emit changed();
}

void SyncStatusModel::reloadQuarantined()
{
    QVariantList list;
    for (const OutboxEvent& e : m_service.store().quarantinedEvents(200)) {
        QVariantMap m;
        m.insert(QStringLiteral("seq"), QVariant::fromValue<qint64>(e.seq));
        m.insert(QStringLiteral("type"), QString::fromStdString(e.type));
        m.insert(QStringLiteral("time"), vietnamDateTimeText(e.createdAt));
        m.insert(QStringLiteral("reason"), QString::fromStdString(e.error));
        const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(e.payload));
        m.insert(QStringLiteral("receipt"), doc.isObject() ? doc.object().value(QStringLiteral("receipt")).toString()
                                                           : QString());
        list.append(m);
    }
    m_quarantinedEvents = list;
}

void SyncStatusModel::applyStatus(const sync::SyncStatus& status)
{
    const bool quarantineChanged = status.quarantined != m_status.quarantined;
    if (m_status.syncing && !status.syncing)
        m_known = true; // a pass has ended: online now says something
    m_status = status;
    m_enrolled = status.enrolled;
    if (quarantineChanged || m_panelOpen) {
        try {
            reloadQuarantined();
        } catch (const std::exception& e) {
            spdlog::warn("sync status: {}", e.what());
        }
    }
    emit changed();
}

void SyncStatusModel::setSyncNowHandler(std::function<void()> handler)
{
    m_syncNow = std::move(handler);
    emit changed();
}

void SyncStatusModel::syncNow()
{
    if (m_syncNow)
        m_syncNow();
    else
        reload();
}

std::unique_ptr<sync::SyncAgent> makeSyncAgent(PosService& service, SyncStatusModel* model,
                                               std::function<void()> onCatalogChangedOnGuiThread)
{
    sync::AgentOptions options;
    options.dataDir = service.dataDir();
    // Both callbacks run on the worker thread: hand the work to the GUI
    // thread (the model's) and return at once. A queued call whose target is
    // gone by then is dropped by Qt.
    options.onStatusChanged = [model](const sync::SyncStatus& s) {
        QMetaObject::invokeMethod(model, [model, s] { model->applyStatus(s); }, Qt::QueuedConnection);
    };
    options.onCatalogChanged = [model, cb = std::move(onCatalogChangedOnGuiThread)] {
        QMetaObject::invokeMethod(model, [cb] { if (cb) cb(); }, Qt::QueuedConnection);
    };
    auto agent = std::make_unique<sync::SyncAgent>(std::move(options));
    model->setSyncNowHandler([a = agent.get()] { a->syncNow(); });
    return agent;
}

} // namespace ocop
