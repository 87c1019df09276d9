#pragma once
// Times are stored as UTC milliseconds and shown in Asia/Ho_Chi_Minh, which
// has been UTC+7 without daylight saving since 1975.
#include <cstdint>
#include <string>

namespace ocop {

using TimestampMs = std::int64_t;

inline constexpr std::int64_t kVietnamOffsetMs = 7LL * 3600 * 1000;

TimestampMs nowMs();
std::string formatLocalDateTime(TimestampMs utcMs); // "23/11/2026 21:05"
std::string localIsoDate(TimestampMs utcMs);        // "2026-11-23"
std::string isoUtc(TimestampMs utcMs);              // "2026-11-23T14:05:00.000Z"
// Start of the local (UTC+7) day containing utcMs, as UTC ms.
TimestampMs localDayStart(TimestampMs utcMs);
// Parses "YYYY-MM-DD" as a local day; returns its start as UTC ms, or -1.
TimestampMs parseLocalDate(const std::string& isoDate);

} // namespace ocop
