#include "core/money.h"

#include <gtest/gtest.h>

using namespace ocop;

TEST(Money, FormatsWithDotThousandsAndDongSign)
{
    EXPECT_EQ(formatVnd(125000), "125.000 \u20AB");
    EXPECT_EQ(formatVnd(0), "0 \u20AB");
    EXPECT_EQ(formatVndPlain(999), "999");
    EXPECT_EQ(formatVndPlain(1000), "1.000");
    EXPECT_EQ(formatVndPlain(1234567), "1.234.567");
    EXPECT_EQ(formatVndPlain(-45000), "-45.000");
    EXPECT_EQ(formatVndPlain(INT64_MIN), "-9.223.372.036.854.775.808");
}

TEST(Money, DivRoundsHalfAwayFromZero)
{
    EXPECT_EQ(divRoundHalfUp(5, 2), 3);
    EXPECT_EQ(divRoundHalfUp(4, 3), 1);
    EXPECT_EQ(divRoundHalfUp(-5, 2), -3);
    EXPECT_EQ(divRoundHalfUp(7, 7), 1);
}

TEST(Money, VatIncludedPerRate)
{
    // 108.000 at 8 % contains exactly 8.000 of VAT.
    EXPECT_EQ(vatIncluded(108000, 8), 8000);
    EXPECT_EQ(vatIncluded(110000, 10), 10000);
    EXPECT_EQ(vatIncluded(105000, 5), 5000);
    EXPECT_EQ(vatIncluded(125000, 0), 0);
    // 10.000 * 8 / 108 = 740.74 -> 741
    EXPECT_EQ(vatIncluded(10000, 8), 741);
    // 21 * 5 / 105 = 1.0 exactly; 31 * 5 / 105 = 1.476 -> 1; 32*5/105=1.52 -> 2
    EXPECT_EQ(vatIncluded(31, 5), 1);
    EXPECT_EQ(vatIncluded(32, 5), 2);
}

TEST(Money, SupportedVatRates)
{
    for (int r : {0, 5, 8, 10})
        EXPECT_TRUE(isSupportedVatRate(r));
    for (int r : {-1, 1, 7, 12, 100})
        EXPECT_FALSE(isSupportedVatRate(r));
}
