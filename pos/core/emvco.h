#pragma once
// EMVCo merchant-presented QR payloads (EMV QRCPS 1.1) and VietQR, the NAPAS
// profile of it that every Vietnamese bank app scans. The terminal reads them
// so a customer's payment QR held to the scanner is never taken for a product,
// and writes them so the customer's bank app fills in the sales point's
// account, the sale's amount and its reference without typing.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocop::scan {

// The NAPAS VietQR GUID in merchant account information template 38.
inline constexpr std::string_view kVietQrGuid = "A000000727";

using EmvFields = std::vector<std::pair<std::string, std::string>>; // id, value in order

struct PaymentCode {
    bool vietQr = false;
    std::string guid;    // of the VietQR template, else of the first merchant account template
    bool dynamic = false; // point of initiation "12": made for one payment
    std::string bankBin, account, service; // VietQR consumer fields (38.01.00, 38.01.01, 38.02)
    std::optional<std::int64_t> amount;    // field 54 in whole units when it has no fraction
    std::string currency /* "704" */, country, merchantName, purpose /* 62.08 */;
    EmvFields fields; // top-level TLVs in order, 63 included
    std::string merchantCategory, merchantCity; // 52, 60
    EmvFields additionalData;                   // 62's sub-fields in order, 08 included
};

// CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no
// final XOR; crc16CcittFalse("123456789") == 0x29B1.
std::uint16_t crc16CcittFalse(std::string_view bytes);
// The CRC as field 63 carries it: four uppercase hex digits.
std::string crc16Hex(std::string_view bytes);

// One level of EMV "ID (2 digits), length (2 digits), value" fields. Lengths
// count bytes; a payload whose non-ASCII text only fits when lengths count
// characters (as some generators do) is read that way. Throws UserError.
EmvFields parseEmv(std::string_view data);

// True when the text starts like an EMVCo payload ("000201").
bool looksLikeEmvPayload(std::string_view text);

// A whole merchant-presented payload: "00" = "01" first, "63" (CRC over all
// that precedes its value, "6304" included) last, no field twice, nested
// templates (02-51 merchant accounts, 62 additional data, 64 language)
// well-formed. Throws UserError; a CRC mismatch is reported as exactly
// "payment code with a bad checksum".
PaymentCode parsePaymentCode(std::string_view payload);

struct VietQrRequest {
    std::string bankBin;             // 6 digits (NAPAS BIN)
    std::string account;             // account or card number: letters and digits, at most 19
    std::int64_t amount = 0;         // VND; 0 makes a static code (the payer types the amount)
    std::string purpose;             // any UTF-8; folded by vietQrPurpose
    std::string service = "QRIBFTTA"; // QRIBFTTA to an account, QRIBFTTC to a card
    // Fields some generators add (VietQR.io puts a bill number in 62.01),
    // so a parsed code can be written again exactly. Empty: left out.
    std::string merchantCategory, merchantName, merchantCity; // 52, 59, 60
    EmvFields additionalData; // 62 sub-fields other than 08
};

// Throws UserError naming what is wrong unless bankBin is 6 digits and
// account 1 to 19 letters or digits (what field 38 of a VietQR can carry).
void validateVietQrAccount(std::string_view bankBin, std::string_view account);

// A VietQR payload with fields 00, 01, 38, (52), 53, 54, 58, (59, 60),
// 62 (sub-fields in ID order, 08 the purpose) and 63, in that order; 54 only
// for an amount, 62 only when there is something to put in it. Throws
// UserError with a one-line reason for a bad BIN, account, amount, service or
// extra field.
std::string buildVietQr(const VietQrRequest& request);

// The purpose as banks accept it: Vietnamese folded to ASCII with case kept
// ("Đơn hàng số 12" -> "Don hang so 12"), characters outside A-Z a-z 0-9 and
// space dropped, spaces collapsed and trimmed, at most 25 characters.
std::string vietQrPurpose(std::string_view utf8);

} // namespace ocop::scan
