#pragma once
// A second QR decoder for still images. ZXing-cpp 1.4's module sampler gives
// up on some blurred, ink-bled photos that ZBar's (a different grid fit and
// binarizer) reads, so the still-image ladder asks ZBar once when ZXing found
// nothing. QR only: 2D codes carry their own error correction, so a second
// opinion cannot invent a read the way a 1D scan line can.
#include "scan/gray_image.h"

#include <string>
#include <vector>

namespace ocop::scan::detail {

struct ZbarQr {
    std::string text;     // UTF-8
    bool gs1 = false;     // FNC1 in first position
    std::vector<int> corners; // x0,y0..x3,y3 in `img` pixels (the symbol's outline)
};

std::vector<ZbarQr> zbarReadQr(const GrayImage& img);

} // namespace ocop::scan::detail
