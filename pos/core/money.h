#pragma once
// Money is whole Vietnamese đồng in an int64: no floating point anywhere.
#include <cstdint>
#include <string>

namespace ocop {

using Money = std::int64_t;

// "125.000 ₫" — dot as thousands separator, the đồng sign after a space.
std::string formatVnd(Money amount);
// "125.000" without the sign, for tight receipt columns.
std::string formatVndPlain(Money amount);

// Integer division rounding half away from zero; denominator must be > 0.
std::int64_t divRoundHalfUp(std::int64_t numerator, std::int64_t denominator);

// The VAT contained in a VAT-inclusive amount at ratePercent (0/5/8/10),
// rounded half-up to a whole đồng.
Money vatIncluded(Money grossInclusive, int ratePercent);

bool isSupportedVatRate(int ratePercent);

} // namespace ocop
