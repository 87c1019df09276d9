// EMVCo payloads and VietQR: no input may crash, hang or leak. The input is
// tried as it is (mostly a checksum failure), closed with a correct CRC (to
// reach the structure behind it), and as a purpose for a new VietQR code,
// which must read back exactly.
#include "core/emvco.h"
#include "core/errors.h"
#include "core/scan_code.h"
#include "fuzz_common.h"

#include <cstddef>
#include <cstdint>

using namespace ocop;
using namespace ocop::scan;

namespace {

void roundTrip(const PaymentCode& pc, std::string_view input)
{
    if (!pc.vietQr)
        return;
    VietQrRequest r;
    r.bankBin = pc.bankBin;
    r.account = pc.account;
    r.amount = pc.amount.value_or(0);
    r.purpose = pc.purpose;
    r.service = pc.service;
    r.merchantCategory = pc.merchantCategory;
    r.merchantName = pc.merchantName;
    r.merchantCity = pc.merchantCity;
    for (const auto& f : pc.additionalData)
        if (f.first != "08")
            r.additionalData.push_back(f);
    std::string payload;
    try {
        payload = buildVietQr(r);
    } catch (const UserError&) {
        return; // a parsed code may carry what this terminal would not write
    }
    const PaymentCode again = parsePaymentCode(payload);
    fuzz::require(again.bankBin == pc.bankBin && again.account == pc.account, "bank account lost", input);
    fuzz::require(again.purpose == vietQrPurpose(pc.purpose), "purpose lost", input);
    fuzz::require(again.amount.value_or(0) == r.amount, "amount lost", input);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)crc16CcittFalse(text);
    try {
        (void)parseEmv(text);
    } catch (const UserError&) {
    }
    try {
        roundTrip(parsePaymentCode(text), text);
    } catch (const UserError&) {
    }
    const std::string body = std::string(text) + "6304";
    try {
        roundTrip(parsePaymentCode(body + crc16Hex(body)), text);
    } catch (const UserError&) {
    }

    const std::string purpose = vietQrPurpose(text);
    fuzz::require(purpose.size() <= 25, "purpose longer than 25", text);
    for (char c : purpose)
        fuzz::require((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ',
                      "purpose outside A-Z a-z 0-9 space", text);
    VietQrRequest r;
    r.bankBin = "970415";
    r.account = "0011001932418";
    r.amount = static_cast<std::int64_t>(size) * 1000;
    r.purpose = std::string(text);
    const PaymentCode pc = parsePaymentCode(buildVietQr(r));
    fuzz::require(pc.vietQr && pc.purpose == purpose && pc.amount.value_or(0) == r.amount, "built code reads back wrong",
                  text);

    const ScanCode s = classifyScan(text, "", fuzz::kToday);
    fuzz::require(s.reason.find('\n') == std::string::npos, "reason is not one line", text);
    return 0;
}
