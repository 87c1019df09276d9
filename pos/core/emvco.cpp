#include "core/emvco.h"

#include "core/errors.h"
#include "core/gtin.h"
#include "core/text_fold.h"

#include <algorithm>
#include <cstdio>

namespace ocop::scan {

namespace {

// A byte or a short run shown in a reason: printable ASCII as itself,
// anything else as \xNN, so a reason stays one line.
std::string shown(std::string_view s, std::size_t limit = 24)
{
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        }
    }
    if (s.size() > limit)
        out += "...";
    return out;
}

std::size_t utf8Length(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if ((lead & 0xE0) == 0xC0)
        return 2;
    if ((lead & 0xF0) == 0xE0)
        return 3;
    if ((lead & 0xF8) == 0xF0)
        return 4;
    return 1; // a stray continuation or invalid byte counts as one
}

bool isAscii(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

EmvFields parseTlv(std::string_view data, bool countCharacters, const std::string& where)
{
    EmvFields out;
    std::size_t pos = 0;
    while (pos < data.size()) {
        if (data.size() - pos < 4)
            throw UserError("EMV QR: " + where + "truncated field \"" + shown(data.substr(pos)) + "\" at the end");
        const auto id = data.substr(pos, 2);
        const auto len = data.substr(pos + 2, 2);
        if (!isAllDigits(id))
            throw UserError("EMV QR: " + where + "field id \"" + shown(id) + "\" at position " +
                            std::to_string(pos + 1) + " is not two digits");
        if (!isAllDigits(len))
            throw UserError("EMV QR: " + where + "field " + std::string(id) + " has length \"" + shown(len) +
                            "\", not two digits");
        const std::size_t n = static_cast<std::size_t>((len[0] - '0') * 10 + (len[1] - '0'));
        if (n == 0)
            throw UserError("EMV QR: " + where + "field " + std::string(id) + " is empty");
        pos += 4;
        std::size_t end = pos;
        if (countCharacters) {
            std::size_t k = 0;
            for (; k < n && end < data.size(); ++k)
                end = std::min(data.size(), end + utf8Length(static_cast<unsigned char>(data[end])));
            if (k < n)
                end = data.size() + 1; // fewer characters than declared
        } else {
            end = pos + n;
        }
        if (end > data.size())
            throw UserError("EMV QR: " + where + "field " + std::string(id) + " runs past the end (" +
                            std::to_string(n) + " declared, " + std::to_string(data.size() - pos) + " left)");
        out.emplace_back(std::string(id), std::string(data.substr(pos, end - pos)));
        pos = end;
    }
    return out;
}

EmvFields parseTlvAnyLength(std::string_view data, const std::string& where)
{
    try {
        return parseTlv(data, false, where);
    } catch (const UserError&) {
        // Some generators count UTF-8 characters, not bytes, in lengths.
        if (isAscii(data))
            throw;
        try {
            return parseTlv(data, true, where);
        } catch (const UserError&) {
        }
        throw;
    }
}

const std::string* findField(const EmvFields& fields, std::string_view id)
{
    for (const auto& [i, v] : fields)
        if (i == id)
            return &v;
    return nullptr;
}

std::string tlv(std::string_view id, std::string_view value)
{
    char len[4];
    std::snprintf(len, sizeof len, "%02zu", value.size());
    return std::string(id) + len + std::string(value);
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto up = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; };
        if (up(a[i]) != up(b[i]))
            return false;
    }
    return true;
}

// Amount "12000", "12000.00" or "12000." in whole units; nullopt when it has
// a fraction. Throws when it is not an EMV amount at all.
std::optional<std::int64_t> parseAmount(std::string_view v)
{
    const auto dot = v.find('.');
    const auto whole = v.substr(0, dot);
    const auto fraction = dot == std::string_view::npos ? std::string_view{} : v.substr(dot + 1);
    if (v.size() > 13 || whole.empty() || !isAllDigits(whole) || (!fraction.empty() && !isAllDigits(fraction)))
        throw UserError("EMV QR: amount \"" + shown(v) + "\" is not a number of at most 13 characters");
    if (std::any_of(fraction.begin(), fraction.end(), [](char c) { return c != '0'; }))
        return std::nullopt;
    std::int64_t n = 0;
    for (char c : whole)
        n = n * 10 + (c - '0');
    return n;
}

bool isUpperLetter(char32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return true;
    if (cp >= 0xC0 && cp <= 0xDE)
        return cp != 0xD7;
    // Latin Extended-A pairs upper/lower as even/odd, except two runs that
    // start on an odd code point.
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return cp % 2 == 1;
    if (cp >= 0x100 && cp <= 0x17F)
        return cp % 2 == 0 || cp == 0x178;
    if (cp == 0x1A0 || cp == 0x1AF) // Ơ Ư
        return true;
    if (cp >= 0x1E00 && cp <= 0x1EFF) // Latin Extended Additional: ạ ả ấ ... ỹ
        return cp % 2 == 0;
    return cp >= 0xFF21 && cp <= 0xFF3A; // fullwidth A-Z
}

char32_t decode(std::string_view s)
{
    const auto b = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(s[i])); };
    switch (s.size()) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    case 4: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    default: return 0;
    }
}

} // namespace

std::uint16_t crc16CcittFalse(std::string_view bytes)
{
    std::uint16_t crc = 0xFFFF;
    for (unsigned char c : bytes) {
        crc = static_cast<std::uint16_t>(crc ^ (static_cast<std::uint16_t>(c) << 8));
        for (int bit = 0; bit < 8; ++bit)
            crc = static_cast<std::uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    return crc;
}

std::string crc16Hex(std::string_view bytes)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(crc16CcittFalse(bytes)));
    return buf;
}

EmvFields parseEmv(std::string_view data) { return parseTlvAnyLength(data, ""); }

bool looksLikeEmvPayload(std::string_view text) { return text.substr(0, 6) == "000201"; }

PaymentCode parsePaymentCode(std::string_view payload)
{
    if (!looksLikeEmvPayload(payload))
        throw UserError("EMV QR: a payment code starts with 000201");
    // The CRC is checked before the structure: any damage to a payment code
    // (a misread module, a truncated scan) shows as a bad checksum, which is
    // what the cashier needs to know.
    if (payload.size() < 14 || payload.substr(payload.size() - 8, 4) != "6304")
        throw UserError("EMV QR: no CRC field (6304) at the end");
    const auto given = payload.substr(payload.size() - 4);
    if (!equalsNoCase(given, crc16Hex(payload.substr(0, payload.size() - 4))))
        throw UserError("payment code with a bad checksum");

    PaymentCode pc;
    pc.fields = parseEmv(payload);
    const auto& fields = pc.fields;
    if (fields.back().first != "63" || fields.back().second.size() != 4)
        throw UserError("EMV QR: the CRC (63) is not the last field");
    if (fields.front().first != "00" || fields.front().second != "01")
        throw UserError("EMV QR: the payload format indicator (00) must come first and be 01");
    for (std::size_t i = 0; i < fields.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (fields[i].first == fields[j].first)
                throw UserError("EMV QR: field " + fields[i].first + " appears twice");

    for (const auto& [id, value] : fields) {
        const int n = std::stoi(id);
        if (id == "01") {
            if (value != "11" && value != "12")
                throw UserError("EMV QR: point of initiation (01) must be 11 or 12, got \"" + shown(value) + "\"");
            pc.dynamic = value == "12";
        } else if (n >= 26 && n <= 51) {
            const auto sub = parseTlvAnyLength(value, "field " + id + ": ");
            const std::string* guid = findField(sub, "00");
            if (!guid)
                throw UserError("EMV QR: merchant account template " + id + " has no GUID (00)");
            if (equalsNoCase(*guid, kVietQrGuid) && !pc.vietQr) {
                const std::string* beneficiary = findField(sub, "01");
                if (!beneficiary)
                    throw UserError("VietQR: template " + id + " has no beneficiary (01)");
                const auto ben = parseTlvAnyLength(*beneficiary, "field " + id + ".01: ");
                const std::string* bin = findField(ben, "00");
                const std::string* account = findField(ben, "01");
                if (!bin || bin->size() != 6 || !isAllDigits(*bin))
                    throw UserError("VietQR: the bank BIN (" + id + ".01.00) must be 6 digits");
                if (!account)
                    throw UserError("VietQR: no account number (" + id + ".01.01)");
                pc.vietQr = true;
                pc.guid = *guid;
                pc.bankBin = *bin;
                pc.account = *account;
                if (const std::string* service = findField(sub, "02"))
                    pc.service = *service;
            } else if (pc.guid.empty()) {
                pc.guid = *guid;
            }
        } else if (id == "52") {
            if (value.size() != 4 || !isAllDigits(value))
                throw UserError("EMV QR: merchant category code (52) must be 4 digits");
            pc.merchantCategory = value;
        } else if (id == "53") {
            if (value.size() != 3 || !isAllDigits(value))
                throw UserError("EMV QR: currency (53) must be a 3-digit ISO 4217 code");
            pc.currency = value;
        } else if (id == "54") {
            pc.amount = parseAmount(value);
        } else if (id == "58") {
            if (value.size() != 2)
                throw UserError("EMV QR: country (58) must be 2 letters");
            pc.country = value;
        } else if (id == "59") {
            pc.merchantName = value;
        } else if (id == "60") {
            pc.merchantCity = value;
        } else if (id == "62") {
            pc.additionalData = parseTlvAnyLength(value, "field 62: ");
            if (const std::string* purpose = findField(pc.additionalData, "08"))
                pc.purpose = *purpose;
        } else if (id == "64") {
            parseTlvAnyLength(value, "field 64: ");
        }
    }
    if (pc.currency == "704" && !pc.amount && findField(fields, "54"))
        throw UserError("EMV QR: amount " + shown(*findField(fields, "54")) + " has a fraction, VND has none");
    return pc;
}

std::string vietQrPurpose(std::string_view utf8)
{
    std::string out;
    bool pendingSpace = false;
    const auto put = [&](char c) {
        if (c == ' ') {
            pendingSpace = !out.empty();
            return;
        }
        if (pendingSpace)
            out += ' ';
        pendingSpace = false;
        out += c;
    };
    std::size_t i = 0;
    while (i < utf8.size()) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const std::size_t n = std::min(utf8Length(lead), utf8.size() - i);
        const std::string_view cp = utf8.substr(i, n);
        i += n;
        if (lead < 0x80) {
            const char c = static_cast<char>(lead);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                put(c);
            else if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                put(' ');
            continue;
        }
        // foldForSearch between two letters tells a letter (its ASCII
        // spelling), a mark (nothing) and a separator (a space) apart.
        const std::string folded = foldForSearch("a" + std::string(cp) + "a");
        if (folded.size() < 2)
            continue;
        const std::string middle = folded.substr(1, folded.size() - 2);
        const bool upper = isUpperLetter(decode(cp));
        for (std::size_t k = 0; k < middle.size(); ++k) {
            char c = middle[k];
            if (c == ' ') {
                put(' ');
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (upper && k == 0 && c >= 'a' && c <= 'z')
                    c = static_cast<char>(c - 'a' + 'A');
                put(c);
            }
        }
    }
    if (out.size() > 25)
        out.resize(25);
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

void validateVietQrAccount(std::string_view bankBin, std::string_view account)
{
    if (bankBin.size() != 6 || !isAllDigits(bankBin))
        throw UserError("VietQR: the bank BIN must be 6 digits, got \"" + shown(bankBin) + "\"");
    const bool accountOk = !account.empty() && account.size() <= 19 &&
                           std::all_of(account.begin(), account.end(), [](char c) {
                               return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
                           });
    if (!accountOk)
        throw UserError("VietQR: the account must be 1 to 19 letters or digits, got \"" + shown(account) + "\"");
}

std::string buildVietQr(const VietQrRequest& r)
{
    validateVietQrAccount(r.bankBin, r.account);
    if (r.amount < 0)
        throw UserError("VietQR: the amount must be positive");
    if (r.amount > 9'999'999'999'999)
        throw UserError("VietQR: the amount must be at most 13 digits");
    if (r.service != "QRIBFTTA" && r.service != "QRIBFTTC")
        throw UserError("VietQR: the service must be QRIBFTTA (account) or QRIBFTTC (card), got \"" +
                        shown(r.service) + "\"");
    if (!r.merchantCategory.empty() && (r.merchantCategory.size() != 4 || !isAllDigits(r.merchantCategory)))
        throw UserError("VietQR: the merchant category must be 4 digits");
    if (r.merchantName.size() > 25 || r.merchantCity.size() > 15)
        throw UserError("VietQR: the merchant name must be at most 25 characters and the city 15");
    const std::string purpose = vietQrPurpose(r.purpose);
    const bool dynamic = r.amount > 0;

    // 62: the purpose among the other sub-fields, all in ID order.
    EmvFields additional;
    for (const auto& [id, value] : r.additionalData) {
        if (id.size() != 2 || !isAllDigits(id) || id == "00" || id == "08")
            throw UserError("VietQR: additional data field \"" + shown(id) + "\" must be 01-99 other than 08");
        if (value.empty() || value.size() > 99)
            throw UserError("VietQR: additional data field " + id + " must be 1 to 99 characters");
        additional.emplace_back(id, value);
    }
    if (!purpose.empty())
        additional.emplace_back("08", purpose);
    std::stable_sort(additional.begin(), additional.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string additionalData;
    for (const auto& [id, value] : additional)
        additionalData += tlv(id, value);
    if (additionalData.size() > 99)
        throw UserError("VietQR: the additional data (62) must fit in 99 characters");

    std::string p = tlv("00", "01");
    p += tlv("01", dynamic ? "12" : "11");
    p += tlv("38", tlv("00", kVietQrGuid) + tlv("01", tlv("00", r.bankBin) + tlv("01", r.account)) +
                       tlv("02", r.service));
    if (!r.merchantCategory.empty())
        p += tlv("52", r.merchantCategory);
    p += tlv("53", "704");
    if (dynamic)
        p += tlv("54", std::to_string(r.amount));
    p += tlv("58", "VN");
    if (!r.merchantName.empty())
        p += tlv("59", r.merchantName);
    if (!r.merchantCity.empty())
        p += tlv("60", r.merchantCity);
    if (!additionalData.empty())
        p += tlv("62", additionalData);
    p += "6304";
    p += crc16Hex(p);
    return p;
}

} // namespace ocop::scan
