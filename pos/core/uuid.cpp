#include "core/uuid.h"

#include <sodium.h>

#include <cstdio>
#include <cstdint>

namespace ocop {

std::string uuidV7(TimestampMs atMs)
{
    static const bool sodiumReady = sodium_init() >= 0;
    (void)sodiumReady;
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    const auto ts = static_cast<std::uint64_t>(atMs);
    for (int i = 0; i < 6; ++i)
        b[i] = static_cast<unsigned char>(ts >> (40 - 8 * i));
    b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0F));
    b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                  b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return out;
}

std::string uuidV7() { return uuidV7(nowMs()); }

} // namespace ocop
