// The ZXing adapter (ZXing-cpp 1.4 on Debian 12, built with ZX_USE_UTF8).
//
// Camera frames (tryHarder = false) get one fast ZXing pass over the region
// of interest. Still images (tryHarder = true, budget > 0) go down a retry
// ladder until a pass reads something or the budget is spent: ZXing's own
// try-harder pass first, then other binarizers, a normalised scale, a quiet
// zone, inversion, sharpen / blur / contrast stretch / closing, more scales,
// rotations by 45 and 22.5 degrees (1D only: ZXing's 1D readers scan rows and,
// with tryRotate, columns) and overlapping crops. A 1D read counts only once two
// different passes have read the same text at the same place: EAN/UPC check
// digits alone let about one random misread in ten through, and photos of
// text, fabric or shelves are full of bar-like stripes.
#include "scan/barcode_reader.h"

#include "core/errors.h"
#include "scan/gray_image.h"
#include "scan/zbar_qr.h"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>
#include <ZXing/Result.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace ocop::scan {

namespace {

using detail::Affine;
using detail::GrayImage;
using Clock = std::chrono::steady_clock;

ZXing::BarcodeFormat toZx(Symbology s)
{
    switch (s) {
    case Symbology::QrCode: return ZXing::BarcodeFormat::QRCode;
    case Symbology::Ean13: return ZXing::BarcodeFormat::EAN13;
    case Symbology::Ean8: return ZXing::BarcodeFormat::EAN8;
    case Symbology::UpcA: return ZXing::BarcodeFormat::UPCA;
    case Symbology::UpcE: return ZXing::BarcodeFormat::UPCE;
    case Symbology::Code128: return ZXing::BarcodeFormat::Code128;
    case Symbology::DataMatrix: return ZXing::BarcodeFormat::DataMatrix;
    }
    return ZXing::BarcodeFormat::None;
}

bool fromZx(ZXing::BarcodeFormat f, Symbology& out)
{
    switch (f) {
    case ZXing::BarcodeFormat::QRCode: out = Symbology::QrCode; return true;
    case ZXing::BarcodeFormat::EAN13: out = Symbology::Ean13; return true;
    case ZXing::BarcodeFormat::EAN8: out = Symbology::Ean8; return true;
    case ZXing::BarcodeFormat::UPCA: out = Symbology::UpcA; return true;
    case ZXing::BarcodeFormat::UPCE: out = Symbology::UpcE; return true;
    case ZXing::BarcodeFormat::Code128: out = Symbology::Code128; return true;
    case ZXing::BarcodeFormat::DataMatrix: out = Symbology::DataMatrix; return true;
    default: return false;
    }
}

bool isMatrix(Symbology s) { return s == Symbology::QrCode || s == Symbology::DataMatrix; }

bool isGs1(const ZXing::Result& r, const std::string& id)
{
    // AIM modifiers for "FNC1 in first position": Code 128 ]C1, Data Matrix
    // ]d2 (]d5 with ECI), QR ]Q3 (]Q4 with ECI).
    return r.contentType() == ZXing::ContentType::GS1 || id == "]C1" || id == "]d2" || id == "]d5" ||
           id == "]Q3" || id == "]Q4";
}

// Debug trace of the ladder: OCOP_SCAN_TRACE=1 prints every pass to stderr.
bool traceEnabled()
{
    static const bool on = [] {
        const char* v = std::getenv("OCOP_SCAN_TRACE");
        return v && *v && *v != '0';
    }();
    return on;
}

// `toImage(x, y, ox, oy)` maps a point of the decoded picture to the caller's image.
template <typename Map>
DecodedCode toDecodedMapped(const ZXing::Result& res, Symbology s, const Map& toImage)
{
    DecodedCode c;
    c.symbology = s;
    c.text = res.text();
    c.symbologyId = res.symbologyIdentifier();
    c.gs1 = isGs1(res, c.symbologyId);
    c.corners.reserve(8);
    for (int i = 0; i < 4; ++i) {
        double x, y;
        toImage(res.position()[i].x, res.position()[i].y, x, y);
        c.corners.push_back(static_cast<int>(std::lround(x)));
        c.corners.push_back(static_cast<int>(std::lround(y)));
    }
    return c;
}

DecodedCode toDecoded(const ZXing::Result& res, Symbology s, const Affine& toImage)
{
    return toDecodedMapped(res, s, [&](double x, double y, double& ox, double& oy) { toImage.apply(x, y, ox, oy); });
}

struct Box {
    double x0, y0, x1, y1;
};

Box boxOf(const std::vector<int>& corners)
{
    Box b{1e18, 1e18, -1e18, -1e18};
    for (size_t i = 0; i + 1 < corners.size(); i += 2) {
        b.x0 = std::min<double>(b.x0, corners[i]);
        b.x1 = std::max<double>(b.x1, corners[i]);
        b.y0 = std::min<double>(b.y0, corners[i + 1]);
        b.y1 = std::max<double>(b.y1, corners[i + 1]);
    }
    return b;
}

// Whether two reads lie on the same symbol: their centres are within half
// the larger extent of each other (1D positions are scan lines, so boxes can
// be thin; the centre test does not care).
bool samePlace(const std::vector<int>& a, const std::vector<int>& b)
{
    const Box p = boxOf(a), q = boxOf(b);
    const double ext = std::max({p.x1 - p.x0, p.y1 - p.y0, q.x1 - q.x0, q.y1 - q.y0, 8.0});
    const double dx = (p.x0 + p.x1 - q.x0 - q.x1) / 2, dy = (p.y0 + p.y1 - q.y0 - q.y1) / 2;
    return std::hypot(dx, dy) <= ext / 2;
}

// ZXing-cpp 1.4 as Debian builds it keeps its assertions, and
// Result::operator== asserts when two 1D results with the same text that
// each span several scan lines are compared - which ReadBarcodes does when
// two identical labels are in view, or when its downscale pyramid finds a 1D
// symbol twice: the whole terminal would abort. So 1D formats are read in a
// call of their own that stops at the first symbol (nothing left to compare),
// matrix formats in another (their comparison is a safe position test).
//
// `linearHarder` overrides tryHarder for the 1D call: without it ZXing 1.4
// scans only 15 rows around the middle (a label in the top or bottom third
// of a camera frame is never seen), and with it a 1D call still costs only
// a few milliseconds, unlike the matrix detectors.
ZXing::Results readZx(const ZXing::ImageView& view, ZXing::DecodeHints hints, bool linearHarder = true)
{
    const ZXing::BarcodeFormats all = hints.formats();
    const ZXing::BarcodeFormats matrix = all & ZXing::BarcodeFormats(ZXing::BarcodeFormat::MatrixCodes);
    const ZXing::BarcodeFormats linear = all & ZXing::BarcodeFormats(ZXing::BarcodeFormat::LinearCodes);
    ZXing::Results out;
    try {
        if (!matrix.empty())
            out = ZXing::ReadBarcodes(view, hints.setFormats(matrix).setMaxNumberOfSymbols(0xff));
        if (!linear.empty())
            for (auto& r : ZXing::ReadBarcodes(
                     view, hints.setFormats(linear).setMaxNumberOfSymbols(1).setTryDownscale(false).setTryHarder(
                                   linearHarder || hints.tryHarder())))
                out.push_back(std::move(r));
    } catch (const std::exception&) {
        // ZXing throws on degenerate input (e.g. images wider than it can
        // index); a decode that cannot run reads nothing.
    }
    return out;
}

// One decode call's retry state.
class Ladder {
public:
    Ladder(const DecodeOptions& opt, ZXing::BarcodeFormats formats, Rect roi)
        : opt_(opt), formats_(formats), roi_(roi),
          deadline_(Clock::now() + std::max(opt.budget, std::chrono::milliseconds(0)))
    {
        for (auto s : opt.symbologies)
            (isMatrix(s) ? wantMatrix_ : wantLinear_) = true;
    }

    bool wantLinear() const { return wantLinear_; }
    bool wantMatrix() const { return wantMatrix_; }
    bool expired() const { return passes_ > 0 && Clock::now() >= deadline_; }
    // Stop once something is reported - after at most two more passes if a
    // 1D read still waits for its confirming second read.
    bool done() const { return expired() || (found_ && (!pending() || passes_ - foundAt_ > 2)); }

    // Runs ZXing on `img` (mapped to the ROI by `map`); true when the ladder
    // should stop (something confirmed, or out of time).
    bool run(const char* name, const GrayImage& img, const Affine& map,
             ZXing::Binarizer binarizer = ZXing::Binarizer::LocalAverage, bool downscale = false,
             ZXing::BarcodeFormats only = ZXing::BarcodeFormat::None)
    {
        if (done())
            return true;
        if (img.empty())
            return false;
        ZXing::BarcodeFormats formats = formats_;
        if (!only.empty())
            formats &= only;
        if (formats.empty())
            return false;
        ZXing::DecodeHints hints;
        hints.setFormats(formats)
            .setTryHarder(true)
            .setTryRotate(true)
            .setTryDownscale(downscale)
            .setBinarizer(binarizer);
        const auto t0 = Clock::now();
        const ZXing::Results read =
            readZx(ZXing::ImageView(img.px.data(), img.width, img.height, ZXing::ImageFormat::Lum), hints);
        const int pass = passes_++;
        const Affine toImage = Affine{1, 0, static_cast<double>(roi_.x), 0, 1, static_cast<double>(roi_.y)}.after(map);
        for (const auto& res : read) {
            Symbology s;
            if (!res.isValid() || !fromZx(res.format(), s))
                continue;
            note(toDecoded(res, s, toImage), pass);
        }
        if (!found_ && !results().empty()) {
            found_ = true;
            foundAt_ = passes_;
        }
        if (traceEnabled()) {
            std::fprintf(stderr, "  pass %2d %-16s %4dx%-4d bin=%d %6.1f ms:", pass, name, img.width, img.height,
                         static_cast<int>(binarizer),
                         std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            for (const auto& res : read)
                std::fprintf(stderr, " [%s %s lines=%d]", ZXing::ToString(res.format()), res.text().substr(0, 24).c_str(),
                             res.lineCount());
            std::fprintf(stderr, "\n");
        }
        return done();
    }

    // The second QR decoder (see zbar_qr.h) on `img`; true when the ladder
    // should stop.
    bool runZbar(const GrayImage& img, const Affine& map)
    {
        if (done())
            return true;
        if (img.empty() || !formats_.testFlag(ZXing::BarcodeFormat::QRCode))
            return false;
        const auto t0 = Clock::now();
        const auto read = detail::zbarReadQr(img);
        const int pass = passes_++;
        const Affine toImage = Affine{1, 0, static_cast<double>(roi_.x), 0, 1, static_cast<double>(roi_.y)}.after(map);
        for (const auto& q : read) {
            DecodedCode c;
            c.symbology = Symbology::QrCode;
            c.text = q.text;
            c.gs1 = q.gs1;
            c.symbologyId = q.gs1 ? "]Q3" : "]Q1";
            for (std::size_t i = 0; i + 1 < q.corners.size(); i += 2) {
                double x, y;
                toImage.apply(q.corners[i], q.corners[i + 1], x, y);
                c.corners.push_back(static_cast<int>(std::lround(x)));
                c.corners.push_back(static_cast<int>(std::lround(y)));
            }
            note(std::move(c), pass);
        }
        if (!found_ && !results().empty()) {
            found_ = true;
            foundAt_ = passes_;
        }
        if (traceEnabled())
            std::fprintf(stderr, "  pass %2d %-16s %4dx%-4d zbar  %6.1f ms: %zu QR\n", pass, "zbar", img.width,
                         img.height, std::chrono::duration<double, std::milli>(Clock::now() - t0).count(), read.size());
        return done();
    }

    std::vector<DecodedCode> results() const
    {
        std::vector<DecodedCode> out;
        for (const auto& c : cands_) {
            if (!confirmed(c) || (!isMatrix(c.code.symbology) && !winsPlace(c)))
                continue;
            out.push_back(c.code);
        }
        return out;
    }

    // A single-pass call (budget 0) trusts ZXing's own line agreement.
    void trustSinglePass() { single_ = true; }

private:
    struct Cand {
        DecodedCode code;
        std::vector<int> passes;
        double band = 0; // widest band of agreeing scan lines (1D), image pixels
    };

    // A 1D position runs along the scan line from corner 0 to 1 and across the
    // band of agreeing lines from corner 0 to 3.
    static double bandOf(const DecodedCode& c)
    {
        if (c.corners.size() < 8)
            return 0;
        return std::hypot(c.corners[6] - c.corners[0], c.corners[7] - c.corners[1]);
    }

    // Two different 1D texts read at the same place: one is a misread (a
    // skewed scan line can decode to another valid EAN). The read seen over
    // the clearly wider band of scan lines wins; if neither does, the one
    // read by more passes; if still tied, neither is reported.
    bool winsPlace(const Cand& c) const
    {
        for (const auto& o : cands_) {
            if (&o == &c || isMatrix(o.code.symbology) || o.code.text == c.code.text ||
                !samePlace(o.code.corners, c.code.corners))
                continue;
            if (c.band >= 1.5 * o.band + 1)
                continue;
            if (o.band >= 1.5 * c.band + 1)
                return false;
            if (c.passes.size() <= o.passes.size())
                return false;
        }
        return true;
    }

    bool confirmed(const Cand& c) const
    {
        return single_ || isMatrix(c.code.symbology) || c.passes.size() >= 2;
    }

    void note(DecodedCode code, int pass)
    {
        for (auto& c : cands_) {
            if (c.code.symbology == code.symbology && c.code.text == code.text &&
                (isMatrix(code.symbology) || samePlace(c.code.corners, code.corners))) {
                if (c.passes.back() != pass)
                    c.passes.push_back(pass);
                c.band = std::max(c.band, bandOf(code));
                return;
            }
        }
        const double band = bandOf(code);
        cands_.push_back({std::move(code), {pass}, band});
    }

    const DecodeOptions& opt_;
    ZXing::BarcodeFormats formats_;
    Rect roi_;
    Clock::time_point deadline_;
    bool wantLinear_ = false, wantMatrix_ = false, single_ = false, found_ = false;
    int passes_ = 0, foundAt_ = 0;
    std::vector<Cand> cands_;

    bool pending() const
    {
        return std::any_of(cands_.begin(), cands_.end(), [&](const Cand& c) { return !confirmed(c); });
    }
};

GrayImage scaledBy(const GrayImage& src, double f, Affine& map)
{
    return detail::resized(src, std::max(1, static_cast<int>(std::lround(src.width * f))),
                           std::max(1, static_cast<int>(std::lround(src.height * f))), &map);
}

std::vector<DecodedCode> climb(const ImageRef& image, const Rect& roi, const DecodeOptions& opt,
                               ZXing::BarcodeFormats formats)
{
    using ZXing::Binarizer;
    Ladder L(opt, formats, roi);
    const GrayImage base = detail::toGray(image, roi);
    const Affine id;
    if (opt.budget.count() <= 0) {
        L.trustSinglePass();
        L.run("base", base, id, Binarizer::LocalAverage, true);
        return L.results();
    }

    const int S = std::max(base.width, base.height);
    // The working scale: symbols in phone photos of small images are too
    // few pixels per module; big images waste time and blur ZXing's
    // local thresholds.
    Affine workMap;
    GrayImage scaledWork;
    if (S > 1600)
        scaledWork = scaledBy(base, 1280.0 / S, workMap);
    else if (S < 480)
        scaledWork = scaledBy(base, S < 200 ? 3.0 : 2.0, workMap);
    const GrayImage& work = scaledWork.empty() ? base : scaledWork;
    if (scaledWork.empty())
        workMap = id;

    // 1. ZXing's own try-harder pass (its downscale pyramid included), then
    // the other histogram binarizer.
    if (S > 2500 && L.run("work", work, workMap))
        return L.results();
    if (L.run("base", base, id, Binarizer::LocalAverage, true) ||
        L.run("base/hist", base, id, Binarizer::GlobalHistogram, true))
        return L.results();
    // 2. Normalised scale.
    if (!scaledWork.empty() && (L.run("work", work, workMap) ||
                                L.run("work/hist", work, workMap, Binarizer::GlobalHistogram)))
        return L.results();
    // 2b. ZBar's QR sampler, which fits a grid to blurred, ink-bled photos
    // where ZXing 1.4's gives up.
    if (L.runZbar(work, workMap))
        return L.results();
    // 3. A quiet zone around symbols that touch the edge (cropped photos).
    {
        Affine pm;
        const int margin = std::max(8, std::min(work.width, work.height) / 10);
        const GrayImage pad = detail::padded(work, margin, 255, &pm);
        if (L.run("pad", pad, workMap.after(pm)) ||
            L.run("pad/hist", pad, workMap.after(pm), Binarizer::GlobalHistogram))
            return L.results();
    }
    // 4. Light symbols on a dark ground.
    {
        const GrayImage inv = detail::inverted(work);
        if (L.run("invert", inv, workMap) || L.run("invert/hist", inv, workMap, Binarizer::GlobalHistogram))
            return L.results();
    }
    // 5. Filters: blurry photos, noisy photos, flat contrast, dotted matrix codes.
    {
        const GrayImage sharp = detail::sharpened(work, 1.5);
        if (L.run("sharpen", sharp, workMap) || L.run("sharpen/hist", sharp, workMap, Binarizer::GlobalHistogram) ||
            L.run("sharpen/fixed", detail::contrastStretched(sharp), workMap, Binarizer::FixedThreshold))
            return L.results();
    }
    {
        const GrayImage blur = detail::boxBlur3(work);
        if (L.run("blur", blur, workMap) || L.run("blur/hist", blur, workMap, Binarizer::GlobalHistogram))
            return L.results();
    }
    {
        // A fixed mid-level threshold after a contrast stretch keeps thin
        // blurred bars that the adaptive binarizers lose.
        if (L.run("stretch/fixed", detail::contrastStretched(work), workMap, Binarizer::FixedThreshold) ||
            (!scaledWork.empty() &&
             L.run("base/fixed", detail::contrastStretched(base), id, Binarizer::FixedThreshold)))
            return L.results();
    }
    if (L.wantMatrix()) {
        const GrayImage closed = detail::closedDark(work);
        if (L.run("close", closed, workMap, Binarizer::LocalAverage, false,
                  ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::DataMatrix))
            return L.results();
    }
    // 6. Other scales of the working image.
    for (double f : {1.5, 0.75, 0.5, 2.0}) {
        const int side = static_cast<int>(std::max(work.width, work.height) * f);
        if (side < 120 || side > 2400)
            continue;
        Affine m;
        const GrayImage s = scaledBy(work, f, m);
        if (L.run("scale", s, workMap.after(m)) ||
            L.run("scale/hist", s, workMap.after(m), Binarizer::GlobalHistogram) ||
            L.run("scale/fixed", detail::contrastStretched(s), workMap.after(m), Binarizer::FixedThreshold))
            return L.results();
    }
    // 7. Diagonal 1D symbols.
    if (L.wantLinear()) {
        const std::uint8_t fill = detail::meanLuma(work);
        for (double deg : {45.0, -45.0, 22.5, -22.5, 67.5, -67.5}) {
            Affine m;
            const GrayImage r = detail::rotated(work, deg, fill, &m);
            if (L.run("rotate", r, workMap.after(m), Binarizer::LocalAverage, false, ZXing::BarcodeFormat::LinearCodes))
                return L.results();
        }
    }
    // 8. Overlapping crops, enlarged: small symbols in big scenes, and
    // symbols next to clutter that confuses the detectors.
    for (int grid : {1, 2, 3}) {
        // Windows of 60% (1: centre only), 60% and 45% of the side.
        const double frac = grid == 3 ? 0.45 : 0.6;
        const int cw = std::max(1, static_cast<int>(work.width * frac));
        const int ch = std::max(1, static_cast<int>(work.height * frac));
        for (int gy = 0; gy < grid; ++gy) {
            for (int gx = 0; gx < grid; ++gx) {
                const int x = grid == 1 ? (work.width - cw) / 2 : gx * (work.width - cw) / (grid - 1);
                const int y = grid == 1 ? (work.height - ch) / 2 : gy * (work.height - ch) / (grid - 1);
                Affine cm;
                const GrayImage c = detail::cropped(work, x, y, cw, ch, &cm);
                const double f = std::clamp(800.0 / std::max(c.width, c.height), 1.0, 2.0);
                Affine sm;
                const GrayImage up = f > 1.05 ? scaledBy(c, f, sm) : c;
                const Affine m = workMap.after(cm).after(f > 1.05 ? sm : id);
                if (L.run("crop", up, m) || L.run("crop/hist", up, m, Binarizer::GlobalHistogram))
                    return L.results();
            }
        }
    }
    return L.results();
}

} // namespace

std::string_view symbologyName(Symbology s)
{
    switch (s) {
    case Symbology::QrCode: return "QR_CODE";
    case Symbology::Ean13: return "EAN_13";
    case Symbology::Ean8: return "EAN_8";
    case Symbology::UpcA: return "UPC_A";
    case Symbology::UpcE: return "UPC_E";
    case Symbology::Code128: return "CODE_128";
    case Symbology::DataMatrix: return "DATA_MATRIX";
    }
    return "UNKNOWN";
}

BarcodeReader::BarcodeReader(DecodeOptions options) : options_(std::move(options)) {}

std::vector<DecodedCode> BarcodeReader::decode(const ImageRef& image) const
{
    std::vector<DecodedCode> out;
    if (!image.data || image.width <= 0 || image.height <= 0)
        return out;
    const int bpp = image.format == PixelFormat::Gray8 ? 1 : image.format == PixelFormat::RGB888 ? 3 : 4;
    if (image.rowStride < image.width * bpp)
        throw std::invalid_argument("ImageRef: rowStride smaller than a row");

    Rect r = options_.region;
    if (r.empty())
        r = {0, 0, image.width, image.height};
    const int x0 = std::clamp(r.x, 0, image.width), y0 = std::clamp(r.y, 0, image.height);
    const int x1 = std::clamp(r.x + r.width, 0, image.width), y1 = std::clamp(r.y + r.height, 0, image.height);
    r = {x0, y0, x1 - x0, y1 - y0};
    if (r.empty())
        return out;

    ZXing::BarcodeFormats formats;
    for (auto s : options_.symbologies)
        formats |= toZx(s);
    if (formats.empty())
        return out;

    if (options_.tryHarder)
        return climb(image, r, options_, formats);

    // Camera frame: one pass over the region's luma. Matrix codes without
    // try-harder but with ZXing's downscale pyramid (big symbols close to the
    // lens); 1D with try-harder (every other row) and rotation (columns).
    const GrayImage gray = detail::toGray(image, r);
    ZXing::DecodeHints hints;
    hints.setFormats(formats).setTryHarder(false).setTryRotate(true).setTryDownscale(true);
    const Affine toImage{1, 0, static_cast<double>(r.x), 0, 1, static_cast<double>(r.y)};
    for (const auto& res : readZx(ZXing::ImageView(gray.px.data(), gray.width, gray.height, ZXing::ImageFormat::Lum), hints)) {
        Symbology s;
        if (!res.isValid() || !fromZx(res.format(), s))
            continue;
        DecodedCode c = toDecoded(res, s, toImage);
        if (std::none_of(out.begin(), out.end(),
                         [&](const DecodedCode& o) { return o.text == c.text && o.symbology == c.symbology; }))
            out.push_back(std::move(c));
    }
    return out;
}

QrMatrix encodeQr(std::string_view utf8, char ecLevel)
{
    // MultiFormatWriter maps 0..8 onto L, M, Q, H as (level - 1) / 2.
    int level = 4;
    switch (ecLevel) {
    case 'L': case 'l': level = 1; break;
    case 'M': case 'm': level = 4; break;
    case 'Q': case 'q': level = 6; break;
    case 'H': case 'h': level = 8; break;
    default: throw UserError("QR error-correction level must be L, M, Q or H");
    }
    if (utf8.empty())
        throw UserError("QR text is empty");
    // Pure ASCII goes out without an ECI header (byte mode's default charset
    // covers it and some payment apps choke on ECI); anything else is UTF-8
    // announced by ECI 26 so readers do not guess Latin-1.
    const bool ascii =
        std::all_of(utf8.begin(), utf8.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
    writer.setEccLevel(level).setMargin(0);
    if (!ascii)
        writer.setEncoding(ZXing::CharacterSet::UTF8);
    ZXing::BitMatrix bits;
    try {
        bits = writer.encode(std::string(utf8), 0, 0);
    } catch (const std::exception& e) {
        throw UserError(std::string("text does not fit in a QR code: ") + e.what());
    }
    QrMatrix m;
    m.size = bits.width();
    m.modules.resize(static_cast<size_t>(m.size) * static_cast<size_t>(m.size));
    for (int y = 0; y < m.size; ++y)
        for (int x = 0; x < m.size; ++x)
            m.modules[static_cast<size_t>(y) * m.size + x] = bits.get(x, y);
    return m;
}

} // namespace ocop::scan
