#include "app/wedge_scanner.h"

namespace ocop {

WedgeScanner::Decision WedgeScanner::onText(const std::string& text, std::int64_t nowMs)
{
    Decision d = Decision::Hold;
    if (m_keys > 0 && nowMs - m_lastMs > m_config.maxIntervalMs) {
        // The held keys were typed by hand; this one starts a new run.
        d = Decision::FlushThenHold;
        flushed();
    }
    m_buffer += text;
    ++m_keys;
    m_lastMs = nowMs;
    return d;
}

WedgeScanner::Decision WedgeScanner::onEnter(std::int64_t nowMs)
{
    if (m_keys == 0)
        return Decision::Pass;
    // Scanners send Enter as fast as the rest; allow a little slack for it.
    const bool fast = nowMs - m_lastMs <= m_config.maxIntervalMs * 2;
    if (fast && m_keys >= m_config.minLength) {
        m_code = m_buffer;
        flushed();
        return Decision::Scan;
    }
    flushed();
    return Decision::FlushThenPass;
}

WedgeScanner::Decision WedgeScanner::onOtherKey(std::int64_t)
{
    if (m_keys == 0)
        return Decision::Pass;
    flushed();
    return Decision::FlushThenPass;
}

bool WedgeScanner::poll(std::int64_t nowMs)
{
    // Give Enter the same slack as onEnter so a scan is not split by a poll.
    return m_keys > 0 && nowMs - m_lastMs > m_config.maxIntervalMs * 2;
}

void WedgeScanner::flushed()
{
    m_buffer.clear();
    m_keys = 0;
}

} // namespace ocop
