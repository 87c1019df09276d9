#pragma once
// `ocop scan`, `ocop parse` and `ocop vietqr`: the barcode reader, the
// scan-code parsers and the VietQR builder from the command line, for
// support and for scripts.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ocop::cli {

// ocop parse TEXT [--symbology ID] [--json]; TEXT "-" reads standard input.
// Exit 0 for every answer, Unknown included; UsageError without TEXT.
int cmdParse(const std::vector<std::string>& positional, const std::multimap<std::string, std::string>& options,
             bool asJson);

// ocop vietqr --amount N [--ref TEXT] [--bin BIN --account ACC] [--json]:
// the bank defaults to the terminal settings bank_bin and bank_account in
// `dataDir`; UserError (exit 2) when neither names one.
int cmdVietQr(const std::vector<std::string>& positional, const std::multimap<std::string, std::string>& options,
              const std::filesystem::path& dataDir, bool asJson);

// ocop scan IMAGE... [--budget MS] [--json]: decodes still images (PNG,
// JPEG, ...) with the retry ladder; per image each code's format, text,
// classification and the product of this terminal's catalog it resolves to
// (when `dataDir` holds a terminal). UserError (exit 2, nothing decoded) when
// an image cannot be read.
int cmdScan(const std::vector<std::string>& positional, const std::multimap<std::string, std::string>& options,
            const std::filesystem::path& dataDir, bool asJson);

} // namespace ocop::cli
