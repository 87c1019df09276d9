#pragma once
// PINs are stored only as libsodium crypto_pwhash (Argon2id) strings, so a
// stolen terminal database does not give away 4-6 digit PINs cheaply.
#include <cstdint>
#include <string>
#include <string_view>

namespace ocop {

// 4 to 8 digits.
bool isWellFormedPin(std::string_view pin);
std::string hashPin(std::string_view pin);
bool verifyPin(std::string_view pin, const std::string& storedHash);

inline constexpr int kMaxPinFailures = 5;
inline constexpr std::int64_t kPinLockoutMs = 5 * 60 * 1000;

} // namespace ocop
