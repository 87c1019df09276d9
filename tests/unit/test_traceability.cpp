#include "core/traceability.h"

#include <gtest/gtest.h>

using namespace ocop;

TEST(Traceability, DatesAreGoodThroughTheirOwnDay)
{
    EXPECT_EQ(validityOn("2026-11-23", "2026-11-23", 30), Validity::ExpiringSoon);
    EXPECT_EQ(validityOn("2026-11-22", "2026-11-23", 30), Validity::Expired);
    EXPECT_EQ(validityOn("2026-12-23", "2026-11-23", 30), Validity::ExpiringSoon);
    EXPECT_EQ(validityOn("2026-12-24", "2026-11-23", 30), Validity::Valid);
    EXPECT_EQ(validityOn("2027-02-21", "2026-11-23", 90), Validity::ExpiringSoon);
    EXPECT_EQ(validityOn("2027-02-22", "2026-11-23", 90), Validity::Valid);
    EXPECT_EQ(daysUntil("2028-03-01", "2028-02-28"), 2) << "leap year";
    EXPECT_EQ(daysUntil("2026-01-01", "2026-12-31"), -364);
}

TEST(Traceability, MalformedDatesAreUnknownNotValid)
{
    for (const char* bad : {"", "2026-13-01", "2026-02-30", "26-01-01", "2026/01/01", "2026-01-0x"})
        EXPECT_EQ(validityOn(bad, "2026-11-23", 90), Validity::Unknown) << bad;
    EXPECT_EQ(validityKey(Validity::Unknown), "unknown");
    EXPECT_EQ(validityKey(Validity::ExpiringSoon), "expiring");
}

TEST(Traceability, CertificateAndLotVerdicts)
{
    Product p;
    p.code = "OCOP-00001";
    p.certificateExpiry = "2027-01-15";
    LotDates lot;
    lot.lot = "L240501";
    lot.bestBefore = "2026-12-31";
    auto t = traceInfo(p, std::nullopt, lot, "2026-11-23");
    EXPECT_EQ(t.certificate, Validity::ExpiringSoon);
    EXPECT_EQ(t.certificateDaysLeft, 53);
    EXPECT_EQ(t.lotValidity, Validity::Valid) << "best before decides when there is no expiry";
    EXPECT_FALSE(t.needsOverride());

    lot.expiry = "2026-11-20"; // expiry wins over best before
    t = traceInfo(p, std::nullopt, lot, "2026-11-23");
    EXPECT_EQ(t.lotValidity, Validity::Expired);
    EXPECT_EQ(t.lotDaysLeft, -3);
    EXPECT_TRUE(t.needsOverride());

    t = traceInfo(p, std::nullopt, std::nullopt, "2027-06-01");
    EXPECT_EQ(t.certificate, Validity::Expired);
    EXPECT_EQ(t.lotValidity, Validity::Unknown);
    EXPECT_FALSE(t.needsOverride()) << "no lot code, nothing to override";
}
