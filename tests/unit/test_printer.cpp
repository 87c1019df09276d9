#include "core/printer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>

using namespace ocop;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string sampleBytes(std::size_t n)
{
    std::string s(n, '\0');
    std::mt19937 rng(42);
    for (auto& c : s)
        c = static_cast<char>(rng() & 0xFF);
    // Make sure the raw bytes include NUL and ESC/POS command bytes.
    if (n >= 4) {
        s[0] = 0x1B;
        s[1] = 0x40;
        s[2] = 0x00;
        s[3] = '\n';
    }
    return s;
}

std::string readFile(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

class TempDir {
public:
    TempDir()
    {
        std::string tmpl = (fs::temp_directory_path() / "ocop-printer-XXXXXX").string();
        path_ = ::mkdtemp(tmpl.data());
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// A one-connection TCP listener on 127.0.0.1:<ephemeral> that reads until EOF.
class Listener {
public:
    Listener()
    {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 1) != 0)
            return;
        socklen_t len = sizeof addr;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] {
            const int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0)
                return;
            char buf[4096];
            for (;;) {
                const ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n <= 0)
                    break;
                received_.append(buf, static_cast<std::size_t>(n));
            }
            ::close(c);
        });
    }
    ~Listener()
    {
        if (thread_.joinable()) {
            ::shutdown(fd_, SHUT_RDWR);
            thread_.join();
        }
        ::close(fd_);
    }
    int port() const { return port_; }
    std::string join()
    {
        thread_.join();
        return received_;
    }

private:
    int fd_ = -1;
    int port_ = 0;
    std::thread thread_;
    std::string received_;
};

// A local port that nobody listens on: bind an ephemeral port, then close it.
int closedLocalPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

long long elapsedMs(Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

} // namespace

TEST(PrinterTarget, Validation)
{
    EXPECT_TRUE(isValidPrinterTarget("file:/tmp/receipt.bin"));
    EXPECT_TRUE(isValidPrinterTarget("file:///tmp/receipt.bin"));
    EXPECT_TRUE(isValidPrinterTarget("file:receipt.bin"));
    EXPECT_TRUE(isValidPrinterTarget("/dev/usb/lp0"));
    EXPECT_TRUE(isValidPrinterTarget("tcp://192.168.1.50:9100"));
    EXPECT_TRUE(isValidPrinterTarget("tcp://printer.local"));
    EXPECT_TRUE(isValidPrinterTarget("tcp://[::1]:9100"));
    EXPECT_TRUE(isValidPrinterTarget("printer-1.shop.lan:9100"));
    EXPECT_TRUE(isValidPrinterTarget("10.0.0.7:9100"));
    EXPECT_TRUE(isValidPrinterTarget("[fe80::1]:9100"));

    EXPECT_FALSE(isValidPrinterTarget(""));
    EXPECT_FALSE(isValidPrinterTarget("file:"));
    EXPECT_FALSE(isValidPrinterTarget("file://relative"));
    EXPECT_FALSE(isValidPrinterTarget("file:/tmp/"));
    EXPECT_FALSE(isValidPrinterTarget("lp0"));
    EXPECT_FALSE(isValidPrinterTarget("printer"));
    EXPECT_FALSE(isValidPrinterTarget("http://printer:9100"));
    EXPECT_FALSE(isValidPrinterTarget("printer:"));
    EXPECT_FALSE(isValidPrinterTarget("printer:abc"));
    EXPECT_FALSE(isValidPrinterTarget("printer:0"));
    EXPECT_FALSE(isValidPrinterTarget("printer:65536"));
    EXPECT_FALSE(isValidPrinterTarget("tcp://"));
    EXPECT_FALSE(isValidPrinterTarget("tcp://:9100"));
    EXPECT_FALSE(isValidPrinterTarget("tcp://[::1:9100"));
    EXPECT_FALSE(isValidPrinterTarget("tcp://[nothex]:9100"));
    EXPECT_FALSE(isValidPrinterTarget("bad host:9100"));
    EXPECT_FALSE(isValidPrinterTarget(std::string_view("/dev/lp\0x", 9)));
    EXPECT_FALSE(isValidPrinterTarget("/dev/lp0\n"));
}

TEST(Printer, FileTargetWritesExactlyTheBytes)
{
    TempDir dir;
    const fs::path out = dir.path() / "receipt.bin";
    const std::string data = sampleBytes(100'000);
    const PrintResult r = sendToPrinter("file:" + out.string(), data);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_TRUE(r.error.empty());
    EXPECT_EQ(readFile(out), data);

    // Replaces an existing file whole, and leaves no temp files behind.
    const std::string shorter = sampleBytes(10);
    ASSERT_TRUE(sendToPrinter("file://" + out.string(), shorter).ok);
    EXPECT_EQ(readFile(out), shorter);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}), 1);

    // Empty output is a valid (empty) file.
    ASSERT_TRUE(sendToPrinter("file:" + out.string(), "").ok);
    EXPECT_EQ(fs::file_size(out), 0u);
}

TEST(Printer, FileTargetInMissingDirectoryFails)
{
    TempDir dir;
    const PrintResult r = sendToPrinter("file:" + (dir.path() / "nope" / "receipt.bin").string(), "x");
    EXPECT_FALSE(r.ok);
    EXPECT_FALSE(r.error.empty());
}

TEST(Printer, DevicePathWritesToExistingNode)
{
    // A regular file standing in for /dev/usb/lp0: opened without O_CREAT.
    TempDir dir;
    const fs::path dev = dir.path() / "lp0";
    std::ofstream(dev).close();
    const std::string data = sampleBytes(50'000);
    const PrintResult r = sendToPrinter(dev.string(), data);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(readFile(dev), data);
}

TEST(Printer, DevicePathToMissingNodeFails)
{
    TempDir dir;
    const auto start = Clock::now();
    const PrintResult r = sendToPrinter((dir.path() / "usb" / "lp7").string(), "data", 1000);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("lp7"), std::string::npos) << r.error;
    EXPECT_LT(elapsedMs(start), 1000);
    EXPECT_FALSE(fs::exists(dir.path() / "usb"));
    EXPECT_FALSE(sendToPrinter("/dev/ocop-no-such-printer", "data").ok);
}

TEST(Printer, FifoWithoutReaderFailsFastWithoutSigpipe)
{
    TempDir dir;
    const fs::path fifo = dir.path() / "fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const auto start = Clock::now();
    const PrintResult r = sendToPrinter(fifo.string(), "data", 500);
    EXPECT_FALSE(r.ok);
    EXPECT_FALSE(r.error.empty());
    EXPECT_LT(elapsedMs(start), 1000);
}

TEST(Printer, TcpTargetDeliversExactlyTheBytes)
{
    Listener listener;
    ASSERT_GT(listener.port(), 0);
    const std::string data = sampleBytes(300'000); // more than one socket buffer
    const PrintResult r = sendToPrinter("tcp://127.0.0.1:" + std::to_string(listener.port()), data, 5000);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(listener.join(), data);
}

TEST(Printer, HostPortFormAndLocalhostName)
{
    Listener listener;
    ASSERT_GT(listener.port(), 0);
    const std::string data = sampleBytes(1000);
    const PrintResult r = sendToPrinter("localhost:" + std::to_string(listener.port()), data, 5000);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(listener.join(), data);
}

TEST(Printer, ConnectionRefusedIsReportedWithinTimeout)
{
    const int port = closedLocalPort();
    const auto start = Clock::now();
    const PrintResult r = sendToPrinter("tcp://127.0.0.1:" + std::to_string(port), "data", 2000);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("cannot connect"), std::string::npos) << r.error;
    EXPECT_LT(elapsedMs(start), 2000);

    const PrintResult r2 = sendToPrinter("127.0.0.1:" + std::to_string(port), "data", 2000);
    EXPECT_FALSE(r2.ok);
    EXPECT_FALSE(r2.error.empty());
}

TEST(Printer, UnreachableHostTimesOut)
{
    // 192.0.2.0/24 is TEST-NET-1: never routed. Depending on the network the
    // connect fails at once (no route) or hangs until our timeout; either way
    // the call reports failure and returns close to the timeout at the latest.
    const auto start = Clock::now();
    const PrintResult r = sendToPrinter("tcp://192.0.2.1:9100", "data", 300);
    EXPECT_FALSE(r.ok);
    EXPECT_FALSE(r.error.empty());
    EXPECT_LT(elapsedMs(start), 300 + 250);
}

TEST(Printer, BadTargetStringsFail)
{
    for (const char* bad : {"", "lp0", "http://printer/print", "printer:notaport", "tcp://", "file:"}) {
        const PrintResult r = sendToPrinter(bad, "data");
        EXPECT_FALSE(r.ok) << bad;
        EXPECT_NE(r.error.find("invalid printer target"), std::string::npos) << r.error;
    }
}

TEST(Printer, UnknownHostNameFails)
{
    const auto start = Clock::now();
    const PrintResult r = sendToPrinter("tcp://no-such-printer.invalid:9100", "data", 1500);
    EXPECT_FALSE(r.ok);
    EXPECT_FALSE(r.error.empty());
    EXPECT_LT(elapsedMs(start), 1500 + 250);
}
