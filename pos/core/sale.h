#pragma once
// What a completed sale, a return and a closed shift are, as stored and as
// sent to the centre. Self-contained: names, prices and VAT as sold.
#include "core/cart.h"
#include "core/payment.h"
#include "core/timeutil.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ocop {

struct SaleLine {
    int lineNo = 0; // 1-based within the sale
    std::string productCode;
    std::string gtin;
    std::string name;
    std::string unit;
    std::int64_t quantity = 0;
    Money unitPrice = 0;
    Money gross = 0;
    Money discount = 0; // line discount plus its share of the cart discount
    Money net = 0;
    int vatRate = 0;
    Money vat = 0;
    std::string lot;               // empty unless the pack's GS1 code named one
    std::string lotExpiry;         // YYYY-MM-DD
    std::string expiredApprovedBy; // manager who approved selling an expired lot
};

struct Sale {
    std::string id; // UUIDv7
    std::string receiptNo; // POINT-TERMINAL-SEQ
    std::int64_t receiptSeq = 0;
    std::string pointCode;
    std::string terminalCode;
    std::string cashierId;
    std::string cashierName;
    std::string shiftId;
    std::string approvedBy; // manager who approved a discount over the limit
    TimestampMs createdAt = 0;
    std::vector<SaleLine> lines;
    std::vector<Payment> payments;
    Money gross = 0;
    Money discount = 0;
    Money total = 0;
    Money vat = 0;
    Money paid = 0;
    Money change = 0;
    std::vector<VatLine> vatByRate;
};

// Builds the sale lines from a cart's lines and totals (no ids or numbers).
Sale saleFromCart(const Cart& cart, const std::vector<Payment>& payments);

struct ReturnLine {
    int lineNo = 0; // the original sale's line
    std::string productCode;
    std::string name;
    std::int64_t quantity = 0;
    Money unitPrice = 0;
    int vatRate = 0;
    Money refund = 0; // share of the line's net for this quantity
    Money vat = 0;
    std::string lot;  // the sold line's lot, so the centre's ledger returns it to that lot
};

struct SaleReturn {
    std::string id;
    std::string receiptNo; // its own number from the terminal's receipt sequence
    std::int64_t receiptSeq = 0;
    std::string originalSaleId;
    std::string originalReceiptNo;
    std::string pointCode;
    std::string terminalCode;
    std::string cashierId;
    std::string cashierName;
    std::string shiftId;
    std::string reason;
    TimestampMs createdAt = 0;
    std::vector<ReturnLine> lines;
    std::vector<Payment> refunds;
    Money total = 0;
    Money vat = 0;
    std::vector<VatLine> vatByRate;
};

// The refund for returning `quantity` of a sold line of which `alreadyReturned`
// went back before: proportional to the line's net, and the last unit back
// takes the rounding remainder so a fully returned line refunds exactly its net.
Money refundForQuantity(const SaleLine& line, std::int64_t alreadyReturned, std::int64_t quantity);

// Vietnamese banknotes and coins in circulation, largest first.
inline constexpr std::int64_t kDenominations[] = {500'000, 200'000, 100'000, 50'000, 20'000, 10'000,
                                                  5'000,   2'000,   1'000,   500,    200};

struct ZReport {
    std::string shiftId;
    std::string cashierId;
    std::string cashierName;
    std::string pointCode;
    std::string terminalCode;
    TimestampMs openedAt = 0;
    TimestampMs closedAt = 0;
    Money openingFloat = 0;
    std::int64_t salesCount = 0;
    Money salesTotal = 0;
    std::map<PaymentMethod, Money> salesByMethod; // net of change
    std::int64_t returnsCount = 0;
    Money returnsTotal = 0;
    std::map<PaymentMethod, Money> refundsByMethod;
    Money discounts = 0;
    Money vat = 0;
    Money expectedCash = 0; // float + cash taken - change - cash refunds
    Money countedCash = 0;
    Money variance = 0;     // counted - expected
    std::map<std::int64_t, std::int64_t> countedByDenomination;
};

Money sumDenominations(const std::map<std::int64_t, std::int64_t>& counts);

} // namespace ocop
