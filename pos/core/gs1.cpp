#include "core/gs1.h"

#include "core/ascii.h"
#include "core/errors.h"
#include "core/gtin.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

namespace ocop::scan {

namespace {

using ascii::hexValue;
using ascii::lower;
using ascii::startsWithNoCase;

constexpr char kGs = '\x1d';

enum class Content : std::uint8_t {
    Numeric,     // N
    Cset82,      // X: the GS1 AI encodable character set 82
    Cset39,      // Y: the GS1 AI encodable character set 39 (8010)
    Check,       // N whose last digit is the GS1 mod-10 check digit of the rest
    Check14Tail, // N14 with its check digit, then more digits (8006, 8026)
    Check13X,    // N13 with its check digit, then CSET 82 (253)
    Check13N,    // N13 with its check digit, then digits (255)
    Check14X,    // N14 with its check digit, then CSET 82 (8003)
    Iso3X,       // N3 (ISO 3166/4217 code), then CSET 82
    Date,        // YYMMDD where DD=00 means "month only"
    DateStrict,  // YYMMDD with a real day
    DateTime,    // YYMMDD then HH, MM, SS as far as the value goes
    DateRange,   // YYMMDD or YYMMDDYYMMDD
};

// One AI, or a family of four-digit AIs like 310n: `prefix` is then the
// first two digits, the third digit runs thirdLo..thirdHi and the fourth
// 0..fourthHi.
struct AiSpec {
    std::string_view prefix;
    std::uint8_t digits;
    std::uint8_t minLen, maxLen;
    Content content;
    char thirdLo = 0, thirdHi = 0, fourthHi = 0;

    bool fixed() const { return minLen == maxLen; }
    bool matches(std::string_view ai) const
    {
        if (ai.size() != digits)
            return false;
        if (prefix.size() == digits)
            return ai == prefix;
        return ai.substr(0, 2) == prefix && ai[2] >= thirdLo && ai[2] <= thirdHi && ai[3] >= '0' && ai[3] <= fourthHi;
    }
};

using C = Content;
// GS1 General Specifications, section 3.2 (the AIs a retail or traceability
// label can carry; the newer ship-to and healthcare AIs are left out until a
// label needs them, and an AI not listed is refused as unknown).
constexpr AiSpec kAis[] = {
    {"00", 2, 18, 18, C::Check},        // SSCC
    {"01", 2, 14, 14, C::Check},        // GTIN
    {"02", 2, 14, 14, C::Check},        // GTIN of contained trade items
    {"10", 2, 1, 20, C::Cset82},        // batch/lot
    {"11", 2, 6, 6, C::Date},           // production date
    {"12", 2, 6, 6, C::Date},           // due date
    {"13", 2, 6, 6, C::Date},           // packaging date
    {"15", 2, 6, 6, C::Date},           // best before
    {"16", 2, 6, 6, C::Date},           // sell by
    {"17", 2, 6, 6, C::Date},           // expiry
    {"20", 2, 2, 2, C::Numeric},        // variant
    {"21", 2, 1, 20, C::Cset82},        // serial
    {"22", 2, 1, 20, C::Cset82},        // consumer product variant
    {"235", 3, 1, 28, C::Cset82},       // third-party controlled serial
    {"240", 3, 1, 30, C::Cset82},       // additional product id
    {"241", 3, 1, 30, C::Cset82},       // customer part number
    {"242", 3, 1, 6, C::Numeric},       // made-to-order variation
    {"243", 3, 1, 20, C::Cset82},       // packaging component number
    {"250", 3, 1, 30, C::Cset82},       // secondary serial
    {"251", 3, 1, 30, C::Cset82},       // reference to source entity
    {"253", 3, 13, 30, C::Check13X},    // GDTI
    {"254", 3, 1, 20, C::Cset82},       // GLN extension
    {"255", 3, 13, 25, C::Check13N},    // GCN
    {"30", 2, 1, 8, C::Numeric},        // variable count
    {"31", 4, 6, 6, C::Numeric, '0', '6', '5'}, // trade measures 310n-316n
    {"32", 4, 6, 6, C::Numeric, '0', '9', '5'}, // 320n-329n
    {"33", 4, 6, 6, C::Numeric, '0', '7', '5'}, // 330n-337n
    {"34", 4, 6, 6, C::Numeric, '0', '9', '5'}, // 340n-349n
    {"35", 4, 6, 6, C::Numeric, '0', '7', '5'}, // 350n-357n
    {"36", 4, 6, 6, C::Numeric, '0', '9', '5'}, // 360n-369n
    {"37", 2, 1, 8, C::Numeric},        // count of trade items
    {"39", 4, 1, 15, C::Numeric, '0', '0', '9'}, // amount payable 390n
    {"39", 4, 4, 18, C::Numeric, '1', '1', '9'}, // 391n: ISO currency + amount
    {"39", 4, 1, 15, C::Numeric, '2', '2', '9'}, // 392n
    {"39", 4, 4, 18, C::Numeric, '3', '3', '9'}, // 393n: ISO currency + price
    {"39", 4, 4, 4, C::Numeric, '4', '4', '3'},  // 394n: percent discount
    {"39", 4, 6, 6, C::Numeric, '5', '5', '5'},  // 395n: price per unit
    {"400", 3, 1, 30, C::Cset82},       // customer's order number
    {"401", 3, 1, 30, C::Cset82},       // GINC
    {"402", 3, 17, 17, C::Check},       // GSIN
    {"403", 3, 1, 30, C::Cset82},       // routing code
    {"410", 3, 13, 13, C::Check},       // ship to GLN
    {"411", 3, 13, 13, C::Check},       // bill to
    {"412", 3, 13, 13, C::Check},       // purchased from
    {"413", 3, 13, 13, C::Check},       // ship for
    {"414", 3, 13, 13, C::Check},       // physical location
    {"415", 3, 13, 13, C::Check},       // invoicing party
    {"416", 3, 13, 13, C::Check},       // production or service location
    {"417", 3, 13, 13, C::Check},       // party GLN
    {"420", 3, 1, 20, C::Cset82},       // ship-to postal code
    {"421", 3, 4, 12, C::Iso3X},        // ship-to postal code with country
    {"422", 3, 3, 3, C::Numeric},       // country of origin
    {"423", 3, 3, 15, C::Numeric},      // countries of initial processing
    {"424", 3, 3, 3, C::Numeric},       // country of processing
    {"425", 3, 3, 15, C::Numeric},      // countries of disassembly
    {"426", 3, 3, 3, C::Numeric},       // country of full process chain
    {"427", 3, 1, 3, C::Cset82},        // country subdivision of origin
    {"7001", 4, 13, 13, C::Numeric},    // NATO stock number
    {"7002", 4, 1, 30, C::Cset82},      // UN/ECE meat carcass classification
    {"7003", 4, 10, 10, C::DateTime},   // expiry date and time
    {"7004", 4, 1, 4, C::Numeric},      // active potency
    {"7005", 4, 1, 12, C::Cset82},      // catch area
    {"7006", 4, 6, 6, C::DateStrict},   // first freeze date
    {"7007", 4, 6, 12, C::DateRange},   // harvest date
    {"7008", 4, 1, 3, C::Cset82},       // species for fishery purposes
    {"7009", 4, 1, 10, C::Cset82},      // fishing gear type
    {"7010", 4, 1, 2, C::Cset82},       // production method
    {"7011", 4, 6, 10, C::DateTime},    // test by date
    {"7020", 4, 1, 20, C::Cset82},      // refurbishment lot
    {"7021", 4, 1, 20, C::Cset82},      // functional status
    {"7022", 4, 1, 20, C::Cset82},      // revision status
    {"7023", 4, 1, 30, C::Cset82},      // GIAI of an assembly
    {"70", 4, 4, 30, C::Iso3X, '3', '3', '9'}, // 703s: processor approval number
    {"7040", 4, 4, 4, C::Cset82},       // GS1 UIC with extension
    {"710", 3, 1, 20, C::Cset82},       // national healthcare reimbursement numbers
    {"711", 3, 1, 20, C::Cset82},
    {"712", 3, 1, 20, C::Cset82},
    {"713", 3, 1, 20, C::Cset82},
    {"714", 3, 1, 20, C::Cset82},
    {"715", 3, 1, 20, C::Cset82},
    {"716", 3, 1, 20, C::Cset82},
    {"72", 4, 3, 30, C::Cset82, '3', '3', '9'}, // 723s: certification reference
    {"7240", 4, 1, 20, C::Cset82},      // protocol id
    {"8001", 4, 14, 14, C::Numeric},    // roll products
    {"8002", 4, 1, 20, C::Cset82},      // mobile phone id
    {"8003", 4, 14, 30, C::Check14X},   // GRAI
    {"8004", 4, 1, 30, C::Cset82},      // GIAI
    {"8005", 4, 6, 6, C::Numeric},      // price per unit of measure
    {"8006", 4, 18, 18, C::Check14Tail}, // ITIP
    {"8007", 4, 1, 34, C::Cset82},      // IBAN
    {"8008", 4, 8, 12, C::DateTime},    // date and time of production
    {"8009", 4, 1, 50, C::Cset82},      // optically readable sensor indicator
    {"8010", 4, 1, 30, C::Cset39},      // CPID
    {"8011", 4, 1, 12, C::Numeric},     // CPID serial
    {"8012", 4, 1, 20, C::Cset82},      // software version
    {"8013", 4, 1, 25, C::Cset82},      // GMN
    {"8017", 4, 18, 18, C::Check},      // GSRN provider
    {"8018", 4, 18, 18, C::Check},      // GSRN recipient
    {"8019", 4, 1, 10, C::Numeric},     // SRIN
    {"8020", 4, 1, 25, C::Cset82},      // payment slip reference
    {"8026", 4, 18, 18, C::Check14Tail}, // ITIP content
    {"8110", 4, 1, 70, C::Cset82},      // coupon code (North America)
    {"8111", 4, 4, 4, C::Numeric},      // loyalty points
    {"8112", 4, 1, 70, C::Cset82},      // paperless coupon code
    {"8200", 4, 1, 70, C::Cset82},      // extended packaging URL
    {"90", 2, 1, 30, C::Cset82},        // mutually agreed
    {"91", 2, 1, 90, C::Cset82},        // company internal 91-99
    {"92", 2, 1, 90, C::Cset82},
    {"93", 2, 1, 90, C::Cset82},
    {"94", 2, 1, 90, C::Cset82},
    {"95", 2, 1, 90, C::Cset82},
    {"96", 2, 1, 90, C::Cset82},
    {"97", 2, 1, 90, C::Cset82},
    {"98", 2, 1, 90, C::Cset82},
    {"99", 2, 1, 90, C::Cset82},
};

const AiSpec* findAi(std::string_view ai)
{
    for (const auto& s : kAis)
        if (s.matches(ai))
            return &s;
    return nullptr;
}

// GS1 General Specifications figure 7.8.5-2: AIs starting with these two
// digits have a length fixed by the standard itself, so readers never need a
// separator after them.
bool predefinedPrefix(std::string_view ai)
{
    if (ai.size() < 2 || !isAllDigits(ai.substr(0, 2)))
        return false;
    const int p = (ai[0] - '0') * 10 + (ai[1] - '0');
    return (p >= 0 && p <= 4) || (p >= 11 && p <= 20) || (p >= 31 && p <= 36) || p == 41;
}

bool isCset82(unsigned char c)
{
    // GS1 General Specifications figure 7.11-1: printable ASCII without
    // space, # $ @ [ \ ] ^ ` { | } ~.
    if (c >= '0' && c <= '9')
        return true;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
        return true;
    static constexpr std::string_view kPunct = "!\"%&'()*+,-./:;<=>?_";
    return c != 0 && kPunct.find(static_cast<char>(c)) != std::string_view::npos;
}

bool isCset39(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '#' || c == '-' || c == '/';
}

// A character shown in a reason: printable ASCII as itself, anything else as
// \xNN, so a control character never breaks the one-line reason.
std::string shown(unsigned char c)
{
    if (c >= 0x20 && c < 0x7f)
        return std::string(1, static_cast<char>(c));
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02X", c);
    return buf;
}

std::string shown(std::string_view s, std::size_t limit = 24)
{
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < limit; ++i)
        out += shown(static_cast<unsigned char>(s[i]));
    if (s.size() > limit)
        out += "...";
    return out;
}

[[noreturn]] void fail(std::string_view ai, const std::string& what)
{
    throw UserError("GS1 AI " + std::string(ai) + ": " + what);
}

int twoDigits(std::string_view s, std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

bool isLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int lastDayOfMonth(int y, int m)
{
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

// GS1 General Specifications 7.12: a two-digit year lies within 49 years
// before and 50 years after the current year.
int fullYear(int yy, std::chrono::sys_days today)
{
    const int current = static_cast<int>(std::chrono::year_month_day(today).year());
    int century = current - current % 100;
    const int diff = yy - current % 100;
    if (diff >= 51)
        century -= 100;
    else if (diff <= -50)
        century += 100;
    return century + yy;
}

Gs1Date parseDate(std::string_view ai, std::string_view yymmdd, bool monthOnlyAllowed, std::chrono::sys_days today)
{
    Gs1Date d;
    const int yy = twoDigits(yymmdd, 0);
    d.month = twoDigits(yymmdd, 2);
    const int dd = twoDigits(yymmdd, 4);
    if (d.month < 1 || d.month > 12)
        fail(ai, "month " + std::string(yymmdd.substr(2, 2)) + " is not a month");
    d.year = fullYear(yy, today);
    const int last = lastDayOfMonth(d.year, d.month);
    if (dd == 0) {
        if (!monthOnlyAllowed)
            fail(ai, "day 00 is not a day");
        d.day = last;
        d.dayUnspecified = true;
    } else if (dd > last) {
        char ym[16];
        std::snprintf(ym, sizeof ym, "%04d-%02d", d.year, d.month);
        fail(ai, "day " + std::string(yymmdd.substr(4, 2)) + " is not in " + ym);
    } else {
        d.day = dd;
    }
    return d;
}

void checkTime(std::string_view ai, std::string_view hhmmss)
{
    if (hhmmss.size() % 2 != 0)
        fail(ai, "the time after the date must be whole HH, MM and SS pairs");
    static constexpr int kLimit[] = {23, 59, 59};
    static constexpr const char* kName[] = {"hour", "minute", "second"};
    for (std::size_t i = 0; i < hhmmss.size() / 2 && i < 3; ++i) {
        const int v = twoDigits(hhmmss, i * 2);
        if (v > kLimit[i])
            fail(ai, std::string(kName[i]) + " " + std::string(hhmmss.substr(i * 2, 2)) + " is out of range");
    }
}

void checkDigits(std::string_view ai, std::string_view value, std::size_t from, std::size_t to)
{
    for (std::size_t i = from; i < to && i < value.size(); ++i)
        if (value[i] < '0' || value[i] > '9')
            fail(ai, "'" + shown(static_cast<unsigned char>(value[i])) + "' at position " + std::to_string(i + 1) +
                         " is not a digit");
}

void checkCset82(std::string_view ai, std::string_view value, std::size_t from)
{
    for (std::size_t i = from; i < value.size(); ++i)
        if (!isCset82(static_cast<unsigned char>(value[i])))
            fail(ai, "character '" + shown(static_cast<unsigned char>(value[i])) +
                         "' is not in the GS1 character set 82");
}

void checkCheckDigit(std::string_view ai, std::string_view digits)
{
    const int expected = gtinCheckDigit(digits.substr(0, digits.size() - 1));
    if (digits.back() - '0' != expected)
        fail(ai, std::string("bad check digit ") + digits.back() + ", expected " + std::to_string(expected));
}

bool isNumericContent(Content c)
{
    switch (c) {
    case C::Numeric: case C::Check: case C::Check14Tail: case C::Check13N:
    case C::Date: case C::DateStrict: case C::DateTime: case C::DateRange:
        return true;
    default:
        return false;
    }
}

std::optional<Gs1Date> validate(const AiSpec& spec, std::string_view ai, std::string_view v, std::chrono::sys_days today)
{
    const char* unit = isNumericContent(spec.content) ? "digits" : "characters";
    if (v.empty())
        fail(ai, "empty value");
    if (spec.fixed() && v.size() != spec.maxLen)
        fail(ai, "needs " + std::to_string(spec.maxLen) + " " + unit + ", got " + std::to_string(v.size()));
    if (v.size() < spec.minLen)
        fail(ai, "needs at least " + std::to_string(spec.minLen) + " " + unit + ", got " + std::to_string(v.size()));
    if (v.size() > spec.maxLen)
        fail(ai, "at most " + std::to_string(spec.maxLen) + " " + unit + " allowed, got " + std::to_string(v.size()));
    switch (spec.content) {
    case C::Numeric:
        checkDigits(ai, v, 0, v.size());
        return std::nullopt;
    case C::Cset82:
        checkCset82(ai, v, 0);
        return std::nullopt;
    case C::Cset39:
        for (unsigned char c : v)
            if (!isCset39(c))
                fail(ai, "character '" + shown(c) + "' is not in the GS1 character set 39");
        return std::nullopt;
    case C::Check:
        checkDigits(ai, v, 0, v.size());
        checkCheckDigit(ai, v);
        return std::nullopt;
    case C::Check14Tail:
        checkDigits(ai, v, 0, v.size());
        checkCheckDigit(ai, v.substr(0, 14));
        return std::nullopt;
    case C::Check13X:
        checkDigits(ai, v, 0, 13);
        checkCheckDigit(ai, v.substr(0, 13));
        checkCset82(ai, v, 13);
        return std::nullopt;
    case C::Check13N:
        checkDigits(ai, v, 0, v.size());
        checkCheckDigit(ai, v.substr(0, 13));
        return std::nullopt;
    case C::Check14X:
        checkDigits(ai, v, 0, 14);
        checkCheckDigit(ai, v.substr(0, 14));
        checkCset82(ai, v, 14);
        return std::nullopt;
    case C::Iso3X:
        checkDigits(ai, v, 0, 3);
        checkCset82(ai, v, 3);
        return std::nullopt;
    case C::Date:
        checkDigits(ai, v, 0, v.size());
        return parseDate(ai, v, true, today);
    case C::DateStrict:
        checkDigits(ai, v, 0, v.size());
        parseDate(ai, v, false, today);
        return std::nullopt;
    case C::DateTime:
        checkDigits(ai, v, 0, v.size());
        parseDate(ai, v.substr(0, 6), false, today);
        checkTime(ai, v.substr(6));
        return std::nullopt;
    case C::DateRange:
        checkDigits(ai, v, 0, v.size());
        if (v.size() != 6 && v.size() != 12)
            fail(ai, "needs a date (6 digits) or a date range (12 digits), got " + std::to_string(v.size()) + " digits");
        parseDate(ai, v.substr(0, 6), false, today);
        if (v.size() == 12)
            parseDate(ai, v.substr(6, 6), false, today);
        return std::nullopt;
    }
    return std::nullopt;
}

// The AI at the start of `s`: GS1 AIs are prefix-free, so at most one of the
// 2-, 3- and 4-digit readings is defined.
const AiSpec* aiAt(std::string_view s, std::size_t pos, std::size_t& aiLen)
{
    for (std::size_t len = 2; len <= 4 && pos + len <= s.size(); ++len) {
        const auto cand = s.substr(pos, len);
        if (!isAllDigits(cand))
            break;
        if (const AiSpec* spec = findAi(cand)) {
            aiLen = len;
            return spec;
        }
    }
    if (pos < s.size() && (s[pos] < '0' || s[pos] > '9'))
        throw UserError("GS1: expected an AI at position " + std::to_string(pos + 1) + ", found '" +
                        shown(static_cast<unsigned char>(s[pos])) + "'");
    throw UserError("GS1: unknown AI at \"" + shown(s.substr(pos, 4)) + "\"");
}

using Elements = std::vector<std::pair<std::string, std::string>>;

// AIs run together; GS ends a variable-length value.
Elements parseRaw(std::string_view s)
{
    Elements out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        if (s[pos] == kGs)
            throw UserError("GS1: empty element at position " + std::to_string(pos + 1) + " (two separators in a row)");
        std::size_t aiLen = 0;
        const AiSpec* spec = aiAt(s, pos, aiLen);
        const std::string ai(s.substr(pos, aiLen));
        pos += aiLen;
        std::size_t end = s.find(kGs, pos);
        if (end == std::string_view::npos)
            end = s.size();
        if (spec->fixed() && end - pos > spec->maxLen) {
            // The value has its fixed length; what follows is the next AI
            // (predefined-length prefixes) or must be a separator.
            end = pos + spec->maxLen;
            if (!predefinedPrefix(ai))
                fail(ai, "needs " + std::to_string(spec->maxLen) + " characters and then a separator");
        }
        out.emplace_back(ai, std::string(s.substr(pos, end - pos)));
        pos = end;
        if (pos < s.size() && s[pos] == kGs)
            ++pos; // a trailing separator is harmless
    }
    if (out.empty())
        throw UserError("GS1: no element strings");
    return out;
}

bool aiOpenAt(std::string_view s, std::size_t j, std::size_t* closeAt = nullptr)
{
    if (j >= s.size() || s[j] != '(')
        return false;
    std::size_t k = j + 1;
    while (k < s.size() && k - j - 1 < 5 && s[k] >= '0' && s[k] <= '9')
        ++k;
    if (k >= s.size() || s[k] != ')' || k - j - 1 < 2 || k - j - 1 > 4 || !findAi(s.substr(j + 1, k - j - 1)))
        return false;
    if (closeAt)
        *closeAt = k;
    return true;
}

// "(01)09520123456788(10)ABC1": a value runs to the next "(AI)" of a known
// AI, since '(' and ')' are themselves allowed in CSET 82 values.
Elements parseHumanReadable(std::string_view s)
{
    Elements out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t close = 0;
        if (!aiOpenAt(s, pos, &close)) {
            if (s[pos] == '(') {
                const auto c = s.find(')', pos);
                throw UserError("GS1: unknown AI (" +
                                shown(s.substr(pos + 1, c == std::string_view::npos ? 4 : c - pos - 1), 6) + ")");
            }
            throw UserError("GS1: expected '(' at position " + std::to_string(pos + 1));
        }
        const std::string ai(s.substr(pos + 1, close - pos - 1));
        const AiSpec* spec = findAi(ai);
        const std::size_t start = close + 1;
        std::size_t next = start;
        while (next < s.size() && !aiOpenAt(s, next))
            ++next;
        // A fixed-length value followed by a well-formed next element keeps
        // its exact length even if it happens to contain "(NN)".
        if (spec->fixed() && start + spec->maxLen <= s.size() &&
            (start + spec->maxLen == s.size() || aiOpenAt(s, start + spec->maxLen)))
            next = start + spec->maxLen;
        out.emplace_back(ai, std::string(s.substr(start, next - start)));
        pos = next;
    }
    if (out.empty())
        throw UserError("GS1: no element strings");
    return out;
}

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string percentDecode(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        const int hi = i + 1 < s.size() ? hexValue(s[i + 1]) : -1;
        const int lo = i + 2 < s.size() ? hexValue(s[i + 2]) : -1;
        if (hi < 0 || lo < 0)
            throw UserError("GS1 Digital Link: bad percent-encoding in \"" + shown(s) + "\"");
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string percentEncode(std::string_view s)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

// GS1 Digital Link 1.2, section 4: primary keys and the key qualifiers that
// may follow each in the path, as alternative sequences.
struct PrimaryKey {
    std::string_view ai;
    std::vector<std::vector<std::string_view>> qualifiers;
};

const std::vector<PrimaryKey>& primaryKeys()
{
    // Order matters for toDigitalLink: a trade item's GTIN wins.
    static const std::vector<PrimaryKey> keys{
        {"01", {{"22", "10", "21"}, {"235"}}},
        {"8006", {{"22", "10", "21"}}},
        {"00", {}},
        {"414", {{"254"}, {"7040"}}},
        {"417", {{"7040"}}},
        {"8004", {}},
        {"8003", {}},
        {"253", {}},
        {"255", {}},
        {"401", {}},
        {"402", {}},
        {"8010", {{"8011"}}},
        {"8013", {}},
        {"8017", {{"8019"}}},
        {"8018", {{"8019"}}},
    };
    return keys;
}

const PrimaryKey* primaryKey(std::string_view ai)
{
    for (const auto& k : primaryKeys())
        if (k.ai == ai)
            return &k;
    return nullptr;
}

// Digital Link 1.0 short names, still accepted by resolvers.
std::string_view fromAlias(std::string_view seg)
{
    static constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
        {"gtin", "01"}, {"cpv", "22"},  {"lot", "10"},   {"ser", "21"},   {"sscc", "00"},  {"gln", "414"},
        {"glnx", "254"}, {"giai", "8004"}, {"grai", "8003"}, {"gsrn", "8018"}, {"gsrnp", "8017"}, {"gdti", "253"},
        {"gcn", "255"}, {"ginc", "401"}, {"gsin", "402"}, {"cpid", "8010"}, {"cpsn", "8011"}, {"gmn", "8013"},
        {"itip", "8006"}, {"srin", "8019"},
    };
    for (const auto& [alias, ai] : kAliases)
        if (seg == alias)
            return ai;
    return seg;
}

struct UriParts {
    std::string_view authority;
    std::vector<std::string_view> segments; // raw, not yet decoded
    std::string_view query;
};

bool splitHttpUri(std::string_view uri, UriParts& parts)
{
    std::size_t after;
    if (startsWithNoCase(uri, "https://"))
        after = 8;
    else if (startsWithNoCase(uri, "http://"))
        after = 7;
    else
        return false;
    if (auto hash = uri.find('#'); hash != std::string_view::npos)
        uri = uri.substr(0, hash);
    std::string_view rest = uri.substr(after);
    std::string_view pathAndQuery;
    const auto slash = rest.find_first_of("/?");
    parts.authority = rest.substr(0, slash);
    pathAndQuery = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    std::string_view path = pathAndQuery;
    if (const auto q = pathAndQuery.find('?'); q != std::string_view::npos) {
        path = pathAndQuery.substr(0, q);
        parts.query = pathAndQuery.substr(q + 1);
    }
    parts.segments.clear();
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        const auto next = path.find('/', i);
        const auto end = next == std::string_view::npos ? path.size() : next;
        parts.segments.push_back(path.substr(i, end - i));
        i = end;
    }
    return true;
}


} // namespace

std::string Gs1Date::iso() const
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

const std::string* Gs1Data::find(std::string_view ai) const
{
    for (const auto& [a, v] : elements)
        if (a == ai)
            return &v;
    return nullptr;
}

bool isKnownGs1Ai(std::string_view ai) { return findAi(ai) != nullptr; }

bool gs1AiHasPredefinedLength(std::string_view ai) { return predefinedPrefix(ai); }

std::optional<Gs1Date> validateGs1Element(std::string_view ai, std::string_view value, std::chrono::sys_days today)
{
    const AiSpec* spec = findAi(ai);
    if (!spec)
        throw UserError("GS1: unknown AI " + shown(ai, 6));
    return validate(*spec, ai, value, today);
}

Gs1Data gs1FromElements(Elements elements, std::chrono::sys_days today)
{
    Gs1Data d;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        const auto& [ai, value] = elements[i];
        const auto date = validateGs1Element(ai, value, today);
        for (std::size_t j = 0; j < i; ++j)
            if (elements[j].first == ai && elements[j].second != value)
                throw UserError("GS1 AI " + ai + " appears twice with different values");
        if (ai == "01" || ai == "02")
            d.gtin14 = value;
        else if (ai == "10")
            d.lot = value;
        else if (ai == "21")
            d.serial = value;
        else if (ai == "11")
            d.production = date;
        else if (ai == "13")
            d.packaging = date;
        else if (ai == "15")
            d.bestBefore = date;
        else if (ai == "16")
            d.sellBy = date;
        else if (ai == "17")
            d.expiry = date;
    }
    const auto has = [&](std::string_view ai) {
        return std::any_of(elements.begin(), elements.end(), [&](const auto& e) { return e.first == ai; });
    };
    // A GTIN names either the item itself (01) or what a logistic unit
    // contains (02), never both (General Specifications 4.13, invalid pairs).
    if (has("01") && has("02"))
        throw UserError("GS1: AIs 01 and 02 cannot appear together");
    d.elements = std::move(elements);
    return d;
}

Gs1Data parseGs1ElementString(std::string_view text, std::chrono::sys_days today)
{
    for (std::string_view id : {"]Q3", "]d2", "]C1", "]e0", "]J1"})
        if (startsWith(text, id)) {
            text.remove_prefix(id.size());
            break;
        }
    if (text.empty())
        throw UserError("GS1: empty element string");
    if (text.front() == '(')
        return gs1FromElements(parseHumanReadable(text), today);
    // '^' is outside CSET 82, so it can only be the caret notation's FNC1.
    std::string raw(text);
    std::replace(raw.begin(), raw.end(), '^', kGs);
    std::string_view s = raw;
    if (!s.empty() && s.front() == kGs)
        s.remove_prefix(1); // FNC1 in first position, sent as GS by some readers
    if (s.empty())
        throw UserError("GS1: empty element string");
    return gs1FromElements(parseRaw(s), today);
}

bool looksLikeDigitalLink(std::string_view uri)
{
    UriParts parts;
    if (!splitHttpUri(uri, parts))
        return false;
    for (std::size_t i = 0; i + 1 < parts.segments.size(); ++i)
        if (primaryKey(fromAlias(parts.segments[i])))
            return true;
    return false;
}

namespace {

// The link read with its primary key at segment `pkIndex`.
Gs1Data parseDigitalLinkAt(const UriParts& parts, std::size_t pkIndex, std::chrono::sys_days today)
{
    const auto& segs = parts.segments;
    Elements elements;
    const PrimaryKey& key = *primaryKey(fromAlias(segs[pkIndex]));
    std::string keyValue = percentDecode(segs[pkIndex + 1]);
    if (key.ai == "01") {
        // GTIN-8, -12 and -13 appear unpadded in URIs; the element is GTIN-14.
        if (!isAllDigits(keyValue) ||
            (keyValue.size() != 8 && keyValue.size() != 12 && keyValue.size() != 13 && keyValue.size() != 14))
            throw UserError("GS1 Digital Link: the GTIN \"" + shown(keyValue) + "\" must be 8, 12, 13 or 14 digits");
        keyValue.insert(0, 14 - keyValue.size(), '0');
    }
    elements.emplace_back(std::string(key.ai), keyValue);

    // Qualifiers: one of the key's sequences, in its order, each at most once.
    const std::vector<std::string_view>* sequence = nullptr;
    std::size_t nextInSequence = 0;
    for (std::size_t i = pkIndex + 2; i < segs.size(); i += 2) {
        const std::string_view q = fromAlias(segs[i]);
        if (!sequence) {
            for (const auto& seq : key.qualifiers)
                if (std::find(seq.begin(), seq.end(), q) != seq.end())
                    sequence = &seq;
            if (!sequence)
                throw UserError("GS1 Digital Link: " + shown(q, 8) + " is not a key qualifier of " + std::string(key.ai));
        }
        const auto at = std::find(sequence->begin() + static_cast<std::ptrdiff_t>(nextInSequence), sequence->end(), q);
        if (at == sequence->end()) {
            if (std::find(sequence->begin(), sequence->end(), q) != sequence->end())
                throw UserError("GS1 Digital Link: key qualifier " + std::string(q) + " is out of order or repeated");
            throw UserError("GS1 Digital Link: " + shown(q, 8) + " is not a key qualifier of " + std::string(key.ai) +
                            " here");
        }
        nextInSequence = static_cast<std::size_t>(at - sequence->begin()) + 1;
        elements.emplace_back(std::string(q), percentDecode(segs[i + 1]));
    }

    // Data attributes: numeric query keys are AIs; anything else (linkType,
    // tracking parameters) is for the resolver and ignored here.
    std::string_view query = parts.query;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view param = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (param.empty())
            continue;
        const auto eq = param.find('=');
        const std::string_view name = param.substr(0, eq);
        if (!isAllDigits(name))
            continue;
        if (!findAi(name))
            throw UserError("GS1 Digital Link: query parameter " + shown(name, 8) + " is not a GS1 AI");
        const std::string value = eq == std::string_view::npos ? std::string() : percentDecode(param.substr(eq + 1));
        for (const auto& [ai, v] : elements)
            if (ai == name && v != value)
                throw UserError("GS1 AI " + ai + " appears twice with different values");
        if (std::none_of(elements.begin(), elements.end(), [&](const auto& e) { return e.first == name; }))
            elements.emplace_back(std::string(name), value);
    }
    return gs1FromElements(std::move(elements), today);
}

} // namespace

Gs1Data parseDigitalLink(std::string_view uri, std::chrono::sys_days today)
{
    UriParts parts;
    if (!splitHttpUri(uri, parts))
        throw UserError("GS1 Digital Link: not an http(s) URI");
    if (parts.authority.empty())
        throw UserError("GS1 Digital Link: the URI has no host");
    const auto& segs = parts.segments;
    // The path prefix is free, so "/gtin/x/01/..." may hold a key-like
    // segment before the real key: the first reading that holds wins, and
    // the first one's reason is reported when none does.
    std::optional<UserError> firstError;
    for (std::size_t i = 0; i + 1 < segs.size(); ++i) {
        if (!primaryKey(fromAlias(segs[i])) || (segs.size() - i) % 2 != 0)
            continue;
        try {
            return parseDigitalLinkAt(parts, i, today);
        } catch (const UserError& e) {
            if (!firstError)
                firstError = e;
        }
    }
    if (firstError)
        throw *firstError;
    for (const auto seg : segs)
        if (primaryKey(fromAlias(seg)))
            throw UserError("GS1 Digital Link: the path after /" + shown(seg, 8) + "/ is not in key/value pairs");
    throw UserError("GS1 Digital Link: no primary key (/01/, /gtin/, ...) in the path");
}

std::string formatElementString(const Elements& elements, Gs1Notation notation)
{
    std::string out;
    if (notation == Gs1Notation::HumanReadable) {
        for (const auto& [ai, value] : elements)
            out += "(" + ai + ")" + value;
        return out;
    }
    const char sep = notation == Gs1Notation::Caret ? '^' : kGs;
    if (notation == Gs1Notation::Caret)
        out += '^';
    for (std::size_t i = 0; i < elements.size(); ++i) {
        const auto& [ai, value] = elements[i];
        out += ai;
        out += value;
        const AiSpec* spec = findAi(ai);
        const bool selfDelimiting = spec && spec->fixed() && predefinedPrefix(ai);
        if (i + 1 < elements.size() && !selfDelimiting)
            out += sep;
    }
    return out;
}

std::string toDigitalLink(const Elements& elements, std::string_view host)
{
    const auto has = [&](std::string_view ai) -> const std::string* {
        for (const auto& [a, v] : elements)
            if (a == ai)
                return &v;
        return nullptr;
    };
    const PrimaryKey* key = nullptr;
    for (const auto& k : primaryKeys())
        if (has(k.ai)) {
            key = &k;
            break;
        }
    if (!key)
        throw UserError("GS1 Digital Link: no primary key (01, 00, 8004, ...) among the elements");
    std::string uri(host);
    while (!uri.empty() && uri.back() == '/')
        uri.pop_back();
    uri += "/" + std::string(key->ai) + "/" + percentEncode(*has(key->ai));
    std::vector<std::string_view> inPath{key->ai};
    // The first sequence with any qualifier present; 01's 22/10/21 before 235.
    for (const auto& seq : key->qualifiers) {
        if (std::none_of(seq.begin(), seq.end(), [&](std::string_view q) { return has(q) != nullptr; }))
            continue;
        for (std::string_view q : seq)
            if (const std::string* v = has(q)) {
                uri += "/" + std::string(q) + "/" + percentEncode(*v);
                inPath.push_back(q);
            }
        break;
    }
    char joiner = '?';
    for (const auto& [ai, value] : elements) {
        if (std::find(inPath.begin(), inPath.end(), ai) != inPath.end())
            continue;
        uri += joiner;
        uri += ai + "=" + percentEncode(value);
        joiner = '&';
    }
    return uri;
}

} // namespace ocop::scan
