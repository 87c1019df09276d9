#include "core/gtin.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

using namespace ocop;

TEST(Gtin, PublishedValidGtins)
{
    // The "GTINs with a valid check digit" block of the shared GS1 vectors.
    std::ifstream in(std::string(OCOP_SHARED_DIR) + "/testdata/gs1-samples.txt");
    ASSERT_TRUE(in) << "shared test data missing";
    std::string line;
    bool inBlock = false;
    int seen = 0;
    while (std::getline(in, line)) {
        if (line.rfind("#", 0) == 0) {
            inBlock = line.find("valid check digit") != std::string::npos;
            continue;
        }
        if (inBlock && !line.empty() && isAllDigits(line)) {
            EXPECT_TRUE(isValidGtin(line)) << line;
            ++seen;
        }
    }
    EXPECT_GE(seen, 4);
}

TEST(Gtin, WrongCheckDigitOrLengthIsInvalid)
{
    EXPECT_TRUE(isValidGtin("1234567890128"));
    EXPECT_FALSE(isValidGtin("1234567890127"));
    EXPECT_FALSE(isValidGtin("123456789013"));  // wrong check digit for GTIN-12
    EXPECT_FALSE(isValidGtin("12345"));
    EXPECT_FALSE(isValidGtin("12345678901a8"));
    EXPECT_FALSE(isValidGtin(""));
}

TEST(Gtin, PadsToFourteen)
{
    EXPECT_EQ(toGtin14("1234567890128"), "01234567890128");
    EXPECT_EQ(toGtin14("02345673"), "00000002345673");
    EXPECT_FALSE(toGtin14("1234567890127").has_value());
    EXPECT_EQ(gtinCheckDigit("123456789012"), 8);
    EXPECT_EQ(gtinCheckDigit("0952012345678"), 8);
}
