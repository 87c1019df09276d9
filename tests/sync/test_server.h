#pragma once
// A tiny HTTP/1.1 server for the sync tests, on Boost.Beast, bound to
// 127.0.0.1 on a free port: a thread per connection, keep-alive, optional
// TLS. Every request is recorded (gzip bodies decoded); the handler chooses
// the reply, which may be delayed or replaced by dropping the connection
// after the request was read. FakeCentral below speaks protocol v1 on it.
#include "sync/protocol/wire.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace synctest {

struct Request {
    std::string method;
    std::string target; // path and query
    std::string path;
    std::map<std::string, std::string> headers; // lower-case names
    std::string rawBody;
    std::string body; // gunzipped when Content-Encoding: gzip
    int connection = 0; // which accepted connection carried it (1, 2, ...)
    std::string header(const std::string& k) const
    {
        auto it = headers.find(k);
        return it == headers.end() ? std::string() : it->second;
    }
};

struct Reply {
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::chrono::milliseconds delay{0};
    bool drop = false; // close the connection without answering
    bool gzip = false; // gzip the body (Content-Encoding: gzip)
};

struct TlsFiles {
    std::string certChain; // PEM
    std::string key;       // PEM
};

class TestServer {
public:
    using Handler = std::function<Reply(const Request&)>;
    explicit TestServer(Handler handler, const TlsFiles* tls = nullptr);
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    int port() const { return m_port; }
    std::string url() const;
    std::vector<Request> requests() const;
    int connections() const { return m_connections.load(); }
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    int m_port = 0;
    std::atomic<int> m_connections{0};
};

// Protocol v1 as the centre speaks it, in memory: idempotent by seq and
// uuid, acked_through = highest contiguous stored seq, a configurable set of
// seqs to reject, faults injected in front of the normal handling.
class FakeCentral {
public:
    FakeCentral();
    std::string token = "test-token-0123456789abcdef";
    std::int64_t clockSkewMs = 0;     // server_time = now + skew
    std::string pointCode = "HN02";
    std::string terminalCode = "T7";
    std::map<std::int64_t, std::string> rejectSeqs; // seq -> reason
    int commitThenDrop = 0;          // the next N event batches: commit, then cut the connection
    std::deque<Reply> eventFaults;   // replies used instead of handling, for the next POST /events
    std::deque<Reply> catalogFaults; // same for GET /catalog
    std::vector<ocop::wire::CatalogPage> pages; // served by `since`
    bool gzipResponses = false;

    Reply handle(const Request& r);

    // Stored at the centre: seq -> uuid.
    std::map<std::int64_t, std::string> stored() const;
    std::map<std::int64_t, std::string> quarantined() const;
    int batchesHandled() const;
    int duplicatesSeen() const;

    mutable std::mutex mutex;

private:
    std::map<std::int64_t, std::pair<std::string, std::string>> m_events; // seq -> uuid, payload dump
    std::map<std::int64_t, std::string> m_quarantined;
    int m_batches = 0;
    int m_duplicates = 0;
};

} // namespace synctest
