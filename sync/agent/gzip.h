#pragma once
// gzip (RFC 1952) with zlib: request bodies are sent compressed
// (`Content-Encoding: gzip`); the test server uses gunzip to read them.
#include <string>
#include <string_view>

namespace ocop::sync {

std::string gzipCompress(std::string_view data, int level = 6);
// Throws std::runtime_error on data that is not valid gzip or would inflate
// beyond maxBytes.
std::string gzipDecompress(std::string_view data, std::size_t maxBytes = 256u * 1024 * 1024);

} // namespace ocop::sync
