#include "service/logging.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <vector>

namespace ocop {

void setupLogging(const std::filesystem::path& dataDir, const char* programName)
{
    std::vector<spdlog::sink_ptr> sinks;
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    // The CLI's stderr is for one-line reasons; only warnings and worse go there.
    console->set_level(spdlog::level::warn);
    sinks.push_back(console);
    std::error_code ec;
    const auto logDir = dataDir / "logs";
    // Never create the data directory just to log into it: a mistyped --data
    // must not leave an empty terminal directory behind.
    if (std::filesystem::is_directory(dataDir, ec))
        std::filesystem::create_directories(logDir, ec);
    if (std::filesystem::is_directory(logDir, ec)) {
        try {
            // 5 files of 5 MiB: weeks of a busy shop's log in 25 MiB.
            sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                (logDir / (std::string(programName) + ".log")).string(), 5 * 1024 * 1024, 5));
        } catch (const spdlog::spdlog_ex&) {
            // A read-only data dir must not stop the terminal; stderr remains.
        }
    }
    auto logger = std::make_shared<spdlog::logger>(programName, sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::info);
    if (const char* level = std::getenv("OCOP_LOG_LEVEL")) {
        logger->set_level(spdlog::level::from_str(level));
        console->set_level(spdlog::level::from_str(level));
    }
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
}

} // namespace ocop
