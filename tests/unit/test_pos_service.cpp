#include "core/errors.h"
#include "core/emvco.h"
#include "service/pos_service.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <unistd.h>

#include <filesystem>

using namespace ocop;
namespace fs = std::filesystem;

namespace {

class PosServiceTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        dir = fs::temp_directory_path() / ("ocop-service-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        service = PosService::initDemo(dir, {}).release();
    }
    static void TearDownTestSuite()
    {
        delete service;
        service = nullptr;
        fs::remove_all(dir);
    }
    static inline fs::path dir;
    static inline PosService* service = nullptr;
};

} // namespace

TEST_F(PosServiceTest, DemoTerminalIsReadyToSell)
{
    EXPECT_EQ(service->productCount(), 1054u);
    EXPECT_EQ(service->store().users().size() >= 3, true);
    const auto s = service->store().settings();
    EXPECT_FALSE(s.pointCode.empty());
    EXPECT_FALSE(s.shopName.empty());
    EXPECT_FALSE(fs::exists(PosService::databasePath(dir).string() + ".partial"));
}

TEST_F(PosServiceTest, ResolvesCodesAndBarcodes)
{
    const Product& first = service->products().front();
    EXPECT_EQ(service->resolveCode(first.code), &first);
    ASSERT_FALSE(first.gtin.empty());
    EXPECT_EQ(service->resolveCode(first.gtin), &first);
    EXPECT_EQ(service->resolveCode("0" + first.gtin), &first) << "GTIN-14 form of a GTIN-13";
    EXPECT_EQ(&service->requireSellable(" " + first.code + "\r\n"), &first);
}

TEST_F(PosServiceTest, ExplainsWhyACodeCannotBeSold)
{
    std::string gtin = service->products().front().gtin;
    gtin.back() = gtin.back() == '9' ? '0' : static_cast<char>(gtin.back() + 1);
    try {
        service->requireSellable(gtin);
        FAIL();
    } catch (const UserError& e) {
        EXPECT_NE(std::string(e.what()).find("check digit"), std::string::npos) << e.what();
    }
    EXPECT_THROW(service->requireSellable("OCOP-99999999"), UserError);
    EXPECT_THROW(service->requireSellable("   "), UserError);
}

TEST_F(PosServiceTest, SearchIgnoresDiacriticsAndFiltersByGroup)
{
    const auto withMarks = service->search("bánh", 20);
    const auto without = service->search("BANH", 20);
    ASSERT_FALSE(withMarks.empty());
    ASSERT_EQ(withMarks.size(), without.size());
    for (std::size_t i = 0; i < withMarks.size(); ++i)
        EXPECT_EQ(withMarks[i], without[i]);
    const auto crafts = service->search("gom", 50, static_cast<int>(OcopGroup::Handicraft));
    ASSERT_FALSE(crafts.empty());
    for (const Product* p : crafts)
        EXPECT_EQ(p->group, OcopGroup::Handicraft);
    EXPECT_TRUE(service->search("", 20).empty());
}

TEST_F(PosServiceTest, BrowseShowsBestRatedFirst)
{
    const auto all = service->browse(0, 2000);
    EXPECT_EQ(all.size(), 1054u);
    for (std::size_t i = 1; i < all.size(); ++i)
        EXPECT_GE(all[i - 1]->stars, all[i]->stars);
}

TEST_F(PosServiceTest, InitRefusesToOverwrite)
{
    EXPECT_THROW(PosService::initDemo(dir, {}), UserError);
    EXPECT_EQ(service->store().catalogStats().products, 1054);
}

// receipt_vietqr = 1: a sale paid partly by transfer prints that transfer's
// VietQR (amount and receipt number) with a caption; off, or paid in cash, none.
TEST_F(PosServiceTest, ReceiptCarriesTheTransfersVietQrWhenAsked)
{
    Store& store = service->store();
    std::string cashier;
    for (const auto& u : store.users())
        if (u.role == Role::Cashier)
            cashier = u.id;
    if (!store.openShift())
        store.startShift(cashier, 0, nowMs());
    const Product* sellable = nullptr;
    for (const auto& p : service->products())
        if (store.onHand(p.code) > 1 && p.price > 20000) {
            sellable = &p;
            break;
        }
    ASSERT_NE(sellable, nullptr);
    auto sell = [&](std::vector<Payment> payments) {
        Cart cart;
        cart.add(*sellable);
        SaleDraft d;
        d.cart = &cart;
        d.payments = std::move(payments);
        d.cashierId = cashier;
        return store.commitSale(d, nowMs());
    };
    const Money price = sellable->price;
    const auto split = sell({{PaymentMethod::Cash, 20000, ""}, {PaymentMethod::BankTransfer, price - 20000, "FT1"}});
    const auto cash = sell({{PaymentMethod::Cash, price, ""}});

    EXPECT_TRUE(service->receiptFor(split.receiptNo, false)->qrPayload.empty()) << "off by default";
    store.setSetting("receipt_vietqr", "1");
    const auto r = service->receiptFor(split.receiptNo, false);
    ASSERT_FALSE(r->qrPayload.empty());
    const auto code = scan::parsePaymentCode(r->qrPayload);
    EXPECT_EQ(code.bankBin, *store.setting("bank_bin"));
    EXPECT_EQ(code.account, *store.setting("bank_account"));
    EXPECT_EQ(code.amount, std::optional<std::int64_t>(price - 20000));
    EXPECT_NE(r->qrCaption.find(scan::vietQrPurpose(split.receiptNo)), std::string::npos) << r->qrCaption;
    EXPECT_EQ(service->saleReceipt(split).qrPayload, r->qrPayload) << "the receipt shown right after the sale";
    EXPECT_TRUE(service->receiptFor(cash.receiptNo, false)->qrPayload.empty());
    // No usable bank account: the receipt prints without a code.
    store.setSetting("bank_account", "");
    EXPECT_TRUE(service->receiptFor(split.receiptNo, false)->qrPayload.empty());
}

TEST_F(PosServiceTest, ReceiptForSaleAndReprint)
{
    Store& store = service->store();
    const auto users = store.users();
    std::string cashier;
    for (const auto& u : users)
        if (u.role == Role::Cashier)
            cashier = u.id;
    ASSERT_FALSE(cashier.empty());
    if (!store.openShift())
        store.startShift(cashier, 0, nowMs());
    const Product* sellable = nullptr;
    for (const auto& p : service->products())
        if (store.onHand(p.code) > 0) {
            sellable = &p;
            break;
        }
    ASSERT_NE(sellable, nullptr);
    Cart cart;
    cart.add(*sellable);
    SaleDraft d;
    d.cart = &cart;
    d.payments = {{PaymentMethod::Cash, sellable->price, ""}};
    d.cashierId = cashier;
    const auto sale = store.commitSale(d, nowMs());
    const auto r = service->receiptFor(sale.receiptNo, true);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->reprint);
    EXPECT_EQ(r->total, sellable->price);
    EXPECT_EQ(r->header.shopName, store.settings().shopName);
    EXPECT_FALSE(service->receiptFor("HK01-T1-999999", false));
}

TEST(PosServiceOpen, MissingDataDirIsBadInput)
{
    const auto dir = fs::temp_directory_path() / "ocop-service-missing";
    fs::remove_all(dir);
    EXPECT_THROW(PosService::open(dir, Store::OpenMode::OpenExisting), UserError);
    EXPECT_FALSE(fs::exists(PosService::databasePath(dir)));
}

namespace {

std::string sqlValue(const fs::path& db, const std::string& sql)
{
    sqlite3* h = nullptr;
    std::string out;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
            sqlite3_column_text(st, 0))
            out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return out;
}

const Product& productWithGtinAndTraceUrl(const PosService& s)
{
    for (const auto& p : s.products())
        if (!p.gtin.empty() && !p.traceUrl.empty() && p.active)
            return p;
    throw std::runtime_error("demo catalog has no traceable product");
}

std::string gtin14(const Product& p) { return std::string(14 - p.gtin.size(), '0') + p.gtin; }

} // namespace

TEST_F(PosServiceTest, ScansResolveToProductsLotsAndReasons)
{
    const Product& p = productWithGtinAndTraceUrl(*service);
    const std::string today = "2026-11-23";

    auto r = service->resolveScan(p.gtin, "]E0", today);
    EXPECT_EQ(r.product, &p);
    EXPECT_FALSE(r.lot);
    EXPECT_FALSE(r.traceability);

    // A GS1 DataMatrix on the pack: lot and dates come with the product.
    r = service->resolveScan("01" + gtin14(p) + "10LOT-7\x1d" "17261130" "11250601", "]d2", today);
    ASSERT_EQ(r.product, &p) << r.problem;
    ASSERT_TRUE(r.lot);
    EXPECT_EQ(r.lot->lot, "LOT-7");
    EXPECT_EQ(r.lot->expiry, "2026-11-30");
    EXPECT_EQ(r.lot->production, "2025-06-01");
    EXPECT_EQ(traceInfo(p, std::nullopt, r.lot, today).lotValidity, Validity::ExpiringSoon);

    // A GS1 Digital Link QR is a traceability code: the panel, not the cart.
    r = service->resolveScan("https://id.gs1.org/01/" + gtin14(p) + "/10/LOT-7?17=261130", "]Q1", today);
    EXPECT_EQ(r.product, &p) << r.problem;
    EXPECT_TRUE(r.traceability);
    ASSERT_TRUE(r.lot);
    EXPECT_EQ(r.lot->lot, "LOT-7");

    // The product's own trace URL, as printed in its QR, in another spelling.
    std::string url = p.traceUrl;
    url.replace(0, url.find("://") + 3, "HTTPS://www.");
    r = service->resolveScan(url + "/", "]Q1", today);
    EXPECT_EQ(r.product, &p) << r.problem << " for " << url;
    EXPECT_TRUE(r.traceability);

    // Our own shelf-label code still works.
    r = service->resolveScan(p.code, "]C0", today);
    EXPECT_EQ(r.product, &p);

    // Never a product: a VietQR payment code, a foreign trace code, nonsense.
    r = service->resolveScan("00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F",
                             "]Q1", today);
    EXPECT_EQ(r.product, nullptr);
    EXPECT_EQ(r.problemKind, ScanProblem::BankTransferCode);
    r = service->resolveScan("https://hn.check.net.vn/SP-NOT-OURS", "", today);
    EXPECT_EQ(r.product, nullptr);
    EXPECT_EQ(r.problemKind, ScanProblem::ForeignTraceCode);
    r = service->resolveScan("4006381333931", "", today); // a valid GTIN of no product here
    EXPECT_EQ(r.problemKind, ScanProblem::UnknownBarcode);
    EXPECT_EQ(r.problemArg, "04006381333931");
    std::string bad = p.gtin;
    bad.back() = bad.back() == '9' ? '0' : static_cast<char>(bad.back() + 1);
    r = service->resolveScan(bad, "", today);
    EXPECT_EQ(r.problemKind, ScanProblem::Malformed);
    r = service->resolveScan("01" + gtin14(p) + "17261331", "]d2", today); // month 13
    EXPECT_EQ(r.product, nullptr);
    EXPECT_EQ(r.problemKind, ScanProblem::Malformed) << r.problem;
    r = service->resolveScan("xin chao", "", today);
    EXPECT_EQ(r.problemKind, ScanProblem::UnknownCode);
}

TEST_F(PosServiceTest, LotsAreSoldPerLotAndAnExpiredLotIsAudited)
{
    Store& store = service->store();
    std::string cashier, manager;
    for (const auto& u : store.users())
        (u.role == Role::Cashier ? cashier : manager) = u.id;
    if (!store.openShift())
        store.startShift(cashier, 0, nowMs());
    const Product& p = productWithGtinAndTraceUrl(*service);
    Cart cart;
    cart.add(p, 1, {"L-OLD", "2026-01-31", manager});
    cart.add(p, 1, {"L-NEW", "2027-06-30", ""});
    cart.add(p, 1, {"L-NEW", "2027-06-30", ""});
    ASSERT_EQ(cart.lines().size(), 2u) << "one line per lot";
    EXPECT_EQ(cart.lines()[1].quantity, 2);
    SaleDraft d;
    d.cart = &cart;
    d.payments = {{PaymentMethod::Cash, p.price * 3, ""}};
    d.cashierId = cashier;
    const auto sale = store.commitSale(d, nowMs());
    const auto again = store.saleByReceipt(sale.receiptNo);
    ASSERT_TRUE(again);
    ASSERT_EQ(again->lines.size(), 2u);
    EXPECT_EQ(again->lines[0].lot, "L-OLD");
    EXPECT_EQ(again->lines[0].expiredApprovedBy, manager);
    EXPECT_EQ(again->lines[1].lot, "L-NEW");
    EXPECT_EQ(again->lines[1].lotExpiry, "2027-06-30");
    const auto db = PosService::databasePath(dir);
    EXPECT_EQ(sqlValue(db, "SELECT sum(quantity) FROM stock_movements WHERE lot = 'L-NEW' AND reference = '" +
                               sale.receiptNo + "'"),
              "-2");
    EXPECT_NE(sqlValue(db, "SELECT detail FROM audit_log WHERE action = 'expired_lot_sold' AND user_id = '" + manager +
                               "'")
                  .find("L-OLD"),
              std::string::npos);
    // The event carries the lots to the centre.
    EXPECT_NE(sqlValue(db, "SELECT payload FROM outbox ORDER BY seq DESC LIMIT 1").find("\"expired_approved_by\""),
              std::string::npos);
}
