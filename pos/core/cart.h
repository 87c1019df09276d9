#pragma once
// The cart being rung up: lines, discounts and VAT. Pure arithmetic on int64
// đồng; nothing here touches storage.
#include "core/catalog.h"
#include "core/money.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ocop {

enum class DiscountKind { None, Amount, Percent };

struct Discount {
    DiscountKind kind = DiscountKind::None;
    std::int64_t value = 0; // đồng for Amount, whole percent (0..100) for Percent

    static Discount amount(Money v) { return {DiscountKind::Amount, v}; }
    static Discount percent(int p) { return {DiscountKind::Percent, p}; }
    // The đồng taken off `base`, never more than base.
    Money on(Money base) const;
};

struct CartLine {
    std::string productCode;
    std::string gtin;
    std::string name;
    std::string unit;
    int stars = 3;
    Money unitPrice = 0; // VAT-inclusive
    int vatRate = 8;
    std::int64_t quantity = 1;
    Discount discount;
    // From a GS1 code on the pack (AI 10 / 17): sold and returned per lot.
    std::string lot;
    std::string lotExpiry;         // YYYY-MM-DD, empty when the code carried none
    std::string expiredApprovedBy; // manager who let an expired lot be sold
};

// The lot a scanned pack belongs to, when its code says.
struct LotInfo {
    std::string lot;
    std::string expiry;            // YYYY-MM-DD or empty
    std::string expiredApprovedBy; // set only after a manager's override
};

struct VatLine {
    int rate = 0;
    Money gross = 0; // VAT-inclusive amount taxed at this rate, after discounts
    Money vat = 0;
};

struct LineTotals {
    Money gross = 0;        // unitPrice * quantity
    Money lineDiscount = 0; // the line's own discount
    Money cartShare = 0;    // its share of the cart discount
    Money net = 0;          // gross - lineDiscount - cartShare
    Money vat = 0;          // VAT in net, for display (VAT is computed per rate)
};

struct CartTotals {
    std::vector<LineTotals> lines;
    Money gross = 0;
    Money lineDiscounts = 0;
    Money cartDiscount = 0;
    Money total = 0;
    Money vat = 0;
    std::vector<VatLine> vatByRate; // ascending rate, only rates present
    std::int64_t itemCount = 0;

    Money discountTotal() const { return lineDiscounts + cartDiscount; }
    // Discount as a share of gross in basis points (1/100 %), for approval.
    std::int64_t discountBasisPoints() const;
};

class Cart {
public:
    static constexpr std::int64_t kMaxQuantity = 9999;

    // Adds qty of the product; an existing line of the same product without
    // its own discount grows instead. Returns the line index.
    // Lines are kept per lot: a pack of another lot gets its own line.
    std::size_t add(const Product& product, std::int64_t quantity = 1, const LotInfo& lot = {});
    void setQuantity(std::size_t index, std::int64_t quantity);
    void remove(std::size_t index);
    void setLineDiscount(std::size_t index, Discount d);
    void setCartDiscount(Discount d);
    void clear();

    const std::vector<CartLine>& lines() const { return m_lines; }
    const Discount& cartDiscount() const { return m_cartDiscount; }
    bool empty() const { return m_lines.empty(); }
    std::int64_t quantityOf(const std::string& productCode) const;

    CartTotals totals() const;

private:
    void checkIndex(std::size_t index) const;
    std::vector<CartLine> m_lines;
    Discount m_cartDiscount;
};

// Spreads `amount` over `weights` proportionally, largest remainder first, so
// the parts add up to exactly `amount`.
std::vector<Money> allocateProportionally(Money amount, const std::vector<Money>& weights);

// VAT per rate over net line amounts, each rounded half-up once per rate.
std::vector<VatLine> vatBreakdown(const std::vector<std::pair<int, Money>>& rateAndNet);

} // namespace ocop
