#include "core/printer.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <poll.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <variant>
#if defined(__linux__)
#include <linux/sockios.h>
#endif

namespace ocop {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kDefaultTimeoutMs = 5000;
constexpr int kDefaultTcpPort = 9100;

struct FileTarget {
    std::string path;
};
struct DeviceTarget {
    std::string path;
};
struct TcpTarget {
    std::string host; // without brackets for IPv6 literals
    int port = kDefaultTcpPort;
};
using Target = std::variant<FileTarget, DeviceTarget, TcpTarget>;

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

std::optional<int> parsePort(std::string_view s)
{
    if (s.empty() || s.size() > 5)
        return std::nullopt;
    int port = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535)
        return std::nullopt;
    return port;
}

bool isValidHostName(std::string_view host)
{
    if (host.empty() || host.size() > 253 || host.front() == '-' || host.front() == '.')
        return false;
    for (char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

bool isIpv6Literal(const std::string& host)
{
    in6_addr addr{};
    return inet_pton(AF_INET6, host.c_str(), &addr) == 1;
}

// "host:port", "host", "[v6]:port", "[v6]"; a missing port is allowed only
// when requirePort is false.
std::optional<TcpTarget> parseHostPort(std::string_view s, bool requirePort)
{
    TcpTarget t;
    std::string_view portPart;
    bool hasPort = false;
    if (!s.empty() && s.front() == '[') {
        const auto close = s.find(']');
        if (close == std::string_view::npos)
            return std::nullopt;
        t.host = std::string(s.substr(1, close - 1));
        if (!isIpv6Literal(t.host))
            return std::nullopt;
        std::string_view rest = s.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                return std::nullopt;
            portPart = rest.substr(1);
            hasPort = true;
        }
    } else {
        const auto colon = s.rfind(':');
        if (colon != std::string_view::npos) {
            t.host = std::string(s.substr(0, colon));
            portPart = s.substr(colon + 1);
            hasPort = true;
        } else {
            t.host = std::string(s);
        }
        if (!isValidHostName(t.host))
            return std::nullopt;
    }
    if (hasPort) {
        const auto port = parsePort(portPart);
        if (!port)
            return std::nullopt;
        t.port = *port;
    } else if (requirePort) {
        return std::nullopt;
    }
    return t;
}

std::optional<Target> parseTarget(std::string_view target)
{
    if (target.empty() || target.find('\0') != std::string_view::npos)
        return std::nullopt;
    for (char c : target)
        if (static_cast<unsigned char>(c) < 0x20)
            return std::nullopt;
    if (startsWith(target, "file:")) {
        std::string_view path = target.substr(5);
        if (startsWith(path, "//")) {
            path = path.substr(2); // file:///abs/path -> /abs/path
            if (path.empty() || path.front() != '/')
                return std::nullopt;
        }
        if (path.empty() || path.back() == '/')
            return std::nullopt;
        return FileTarget{std::string(path)};
    }
    if (target.front() == '/') {
        if (target.back() == '/')
            return std::nullopt;
        return DeviceTarget{std::string(target)};
    }
    if (startsWith(target, "tcp://")) {
        std::string_view rest = target.substr(6);
        if (!rest.empty() && rest.back() == '/')
            rest.remove_suffix(1);
        if (auto t = parseHostPort(rest, false))
            return *t;
        return std::nullopt;
    }
    if (target.find("://") != std::string_view::npos)
        return std::nullopt; // some other scheme
    if (auto t = parseHostPort(target, true))
        return *t;
    return std::nullopt;
}

std::string errnoText(int err)
{
    return std::strerror(err);
}

PrintResult failure(std::string message)
{
    return PrintResult{false, std::move(message)};
}

int remainingMs(Clock::time_point deadline)
{
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0)
        return 0;
    return left > 1'000'000 ? 1'000'000 : static_cast<int>(left);
}

// Waits for `events` on fd until the deadline. Returns 1 when ready, 0 on
// timeout, -1 on error (errno set).
int waitFd(int fd, short events, Clock::time_point deadline)
{
    for (;;) {
        const int ms = remainingMs(deadline);
        if (ms == 0)
            return 0;
        pollfd p{fd, events, 0};
        const int rc = ::poll(&p, 1, ms);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc <= 0)
            return rc;
        return 1; // ready, or POLLERR/POLLHUP: the next write reports it
    }
}

struct FdCloser {
    int fd = -1;
    ~FdCloser()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

// Blocks SIGPIPE in this thread while writing to a FIFO or similar whose
// reader may vanish, and swallows a SIGPIPE that the write raised, so a
// closed pipe becomes an EPIPE error rather than the death of the POS.
class SigpipeGuard {
public:
    SigpipeGuard()
    {
        sigemptyset(&pipeSet_);
        sigaddset(&pipeSet_, SIGPIPE);
        sigset_t pending;
        sigemptyset(&pending);
        sigpending(&pending);
        wasPending_ = sigismember(&pending, SIGPIPE) == 1;
        blocked_ = pthread_sigmask(SIG_BLOCK, &pipeSet_, &oldSet_) == 0;
    }
    ~SigpipeGuard()
    {
        if (!blocked_)
            return;
        if (!wasPending_) {
            sigset_t pending;
            sigemptyset(&pending);
            sigpending(&pending);
            if (sigismember(&pending, SIGPIPE) == 1) {
                timespec zero{0, 0};
                while (sigtimedwait(&pipeSet_, nullptr, &zero) < 0 && errno == EINTR) {
                }
            }
        }
        pthread_sigmask(SIG_SETMASK, &oldSet_, nullptr);
    }
    SigpipeGuard(const SigpipeGuard&) = delete;
    SigpipeGuard& operator=(const SigpipeGuard&) = delete;

private:
    sigset_t pipeSet_{};
    sigset_t oldSet_{};
    bool wasPending_ = false;
    bool blocked_ = false;
};

// Writes everything to a (possibly non-blocking) fd, retrying EINTR and
// partial writes and waiting on EAGAIN until the deadline.
PrintResult writeAll(int fd, std::string_view bytes, Clock::time_point deadline, bool isSocket, const std::string& what)
{
    std::size_t done = 0;
    while (done < bytes.size()) {
        const char* p = bytes.data() + done;
        const std::size_t left = bytes.size() - done;
        const ssize_t n = isSocket ? ::send(fd, p, left, MSG_NOSIGNAL) : ::write(fd, p, left);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            const int w = waitFd(fd, POLLOUT, deadline);
            if (w == 0)
                return failure(what + ": timed out after sending " + std::to_string(done) + " of " +
                               std::to_string(bytes.size()) + " bytes");
            if (w < 0)
                return failure(what + ": " + errnoText(errno));
            continue;
        }
        if (n == 0)
            return failure(what + ": device accepted no data");
        return failure(what + ": write failed after " + std::to_string(done) + " of " + std::to_string(bytes.size()) +
                       " bytes: " + errnoText(errno));
    }
    return PrintResult{true, {}};
}

std::string dirOf(const std::string& path)
{
    const auto slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    if (slash == 0)
        return "/";
    return path.substr(0, slash);
}

PrintResult sendToFile(const std::string& path, std::string_view bytes, Clock::time_point deadline)
{
    const std::string what = "file " + path;
    std::string tmpl = path + ".tmp-XXXXXX";
    std::string buf(tmpl);
    const int fd = ::mkostemp(buf.data(), O_CLOEXEC);
    if (fd < 0)
        return failure(what + ": cannot create a temporary file in " + dirOf(path) + ": " + errnoText(errno));
    FdCloser closer{fd};
    const std::string tmpPath = buf;
    auto discard = [&](PrintResult r) {
        ::close(closer.fd);
        closer.fd = -1;
        ::unlink(tmpPath.c_str());
        return r;
    };
    ::fchmod(fd, 0644);
    PrintResult r = writeAll(fd, bytes, deadline, false, what);
    if (!r.ok)
        return discard(r);
    if (::fsync(fd) != 0)
        return discard(failure(what + ": fsync failed: " + errnoText(errno)));
    const int closeRc = ::close(closer.fd);
    closer.fd = -1;
    if (closeRc != 0) {
        const int err = errno;
        ::unlink(tmpPath.c_str());
        return failure(what + ": close failed: " + errnoText(err));
    }
    if (::rename(tmpPath.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmpPath.c_str());
        return failure(what + ": cannot replace: " + errnoText(err));
    }
    // Make the rename itself durable; a failure here does not lose the bytes.
    const int dirFd = ::open(dirOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return PrintResult{true, {}};
}

PrintResult sendToDevice(const std::string& path, std::string_view bytes, Clock::time_point deadline)
{
    const std::string what = "printer device " + path;
    int fd = -1;
    for (;;) {
        // Non-blocking so an offline printer (or a FIFO with no reader)
        // cannot hang the till; never O_CREAT: a missing node is an error.
        fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0 || errno != EINTR)
            break;
    }
    if (fd < 0) {
        const int err = errno;
        if (err == ENXIO)
            return failure(what + ": not ready (no reader or device offline)");
        return failure(what + ": cannot open: " + errnoText(err));
    }
    FdCloser closer{fd};
    struct stat st{};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
        return failure(what + ": is a directory");
    SigpipeGuard guard;
    PrintResult r = writeAll(fd, bytes, deadline, false, what);
    if (!r.ok)
        return r;
    const int closeRc = ::close(closer.fd);
    closer.fd = -1;
    if (closeRc != 0 && errno != EINTR)
        return failure(what + ": close failed: " + errnoText(errno));
    return r;
}

struct AddrInfoDeleter {
    void operator()(addrinfo* ai) const
    {
        if (ai)
            ::freeaddrinfo(ai);
    }
};
using AddrInfoPtr = std::unique_ptr<addrinfo, AddrInfoDeleter>;

// getaddrinfo cannot be cancelled or given a timeout, so a name lookup runs
// on a detached thread; if the deadline passes first we stop waiting and the
// thread frees its own result when it eventually finishes.
struct ResolveState {
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    bool abandoned = false;
    int rc = 0;
    addrinfo* result = nullptr;
};

PrintResult resolve(const TcpTarget& t, Clock::time_point deadline, AddrInfoPtr& out)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    const std::string port = std::to_string(t.port);
    const std::string what = "printer " + t.host + ":" + port;

    in_addr a4{};
    in6_addr a6{};
    if (inet_pton(AF_INET, t.host.c_str(), &a4) == 1 || inet_pton(AF_INET6, t.host.c_str(), &a6) == 1) {
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV; // no lookup, cannot block
        addrinfo* res = nullptr;
        const int rc = ::getaddrinfo(t.host.c_str(), port.c_str(), &hints, &res);
        if (rc != 0)
            return failure(what + ": bad address: " + ::gai_strerror(rc));
        out.reset(res);
        return PrintResult{true, {}};
    }

    auto state = std::make_shared<ResolveState>();
    std::thread([state, host = t.host, port, hints]() {
        addrinfo* res = nullptr;
        const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res);
        std::lock_guard lock(state->mutex);
        if (state->abandoned) {
            if (res)
                ::freeaddrinfo(res);
        } else {
            state->rc = rc;
            state->result = res;
        }
        state->finished = true;
        state->done.notify_all();
    }).detach();

    std::unique_lock lock(state->mutex);
    if (!state->done.wait_until(lock, deadline, [&] { return state->finished; })) {
        state->abandoned = true;
        return failure(what + ": timed out resolving the host name");
    }
    if (state->rc != 0)
        return failure(what + ": cannot resolve host: " + ::gai_strerror(state->rc));
    out.reset(state->result);
    state->result = nullptr;
    if (!out)
        return failure(what + ": host has no address");
    return PrintResult{true, {}};
}

std::string addressText(const addrinfo* ai)
{
    char host[NI_MAXHOST] = {};
    char serv[NI_MAXSERV] = {};
    if (::getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, serv, sizeof serv,
                      NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return "?";
    return ai->ai_family == AF_INET6 ? "[" + std::string(host) + "]:" + serv : std::string(host) + ":" + serv;
}

// Connects to one address before the deadline; returns the fd or -1 with a reason.
int connectOne(const addrinfo* ai, Clock::time_point deadline, std::string& error)
{
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
        error = errnoText(errno);
        return -1;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc == 0)
        return fd;
    if (errno != EINPROGRESS && errno != EINTR) {
        error = errnoText(errno);
        ::close(fd);
        return -1;
    }
    const int w = waitFd(fd, POLLOUT, deadline);
    if (w == 0) {
        error = "connection timed out";
        ::close(fd);
        return -1;
    }
    if (w < 0) {
        error = errnoText(errno);
        ::close(fd);
        return -1;
    }
    int soError = 0;
    socklen_t len = sizeof soError;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len) != 0)
        soError = errno;
    if (soError != 0) {
        error = errnoText(soError);
        ::close(fd);
        return -1;
    }
    return fd;
}

PrintResult sendToTcp(const TcpTarget& t, std::string_view bytes, Clock::time_point deadline)
{
    const std::string what = "printer " + (isIpv6Literal(t.host) ? "[" + t.host + "]" : t.host) + ":" +
                             std::to_string(t.port);
    AddrInfoPtr addrs;
    PrintResult r = resolve(t, deadline, addrs);
    if (!r.ok)
        return r;

    std::string errors;
    int fd = -1;
    for (const addrinfo* ai = addrs.get(); ai && fd < 0; ai = ai->ai_next) {
        if (remainingMs(deadline) == 0) {
            errors += (errors.empty() ? "" : "; ") + std::string("timed out");
            break;
        }
        std::string err;
        fd = connectOne(ai, deadline, err);
        if (fd < 0)
            errors += (errors.empty() ? "" : "; ") + addressText(ai) + ": " + err;
    }
    if (fd < 0)
        return failure(what + ": cannot connect: " + (errors.empty() ? "no usable address" : errors));
    FdCloser closer{fd};

    r = writeAll(fd, bytes, deadline, true, what);
    if (!r.ok)
        return r;
    ::shutdown(fd, SHUT_WR);
#if defined(__linux__) && defined(SIOCOUTQ)
    // Wait until the printer has acknowledged every byte, so "ok" means the
    // data reached it rather than only our kernel's send buffer.
    for (;;) {
        int unsent = 0;
        if (::ioctl(fd, SIOCOUTQ, &unsent) != 0 || unsent <= 0)
            break;
        if (remainingMs(deadline) == 0)
            return failure(what + ": timed out waiting for the printer to accept " + std::to_string(unsent) +
                           " remaining bytes");
        pollfd p{fd, 0, 0}; // only POLLERR/POLLHUP; otherwise a short sleep
        ::poll(&p, 1, std::min(remainingMs(deadline), 5));
        if ((p.revents & POLLERR) != 0)
            break; // SO_ERROR below says why
    }
#endif
    int soError = 0;
    socklen_t len = sizeof soError;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len) == 0 && soError != 0)
        return failure(what + ": connection lost: " + errnoText(soError));
    return PrintResult{true, {}};
}

} // namespace

bool isValidPrinterTarget(std::string_view target)
{
    return parseTarget(target).has_value();
}

PrintResult sendToPrinter(const std::string& target, std::string_view bytes, int timeoutMs)
{
    try {
        const auto parsed = parseTarget(target);
        if (!parsed)
            return failure("invalid printer target \"" + target +
                           "\" (expected file:/path, /dev/..., tcp://host:port or host:port)");
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs > 0 ? timeoutMs : kDefaultTimeoutMs);
        if (const auto* f = std::get_if<FileTarget>(&*parsed))
            return sendToFile(f->path, bytes, deadline);
        if (const auto* d = std::get_if<DeviceTarget>(&*parsed))
            return sendToDevice(d->path, bytes, deadline);
        return sendToTcp(std::get<TcpTarget>(*parsed), bytes, deadline);
    } catch (const std::exception& e) {
        return failure(std::string("printing failed: ") + e.what());
    } catch (...) {
        return failure("printing failed: unknown error");
    }
}

} // namespace ocop
