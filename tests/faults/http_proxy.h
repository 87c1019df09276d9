#pragma once
// A TCP proxy for HTTP/1.1 on loopback that sits between the sync agent and
// the real server and misbehaves on purpose. It parses message boundaries
// (Beast parsers fed with the raw bytes) so it can act per request while
// forwarding the exact bytes: cut the connection after the server replied,
// replay a request (the same bytes again, or an older request after a newer
// one), hold a reply past the client's timeout, or answer 500 itself.
// Blocking sockets, one thread per client connection; everything stops in
// the destructor.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <functional>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace faults {

class HttpProxy {
public:
    enum class Action {
        Forward,          // as is
        CutAfterReply,    // the server answered; the client never reads it (connection closed)
        Duplicate,        // the request's exact bytes go to the server twice; the client gets the 2nd reply
        ReplayPrevious,   // after this request, the previous POST's bytes go again (reordered, stale)
        Delay,            // the reply is held for delay() before forwarding
        Error500,         // the proxy answers 500 itself; the server never sees the request
        Error500AfterForward, // the server committed; the client is told 500
    };
    // index: 0-based count of requests with this method and path so far.
    using Policy = std::function<Action(const std::string& method, const std::string& path, int index)>;

    HttpProxy(unsigned short upstreamPort, Policy policy, std::chrono::milliseconds delay = std::chrono::milliseconds(0))
        : m_upstream(upstreamPort), m_policy(std::move(policy)), m_delay(delay)
    {
        std::signal(SIGPIPE, SIG_IGN);
        m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int one = 1;
        setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = 0;
        if (::bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(m_listen, 128) != 0)
            throw std::runtime_error("proxy: cannot listen");
        socklen_t len = sizeof a;
        getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len);
        m_port = ntohs(a.sin_port);
        m_acceptor = std::thread([this] { acceptLoop(); });
    }
    ~HttpProxy()
    {
        m_stop = true;
        m_acceptor.join();
        std::vector<std::thread> ts;
        {
            std::lock_guard l(m_mutex);
            ts.swap(m_threads);
        }
        for (auto& t : ts)
            t.join();
        ::close(m_listen);
    }
    HttpProxy(const HttpProxy&) = delete;
    HttpProxy& operator=(const HttpProxy&) = delete;

    unsigned short port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    void setUpstream(unsigned short port) { m_upstream = port; }

    // What happened, for assertions.
    std::atomic<int> requests{0};
    std::atomic<int> applied{0};          // requests where the policy's action was not Forward
    std::atomic<int> upstreamRequests{0}; // requests the server received (replays included)
    std::atomic<int> cut{0};

private:
    int count(const std::string& key)
    {
        std::lock_guard l(m_mutex);
        for (auto& [k, n] : m_counts)
            if (k == key)
                return n++;
        m_counts.emplace_back(key, 1);
        return 0;
    }

    // Waits for readability, checking the stop flag.
    bool waitReadable(int fd)
    {
        while (!m_stop) {
            pollfd p{fd, POLLIN, 0};
            const int n = ::poll(&p, 1, 50);
            if (n > 0)
                return true;
            if (n < 0 && errno != EINTR)
                return false;
        }
        return false;
    }

    static bool sendAll(int fd, const std::string& bytes)
    {
        std::size_t off = 0;
        while (off < bytes.size()) {
            const auto n = ::send(fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
            if (n <= 0) {
                if (n < 0 && errno == EINTR)
                    continue;
                return false;
            }
            off += static_cast<std::size_t>(n);
        }
        return true;
    }

    // One complete message from fd (buf keeps what follows it). raw gets its
    // exact bytes.
    template <bool isRequest>
    bool readMessage(int fd, std::string& buf, std::string& raw, std::string* method = nullptr,
                     std::string* target = nullptr)
    {
        namespace http = boost::beast::http;
        http::parser<isRequest, http::string_body> p;
        p.eager(true);
        p.body_limit(std::numeric_limits<std::uint64_t>::max());
        std::size_t used = 0;
        for (;;) {
            bool needMore = used >= buf.size();
            if (!needMore) {
                boost::beast::error_code ec;
                const auto n = p.put(boost::asio::buffer(buf.data() + used, buf.size() - used), ec);
                used += n;
                if (ec == http::error::need_more)
                    needMore = true;
                else if (ec)
                    return false;
                if (p.is_done())
                    break;
                if (n == 0)
                    needMore = true;
            }
            if (needMore) {
                if (!waitReadable(fd))
                    return false;
                char tmp[65536];
                const auto n = ::recv(fd, tmp, sizeof tmp, 0);
                if (n <= 0) {
                    if (!isRequest && n == 0) {
                        boost::beast::error_code ec;
                        p.put_eof(ec);
                        if (!ec && p.is_done())
                            break;
                    }
                    return false;
                }
                buf.append(tmp, static_cast<std::size_t>(n));
            }
        }
        raw = buf.substr(0, used);
        buf.erase(0, used);
        if constexpr (isRequest) {
            if (method)
                *method = std::string(p.get().method_string());
            if (target)
                *target = std::string(p.get().target());
        }
        return true;
    }

    int connectUpstream()
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(m_upstream);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd);
            return -1;
        }
        return fd;
    }

    void acceptLoop()
    {
        while (!m_stop) {
            pollfd p{m_listen, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0)
                continue;
            const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0)
                continue;
            std::lock_guard l(m_mutex);
            m_threads.emplace_back([this, fd] { connection(fd); });
        }
    }

    static std::string error500()
    {
        const std::string body = R"({"error":"internal","message":"proxy says no"})";
        return "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body;
    }

    void connection(int client)
    {
        int up = -1;
        std::string cbuf, ubuf;
        std::string previousPost;
        auto roundTrip = [&](const std::string& req, std::string& resp) {
            if (up < 0)
                up = connectUpstream();
            if (up < 0)
                return false;
            ++upstreamRequests;
            if (!sendAll(up, req) || !readMessage<false>(up, ubuf, resp)) {
                ::close(up);
                up = -1;
                ubuf.clear();
                return false;
            }
            return true;
        };
        for (;;) {
            std::string req, method, target;
            if (!readMessage<true>(client, cbuf, req, &method, &target))
                break;
            ++requests;
            const std::string path = target.substr(0, target.find('?'));
            const auto action = m_policy ? m_policy(method, path, count(method + " " + path)) : Action::Forward;
            if (action != Action::Forward)
                ++applied;
            if (action == Action::Error500) {
                if (!sendAll(client, error500()))
                    break;
                continue;
            }
            std::string resp;
            if (!roundTrip(req, resp))
                break; // the client sees the connection drop
            if (action == Action::CutAfterReply) {
                ++cut;
                break;
            }
            if (action == Action::Duplicate && !roundTrip(req, resp))
                break;
            if (action == Action::ReplayPrevious && !previousPost.empty()) {
                std::string stale;
                if (!roundTrip(previousPost, stale))
                    break;
            }
            if (method == "POST")
                previousPost = req;
            if (action == Action::Delay) {
                const auto until = std::chrono::steady_clock::now() + m_delay;
                while (!m_stop && std::chrono::steady_clock::now() < until)
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            if (!sendAll(client, action == Action::Error500AfterForward ? error500() : resp))
                break;
        }
        if (up >= 0)
            ::close(up);
        ::shutdown(client, SHUT_RDWR);
        ::close(client);
    }

    std::atomic<unsigned short> m_upstream;
    Policy m_policy;
    std::chrono::milliseconds m_delay;
    int m_listen = -1;
    unsigned short m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_acceptor;
    std::mutex m_mutex;
    std::vector<std::thread> m_threads;
    std::vector<std::pair<std::string, int>> m_counts;
};

} // namespace faults
