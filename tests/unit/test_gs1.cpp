#include "core/errors.h"
#include "core/gs1.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

using namespace ocop;
using namespace ocop::scan;
using namespace std::chrono;

namespace {

const sys_days kToday = sys_days{year{2026} / November / 23};
const std::string kGs = "\x1d";

using Elements = std::vector<std::pair<std::string, std::string>>;

// The message of the UserError `f` throws, or "" when it does not throw.
template <class F>
std::string errorOf(F f)
{
    try {
        f();
    } catch (const UserError& e) {
        return e.what();
    }
    return {};
}

std::string parseError(const std::string& text)
{
    return errorOf([&] { parseGs1ElementString(text, kToday); });
}

std::string linkError(const std::string& uri)
{
    return errorOf([&] { parseDigitalLink(uri, kToday); });
}

struct VectorPair {
    std::string from, to;
};

// Tab-separated lines of the shared GS1 vectors whose left side passes `want`.
std::vector<VectorPair> vectorPairs(bool (*want)(const std::string&))
{
    std::ifstream in(std::string(OCOP_SHARED_DIR) + "/testdata/gs1-samples.txt");
    EXPECT_TRUE(in) << "shared test data missing";
    std::vector<VectorPair> out;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const auto tab = line.find('\t');
        if (line.empty() || line[0] == '#' || tab == std::string::npos)
            continue;
        VectorPair p{line.substr(0, tab), line.substr(tab + 1)};
        if (want(p.from))
            out.push_back(p);
    }
    return out;
}

bool isUri(const std::string& s) { return s.rfind("http", 0) == 0; }
bool isElementString(const std::string& s) { return s.rfind("(", 0) == 0 || s.rfind("^", 0) == 0; }

// The vectors write element strings in caret or human-readable notation.
Gs1Notation notationOf(const std::string& s)
{
    return s.rfind("(", 0) == 0 ? Gs1Notation::HumanReadable : Gs1Notation::Caret;
}

// "https://id.gs1.org" of "https://id.gs1.org/01/...": everything before the
// primary key segment, so a vector with another host or a path prefix is
// rebuilt on the same base.
std::string baseOf(const std::string& uri, const std::string& keyAi)
{
    const auto at = uri.find("/" + keyAi + "/");
    return at == std::string::npos ? uri : uri.substr(0, at);
}

} // namespace

// ---------------------------------------------------------------- shared vectors

TEST(Gs1Vectors, DigitalLinkToElementString)
{
    const auto pairs = vectorPairs(isUri);
    ASSERT_GE(pairs.size(), 1u);
    for (const auto& [uri, elementString] : pairs) {
        SCOPED_TRACE(uri);
        const Gs1Data d = parseDigitalLink(uri, kToday);
        EXPECT_EQ(formatElementString(d.elements, notationOf(elementString)), elementString);
        // And the element string reads back to the same elements.
        EXPECT_EQ(parseGs1ElementString(elementString, kToday).elements, d.elements);
        EXPECT_EQ(toDigitalLink(d.elements, baseOf(uri, d.elements.front().first)), uri);
    }
}

TEST(Gs1Vectors, ElementStringToDigitalLink)
{
    const auto pairs = vectorPairs(isElementString);
    ASSERT_GE(pairs.size(), 1u);
    for (const auto& [elementString, uri] : pairs) {
        SCOPED_TRACE(elementString);
        const Gs1Data d = parseGs1ElementString(elementString, kToday);
        const std::string base = baseOf(uri, d.elements.front().first);
        if (base == "https://id.gs1.org") {
            EXPECT_EQ(toDigitalLink(d.elements), uri);
        }
        EXPECT_EQ(toDigitalLink(d.elements, base), uri);
        EXPECT_EQ(formatElementString(d.elements, notationOf(elementString)), elementString);
        EXPECT_EQ(parseDigitalLink(uri, kToday).elements, d.elements);
    }
}

TEST(Gs1Vectors, TheFirstVectorReadsAsPublished)
{
    const Gs1Data d =
        parseDigitalLink("https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426", kToday);
    EXPECT_EQ(d.gtin14, "09520123456788");
    EXPECT_EQ(d.lot, "ABC1");
    EXPECT_EQ(d.serial, "12345");
    ASSERT_TRUE(d.expiry.has_value());
    EXPECT_EQ(d.expiry->iso(), "2018-04-26");
    EXPECT_FALSE(d.expiry->dayUnspecified);
    const Elements want{{"01", "09520123456788"}, {"10", "ABC1"}, {"21", "12345"}, {"17", "180426"}};
    EXPECT_EQ(d.elements, want);
}

// ---------------------------------------------------------------- element strings

TEST(Gs1ElementString, RawWithSeparatorsAndEveryNotation)
{
    const std::string raw = "0109520123456788" "10ABC1" + kGs + "2112345" + kGs + "17180426";
    const Elements want{{"01", "09520123456788"}, {"10", "ABC1"}, {"21", "12345"}, {"17", "180426"}};
    EXPECT_EQ(parseGs1ElementString(raw, kToday).elements, want);
    EXPECT_EQ(parseGs1ElementString("]d2" + raw, kToday).elements, want);
    EXPECT_EQ(parseGs1ElementString(kGs + raw, kToday).elements, want); // FNC1 sent as GS
    EXPECT_EQ(parseGs1ElementString("^010952012345678810ABC1^2112345^17180426", kToday).elements, want);
    EXPECT_EQ(parseGs1ElementString("(01)09520123456788(10)ABC1(21)12345(17)180426", kToday).elements, want);

    EXPECT_EQ(formatElementString(want, Gs1Notation::Raw), raw);
    EXPECT_EQ(formatElementString(want, Gs1Notation::HumanReadable), "(01)09520123456788(10)ABC1(21)12345(17)180426");
}

TEST(Gs1ElementString, ConvenienceFieldsAndDates)
{
    const auto d = parseGs1ElementString("^0108936012345674" "11260101" "13260102" "15270300" "16261231" "17270228"
                                         "10LOT-7/A^21SN%01",
                                         kToday);
    EXPECT_EQ(d.gtin14, "08936012345674");
    EXPECT_EQ(d.lot, "LOT-7/A");
    EXPECT_EQ(d.serial, "SN%01");
    EXPECT_EQ(d.production->iso(), "2026-01-01");
    EXPECT_EQ(d.packaging->iso(), "2026-01-02");
    EXPECT_EQ(d.bestBefore->iso(), "2027-03-31"); // DD=00: the end of the month
    EXPECT_TRUE(d.bestBefore->dayUnspecified);
    EXPECT_EQ(d.sellBy->iso(), "2026-12-31");
    EXPECT_FALSE(d.sellBy->dayUnspecified);
    EXPECT_EQ(d.expiry->iso(), "2027-02-28");
    ASSERT_NE(d.find("10"), nullptr);
    EXPECT_EQ(*d.find("10"), "LOT-7/A");
    EXPECT_EQ(d.find("22"), nullptr);
}

TEST(Gs1ElementString, DayZeroIsTheLastDayOfItsMonthLeapYearsIncluded)
{
    EXPECT_EQ(parseGs1ElementString("^17280200", kToday).expiry->iso(), "2028-02-29");
    EXPECT_EQ(parseGs1ElementString("^17270200", kToday).expiry->iso(), "2027-02-28");
    EXPECT_EQ(parseGs1ElementString("^17260400", kToday).expiry->iso(), "2026-04-30");
    EXPECT_EQ(parseGs1ElementString("^17280229", kToday).expiry->iso(), "2028-02-29");
    EXPECT_EQ(parseError("^17270229"), "GS1 AI 17: day 29 is not in 2027-02");
    // Only the AIs 11-17 allow "month only".
    EXPECT_EQ(parseError("^7006260100"), "GS1 AI 7006: day 00 is not a day");
}

TEST(Gs1ElementString, CenturyRuleOfGeneralSpecs712)
{
    // Today 2026: two-digit years 76 (+50) and 77 (+51) fall on either side.
    EXPECT_EQ(parseGs1ElementString("^17760101", kToday).expiry->year, 2076);
    EXPECT_EQ(parseGs1ElementString("^17770101", kToday).expiry->year, 1977);
    EXPECT_EQ(parseGs1ElementString("^11000101", kToday).production->year, 2000);
    // Near a century's end the window wraps forward: in 2060, "09" is 2109.
    const sys_days in2060 = sys_days{year{2060} / June / 1};
    EXPECT_EQ(parseGs1ElementString("^17090101", in2060).expiry->year, 2109);
    EXPECT_EQ(parseGs1ElementString("^17100101", in2060).expiry->year, 2110);
    EXPECT_EQ(parseGs1ElementString("^17110101", in2060).expiry->year, 2011); // diff -49: still behind
    // And back: in 2001, "52" is 1952 (diff 51) while "51" is 2051.
    const sys_days in2001 = sys_days{year{2001} / January / 1};
    EXPECT_EQ(parseGs1ElementString("^17520101", in2001).expiry->year, 1952);
    EXPECT_EQ(parseGs1ElementString("^17510101", in2001).expiry->year, 2051);
}

TEST(Gs1ElementString, RefusesWithAPreciseReason)
{
    EXPECT_EQ(parseError("^0109520123456789"), "GS1 AI 01: bad check digit 9, expected 8");
    EXPECT_EQ(parseError("^0109520123456788" "17261301"), "GS1 AI 17: month 13 is not a month");
    EXPECT_EQ(parseError("^0109520123456788" "17260431"), "GS1 AI 17: day 31 is not in 2026-04");
    EXPECT_EQ(parseError("^01095201234567"), "GS1 AI 01: needs 14 digits, got 12");
    EXPECT_EQ(parseError("^0109520123456788" "2312"), "GS1: unknown AI at \"2312\"");
    EXPECT_EQ(parseError("^10" + std::string(21, 'A')), "GS1 AI 10: at most 20 characters allowed, got 21");
    EXPECT_EQ(parseError("^10AB#C"), "GS1 AI 10: character '#' is not in the GS1 character set 82");
    EXPECT_EQ(parseError("^10AB C"), "GS1 AI 10: character ' ' is not in the GS1 character set 82");
    EXPECT_EQ(parseError("^10AB\xC3\xA9"), "GS1 AI 10: character '\\xC3' is not in the GS1 character set 82");
    EXPECT_EQ(parseError("^3012A"), "GS1 AI 30: 'A' at position 3 is not a digit");
    EXPECT_EQ(parseError("^0109520123456788" "1712A401"), "GS1 AI 17: 'A' at position 3 is not a digit");
    EXPECT_EQ(parseError("^10A^10B"), "GS1 AI 10 appears twice with different values");
    EXPECT_EQ(parseError("^0109520123456788" "0209520123456788"), "GS1: AIs 01 and 02 cannot appear together");
    EXPECT_EQ(parseError("^42270410ABC"), "GS1 AI 422: needs 3 characters and then a separator");
    EXPECT_EQ(parseError("^10ABC^^21X"), "GS1: empty element at position 7 (two separators in a row)");
    EXPECT_EQ(parseError("^10^21X"), "GS1 AI 10: empty value");
    EXPECT_EQ(parseError("^3106001250"), "GS1: unknown AI at \"3106\"");
    EXPECT_EQ(parseError("^AB"), "GS1: expected an AI at position 1, found 'A'");
    EXPECT_EQ(parseError(""), "GS1: empty element string");
    EXPECT_EQ(parseError("^"), "GS1: empty element string");
    EXPECT_EQ(parseError("(99"), "GS1: unknown AI (99)");
    EXPECT_EQ(parseError("(01)0952012345678"), "GS1 AI 01: needs 14 digits, got 13");
    EXPECT_EQ(parseError("(01)09520123456788x"), "GS1 AI 01: needs 14 digits, got 15");
    EXPECT_EQ(parseError("(7007)2601"), "GS1 AI 7007: needs at least 6 digits, got 4");
    EXPECT_EQ(parseError("(7007)26010126013"), "GS1 AI 7007: needs a date (6 digits) or a date range (12 digits), got 11 digits");
    EXPECT_EQ(parseError("(7003)2601012460"), "GS1 AI 7003: hour 24 is out of range");
    EXPECT_EQ(parseError("(00)123456789012345678"), "GS1 AI 00: bad check digit 8, expected 5");
    EXPECT_EQ(parseError("(414)9520123456780"), "GS1 AI 414: bad check digit 0, expected 8");
    EXPECT_EQ(parseError("(8010)AB.C"), "GS1 AI 8010: character '.' is not in the GS1 character set 39");
    // One line each, whatever the input holds.
    EXPECT_EQ(parseError("^10A\nB").find('\n'), std::string::npos);
}

TEST(Gs1ElementString, SeparatorsFollowTheRulesOfThePredefinedLengthTable)
{
    // A separator after a predefined-length AI is tolerated, and so is one at the end.
    EXPECT_EQ(parseGs1ElementString("^0109520123456788^10ABC^", kToday).elements.size(), 2u);
    // A fixed-length AI outside the table needs a separator before the next.
    const auto d = parseGs1ElementString("^422704^10ABC", kToday);
    EXPECT_EQ(d.elements, (Elements{{"422", "704"}, {"10", "ABC"}}));
    EXPECT_EQ(formatElementString(d.elements, Gs1Notation::Caret), "^422704^10ABC");
    // The same AI twice with the same value is allowed.
    EXPECT_EQ(parseGs1ElementString("^10A^10A", kToday).lot, "A");
    // Trade measures and other families.
    const auto m = parseGs1ElementString("^0109520123456788" "3103001250" "3922" "12500^" "8200http://x.vn/p", kToday);
    EXPECT_EQ(m.elements, (Elements{{"01", "09520123456788"}, {"3103", "001250"}, {"3922", "12500"}, {"8200", "http://x.vn/p"}}));
    EXPECT_TRUE(gs1AiHasPredefinedLength("3103"));
    EXPECT_TRUE(gs1AiHasPredefinedLength("17"));
    EXPECT_TRUE(gs1AiHasPredefinedLength("414"));
    EXPECT_FALSE(gs1AiHasPredefinedLength("10"));
    EXPECT_FALSE(gs1AiHasPredefinedLength("422"));
    EXPECT_TRUE(isKnownGs1Ai("8200"));
    EXPECT_TRUE(isKnownGs1Ai("7035"));
    EXPECT_FALSE(isKnownGs1Ai("23"));
    EXPECT_FALSE(isKnownGs1Ai("3166"));
}

TEST(Gs1ElementString, HumanReadableValuesMayHoldParentheses)
{
    const auto d = parseGs1ElementString("(10)AB(C)(x)(21)1(2)", kToday);
    EXPECT_EQ(d.elements, (Elements{{"10", "AB(C)(x)"}, {"21", "1(2)"}}));
    EXPECT_EQ(formatElementString(d.elements, Gs1Notation::HumanReadable), "(10)AB(C)(x)(21)1(2)");
}

// ---------------------------------------------------------------- Digital Link

TEST(Gs1DigitalLink, AnyHostPathPrefixShortGtinsAndQueryAttributes)
{
    const auto d = parseDigitalLink(
        "https://qr.example.vn/foo/bar/01/9520123456788/10/ABC1?17=260500&linkType=gs1:pip&utm_source=x#top", kToday);
    EXPECT_EQ(d.gtin14, "09520123456788");
    EXPECT_EQ(d.lot, "ABC1");
    EXPECT_EQ(d.expiry->iso(), "2026-05-31");
    EXPECT_TRUE(d.expiry->dayUnspecified);
    EXPECT_EQ(d.elements.size(), 3u);

    EXPECT_EQ(parseDigitalLink("https://id.gs1.org/01/02345673", kToday).gtin14, "00000002345673");
    EXPECT_EQ(parseDigitalLink("http://id.gs1.org/01/416000336108/", kToday).gtin14, "00416000336108");
    EXPECT_EQ(parseDigitalLink("HTTPS://ID.GS1.ORG/01/1234567890128", kToday).gtin14, "01234567890128");

    // DL 1.0 names, qualifier 22 and percent-decoding.
    const auto a = parseDigitalLink("https://example.com/gtin/09520123456788/cpv/2A/lot/AB%2FC/ser/S%251", kToday);
    EXPECT_EQ(a.elements, (Elements{{"01", "09520123456788"}, {"22", "2A"}, {"10", "AB/C"}, {"21", "S%1"}}));
    EXPECT_EQ(toDigitalLink(a.elements), "https://id.gs1.org/01/09520123456788/22/2A/10/AB%2FC/21/S%251");

    // A key-like segment in the path prefix does not hide the real key.
    EXPECT_EQ(parseDigitalLink("https://example.com/gtin/x/01/09520123456788", kToday).gtin14, "09520123456788");
    // Other primary keys.
    EXPECT_EQ(parseDigitalLink("https://id.gs1.org/00/095201234567891235", kToday).elements.front().first, "00");
    EXPECT_EQ(parseDigitalLink("https://id.gs1.org/414/9520123456788/254/32a", kToday).elements.size(), 2u);
    EXPECT_EQ(parseDigitalLink("https://id.gs1.org/8004/9520614141234567", kToday).elements.front().first, "8004");
}

TEST(Gs1DigitalLink, RefusesWithAPreciseReason)
{
    EXPECT_EQ(linkError("https://id.gs1.org/01/09520123456789"), "GS1 AI 01: bad check digit 9, expected 8");
    EXPECT_EQ(linkError("https://id.gs1.org/01/0952012345678"), "GS1 AI 01: bad check digit 8, expected 2");
    EXPECT_EQ(linkError("https://id.gs1.org/01/95201234567"),
              "GS1 Digital Link: the GTIN \"95201234567\" must be 8, 12, 13 or 14 digits");
    EXPECT_EQ(linkError("https://id.gs1.org/01/09520123456788/21/X/10/Y"),
              "GS1 Digital Link: key qualifier 10 is out of order or repeated");
    EXPECT_EQ(linkError("https://id.gs1.org/01/09520123456788/17/260101"),
              "GS1 Digital Link: 17 is not a key qualifier of 01");
    EXPECT_EQ(linkError("https://id.gs1.org/01/09520123456788/10/A/235/B"),
              "GS1 Digital Link: 235 is not a key qualifier of 01 here");
    EXPECT_EQ(linkError("https://id.gs1.org/01/09520123456788?9999=1"),
              "GS1 Digital Link: query parameter 9999 is not a GS1 AI");
    EXPECT_EQ(linkError("https://id.gs1.org/01/09520123456788/10/A?10=B"),
              "GS1 AI 10 appears twice with different values");
    EXPECT_EQ(linkError("https://id.gs1.org/01/09520123456788?17=261301"), "GS1 AI 17: month 13 is not a month");
    EXPECT_EQ(linkError("https://id.gs1.org/01/09520123456788/10/A%2"),
              "GS1 Digital Link: bad percent-encoding in \"A%2\"");
    EXPECT_EQ(linkError("https://id.gs1.org/01/09520123456788/10/A%20B"),
              "GS1 AI 10: character ' ' is not in the GS1 character set 82");
    EXPECT_EQ(linkError("https://id.gs1.org/01/09520123456788/10"),
              "GS1 Digital Link: the path after /01/ is not in key/value pairs");
    EXPECT_EQ(linkError("https://id.gs1.org/products/123"),
              "GS1 Digital Link: no primary key (/01/, /gtin/, ...) in the path");
    EXPECT_EQ(linkError("ftp://id.gs1.org/01/09520123456788"), "GS1 Digital Link: not an http(s) URI");
    EXPECT_EQ(linkError("https:///01/09520123456788"), "GS1 Digital Link: the URI has no host");
}

TEST(Gs1DigitalLink, BuildsFromElementStrings)
{
    const auto d = parseGs1ElementString("^0109520123456788" "17270100" "10L1^2112^" "7003260101" "1230", kToday);
    EXPECT_EQ(toDigitalLink(d.elements, "https://qr.hanoi.example/"),
              "https://qr.hanoi.example/01/09520123456788/10/L1/21/12?17=270100&7003=2601011230");
    // 235 is the other qualifier path of 01, used when 22/10/21 are absent.
    const auto t = parseGs1ElementString("(01)09520123456788(235)ABC", kToday);
    EXPECT_EQ(toDigitalLink(t.elements), "https://id.gs1.org/01/09520123456788/235/ABC");
    EXPECT_EQ(parseDigitalLink(toDigitalLink(t.elements), kToday).elements, t.elements);
    EXPECT_EQ(errorOf([] { toDigitalLink({{"10", "ABC"}}); }),
              "GS1 Digital Link: no primary key (01, 00, 8004, ...) among the elements");
    EXPECT_TRUE(looksLikeDigitalLink("https://a.vn/x/01/123/10/9"));
    EXPECT_TRUE(looksLikeDigitalLink("https://a.vn/gtin/123"));
    EXPECT_FALSE(looksLikeDigitalLink("https://a.vn/01"));
    EXPECT_FALSE(looksLikeDigitalLink("https://a.vn/product/123"));
    EXPECT_FALSE(looksLikeDigitalLink("a.vn/01/09520123456788"));
}
