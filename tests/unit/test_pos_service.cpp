#include "core/errors.h"
#include "service/pos_service.h"

#include <gtest/gtest.h>

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
