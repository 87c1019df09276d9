// The store's side of enrolment and push results, kept apart from store.cpp:
// used by the sync agent only (sync/agent).
#include "store/store.h"

#include "core/errors.h"
#include "core/events.h"
#include "store/sqlite_db.h"

namespace ocop {

using sql::Transaction;

std::int64_t Store::applyBatchResult(const std::vector<std::pair<std::int64_t, std::string>>& rejected,
                                     std::int64_t ackedThrough, TimestampMs now)
{
    Transaction tx(*m_db);
    for (const auto& [seq, reason] : rejected)
        quarantineEvent(seq, reason, now);
    const auto acked = markEventsAcked(ackedThrough, now);
    tx.commit();
    return acked;
}

bool Store::recordEnrollment(const std::vector<std::pair<std::string, std::string>>& syncSettings,
                             const std::string& pointCode, const std::string& terminalCode)
{
    if (pointCode.empty() || terminalCode.empty())
        throw UserError("the centre sent an empty point or terminal code");
    Transaction tx(*m_db);
    for (const auto& [key, value] : syncSettings)
        setSetting(key, value);
    auto count = m_db->prepare("SELECT count(*) FROM outbox WHERE type IN (?, ?)");
    count.bind(1, event_type::SaleCompleted).bind(2, event_type::SaleReturned);
    count.step();
    const bool hasSales = count.integer(0) > 0;
    bool adopted = false;
    if (!hasSales) {
        // Nothing printed carries the old codes yet: take the centre's, and
        // put them into the events still waiting to be sent (opening stock,
        // shifts) so the centre sees one consistent point and terminal.
        setSetting("point_code", pointCode);
        setSetting("terminal_code", terminalCode);
        auto st = m_db->prepare("UPDATE outbox SET payload = json_set(payload, '$.point', ?, '$.terminal', ?) "
                                "WHERE status = 'pending' AND json_valid(payload) "
                                "AND json_type(payload, '$.point') = 'text'");
        st.bind(1, pointCode).bind(2, terminalCode).run();
        adopted = true;
    }
    tx.commit();
    return adopted;
}

} // namespace ocop
