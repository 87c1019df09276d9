// gunzip(): request bodies as terminals send them, and every way a body can
// be wrong, each with the answer the HTTP API gives (413 or 400).
#include "sync/central/central_store.h"
#include "sync/central/gzip.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

using ocop::central::ApiError;
using ocop::central::gunzip;
using ocop::central::gzipCompress;

namespace {

constexpr std::size_t kLimit = 1024 * 1024;

// Something like a batch: Vietnamese text, repetitive but not uniform.
std::string batchLikeText(std::size_t bytes)
{
    std::string s;
    for (int i = 0; s.size() < bytes; ++i)
        s += "{\"seq\":" + std::to_string(i) + ",\"name\":\"Bánh cốm Làng Vòng\",\"price\":" +
             std::to_string(35000 + i % 97 * 500) + "},";
    s.resize(bytes);
    return s;
}

int statusOf(std::string_view body, std::size_t limit = kLimit)
{
    try {
        gunzip(body, limit);
    } catch (const ApiError& e) {
        return e.status();
    }
    return 200;
}

void setTrailerSize(std::string& gz, std::uint32_t size)
{
    for (int i = 0; i < 4; ++i)
        gz[gz.size() - 4 + i] = static_cast<char>(size >> (8 * i) & 0xff);
}

} // namespace

TEST(CentralGzip, InflatesWhatWasCompressed)
{
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{1000}, std::size_t{200'000}, kLimit}) {
        const auto text = batchLikeText(n);
        EXPECT_EQ(gunzip(gzipCompress(text), kLimit), text) << n << " bytes";
    }
}

TEST(CentralGzip, ABodyThatInflatesPastTheLimitIs413)
{
    // Honest trailer over the limit, and one limit short of it.
    EXPECT_EQ(statusOf(gzipCompress(std::string(kLimit + 1, ' '))), 413);
    EXPECT_EQ(statusOf(gzipCompress(std::string(4096, ' ')), 4095), 413);
    // A trailer that understates the size does not get a bomb past the limit.
    auto lying = gzipCompress(std::string(kLimit * 4, ' '));
    setTrailerSize(lying, 100);
    EXPECT_EQ(statusOf(lying), 413);
}

TEST(CentralGzip, ATrailerThatDoesNotMatchIs400)
{
    const auto text = batchLikeText(50'000);
    for (const std::uint32_t claimed : {std::uint32_t{0}, std::uint32_t{49'999}, std::uint32_t{50'001},
                                        static_cast<std::uint32_t>(kLimit)}) {
        auto gz = gzipCompress(text);
        setTrailerSize(gz, claimed);
        EXPECT_EQ(statusOf(gz), 400) << "trailer says " << claimed;
    }
}

TEST(CentralGzip, CorruptOrTruncatedIs400)
{
    const auto gz = gzipCompress(batchLikeText(50'000));
    EXPECT_EQ(statusOf("not gzip at all"), 400);
    EXPECT_EQ(statusOf(std::string(64, '\0')), 400);
    EXPECT_EQ(statusOf(gz.substr(0, gz.size() / 2)), 400);
    EXPECT_EQ(statusOf(gz.substr(0, gz.size() - 1)), 400);
    auto flipped = gz;
    flipped[gz.size() / 2] = static_cast<char>(flipped[gz.size() / 2] ^ 0x10);
    EXPECT_EQ(statusOf(flipped), 400);
    // The CRC is checked too.
    auto badCrc = gz;
    badCrc[gz.size() - 8] = static_cast<char>(badCrc[gz.size() - 8] ^ 1);
    EXPECT_EQ(statusOf(badCrc), 400);
}
