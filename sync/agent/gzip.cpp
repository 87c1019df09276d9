#include "sync/agent/gzip.h"

#include <zlib.h>

#include <stdexcept>

namespace ocop::sync {

std::string gzipCompress(std::string_view data, int level)
{
    z_stream zs{};
    // 15 window bits + 16: write a gzip header and trailer rather than zlib's.
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("gzip: deflateInit2 failed");
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const auto written = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END)
        throw std::runtime_error("gzip: deflate did not finish");
    out.resize(written);
    return out;
}

std::string gzipDecompress(std::string_view data, std::size_t maxBytes)
{
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK)
        throw std::runtime_error("gzip: inflateInit2 failed");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buf[64 * 1024];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            throw std::runtime_error("gzip: not valid gzip data");
        }
        out.append(buf, sizeof buf - zs.avail_out);
        if (out.size() > maxBytes) {
            inflateEnd(&zs);
            throw std::runtime_error("gzip: inflated data too large");
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            throw std::runtime_error("gzip: truncated data");
        }
    }
    inflateEnd(&zs);
    return out;
}

} // namespace ocop::sync
