#pragma once
// Shared helpers for the end-to-end suites: spawn the real `ocop` binary
// (posix_spawn, stdout/stderr through pipes, optional SIGKILL at a deadline),
// temporary data directories, and read-only looks into the SQLite file
// through the C API, independent of the store's own code.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace e2e {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

inline const char* ocopBinary() { return OCOP_BINARY; }

// ------------------------------------------------------------------ processes

struct RunResult {
    int exitCode = -1;   // when the process exited
    int termSignal = 0;  // when a signal ended it
    bool killedByUs = false;
    std::string out;
    std::string err;
    double seconds = 0;

    bool exited() const { return termSignal == 0; }
    // Lines written to stderr (a final line without '\n' counts too).
    std::vector<std::string> errLines() const
    {
        std::vector<std::string> lines;
        std::istringstream in(err);
        for (std::string l; std::getline(in, l);)
            lines.push_back(l);
        return lines;
    }
    std::string describe() const
    {
        std::ostringstream s;
        if (exited())
            s << "exit " << exitCode;
        else
            s << "signal " << termSignal;
        s << "\n--- stdout ---\n" << out.substr(0, 4000) << "\n--- stderr ---\n" << err.substr(0, 4000);
        return s.str();
    }
    json outJson() const { return json::parse(out); }
};

struct Spawn {
    std::vector<std::string> args;               // without argv[0]
    std::optional<std::chrono::microseconds> killAfter; // SIGKILL at this point if still running
    std::vector<std::string> extraEnv;           // "K=V"
};

namespace detail {

inline std::vector<std::string> childEnvironment(const std::vector<std::string>& extra)
{
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string kv(*e);
        // The suites own these: logging stays at its default level so stderr
        // carries only what the contract allows.
        if (kv.rfind("OCOP_LOG_LEVEL=", 0) == 0 || kv.rfind("OCOP_DATA=", 0) == 0)
            continue;
        env.push_back(kv);
    }
    env.push_back("QT_QPA_PLATFORM=offscreen");
    for (const auto& kv : extra)
        env.push_back(kv);
    return env;
}

struct Running {
    pid_t pid = -1;
    int outFd = -1;
    int errFd = -1;
    Clock::time_point started;
    std::optional<Clock::time_point> killAt;
    bool reaped = false;
    RunResult result;
};

inline void startProcess(const std::string& exe, const Spawn& spec, Running& r)
{
    int outPipe[2];
    int errPipe[2];
    if (pipe2(outPipe, O_CLOEXEC) != 0 || pipe2(errPipe, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, outPipe[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errPipe[1], 2);

    std::vector<std::string> argvStore;
    argvStore.push_back(exe);
    argvStore.insert(argvStore.end(), spec.args.begin(), spec.args.end());
    std::vector<char*> argv;
    for (auto& s : argvStore)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    auto envStore = childEnvironment(spec.extraEnv);
    std::vector<char*> envp;
    for (auto& s : envStore)
        envp.push_back(s.data());
    envp.push_back(nullptr);

    r.started = Clock::now();
    const int rc = posix_spawn(&r.pid, exe.c_str(), &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    close(outPipe[1]);
    close(errPipe[1]);
    if (rc != 0) {
        close(outPipe[0]);
        close(errPipe[0]);
        throw std::runtime_error("posix_spawn " + exe + ": " + std::strerror(rc));
    }
    r.outFd = outPipe[0];
    r.errFd = errPipe[0];
    if (spec.killAfter)
        r.killAt = r.started + *spec.killAfter;
}

inline void drain(int& fd, std::string& into)
{
    char buf[65536];
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
        into.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        close(fd);
        fd = -1;
    }
}

} // namespace detail

// Runs all the processes at once; each is SIGKILLed at its deadline if it has
// not finished by then. Returns when every one has been reaped.
inline std::vector<RunResult> runAll(const std::vector<Spawn>& specs, const std::string& exe = ocopBinary())
{
    std::vector<detail::Running> procs(specs.size());
    for (std::size_t i = 0; i < specs.size(); ++i)
        detail::startProcess(exe, specs[i], procs[i]);
    const auto hardLimit = Clock::now() + std::chrono::seconds(90);
    for (;;) {
        std::vector<pollfd> fds;
        std::vector<std::pair<std::size_t, bool>> owners; // proc, isStdout
        bool anyRunning = false;
        auto nextWake = Clock::now() + std::chrono::milliseconds(20);
        for (std::size_t i = 0; i < procs.size(); ++i) {
            auto& p = procs[i];
            if (p.outFd >= 0) {
                fds.push_back({p.outFd, POLLIN, 0});
                owners.emplace_back(i, true);
            }
            if (p.errFd >= 0) {
                fds.push_back({p.errFd, POLLIN, 0});
                owners.emplace_back(i, false);
            }
            if (!p.reaped) {
                anyRunning = true;
                if (p.killAt && !p.result.killedByUs)
                    nextWake = std::min(nextWake, *p.killAt);
            }
        }
        if (!anyRunning && fds.empty())
            break;
        if (fds.empty()) // both pipes closed: the process is on its way out
            nextWake = std::min(nextWake, Clock::now() + std::chrono::milliseconds(2));
        const auto waitMs = std::max<long long>(
            0, std::chrono::duration_cast<std::chrono::milliseconds>(nextWake - Clock::now()).count());
        const int n = poll(fds.data(), fds.size(), static_cast<int>(waitMs));
        if (n > 0) {
            for (std::size_t k = 0; k < fds.size(); ++k) {
                if (!fds[k].revents)
                    continue;
                auto& p = procs[owners[k].first];
                if (owners[k].second)
                    detail::drain(p.outFd, p.result.out);
                else
                    detail::drain(p.errFd, p.result.err);
            }
        }
        const auto now = Clock::now();
        for (auto& p : procs) {
            if (p.reaped)
                continue;
            int status = 0;
            const pid_t w = waitpid(p.pid, &status, WNOHANG);
            if (w == p.pid) {
                p.reaped = true;
                p.result.seconds = std::chrono::duration<double>(Clock::now() - p.started).count();
                if (WIFEXITED(status))
                    p.result.exitCode = WEXITSTATUS(status);
                else if (WIFSIGNALED(status))
                    p.result.termSignal = WTERMSIG(status);
                continue;
            }
            const bool due = p.killAt && now >= *p.killAt;
            if ((due || now > hardLimit) && !p.result.killedByUs) {
                kill(p.pid, SIGKILL);
                p.result.killedByUs = true;
            }
        }
    }
    std::vector<RunResult> out;
    for (auto& p : procs)
        out.push_back(std::move(p.result));
    return out;
}

inline RunResult run(const std::vector<std::string>& args, const std::string& exe = ocopBinary())
{
    return runAll({Spawn{args, std::nullopt, {}}}, exe).front();
}

// ------------------------------------------------------------------ files

inline std::string readFile(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + p.string());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void writeFile(const fs::path& p, const std::string& bytes)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        throw std::runtime_error("cannot write " + p.string());
}

// A fresh directory under $TMPDIR, removed at the end unless the test failed
// (or OCOP_E2E_KEEP is set), so a failure can be looked at.
class TempDir {
public:
    explicit TempDir(const std::string& tag = "ocop-e2e")
    {
        const char* base = std::getenv("TMPDIR");
        std::string templ = std::string(base && *base ? base : "/tmp") + "/" + tag + "-XXXXXX";
        if (!mkdtemp(templ.data()))
            throw std::runtime_error("mkdtemp failed: " + std::string(std::strerror(errno)));
        m_path = templ;
    }
    ~TempDir()
    {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        const bool failed = info && info->result() && info->result()->Failed();
        if (failed || std::getenv("OCOP_E2E_KEEP")) {
            std::fprintf(stderr, "[ e2e ] kept %s\n", m_path.c_str());
            return;
        }
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return m_path; }
    fs::path operator/(const std::string& s) const { return m_path / s; }

private:
    fs::path m_path;
};

inline fs::path dbPath(const fs::path& dataDir) { return dataDir / "terminal.db"; }

// ------------------------------------------------------------------ SQLite, read-only

class ReadOnlyDb {
public:
    explicit ReadOnlyDb(const fs::path& file)
    {
        if (!fs::exists(file))
            throw std::runtime_error("no database at " + file.string());
        const int rc = sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr);
        if (rc != SQLITE_OK) {
            const std::string msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
            sqlite3_close(m_db);
            m_db = nullptr;
            throw std::runtime_error("cannot open " + file.string() + ": " + msg);
        }
        sqlite3_busy_timeout(m_db, 10000);
    }
    ~ReadOnlyDb()
    {
        if (m_db)
            sqlite3_close(m_db);
    }
    ReadOnlyDb(const ReadOnlyDb&) = delete;
    ReadOnlyDb& operator=(const ReadOnlyDb&) = delete;

    using Row = std::vector<std::string>; // NULL reads as "\x01NULL"

    std::vector<Row> query(const std::string& sql, const std::vector<std::string>& params = {}) const
    {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
            throw std::runtime_error("prepare `" + sql + "`: " + sqlite3_errmsg(m_db));
        for (std::size_t i = 0; i < params.size(); ++i)
            sqlite3_bind_text(st, static_cast<int>(i + 1), params[i].c_str(), -1, SQLITE_TRANSIENT);
        std::vector<Row> rows;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            Row r;
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                if (sqlite3_column_type(st, c) == SQLITE_NULL) {
                    r.push_back("\x01NULL");
                } else {
                    const auto* t = sqlite3_column_text(st, c);
                    r.emplace_back(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(st, c)));
                }
            }
            rows.push_back(std::move(r));
        }
        const std::string err = rc == SQLITE_DONE ? "" : sqlite3_errmsg(m_db);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            throw std::runtime_error("step `" + sql + "`: " + err);
        return rows;
    }
    std::string scalar(const std::string& sql, const std::vector<std::string>& params = {}) const
    {
        const auto rows = query(sql, params);
        if (rows.empty() || rows.front().empty())
            throw std::runtime_error("no row from `" + sql + "`");
        return rows.front().front();
    }
    std::int64_t integer(const std::string& sql, const std::vector<std::string>& params = {}) const
    {
        return std::stoll(scalar(sql, params));
    }

private:
    sqlite3* m_db = nullptr;
};

// Everything the database holds, table by table with rows sorted: equal
// fingerprints mean equal content, whatever the page layout.
inline std::string contentFingerprint(const fs::path& file)
{
    ReadOnlyDb db(file);
    std::string fp = "user_version=" + db.scalar("PRAGMA user_version") + "\n";
    for (const auto& t : db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        auto rows = db.query("SELECT * FROM \"" + t[0] + "\"");
        std::vector<std::string> lines;
        lines.reserve(rows.size());
        for (const auto& r : rows) {
            std::string line;
            for (const auto& v : r) {
                line += v;
                line += '\x1f';
            }
            lines.push_back(std::move(line));
        }
        std::sort(lines.begin(), lines.end());
        fp += "[" + t[0] + " " + std::to_string(lines.size()) + "]\n";
        for (const auto& l : lines)
            fp += l + "\n";
    }
    return fp;
}

// A short label for a fingerprint in failure messages.
inline std::string shortHash(const std::string& s)
{
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%016llx/%zu", static_cast<unsigned long long>(h), s.size());
    return buf;
}

// ------------------------------------------------------------------ ocop helpers

// `ocop --data DIR <args...>`
inline RunResult ocop(const fs::path& dataDir, std::vector<std::string> args)
{
    args.insert(args.begin(), {"--data", dataDir.string()});
    return run(args);
}

// Runs a command expected to succeed and returns its JSON output.
inline json ocopJson(const fs::path& dataDir, std::vector<std::string> args)
{
    args.push_back("--json");
    const auto r = ocop(dataDir, args);
    if (!r.exited() || r.exitCode != 0)
        throw std::runtime_error("ocop failed: " + r.describe());
    try {
        return r.outJson();
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("ocop printed no JSON: ") + e.what() + "\n" + r.describe());
    }
}

inline void initDemo(const fs::path& dataDir)
{
    const auto r = ocop(dataDir, {"init", "--demo"});
    if (!r.exited() || r.exitCode != 0)
        throw std::runtime_error("ocop init --demo failed: " + r.describe());
}

// code -> on hand
inline std::map<std::string, std::int64_t> stockMap(const fs::path& dataDir)
{
    std::map<std::string, std::int64_t> m;
    for (const auto& s : ocopJson(dataDir, {"stock"}))
        m[s.at("code").get<std::string>()] = s.at("on_hand").get<std::int64_t>();
    return m;
}

// Half-up VAT in a VAT-inclusive amount, as DESIGN.md prescribes.
inline std::int64_t vatIncluded(std::int64_t gross, int rate)
{
    if (rate == 0)
        return 0;
    const std::int64_t num = gross * rate;
    const std::int64_t den = 100 + rate;
    return (2 * num + den) / (2 * den);
}

// ASCII fold of Vietnamese text, for checking search results independently
// of the product's own folding code.
inline std::string foldVi(const std::string& s)
{
    static const std::map<char32_t, char> table = [] {
        std::map<char32_t, char> t;
        auto add = [&](const char* utf8, char base) {
            std::string str(utf8);
            for (std::size_t i = 0; i < str.size();) {
                const auto c = static_cast<unsigned char>(str[i]);
                char32_t cp;
                int len;
                if (c < 0x80) { cp = c; len = 1; }
                else if ((c >> 5) == 6) { cp = c & 0x1f; len = 2; }
                else if ((c >> 4) == 14) { cp = c & 0x0f; len = 3; }
                else { cp = c & 0x07; len = 4; }
                for (int k = 1; k < len; ++k)
                    cp = (cp << 6) | (static_cast<unsigned char>(str[i + static_cast<std::size_t>(k)]) & 0x3f);
                t[cp] = base;
                i += static_cast<std::size_t>(len);
            }
        };
        add("àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a');
        add("èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ", 'e');
        add("ìíỉĩịÌÍỈĨỊ", 'i');
        add("òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o');
        add("ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ", 'u');
        add("ỳýỷỹỵỲÝỶỸỴ", 'y');
        add("đĐ", 'd');
        return t;
    }();
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(std::tolower(c)));
            ++i;
            continue;
        }
        char32_t cp;
        int len;
        if ((c >> 5) == 6) { cp = c & 0x1f; len = 2; }
        else if ((c >> 4) == 14) { cp = c & 0x0f; len = 3; }
        else { cp = c & 0x07; len = 4; }
        for (int k = 1; k < len && i + static_cast<std::size_t>(k) < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3f);
        // Combining marks (decomposed input) vanish; known letters fold.
        if (cp >= 0x300 && cp <= 0x36f) {
        } else if (auto it = table.find(cp); it != table.end()) {
            out.push_back(it->second);
        } else {
            out.append(s, i, static_cast<std::size_t>(len));
        }
        i += static_cast<std::size_t>(len);
    }
    return out;
}

} // namespace e2e
