#include "core/cart.h"
#include "core/errors.h"

#include <gtest/gtest.h>

using namespace ocop;

namespace {
Product make(const std::string& code, Money price, int vat)
{
    Product p;
    p.code = code;
    p.nameVi = "Sản phẩm " + code;
    p.price = price;
    p.vatRate = vat;
    return p;
}
} // namespace

TEST(Cart, AddMergesSameProductAndTotals)
{
    Cart cart;
    cart.add(make("A", 108000, 8));
    cart.add(make("A", 108000, 8), 2);
    cart.add(make("B", 55000, 10));
    ASSERT_EQ(cart.lines().size(), 2u);
    EXPECT_EQ(cart.lines()[0].quantity, 3);
    const auto t = cart.totals();
    EXPECT_EQ(t.gross, 3 * 108000 + 55000);
    EXPECT_EQ(t.total, t.gross);
    ASSERT_EQ(t.vatByRate.size(), 2u);
    EXPECT_EQ(t.vatByRate[0].rate, 8);
    EXPECT_EQ(t.vatByRate[0].vat, 24000);
    EXPECT_EQ(t.vatByRate[1].rate, 10);
    EXPECT_EQ(t.vatByRate[1].vat, 5000);
    EXPECT_EQ(t.vat, 29000);
    EXPECT_EQ(t.itemCount, 4);
}

TEST(Cart, VatIsRoundedOncePerRateNotPerLine)
{
    Cart cart;
    // Each line alone: 10000 * 8/108 = 740.74 -> 741; two lines at the
    // same rate: 20000 * 8/108 = 1481.48 -> 1481 (not 1482).
    cart.add(make("A", 10000, 8));
    cart.add(make("B", 10000, 8));
    EXPECT_EQ(cart.totals().vat, 1481);
}

TEST(Cart, LineAndCartDiscounts)
{
    Cart cart;
    cart.add(make("A", 100000, 8), 2);
    cart.add(make("B", 50000, 10));
    cart.setLineDiscount(0, Discount::percent(10)); // 20 000 off line A
    cart.setCartDiscount(Discount::amount(18000));   // spread over 180 000 + 50 000
    const auto t = cart.totals();
    EXPECT_EQ(t.gross, 250000);
    EXPECT_EQ(t.lineDiscounts, 20000);
    EXPECT_EQ(t.cartDiscount, 18000);
    EXPECT_EQ(t.total, 212000);
    EXPECT_EQ(t.lines[0].cartShare + t.lines[1].cartShare, 18000);
    EXPECT_EQ(t.lines[0].net + t.lines[1].net, t.total);
    // 18000 * 180/230 = 14086.96 -> 14087, and 3913 for B
    EXPECT_EQ(t.lines[0].cartShare, 14087);
    EXPECT_EQ(t.lines[1].cartShare, 3913);
    EXPECT_EQ(t.discountBasisPoints(), 1520); // 38 000 of 250 000
}

TEST(Cart, DiscountNeverExceedsAmount)
{
    Cart cart;
    cart.add(make("A", 30000, 8));
    cart.setCartDiscount(Discount::amount(50000));
    EXPECT_EQ(cart.totals().total, 0);
    EXPECT_EQ(cart.totals().cartDiscount, 30000);
}

TEST(Cart, RejectsBadQuantitiesAndDiscounts)
{
    Cart cart;
    EXPECT_THROW(cart.add(make("A", 1000, 8), 0), UserError);
    EXPECT_THROW(cart.add(make("A", 1000, 8), -1), UserError);
    EXPECT_THROW(cart.add(make("A", 1000, 8), Cart::kMaxQuantity + 1), UserError);
    EXPECT_TRUE(cart.empty());
    cart.add(make("A", 1000, 8));
    EXPECT_THROW(cart.setQuantity(0, 0), UserError);
    EXPECT_THROW(cart.setQuantity(3, 1), UserError);
    EXPECT_THROW(cart.setLineDiscount(0, Discount::percent(101)), UserError);
    EXPECT_THROW(cart.setCartDiscount(Discount::amount(-5)), UserError);
    EXPECT_EQ(cart.lines()[0].quantity, 1);
    auto inactive = make("B", 1000, 8);
    inactive.active = false;
    EXPECT_THROW(cart.add(inactive), UserError);
}

TEST(Cart, AllocationAddsUpExactly)
{
    for (Money amount : {0LL, 1LL, 7LL, 1000LL, 99999LL}) {
        const auto parts = allocateProportionally(amount, {3, 3, 3});
        Money sum = 0;
        for (auto p : parts)
            sum += p;
        EXPECT_EQ(sum, amount);
    }
}
