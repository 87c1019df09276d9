#include "core/errors.h"
#include "store/migrations.h"
#include "store/store.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace ocop;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

class StoreTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = fs::temp_directory_path() / ("ocop-store-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir);
        dbPath = (dir / "terminal.db").string();
        store = Store::open(dbPath, Store::OpenMode::CreateIfMissing);
        TerminalSettings s;
        s.pointCode = "HK01";
        s.terminalCode = "T1";
        s.discountLimitPercent = 10;
        store->saveSettings(s);
        Producer pr{"NSX-1", "HTX Bát Tràng", ProducerKind::Cooperative, "Bát Tràng", "Gia Lâm", "Hà Nội"};
        store->upsertCatalog({{"HK01", "Điểm bán Hoàn Kiếm", "", "Hoàn Kiếm"}}, {pr},
                             {product("P1", "8930000000019", 108000, 8), product("P2", "", 55000, 10),
                              product("P3", "", 20000, 5)});
        store->addUser("U1", "Nguyễn Thị Lan", Role::Cashier, "1111");
        store->addUser("M1", "Trần Thị Mai", Role::Manager, "9999");
        store->recordStockMovement("P1", 10, "opening", "", "", 1000);
        store->recordStockMovement("P2", 5, "opening", "", "", 1000);
        store->recordStockMovement("P3", 100, "opening", "", "", 1000);
        shift = store->startShift("U1", 500000, now).id;
    }
    void TearDown() override
    {
        store.reset();
        fs::remove_all(dir);
    }

    static Product product(const std::string& code, const std::string& gtin, Money price, int vat)
    {
        Product p;
        p.code = code;
        p.gtin = gtin;
        p.nameVi = "Gốm " + code;
        p.price = price;
        p.vatRate = vat;
        p.producerId = "NSX-1";
        return p;
    }

    Sale sell(Cart& cart, std::vector<Payment> payments, std::string approvedBy = {})
    {
        SaleDraft d;
        d.cart = &cart;
        d.payments = std::move(payments);
        d.cashierId = "U1";
        d.shiftId = shift;
        d.approvedBy = std::move(approvedBy);
        return store->commitSale(d, now);
    }

    Cart cartOf(std::initializer_list<std::pair<const char*, int>> items)
    {
        Cart c;
        for (const auto& [code, qty] : items)
            c.add(*store->product(code), qty);
        return c;
    }

    fs::path dir;
    std::string dbPath;
    std::unique_ptr<Store> store;
    std::string shift;
    TimestampMs now = 1795451400000; // 2026-11-23 23:30 in Hanoi
};

} // namespace

TEST_F(StoreTest, ChosenPragmasAreInForce)
{
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dbPath.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
    sqlite3_finalize(st);
    sqlite3_close(db);
    const auto migrations = std::distance(std::filesystem::directory_iterator(OCOP_SOURCE_DIR "/schema/terminal"),
                                          std::filesystem::directory_iterator{});
    EXPECT_EQ(store->schemaVersion(), migrations) << "every file of schema/terminal applied";
}

TEST_F(StoreTest, SaleCommitsEverythingTogether)
{
    auto cart = cartOf({{"P1", 2}, {"P2", 1}});
    const auto sale = sell(cart, {{PaymentMethod::Cash, 300000, ""}});
    EXPECT_EQ(sale.receiptNo, "HK01-T1-000001");
    EXPECT_EQ(sale.total, 271000);
    EXPECT_EQ(sale.change, 29000);
    EXPECT_EQ(sale.vat, 16000 + 5000);
    EXPECT_EQ(store->onHand("P1"), 8);
    EXPECT_EQ(store->onHand("P2"), 4);

    const auto loaded = store->saleByReceipt(sale.receiptNo);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->id, sale.id);
    EXPECT_EQ(loaded->lines.size(), 2u);
    EXPECT_EQ(loaded->payments.size(), 1u);
    EXPECT_EQ(loaded->total, sale.total);
    EXPECT_EQ(loaded->vatByRate.size(), 2u);
    EXPECT_EQ(loaded->pointCode, "HK01");
    EXPECT_EQ(loaded->terminalCode, "T1");

    const auto events = store->pendingEvents(100);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().type, "sale.completed");
    EXPECT_NE(events.back().payload.find(sale.id), std::string::npos);
    for (std::size_t i = 0; i < events.size(); ++i)
        EXPECT_EQ(events[i].seq, static_cast<std::int64_t>(i + 1)) << "event sequence has a gap";
}

// A long basket (40 lines): every line is stored in order, moves its stock,
// and reads back with the sale.
TEST_F(StoreTest, ALongBasketStoresEveryLine)
{
    std::vector<Product> many;
    for (int i = 0; i < 40; ++i)
        many.push_back(product("L" + std::to_string(i), "", 1000 + i, i % 2 ? 8 : 10));
    Producer pr{"NSX-1", "HTX Bát Tràng", ProducerKind::Cooperative, "Bát Tràng", "Gia Lâm", "Hà Nội"};
    store->upsertCatalog({{"HK01", "Điểm bán Hoàn Kiếm", "", "Hoàn Kiếm"}}, {pr}, many);
    Cart cart;
    Money total = 0;
    for (int i = 0; i < 40; ++i) {
        store->recordStockMovement("L" + std::to_string(i), 10, "opening", "", "", 1000);
        cart.add(*store->product("L" + std::to_string(i)), 1 + i % 3);
        total += (1000 + i) * (1 + i % 3);
    }
    const auto sale = sell(cart, {{PaymentMethod::Cash, total, ""}});
    EXPECT_EQ(sale.total, total);
    const auto loaded = store->saleByReceipt(sale.receiptNo);
    ASSERT_TRUE(loaded);
    ASSERT_EQ(loaded->lines.size(), 40u);
    for (int i = 0; i < 40; ++i) {
        const auto& l = loaded->lines[static_cast<std::size_t>(i)];
        EXPECT_EQ(l.lineNo, i + 1);
        EXPECT_EQ(l.productCode, "L" + std::to_string(i));
        EXPECT_EQ(l.quantity, 1 + i % 3);
        EXPECT_EQ(l.unitPrice, 1000 + i);
        EXPECT_EQ(store->onHand("L" + std::to_string(i)), 10 - (1 + i % 3)) << l.productCode;
    }
    EXPECT_EQ(store->returnedQuantities(sale.receiptSeq).size(), 0u);
}

TEST_F(StoreTest, ReceiptNumbersAreGapFreeAcrossFailures)
{
    auto ok = cartOf({{"P3", 1}});
    EXPECT_EQ(sell(ok, {{PaymentMethod::Cash, 20000, ""}}).receiptNo, "HK01-T1-000001");
    auto tooMany = cartOf({{"P2", 6}}); // only 5 in stock
    const auto eventsBefore = store->lastEventSeq();
    EXPECT_THROW(sell(tooMany, {{PaymentMethod::Cash, 330000, ""}}), UserError);
    EXPECT_EQ(store->lastEventSeq(), eventsBefore);
    EXPECT_EQ(store->onHand("P2"), 5);
    auto ok2 = cartOf({{"P3", 2}});
    EXPECT_EQ(sell(ok2, {{PaymentMethod::Cash, 40000, ""}}).receiptNo, "HK01-T1-000002");
}

TEST_F(StoreTest, OnHandFollowsWhatAnotherProcessCommits)
{
    // The CLI and the terminal share one database file; each keeps its own
    // in-memory on-hand and must still see the other's movements.
    auto other = Store::open(dbPath, Store::OpenMode::OpenExisting);
    EXPECT_EQ(other->onHand("P1"), 10);
    auto cart = cartOf({{"P1", 3}});
    sell(cart, {{PaymentMethod::Cash, 324000, ""}});
    EXPECT_EQ(other->onHand("P1"), 7);
    other->recordStockMovement("P1", 5, "receipt", "GR-1", "M1", now);
    EXPECT_EQ(store->onHand("P1"), 12);

    auto overSell = cartOf({{"P1", 13}});
    EXPECT_THROW(sell(overSell, {{PaymentMethod::Cash, 13 * 108000, ""}}), UserError);
    for (const auto* s : {store.get(), other.get()}) {
        const auto levels = s->stockLevels();
        ASSERT_EQ(levels.size(), 3u);
        EXPECT_EQ(levels[0].productCode, "P1");
        EXPECT_EQ(levels[0].onHand, 12) << "a rolled-back sale left no trace";
        EXPECT_EQ(levels[1].onHand, 5);
        EXPECT_EQ(levels[2].onHand, 100);
    }
}

TEST_F(StoreTest, WhatASaleReusesFollowsEveryWriteInBetween)
{
    // A sale keeps what it read (settings, shift, next receipt, stock) for
    // the next one; any write in between, from this connection or another,
    // must be seen by that next sale.
    auto other = Store::open(dbPath, Store::OpenMode::OpenExisting);
    auto c1 = cartOf({{"P2", 1}});
    EXPECT_EQ(sell(c1, {{PaymentMethod::Cash, 55000, ""}}).receiptNo, "HK01-T1-000001");

    // Another connection sells: the next receipt number is after its one.
    Cart viaOther;
    viaOther.add(*other->product("P2"), 1);
    SaleDraft d;
    d.cart = &viaOther;
    d.payments = {{PaymentMethod::Cash, 55000, ""}};
    d.cashierId = "U1";
    d.shiftId = shift;
    EXPECT_EQ(other->commitSale(d, now).receiptNo, "HK01-T1-000002");
    auto c2 = cartOf({{"P2", 1}});
    EXPECT_EQ(sell(c2, {{PaymentMethod::Cash, 55000, ""}}).receiptNo, "HK01-T1-000003");
    // ... and its stock: 5 - 3 sold leaves 2, not 3.
    auto tooMany = cartOf({{"P2", 3}});
    EXPECT_THROW(sell(tooMany, {{PaymentMethod::Cash, 165000, ""}}), UserError);

    // This connection's own return takes a receipt number too.
    ReturnDraft r;
    r.originalReceiptNo = "HK01-T1-000003";
    r.cashierId = "U1";
    EXPECT_EQ(store->commitReturn(r, now).receiptNo, "HK01-T1-000004");
    auto c3 = cartOf({{"P2", 3}}); // the return put one back: 3 on hand
    const auto s5 = sell(c3, {{PaymentMethod::Cash, 165000, ""}});
    EXPECT_EQ(s5.receiptNo, "HK01-T1-000005");
    EXPECT_EQ(store->onHand("P2"), 0);

    // Settings changed elsewhere reach the receipt number.
    auto set = other->settings();
    set.terminalCode = "T9";
    other->saveSettings(set);
    auto c4 = cartOf({{"P3", 1}});
    EXPECT_EQ(sell(c4, {{PaymentMethod::Cash, 20000, ""}}).receiptNo, "HK01-T9-000006");

    // A goods receipt elsewhere makes stock sellable here.
    other->recordStockMovement("P2", 2, "receipt", "GR-1", "M1", now);
    auto c5 = cartOf({{"P2", 2}});
    EXPECT_EQ(sell(c5, {{PaymentMethod::Cash, 110000, ""}}).receiptNo, "HK01-T9-000007");

    // The catalog changed elsewhere: a product sold before is withdrawn, one
    // sold before is renamed; the next sales see both.
    auto p3 = *other->product("P3");
    auto p2 = *other->product("P2");
    p3.active = false;
    p2.nameVi = "Giỏ mây tre đan";
    auto withdrawn = cartOf({{"P3", 1}}); // in the cart before the change
    other->applyCatalogChanges({}, {}, {p3, p2}, {}, other->catalogVersion() + 1);
    EXPECT_THROW(sell(withdrawn, {{PaymentMethod::Cash, 20000, ""}}), UserError) << "P3 is no longer on sale";
    other->recordStockMovement("P2", 1, "receipt", "GR-2", "M1", now);
    auto renamed = cartOf({{"P2", 5}});
    try {
        sell(renamed, {{PaymentMethod::Cash, 275000, ""}});
        ADD_FAILURE() << "only 1 of P2 is in stock";
    } catch (const UserError& e) {
        EXPECT_NE(std::string(e.what()).find("Giỏ mây tre đan"), std::string::npos) << e.what();
    }
    // ... and so does this connection's own catalog change.
    p3.active = true;
    store->applyCatalogChanges({}, {}, {p3}, {}, store->catalogVersion() + 1);
    other->recordStockMovement("P2", -1, "adjustment", "ADJ-1", "M1", now);

    // The shift closed elsewhere stops the sale; a new one there is not it.
    other->closeShift(shift, {}, now);
    auto c6 = cartOf({{"P3", 1}});
    EXPECT_THROW(sell(c6, {{PaymentMethod::Cash, 20000, ""}}), UserError);
    const auto next = other->startShift("U1", 0, now).id;
    EXPECT_THROW(sell(c6, {{PaymentMethod::Cash, 20000, ""}}), UserError) << "the draft names the closed shift";
    shift = next;
    const auto s8 = sell(c6, {{PaymentMethod::Cash, 20000, ""}});
    EXPECT_EQ(s8.shiftId, next);
    EXPECT_EQ(s8.receiptNo, "HK01-T9-000008");

    // This connection's own settings change and shift close, likewise.
    set.terminalCode = "T2";
    store->saveSettings(set);
    auto c7 = cartOf({{"P3", 1}});
    EXPECT_EQ(sell(c7, {{PaymentMethod::Cash, 20000, ""}}).receiptNo, "HK01-T2-000009");
    store->closeShift(shift, {}, now);
    auto c8 = cartOf({{"P3", 1}});
    EXPECT_THROW(sell(c8, {{PaymentMethod::Cash, 20000, ""}}), UserError);

    for (const auto* s : {store.get(), other.get()}) {
        EXPECT_EQ(s->onHand("P2"), 0);
        EXPECT_EQ(s->onHand("P3"), 97);
        EXPECT_EQ(s->recentSales(100).size(), 8u);
    }
}

TEST_F(StoreTest, ShortPaymentChangesNothing)
{
    auto cart = cartOf({{"P1", 1}});
    const auto before = store->lastEventSeq();
    EXPECT_THROW(sell(cart, {{PaymentMethod::Cash, 100000, ""}}), UserError);
    EXPECT_EQ(store->lastEventSeq(), before);
    EXPECT_EQ(store->onHand("P1"), 10);
    EXPECT_TRUE(store->recentSales(10).empty());
}

TEST_F(StoreTest, DiscountAboveLimitNeedsManager)
{
    auto cart = cartOf({{"P1", 1}});
    cart.setCartDiscount(Discount::percent(20));
    EXPECT_THROW(sell(cart, {{PaymentMethod::Cash, 86400, ""}}), UserError);
    EXPECT_THROW(sell(cart, {{PaymentMethod::Cash, 86400, ""}}, "U1"), UserError); // a cashier cannot approve
    const auto manager = store->authenticateManager("9999", now);
    const auto sale = sell(cart, {{PaymentMethod::Cash, 86400, ""}}, manager.id);
    EXPECT_EQ(sale.total, 86400);
    EXPECT_EQ(sale.approvedBy, "M1");
    EXPECT_THROW(store->authenticateManager("1111", now), UserError);
}

TEST_F(StoreTest, SellingNeedsAnOpenShift)
{
    store->closeShift(shift, {}, now);
    auto cart = cartOf({{"P3", 1}});
    EXPECT_THROW(sell(cart, {{PaymentMethod::Cash, 20000, ""}}), UserError);
}

TEST_F(StoreTest, ARefusedSaleOpensNoShift)
{
    store->closeShift(shift, {}, now);
    const auto eventsBefore = store->lastEventSeq();
    auto tooMany = cartOf({{"P2", 6}});
    SaleDraft d;
    d.cart = &tooMany;
    d.payments = {{PaymentMethod::Cash, 330000, ""}};
    d.cashierId = "U1";
    d.openShiftIfNone = true;
    EXPECT_THROW(store->commitSale(d, now), UserError);
    EXPECT_FALSE(store->openShift());
    EXPECT_EQ(store->lastEventSeq(), eventsBefore);
    auto ok = cartOf({{"P2", 1}});
    d.cart = &ok;
    d.payments = {{PaymentMethod::Cash, 55000, ""}};
    const auto sale = store->commitSale(d, now);
    ASSERT_TRUE(store->openShift());
    EXPECT_EQ(store->openShift()->id, sale.shiftId);
}

TEST_F(StoreTest, PartialThenFullReturnRefundsExactlyTheNet)
{
    auto cart = cartOf({{"P3", 3}});
    cart.setCartDiscount(Discount::amount(1000)); // 59 000 over 3 units: not divisible
    const auto sale = sell(cart, {{PaymentMethod::Cash, 59000, ""}});
    ReturnDraft d;
    d.originalReceiptNo = sale.receiptNo;
    d.cashierId = "U1";
    d.lines = {{0, "P3", 1}};
    const auto r1 = store->commitReturn(d, now);
    EXPECT_EQ(r1.receiptNo, "HK01-T1-000002");
    EXPECT_EQ(r1.total, 19667);
    d.lines = {{0, "P3", 3}};
    EXPECT_THROW(store->commitReturn(d, now), UserError); // only 2 left
    d.lines.clear();                                     // everything left
    const auto r2 = store->commitReturn(d, now);
    EXPECT_EQ(r1.total + r2.total, sale.total);
    EXPECT_EQ(store->onHand("P3"), 100);
    EXPECT_THROW(store->commitReturn(d, now), UserError);
    const auto loaded = store->returnByReceipt(r2.receiptNo);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->originalReceiptNo, sale.receiptNo);
    EXPECT_EQ(loaded->total, r2.total);
}

TEST_F(StoreTest, ReturnOfUnknownReceiptOrProductIsRejected)
{
    ReturnDraft d;
    d.originalReceiptNo = "HK01-T1-999999";
    d.cashierId = "U1";
    EXPECT_THROW(store->commitReturn(d, now), UserError);
    auto cart = cartOf({{"P3", 1}});
    const auto sale = sell(cart, {{PaymentMethod::Cash, 20000, ""}});
    d.originalReceiptNo = sale.receiptNo;
    d.lines = {{0, "P1", 1}};
    EXPECT_THROW(store->commitReturn(d, now), UserError);
}

TEST_F(StoreTest, ZReportBalancesTheDrawer)
{
    auto c1 = cartOf({{"P1", 1}});
    sell(c1, {{PaymentMethod::Cash, 200000, ""}}); // 108 000, change 92 000
    auto c2 = cartOf({{"P2", 2}});
    sell(c2, {{PaymentMethod::Card, 110000, "VCB123"}});
    auto c3 = cartOf({{"P3", 1}});
    const auto s3 = sell(c3, {{PaymentMethod::Cash, 20000, ""}});
    ReturnDraft d;
    d.originalReceiptNo = s3.receiptNo;
    d.cashierId = "U1";
    store->commitReturn(d, now);

    // float 500 000 + cash 108 000 + 20 000 - refund 20 000 = 608 000
    const auto z = store->closeShift(shift, {{500000, 1}, {100000, 1}, {5000, 1}}, now + 1000);
    EXPECT_EQ(z.salesCount, 3);
    EXPECT_EQ(z.salesTotal, 238000);
    EXPECT_EQ(z.salesByMethod.at(PaymentMethod::Cash), 128000);
    EXPECT_EQ(z.salesByMethod.at(PaymentMethod::Card), 110000);
    EXPECT_EQ(z.returnsCount, 1);
    EXPECT_EQ(z.refundsByMethod.at(PaymentMethod::Cash), 20000);
    EXPECT_EQ(z.expectedCash, 608000);
    EXPECT_EQ(z.countedCash, 605000);
    EXPECT_EQ(z.variance, -3000);
    EXPECT_FALSE(store->openShift());
    const auto again = store->closedShiftReport(shift);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->variance, -3000);
    EXPECT_THROW(store->closeShift(shift, {}, now), UserError);
}

TEST_F(StoreTest, BadCashCountIsRejected)
{
    EXPECT_THROW(store->closeShift(shift, {{300000, 1}}, now), UserError);
    EXPECT_THROW(store->closeShift(shift, {{100000, -1}}, now), UserError);
    EXPECT_TRUE(store->openShift());
}

TEST_F(StoreTest, PinLockoutAfterFiveWrongTries)
{
    EXPECT_EQ(store->authenticate("U1", "1111", now).name, "Nguyễn Thị Lan");
    for (int i = 0; i < 4; ++i)
        EXPECT_THROW(store->authenticate("U1", "0000", now), UserError);
    EXPECT_THROW(store->authenticate("U1", "0000", now), UserError); // fifth: locks
    try {
        store->authenticate("U1", "1111", now + 1000);
        FAIL() << "a locked user logged in";
    } catch (const UserError& e) {
        EXPECT_NE(std::string(e.what()).find("locked"), std::string::npos);
    }
    EXPECT_EQ(store->authenticate("U1", "1111", now + 5 * 60 * 1000 + 1).id, "U1");
}

TEST_F(StoreTest, DayReportUsesHanoiDays)
{
    auto c1 = cartOf({{"P3", 1}});
    sell(c1, {{PaymentMethod::Cash, 50000, ""}});
    const auto r = store->dayReport("2026-11-23");
    EXPECT_EQ(r.salesCount, 1);
    EXPECT_EQ(r.salesTotal, 20000);
    EXPECT_EQ(r.salesByMethod.at(PaymentMethod::Cash), 20000);
    EXPECT_EQ(store->dayReport("2026-11-24").salesCount, 0);
    EXPECT_THROW(store->dayReport("23/11/2026"), UserError);
}

// A day is its sales' times, not a run of receipt numbers: a clock put back
// across midnight leaves a sale of the 23rd among the 24th's receipts.
TEST_F(StoreTest, DayReportFollowsSaleTimesAcrossAClockPutBack)
{
    const TimestampMs day23 = now, day24 = now + 60 * 60 * 1000; // 23:30 on the 23rd, 00:30 on the 24th
    auto sellAt = [&](TimestampMs at, const char* code, std::int64_t qty, PaymentMethod m, Money paid) {
        now = at;
        auto c = cartOf({{code, qty}});
        sell(c, {{m, paid, m == PaymentMethod::Cash ? "" : "REF"}});
    };
    sellAt(day23, "P3", 1, PaymentMethod::Cash, 50000);      // 20.000 đ, receipt 1
    sellAt(day24, "P3", 2, PaymentMethod::Card, 40000);      // receipt 2
    sellAt(day23 + 60'000, "P3", 3, PaymentMethod::Cash, 60000); // receipt 3, clock put back
    sellAt(day24 + 60'000, "P3", 1, PaymentMethod::EWallet, 20000); // receipt 4
    const auto r23 = store->dayReport("2026-11-23");
    EXPECT_EQ(r23.salesCount, 2);
    EXPECT_EQ(r23.salesTotal, 80000);
    EXPECT_EQ(r23.itemsSold, 4);
    EXPECT_EQ(r23.salesByMethod.at(PaymentMethod::Cash), 80000);
    EXPECT_EQ(r23.salesByMethod.count(PaymentMethod::Card), 0u);
    const auto r24 = store->dayReport("2026-11-24");
    EXPECT_EQ(r24.salesCount, 2);
    EXPECT_EQ(r24.salesTotal, 60000);
    EXPECT_EQ(r24.itemsSold, 3);
    EXPECT_EQ(r24.salesByMethod.at(PaymentMethod::Card), 40000);
    EXPECT_EQ(r24.salesByMethod.at(PaymentMethod::EWallet), 20000);
    EXPECT_EQ(r24.salesByMethod.count(PaymentMethod::Cash), 0u);
}

TEST(StoreOpen, MissingFileIsNotCreatedForOpenExisting)
{
    const auto p = fs::temp_directory_path() / "ocop-store-missing" / "terminal.db";
    fs::remove_all(p.parent_path());
    EXPECT_THROW(Store::open(p.string(), Store::OpenMode::OpenExisting), UserError);
    EXPECT_FALSE(fs::exists(p));
}

TEST(StoreOpen, AnEmptyExistingFileIsNotMadeIntoATerminal)
{
    const auto dir = fs::temp_directory_path() / ("ocop-store-empty-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto empty = dir / "terminal.db";
    { std::ofstream out(empty); }
    EXPECT_THROW(Store::open(empty.string(), Store::OpenMode::OpenExisting), UserError);
    EXPECT_EQ(fs::file_size(empty), 0u);
    fs::remove_all(dir);
}

TEST(StoreOpen, ForeignAndDamagedFilesAreLeftUntouched)
{
    const auto dir = fs::temp_directory_path() / ("ocop-store-foreign-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto garbage = dir / "garbage.db";
    {
        std::ofstream out(garbage, std::ios::binary);
        out << std::string(4096, '\x5a');
    }
    const auto before = readAll(garbage);
    EXPECT_THROW(Store::open(garbage.string(), Store::OpenMode::OpenExisting), StorageError);
    EXPECT_EQ(readAll(garbage), before);

    const auto foreign = dir / "foreign.db";
    sqlite3* db = nullptr;
    sqlite3_open(foreign.c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    const auto foreignBefore = readAll(foreign);
    EXPECT_THROW(Store::open(foreign.string(), Store::OpenMode::OpenExisting), StorageError);
    EXPECT_EQ(readAll(foreign), foreignBefore);
    fs::remove_all(dir);
}

// A terminal that has sold under schema 3 keeps every sale, return and event
// when 0004 rebuilds the sales, sale_lines and outbox tables under it.
TEST(StoreUpgrade, SchemaThreeDataSurvivesTheLeanWritesMigration)
{
    const fs::path dir = fs::temp_directory_path() / ("ocop-store-upgrade-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string path = (dir / "terminal.db").string();
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        auto exec = [&](const std::string& sql) {
            char* err = nullptr;
            ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "") << sql;
        };
        exec("PRAGMA journal_mode=WAL");
        exec("BEGIN");
        for (const auto& m : terminalMigrations())
            if (m.version <= 3)
                exec(std::string(m.sql));
        exec("PRAGMA user_version=3");
        exec("PRAGMA application_id=" + std::to_string(0x4F434F50)); // as Store writes it
        exec("INSERT INTO users(id, name, role, pin_hash) VALUES ('u1', 'Lan', 'cashier', 'x')");
        exec("INSERT INTO shifts(id, cashier_id, opened_at, opening_float) VALUES ('s1', 'u1', 1000, 0)");
        exec("INSERT INTO sales(id, receipt_no, receipt_seq, shift_id, cashier_id, cashier_name, created_at, gross, "
             "discount, total, vat, paid, change_due) VALUES "
             "('sale-b', 'HK01-T1-000002', 2, 's1', 'u1', 'Lan', 2000, 55000, 0, 55000, 5000, 55000, 0), "
             "('sale-a', 'HK01-T1-000001', 1, 's1', 'u1', 'Lan', 1500, 271000, 0, 271000, 21000, 300000, 29000)");
        // Lines written out of order: the new ids must follow receipt and line order.
        exec("INSERT INTO sale_lines(sale_id, line_no, product_code, name, quantity, unit_price, gross, discount, "
             "net, vat_rate, vat, lot) VALUES "
             "('sale-b', 1, 'P2', 'Giỏ mây', 1, 55000, 55000, 0, 55000, 10, 5000, ''), "
             "('sale-a', 2, 'P2', 'Giỏ mây', 1, 55000, 55000, 0, 55000, 10, 5000, ''), "
             "('sale-a', 1, 'P1', 'Bình gốm', 2, 108000, 216000, 0, 216000, 8, 16000, 'L7')");
        // Split, stored out of tender order: the sale's row must keep pay_no order (0007).
        exec("INSERT INTO sale_payments(sale_id, pay_no, method, amount, reference) VALUES "
             "('sale-b', 2, 1, 25000, ''), ('sale-a', 1, 1, 300000, ''), ('sale-b', 1, 3, 30000, 'VCB \"7\"')");
        exec("INSERT INTO returns(id, receipt_no, receipt_seq, sale_id, shift_id, cashier_id, cashier_name, "
             "created_at, total, vat) VALUES ('ret-1', 'HK01-T1-000003', 3, 'sale-a', 's1', 'u1', 'Lan', 2500, "
             "55000, 5000)");
        exec("INSERT INTO return_lines(return_id, sale_line_no, product_code, name, quantity, unit_price, vat_rate, "
             "refund, vat) VALUES ('ret-1', 2, 'P2', 'Giỏ mây', 1, 55000, 10, 55000, 5000)");
        exec("INSERT INTO return_refunds(return_id, pay_no, method, amount) VALUES ('ret-1', 1, 1, 55000)");
        exec("INSERT INTO outbox(seq, uuid, type, created_at, payload, status, error) VALUES "
             "(1, 'e1', 'shift.opened', 1000, '{}', 'acked', ''), "
             "(2, 'e2', 'sale.completed', 1500, '{}', 'quarantined', 'bad sale'), "
             "(3, 'e3', 'sale.completed', 2000, '{}', 'pending', ''), "
             "(4, 'e4', 'sale.returned', 2500, '{}', 'pending', '')");
        // The ledger as schema 3 kept it: a sale moved stock by one row per line.
        exec("INSERT INTO stock_movements(product_code, lot, quantity, kind, reference, created_at) VALUES "
             "('P1', '', 10, 'opening', '', 900), ('P2', '', 10, 'opening', '', 900), "
             "('P1', 'L7', -2, 'sale', 'HK01-T1-000001', 1500), ('P2', '', -1, 'sale', 'HK01-T1-000001', 1500), "
             "('P2', '', -1, 'sale', 'HK01-T1-000002', 2000), ('P2', '', 1, 'return', 'HK01-T1-000003', 2500)");
        exec("UPDATE sequences SET value = 3 WHERE name = 'receipt'");
        exec("UPDATE sequences SET value = 4 WHERE name = 'event'");
        exec("COMMIT");
        sqlite3_close(db);
    }

    auto store = Store::open(path, Store::OpenMode::OpenExisting);
    EXPECT_EQ(store->schemaVersion(), static_cast<int>(terminalMigrations().size()));
    TerminalSettings s;
    s.pointCode = "HK01";
    s.terminalCode = "T1";
    store->saveSettings(s);

    const auto a = store->saleByReceipt("HK01-T1-000001");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->id, "sale-a");
    EXPECT_EQ(a->total, 271000);
    ASSERT_EQ(a->lines.size(), 2u);
    EXPECT_EQ(a->lines[0].lineNo, 1);
    EXPECT_EQ(a->lines[0].productCode, "P1");
    EXPECT_EQ(a->lines[0].lot, "L7");
    EXPECT_EQ(a->lines[1].lineNo, 2);
    ASSERT_EQ(a->payments.size(), 1u);
    EXPECT_EQ(a->payments[0].amount, 300000);
    const auto b = store->saleByReceipt("HK01-T1-000002");
    ASSERT_TRUE(b.has_value());
    ASSERT_EQ(b->lines.size(), 1u);
    EXPECT_EQ(b->lines[0].productCode, "P2");
    ASSERT_EQ(b->payments.size(), 2u);
    EXPECT_EQ(b->payments[0].method, PaymentMethod::Card);
    EXPECT_EQ(b->payments[0].amount, 30000);
    EXPECT_EQ(b->payments[0].reference, "VCB \"7\"");
    EXPECT_EQ(b->payments[1].method, PaymentMethod::Cash);
    EXPECT_EQ(b->payments[1].amount, 25000);
    const auto ret = store->returnByReceipt("HK01-T1-000003");
    ASSERT_TRUE(ret.has_value());
    EXPECT_EQ(ret->originalReceiptNo, "HK01-T1-000001");
    EXPECT_EQ(ret->originalSaleId, "sale-a");
    EXPECT_EQ(store->returnedQuantities(a->receiptSeq), (std::map<int, std::int64_t>{{2, 1}}));
    EXPECT_TRUE(store->returnedQuantities(b->receiptSeq).empty());
    EXPECT_FALSE(store->saleByReceipt("HK01-T9-000001").has_value()) << "the seq matches, the number does not";
    EXPECT_FALSE(store->saleByReceipt("HK01-T1-").has_value());

    const auto recent = store->recentSales(10);
    ASSERT_EQ(recent.size(), 2u);
    EXPECT_EQ(recent[0].receiptNo, "HK01-T1-000002");
    EXPECT_EQ(recent[1].items, 3);

    EXPECT_EQ(store->nextReceiptNo(), "HK01-T1-000004") << "numbering goes on after the return";
    EXPECT_EQ(store->lastEventSeq(), 4);
    const auto pending = store->pendingEvents(10);
    ASSERT_EQ(pending.size(), 2u);
    EXPECT_EQ(pending[0].seq, 3);
    EXPECT_EQ(pending[1].seq, 4);
    const auto quarantined = store->quarantinedEvents(10);
    ASSERT_EQ(quarantined.size(), 1u);
    EXPECT_EQ(quarantined[0].error, "bad sale");
    // Stock sold is now read from the lines: the same on-hand as before.
    EXPECT_EQ(store->onHand("P1"), 8);
    EXPECT_EQ(store->onHand("P2"), 9);
    store.reset();

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, nullptr);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE) << "every line, payment and return still points at its sale";
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db,
                       "SELECT group_concat(kind || ' ' || product_code || ' ' || lot || ' ' || quantity || ' ' || "
                       "reference, '; ') FROM (SELECT * FROM stock_movements ORDER BY created_at, product_code)",
                       -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))),
              "opening P1  10 ; opening P2  10 ; sale P1 L7 -2 HK01-T1-000001; sale P2  -1 HK01-T1-000001; "
              "sale P2  -1 HK01-T1-000002; return P2  1 HK01-T1-000003")
        << "every movement, each once, in the one view";
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "SELECT first_receipt_seq FROM shifts WHERE id = 's1'", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(st, 0), 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
    fs::remove_all(dir);
}
