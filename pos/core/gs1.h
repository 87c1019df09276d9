#pragma once
// GS1 element strings and GS1 Digital Link URIs, as printed on OCOP products
// in GS1 DataMatrix, GS1 QR, GS1-128 and DataBar symbols. Parsing is exact
// (GS1 General Specifications 3.2 for the AIs, 7.8.5 for the separators,
// 7.12 for the century of YYMMDD dates; GS1 Digital Link 1.2 for URIs): a code
// that breaks a rule is refused with a one-line reason naming the AI and the
// rule, so a cashier or support sees why a label did not scan and a wrong
// batch or expiry date never reaches a sale.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocop::scan {

// A GS1 YYMMDD date. dayUnspecified marks DD=00 ("month only"): the label
// means the end of that month for expiry-type dates, and the flag keeps the
// difference from a printed last day visible.
struct Gs1Date {
    int year = 0, month = 0, day = 0; // day is the month's last day when unspecified
    bool dayUnspecified = false;
    std::string iso() const; // "2026-05-31"
    friend bool operator==(const Gs1Date&, const Gs1Date&) = default;
};

struct Gs1Data {
    std::vector<std::pair<std::string, std::string>> elements; // in order: AI, value
    std::string gtin14; // AI 01 (or 02) if present
    std::string lot;    // AI 10
    std::string serial; // AI 21
    std::optional<Gs1Date> production; // 11
    std::optional<Gs1Date> packaging;  // 13
    std::optional<Gs1Date> bestBefore; // 15
    std::optional<Gs1Date> sellBy;     // 16
    std::optional<Gs1Date> expiry;     // 17

    // Value of the first element with this AI, or nullptr.
    const std::string* find(std::string_view ai) const;
};

// Parses GS1 element strings in any of the forms a reader or a person
// delivers, after an optional GS1 symbology identifier (]Q3 ]d2 ]C1 ]e0 ]J1):
// - raw: AIs run together, ASCII 29 (GS) after every variable-length element
//   and after fixed-length AIs outside the predefined-length prefixes
//   (00-04, 11-20, 31-36, 41); one leading GS (FNC1 sent as GS) is allowed;
// - caret notation: "^" stands for FNC1/GS (as in GS1's own test vectors);
// - human-readable: "(01)09520123456788(10)ABC1".
// `today` decides the century of YYMMDD dates (GS1 General Specs 7.12: the
// year within 49 years back and 50 years ahead of today's).
// Throws UserError with the reason (unknown AI, wrong length, bad check
// digit, invalid date, character outside the AI's character set, the same AI
// twice with different values, AI 01 together with 02).
Gs1Data parseGs1ElementString(std::string_view text, std::chrono::sys_days today);

// Validates one element (length, character set, check digit, date) and
// returns its date for the YYMMDD date AIs 11-17. Throws UserError as
// parseGs1ElementString does.
std::optional<Gs1Date> validateGs1Element(std::string_view ai, std::string_view value, std::chrono::sys_days today);

// True when `ai` is an AI this parser knows.
bool isKnownGs1Ai(std::string_view ai);
// True when the AI's prefix is in the predefined-length table, i.e. no
// separator follows its value.
bool gs1AiHasPredefinedLength(std::string_view ai);

// Builds a Gs1Data from validated elements (fills the convenience fields).
// Throws UserError on the same rules as the parsers.
Gs1Data gs1FromElements(std::vector<std::pair<std::string, std::string>> elements, std::chrono::sys_days today);

// GS1 Digital Link URI on any host: an optional path prefix, a primary key
// (/01/ or /gtin/ with a GTIN-8/12/13/14, zero-padded to 14; also 00, 253,
// 255, 401, 402, 414, 417, 8003, 8004, 8006, 8010, 8013, 8017, 8018), its key
// qualifiers in order (for 01: 22, 10, 21 or 235), then data attributes as
// numeric query keys ("?17=180426"). Path segments and query values are
// percent-decoded; query parameters whose key is not numeric (linkType,
// utm_source, ...) are ignored; a fragment is ignored. Throws UserError.
Gs1Data parseDigitalLink(std::string_view uri, std::chrono::sys_days today);

// True when the text is an http(s) URI whose path holds a Digital Link
// primary key segment (/01/, /gtin/, /00/, /8004/...): worth a parse attempt.
bool looksLikeDigitalLink(std::string_view uri);

enum class Gs1Notation {
    Raw,           // GS (ASCII 29) separators, no leading FNC1
    Caret,         // "^" for the leading FNC1 and for each separator
    HumanReadable, // "(01)09520123456788(10)ABC1"
};
// The element string of `elements` in order, separators only where GS1
// requires them (after variable-length and non-predefined-length elements
// that are followed by another).
std::string formatElementString(const std::vector<std::pair<std::string, std::string>>& elements,
                                Gs1Notation notation);

// The Digital Link URI of `elements`: the first primary key present (01
// before the others) in the path with its qualifiers in their defined order,
// every other element as a query parameter in element order. `host` is
// scheme + authority without a trailing slash. Throws UserError when no
// element can be a primary key.
std::string toDigitalLink(const std::vector<std::pair<std::string, std::string>>& elements,
                          std::string_view host = "https://id.gs1.org");

} // namespace ocop::scan
