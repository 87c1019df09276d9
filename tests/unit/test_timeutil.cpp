#include "core/timeutil.h"
#include "core/uuid.h"

#include <gtest/gtest.h>

using namespace ocop;

TEST(TimeUtil, ShowsVietnamLocalTime)
{
    // 2026-11-23T16:30:00Z is 23:30 in Hanoi; 17:30Z is already the 24th.
    const TimestampMs t = 1795451400000;
    EXPECT_EQ(isoUtc(t), "2026-11-23T16:30:00.000Z");
    EXPECT_EQ(formatLocalDateTime(t), "23/11/2026 23:30");
    EXPECT_EQ(localIsoDate(t), "2026-11-23");
    EXPECT_EQ(localIsoDate(t + 3600000), "2026-11-24");
}

TEST(TimeUtil, LocalDayBoundaries)
{
    const TimestampMs start = parseLocalDate("2026-11-23");
    EXPECT_EQ(isoUtc(start), "2026-11-22T17:00:00.000Z");
    EXPECT_EQ(localDayStart(start + 5), start);
    EXPECT_EQ(localDayStart(start - 1), start - 86400000);
    EXPECT_EQ(parseLocalDate("2026-13-01"), -1);
    EXPECT_EQ(parseLocalDate("yesterday"), -1);
    EXPECT_EQ(parseLocalDate("2026-11-23x"), -1);
}

TEST(Uuid, Version7SortsByTime)
{
    const auto a = uuidV7(1000);
    const auto b = uuidV7(2000);
    EXPECT_EQ(a.size(), 36u);
    EXPECT_EQ(a[14], '7');
    EXPECT_TRUE(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');
    EXPECT_LT(a, b);
    EXPECT_NE(uuidV7(1000), uuidV7(1000));
}
