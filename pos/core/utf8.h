#pragma once
// Well-formed UTF-8, as JSON text needs it: the terminal's event writer
// (core/events.cpp) and the wire parser and canonical writer
// (sync/protocol/wire.cpp) must agree on it byte for byte with nlohmann's
// dump(), which refuses anything else.
#include <cstddef>

namespace ocop::utf8 {

// The length of the well-formed UTF-8 sequence (Unicode table 3-7: no
// overlong forms, no surrogates, nothing past U+10FFFF) that starts at p
// with a byte >= 0x80, or 0 when it is not one.
inline std::size_t sequenceLength(const unsigned char* p, const unsigned char* end)
{
    const unsigned char c = *p;
    auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return p + i < end && p[i] >= lo && p[i] <= hi;
    };
    if (c >= 0xC2 && c <= 0xDF)
        return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF)
        return cont(1, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF) && cont(2) ? 3 : 0;
    if (c >= 0xF0 && c <= 0xF4)
        return cont(1, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

} // namespace ocop::utf8
