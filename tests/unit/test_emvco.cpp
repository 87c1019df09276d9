#include "core/emvco.h"
#include "core/errors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

using namespace ocop;
using namespace ocop::scan;

namespace {

struct Sample {
    std::string kind; // "static", "dynamic", or another scheme's name
    std::string payload;
};

std::vector<Sample> samples()
{
    std::ifstream in(std::string(OCOP_SHARED_DIR) + "/testdata/vietqr-samples.txt");
    EXPECT_TRUE(in) << "shared test data missing";
    std::vector<Sample> out;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const auto tab = line.find('\t');
        if (line.empty() || line[0] == '#' || tab == std::string::npos)
            continue;
        out.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
    return out;
}

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

std::string payloadError(const std::string& p)
{
    return errorOf([&] { parsePaymentCode(p); });
}

// A payload body closed with a correct CRC, to test structure past the CRC.
std::string tlv(const std::string& id, const std::string& value)
{
    return id + (value.size() < 10 ? "0" : "") + std::to_string(value.size()) + value;
}

std::string withCrc(const std::string& body) { return body + "6304" + crc16Hex(body + "6304"); }

VietQrRequest requestOf(const PaymentCode& pc)
{
    VietQrRequest r;
    r.bankBin = pc.bankBin;
    r.account = pc.account;
    r.amount = pc.amount.value_or(0);
    r.purpose = pc.purpose;
    r.service = pc.service;
    r.merchantCategory = pc.merchantCategory;
    r.merchantName = pc.merchantName;
    r.merchantCity = pc.merchantCity;
    for (const auto& f : pc.additionalData)
        if (f.first != "08")
            r.additionalData.push_back(f);
    return r;
}

} // namespace

TEST(Crc16, CcittFalseCheckValue)
{
    EXPECT_EQ(crc16CcittFalse("123456789"), 0x29B1);
    EXPECT_EQ(crc16Hex("123456789"), "29B1");
    EXPECT_EQ(crc16CcittFalse(""), 0xFFFF);
    EXPECT_EQ(crc16Hex(std::string(1, '\0')), "E1F0");
}

TEST(VietQrSamples, EveryPublishedSampleParsesAndVietQrOnesRoundTripExactly)
{
    const auto all = samples();
    ASSERT_GE(all.size(), 4u);
    int vietQr = 0;
    for (const auto& [kind, payload] : all) {
        SCOPED_TRACE(kind + " " + payload);
        const PaymentCode pc = parsePaymentCode(payload);
        EXPECT_EQ(pc.fields.front(), (std::pair<std::string, std::string>{"00", "01"}));
        EXPECT_EQ(pc.fields.back().first, "63");
        EXPECT_FALSE(pc.guid.empty());
        if (kind == "static" || kind == "dynamic") {
            ++vietQr;
            EXPECT_TRUE(pc.vietQr);
            EXPECT_EQ(pc.guid, "A000000727");
            EXPECT_EQ(pc.dynamic, kind == "dynamic");
            EXPECT_EQ(pc.amount.has_value(), kind == "dynamic");
            EXPECT_EQ(pc.bankBin.size(), 6u);
            EXPECT_FALSE(pc.account.empty());
            EXPECT_EQ(pc.currency, "704");
            EXPECT_EQ(pc.country, "VN");
            EXPECT_EQ(buildVietQr(requestOf(pc)), payload);
        } else {
            EXPECT_FALSE(pc.vietQr);
            EXPECT_NE(pc.guid, "A000000727");
        }
    }
    EXPECT_GE(vietQr, 4);
}

TEST(VietQrSamples, FieldsOfTheFirstDynamicSample)
{
    const auto pc = parsePaymentCode("00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA53037045406"
                                     "1200005802VN62170813ung ho lu lut6304C15C");
    EXPECT_TRUE(pc.vietQr);
    EXPECT_TRUE(pc.dynamic);
    EXPECT_EQ(pc.bankBin, "970415");
    EXPECT_EQ(pc.account, "0011001932418");
    EXPECT_EQ(pc.service, "QRIBFTTA");
    EXPECT_EQ(pc.amount, 120000);
    EXPECT_EQ(pc.purpose, "ung ho lu lut");
    EXPECT_EQ(pc.fields.size(), 8u);
}

TEST(VietQrSamples, ExtraFieldsOfOtherGeneratorsRoundTripToo)
{
    // As VietQR.io writes them: a bill number (62.01) before the purpose.
    const std::string p = withCrc("00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
                                  "5303704540618000058" "02VN" "62340107NPS68690819thanh toan don hang");
    const auto pc = parsePaymentCode(p);
    EXPECT_EQ(pc.purpose, "thanh toan don hang");
    EXPECT_EQ(pc.additionalData.size(), 2u);
    EXPECT_EQ(buildVietQr(requestOf(pc)), p);
    // A merchant's code with category, name and city.
    const std::string m = withCrc("00020101021138540010A00000072701240006970436011000123456780208QRIBFTTA"
                                  "52045812" "5303704" "5802VN" "5912PHO HA NOI 1" "6006HA NOI" "62070803Pho");
    const auto mc = parsePaymentCode(m);
    EXPECT_EQ(mc.merchantCategory, "5812");
    EXPECT_EQ(mc.merchantCity, "HA NOI");
    EXPECT_EQ(buildVietQr(requestOf(mc)), m);

    VietQrRequest bad = requestOf(pc);
    bad.additionalData.push_back({"08", "x"});
    EXPECT_EQ(errorOf([&] { buildVietQr(bad); }), "VietQR: additional data field \"08\" must be 01-99 other than 08");
    bad.additionalData = {{"05", std::string(90, 'x')}};
    EXPECT_EQ(errorOf([&] { buildVietQr(bad); }), "VietQR: the additional data (62) must fit in 99 characters");
}

TEST(VietQrSamples, AnotherSchemeIsAPaymentButNotVietQr)
{
    const auto pc = parsePaymentCode("00020101021126280010A0000007750110010531314453037045408210900005802VN5910CELLPHO"
                                     "NES62600312CPSHN ONLINE0517021908061613127850705ONLHN0810CellphoneS63047685");
    EXPECT_FALSE(pc.vietQr);
    EXPECT_EQ(pc.guid, "A000000775");
    EXPECT_EQ(pc.amount, 21090000);
    EXPECT_EQ(pc.merchantName, "CELLPHONES");
    EXPECT_EQ(pc.purpose, "CellphoneS");
    EXPECT_TRUE(pc.bankBin.empty());
}

TEST(EmvParse, ABadChecksumIsReportedAsSuch)
{
    const std::string good = "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4";
    ASSERT_EQ(payloadError(good), "");
    // A different CRC, a lowercase one (accepted), a changed digit inside.
    EXPECT_EQ(payloadError(good.substr(0, good.size() - 1) + "5"), "payment code with a bad checksum");
    EXPECT_EQ(payloadError(good.substr(0, good.size() - 4) + "cbb4"), "");
    std::string tampered = good;
    tampered[50] = tampered[50] == '9' ? '8' : '9';
    EXPECT_EQ(payloadError(tampered), "payment code with a bad checksum");
    EXPECT_EQ(payloadError(good.substr(0, good.size() - 4) + "XYZW"), "payment code with a bad checksum");
    EXPECT_EQ(payloadError(good.substr(0, good.size() - 2)), "EMV QR: no CRC field (6304) at the end");
    EXPECT_EQ(payloadError("hello"), "EMV QR: a payment code starts with 000201");
}

TEST(EmvParse, StructureIsCheckedBehindAGoodChecksum)
{
    EXPECT_EQ(payloadError(withCrc("000201010213")), "EMV QR: point of initiation (01) must be 11 or 12, got \"13\"");
    EXPECT_EQ(payloadError(withCrc("0002015802VN5802VN")), "EMV QR: field 58 appears twice");
    EXPECT_EQ(payloadError(withCrc("00020154051x.005802VN")),
              "EMV QR: amount \"1x.00\" is not a number of at most 13 characters");
    EXPECT_EQ(payloadError(withCrc("000201530370454051.5005802VN")),
              "EMV QR: amount 1.500 has a fraction, VND has none");
    EXPECT_EQ(payloadError(withCrc("00020162050810x")), "EMV QR: field 62: field 08 runs past the end (10 declared, 1 left)");
    EXPECT_EQ(payloadError(withCrc("000201260801041234")), "EMV QR: merchant account template 26 has no GUID (00)");
    EXPECT_EQ(payloadError(withCrc("000201" + tlv("38", "0010970415"))),
              "EMV QR: field 38: field 00 runs past the end (10 declared, 6 left)");
    EXPECT_EQ(payloadError(withCrc("000201" + tlv("38", "00A0000007270108"))),
              "EMV QR: field 38: field 00 has length \"A0\", not two digits");
    EXPECT_EQ(payloadError(withCrc("000201" + tlv("38", tlv("00", "A000000727") + tlv("01", "0010970415")))),
              "EMV QR: field 38.01: field 00 runs past the end (10 declared, 6 left)");
    EXPECT_EQ(payloadError(withCrc("000201" + tlv("38", tlv("00", "A000000727") +
                                                           tlv("01", tlv("00", "97041") + tlv("01", "123"))))),
              "VietQR: the bank BIN (38.01.00) must be 6 digits");
    EXPECT_EQ(payloadError(withCrc("000201" + tlv("38", tlv("00", "A000000727") + tlv("01", tlv("00", "970415"))))),
              "VietQR: no account number (38.01.01)");
    EXPECT_EQ(payloadError(withCrc("000201" + tlv("38", tlv("00", "A000000727")))),
              "VietQR: template 38 has no beneficiary (01)");
    EXPECT_EQ(payloadError(withCrc("0002015300")), "EMV QR: field 53 is empty");
    EXPECT_EQ(payloadError(withCrc("0101120002015802VN")),
              "EMV QR: a payment code starts with 000201");
    EXPECT_EQ(payloadError(withCrc("0002015303704" "5802VN" "6304ABCD")), "EMV QR: field 63 appears twice");
}

TEST(EmvParse, LengthsCountingCharactersInsteadOfBytesAreRead)
{
    // "Hà Nội" is 6 characters but 9 bytes; some generators write 06.
    const std::string p = withCrc("00020101021126140010A0000007755303704" "5802VN" "5906H\xC3\xA0 N\xE1\xBB\x99i" "6002HN");
    const auto pc = parsePaymentCode(p);
    EXPECT_EQ(pc.merchantName, "H\xC3\xA0 N\xE1\xBB\x99i");
    const auto fields = parseEmv("5906H\xC3\xA0 N\xE1\xBB\x99i6002HN");
    ASSERT_EQ(fields.size(), 2u);
    EXPECT_EQ(fields[1].second, "HN");
}

TEST(VietQrBuild, DynamicAndStaticCodes)
{
    VietQrRequest r;
    r.bankBin = "970436";
    r.account = "0011004567890";
    r.amount = 125000;
    r.purpose = "HK01-T1-000123 Bánh cốm";
    const std::string p = buildVietQr(r);
    EXPECT_EQ(p.substr(0, 12), "000201010212");
    EXPECT_NE(p.find("5406125000"), std::string::npos);
    EXPECT_NE(p.find("0821HK01T1000123 Banh com"), std::string::npos);
    const auto pc = parsePaymentCode(p);
    EXPECT_TRUE(pc.vietQr);
    EXPECT_TRUE(pc.dynamic);
    EXPECT_EQ(pc.bankBin, "970436");
    EXPECT_EQ(pc.account, "0011004567890");
    EXPECT_EQ(pc.amount, 125000);
    EXPECT_EQ(pc.purpose, "HK01T1000123 Banh com");
    EXPECT_EQ(p.substr(p.size() - 8, 4), "6304");
    EXPECT_EQ(p.substr(p.size() - 4), crc16Hex(p.substr(0, p.size() - 4)));

    r.amount = 0;
    r.purpose.clear();
    r.service = "QRIBFTTC";
    const std::string s = buildVietQr(r);
    EXPECT_EQ(s.substr(0, 12), "000201010211");
    const auto spc = parsePaymentCode(s);
    EXPECT_FALSE(spc.dynamic);
    EXPECT_FALSE(spc.amount.has_value());
    EXPECT_EQ(spc.service, "QRIBFTTC");
    EXPECT_EQ(spc.purpose, "");
    EXPECT_EQ(std::count_if(spc.fields.begin(), spc.fields.end(), [](const auto& f) { return f.first == "54" || f.first == "62"; }), 0);

    r.amount = 9'999'999'999'999;
    EXPECT_NE(buildVietQr(r).find("54139999999999999"), std::string::npos);
}

TEST(VietQrBuild, RefusesBadInputWithOneLine)
{
    VietQrRequest r;
    r.bankBin = "970436";
    r.account = "0011004567890";
    r.amount = 1000;
    const auto err = [&](auto change) {
        VietQrRequest copy = r;
        change(copy);
        return errorOf([&] { buildVietQr(copy); });
    };
    EXPECT_EQ(err([](auto&) {}), "");
    EXPECT_EQ(err([](auto& x) { x.bankBin = "97043"; }), "VietQR: the bank BIN must be 6 digits, got \"97043\"");
    EXPECT_EQ(err([](auto& x) { x.bankBin = "97043A"; }), "VietQR: the bank BIN must be 6 digits, got \"97043A\"");
    EXPECT_EQ(err([](auto& x) { x.account = ""; }), "VietQR: the account must be 1 to 19 letters or digits, got \"\"");
    EXPECT_EQ(err([](auto& x) { x.account = "0011-00"; }),
              "VietQR: the account must be 1 to 19 letters or digits, got \"0011-00\"");
    EXPECT_EQ(err([](auto& x) { x.account = std::string(20, '1'); }).rfind("VietQR: the account must be", 0), 0u);
    EXPECT_EQ(err([](auto& x) { x.account = std::string(19, '1'); }), "");
    EXPECT_EQ(err([](auto& x) { x.amount = -5; }), "VietQR: the amount must be positive");
    EXPECT_EQ(err([](auto& x) { x.amount = 10'000'000'000'000; }), "VietQR: the amount must be at most 13 digits");
    EXPECT_EQ(err([](auto& x) { x.service = "QRPUSH"; }),
              "VietQR: the service must be QRIBFTTA (account) or QRIBFTTC (card), got \"QRPUSH\"");
}

TEST(VietQrPurpose, FoldsVietnameseKeepsCaseAndFitsTwentyFiveCharacters)
{
    EXPECT_EQ(vietQrPurpose("ĐẶC SẢN Hà Nội"), "DAC SAN Ha Noi");
    EXPECT_EQ(vietQrPurpose("đường Ơ ư Ư"), "duong O u U");
    // Decomposed (NFD) text folds the same way.
    EXPECT_EQ(vietQrPurpose("Ha\xCC\x80 N\xC3\xB4\xCC\xA3i"), "Ha Noi");
    EXPECT_EQ(vietQrPurpose("  a \t  b\n "), "a b");
    EXPECT_EQ(vietQrPurpose("Trà 茶 #1!"), "Tra 1");
    EXPECT_EQ(vietQrPurpose("Thanh toán đơn hàng #HK01-T1-000123"), "Thanh toan don hang HK01T");
    // Truncation never leaves a trailing space.
    EXPECT_EQ(vietQrPurpose("abcdefghijklmnopqrstuvwx yz"), "abcdefghijklmnopqrstuvwx");
    EXPECT_EQ(vietQrPurpose("x\xC2\xA0y"), "x y"); // no-break space separates
    EXPECT_EQ(vietQrPurpose("\xFF\xFE bad"), "bad");
    EXPECT_EQ(vietQrPurpose(""), "");
    EXPECT_LE(vietQrPurpose(std::string(100, 'a')).size(), 25u);
}
