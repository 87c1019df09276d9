#include "core/money.h"

#include <cstdlib>

namespace ocop {

std::string formatVndPlain(Money amount)
{
    const bool negative = amount < 0;
    // Work on the unsigned magnitude so INT64_MIN cannot overflow.
    std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
    std::string digits = std::to_string(magnitude);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3 + 1);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0)
            out.push_back('.');
        out.push_back(digits[i]);
    }
    return negative ? "-" + out : out;
}

std::string formatVnd(Money amount)
{
    return formatVndPlain(amount) + " \u20AB";
}

std::int64_t divRoundHalfUp(std::int64_t numerator, std::int64_t denominator)
{
    const std::int64_t q = numerator / denominator;
    const std::int64_t r = numerator % denominator;
    if (2 * std::llabs(r) >= denominator)
        return numerator >= 0 ? q + 1 : q - 1;
    return q;
}

Money vatIncluded(Money grossInclusive, int ratePercent)
{
    if (ratePercent <= 0)
        return 0;
    return divRoundHalfUp(grossInclusive * ratePercent, 100 + ratePercent);
}

bool isSupportedVatRate(int ratePercent)
{
    return ratePercent == 0 || ratePercent == 5 || ratePercent == 8 || ratePercent == 10;
}

} // namespace ocop
