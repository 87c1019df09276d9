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

// A QR code of payload (UTF-8, level M) black on white with a 4-module quiet
// zone, whole pixels per module (at least 2: a phone reads sharp squares from
// further away), at most maxSidePx square where that allows 2; a null QImage
// when the text does not fit a QR code. The receipt's code under the totals
// (receipt.qrPayload) and the payment screen's VietQR are both drawn by it.
QImage receiptQrImage(const std::string& payload, int maxSidePx);

} // namespace ocop
