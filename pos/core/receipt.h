#pragma once
// A receipt as printed: everything the renderer needs, already formatted
// where formatting is a business rule (numbers, local time, method names).
#include "core/money.h"
#include "core/sale.h"

#include <string>
#include <vector>

namespace ocop {

struct ShopHeader {
    std::string shopName;  // e.g. "Điểm bán sản phẩm OCOP Hoàn Kiếm"
    std::string address;
    std::string phone;
    std::string taxCode;
    std::string footer = "Cảm ơn quý khách! Hẹn gặp lại.";
};

struct ReceiptLine {
    std::string name;
    std::int64_t quantity = 0;
    Money unitPrice = 0;
    Money amount = 0;   // quantity * unitPrice (gross)
    Money discount = 0; // shown under the line when non-zero
    int vatRate = 0;
};

struct ReceiptPayment {
    std::string method; // Vietnamese label
    Money amount = 0;
    std::string reference;
};

struct Receipt {
    enum class Kind { Sale, Return } kind = Kind::Sale;
    ShopHeader header;
    std::string title; // "HÓA ĐƠN BÁN HÀNG" / "PHIẾU TRẢ HÀNG"
    std::string receiptNo;
    std::string originalReceiptNo; // for returns
    std::string pointCode;
    std::string terminalCode;
    std::string cashierName;
    std::string localTime; // "23/11/2026 21:05"
    std::vector<ReceiptLine> lines;
    Money gross = 0;
    Money discount = 0;
    Money total = 0;
    std::vector<VatLine> vatByRate;
    std::vector<ReceiptPayment> payments;
    Money paid = 0;
    Money change = 0;
    bool reprint = false;
    std::string qrPayload; // optional: printed as a QR code under the totals
    std::string qrCaption; // one line under that code
};

Receipt receiptForSale(const Sale& sale, const ShopHeader& header);
Receipt receiptForReturn(const SaleReturn& ret, const ShopHeader& header);

} // namespace ocop
