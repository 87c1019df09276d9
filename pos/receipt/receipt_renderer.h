#pragma once
// Receipts drawn with Qt into an image exactly as wide as the printer's head
// (384 dots on 58 mm paper, 576 on 80 mm), then thresholded to a 1-bit
// bitmap for the ESC/POS encoder. renderReceipt registers the Vietnamese font
// itself (ensureVietnameseFont). Needs a QGuiApplication (offscreen is fine).
#include "core/escpos.h"
#include "core/receipt.h"

#include <QImage>
#include <QString>

#include <string>

namespace ocop {

// A white Format_RGB32 image exactly paperWidthDots(width) pixels wide and as
// tall as the receipt: shop header, title (with "(IN LẠI)" on reprints),
// receipt facts, the lines, totals, VAT by rate, payments and change, an
// optional QR code and the footer. Black text only, so it prints cleanly.
QImage renderReceipt(const Receipt& receipt, PaperWidth width);

// Threshold at mid-grey (luminance < 128 is black). Receipts are black text on
// white, so a hard threshold keeps glyph edges crisp and strokes at their
// rendered weight; error-diffusion dithering would only sprinkle noise along
// anti-aliased edges. Transparent pixels count as white (paper).
MonoBitmap toMonoBitmap(const QImage& image);

// renderReceipt -> toMonoBitmap -> encodeEscPosRaster, ready for sendToPrinter.
std::string renderReceiptEscPos(const Receipt& receipt, PaperWidth width, const EscPosOptions& options = {});

// Writes the image as PNG; false when the image is null or the file cannot be written.
bool saveReceiptPng(const QImage& image, const QString& path);

// HOOK for the QR code printed under the totals (receipt.qrPayload, e.g. a
// VietQR string or a traceability link). Returns a black-on-white image of at
// most maxSidePx x maxSidePx, or a null QImage to print nothing. For now it
// always returns a null image; the ZXing adapter (MultiFormatWriter) plugs in
// here, and renderReceipt already reserves space for whatever it returns.
QImage receiptQrImage(const std::string& payload, int maxSidePx);

} // namespace ocop
