#include "core/errors.h"
#include "core/payment.h"

#include <gtest/gtest.h>

using namespace ocop;

TEST(Payment, CashGivesChange)
{
    const auto s = settle(125000, {{PaymentMethod::Cash, 200000, ""}});
    EXPECT_EQ(s.paid, 200000);
    EXPECT_EQ(s.change, 75000);
}

TEST(Payment, SplitPaymentCoversTotal)
{
    const auto s = settle(300000, {{PaymentMethod::Card, 200000, "REF1"}, {PaymentMethod::Cash, 150000, ""}});
    EXPECT_EQ(s.change, 50000);
}

TEST(Payment, ShortPaymentIsRejected)
{
    EXPECT_THROW(settle(300000, {{PaymentMethod::Cash, 299999, ""}}), UserError);
    EXPECT_THROW(settle(300000, {}), UserError);
}

TEST(Payment, NonCashCannotOverpay)
{
    EXPECT_THROW(settle(100000, {{PaymentMethod::Card, 150000, ""}}), UserError);
    EXPECT_THROW(settle(100000, {{PaymentMethod::BankTransfer, 60000, ""}, {PaymentMethod::EWallet, 60000, ""}}),
                 UserError);
    EXPECT_NO_THROW(settle(100000, {{PaymentMethod::Card, 100000, ""}}));
}

TEST(Payment, AmountsMustBePositive)
{
    EXPECT_THROW(settle(1000, {{PaymentMethod::Cash, 0, ""}, {PaymentMethod::Cash, 1000, ""}}), UserError);
    EXPECT_THROW(settle(1000, {{PaymentMethod::Cash, -1000, ""}, {PaymentMethod::Cash, 3000, ""}}), UserError);
}

TEST(Payment, AmountDue)
{
    EXPECT_EQ(amountDue(100000, {{PaymentMethod::Card, 30000, ""}}), 70000);
    EXPECT_EQ(amountDue(100000, {{PaymentMethod::Cash, 130000, ""}}), 0);
}

TEST(Payment, MethodKeysRoundTrip)
{
    for (auto m : {PaymentMethod::Cash, PaymentMethod::BankTransfer, PaymentMethod::Card, PaymentMethod::EWallet})
        EXPECT_EQ(paymentMethodFromKey(paymentMethodKey(m)), m);
    EXPECT_EQ(paymentMethodFromKey("bank"), PaymentMethod::BankTransfer);
    EXPECT_FALSE(paymentMethodFromKey("cheque").has_value());
}
