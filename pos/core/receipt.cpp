#include "core/receipt.h"

namespace ocop {

Receipt receiptForSale(const Sale& sale, const ShopHeader& header)
{
    Receipt r;
    r.kind = Receipt::Kind::Sale;
    r.header = header;
    r.title = "HÓA ĐƠN BÁN HÀNG";
    r.receiptNo = sale.receiptNo;
    r.pointCode = sale.pointCode;
    r.terminalCode = sale.terminalCode;
    r.cashierName = sale.cashierName;
    r.localTime = formatLocalDateTime(sale.createdAt);
    for (const auto& l : sale.lines)
        r.lines.push_back({l.name, l.quantity, l.unitPrice, l.gross, l.discount, l.vatRate});
    r.gross = sale.gross;
    r.discount = sale.discount;
    r.total = sale.total;
    r.vatByRate = sale.vatByRate;
    for (const auto& p : sale.payments)
        r.payments.push_back({std::string(paymentMethodNameVi(p.method)), p.amount, p.reference});
    r.paid = sale.paid;
    r.change = sale.change;
    return r;
}

Receipt receiptForReturn(const SaleReturn& ret, const ShopHeader& header)
{
    Receipt r;
    r.kind = Receipt::Kind::Return;
    r.header = header;
    r.title = "PHIẾU TRẢ HÀNG";
    r.receiptNo = ret.receiptNo;
    r.originalReceiptNo = ret.originalReceiptNo;
    r.pointCode = ret.pointCode;
    r.terminalCode = ret.terminalCode;
    r.cashierName = ret.cashierName;
    r.localTime = formatLocalDateTime(ret.createdAt);
    for (const auto& l : ret.lines)
        r.lines.push_back({l.name, l.quantity, l.unitPrice, l.unitPrice * l.quantity, l.unitPrice * l.quantity - l.refund, l.vatRate});
    r.gross = ret.total;
    r.total = ret.total;
    r.vatByRate = ret.vatByRate;
    for (const auto& p : ret.refunds)
        r.payments.push_back({std::string(paymentMethodNameVi(p.method)), p.amount, p.reference});
    r.paid = ret.total;
    return r;
}

} // namespace ocop
