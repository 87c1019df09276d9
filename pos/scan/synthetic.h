#pragma once
// Synthetic symbols and camera-like frames for the scan tests and the decode
// benchmark (header-only, no Qt, no ZXing): EAN-13 and Code 128 (incl. GS1-128)
// module patterns written from the symbology tables, QR modules from
// encodeQr, and a gray canvas to paste them into, rotated and scaled, over
// texture and noise, with blur.
#include "scan/barcode_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ocop::scan::synthetic {

// A row of modules (true = bar) for a 1D symbol, quiet zones not included.
using Modules = std::vector<bool>;

inline void appendWidths(Modules& out, std::string_view widths, bool startDark = true)
{
    bool dark = startDark;
    for (char w : widths) {
        out.insert(out.end(), static_cast<size_t>(w - '0'), dark);
        dark = !dark;
    }
}

// EAN-13 from 12 or 13 digits (the check digit is computed when 12 are given).
inline Modules ean13(std::string digits)
{
    if (digits.size() == 12) {
        int sum = 0;
        for (int i = 0; i < 12; ++i)
            sum += (digits[static_cast<size_t>(i)] - '0') * (i % 2 ? 3 : 1);
        digits.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
    }
    if (digits.size() != 13 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw std::invalid_argument("ean13: 12 or 13 digits");
    static const char* L[10] = {"3211", "2221", "2122", "1411", "1132", "1231", "1114", "1312", "1213", "3112"};
    static const char* parity[10] = {"LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
                                     "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"};
    Modules m;
    appendWidths(m, "111");
    const char* par = parity[digits[0] - '0'];
    for (int i = 1; i <= 6; ++i) {
        std::string w = L[digits[static_cast<size_t>(i)] - '0'];
        if (par[i - 1] == 'G')
            std::reverse(w.begin(), w.end()); // G code: L widths mirrored
        appendWidths(m, w, false);            // left half: starts with a space
    }
    appendWidths(m, "11111", false);
    for (int i = 7; i <= 12; ++i)
        appendWidths(m, L[digits[static_cast<size_t>(i)] - '0'], true); // R code: bars first
    appendWidths(m, "111");
    return m;
}

// Code 128: `data` in code set B (ASCII 32..126, '\x1d' as FNC1 separator
// within GS1 data) and, for even runs of digits, code set C. With gs1 = true
// the symbol starts with FNC1 (GS1-128) and each '\x1d' becomes FNC1.
inline Modules code128(std::string_view data, bool gs1 = false)
{
    static const char* P[107] = {
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112"};
    constexpr int kFnc1 = 102, kCodeB = 100, kCodeC = 99, kStartB = 104, kStartC = 105, kStop = 106;
    auto digitsAt = [&](size_t i) {
        size_t n = 0;
        while (i + n < data.size() && data[i + n] >= '0' && data[i + n] <= '9')
            ++n;
        return n;
    };
    std::vector<int> vals;
    bool setC = digitsAt(0) >= 4 || (digitsAt(0) >= 2 && digitsAt(0) == data.size());
    vals.push_back(setC ? kStartC : kStartB);
    if (gs1)
        vals.push_back(kFnc1);
    for (size_t i = 0; i < data.size();) {
        if (data[i] == '\x1d') {
            vals.push_back(kFnc1);
            ++i;
            continue;
        }
        const size_t run = digitsAt(i);
        if (setC && run >= 2) {
            vals.push_back((data[i] - '0') * 10 + (data[i + 1] - '0'));
            i += 2;
            continue;
        }
        if (!setC && run >= 4 && run % 2 == 0) {
            vals.push_back(kCodeC);
            setC = true;
            continue;
        }
        if (setC) {
            vals.push_back(kCodeB);
            setC = false;
        }
        const unsigned char ch = static_cast<unsigned char>(data[i]);
        if (ch < 32 || ch > 126)
            throw std::invalid_argument("code128: ASCII 32..126 only");
        vals.push_back(ch - 32);
        ++i;
    }
    int sum = vals[0];
    for (size_t i = 1; i < vals.size(); ++i)
        sum += static_cast<int>(i) * vals[i];
    vals.push_back(sum % 103);
    vals.push_back(kStop);
    Modules m;
    for (int v : vals)
        appendWidths(m, P[v]);
    return m;
}

// An 8-bit gray picture, row-major, stride == width.
struct Canvas {
    int width = 0, height = 0;
    std::vector<std::uint8_t> px;

    Canvas(int w, int h, std::uint8_t fill = 255) : width(w), height(h), px(static_cast<size_t>(w) * h, fill) {}
    std::uint8_t& at(int x, int y) { return px[static_cast<size_t>(y) * width + x]; }
    std::uint8_t at(int x, int y) const { return px[static_cast<size_t>(y) * width + x]; }
    ImageRef ref() const { return {px.data(), width, height, width, PixelFormat::Gray8}; }
};

// A symbol as a small canvas: `scale` pixels per module, `quiet` modules of
// white around it; 1D symbols get `barHeight` modules of height.
inline Canvas render(const QrMatrix& qr, int scale, int quiet = 4)
{
    Canvas c((qr.size + 2 * quiet) * scale, (qr.size + 2 * quiet) * scale, 255);
    for (int y = 0; y < c.height; ++y)
        for (int x = 0; x < c.width; ++x) {
            const int mx = x / scale - quiet, my = y / scale - quiet;
            if (mx >= 0 && my >= 0 && mx < qr.size && my < qr.size && qr.dark(mx, my))
                c.at(x, y) = 0;
        }
    return c;
}

inline Canvas render(const Modules& m, int scale, int barHeight, int quiet = 10)
{
    Canvas c((static_cast<int>(m.size()) + 2 * quiet) * scale, (barHeight + 2 * 3) * scale, 255);
    for (int y = 3 * scale; y < c.height - 3 * scale; ++y)
        for (int x = 0; x < c.width; ++x) {
            const int mx = x / scale - quiet;
            if (mx >= 0 && mx < static_cast<int>(m.size()) && m[static_cast<size_t>(mx)])
                c.at(x, y) = 0;
        }
    return c;
}

// Where a pasted symbol's corners landed (top-left, top-right, bottom-right,
// bottom-left of the pasted canvas, quiet zone included).
struct Placement {
    double x[4], y[4];
};

// Pastes `sym` centred at (cx, cy), rotated by `degrees` and scaled by
// `scale`, with bilinear sampling; dark/light mapped to the given levels
// (print contrast on a photo is never 0/255).
inline Placement paste(Canvas& dst, const Canvas& sym, double cx, double cy, double degrees, double scale,
                       std::uint8_t dark = 40, std::uint8_t light = 215)
{
    const double t = degrees * 3.14159265358979323846 / 180.0, c = std::cos(t), s = std::sin(t);
    const double hw = sym.width / 2.0, hh = sym.height / 2.0;
    Placement p{};
    const double qx[4] = {-hw, hw, hw, -hw}, qy[4] = {-hh, -hh, hh, hh};
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (int i = 0; i < 4; ++i) {
        p.x[i] = cx + scale * (c * qx[i] - s * qy[i]);
        p.y[i] = cy + scale * (s * qx[i] + c * qy[i]);
        x0 = std::min(x0, p.x[i]), x1 = std::max(x1, p.x[i]);
        y0 = std::min(y0, p.y[i]), y1 = std::max(y1, p.y[i]);
    }
    for (int y = std::max(0, static_cast<int>(y0)); y <= std::min(dst.height - 1, static_cast<int>(y1) + 1); ++y)
        for (int x = std::max(0, static_cast<int>(x0)); x <= std::min(dst.width - 1, static_cast<int>(x1) + 1); ++x) {
            // inverse map into the symbol
            const double dx = (x + 0.5 - cx) / scale, dy = (y + 0.5 - cy) / scale; // pixel centres
            const double u = c * dx + s * dy + hw - 0.5, v = -s * dx + c * dy + hh - 0.5;
            if (u < -0.5 || v < -0.5 || u > sym.width - 0.5 || v > sym.height - 0.5)
                continue;
            const int u0 = std::clamp(static_cast<int>(std::floor(u)), 0, sym.width - 1);
            const int v0 = std::clamp(static_cast<int>(std::floor(v)), 0, sym.height - 1);
            const int u1 = std::min(u0 + 1, sym.width - 1), v1 = std::min(v0 + 1, sym.height - 1);
            const double fu = std::clamp(u - u0, 0.0, 1.0), fv = std::clamp(v - v0, 0.0, 1.0);
            const double g = (sym.at(u0, v0) * (1 - fu) + sym.at(u1, v0) * fu) * (1 - fv) +
                             (sym.at(u0, v1) * (1 - fu) + sym.at(u1, v1) * fu) * fv;
            dst.at(x, y) = static_cast<std::uint8_t>(std::lround(dark + (light - dark) * g / 255.0));
        }
    return p;
}

// A shop-counter-like background: smooth shading, some stripes and blobs
// (the kind of structure that tempts 1D readers), sensor noise.
inline Canvas background(int w, int h, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> U(0, 1);
    Canvas c(w, h);
    const double fx = 0.002 + 0.01 * U(rng), fy = 0.002 + 0.01 * U(rng), ph = 6.28 * U(rng);
    const double base = 90 + 60 * U(rng);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            c.at(x, y) = static_cast<std::uint8_t>(std::clamp(base + 35 * std::sin(fx * x + fy * y + ph), 0.0, 255.0));
    // a few text-like stripe blocks and blobs
    for (int k = 0; k < 6; ++k) {
        const int bx = static_cast<int>(U(rng) * w), by = static_cast<int>(U(rng) * h);
        const int bw = 20 + static_cast<int>(U(rng) * w / 6), bh = 6 + static_cast<int>(U(rng) * h / 10);
        const int period = 2 + static_cast<int>(U(rng) * 6);
        const std::uint8_t level = static_cast<std::uint8_t>(U(rng) * 80);
        for (int y = by; y < std::min(h, by + bh); ++y)
            for (int x = bx; x < std::min(w, bx + bw); ++x)
                if ((x / period) % 2 == 0 && U(rng) < 0.9)
                    c.at(x, y) = level;
    }
    return c;
}

inline void blur3(Canvas& c)
{
    Canvas t = c;
    for (int y = 1; y < c.height - 1; ++y)
        for (int x = 1; x < c.width - 1; ++x) {
            int s = 0;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx)
                    s += t.at(x + dx, y + dy);
            c.at(x, y) = static_cast<std::uint8_t>((s + 4) / 9);
        }
}

inline void addNoise(Canvas& c, double sigma, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> N(0, sigma);
    for (auto& p : c.px)
        p = static_cast<std::uint8_t>(std::clamp(p + N(rng), 0.0, 255.0));
}

// The same picture as 32-bit B,G,R,X pixels (what a camera or QImage::Format_RGB32 hands over).
inline std::vector<std::uint8_t> toBgrx(const Canvas& c)
{
    std::vector<std::uint8_t> out(c.px.size() * 4);
    for (size_t i = 0; i < c.px.size(); ++i) {
        out[4 * i] = out[4 * i + 1] = out[4 * i + 2] = c.px[i];
        out[4 * i + 3] = 255;
    }
    return out;
}

} // namespace ocop::scan::synthetic
