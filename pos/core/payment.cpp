#include "core/payment.h"

#include "core/errors.h"

namespace ocop {

std::string_view paymentMethodKey(PaymentMethod m)
{
    switch (m) {
    case PaymentMethod::Cash: return "cash";
    case PaymentMethod::BankTransfer: return "bank_transfer";
    case PaymentMethod::Card: return "card";
    case PaymentMethod::EWallet: return "ewallet";
    }
    return "cash";
}

std::string_view paymentMethodNameVi(PaymentMethod m)
{
    switch (m) {
    case PaymentMethod::Cash: return "Tiền mặt";
    case PaymentMethod::BankTransfer: return "Chuyển khoản";
    case PaymentMethod::Card: return "Thẻ";
    case PaymentMethod::EWallet: return "Ví điện tử";
    }
    return "Tiền mặt";
}

std::string_view paymentMethodNameEn(PaymentMethod m)
{
    switch (m) {
    case PaymentMethod::Cash: return "Cash";
    case PaymentMethod::BankTransfer: return "Bank transfer";
    case PaymentMethod::Card: return "Card";
    case PaymentMethod::EWallet: return "E-wallet";
    }
    return "Cash";
}

std::optional<PaymentMethod> paymentMethodFromKey(std::string_view key)
{
    if (key == "cash") return PaymentMethod::Cash;
    if (key == "bank_transfer" || key == "bank" || key == "transfer" || key == "vietqr") return PaymentMethod::BankTransfer;
    if (key == "card") return PaymentMethod::Card;
    if (key == "ewallet" || key == "wallet" || key == "e-wallet") return PaymentMethod::EWallet;
    return std::nullopt;
}

Money amountDue(Money total, const std::vector<Payment>& payments)
{
    Money paid = 0;
    for (const auto& p : payments)
        paid += p.amount;
    return paid >= total ? 0 : total - paid;
}

Settlement settle(Money total, const std::vector<Payment>& payments)
{
    if (total < 0)
        throw UserError("the total is negative");
    Money cash = 0;
    Money nonCash = 0;
    for (const auto& p : payments) {
        if (p.amount <= 0)
            throw UserError("a payment amount must be positive");
        if (p.amount > 1'000'000'000'000)
            throw UserError("a payment amount is implausibly large");
        (p.method == PaymentMethod::Cash ? cash : nonCash) += p.amount;
    }
    if (nonCash > total)
        throw UserError("card, transfer and e-wallet payments exceed the total; change is given only from cash");
    const Money paid = cash + nonCash;
    if (paid < total)
        throw UserError("payments of " + formatVnd(paid) + " do not cover the total of " + formatVnd(total));
    return {total, paid, paid - total};
}

} // namespace ocop
