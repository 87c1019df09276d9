#include "core/pin.h"

#include <sodium.h>

#include <stdexcept>

namespace ocop {

namespace {
void ensureSodium()
{
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        throw std::runtime_error("libsodium failed to initialise");
}
} // namespace

bool isWellFormedPin(std::string_view pin)
{
    if (pin.size() < 4 || pin.size() > 8)
        return false;
    for (char c : pin)
        if (c < '0' || c > '9')
            return false;
    return true;
}

std::string hashPin(std::string_view pin)
{
    ensureSodium();
    char out[crypto_pwhash_STRBYTES];
    // INTERACTIVE limits: ~64 MiB and well under a second on a shop PC, which
    // is the time a cashier waits at login.
    if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("out of memory while hashing a PIN");
    return out;
}

bool verifyPin(std::string_view pin, const std::string& storedHash)
{
    ensureSodium();
    return crypto_pwhash_str_verify(storedHash.c_str(), pin.data(), pin.size()) == 0;
}

} // namespace ocop
