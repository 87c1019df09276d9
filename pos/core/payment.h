#pragma once
// Tendering: which payments may settle a total, and the change due.
#include "core/money.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

enum class PaymentMethod : int { Cash = 1, BankTransfer = 2, Card = 3, EWallet = 4 };

std::string_view paymentMethodKey(PaymentMethod m); // "cash", "bank_transfer", "card", "ewallet"
std::string_view paymentMethodNameVi(PaymentMethod m);
std::string_view paymentMethodNameEn(PaymentMethod m);
// Accepts the keys and the short forms "bank", "transfer", "wallet".
std::optional<PaymentMethod> paymentMethodFromKey(std::string_view key);

struct Payment {
    PaymentMethod method = PaymentMethod::Cash;
    Money amount = 0;
    std::string reference; // card slip / transfer / wallet transaction id
};

// Cash buttons a cashier taps most, in đồng.
inline constexpr std::array<Money, 6> kQuickCashAmounts{10'000, 20'000, 50'000, 100'000, 200'000, 500'000};

struct Settlement {
    Money total = 0;
    Money paid = 0;
    Money change = 0;
};

// The amount still owed after `payments` (0 when covered).
Money amountDue(Money total, const std::vector<Payment>& payments);

// Validates that payments settle total: every amount positive, non-cash never
// above what is owed (change is given only from cash), the sum covers the
// total. Throws UserError with the reason otherwise.
Settlement settle(Money total, const std::vector<Payment>& payments);

} // namespace ocop
