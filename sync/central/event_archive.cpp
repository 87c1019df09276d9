#include "event_archive.h"

#include "core/errors.h"

#include <zstd.h>

#include <algorithm>

namespace ocop::central {

namespace {
// Level 1: a batch of 500 sales compresses to about 125 kB at ~570 MB/s;
// level 3 makes 115 kB at ~500 MB/s, and the time is on the ingest's path.
constexpr int kLevel = 1;

void check(std::size_t rc, const char* what)
{
    if (ZSTD_isError(rc))
        throw StorageError(std::string("event archive: ") + what + ": " + ZSTD_getErrorName(rc));
}
} // namespace

struct EventArchiveWriter::Context {
    ZSTD_CCtx* cctx = nullptr;
    Context()
    {
        cctx = ZSTD_createCCtx();
        if (!cctx)
            throw StorageError("event archive: out of memory");
        check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, kLevel), "setting the level");
        check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1), "asking for a checksum");
    }
    ~Context() { ZSTD_freeCCtx(cctx); }
};

EventArchiveWriter::EventArchiveWriter() : m_ctx(std::make_unique<Context>()) {}
EventArchiveWriter::~EventArchiveWriter() = default;

void EventArchiveWriter::compress(int endDirective)
{
    ZSTD_inBuffer src{m_pending.data(), m_pending.size(), 0};
    for (;;) {
        // Room for the worst case of what is pending, grown by doubling:
        // a resize zero-fills, so it must not happen per call.
        const std::size_t want = m_used + ZSTD_compressBound(src.size - src.pos) + 64;
        if (m_out.size() < want)
            m_out.resize(std::max(want, 2 * m_out.size()));
        ZSTD_outBuffer dst{m_out.data() + m_used, m_out.size() - m_used, 0};
        const auto mode = static_cast<ZSTD_EndDirective>(endDirective);
        const std::size_t left = ZSTD_compressStream2(m_ctx->cctx, &dst, &src, mode);
        check(left, "compressing");
        m_used += dst.pos;
        if (mode == ZSTD_e_continue ? src.pos == src.size : left == 0)
            break;
    }
    m_pending.clear();
}

std::size_t EventArchiveWriter::add(std::string_view json)
{
    m_pending.append(json);
    m_pending.push_back('\n');
    // Handed to zstd some 64 kB at a time: a call per event costs more
    // than the compressing of its 2 kB.
    if (m_pending.size() >= kChunk)
        compress(static_cast<int>(ZSTD_e_continue));
    return m_lines++;
}

std::string EventArchiveWriter::finish()
{
    compress(static_cast<int>(ZSTD_e_end));
    m_lines = 0;
    m_out.resize(m_used);
    m_used = 0;
    std::string out;
    out.swap(m_out);
    return out;
}

std::string eventArchiveLine(std::string_view body, std::size_t line)
{
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    if (!dctx)
        throw StorageError("event archive: out of memory");
    std::string text;
    ZSTD_inBuffer src{body.data(), body.size(), 0};
    std::size_t last = 1;
    std::string chunk(ZSTD_DStreamOutSize(), '\0');
    for (;;) {
        ZSTD_outBuffer dst{chunk.data(), chunk.size(), 0};
        last = ZSTD_decompressStream(dctx, &dst, &src);
        if (ZSTD_isError(last)) {
            const std::string why = ZSTD_getErrorName(last);
            ZSTD_freeDCtx(dctx);
            throw StorageError("event archive is damaged: " + why);
        }
        text.append(chunk.data(), dst.pos);
        if (last == 0)
            break; // the frame is whole
        if (src.pos == src.size && dst.pos < dst.size)
            break; // it needs more than the body has
    }
    ZSTD_freeDCtx(dctx);
    if (last != 0 || src.pos != src.size)
        throw StorageError("event archive is damaged: the frame is cut short or followed by other bytes");
    std::size_t from = 0;
    for (std::size_t i = 0; i < line; ++i) {
        from = text.find('\n', from);
        if (from == std::string::npos)
            break;
        ++from;
    }
    const std::size_t to = from == std::string::npos ? from : text.find('\n', from);
    if (from == std::string::npos || to == std::string::npos)
        throw StorageError("event archive has no line " + std::to_string(line));
    return text.substr(from, to - from);
}

} // namespace ocop::central
