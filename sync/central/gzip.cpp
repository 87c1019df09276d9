#include "gzip.h"

#include "central_store.h"

#include <zlib.h>

namespace ocop::central {

std::string gunzip(std::string_view in, std::size_t maxOut)
{
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        throw std::runtime_error("zlib inflateInit2 failed");
    std::string out;
    char buf[64 * 1024];
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            throw ApiError(400, "bad_request", "the gzip request body is corrupt");
        }
        const std::size_t got = sizeof buf - zs.avail_out;
        if (out.size() + got > maxOut) {
            inflateEnd(&zs);
            throw ApiError(413, "payload_too_large",
                           "the request body inflates to more than " + std::to_string(maxOut) + " bytes");
        }
        out.append(buf, got);
        if (rc == Z_OK && zs.avail_in == 0 && got == 0) {
            inflateEnd(&zs);
            throw ApiError(400, "bad_request", "the gzip request body is truncated");
        }
    }
    inflateEnd(&zs);
    return out;
}

std::string gzipCompress(std::string_view in)
{
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib deflateInit2 failed");
    std::string out(deflateBound(&zs, static_cast<uLong>(in.size())) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END)
        throw std::runtime_error("zlib deflate failed");
    out.resize(zs.total_out);
    return out;
}

} // namespace ocop::central
