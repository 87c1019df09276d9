#pragma once
// Shared by the central suites: a throwaway PostgreSQL (started once per test
// program as the `postgres` user, unix socket only, stopped at exit), temp
// dirs, running the real ocop-central, and a small Beast HTTP(S) client.
#include "sync/central/sql.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <exception>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace central_test {

namespace fs = std::filesystem;
using nlohmann::json;

inline std::string shellQuote(const std::string& s)
{
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

inline int shell(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }

struct TempDir {
    fs::path path;
    TempDir()
    {
        std::string tmpl = (fs::temp_directory_path() / "ocop-central-test-XXXXXX").string();
        if (!mkdtemp(tmpl.data()))
            throw std::runtime_error("mkdtemp failed");
        path = tmpl;
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

// ------------------------------------------------------------------ PostgreSQL

class Postgres {
public:
    static constexpr const char* kBin = "/usr/lib/postgresql/15/bin";
    static bool available() { return fs::exists(std::string(kBin) + "/initdb"); }

    // Started on first use, stopped when the program exits.
    static Postgres& get()
    {
        static Postgres pg;
        return pg;
    }
    bool ok() const { return m_ok; }
    const std::string& error() const { return m_error; }

    // A fresh database; returns its URL for --db / openCentralStore.
    std::string createDatabase()
    {
        const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++m_counter);
        auto c = ocop::central::openPostgres(conninfo("postgres"));
        c->script("CREATE DATABASE " + name);
        return "postgresql:///" + name + "?host=" + m_dir + "&port=" + std::to_string(kPort) + "&user=ocop";
    }
    std::string conninfo(const std::string& db) const
    {
        return "host=" + m_dir + " port=" + std::to_string(kPort) + " user=ocop dbname=" + db;
    }

    ~Postgres()
    {
        if (!m_dir.empty()) {
            if (m_ok)
                shell(asPostgres(std::string(kBin) + "/pg_ctl -D " + m_dir + "/data -m immediate -w stop"));
            std::error_code ec;
            fs::remove_all(m_dir, ec);
        }
    }

private:
    static constexpr int kPort = 5432;

    std::string asPostgres(const std::string& cmd) const
    {
        if (::geteuid() == 0)
            return "runuser -u postgres -- " + cmd;
        return cmd;
    }

    Postgres()
    {
        if (!available()) {
            m_error = "PostgreSQL binaries not found";
            return;
        }
        char tmpl[] = "/tmp/ocop-pg-XXXXXX";
        if (!mkdtemp(tmpl)) {
            m_error = "mkdtemp failed";
            return;
        }
        m_dir = tmpl;
        if (::geteuid() == 0) {
            const passwd* pw = getpwnam("postgres");
            if (!pw || chown(m_dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
                m_error = "cannot hand the temp dir to the postgres user";
                return;
            }
        }
        if (shell(asPostgres(std::string(kBin) + "/initdb -D " + m_dir + "/data -A trust -U ocop -E UTF8 --no-locale")) !=
            0) {
            m_error = "initdb failed";
            return;
        }
        const std::string opts = "-p " + std::to_string(kPort) + " -k " + m_dir +
                                 " -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c max_connections=200";
        if (shell(asPostgres(std::string(kBin) + "/pg_ctl -D " + m_dir + "/data -l " + m_dir + "/log -w -t 60 -o " +
                             shellQuote(opts) + " start")) != 0) {
            m_error = "pg_ctl start failed (see " + m_dir + "/log)";
            return;
        }
        m_ok = true;
        // A test that dies by std::terminate must not leave a server behind.
        static std::string stopCmd;
        stopCmd = asPostgres(std::string(kBin) + "/pg_ctl -D " + m_dir + "/data -m immediate -w stop") +
                  " >/dev/null 2>&1; rm -rf " + m_dir;
        static std::terminate_handler previous = std::set_terminate([] {
            (void)std::system(stopCmd.c_str());
            if (previous)
                previous();
            std::abort();
        });
    }

    std::string m_dir;
    bool m_ok = false;
    std::string m_error;
    std::atomic<int> m_counter{0};
};

// ------------------------------------------------------------------ processes

struct RunResult {
    int exitCode = -1;
    std::string out, err;
    std::string describe() const
    {
        return "exit " + std::to_string(exitCode) + "\n--- stdout ---\n" + out.substr(0, 3000) + "\n--- stderr ---\n" +
               err.substr(0, 3000);
    }
};

// Runs ocop-central with args, waits, captures output.
inline RunResult runCentral(const std::vector<std::string>& args)
{
    std::string cmd = shellQuote(OCOP_CENTRAL_BINARY);
    for (const auto& a : args)
        cmd += " " + shellQuote(a);
    TempDir tmp;
    cmd += " >" + tmp / "out" + " 2>" + tmp / "err";
    const int rc = std::system(cmd.c_str());
    RunResult r;
    r.exitCode = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    auto slurp = [](const std::string& p) {
        std::ifstream in(p);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    };
    r.out = slurp(tmp / "out");
    r.err = slurp(tmp / "err");
    return r;
}

// The real server as a child process on 127.0.0.1:0.
class ServerProcess {
public:
    explicit ServerProcess(const std::string& db, std::vector<std::string> extra = {})
    {
        int out[2];
        if (pipe(out) != 0)
            throw std::runtime_error("pipe");
        m_log = std::make_unique<TempDir>();
        std::vector<std::string> args{OCOP_CENTRAL_BINARY, "--db", db, "serve", "--listen", "127.0.0.1:0"};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_addclose(&fa, out[0]);
        const std::string errPath = *m_log / "stderr";
        posix_spawn_file_actions_addopen(&fa, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (posix_spawn(&m_pid, argv[0], &fa, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("spawn ocop-central failed");
        posix_spawn_file_actions_destroy(&fa);
        close(out[1]);
        // First line: "listening on 127.0.0.1:PORT"
        std::string line;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            pollfd p{out[0], POLLIN, 0};
            if (poll(&p, 1, 200) > 0) {
                char buf[256];
                const auto n = read(out[0], buf, sizeof buf);
                if (n <= 0)
                    break;
                line.append(buf, static_cast<std::size_t>(n));
            }
        }
        m_stdout = out[0];
        const std::string prefix = "listening on 127.0.0.1:";
        if (line.rfind(prefix, 0) != 0)
            throw std::runtime_error("ocop-central did not start: " + line + " / " + stderrText());
        m_port = static_cast<unsigned short>(std::stoi(line.substr(prefix.size())));
    }
    ~ServerProcess()
    {
        if (m_pid > 0) {
            kill(m_pid, SIGTERM);
            int status = 0;
            for (int i = 0; i < 100; ++i) {
                if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                    m_pid = 0;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            if (m_pid > 0) {
                kill(m_pid, SIGKILL);
                waitpid(m_pid, &status, 0);
            }
        }
        if (m_stdout >= 0)
            close(m_stdout);
    }
    // Stops with SIGTERM; returns the exit code (expects a clean 0).
    int terminate()
    {
        kill(m_pid, SIGTERM);
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_pid = 0;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    unsigned short port() const { return m_port; }
    std::string stderrText() const
    {
        std::ifstream in(*m_log / "stderr");
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

private:
    pid_t m_pid = -1;
    int m_stdout = -1;
    unsigned short m_port = 0;
    std::unique_ptr<TempDir> m_log;
};

// ------------------------------------------------------------------ HTTP client

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct Reply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
    json j() const { return json::parse(body); }
};

struct Request {
    std::string method = "GET";
    std::string target = "/";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string token; // bearer
};

inline Reply toReply(http::response<http::string_body>& res)
{
    Reply r;
    r.status = static_cast<int>(res.result_int());
    r.body = res.body();
    for (const auto& f : res)
        r.headers[std::string(f.name_string())] = std::string(f.value());
    return r;
}

inline http::request<http::string_body> makeRequest(const Request& q, unsigned short port)
{
    http::request<http::string_body> req{http::string_to_verb(q.method), q.target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    if (!q.body.empty())
        req.set(http::field::content_type, "application/json");
    if (!q.token.empty())
        req.set(http::field::authorization, "Bearer " + q.token);
    for (const auto& [k, v] : q.headers)
        req.set(k, v);
    req.body() = q.body;
    req.prepare_payload();
    return req;
}

inline Reply send(unsigned short port, const Request& q)
{
    asio::io_context ioc;
    beast::tcp_stream s(ioc);
    s.expires_after(std::chrono::seconds(30));
    s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    auto req = makeRequest(q, port);
    http::write(s, req);
    beast::flat_buffer b;
    http::response<http::string_body> res;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(s, b, parser);
    res = parser.release();
    return toReply(res);
}

inline Reply sendTls(unsigned short port, const Request& q, const std::string& caFile)
{
    asio::io_context ioc;
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.load_verify_file(caFile);
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> s(ioc, ctx);
    beast::get_lowest_layer(s).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(s).connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    s.handshake(asio::ssl::stream_base::client);
    auto req = makeRequest(q, port);
    http::write(s, req);
    beast::flat_buffer b;
    http::response<http::string_body> res;
    http::read(s, b, res);
    boost::system::error_code ec;
    s.shutdown(ec);
    return toReply(res);
}

// Raw bytes in, whatever comes back (until the server closes or 5 s pass).
inline std::string sendRaw(unsigned short port, const std::string& bytes)
{
    asio::io_context ioc;
    asio::ip::tcp::socket s(ioc);
    s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    boost::system::error_code ec;
    asio::write(s, asio::buffer(bytes), ec);
    std::string out;
    char buf[4096];
    const int fd = s.native_handle();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0)
            continue;
        const auto n = s.read_some(asio::buffer(buf), ec);
        if (ec || n == 0)
            break;
        out.append(buf, n);
    }
    return out;
}

} // namespace central_test
