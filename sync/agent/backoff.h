#pragma once
// Retry timing for the sync agent: exponential backoff with full jitter
// (delay drawn uniformly from [0, min(cap, base * 2^attempt)]), so a
// thousand terminals coming back after an outage do not hit the centre in
// step, and Retry-After from a 429 or 503 is honoured.
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace ocop::sync {

using Millis = std::chrono::milliseconds;

struct BackoffPolicy {
    Millis base{500};
    Millis cap{60'000};
    // A server's Retry-After is honoured up to this; beyond it we retry
    // sooner rather than stay silent for hours on a misconfigured proxy.
    Millis maxRetryAfter{15 * 60'000};
};

// The ceiling of the jitter window for `attempt` (0 for the first retry):
// min(cap, base * 2^attempt), without overflow.
Millis backoffCeiling(const BackoffPolicy& p, int attempt);

// Full jitter: uniform in [0, backoffCeiling(p, attempt)].
Millis fullJitterDelay(const BackoffPolicy& p, int attempt, std::mt19937_64& rng);

// The wait before the next try: at least the server's Retry-After (capped
// by maxRetryAfter) when given, otherwise full jitter.
Millis retryDelay(const BackoffPolicy& p, int attempt, std::optional<Millis> retryAfter, std::mt19937_64& rng);

// Parses a Retry-After header value: delta-seconds ("120") or an HTTP-date
// ("Wed, 21 Oct 2015 07:28:00 GMT", also the RFC 850 and asctime forms);
// a date in the past is zero. nowMs is the local clock in ms since epoch.
// nullopt for anything else (negative, garbage, overflow).
std::optional<Millis> parseRetryAfter(std::string_view value, std::int64_t nowMs);

} // namespace ocop::sync
