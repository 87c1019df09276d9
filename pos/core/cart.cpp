#include "core/cart.h"

#include "core/errors.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace ocop {

Money Discount::on(Money base) const
{
    Money off = 0;
    switch (kind) {
    case DiscountKind::None: off = 0; break;
    case DiscountKind::Amount: off = value; break;
    case DiscountKind::Percent: off = divRoundHalfUp(base * value, 100); break;
    }
    return std::clamp<Money>(off, 0, std::max<Money>(base, 0));
}

static void validateDiscount(const Discount& d)
{
    if (d.kind == DiscountKind::Amount && d.value < 0)
        throw UserError("a discount cannot be negative");
    if (d.kind == DiscountKind::Percent && (d.value < 0 || d.value > 100))
        throw UserError("a percent discount must be between 0 and 100");
}

static void validateQuantity(std::int64_t q)
{
    if (q <= 0)
        throw UserError("quantity must be at least 1");
    if (q > Cart::kMaxQuantity)
        throw UserError("quantity is above " + std::to_string(Cart::kMaxQuantity));
}

std::size_t Cart::add(const Product& product, std::int64_t quantity, const LotInfo& lot)
{
    validateQuantity(quantity);
    if (!product.active)
        throw UserError("product " + product.code + " is not on sale");
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        auto& line = m_lines[i];
        if (line.productCode == product.code && line.discount.kind == DiscountKind::None && line.lot == lot.lot) {
            validateQuantity(line.quantity + quantity);
            line.quantity += quantity;
            if (!lot.expiredApprovedBy.empty())
                line.expiredApprovedBy = lot.expiredApprovedBy;
            return i;
        }
    }
    CartLine line;
    line.productCode = product.code;
    line.gtin = product.gtin;
    line.name = product.nameVi;
    line.unit = product.unit;
    line.stars = product.stars;
    line.unitPrice = product.price;
    line.vatRate = product.vatRate;
    line.quantity = quantity;
    line.lot = lot.lot;
    line.lotExpiry = lot.expiry;
    line.expiredApprovedBy = lot.expiredApprovedBy;
    m_lines.push_back(std::move(line));
    return m_lines.size() - 1;
}

void Cart::checkIndex(std::size_t index) const
{
    if (index >= m_lines.size())
        throw UserError("no such cart line");
}

void Cart::setQuantity(std::size_t index, std::int64_t quantity)
{
    checkIndex(index);
    validateQuantity(quantity);
    m_lines[index].quantity = quantity;
}

void Cart::remove(std::size_t index)
{
    checkIndex(index);
    m_lines.erase(m_lines.begin() + static_cast<std::ptrdiff_t>(index));
}

void Cart::setLineDiscount(std::size_t index, Discount d)
{
    checkIndex(index);
    validateDiscount(d);
    m_lines[index].discount = d;
}

void Cart::setCartDiscount(Discount d)
{
    validateDiscount(d);
    m_cartDiscount = d;
}

void Cart::clear()
{
    m_lines.clear();
    m_cartDiscount = {};
}

std::int64_t Cart::quantityOf(const std::string& productCode) const
{
    std::int64_t q = 0;
    for (const auto& l : m_lines)
        if (l.productCode == productCode)
            q += l.quantity;
    return q;
}

std::int64_t CartTotals::discountBasisPoints() const
{
    if (gross <= 0)
        return 0;
    return divRoundHalfUp(discountTotal() * 10000, gross);
}

std::vector<Money> allocateProportionally(Money amount, const std::vector<Money>& weights)
{
    std::vector<Money> parts(weights.size(), 0);
    const Money total = std::accumulate(weights.begin(), weights.end(), Money{0});
    if (total <= 0 || amount == 0)
        return parts;
    std::vector<std::pair<Money, std::size_t>> remainders;
    Money given = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        // amount and weights are far below 2^31 * 2^31 in practice (a cart
        // of 9999 x 10^9 đồng still fits int64 after the multiply).
        const Money exact = amount * weights[i];
        parts[i] = exact / total;
        remainders.emplace_back(exact % total, i);
        given += parts[i];
    }
    std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; given < amount && k < remainders.size(); ++k, ++given)
        ++parts[remainders[k].second];
    return parts;
}

std::vector<VatLine> vatBreakdown(const std::vector<std::pair<int, Money>>& rateAndNet)
{
    std::map<int, Money> byRate;
    for (const auto& [rate, net] : rateAndNet)
        byRate[rate] += net;
    std::vector<VatLine> out;
    for (const auto& [rate, gross] : byRate)
        out.push_back({rate, gross, vatIncluded(gross, rate)});
    return out;
}

CartTotals Cart::totals() const
{
    CartTotals t;
    std::vector<Money> afterLine;
    for (const auto& line : m_lines) {
        LineTotals lt;
        lt.gross = line.unitPrice * line.quantity;
        lt.lineDiscount = line.discount.on(lt.gross);
        afterLine.push_back(lt.gross - lt.lineDiscount);
        t.gross += lt.gross;
        t.lineDiscounts += lt.lineDiscount;
        t.itemCount += line.quantity;
        t.lines.push_back(lt);
    }
    const Money base = t.gross - t.lineDiscounts;
    t.cartDiscount = m_cartDiscount.on(base);
    const auto shares = allocateProportionally(t.cartDiscount, afterLine);
    std::vector<std::pair<int, Money>> rateAndNet;
    for (std::size_t i = 0; i < t.lines.size(); ++i) {
        auto& lt = t.lines[i];
        lt.cartShare = shares[i];
        lt.net = afterLine[i] - lt.cartShare;
        lt.vat = vatIncluded(lt.net, m_lines[i].vatRate);
        rateAndNet.emplace_back(m_lines[i].vatRate, lt.net);
    }
    t.total = base - t.cartDiscount;
    t.vatByRate = vatBreakdown(rateAndNet);
    for (const auto& v : t.vatByRate)
        t.vat += v.vat;
    return t;
}

} // namespace ocop
