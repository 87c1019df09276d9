#include "http_server.h"

#include "gzip.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <spdlog/spdlog.h>

#include <thread>

namespace ocop::central {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

std::pair<std::string, unsigned short> parseListen(const std::string& text)
{
    std::string host;
    std::string port;
    if (!text.empty() && text[0] == '[') {
        const auto close = text.find("]:");
        if (close == std::string::npos)
            throw UserError("--listen: use HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080");
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos)
            throw UserError("--listen: use HOST:PORT, e.g. 127.0.0.1:8080");
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    if (host.empty())
        host = "0.0.0.0";
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) > 65535)
        throw UserError("--listen: the port must be a number from 0 to 65535");
    return {host, static_cast<unsigned short>(std::stoi(port))};
}

namespace {

// Runs f() on the pool and resumes the calling coroutine on its own executor.
template <typename T, typename F>
asio::awaitable<T> offload(asio::thread_pool& pool, F f)
{
    co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, T)>(
        [&pool, f = std::move(f)](auto handler) mutable {
            asio::post(pool, [handler = std::move(handler), f = std::move(f)]() mutable {
                std::exception_ptr ep;
                T result{};
                try {
                    result = f();
                } catch (...) {
                    ep = std::current_exception();
                }
                // Freed here, after the reply is on its way (see ApiResponse::retired).
                std::shared_ptr<const void> retired;
                if constexpr (requires { result.retired; })
                    retired = std::move(result.retired);
                auto ex = asio::get_associated_executor(handler);
                asio::dispatch(ex, [handler = std::move(handler), ep, result = std::move(result)]() mutable {
                    std::move(handler)(ep, std::move(result));
                });
            });
        },
        asio::use_awaitable);
}

const char* reasonFor(const boost::system::error_code& ec)
{
    if (ec == http::error::body_limit)
        return "body_limit";
    if (ec == http::error::header_limit)
        return "header_limit";
    return "bad_request";
}

} // namespace

struct Server::Impl {
    CentralStore& store;
    ServerOptions opt;
    Metrics metrics;
    Api api{store, metrics, opt.metricsToken};
    asio::io_context ioc;
    asio::thread_pool dbPool;
    tcp::acceptor acceptor{ioc};
    std::unique_ptr<ssl::context> tlsContext;
    asio::signal_set signals{ioc, SIGINT, SIGTERM};

    Impl(CentralStore& s, ServerOptions o) : store(s), opt(std::move(o)), dbPool(opt.dbThreads ? opt.dbThreads : 1)
    {
        if (!opt.tlsCert.empty() || !opt.tlsKey.empty()) {
            if (opt.tlsCert.empty() || opt.tlsKey.empty())
                throw UserError("TLS needs both --tls-cert FILE and --tls-key FILE");
            tlsContext = std::make_unique<ssl::context>(ssl::context::tls_server);
            tlsContext->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                                    ssl::context::single_dh_use);
            boost::system::error_code ec;
            tlsContext->use_certificate_chain_file(opt.tlsCert, ec);
            if (ec)
                throw UserError("cannot load the TLS certificate " + opt.tlsCert + ": " + ec.message());
            tlsContext->use_private_key_file(opt.tlsKey, ssl::context::pem, ec);
            if (ec)
                throw UserError("cannot load the TLS key " + opt.tlsKey + ": " + ec.message());
        }
        boost::system::error_code ec;
        const auto addr = asio::ip::make_address(opt.host, ec);
        if (ec)
            throw UserError("--listen: '" + opt.host + "' is not an IP address");
        const tcp::endpoint ep(addr, opt.port);
        acceptor.open(ep.protocol(), ec);
        if (!ec)
            acceptor.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec)
            acceptor.bind(ep, ec);
        if (!ec)
            acceptor.listen(asio::socket_base::max_listen_connections, ec);
        if (ec)
            throw UserError("cannot listen on " + opt.host + ":" + std::to_string(opt.port) + ": " + ec.message());
    }

    template <typename Stream>
    asio::awaitable<void> serveRequests(Stream& stream, beast::flat_buffer& buffer, const std::string& peer)
    {
        boost::system::error_code addrError;
        const bool loopback = asio::ip::make_address(peer, addrError).is_loopback() && !addrError;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(wire::kMaxBodyBytes);
            parser.header_limit(32 * 1024);
            beast::get_lowest_layer(stream).expires_after(opt.requestTimeout);
            boost::system::error_code ec;
            co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
            if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
                ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
                ec == ssl::error::stream_truncated)
                co_return;
            const auto started = std::chrono::steady_clock::now();
            ApiResponse resp;
            bool close = false;
            unsigned version = 11;
            bool head = false;
            std::string method = "?";
            std::string target;
            if (ec) {
                // Unreadable request: answer once, then close (the rest of the
                // stream cannot be trusted).
                close = true;
                if (ec == http::error::body_limit)
                    resp = errorResponse(413, "payload_too_large",
                                         "request bodies are limited to " + std::to_string(wire::kMaxBodyBytes) +
                                             " bytes");
                else if (ec == http::error::header_limit)
                    resp = errorResponse(431, "headers_too_large", "request headers are too large");
                else
                    resp = errorResponse(400, "bad_request", std::string("unreadable HTTP request: ") + ec.message());
                metrics.reject(reasonFor(ec));
                if (parser.is_header_done()) {
                    version = parser.get().version();
                    method = std::string(parser.get().method_string());
                    target = std::string(parser.get().target());
                }
            } else {
                auto& req = parser.get();
                version = req.version();
                method = std::string(req.method_string());
                target = std::string(req.target());
                head = req.method() == http::verb::head;
                close = !req.keep_alive();
                ApiRequest ar;
                ar.method = method;
                ar.target = target;
                ar.authorization = std::string(req[http::field::authorization]);
                ar.contentType = std::string(req[http::field::content_type]);
                ar.loopbackPeer = loopback;
                const auto enc = std::string(req[http::field::content_encoding]);
                bool ready = true;
                if (enc.empty() || enc == "identity") {
                    ar.body = std::move(req.body());
                } else if (enc == "gzip" || enc == "x-gzip") {
                    try {
                        ar.body = gunzip(req.body(), wire::kMaxBodyBytes);
                    } catch (const ApiError& e) {
                        resp = errorResponse(e.status(), e.code(), e.what());
                        ready = false;
                    }
                } else {
                    resp = errorResponse(415, "unsupported_media_type",
                                         "Content-Encoding " + enc + " is not supported (use gzip)");
                    ready = false;
                }
                if (ready) {
                    try {
                        resp = co_await offload<ApiResponse>(dbPool, [this, &ar] { return api.handle(ar); });
                    } catch (const std::exception& e) {
                        spdlog::error("{} {}: {}", method, target, e.what());
                        resp = errorResponse(500, "internal", "the server could not complete the request");
                    }
                } else if (resp.status == 413 || resp.status == 400) {
                    metrics.reject(resp.status == 413 ? "body_limit" : "bad_gzip");
                }
                if (!ready) {
                    // route label for metrics
                    std::string path = target.substr(0, target.find('?'));
                    resp.route = path.rfind("/api/v1/", 0) == 0 || path == "/healthz" || path == "/metrics"
                                     ? path
                                     : "unmatched";
                }
            }
            http::response<http::string_body> res{static_cast<http::status>(resp.status), version};
            res.set(http::field::server, "ocop-central");
            res.set(http::field::content_type, resp.contentType);
            res.set(http::field::cache_control, "no-store");
            for (const auto& [k, v] : resp.headers)
                res.set(k, v);
            res.keep_alive(!close);
            const auto size = resp.body.size();
            if (head) {
                res.content_length(size);
            } else {
                res.body() = std::move(resp.body);
                res.prepare_payload();
            }
            beast::get_lowest_layer(stream).expires_after(opt.requestTimeout);
            co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            metrics.request(resp.route, method, resp.status, secs);
            spdlog::info("{} \"{} {}\" {} {} {:.1f}ms", peer, method, target, resp.status, size, secs * 1000);
            if (ec || close)
                co_return;
        }
    }

    asio::awaitable<void> session(tcp::socket socket)
    {
        std::string peer;
        try {
            peer = socket.remote_endpoint().address().to_string();
        } catch (...) {
            peer = "?";
        }
        beast::flat_buffer buffer;
        // Beast reads into the room the buffer has, at least 512 bytes; the
        // parser moves a body out as it comes, so an empty buffer would stay
        // at 512 and a 150 kB batch would take 300 reads (2 ms on loopback).
        buffer.reserve(16 * 1024);
        try {
            if (tlsContext) {
                beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tlsContext);
                beast::get_lowest_layer(stream).expires_after(opt.requestTimeout);
                boost::system::error_code ec;
                co_await stream.async_handshake(ssl::stream_base::server, asio::use_awaitable);
                co_await serveRequests(stream, buffer, peer);
                beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
                co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
            } else {
                beast::tcp_stream stream(std::move(socket));
                co_await serveRequests(stream, buffer, peer);
                boost::system::error_code ec;
                stream.socket().shutdown(tcp::socket::shutdown_send, ec);
            }
        } catch (const boost::system::system_error& e) {
            spdlog::debug("{}: connection ended: {}", peer, e.code().message());
        } catch (const std::exception& e) {
            spdlog::warn("{}: connection failed: {}", peer, e.what());
        }
    }

    asio::awaitable<void> listen()
    {
        for (;;) {
            boost::system::error_code ec;
            asio::any_io_executor strand = asio::make_strand(ioc);
            tcp::socket socket = co_await acceptor.async_accept(strand, asio::redirect_error(asio::use_awaitable, ec));
            if (ec == asio::error::operation_aborted || !acceptor.is_open())
                co_return;
            if (ec) {
                spdlog::warn("accept: {}", ec.message());
                asio::steady_timer t(ioc, std::chrono::milliseconds(100));
                co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
                continue;
            }
            asio::co_spawn(strand, session(std::move(socket)), asio::detached);
        }
    }
};

Server::Server(CentralStore& store, ServerOptions options) : m(std::make_unique<Impl>(store, std::move(options))) {}

Server::~Server()
{
    stop();
    m->dbPool.join();
}

unsigned short Server::port() const { return m->acceptor.local_endpoint().port(); }

bool Server::tls() const { return m->tlsContext != nullptr; }

std::string Server::boundAddress() const
{
    const auto ep = m->acceptor.local_endpoint();
    const auto a = ep.address();
    return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(ep.port());
}

void Server::run()
{
    m->signals.async_wait([this](const boost::system::error_code& ec, int sig) {
        if (!ec) {
            spdlog::info("signal {}: stopping", sig);
            stop();
        }
    });
    asio::co_spawn(m->ioc, m->listen(), asio::detached);
    std::vector<std::thread> threads;
    const unsigned n = m->opt.ioThreads ? m->opt.ioThreads : 1;
    for (unsigned i = 1; i < n; ++i)
        threads.emplace_back([this] { m->ioc.run(); });
    m->ioc.run();
    for (auto& t : threads)
        t.join();
}

void Server::stop()
{
    asio::post(m->ioc, [this] {
        boost::system::error_code ec;
        m->acceptor.close(ec);
        m->signals.cancel(ec);
        m->ioc.stop();
    });
}

} // namespace ocop::central
