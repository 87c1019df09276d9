#include "core/events.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace ocop;

namespace {

SaleLine line(int no, std::string code, std::string name, std::int64_t qty, Money price, int rate)
{
    SaleLine l;
    l.lineNo = no;
    l.productCode = std::move(code);
    l.gtin = "8934553280010";
    l.name = std::move(name);
    l.unit = "hộp";
    l.quantity = qty;
    l.unitPrice = price;
    l.gross = qty * price;
    l.net = l.gross;
    l.vatRate = rate;
    l.vat = l.gross * rate / (100 + rate);
    return l;
}

Sale sale()
{
    Sale s;
    s.id = "01937f4e-7a2b-7c3d-9e4f-a1b2c3d4e5f6";
    s.receiptNo = "HK01-T1-000042";
    s.receiptSeq = 42;
    s.pointCode = "HK01";
    s.terminalCode = "T1";
    s.cashierId = "U001";
    s.cashierName = "Nguyễn Thị Lan";
    s.shiftId = "01937f4e-0000-7000-8000-000000000001";
    s.createdAt = 1795451400123;
    s.lines = {line(1, "OCOP-00012", "Bánh cốm Làng Vòng", 2, 45000, 8), line(2, "OCOP-00300", "Giỏ mây tre đan", 1, 120000, 10)};
    s.payments = {{PaymentMethod::Cash, 200000, ""}, {PaymentMethod::BankTransfer, 10000, "FT2633"}};
    s.gross = 210000;
    s.total = 210000;
    s.vat = 17575;
    s.paid = 210000;
    s.vatByRate = {{8, 90000, 6667}, {10, 120000, 10909}};
    return s;
}

} // namespace

TEST(SaleEventText, IsTheDumpOfTheSalesJson)
{
    const auto s = sale();
    EXPECT_EQ(saleEventText(s), toJson(s).dump());
}

TEST(SaleEventText, OptionalFieldsAndEmptyListsAsTheTreeHasThem)
{
    auto s = sale();
    s.lines[0].lot = "L2026-11";
    s.lines[0].lotExpiry = "2026-11-30";
    s.lines[0].expiredApprovedBy = "M001";
    s.lines[1].lotExpiry = "2027-01-01";
    s.approvedBy = "M001";
    s.discount = 10000;
    s.total = 200000;
    s.change = -5;
    s.receiptSeq = 9'007'199'254'740'993; // beyond a double's exact integers
    EXPECT_EQ(saleEventText(s), toJson(s).dump());
    s.payments.clear();
    s.vatByRate.clear();
    s.lines.clear();
    EXPECT_EQ(saleEventText(s), toJson(s).dump());
}

TEST(SaleEventText, EscapesTextAsDumpDoes)
{
    auto s = sale();
    s.cashierName = "Lan \"Bông\" \\ C:\\quầy\ttab\nline\r\b\f\x01\x1f\x7f end";
    s.lines[0].name = "Mật ong 🐝 rừng U Minh — 500 ml";       // 4- and 3-byte sequences
    s.lines[1].name = "\xC3\xA0\xE1\xBA\xA1\xF0\x9F\x98\x80"; // à ạ 😀 spelled in bytes
    s.payments[1].reference = "";
    EXPECT_EQ(saleEventText(s), toJson(s).dump());
}

TEST(SaleEventText, RefusesWhatIsNotUtf8AsDumpDoes)
{
    for (const std::string& bad : {std::string("\xC3"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"),
                                  std::string("\xF4\x90\x80\x80"), std::string("ab\xFF"), std::string("\xE1\xBA")}) {
        auto s = sale();
        s.lines[1].name = "Giỏ " + bad;
        EXPECT_THROW(toJson(s).dump(), nlohmann::json::type_error) << "dump() accepts it";
        EXPECT_THROW(saleEventText(s), nlohmann::json::type_error) << "saleEventText accepts what dump() refuses";
    }
}

// Random bytes, mostly UTF-8 lead and continuation bytes: each text is either
// written exactly as dump() writes it or refused as dump() refuses it.
TEST(SaleEventText, AgreesWithDumpOnRandomBytes)
{
    std::mt19937 rng(20261203);
    const unsigned char pool[] = {0x00, 0x09, 0x1f, 0x22, 0x41, 0x5c, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2,
                                  0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff};
    int refused = 0;
    for (int n = 0; n < 5000; ++n) {
        std::string text;
        const int len = static_cast<int>(rng() % 8);
        for (int i = 0; i < len; ++i)
            text += static_cast<char>(pool[rng() % sizeof pool]);
        auto s = sale();
        s.cashierName = text;
        std::string want, got;
        bool wantThrows = false, gotThrows = false;
        try {
            want = toJson(s).dump();
        } catch (const nlohmann::json::type_error&) {
            wantThrows = true;
        }
        try {
            got = saleEventText(s);
        } catch (const nlohmann::json::type_error&) {
            gotThrows = true;
        }
        ASSERT_EQ(gotThrows, wantThrows) << "bytes: " << testing::PrintToString(text);
        ASSERT_EQ(got, want);
        refused += wantThrows;
    }
    EXPECT_GT(refused, 100) << "the sample hardly tried invalid UTF-8";
    EXPECT_LT(refused, 4900) << "the sample hardly tried valid UTF-8";
}
