#include "scan/zbar_qr.h"

#include <zbar.h>

#include <algorithm>
#include <climits>
#include <memory>

namespace ocop::scan::detail {

// zbar.h puts its C API in namespace zbar when compiled as C++.
using namespace zbar;

std::vector<ZbarQr> zbarReadQr(const GrayImage& img)
{
    std::vector<ZbarQr> out;
    if (img.empty())
        return out;
    std::unique_ptr<zbar_image_scanner_t, decltype(&zbar_image_scanner_destroy)> scanner(zbar_image_scanner_create(),
                                                                                         &zbar_image_scanner_destroy);
    zbar_image_scanner_set_config(scanner.get(), ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner.get(), ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    std::unique_ptr<zbar_image_t, decltype(&zbar_image_destroy)> image(zbar_image_create(), &zbar_image_destroy);
    zbar_image_set_format(image.get(), zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(image.get(), static_cast<unsigned>(img.width), static_cast<unsigned>(img.height));
    // ZBar only reads the buffer; no cleanup handler, the GrayImage owns it.
    zbar_image_set_data(image.get(), img.px.data(), img.px.size(), nullptr);
    if (zbar_scan_image(scanner.get(), image.get()) <= 0)
        return out;
    for (auto* sym = zbar_image_first_symbol(image.get()); sym; sym = zbar_symbol_next(sym)) {
        if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
            continue;
        ZbarQr q;
        q.text.assign(zbar_symbol_get_data(sym), zbar_symbol_get_data_length(sym));
        q.gs1 = (zbar_symbol_get_modifiers(sym) & (1u << ZBAR_MOD_GS1)) != 0;
        // The outline as the bounding box of ZBar's location points, in the
        // reader's corner order (top-left, top-right, bottom-right, bottom-left).
        int x0 = INT_MAX, y0 = INT_MAX, x1 = INT_MIN, y1 = INT_MIN;
        const unsigned n = zbar_symbol_get_loc_size(sym);
        for (unsigned i = 0; i < n; ++i) {
            x0 = std::min(x0, zbar_symbol_get_loc_x(sym, i));
            y0 = std::min(y0, zbar_symbol_get_loc_y(sym, i));
            x1 = std::max(x1, zbar_symbol_get_loc_x(sym, i));
            y1 = std::max(y1, zbar_symbol_get_loc_y(sym, i));
        }
        if (n > 0)
            q.corners = {x0, y0, x1, y0, x1, y1, x0, y1};
        out.push_back(std::move(q));
    }
    return out;
}

} // namespace ocop::scan::detail
