#pragma once
// The one place the touch UI turns a UTC instant into words: every time a
// cashier sees (clock, shift, receipts, Z report, sync) is Asia/Ho_Chi_Minh
// (UTC+7, no daylight saving), whatever the machine's own zone is.
#include "core/timeutil.h"

#include <QDateTime>
#include <QString>

namespace ocop {

QDateTime vietnamDateTime(TimestampMs utcMs);
QString vietnamDateTimeText(TimestampMs utcMs); // "23/11/2026 21:05"
QString vietnamClockText(TimestampMs utcMs);    // "21:05"

} // namespace ocop
