#include "core/gtin.h"

namespace ocop {

bool isAllDigits(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

int gtinCheckDigit(std::string_view digits)
{
    // Weights 3,1,3,1... from the rightmost digit before the check digit.
    int sum = 0;
    bool three = true;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        sum += (*it - '0') * (three ? 3 : 1);
        three = !three;
    }
    return (10 - sum % 10) % 10;
}

bool isValidGtin(std::string_view gtin)
{
    if (!isAllDigits(gtin))
        return false;
    const auto n = gtin.size();
    if (n != 8 && n != 12 && n != 13 && n != 14)
        return false;
    return gtinCheckDigit(gtin.substr(0, n - 1)) == gtin.back() - '0';
}

std::optional<std::string> toGtin14(std::string_view gtin)
{
    if (!isValidGtin(gtin))
        return std::nullopt;
    return std::string(14 - gtin.size(), '0') + std::string(gtin);
}

} // namespace ocop
