#pragma once
// ESC/POS raster output for thermal receipt printers: a 1-bit bitmap and its
// encoding as `GS v 0` raster bands. Plain C++ (no Qt): the Qt renderer turns
// a QImage into a MonoBitmap, this file turns that into printer bytes.
#include <cstdint>
#include <string>
#include <vector>

namespace ocop {

// Printable width in dots at 203 dpi: 58 mm paper prints 48 mm = 384 dots,
// 80 mm paper prints 72 mm = 576 dots.
enum class PaperWidth { Mm58 = 384, Mm80 = 576 };

constexpr int paperWidthDots(PaperWidth w) { return static_cast<int>(w); }

// A 1-bit image in the printer's own layout: row-major, each row
// (width + 7) / 8 bytes, the most significant bit is the leftmost pixel,
// 1 = black (burnt dot), 0 = white. Bits past `width` in a row's last byte
// are padding and are always printed white.
struct MonoBitmap {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rows;

    int bytesPerRow() const { return width > 0 ? (width + 7) / 8 : 0; }
    // Out-of-range coordinates read as white.
    bool pixel(int x, int y) const;
    // Out-of-range coordinates are ignored.
    void set(int x, int y, bool black);
    // An all-white bitmap of w x h (negative sizes are treated as 0).
    static MonoBitmap blank(int w, int h);
};

struct EscPosOptions {
    // Rows per `GS v 0` command. Small printer buffers choke on one huge
    // raster command, so tall images are sent as several bands. Clamped to
    // [1, 2303] (the largest height many printers accept in one command).
    int bandRows = 256;
    // Lines fed after the image (ESC d n) so the footer clears the cutter;
    // 0 sends no feed command. Clamped to [0, 255].
    int feedLines = 4;
    // Partial cut (GS V 66 0) at the end.
    bool cut = true;
};

// ESC @ (initialise), then the bitmap as `GS v 0` raster bands
// (1D 76 30 m=0 xL xH yL yH data...; x = bytes per row, y = rows in band),
// then ESC d n when feedLines > 0 and GS V 66 0 when cut.
// An empty bitmap (no width or height) yields no raster command.
std::string encodeEscPosRaster(const MonoBitmap& bitmap, const EscPosOptions& options = {});

} // namespace ocop
