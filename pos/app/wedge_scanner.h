#pragma once
// Telling a keyboard-wedge barcode scanner from a person typing. A wedge
// scanner "types" the code as keystrokes a few milliseconds apart and ends
// with Enter; a person types far slower. The decision is pure timing and
// lives here without Qt so it can be unit-tested with made-up timestamps; the
// Qt event filter (WedgeKeyFilter) holds the real key events and replays or
// drops them as this class decides.
//
// Every printable key is held back until its fate is known:
//  - the next key comes later than maxIntervalMs, or a timeout passes
//    (poll): the held keys were typed by a person -> Flush (replay them);
//  - Enter arrives while at least minLength fast keys are held -> Scan (the
//    keys and the Enter are swallowed and the code is handled);
//  - Enter with fewer keys, or any other key -> Flush first, then that key
//    passes through.
#include <cstdint>
#include <string>

namespace ocop {

class WedgeScanner {
public:
    struct Config {
        std::int64_t maxIntervalMs = 40; // keys of one scan come faster than this
        std::size_t minLength = 6;       // shortest code a scan may carry
    };

    enum class Decision {
        Hold,           // the key is held back (nothing to do yet)
        FlushThenHold,  // replay the held keys, then hold this new one
        Scan,           // a complete scan: drop the held keys and this Enter; code() has it
        FlushThenPass,  // replay the held keys, then let this key through
        Pass,           // nothing held: let this key through
    };

    WedgeScanner() = default;
    explicit WedgeScanner(Config config) : m_config(config) {}

    // A key that produces text (UTF-8), pressed at nowMs.
    Decision onText(const std::string& text, std::int64_t nowMs);
    // Enter / Return pressed at nowMs.
    Decision onEnter(std::int64_t nowMs);
    // Any other key (arrows, Backspace, Escape...): never part of a scan.
    Decision onOtherKey(std::int64_t nowMs);
    // Time passes with no key: true when the held keys are a person's and
    // must be replayed now (the caller then replays and calls flushed()).
    bool poll(std::int64_t nowMs);

    // Forget the held keys (after poll() said to replay them). Every other
    // Flush*/Scan decision has already forgotten them.
    void flushed();

    // The code of the last Scan decision.
    const std::string& code() const { return m_code; }
    // The held text (what a Flush would replay).
    const std::string& held() const { return m_buffer; }
    std::size_t heldKeys() const { return m_keys; }
    const Config& config() const { return m_config; }

private:
    Config m_config;
    std::string m_buffer;
    std::size_t m_keys = 0;
    std::int64_t m_lastMs = 0;
    std::string m_code;
};

} // namespace ocop
