#pragma once
// What the terminal tells a cashier about where a scanned product comes from
// and whether its papers and its lot are still good. Pure: the dates come in,
// the verdicts go out, so the panel, the CLI and the sale check agree.
#include "core/catalog.h"

#include <optional>
#include <string>
#include <string_view>

namespace ocop {

enum class Validity { Unknown, Valid, ExpiringSoon, Expired };
std::string_view validityKey(Validity v); // "unknown", "valid", "expiring", "expired"

// An OCOP certificate is flagged this long before it runs out (issue 4).
inline constexpr int kCertificateWarnDays = 90;
// A lot's expiry is shown as close this long before: food on a shelf.
inline constexpr int kLotWarnDays = 30;

// `date` and `today` are YYYY-MM-DD. A date is good through its own day:
// expired only from the day after. Unknown for an empty or malformed date.
Validity validityOn(std::string_view date, std::string_view today, int warnDays);
// Whole days from today to date (negative once past); nullopt if malformed.
std::optional<int> daysUntil(std::string_view date, std::string_view today);

// The lot a GS1 code named, with its dates as YYYY-MM-DD.
struct LotDates {
    std::string lot;
    std::string production; // AI 11
    std::string bestBefore; // AI 15
    std::string expiry;     // AI 17
    bool expiryMonthOnly = false; // DD=00 on the label: the end of that month
    // The date that decides whether the pack may be sold: expiry, else best before.
    const std::string& limit() const { return expiry.empty() ? bestBefore : expiry; }
};

struct TraceInfo {
    Product product;
    std::optional<Producer> producer;
    Validity certificate = Validity::Unknown;
    std::optional<int> certificateDaysLeft;
    std::optional<LotDates> lot;
    Validity lotValidity = Validity::Unknown;
    std::optional<int> lotDaysLeft;
    // A pack past its date is sold only with a manager's override.
    bool needsOverride() const { return lotValidity == Validity::Expired; }
};

TraceInfo traceInfo(const Product& product, std::optional<Producer> producer, std::optional<LotDates> lot,
                    std::string_view today);

} // namespace ocop
