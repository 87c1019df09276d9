#include "scan/gray_image.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace ocop::scan::detail {

namespace {

inline std::uint8_t clamp8(double v)
{
    return static_cast<std::uint8_t>(std::clamp(static_cast<int>(std::lround(v)), 0, 255));
}

inline std::uint8_t luma(unsigned r, unsigned g, unsigned b)
{
    // ITU-R BT.601 weights in 10-bit fixed point, rounded (ZXing uses the same).
    return static_cast<std::uint8_t>((306 * r + 601 * g + 117 * b + 0x200) >> 10);
}

// Area average along one axis: n source samples into m (m <= n) using box
// bounds [i*n/m, (i+1)*n/m).
template <typename Get, typename Put>
void boxDown(int n, int m, Get get, Put put)
{
    for (int i = 0; i < m; ++i) {
        const int s0 = static_cast<int>(static_cast<long long>(i) * n / m);
        int s1 = static_cast<int>(static_cast<long long>(i + 1) * n / m);
        if (s1 <= s0)
            s1 = s0 + 1;
        unsigned sum = 0;
        for (int s = s0; s < s1; ++s)
            sum += get(s);
        put(i, static_cast<std::uint8_t>((sum + (s1 - s0) / 2) / (s1 - s0)));
    }
}

} // namespace

GrayImage toGray(const ImageRef& image, const Rect& r)
{
    GrayImage out(r.width, r.height);
    for (int y = 0; y < r.height; ++y) {
        const std::uint8_t* src = image.data + static_cast<std::ptrdiff_t>(r.y + y) * image.rowStride;
        std::uint8_t* dst = out.row(y);
        switch (image.format) {
        case PixelFormat::Gray8:
            std::copy_n(src + r.x, r.width, dst);
            break;
        case PixelFormat::RGB888:
            for (int x = 0; x < r.width; ++x) {
                const std::uint8_t* p = src + 3 * (r.x + x);
                dst[x] = luma(p[0], p[1], p[2]);
            }
            break;
        case PixelFormat::RGBX8888:
            for (int x = 0; x < r.width; ++x) {
                const std::uint8_t* p = src + 4 * (r.x + x);
                dst[x] = luma(p[0], p[1], p[2]);
            }
            break;
        case PixelFormat::BGRX8888:
            for (int x = 0; x < r.width; ++x) {
                const std::uint8_t* p = src + 4 * (r.x + x);
                dst[x] = luma(p[2], p[1], p[0]);
            }
            break;
        }
    }
    return out;
}

GrayImage resized(const GrayImage& src, int w, int h, Affine* map)
{
    w = std::max(1, w);
    h = std::max(1, h);
    const double sx = static_cast<double>(src.width) / w;
    const double sy = static_cast<double>(src.height) / h;
    if (map)
        *map = {sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5};
    GrayImage out(w, h);
    if (w <= src.width && h <= src.height) {
        // Separable area average: rows first into a w x src.height buffer.
        GrayImage tmp(w, src.height);
        for (int y = 0; y < src.height; ++y) {
            const std::uint8_t* s = src.row(y);
            std::uint8_t* d = tmp.row(y);
            boxDown(src.width, w, [&](int i) { return s[i]; }, [&](int i, std::uint8_t v) { d[i] = v; });
        }
        for (int x = 0; x < w; ++x)
            boxDown(src.height, h, [&](int i) { return tmp.px[static_cast<size_t>(i) * w + x]; },
                    [&](int i, std::uint8_t v) { out.px[static_cast<size_t>(i) * w + x] = v; });
        return out;
    }
    // Bilinear (also used for mixed up/down, which the ladder never asks for).
    std::vector<int> x0(w), x1(w);
    std::vector<int> fx(w);
    for (int x = 0; x < w; ++x) {
        double xs = std::clamp((x + 0.5) * sx - 0.5, 0.0, src.width - 1.0);
        x0[x] = static_cast<int>(xs);
        x1[x] = std::min(x0[x] + 1, src.width - 1);
        fx[x] = static_cast<int>((xs - x0[x]) * 256);
    }
    for (int y = 0; y < h; ++y) {
        double ys = std::clamp((y + 0.5) * sy - 0.5, 0.0, src.height - 1.0);
        const int y0 = static_cast<int>(ys);
        const int y1 = std::min(y0 + 1, src.height - 1);
        const int fy = static_cast<int>((ys - y0) * 256);
        const std::uint8_t* r0 = src.row(y0);
        const std::uint8_t* r1 = src.row(y1);
        std::uint8_t* d = out.row(y);
        for (int x = 0; x < w; ++x) {
            const int top = r0[x0[x]] * (256 - fx[x]) + r0[x1[x]] * fx[x];
            const int bot = r1[x0[x]] * (256 - fx[x]) + r1[x1[x]] * fx[x];
            d[x] = static_cast<std::uint8_t>((top * (256 - fy) + bot * fy + (1 << 15)) >> 16);
        }
    }
    return out;
}

GrayImage cropped(const GrayImage& src, int x, int y, int w, int h, Affine* map)
{
    x = std::clamp(x, 0, src.width - 1);
    y = std::clamp(y, 0, src.height - 1);
    w = std::clamp(w, 1, src.width - x);
    h = std::clamp(h, 1, src.height - y);
    if (map)
        *map = {1, 0, static_cast<double>(x), 0, 1, static_cast<double>(y)};
    GrayImage out(w, h);
    for (int r = 0; r < h; ++r)
        std::copy_n(src.row(y + r) + x, w, out.row(r));
    return out;
}

GrayImage rotated(const GrayImage& src, double degrees, std::uint8_t fill, Affine* map)
{
    const double t = degrees * 3.14159265358979323846 / 180.0;
    const double c = std::cos(t), s = std::sin(t);
    const int w = static_cast<int>(std::ceil(std::abs(src.width * c) + std::abs(src.height * s)));
    const int h = static_cast<int>(std::ceil(std::abs(src.width * s) + std::abs(src.height * c)));
    const double cx = (src.width - 1) / 2.0, cy = (src.height - 1) / 2.0;
    const double ox = (w - 1) / 2.0, oy = (h - 1) / 2.0;
    // derived (u,v) -> source: R(-t) about the centres.
    const Affine m{c, -s, cx - c * ox + s * oy, s, c, cy - s * ox - c * oy};
    if (map)
        *map = m;
    GrayImage out(w, h, fill);
    for (int v = 0; v < h; ++v) {
        std::uint8_t* d = out.row(v);
        double xs = m.b * v + m.c, ys = m.e * v + m.f;
        for (int u = 0; u < w; ++u, xs += m.a, ys += m.d) {
            if (xs < 0 || ys < 0 || xs > src.width - 1 || ys > src.height - 1)
                continue;
            const int x0 = static_cast<int>(xs), y0 = static_cast<int>(ys);
            const int x1 = std::min(x0 + 1, src.width - 1), y1 = std::min(y0 + 1, src.height - 1);
            const double fx = xs - x0, fy = ys - y0;
            const double top = src.at(x0, y0) * (1 - fx) + src.at(x1, y0) * fx;
            const double bot = src.at(x0, y1) * (1 - fx) + src.at(x1, y1) * fx;
            d[u] = clamp8(top * (1 - fy) + bot * fy);
        }
    }
    return out;
}

GrayImage padded(const GrayImage& src, int margin, std::uint8_t fill, Affine* map)
{
    if (map)
        *map = {1, 0, -static_cast<double>(margin), 0, 1, -static_cast<double>(margin)};
    GrayImage out(src.width + 2 * margin, src.height + 2 * margin, fill);
    for (int y = 0; y < src.height; ++y)
        std::copy_n(src.row(y), src.width, out.row(y + margin) + margin);
    return out;
}

GrayImage inverted(const GrayImage& src)
{
    GrayImage out = src;
    for (auto& p : out.px)
        p = static_cast<std::uint8_t>(255 - p);
    return out;
}

namespace {

// 3-tap separable filter with clamped edges; op combines three samples.
template <typename Op>
GrayImage separable3(const GrayImage& src, Op op)
{
    GrayImage tmp(src.width, src.height), out(src.width, src.height);
    const int w = src.width, h = src.height;
    for (int y = 0; y < h; ++y) {
        const std::uint8_t* s = src.row(y);
        std::uint8_t* d = tmp.row(y);
        for (int x = 0; x < w; ++x)
            d[x] = op(s[std::max(x - 1, 0)], s[x], s[std::min(x + 1, w - 1)]);
    }
    for (int y = 0; y < h; ++y) {
        const std::uint8_t* a = tmp.row(std::max(y - 1, 0));
        const std::uint8_t* b = tmp.row(y);
        const std::uint8_t* c = tmp.row(std::min(y + 1, h - 1));
        std::uint8_t* d = out.row(y);
        for (int x = 0; x < w; ++x)
            d[x] = op(a[x], b[x], c[x]);
    }
    return out;
}

} // namespace

GrayImage boxBlur3(const GrayImage& src)
{
    return separable3(src, [](int a, int b, int c) { return static_cast<std::uint8_t>((a + b + c + 1) / 3); });
}

GrayImage sharpened(const GrayImage& src, double amount)
{
    GrayImage blur = boxBlur3(src);
    GrayImage out(src.width, src.height);
    for (size_t i = 0; i < src.px.size(); ++i)
        out.px[i] = clamp8(src.px[i] + amount * (static_cast<int>(src.px[i]) - blur.px[i]));
    return out;
}

GrayImage contrastStretched(const GrayImage& src, double clip)
{
    std::array<size_t, 256> hist{};
    for (auto p : src.px)
        ++hist[p];
    const size_t n = src.px.size();
    const size_t cut = static_cast<size_t>(clip * n);
    int lo = 0, hi = 255;
    for (size_t acc = 0; lo < 255 && (acc += hist[lo]) <= cut; ++lo) {}
    for (size_t acc = 0; hi > 0 && (acc += hist[hi]) <= cut; --hi) {}
    GrayImage out(src.width, src.height);
    if (hi <= lo) {
        out.px = src.px;
        return out;
    }
    std::array<std::uint8_t, 256> lut{};
    for (int v = 0; v < 256; ++v)
        lut[v] = clamp8((v - lo) * 255.0 / (hi - lo));
    for (size_t i = 0; i < n; ++i)
        out.px[i] = lut[src.px[i]];
    return out;
}

GrayImage closedDark(const GrayImage& src)
{
    // Dark grows (min filter), then shrinks back (max filter).
    auto mn = [](std::uint8_t a, std::uint8_t b, std::uint8_t c) { return std::min({a, b, c}); };
    auto mx = [](std::uint8_t a, std::uint8_t b, std::uint8_t c) { return std::max({a, b, c}); };
    return separable3(separable3(src, mn), mx);
}

std::uint8_t meanLuma(const GrayImage& src)
{
    if (src.px.empty())
        return 255;
    unsigned long long sum = 0;
    for (auto p : src.px)
        sum += p;
    return static_cast<std::uint8_t>(sum / src.px.size());
}

} // namespace ocop::scan::detail
