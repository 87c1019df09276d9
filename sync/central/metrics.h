#pragma once
// Prometheus counters and a latency histogram, kept in memory by the server.
#include "central_store.h"

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace ocop::central {

class Metrics {
public:
    void request(const std::string& route, const std::string& method, int status, double seconds);
    void ingested(const IngestStats& s);
    void reject(const std::string& reason); // request-level 4xx on /events
    // Text exposition format 0.0.4; terminals from the store for last-sync gauges.
    std::string render(const std::vector<TerminalInfo>& terminals) const;

private:
    static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                     0.1,   0.25,   0.5,   1.0,  2.5,   10.0};
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex m_mutex;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> m_requests;
    std::map<std::string, Histogram> m_latency; // by route
    std::uint64_t m_applied = 0, m_duplicates = 0, m_quarantined = 0;
    std::map<std::string, std::uint64_t> m_rejects;
};

} // namespace ocop::central
