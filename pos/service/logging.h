#pragma once
// spdlog to a rotating file in the data directory and to stderr. The level
// comes from OCOP_LOG_LEVEL (trace, debug, info, warn, error, off).
#include <filesystem>

namespace ocop {

void setupLogging(const std::filesystem::path& dataDir, const char* programName);

} // namespace ocop
