#pragma once
// Sending finished printer bytes (ESC/POS) somewhere: a file, a local device
// node or a raw TCP printer port. Plain C++/POSIX, no Qt.
//
// Printing happens after the sale is committed, so a failed print must never
// take the sale down with it: sendToPrinter never throws and never blocks
// past its timeout; failures come back as PrintResult{false, reason}.
#include <string>
#include <string_view>

namespace ocop {

struct PrintResult {
    bool ok = false;
    std::string error; // empty when ok; a one-line English reason otherwise
};

// Targets:
//   "file:/path/out.bin" (also "file:///path/out.bin" or a relative
//       "file:out.bin") — the whole file is replaced atomically (a temp file
//       in the same directory, fsync, rename); the directory must exist.
//   "/dev/usb/lp0" (any absolute path) — an existing device node, FIFO or
//       file opened O_WRONLY without creating it; every byte is written,
//       retrying partial writes and EINTR, waiting with poll() when the
//       device is busy.
//   "tcp://host:9100", "tcp://host" (port 9100), "host:9100",
//       "[::1]:9100" — a raw TCP socket ("JetDirect" / port 9100 printing):
//       name resolution, a non-blocking connect trying each address, sending
//       everything, and waiting until the printer has acknowledged the bytes.
// timeoutMs bounds the whole call (resolve + connect + send); values <= 0
// mean the default of 5000 ms.
PrintResult sendToPrinter(const std::string& target, std::string_view bytes, int timeoutMs = 5000);

// Whether a configured target string has one of the forms above (syntax only:
// it does not check that the device, directory or host exists).
bool isValidPrinterTarget(std::string_view target);

} // namespace ocop
