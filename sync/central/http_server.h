#pragma once
// The HTTP/1.1 front of ocop-central on Boost.Beast: one coroutine per
// connection on its own strand, keep-alive, a timeout per request, a body
// limit, gzip request bodies, optional TLS. Database work runs on a separate
// worker pool so slow queries never stall accepting or reading.
#include "api.h"
#include "central_store.h"
#include "metrics.h"

#include <chrono>
#include <memory>
#include <string>

namespace ocop::central {

struct ServerOptions {
    std::string host = "127.0.0.1";
    unsigned short port = 8080; // 0: any free port
    unsigned ioThreads = 2;
    unsigned dbThreads = 4;
    std::string tlsCert; // PEM chain; with tlsKey, serve HTTPS
    std::string tlsKey;
    std::chrono::seconds requestTimeout{30};
    // /metrics names every terminal: without a token it is served to
    // loopback peers only; with one, to any peer that presents it.
    std::string metricsToken;
};

class Server {
public:
    // Binds at once (UserError when the address is unusable or TLS files are bad).
    Server(CentralStore& store, ServerOptions options);
    ~Server();
    std::string boundAddress() const; // "127.0.0.1:PORT"
    unsigned short port() const;
    bool tls() const;
    // Serves until stop() or SIGINT/SIGTERM.
    void run();
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

// "HOST:PORT", "[::1]:PORT" or ":PORT" -> host, port. UserError when malformed.
std::pair<std::string, unsigned short> parseListen(const std::string& text);

} // namespace ocop::central
