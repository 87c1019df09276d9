#pragma once
// What a scanned or typed code means, decided in one place for the touch
// terminal, the CLI and the wedge scanner. Classification follows issue 4's
// order exactly, and a code that fits no rule is Unknown with a one-line
// reason, never guessed: a payment QR is never sold as a product, and a
// damaged GS1 label is refused rather than matched by a part of it.
//   1. EMVCo payment payload (VietQR or another scheme)
//   2. GS1 element strings (symbology id ]Q3 ]d2 ]C1 ]e0 ]J1, caret or
//      "(01)..." notation)
//   3. GS1 Digital Link URIs on any host
//   4. plain EAN/UPC/GTIN
//   5. URLs: Vietnamese traceability portals, and any other http(s) URL so a
//      trace URL stored in the catalog can still match
//   6. anything else: Unknown
#include "core/emvco.h"
#include "core/gs1.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ocop::scan {

enum class CodeKind { Payment, Gs1, Gtin, TraceUrl, Unknown };
std::string_view codeKindKey(CodeKind); // "payment", "gs1", "gtin", "trace_url", "unknown"

struct ScanCode {
    CodeKind kind = CodeKind::Unknown;
    std::string text;   // what was read, symbology id stripped
    std::string source; // "emvco", "element_string", "digital_link", "ean_upc", "url", ""
    std::string gtin14; // for Gs1/Gtin
    std::optional<Gs1Data> gs1;
    std::optional<PaymentCode> payment;
    std::string traceUrl;     // normalized (normalizeTraceUrl), for TraceUrl
    bool knownPortal = false; // TraceUrl on a Vietnamese traceability portal
    std::string reason;       // for Unknown: one line why
};

// symbologyId: the AIM identifier from the reader ("]Q3", "]E0", ...) or
// empty; a wedge scanner may instead prefix it to the text, which is handled
// the same way. A leading "^" (the notation of GS1's test vectors) or ASCII
// 29 also marks GS1 element strings. `today` is the day used for the GS1
// century rule. Never throws.
ScanCode classifyScan(std::string_view text, std::string_view symbologyId, std::chrono::sys_days today);

// The key a trace URL is matched by, for catalog URLs and scanned ones alike:
// "https://www.HN.check.net.vn/OCOP-00001/?x#y" -> "hn.check.net.vn/OCOP-00001?x".
// Scheme, user info, default ports, "www." and the fragment are dropped, the
// host is lowercased, the path keeps its case without trailing slashes,
// percent-escapes of unreserved characters are decoded and the others
// uppercased, the query is kept. Never throws; "" for text with no host.
std::string normalizeTraceUrl(std::string_view url);

// The Vietnamese traceability portals: truyxuatnguongoc.gov.vn, check.net.vn
// (hn.check.net.vn and the other provinces), icheck.vn, ocopvietnam.gov.vn,
// and their subdomains. Case, a "www." prefix, a port and a trailing dot are
// ignored.
bool isTraceabilityHost(std::string_view host);

} // namespace ocop::scan
