#include "core/scan_code.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace ocop::scan;
using namespace std::chrono;

namespace {

const sys_days kToday = sys_days{year{2026} / November / 23};
const std::string kGs = "\x1d";

std::string trimmed(std::string s)
{
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
        s.pop_back();
    while (!s.empty() && s.front() == ' ')
        s.erase(0, 1);
    return s;
}

ScanCode scan(const std::string& text, const std::string& symbology = "")
{
    return classifyScan(text, symbology, kToday);
}

// Every payload of the shared VietQR vectors, whatever its scheme.
std::vector<std::string> paymentSamples()
{
    std::ifstream in(std::string(OCOP_SHARED_DIR) + "/testdata/vietqr-samples.txt");
    EXPECT_TRUE(in) << "shared test data missing";
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.find('\t');
        if (!line.empty() && line[0] != '#' && tab != std::string::npos)
            out.push_back(line.substr(tab + 1));
    }
    return out;
}

} // namespace

TEST(ScanKinds, Keys)
{
    EXPECT_EQ(codeKindKey(CodeKind::Payment), "payment");
    EXPECT_EQ(codeKindKey(CodeKind::Gs1), "gs1");
    EXPECT_EQ(codeKindKey(CodeKind::Gtin), "gtin");
    EXPECT_EQ(codeKindKey(CodeKind::TraceUrl), "trace_url");
    EXPECT_EQ(codeKindKey(CodeKind::Unknown), "unknown");
}

// ---------------------------------------------------------------- 1. payment

TEST(ScanPayment, PublishedPayloadsArePaymentsNeverProducts)
{
    const auto all = paymentSamples();
    ASSERT_GE(all.size(), 5u);
    for (const auto& p : all) {
        SCOPED_TRACE(p);
        for (const std::string sym : {"", "]Q1", "]Q3"}) {
            const auto r = scan(p + "\r\n", sym);
            EXPECT_EQ(r.kind, CodeKind::Payment);
            EXPECT_EQ(r.source, "emvco");
            EXPECT_EQ(r.text, p);
            ASSERT_TRUE(r.payment.has_value());
            EXPECT_TRUE(r.gtin14.empty());
            EXPECT_FALSE(r.gs1.has_value());
        }
    }
    EXPECT_TRUE(scan(all.front()).payment->vietQr);
}

TEST(ScanPayment, ABadChecksumIsUnknownNotAProduct)
{
    std::string p = paymentSamples().front();
    p.back() = p.back() == '0' ? '1' : '0';
    const auto r = scan(p);
    EXPECT_EQ(r.kind, CodeKind::Unknown);
    EXPECT_EQ(r.reason, "payment code with a bad checksum");
    EXPECT_FALSE(r.payment.has_value());
    // Read from a GS1 symbol, "000201..." is an SSCC attempt and judged as GS1.
    const auto g = scan(p, "]C1");
    EXPECT_EQ(g.kind, CodeKind::Unknown);
    EXPECT_EQ(g.reason.rfind("GS1", 0), 0u) << g.reason;
    // A GTIN-14 (or a GTIN-12 "000201...") is not a broken payment code.
    EXPECT_EQ(scan("00020112345677").kind, CodeKind::Gtin);
    EXPECT_EQ(scan("00020112345677").gtin14, "00020112345677");
    EXPECT_EQ(scan("00020112345675").reason, "bad check digit 5 in GTIN-14 (expected 7)");
    EXPECT_EQ(scan("0002011234566").gtin14, "00002011234566");
    EXPECT_EQ(scan("000201123").reason, "EMV QR: no CRC field (6304) at the end");
    const auto sscc = scan("00" "095201234567891235", "]C1");
    EXPECT_EQ(sscc.kind, CodeKind::Gs1);
    EXPECT_EQ(sscc.gs1->elements.front().first, "00");
}

// ---------------------------------------------------------------- 2. GS1 element strings

TEST(ScanGs1, ElementStringsWithSymbologyIdsInEveryForm)
{
    const std::string raw = "0109520123456788" "10ABC1" + kGs + "2112345" + kGs + "17180426";
    for (const auto& [text, sym] : std::vector<std::pair<std::string, std::string>>{
             {raw, "]d2"},
             {raw, "]Q3"},
             {raw, "]C1"},
             {raw, "]J1"},
             {"]d2" + raw, ""},            // wedge scanner: AIM id in the text
             {"]d2" + raw, "]d2"},         // both
             {kGs + raw, ""},              // FNC1 sent as GS
             {"^010952012345678810ABC1^2112345^17180426", ""},
             {"(01)09520123456788(10)ABC1(21)12345(17)180426", ""},
             {raw, ""},                    // no AIM id: a whole valid string led by a GTIN
         }) {
        SCOPED_TRACE(text);
        const auto r = scan(text, sym);
        ASSERT_EQ(r.kind, CodeKind::Gs1) << r.reason;
        EXPECT_EQ(r.source, "element_string");
        EXPECT_EQ(r.gtin14, "09520123456788");
        ASSERT_TRUE(r.gs1.has_value());
        EXPECT_EQ(r.gs1->lot, "ABC1");
        EXPECT_EQ(r.gs1->serial, "12345");
        EXPECT_EQ(r.gs1->expiry->iso(), "2018-04-26");
        EXPECT_EQ(r.text.rfind("]", 0), std::string::npos) << "symbology id not stripped";
    }
    const auto databar = scan("0100012345678905", "]e0");
    EXPECT_EQ(databar.kind, CodeKind::Gs1);
    EXPECT_EQ(databar.gtin14, "00012345678905");
}

TEST(ScanGs1, AMalformedGs1CodeIsUnknownWithTheGs1Reason)
{
    EXPECT_EQ(scan("0109520123456789", "]d2").reason, "GS1 AI 01: bad check digit 9, expected 8");
    EXPECT_EQ(scan("0109520123456788" "17261301", "]Q3").reason, "GS1 AI 17: month 13 is not a month");
    EXPECT_EQ(scan("]C1010952012345678823").reason, "GS1: unknown AI at \"23\"");
    EXPECT_EQ(scan("^0109520123456788" "10A#").reason, "GS1 AI 10: character '#' is not in the GS1 character set 82");
    EXPECT_EQ(scan("(01)09520123456788(17)260431").reason, "GS1 AI 17: day 31 is not in 2026-04");
    for (const auto& t : {"0109520123456789", "(17)261301"}) {
        const auto r = scan(t, "]d2");
        EXPECT_EQ(r.kind, CodeKind::Unknown) << t;
        EXPECT_TRUE(r.gtin14.empty());
        EXPECT_FALSE(r.gs1.has_value());
    }
    // Without a symbology id, a string that only starts like GS1 is not
    // taken for one, and is not a GTIN either.
    const auto bare = scan("0109520123456788" "1ABC");
    EXPECT_EQ(bare.kind, CodeKind::Unknown);
}

TEST(ScanGs1, BareDataWithoutSeparatorsIsTakenOnlyWhenUnambiguous)
{
    // Fixed-length elements, then one variable-length value at the end.
    const auto ok = scan("0109520123456788" "17270101" "10L240501");
    ASSERT_EQ(ok.kind, CodeKind::Gs1) << ok.reason;
    EXPECT_EQ(ok.gs1->lot, "L240501");
    EXPECT_EQ(ok.gs1->expiry->iso(), "2027-01-01");
    EXPECT_EQ(scan("0109520123456788" "2112345").gs1->serial, "12345");
    // The lot may have swallowed an expiry date: refused, not guessed.
    const auto lost = scan("0109520123456788" "10L1" "17270101");
    EXPECT_EQ(lost.kind, CodeKind::Unknown);
    EXPECT_EQ(lost.reason, "GS1 data without separators: AI 10 \"L117270101\" may end before \"17270101\"");
    // With a GS1 symbology id the same text is read as the reader says.
    EXPECT_EQ(scan("0109520123456788" "10L1" "17270101", "]d2").gs1->lot, "L117270101");
}

// ---------------------------------------------------------------- 3. Digital Link

TEST(ScanDigitalLink, AnyHostIsAGs1Code)
{
    const auto r = scan("https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426");
    ASSERT_EQ(r.kind, CodeKind::Gs1) << r.reason;
    EXPECT_EQ(r.source, "digital_link");
    EXPECT_EQ(r.gtin14, "09520123456788");
    EXPECT_EQ(r.gs1->lot, "ABC1");
    const auto shortGtin = scan("https://hn.example.vn/p/01/1234567890128");
    EXPECT_EQ(shortGtin.kind, CodeKind::Gs1);
    EXPECT_EQ(shortGtin.gtin14, "01234567890128");
    // A portal that uses Digital Link paths is still read as GS1 first.
    EXPECT_EQ(scan("https://icheck.vn/01/09520123456788").kind, CodeKind::Gs1);
}

TEST(ScanDigitalLink, AFailingLinkIsUnknownUnlessOnAPortal)
{
    const auto bad = scan("https://example.com/01/09520123456789");
    EXPECT_EQ(bad.kind, CodeKind::Unknown);
    EXPECT_EQ(bad.reason, "GS1 AI 01: bad check digit 9, expected 8");
    const auto gtin = scan("https://example.com/gtin/123");
    EXPECT_EQ(gtin.kind, CodeKind::Unknown);

    const auto portal = scan("https://hn.check.net.vn/01/OCOP-2023-0001");
    EXPECT_EQ(portal.kind, CodeKind::TraceUrl);
    EXPECT_TRUE(portal.knownPortal);
    EXPECT_EQ(portal.traceUrl, "hn.check.net.vn/01/OCOP-2023-0001");
}

// ---------------------------------------------------------------- 4. EAN/UPC

TEST(ScanGtin, PublishedGtinsAreGtins)
{
    std::ifstream in(std::string(OCOP_SHARED_DIR) + "/testdata/gs1-samples.txt");
    ASSERT_TRUE(in);
    int seen = 0;
    bool inBlock = false;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("#", 0) == 0) {
            inBlock = line.find("valid check digit") != std::string::npos;
            continue;
        }
        if (!inBlock || line.empty() || line.find('\t') != std::string::npos)
            continue;
        const auto r = scan(line);
        EXPECT_EQ(r.kind, CodeKind::Gtin) << line << ": " << r.reason;
        if (line.size() <= 14) {
            EXPECT_EQ(r.gtin14, std::string(14 - line.size(), '0') + line);
        }
        ++seen;
    }
    EXPECT_GE(seen, 4);
}

TEST(ScanGtin, PlainGtinsArePaddedAndCheckDigitsChecked)
{
    for (const auto& [text, gtin14] : std::vector<std::pair<std::string, std::string>>{
             {"02345673", "00000002345673"},
             {"416000336108", "00416000336108"},
             {"1234567890128", "01234567890128"},
             {"12345678901231", "12345678901231"},
             {" 8936012345674\r\n", "08936012345674"},
         }) {
        const auto r = scan(text, trimmed(text).size() == 8 ? "]E4" : "]E0");
        EXPECT_EQ(r.kind, CodeKind::Gtin) << text << ": " << r.reason;
        EXPECT_EQ(r.source, "ean_upc");
        EXPECT_EQ(r.gtin14, gtin14);
        EXPECT_EQ(scan(text).gtin14, gtin14);
    }
    const auto bad = scan("1234567890127");
    EXPECT_EQ(bad.kind, CodeKind::Unknown);
    EXPECT_EQ(bad.reason, "bad check digit 7 in GTIN-13 (expected 8)");
    EXPECT_TRUE(bad.gtin14.empty());
    EXPECT_EQ(scan("12345").reason, "a number of 5 digits is not a GTIN (8, 12, 13 or 14 digits)");
}

TEST(ScanGtin, EightDigitsFromAnEanUpcReaderAreUpcE)
{
    // UPC-E 01234565 abbreviates UPC-A 012345000065; each last-digit rule.
    for (const auto& [upcE, gtin14] : std::vector<std::pair<std::string, std::string>>{
             {"01234565", "00012345000065"},
             {"04210007", "00042000001007"}, // last data digit 0: 0 42 0 0000 100
             {"01234116", "00012100003416"}, // 1: 0 12 1 0000 341
             {"01234531", "00012300000451"}, // 3: 0 123 00000 45
             {"01234543", "00012340000053"}, // 4: 0 1234 00000 5
         }) {
        const auto r = scan(upcE, "]E0");
        EXPECT_EQ(r.kind, CodeKind::Gtin) << upcE << ": " << r.reason;
        EXPECT_EQ(r.gtin14, gtin14) << upcE;
    }
    EXPECT_EQ(scan("01234566", "]E0").reason, "bad check digit 6 in UPC-E (expected 5)");
    EXPECT_EQ(scan("21234565", "]E0").reason, "UPC-E must start with 0 or 1");
    // The same digits from an EAN-8 reader (]E4) or with no id are an EAN-8.
    EXPECT_EQ(scan("01234565", "]E4").gtin14, "00000001234565");
    EXPECT_EQ(scan("01234565").gtin14, "00000001234565");
}

// ---------------------------------------------------------------- 5. URLs

TEST(ScanTraceUrl, PortalsAndOtherUrls)
{
    const auto hn = scan("https://www.HN.check.net.vn/OCOP-00001/?x#y");
    EXPECT_EQ(hn.kind, CodeKind::TraceUrl);
    EXPECT_EQ(hn.source, "url");
    EXPECT_TRUE(hn.knownPortal);
    EXPECT_EQ(hn.traceUrl, "hn.check.net.vn/OCOP-00001?x");

    EXPECT_TRUE(scan("https://truyxuatnguongoc.gov.vn/tra-cuu/abc").knownPortal);
    EXPECT_TRUE(scan("http://qr.icheck.vn/123").knownPortal);
    EXPECT_TRUE(scan("https://ocopvietnam.gov.vn/san-pham/1").knownPortal);

    const auto other = scan("https://shop.example.vn/p/banh-com");
    EXPECT_EQ(other.kind, CodeKind::TraceUrl);
    EXPECT_FALSE(other.knownPortal);
    EXPECT_EQ(other.traceUrl, "shop.example.vn/p/banh-com");

    // Without a scheme, only a portal's address is taken for a URL.
    const auto bare = scan("icheck.vn/product/8936012345674");
    EXPECT_EQ(bare.kind, CodeKind::TraceUrl);
    EXPECT_TRUE(bare.knownPortal);
    EXPECT_EQ(bare.traceUrl, "icheck.vn/product/8936012345674");
    EXPECT_EQ(scan("example.com/x").kind, CodeKind::Unknown);
    EXPECT_EQ(scan("https://").reason, "URL without a host");
}

TEST(ScanTraceUrl, NormalizedKeys)
{
    EXPECT_EQ(normalizeTraceUrl("https://www.HN.check.net.vn/OCOP-00001/?x#y"), "hn.check.net.vn/OCOP-00001?x");
    EXPECT_EQ(normalizeTraceUrl("hn.check.net.vn/OCOP-00001?x"), "hn.check.net.vn/OCOP-00001?x");
    EXPECT_EQ(normalizeTraceUrl("HTTP://user:pw@Example.COM:80/a/B//?q=1&r=%7e%2f#frag"), "example.com/a/B?q=1&r=~%2F");
    EXPECT_EQ(normalizeTraceUrl("https://example.com:8443/a"), "example.com:8443/a");
    EXPECT_EQ(normalizeTraceUrl("https://icheck.vn/"), "icheck.vn");
    EXPECT_EQ(normalizeTraceUrl("https://icheck.vn./p%2Dx"), "icheck.vn/p-x");
    EXPECT_EQ(normalizeTraceUrl("https://icheck.vn?"), "icheck.vn");
    EXPECT_EQ(normalizeTraceUrl("  https://icheck.vn/a  "), "icheck.vn/a");
    EXPECT_EQ(normalizeTraceUrl(""), "");
    EXPECT_EQ(normalizeTraceUrl("https:///path"), "");
    // A pasted space or Vietnamese slug meets its percent-encoded form.
    EXPECT_EQ(normalizeTraceUrl("https://a.vn/OCOP 1"), "a.vn/OCOP%201");
    EXPECT_EQ(normalizeTraceUrl("https://a.vn/b%c3%a1nh"), normalizeTraceUrl("https://a.vn/b\xC3\xA1nh"));
    // Keys are fixed points, however odd the input.
    EXPECT_EQ(normalizeTraceUrl("https://a.vn/50%/%%63"), "a.vn/50%25/%25c");
    for (const auto* u : {"https://www.www.a.vn.:80:443/x", "https:// a.vn /x /", "http://a.vn:/?q#", "a.vn/%%%6304"}) {
        const auto key = normalizeTraceUrl(u);
        EXPECT_EQ(normalizeTraceUrl(key), key) << u;
    }
    EXPECT_EQ(normalizeTraceUrl("https://www.www.a.vn.:80:443/x"), "a.vn/x");
    // The path keeps its case: portals' product codes are case-sensitive.
    EXPECT_NE(normalizeTraceUrl("https://icheck.vn/ABC"), normalizeTraceUrl("https://icheck.vn/abc"));
}

TEST(ScanTraceUrl, PortalHosts)
{
    for (const auto* h : {"truyxuatnguongoc.gov.vn", "www.truyxuatnguongoc.gov.vn", "qr.truyxuatnguongoc.gov.vn",
                          "hn.check.net.vn", "check.net.vn", "HN.CHECK.NET.VN.", "icheck.vn", "www.icheck.vn",
                          "qr.icheck.vn", "ocopvietnam.gov.vn", "ocopvietnam.gov.vn:443"})
        EXPECT_TRUE(isTraceabilityHost(h)) << h;
    for (const auto* h : {"evilicheck.vn", "icheck.vn.evil.com", "notcheck.net.vn", "check.net", "gov.vn", "",
                          "truyxuatnguongoc.gov.vn.example.com", "ocopvietnam.gov"})
        EXPECT_FALSE(isTraceabilityHost(h)) << h;
}

// ---------------------------------------------------------------- 6. unknown

TEST(ScanUnknown, AnythingElseIsNeverGuessed)
{
    EXPECT_EQ(scan("").reason, "empty scan");
    EXPECT_EQ(scan(" \r\n").reason, "empty scan");
    EXPECT_EQ(scan("]Q1").reason, "empty scan");
    const auto r = scan("xin chào");
    EXPECT_EQ(r.kind, CodeKind::Unknown);
    EXPECT_EQ(r.reason, "not a payment code, GS1 code, GTIN or URL");
    EXPECT_EQ(r.text, "xin chào");
    EXPECT_EQ(scan("HK01-0001").kind, CodeKind::Unknown);
}

TEST(ScanUnknown, NeverThrowsAndReasonsAreOneLine)
{
    std::mt19937 rng(4);
    const std::string alphabet = std::string("0123456789^()/:.?=&%#]dQCe") + kGs + "\n\x80\xFF";
    const std::vector<std::string> seeds{"0002010102", "^01", "(01)", "https://a.vn/01/", "]d201"};
    for (int i = 0; i < 20000; ++i) {
        std::string s = seeds[static_cast<std::size_t>(i) % seeds.size()];
        const int n = static_cast<int>(rng() % 40);
        for (int k = 0; k < n; ++k)
            s += alphabet[rng() % alphabet.size()];
        ScanCode r;
        ASSERT_NO_THROW(r = scan(s)) << s;
        EXPECT_EQ(r.reason.find('\n'), std::string::npos) << s;
        EXPECT_EQ(r.reason.empty(), r.kind != CodeKind::Unknown) << s;
        if (!r.gtin14.empty()) {
            EXPECT_EQ(r.gtin14.size(), 14u) << s;
        }
    }
}
