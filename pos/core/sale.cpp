#include "core/sale.h"

#include "core/errors.h"

namespace ocop {

Sale saleFromCart(const Cart& cart, const std::vector<Payment>& payments)
{
    if (cart.empty())
        throw UserError("the cart is empty");
    const CartTotals totals = cart.totals();
    const Settlement settlement = settle(totals.total, payments);
    Sale sale;
    int lineNo = 0;
    for (std::size_t i = 0; i < cart.lines().size(); ++i) {
        const auto& cl = cart.lines()[i];
        const auto& lt = totals.lines[i];
        SaleLine line;
        line.lineNo = ++lineNo;
        line.productCode = cl.productCode;
        line.gtin = cl.gtin;
        line.name = cl.name;
        line.unit = cl.unit;
        line.quantity = cl.quantity;
        line.unitPrice = cl.unitPrice;
        line.gross = lt.gross;
        line.discount = lt.lineDiscount + lt.cartShare;
        line.net = lt.net;
        line.vatRate = cl.vatRate;
        line.vat = lt.vat;
        line.lot = cl.lot;
        line.lotExpiry = cl.lotExpiry;
        line.expiredApprovedBy = cl.expiredApprovedBy;
        sale.lines.push_back(std::move(line));
    }
    sale.payments = payments;
    sale.gross = totals.gross;
    sale.discount = totals.discountTotal();
    sale.total = totals.total;
    sale.vat = totals.vat;
    sale.vatByRate = totals.vatByRate;
    sale.paid = settlement.paid;
    sale.change = settlement.change;
    return sale;
}

Money refundForQuantity(const SaleLine& line, std::int64_t alreadyReturned, std::int64_t quantity)
{
    if (quantity <= 0)
        throw UserError("a return quantity must be at least 1");
    if (alreadyReturned + quantity > line.quantity)
        throw UserError("cannot return " + std::to_string(quantity) + " of " + line.name + ": " +
                        std::to_string(line.quantity - alreadyReturned) + " left to return");
    // Refund of the first k units = floor-ish share; computing both cumulative
    // ends keeps successive partial returns adding up to exactly line.net.
    const auto cumulative = [&](std::int64_t k) {
        return k == line.quantity ? line.net : divRoundHalfUp(line.net * k, line.quantity);
    };
    return cumulative(alreadyReturned + quantity) - cumulative(alreadyReturned);
}

Money sumDenominations(const std::map<std::int64_t, std::int64_t>& counts)
{
    Money total = 0;
    for (const auto& [value, count] : counts) {
        if (value <= 0 || count < 0)
            throw UserError("a cash count cannot be negative");
        total += value * count;
    }
    return total;
}

} // namespace ocop
