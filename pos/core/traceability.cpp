#include "core/traceability.h"

#include <chrono>
#include <charconv>

namespace ocop {

namespace {

std::optional<std::chrono::sys_days> parseIso(std::string_view s)
{
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return std::nullopt;
    int y = 0, m = 0, d = 0;
    auto num = [](std::string_view part, int& out) {
        auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        return ec == std::errc() && p == part.data() + part.size();
    };
    if (!num(s.substr(0, 4), y) || !num(s.substr(5, 2), m) || !num(s.substr(8, 2), d))
        return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                          std::chrono::day(static_cast<unsigned>(d))};
    if (!ymd.ok())
        return std::nullopt;
    return std::chrono::sys_days(ymd);
}

} // namespace

std::string_view validityKey(Validity v)
{
    switch (v) {
    case Validity::Valid: return "valid";
    case Validity::ExpiringSoon: return "expiring";
    case Validity::Expired: return "expired";
    case Validity::Unknown: break;
    }
    return "unknown";
}

std::optional<int> daysUntil(std::string_view date, std::string_view today)
{
    const auto d = parseIso(date);
    const auto t = parseIso(today);
    if (!d || !t)
        return std::nullopt;
    return static_cast<int>((*d - *t).count());
}

Validity validityOn(std::string_view date, std::string_view today, int warnDays)
{
    const auto left = daysUntil(date, today);
    if (!left)
        return Validity::Unknown;
    if (*left < 0)
        return Validity::Expired;
    return *left <= warnDays ? Validity::ExpiringSoon : Validity::Valid;
}

TraceInfo traceInfo(const Product& product, std::optional<Producer> producer, std::optional<LotDates> lot,
                    std::string_view today)
{
    TraceInfo t;
    t.product = product;
    t.producer = std::move(producer);
    t.certificate = validityOn(product.certificateExpiry, today, kCertificateWarnDays);
    t.certificateDaysLeft = daysUntil(product.certificateExpiry, today);
    if (lot) {
        t.lotValidity = validityOn(lot->limit(), today, kLotWarnDays);
        t.lotDaysLeft = daysUntil(lot->limit(), today);
        t.lot = std::move(lot);
    }
    return t;
}

} // namespace ocop
