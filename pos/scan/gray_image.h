#pragma once
// Pixel work for the still-image retry ladder, on 8-bit luma buffers. Plain
// C++ (no Qt, no ZXing): the adapter converts the caller's pixels once and
// derives scaled, filtered, rotated and cropped copies from that.
#include "scan/barcode_reader.h"

#include <cstdint>
#include <vector>

namespace ocop::scan::detail {

struct GrayImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> px; // row-major, stride == width

    GrayImage() = default;
    GrayImage(int w, int h, std::uint8_t fill = 0)
        : width(w), height(h), px(static_cast<size_t>(w) * static_cast<size_t>(h), fill) {}
    bool empty() const { return width <= 0 || height <= 0; }
    std::uint8_t at(int x, int y) const { return px[static_cast<size_t>(y) * width + x]; }
    std::uint8_t* row(int y) { return px.data() + static_cast<size_t>(y) * width; }
    const std::uint8_t* row(int y) const { return px.data() + static_cast<size_t>(y) * width; }
};

// Maps a point of a derived image back to the image it was derived from
// (x' = a*x + b*y + c, y' = d*x + e*y + f). Composes: outer(inner(p)).
struct Affine {
    double a = 1, b = 0, c = 0, d = 0, e = 1, f = 0;
    void apply(double x, double y, double& ox, double& oy) const
    {
        ox = a * x + b * y + c;
        oy = d * x + e * y + f;
    }
    // (this ∘ inner): first inner, then this.
    Affine after(const Affine& in) const
    {
        return {a * in.a + b * in.d, a * in.b + b * in.e, a * in.c + b * in.f + c,
                d * in.a + e * in.d, d * in.b + e * in.e, d * in.c + e * in.f + f};
    }
};

// Luma of the caller's pixels inside `r` (already clipped to the image).
GrayImage toGray(const ImageRef& image, const Rect& r);

// Area-average downscale or bilinear upscale to w x h. `map` gets the
// derived->source transform.
GrayImage resized(const GrayImage& src, int w, int h, Affine* map = nullptr);
GrayImage cropped(const GrayImage& src, int x, int y, int w, int h, Affine* map = nullptr);
// Rotation by `degrees` (counter-clockwise as seen on screen) about the centre,
// bilinear, canvas grown to hold the whole image, corners filled with `fill`.
GrayImage rotated(const GrayImage& src, double degrees, std::uint8_t fill, Affine* map = nullptr);
// A border of `margin` pixels of `fill` on all sides (a quiet zone for codes that touch the edge).
GrayImage padded(const GrayImage& src, int margin, std::uint8_t fill, Affine* map = nullptr);

GrayImage inverted(const GrayImage& src);
GrayImage boxBlur3(const GrayImage& src);
// Unsharp mask with a 3x3 box: out = src + amount * (src - blur).
GrayImage sharpened(const GrayImage& src, double amount);
// Linear stretch so that the `clip` fraction darkest/brightest pixels saturate.
GrayImage contrastStretched(const GrayImage& src, double clip = 0.01);
// Morphological closing (dilate then erode of the dark) with a 3x3 square:
// fills the white gaps between the dots of dot-peened/printed matrix codes.
GrayImage closedDark(const GrayImage& src);

std::uint8_t meanLuma(const GrayImage& src);

} // namespace ocop::scan::detail
