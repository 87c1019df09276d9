#include "metrics.h"

#include <sstream>

namespace ocop::central {

namespace {
std::string esc(const std::string& s)
{
    std::string out;
    for (char c : s) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}
} // namespace

void Metrics::request(const std::string& route, const std::string& method, int status, double seconds)
{
    std::lock_guard lock(m_mutex);
    ++m_requests[{route, method, status}];
    auto& h = m_latency[route];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i])
            ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

void Metrics::ingested(const IngestStats& s)
{
    std::lock_guard lock(m_mutex);
    m_applied += static_cast<std::uint64_t>(s.applied);
    m_duplicates += static_cast<std::uint64_t>(s.duplicates);
    m_quarantined += static_cast<std::uint64_t>(s.quarantined);
}

void Metrics::reject(const std::string& reason)
{
    std::lock_guard lock(m_mutex);
    ++m_rejects[reason];
}

std::string Metrics::render(const std::vector<TerminalInfo>& terminals) const
{
    std::ostringstream o;
    std::lock_guard lock(m_mutex);
    o << "# HELP ocop_http_requests_total HTTP requests by route, method and status.\n"
         "# TYPE ocop_http_requests_total counter\n";
    for (const auto& [key, n] : m_requests)
        o << "ocop_http_requests_total{route=\"" << esc(std::get<0>(key)) << "\",method=\"" << esc(std::get<1>(key))
          << "\",status=\"" << std::get<2>(key) << "\"} " << n << "\n";
    o << "# HELP ocop_http_request_duration_seconds Request latency by route.\n"
         "# TYPE ocop_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : m_latency) {
        for (std::size_t i = 0; i < kBuckets.size(); ++i)
            o << "ocop_http_request_duration_seconds_bucket{route=\"" << esc(route) << "\",le=\"" << kBuckets[i]
              << "\"} " << h.buckets[i] << "\n";
        o << "ocop_http_request_duration_seconds_bucket{route=\"" << esc(route) << "\",le=\"+Inf\"} " << h.count
          << "\n";
        o << "ocop_http_request_duration_seconds_sum{route=\"" << esc(route) << "\"} " << h.sum << "\n";
        o << "ocop_http_request_duration_seconds_count{route=\"" << esc(route) << "\"} " << h.count << "\n";
    }
    o << "# HELP ocop_events_ingested_total Events stored and applied.\n# TYPE ocop_events_ingested_total counter\n"
      << "ocop_events_ingested_total " << m_applied << "\n";
    o << "# HELP ocop_events_duplicate_total Identical replays acknowledged without change.\n"
         "# TYPE ocop_events_duplicate_total counter\nocop_events_duplicate_total "
      << m_duplicates << "\n";
    o << "# HELP ocop_events_quarantined_total Events quarantined (invalid, unknown type, conflict).\n"
         "# TYPE ocop_events_quarantined_total counter\nocop_events_quarantined_total "
      << m_quarantined << "\n";
    o << "# HELP ocop_requests_rejected_total Requests refused with a 4xx, by reason.\n"
         "# TYPE ocop_requests_rejected_total counter\n";
    for (const auto& [reason, n] : m_rejects)
        o << "ocop_requests_rejected_total{reason=\"" << esc(reason) << "\"} " << n << "\n";
    o << "# HELP ocop_terminal_last_sync_timestamp_seconds When each terminal last pushed events.\n"
         "# TYPE ocop_terminal_last_sync_timestamp_seconds gauge\n";
    for (const auto& t : terminals)
        if (t.lastSyncAt)
            o << "ocop_terminal_last_sync_timestamp_seconds{point=\"" << esc(t.pointCode) << "\",terminal=\""
              << esc(t.code) << "\",id=\"" << esc(t.id) << "\"} " << (*t.lastSyncAt / 1000) << "\n";
    o << "# HELP ocop_terminal_acked_through_seq Highest contiguous event seq stored per terminal.\n"
         "# TYPE ocop_terminal_acked_through_seq gauge\n";
    for (const auto& t : terminals)
        o << "ocop_terminal_acked_through_seq{point=\"" << esc(t.pointCode) << "\",terminal=\"" << esc(t.code)
          << "\",id=\"" << esc(t.id) << "\"} " << t.ackedThrough << "\n";
    return o.str();
}

} // namespace ocop::central
