#pragma once
// Locale-free ASCII helpers for the scan-code parsers: URLs, AIs and EMVCo
// fields are ASCII by definition, and <cctype> would follow the C locale.
#include <cstddef>
#include <string_view>

namespace ocop::ascii {

inline char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool startsWithNoCase(std::string_view s, std::string_view prefix)
{
    if (s.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (lower(s[i]) != lower(prefix[i]))
            return false;
    return true;
}

// 0-15 for a hex digit of either case, -1 otherwise.
inline int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

} // namespace ocop::ascii
