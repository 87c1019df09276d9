#pragma once
// Shared by the fuzz targets: a fixed "today" (so a failing input replays the
// same way on any day) and a check that aborts with a message, which
// libFuzzer reports as a crash with the input saved.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace fuzz {

inline const std::chrono::sys_days kToday =
    std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 23};

inline void require(bool ok, const char* what, std::string_view input = {})
{
    if (ok)
        return;
    std::fprintf(stderr, "invariant broken: %s\ninput: %.*s\n", what, static_cast<int>(input.size()), input.data());
    std::abort();
}

} // namespace fuzz
