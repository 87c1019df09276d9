#pragma once
#include "core/timeutil.h"

#include <string>

namespace ocop {

// RFC 9562 UUIDv7: 48-bit Unix ms timestamp, then random bits; sorts by time.
std::string uuidV7(TimestampMs atMs);
std::string uuidV7();

} // namespace ocop
