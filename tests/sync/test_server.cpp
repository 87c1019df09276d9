#include "test_server.h"

#include "core/timeutil.h"
#include "sync/agent/gzip.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <sys/socket.h>

#include <algorithm>

namespace synctest {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using nlohmann::json;
namespace wire = ocop::wire;

struct TestServer::Impl {
    Handler handler;
    std::mutex handlerMutex;
    net::io_context ioc;
    tcp::acceptor acceptor{ioc};
    std::unique_ptr<ssl::context> tls;
    std::atomic<bool> stopping{false};
    mutable std::mutex mutex;
    std::vector<Request> requests;
    std::set<int> fds;
    std::vector<std::thread> threads;
    std::thread acceptThread;
};

TestServer::TestServer(Handler handler, const TlsFiles* tls) : m_impl(std::make_unique<Impl>())
{
    m_impl->handler = std::move(handler);
    if (tls) {
        m_impl->tls = std::make_unique<ssl::context>(ssl::context::tls_server);
        m_impl->tls->use_certificate_chain_file(tls->certChain);
        m_impl->tls->use_private_key_file(tls->key, ssl::context::pem);
    }
    tcp::endpoint ep(net::ip::make_address("127.0.0.1"), 0);
    m_impl->acceptor.open(ep.protocol());
    m_impl->acceptor.set_option(net::socket_base::reuse_address(true));
    m_impl->acceptor.bind(ep);
    m_impl->acceptor.listen();
    m_port = m_impl->acceptor.local_endpoint().port();

    auto session = [this](auto& stream, int connNo) {
        Impl& im = *m_impl;
        beast::flat_buffer buffer;
        while (!im.stopping) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(256u * 1024 * 1024);
            beast::error_code ec;
            http::read(stream, buffer, parser, ec);
            if (ec)
                return;
            auto req = parser.release();
            Request r;
            r.method = std::string(req.method_string());
            r.target = std::string(req.target());
            r.path = r.target.substr(0, r.target.find('?'));
            for (const auto& f : req) {
                std::string name(f.name_string());
                std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
                r.headers[name] = std::string(f.value());
            }
            r.rawBody = req.body();
            r.body = r.rawBody;
            r.connection = connNo;
            if (r.header("content-encoding") == "gzip") {
                try {
                    r.body = ocop::sync::gzipDecompress(r.rawBody);
                } catch (const std::exception&) {
                    r.body = "<bad gzip>";
                }
            }
            {
                std::lock_guard lock(im.mutex);
                im.requests.push_back(r);
            }
            Reply reply;
            {
                std::lock_guard lock(im.handlerMutex);
                reply = im.handler(r);
            }
            if (reply.delay.count() > 0)
                std::this_thread::sleep_for(reply.delay);
            if (reply.drop) {
                auto& sock = beast::get_lowest_layer(stream);
                sock.shutdown(tcp::socket::shutdown_both, ec);
                sock.close(ec);
                return;
            }
            http::response<http::string_body> res{static_cast<http::status>(reply.status), req.version()};
            res.set(http::field::content_type, "application/json");
            for (const auto& [k, v] : reply.headers)
                res.set(k, v);
            if (reply.gzip) {
                res.set(http::field::content_encoding, "gzip");
                res.body() = ocop::sync::gzipCompress(reply.body);
            } else {
                res.body() = reply.body;
            }
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            http::write(stream, res, ec);
            if (ec || !res.keep_alive())
                return;
        }
    };

    m_impl->acceptThread = std::thread([this, session] {
        Impl& im = *m_impl;
        while (true) {
            tcp::socket sock(im.ioc);
            beast::error_code ec;
            im.acceptor.accept(sock, ec);
            if (im.stopping)
                return;
            if (ec)
                continue;
            const int connNo = ++m_connections;
            std::lock_guard lock(im.mutex);
            const int fd = sock.native_handle();
            im.fds.insert(fd);
            im.threads.emplace_back([this, session, connNo, fd, s = std::move(sock)]() mutable {
                Impl& im = *m_impl;
                if (im.tls) {
                    beast::ssl_stream<tcp::socket> stream(std::move(s), *im.tls);
                    beast::error_code hec;
                    stream.handshake(ssl::stream_base::server, hec);
                    if (!hec)
                        session(stream, connNo);
                } else {
                    session(s, connNo);
                }
                std::lock_guard lock(im.mutex);
                im.fds.erase(fd);
            });
        }
    });
}

TestServer::~TestServer() { stop(); }

void TestServer::stop()
{
    Impl& im = *m_impl;
    if (im.stopping.exchange(true))
        return;
    {
        // Wake the blocking accept with a connection of our own.
        beast::error_code ec;
        tcp::socket s(im.ioc);
        s.connect({net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(m_port)}, ec);
    }
    im.acceptThread.join();
    {
        std::lock_guard lock(im.mutex);
        for (int fd : im.fds)
            ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : im.threads)
        t.join();
    beast::error_code ec;
    im.acceptor.close(ec);
}

std::string TestServer::url() const
{
    return std::string(m_impl->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(m_port);
}

std::vector<Request> TestServer::requests() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->requests;
}

// ------------------------------------------------------------------ FakeCentral

FakeCentral::FakeCentral() = default;

namespace {
Reply jsonReply(int status, const json& j) { return Reply{status, j.dump(), {}, {}, false, false}; }
Reply error(int status, const std::string& code, const std::string& message)
{
    return jsonReply(status, wire::toJson(wire::ErrorBody{code, message}));
}
std::int64_t queryInt(const std::string& target, const std::string& name, std::int64_t fallback)
{
    const auto q = target.find('?');
    if (q == std::string::npos)
        return fallback;
    const std::string query = "&" + target.substr(q + 1);
    const auto at = query.find("&" + name + "=");
    if (at == std::string::npos)
        return fallback;
    return std::stoll(query.substr(at + name.size() + 2));
}
} // namespace

Reply FakeCentral::handle(const Request& r)
{
    std::lock_guard lock(mutex);
    const auto now = ocop::nowMs() + clockSkewMs;
    if (r.method == "POST" && r.path == "/api/v1/enroll") {
        const auto req = wire::enrollRequestFromJson(wire::parse(r.body));
        if (req.code != "GOOD-CODE")
            return error(400, "bad_code", "unknown or used enrolment code");
        wire::EnrollResponse resp{"0190a5c0-0000-7000-8000-000000000007", terminalCode, token, pointCode,
                                  "Điểm bán Ba Đình", now};
        return jsonReply(200, wire::toJson(resp));
    }
    if (r.header("authorization") != "Bearer " + token)
        return error(401, "unauthorized", "unknown or revoked token");
    if (r.method == "POST" && r.path == "/api/v1/events") {
        if (!eventFaults.empty()) {
            auto f = eventFaults.front();
            eventFaults.pop_front();
            return f;
        }
        wire::EventBatch batch;
        try {
            batch = wire::eventBatchFromJson(wire::parse(r.body));
        } catch (const wire::ProtocolError& e) {
            return error(400, "bad_request", e.what());
        }
        ++m_batches;
        wire::BatchResult result;
        for (const auto& e : batch.events) {
            const std::string dump = e.payload.dump();
            if (auto it = m_events.find(e.seq); it != m_events.end()) {
                ++m_duplicates;
                if (it->second.first != e.uuid || it->second.second != dump) {
                    m_quarantined[e.seq] = "conflict: seq stored with different content";
                    result.rejected.push_back({e.seq, m_quarantined[e.seq]});
                }
                continue;
            }
            if (m_quarantined.count(e.seq)) {
                ++m_duplicates;
                result.rejected.push_back({e.seq, m_quarantined[e.seq]});
                continue;
            }
            if (auto rj = rejectSeqs.find(e.seq); rj != rejectSeqs.end()) {
                m_quarantined[e.seq] = rj->second;
                result.rejected.push_back({e.seq, rj->second});
                continue;
            }
            m_events[e.seq] = {e.uuid, dump};
        }
        std::int64_t through = 0;
        while (m_events.count(through + 1) || m_quarantined.count(through + 1))
            ++through;
        result.ackedThrough = through;
        result.serverTime = now;
        auto reply = jsonReply(200, wire::toJson(result));
        reply.gzip = gzipResponses;
        if (commitThenDrop > 0) {
            --commitThenDrop;
            reply.drop = true;
        }
        return reply;
    }
    if (r.method == "GET" && r.path == "/api/v1/catalog") {
        if (!catalogFaults.empty()) {
            auto f = catalogFaults.front();
            catalogFaults.pop_front();
            return f;
        }
        const auto since = queryInt(r.target, "since", 0);
        for (auto page : pages) {
            if (page.since == since) {
                page.serverTime = now;
                auto reply = jsonReply(200, wire::toJson(page));
                reply.gzip = gzipResponses;
                return reply;
            }
        }
        wire::CatalogPage empty;
        empty.since = since;
        empty.version = since;
        empty.serverTime = now;
        return jsonReply(200, wire::toJson(empty));
    }
    return error(404, "not_found", "no route " + r.path);
}

std::map<std::int64_t, std::string> FakeCentral::stored() const
{
    std::lock_guard lock(mutex);
    std::map<std::int64_t, std::string> out;
    for (const auto& [seq, v] : m_events)
        out[seq] = v.first;
    return out;
}

std::map<std::int64_t, std::string> FakeCentral::quarantined() const
{
    std::lock_guard lock(mutex);
    return m_quarantined;
}

int FakeCentral::batchesHandled() const
{
    std::lock_guard lock(mutex);
    return m_batches;
}

int FakeCentral::duplicatesSeen() const
{
    std::lock_guard lock(mutex);
    return m_duplicates;
}

} // namespace synctest
