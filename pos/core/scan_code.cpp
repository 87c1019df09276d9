#include "core/scan_code.h"

#include "core/ascii.h"
#include "core/errors.h"
#include "core/gtin.h"

#include <algorithm>
#include <array>
#include <optional>

namespace ocop::scan {

namespace {

using ascii::hexValue;
using ascii::lower;
using ascii::startsWithNoCase;

constexpr char kGs = '\x1d';

std::string lowered(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

bool endsWith(std::string_view s, std::string_view p)
{
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

bool isHttpUrl(std::string_view s) { return startsWithNoCase(s, "http://") || startsWithNoCase(s, "https://"); }

struct UrlParts {
    std::string host; // lowercased, no user info, default port, "www." or trailing dot
    std::string_view path;
    std::string_view query;
};

// Splits "scheme://user@host:port/path?query#fragment"; the scheme is
// optional so "hn.check.net.vn/OCOP-1" (a QR holding no scheme) works too.
UrlParts splitUrl(std::string_view url)
{
    UrlParts p;
    url = trimmed(url);
    if (const auto hash = url.find('#'); hash != std::string_view::npos)
        url = url.substr(0, hash);
    const auto sep = url.find("://");
    if (sep != std::string_view::npos && url.find_first_of("/?") > sep)
        url.remove_prefix(sep + 3);
    else if (url.substr(0, 2) == "//")
        url.remove_prefix(2);
    const auto authEnd = url.find_first_of("/?");
    std::string_view authority = url.substr(0, authEnd);
    const std::string_view rest = authEnd == std::string_view::npos ? std::string_view{} : url.substr(authEnd);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);
    // Loops rather than single strips, so a normalized key normalizes to
    // itself ("h:80:443", "www.www.h." and the like).
    for (bool again = true; again;) {
        again = false;
        authority = trimmed(authority);
        for (std::string_view port : {":80", ":443", ":", "."})
            if (endsWith(authority, port)) {
                authority.remove_suffix(port.size());
                again = true;
            }
        if (startsWithNoCase(authority, "www.")) {
            authority.remove_prefix(4);
            again = true;
        }
    }
    p.host = lowered(authority);
    const auto q = rest.find('?');
    p.path = rest.substr(0, q);
    if (q != std::string_view::npos)
        p.query = rest.substr(q + 1);
    return p;
}

// RFC 3986 6.2.2: escapes of unreserved characters are decoded, the others
// get uppercase hex, so "%7e", "%7E" and "~" are one key. Spaces, controls
// non-ASCII bytes and stray '%', which a URL cannot hold as such, are
// escaped, so a pasted "/OCOP 1" and a proper "/OCOP%201" meet too.
std::string normalizePercent(std::string_view s)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const int hi = s[i] == '%' && i + 1 < s.size() ? hexValue(s[i + 1]) : -1;
        const int lo = hi >= 0 && i + 2 < s.size() ? hexValue(s[i + 2]) : -1;
        if (lo < 0) {
            // A '%' that starts no escape is itself escaped, so decoding an
            // escape can never make a new one out of a stray '%' before it.
            const auto c = static_cast<unsigned char>(s[i]);
            if (c <= 0x20 || c >= 0x7F || c == '%') {
                out += '%';
                out += kHex[c >> 4];
                out += kHex[c & 15];
            } else {
                out += s[i];
            }
            continue;
        }
        const char c = static_cast<char>(hi * 16 + lo);
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[hi];
            out += kHex[lo];
        }
        i += 2;
    }
    return out;
}

bool isAimId(std::string_view s)
{
    const auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    const auto alnum = [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); };
    return s.size() >= 3 && s[0] == ']' && alpha(s[1]) && alnum(s[2]);
}

bool isGs1SymbologyId(std::string_view id)
{
    // GS1 QR, GS1 DataMatrix, GS1-128, GS1 DataBar, GS1 DotCode.
    return id == "]Q3" || id == "]d2" || id == "]C1" || id == "]e0" || id == "]J1";
}

bool startsLikeHumanReadableGs1(std::string_view s)
{
    std::size_t k = 1;
    while (k < s.size() && k < 6 && s[k] >= '0' && s[k] <= '9')
        ++k;
    return s.size() > 3 && s[0] == '(' && k >= 3 && k <= 5 && k < s.size() && s[k] == ')';
}

// A path segment /01/ or /gtin/: the URL claims to be a GS1 Digital Link
// for a trade item, so failing its rules is a finding, not a web page.
bool hasGtinSegment(std::string_view path)
{
    std::size_t i = 0;
    while (i < path.size()) {
        const auto next = path.find('/', i);
        const auto seg = path.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i);
        if ((seg == "01" || seg == "gtin") && next != std::string_view::npos && next + 1 < path.size())
            return true;
        if (next == std::string_view::npos)
            break;
        i = next + 1;
    }
    return false;
}

// UPC-E (8 digits: number system 0 or 1, six data digits, check digit) as
// the UPC-A it abbreviates; the check digit belongs to the UPC-A.
std::optional<std::string> expandUpcE(std::string_view e)
{
    if (e.size() != 8 || !isAllDigits(e) || (e[0] != '0' && e[0] != '1'))
        return std::nullopt;
    const std::string d(e.substr(1, 6));
    std::string body(1, e[0]);
    switch (d[5]) {
    case '0': case '1': case '2': body += d.substr(0, 2) + d[5] + "0000" + d.substr(2, 3); break;
    case '3': body += d.substr(0, 3) + "00000" + d.substr(3, 2); break;
    case '4': body += d.substr(0, 4) + "00000" + d[4]; break;
    default: body += d.substr(0, 5) + "0000" + d[5]; break;
    }
    return body + e[7];
}

// The first tail of a variable-length value that is itself a valid element
// string led by one of the AIs labels carry after a GTIN (lot, serial,
// variant, dates), if any. Other AIs are left out: almost any digits parse
// as 240 or 90-99, which would refuse nearly every lot.
std::optional<std::string> hiddenElementString(std::string_view ai, std::string_view value,
                                               std::chrono::sys_days today)
{
    if (gs1AiHasPredefinedLength(ai))
        return std::nullopt;
    static constexpr std::string_view kLabelAis[] = {"10", "11", "13", "15", "16", "17", "21", "22"};
    for (std::size_t k = 1; k + 2 < value.size(); ++k) {
        const auto tail = value.substr(k);
        if (std::find(std::begin(kLabelAis), std::end(kLabelAis), tail.substr(0, 2)) == std::end(kLabelAis))
            continue;
        try {
            parseGs1ElementString(tail, today);
            return std::string(tail);
        } catch (const UserError&) {
        }
    }
    return std::nullopt;
}

ScanCode unknown(std::string text, std::string reason)
{
    ScanCode r;
    r.text = std::move(text);
    r.reason = std::move(reason);
    return r;
}

ScanCode gs1Code(std::string text, std::string source, Gs1Data data)
{
    ScanCode r;
    r.kind = CodeKind::Gs1;
    r.text = std::move(text);
    r.source = std::move(source);
    r.gtin14 = data.gtin14;
    r.gs1 = std::move(data);
    return r;
}

ScanCode gtinCode(std::string text, std::string gtin14)
{
    ScanCode r;
    r.kind = CodeKind::Gtin;
    r.text = std::move(text);
    r.source = "ean_upc";
    r.gtin14 = std::move(gtin14);
    return r;
}

ScanCode traceUrl(std::string text, const UrlParts& parts)
{
    ScanCode r;
    r.kind = CodeKind::TraceUrl;
    r.source = "url";
    r.traceUrl = normalizeTraceUrl(text);
    r.knownPortal = isTraceabilityHost(parts.host);
    r.text = std::move(text);
    return r;
}

ScanCode classify(std::string_view input, std::string_view symbologyId, std::chrono::sys_days today)
{
    std::string_view t = trimmed(input);
    std::string_view sym = symbologyId;
    // Wedge scanners configured to send the AIM id put it before the data.
    if (isAimId(t)) {
        if (sym.empty() || t.substr(0, 3) == sym)
            sym = t.substr(0, 3);
        t.remove_prefix(3);
    }
    bool gs1Marked = isGs1SymbologyId(sym);
    if (!t.empty() && (t.front() == '^' || t.front() == kGs)) {
        gs1Marked = true; // FNC1 in first position, as caret or as GS
        t.remove_prefix(1);
    }
    const std::string text(t);
    if (t.empty())
        return unknown(text, "empty scan");

    // 1. Payment codes. One that fails its own rules is still not a product
    // (unless the reader says GS1, where "000201..." is an SSCC, or it is
    // just a GTIN with leading zeros: no payment code is that short).
    const bool gtinShaped = isAllDigits(t) && (t.size() == 8 || t.size() == 12 || t.size() == 13 || t.size() == 14);
    if (looksLikeEmvPayload(t) && !gtinShaped) {
        try {
            ScanCode r;
            r.kind = CodeKind::Payment;
            r.text = text;
            r.source = "emvco";
            r.payment = parsePaymentCode(t);
            return r;
        } catch (const UserError& e) {
            if (!gs1Marked)
                return unknown(text, e.what());
        }
    }

    // 2. GS1 element strings, when the reader or the notation says so.
    const bool hri = startsLikeHumanReadableGs1(t);
    if (gs1Marked || hri || (t.find(kGs) != std::string_view::npos && t.front() >= '0' && t.front() <= '9')) {
        try {
            return gs1Code(text, "element_string", parseGs1ElementString(t, today));
        } catch (const UserError& e) {
            return unknown(text, e.what());
        }
    }
    // A wedge scanner without AIM ids delivers a GS1 DataMatrix as bare
    // digits and letters: taken as GS1 only when it is a whole, valid element
    // string led by a GTIN, never by a partial match.
    if (t.size() > 16 && t.substr(0, 2) == "01" && isAllDigits(t.substr(0, 16)) && isValidGtin(t.substr(2, 14))) {
        std::optional<Gs1Data> d;
        try {
            d = parseGs1ElementString(t, today);
        } catch (const UserError&) {
        }
        if (d) {
            // Such scanners also drop the separators, so a lot "L1" followed
            // by expiry "17270101" reads as one lot "L117270101". A last
            // value with an element string inside it is refused, not guessed.
            const auto& [ai, value] = d->elements.back();
            if (const auto hidden = hiddenElementString(ai, value, today))
                return unknown(text, "GS1 data without separators: AI " + ai + " \"" + value +
                                         "\" may end before \"" + *hidden + "\"");
            return gs1Code(text, "element_string", std::move(*d));
        }
    }

    // 3. GS1 Digital Link.
    const bool http = isHttpUrl(t);
    if (http && looksLikeDigitalLink(t)) {
        try {
            return gs1Code(text, "digital_link", parseDigitalLink(t, today));
        } catch (const UserError& e) {
            const auto parts = splitUrl(t);
            if (!isTraceabilityHost(parts.host) && hasGtinSegment(parts.path))
                return unknown(text, e.what());
        }
    }

    // 4. EAN/UPC/GTIN. Eight digits are EAN-8, except from a reader that
    // says EAN/UPC (]E0, not ]E4): then they are a UPC-E.
    if (isAllDigits(t)) {
        const auto n = t.size();
        if (n == 8 && sym == "]E0") {
            const auto upcA = expandUpcE(t);
            if (!upcA)
                return unknown(text, "UPC-E must start with 0 or 1");
            if (auto g = toGtin14(*upcA))
                return gtinCode(text, *g);
            return unknown(text, "bad check digit " + std::string(1, t.back()) + " in UPC-E (expected " +
                                     std::to_string(gtinCheckDigit(upcA->substr(0, 11))) + ")");
        }
        if (n == 8 || n == 12 || n == 13 || n == 14) {
            if (auto g = toGtin14(t))
                return gtinCode(text, *g);
            return unknown(text, "bad check digit " + std::string(1, t.back()) + " in GTIN-" + std::to_string(n) +
                                     " (expected " + std::to_string(gtinCheckDigit(t.substr(0, n - 1))) + ")");
        }
        return unknown(text, "a number of " + std::to_string(n) + " digits is not a GTIN (8, 12, 13 or 14 digits)");
    }

    // 5. URLs: any http(s) URL may be a catalog trace URL; without a scheme
    // only the known portals' addresses are taken for URLs.
    if (http) {
        const auto parts = splitUrl(t);
        if (parts.host.empty())
            return unknown(text, "URL without a host");
        return traceUrl(text, parts);
    }
    if (std::none_of(t.begin(), t.end(), [](char c) { return isSpace(c) || c == kGs; })) {
        const auto parts = splitUrl(t);
        if (isTraceabilityHost(parts.host) && t.find("://") == std::string_view::npos)
            return traceUrl(text, parts);
    }

    // 6. Anything else.
    return unknown(text, "not a payment code, GS1 code, GTIN or URL");
}

} // namespace

std::string_view codeKindKey(CodeKind k)
{
    switch (k) {
    case CodeKind::Payment: return "payment";
    case CodeKind::Gs1: return "gs1";
    case CodeKind::Gtin: return "gtin";
    case CodeKind::TraceUrl: return "trace_url";
    case CodeKind::Unknown: return "unknown";
    }
    return "unknown";
}

ScanCode classifyScan(std::string_view text, std::string_view symbologyId, std::chrono::sys_days today)
{
    try {
        return classify(text, symbologyId, today);
    } catch (const std::exception& e) {
        // Only resource exhaustion gets here; a scan must never take the
        // terminal down with it.
        return unknown(std::string(), std::string("cannot read this code: ") + e.what());
    }
}

std::string normalizeTraceUrl(std::string_view url)
{
    const auto p = splitUrl(url);
    if (p.host.empty())
        return {};
    std::string path = normalizePercent(p.path);
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    std::string out = p.host + path;
    if (!p.query.empty())
        out += "?" + normalizePercent(p.query);
    return out;
}

bool isTraceabilityHost(std::string_view hostIn)
{
    std::string host = lowered(trimmed(hostIn));
    if (const auto colon = host.rfind(':'); colon != std::string::npos && isAllDigits(host.substr(colon + 1)))
        host.erase(colon);
    while (!host.empty() && host.back() == '.')
        host.pop_back();
    if (host.rfind("www.", 0) == 0)
        host.erase(0, 4);
    static constexpr std::array<std::string_view, 4> kPortals{
        "truyxuatnguongoc.gov.vn", // national traceability portal
        "check.net.vn",            // provincial portals: hn.check.net.vn (Hanoi), ...
        "icheck.vn",
        "ocopvietnam.gov.vn",
    };
    for (std::string_view portal : kPortals)
        if (host == portal || (endsWith(host, portal) && host[host.size() - portal.size() - 1] == '.'))
            return true;
    return false;
}

} // namespace ocop::scan
