#pragma once
// The one adapter around ZXing-cpp: every decode and encode in the project
// goes through here, so the ZXing version (Debian ships 1.4) is a detail of
// barcode_reader.cpp. No Qt in this header: callers hand in raw pixels.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ocop::scan {

enum class PixelFormat { Gray8, RGB888, RGBX8888, BGRX8888 };

// A view of pixels the caller owns for the duration of a decode call.
struct ImageRef {
    const std::uint8_t* data = nullptr;
    int width = 0;
    int height = 0;
    int rowStride = 0; // bytes per row
    PixelFormat format = PixelFormat::Gray8;
};

// Region of interest in image pixels; an empty rect means the whole image.
struct Rect {
    int x = 0, y = 0, width = 0, height = 0;
    bool empty() const { return width <= 0 || height <= 0; }
};

// What a shop meets; anything else is never reported.
enum class Symbology { QrCode, Ean13, Ean8, UpcA, UpcE, Code128, DataMatrix };
std::string_view symbologyName(Symbology s); // "QR_CODE", "EAN_13", ...

struct DecodedCode {
    Symbology symbology = Symbology::QrCode;
    std::string text;          // UTF-8; GS1 separators kept as ASCII 29
    std::string symbologyId;   // AIM identifier, e.g. "]Q3", "]E0", "]C1", "]d2"
    bool gs1 = false;          // FNC1 in first position (GS1 element string)
    std::vector<int> corners;  // x0,y0,...,x3,y3 in the caller's image pixels
};

struct DecodeOptions {
    std::vector<Symbology> symbologies = {Symbology::QrCode, Symbology::Ean13, Symbology::Ean8,
                                          Symbology::UpcA, Symbology::UpcE, Symbology::Code128,
                                          Symbology::DataMatrix};
    Rect region;                                   // empty: whole image
    // Camera frames: one fast pass. Still images: keep retrying other
    // scales, binarizers, inversion, crops and rotations until something
    // decodes or the budget is spent.
    bool tryHarder = false;
    std::chrono::milliseconds budget{0};           // 0: no retries beyond one pass
};

// Thread-compatible: one reader per thread (the camera decoder owns its own).
class BarcodeReader {
public:
    explicit BarcodeReader(DecodeOptions options = {});
    // Codes read, deduplicated by text; empty for null/empty images or a
    // region outside the image (the region is clipped). Throws
    // std::invalid_argument if rowStride is shorter than a row.
    // Still images (tryHarder, budget > 0) report a 1D code only once two
    // different passes read the same text at the same place.
    std::vector<DecodedCode> decode(const ImageRef& image) const;
    const DecodeOptions& options() const { return options_; }

private:
    DecodeOptions options_;
};

// A QR code as modules (true = dark), for the VietQR payment code and the
// receipt's trace/payment QR. Quiet zone not included.
struct QrMatrix {
    int size = 0;
    std::vector<bool> modules; // row-major size*size
    bool dark(int x, int y) const { return modules[static_cast<size_t>(y * size + x)]; }
};
// Error-correction level M unless told; throws UserError if the text does not fit.
QrMatrix encodeQr(std::string_view utf8, char ecLevel = 'M');

} // namespace ocop::scan
