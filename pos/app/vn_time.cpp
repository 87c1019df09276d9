#include "app/vn_time.h"

#include <QTimeZone>

namespace ocop {

namespace {

const QTimeZone& vietnam()
{
    // The IANA zone when the system has its database; a fixed UTC+7 otherwise
    // (the same since 1975).
    static const QTimeZone zone = [] {
        QTimeZone z(QByteArrayLiteral("Asia/Ho_Chi_Minh"));
        return z.isValid() ? z : QTimeZone(static_cast<int>(kVietnamOffsetMs / 1000));
    }();
    return zone;
}

} // namespace

QDateTime vietnamDateTime(TimestampMs utcMs) { return QDateTime::fromMSecsSinceEpoch(utcMs, vietnam()); }

QString vietnamDateTimeText(TimestampMs utcMs)
{
    return vietnamDateTime(utcMs).toString(QStringLiteral("dd/MM/yyyy HH:mm"));
}

QString vietnamClockText(TimestampMs utcMs) { return vietnamDateTime(utcMs).toString(QStringLiteral("HH:mm")); }

} // namespace ocop
