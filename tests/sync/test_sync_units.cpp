// Unit tests of the sync agent's pieces that need no server: backoff and
// jitter, Retry-After, gzip, server URLs and the data-directory lock.
#include "core/errors.h"
#include "sync/agent/backoff.h"
#include "sync/agent/data_dir_lock.h"
#include "sync/agent/gzip.h"
#include "sync/agent/http_client.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

using namespace ocop::sync;
namespace fs = std::filesystem;
using std::chrono::milliseconds;

TEST(Backoff, CeilingDoublesUpToTheCap)
{
    BackoffPolicy p{milliseconds(500), milliseconds(60'000)};
    EXPECT_EQ(backoffCeiling(p, 0).count(), 500);
    EXPECT_EQ(backoffCeiling(p, 1).count(), 1000);
    EXPECT_EQ(backoffCeiling(p, 2).count(), 2000);
    EXPECT_EQ(backoffCeiling(p, 6).count(), 32'000);
    EXPECT_EQ(backoffCeiling(p, 7).count(), 60'000);
    EXPECT_EQ(backoffCeiling(p, 1000).count(), 60'000) << "no overflow for a very long outage";
    EXPECT_EQ(backoffCeiling(p, -3).count(), 500);
}

TEST(Backoff, FullJitterStaysInTheWindowAndSpreadsOverIt)
{
    BackoffPolicy p{milliseconds(1000), milliseconds(8000)};
    std::mt19937_64 rng(42);
    for (int attempt = 0; attempt < 6; ++attempt) {
        const auto ceiling = backoffCeiling(p, attempt).count();
        double sum = 0;
        std::int64_t lo = ceiling, hi = 0;
        const int n = 20'000;
        for (int i = 0; i < n; ++i) {
            const auto d = fullJitterDelay(p, attempt, rng).count();
            ASSERT_GE(d, 0);
            ASSERT_LE(d, ceiling);
            sum += static_cast<double>(d);
            lo = std::min(lo, d);
            hi = std::max(hi, d);
        }
        // Full jitter: uniform over [0, ceiling], so the mean is ceiling/2
        // and both ends are reached; plain exponential backoff would not.
        EXPECT_NEAR(sum / n, ceiling / 2.0, ceiling * 0.02) << "attempt " << attempt;
        EXPECT_LT(lo, ceiling / 20);
        EXPECT_GT(hi, ceiling - ceiling / 20);
    }
}

TEST(Backoff, RetryAfterIsHonouredAndCapped)
{
    BackoffPolicy p{milliseconds(500), milliseconds(60'000), milliseconds(600'000)};
    std::mt19937_64 rng(7);
    for (int i = 0; i < 100; ++i) {
        const auto d = retryDelay(p, 0, milliseconds(3000), rng);
        EXPECT_GE(d.count(), 3000);
        EXPECT_LE(d.count(), 3500);
    }
    EXPECT_LE(retryDelay(p, 0, milliseconds(10LL * 3600 * 1000), rng).count(), 600'500)
        << "an absurd Retry-After is capped";
    EXPECT_LE(retryDelay(p, 3, std::nullopt, rng).count(), 4000);
}

TEST(RetryAfter, ParsesSecondsAndHttpDates)
{
    const std::int64_t now = 1445412480000; // Wed, 21 Oct 2015 07:28:00 GMT
    EXPECT_EQ(parseRetryAfter("120", now)->count(), 120'000);
    EXPECT_EQ(parseRetryAfter(" 5 ", now)->count(), 5000);
    EXPECT_EQ(parseRetryAfter("0", now)->count(), 0);
    EXPECT_EQ(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now)->count(), 30'000);
    EXPECT_EQ(parseRetryAfter("Wednesday, 21-Oct-15 07:29:00 GMT", now)->count(), 60'000);
    EXPECT_EQ(parseRetryAfter("Wed Oct 21 07:28:10 2015", now)->count(), 10'000);
    EXPECT_EQ(parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now)->count(), 0) << "a date in the past: now";
    EXPECT_FALSE(parseRetryAfter("", now));
    EXPECT_FALSE(parseRetryAfter("-5", now));
    EXPECT_FALSE(parseRetryAfter("1.5", now));
    EXPECT_FALSE(parseRetryAfter("soon", now));
    EXPECT_FALSE(parseRetryAfter("99999999999999999999", now));
    EXPECT_FALSE(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT trailing", now));
}

TEST(Gzip, RoundTripsAndRefusesGarbage)
{
    std::string text;
    for (int i = 0; i < 5000; ++i)
        text += "{\"seq\":" + std::to_string(i) + ",\"type\":\"sale.completed\"},";
    const auto packed = gzipCompress(text);
    ASSERT_GE(packed.size(), 18u);
    EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f) << "gzip magic";
    EXPECT_EQ(static_cast<unsigned char>(packed[1]), 0x8b);
    EXPECT_LT(packed.size(), text.size() / 5);
    EXPECT_EQ(gzipDecompress(packed), text);
    EXPECT_EQ(gzipDecompress(gzipCompress("")), "");
    EXPECT_THROW(gzipDecompress("not gzip at all"), std::runtime_error);
    EXPECT_THROW(gzipDecompress(packed.substr(0, packed.size() / 2)), std::runtime_error);
    EXPECT_THROW(gzipDecompress(packed, 1000), std::runtime_error) << "inflating past the limit";
}

TEST(ServerUrl, AcceptsHttpsAndLoopbackHttp)
{
    EXPECT_EQ(normalizeServerUrl("https://central.ocop.hanoi.gov.vn"), "https://central.ocop.hanoi.gov.vn");
    EXPECT_EQ(normalizeServerUrl("https://central.example/"), "https://central.example");
    EXPECT_EQ(normalizeServerUrl("https://central.example/ocop/"), "https://central.example/ocop");
    EXPECT_EQ(normalizeServerUrl("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    EXPECT_EQ(normalizeServerUrl("HTTP://localhost:9000/"), "http://localhost:9000");
}

TEST(ServerUrl, RefusesMalformedAndCleartextToOtherHosts)
{
    ::unsetenv("OCOP_SYNC_ALLOW_HTTP");
    for (const char* bad : {"", "central.example", "localhost:8080", "ftp://central.example", "http://", "https://",
                            "https://user:pw@central.example", "https://central.example/?x=1", "https://a b",
                            "http://192.168.1.10:8080", "https://central.example/#frag", "file:///etc/passwd"}) {
        EXPECT_THROW(normalizeServerUrl(bad), ocop::UserError) << bad;
    }
    ::setenv("OCOP_SYNC_ALLOW_HTTP", "1", 1);
    EXPECT_EQ(normalizeServerUrl("http://192.168.1.10:8080"), "http://192.168.1.10:8080");
    ::unsetenv("OCOP_SYNC_ALLOW_HTTP");
}

TEST(DataDirLock, ExcludesASecondHolderInThisAndAnotherProcess)
{
    const fs::path dir = fs::temp_directory_path() / ("ocop-lock-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    {
        DataDirLock first(dir);
        ASSERT_TRUE(first.locked()) << first.error();
        DataDirLock second(dir);
        EXPECT_FALSE(second.locked());
        EXPECT_NE(second.error().find("another sync is running"), std::string::npos) << second.error();

        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            DataDirLock inChild(dir);
            ::_exit(inChild.locked() ? 0 : 3);
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        ASSERT_TRUE(WIFEXITED(status));
        EXPECT_EQ(WEXITSTATUS(status), 3) << "another process must not get the lock";
    }
    DataDirLock again(dir);
    EXPECT_TRUE(again.locked()) << "released when the holder goes away";
    EXPECT_EQ(fs::status(dir / "sync.lock").permissions() & fs::perms::others_read, fs::perms::none);
    fs::remove_all(dir);
}
