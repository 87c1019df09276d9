#include "core/escpos.h"

#include <algorithm>

namespace ocop {

bool MonoBitmap::pixel(int x, int y) const
{
    if (x < 0 || y < 0 || x >= width || y >= height)
        return false;
    const std::size_t index = static_cast<std::size_t>(y) * static_cast<std::size_t>(bytesPerRow()) + static_cast<std::size_t>(x / 8);
    if (index >= rows.size())
        return false;
    return (rows[index] & (0x80u >> (x % 8))) != 0;
}

void MonoBitmap::set(int x, int y, bool black)
{
    if (x < 0 || y < 0 || x >= width || y >= height)
        return;
    const std::size_t index = static_cast<std::size_t>(y) * static_cast<std::size_t>(bytesPerRow()) + static_cast<std::size_t>(x / 8);
    if (index >= rows.size())
        rows.resize(static_cast<std::size_t>(bytesPerRow()) * static_cast<std::size_t>(height), 0);
    const auto mask = static_cast<std::uint8_t>(0x80u >> (x % 8));
    if (black)
        rows[index] |= mask;
    else
        rows[index] &= static_cast<std::uint8_t>(~mask);
}

MonoBitmap MonoBitmap::blank(int w, int h)
{
    MonoBitmap b;
    b.width = std::max(0, w);
    b.height = std::max(0, h);
    b.rows.assign(static_cast<std::size_t>(b.bytesPerRow()) * static_cast<std::size_t>(b.height), 0);
    return b;
}

namespace {

void put(std::string& out, std::initializer_list<int> bytes)
{
    for (int b : bytes)
        out.push_back(static_cast<char>(static_cast<std::uint8_t>(b)));
}

} // namespace

std::string encodeEscPosRaster(const MonoBitmap& bitmap, const EscPosOptions& options)
{
    const int bandRows = std::clamp(options.bandRows, 1, 2303);
    const int feedLines = std::clamp(options.feedLines, 0, 255);
    const int width = std::max(0, bitmap.width);
    const int height = std::max(0, bitmap.height);
    const int bpr = width > 0 ? (width + 7) / 8 : 0;

    std::string out;
    out.reserve(2 + static_cast<std::size_t>(bpr) * static_cast<std::size_t>(height) +
                8 * static_cast<std::size_t>(height / bandRows + 1) + 8);
    put(out, {0x1B, 0x40}); // ESC @

    if (bpr > 0 && height > 0) {
        // Padding bits past `width` in the last byte of a row must not burn dots.
        const int tailBits = width % 8;
        const auto tailMask = static_cast<std::uint8_t>(tailBits == 0 ? 0xFF : (0xFF << (8 - tailBits)) & 0xFF);
        const std::size_t rowBytes = static_cast<std::size_t>(bpr);
        for (int y0 = 0; y0 < height; y0 += bandRows) {
            const int rowsInBand = std::min(bandRows, height - y0);
            // GS v 0 m xL xH yL yH
            put(out, {0x1D, 0x76, 0x30, 0x00, bpr & 0xFF, (bpr >> 8) & 0xFF, rowsInBand & 0xFF, (rowsInBand >> 8) & 0xFF});
            for (int y = y0; y < y0 + rowsInBand; ++y) {
                const std::size_t start = static_cast<std::size_t>(y) * rowBytes;
                for (std::size_t i = 0; i < rowBytes; ++i) {
                    // A short `rows` vector reads as white rather than out of bounds.
                    std::uint8_t b = start + i < bitmap.rows.size() ? bitmap.rows[start + i] : 0;
                    if (i + 1 == rowBytes)
                        b &= tailMask;
                    out.push_back(static_cast<char>(b));
                }
            }
        }
    }

    if (feedLines > 0)
        put(out, {0x1B, 0x64, feedLines}); // ESC d n
    if (options.cut)
        put(out, {0x1D, 0x56, 66, 0}); // GS V 66 0: feed to cutter, partial cut
    return out;
}

} // namespace ocop
