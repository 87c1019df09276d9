#pragma once
// GS1 GTIN-8/12/13/14 with the mod-10 check digit.
#include <optional>
#include <string>
#include <string_view>

namespace ocop {

bool isAllDigits(std::string_view s);
// Check digit for the digits before it (any length).
int gtinCheckDigit(std::string_view digitsWithoutCheck);
// True for 8, 12, 13 or 14 digits with a correct check digit.
bool isValidGtin(std::string_view gtin);
// Left-pads a valid GTIN to 14 digits; nullopt when not a valid GTIN.
std::optional<std::string> toGtin14(std::string_view gtin);

} // namespace ocop
