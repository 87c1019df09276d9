#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace ocop::central {

// Inflates a gzip body. Throws ApiError 413 as soon as the output would pass
// maxOut (a zip bomb never gets inflated in full) and 400 for corrupt data.
std::string gunzip(std::string_view in, std::size_t maxOut);
// For clients and tests.
std::string gzipCompress(std::string_view in);

} // namespace ocop::central
