#include "core/timeutil.h"

#include <chrono>
#include <cstdio>

namespace ocop {

namespace {
struct Civil {
    int y, m, d, hh, mm, ss, ms;
};

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t daysFromCivil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Civil civil(std::int64_t ms)
{
    std::int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
    std::int64_t rest = ms - days * 86400000;
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + static_cast<int>(era) * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp + (mp < 10 ? 3 : -9);
    Civil c{};
    c.y = y + (m <= 2);
    c.m = static_cast<int>(m);
    c.d = static_cast<int>(d);
    c.hh = static_cast<int>(rest / 3600000);
    c.mm = static_cast<int>(rest / 60000 % 60);
    c.ss = static_cast<int>(rest / 1000 % 60);
    c.ms = static_cast<int>(rest % 1000);
    return c;
}
} // namespace

TimestampMs nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string formatLocalDateTime(TimestampMs utcMs)
{
    const Civil c = civil(utcMs + kVietnamOffsetMs);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d %02d:%02d", c.d, c.m, c.y, c.hh, c.mm);
    return buf;
}

std::string localIsoDate(TimestampMs utcMs)
{
    const Civil c = civil(utcMs + kVietnamOffsetMs);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
    return buf;
}

std::string isoUtc(TimestampMs utcMs)
{
    const Civil c = civil(utcMs);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.y, c.m, c.d, c.hh, c.mm, c.ss, c.ms);
    return buf;
}

TimestampMs localDayStart(TimestampMs utcMs)
{
    const std::int64_t local = utcMs + kVietnamOffsetMs;
    const std::int64_t day = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
    return day * 86400000 - kVietnamOffsetMs;
}

TimestampMs parseLocalDate(const std::string& isoDate)
{
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (std::sscanf(isoDate.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return -1;
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    return daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400000 - kVietnamOffsetMs;
}

} // namespace ocop
