#include "sync/agent/backoff.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <string>

namespace ocop::sync {

Millis backoffCeiling(const BackoffPolicy& p, int attempt)
{
    const std::int64_t base = std::max<std::int64_t>(p.base.count(), 1);
    const std::int64_t cap = std::max<std::int64_t>(p.cap.count(), base);
    std::int64_t v = base;
    for (int i = 0; i < attempt && v < cap; ++i)
        v = v > cap / 2 ? cap : v * 2;
    return Millis(std::min(v, cap));
}

Millis fullJitterDelay(const BackoffPolicy& p, int attempt, std::mt19937_64& rng)
{
    const auto ceiling = backoffCeiling(p, std::max(attempt, 0)).count();
    std::uniform_int_distribution<std::int64_t> dist(0, ceiling);
    return Millis(dist(rng));
}

Millis retryDelay(const BackoffPolicy& p, int attempt, std::optional<Millis> retryAfter, std::mt19937_64& rng)
{
    const auto jitter = fullJitterDelay(p, attempt, rng);
    if (!retryAfter)
        return jitter;
    const auto honoured = std::min(*retryAfter, p.maxRetryAfter);
    // A small spread on top keeps terminals told "retry in 30 s" together
    // from all coming back in the same millisecond.
    std::uniform_int_distribution<std::int64_t> spread(0, std::min<std::int64_t>(p.base.count(), 1000));
    return honoured + Millis(spread(rng));
}

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

std::optional<std::int64_t> parseHttpDate(const std::string& s)
{
    // IMF-fixdate, RFC 850 and asctime, as RFC 9110 asks recipients to accept.
    static const char* kFormats[] = {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %d %H:%M:%S %Y"};
    for (const char* fmt : kFormats) {
        std::tm tm{};
        const char* end = strptime(s.c_str(), fmt, &tm);
        if (end && *end == '\0')
            return static_cast<std::int64_t>(timegm(&tm)) * 1000;
    }
    return std::nullopt;
}

} // namespace

std::optional<Millis> parseRetryAfter(std::string_view value, std::int64_t nowMs)
{
    value = trim(value);
    if (value.empty())
        return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (value.size() > 9) // more than ~31 years: nonsense, not a number to obey
            return std::nullopt;
        return Millis(std::stoll(std::string(value)) * 1000);
    }
    if (auto at = parseHttpDate(std::string(value)))
        return Millis(std::max<std::int64_t>(*at - nowMs, 0));
    return std::nullopt;
}

} // namespace ocop::sync
