// The camera scanning pipeline without a camera: video frames built in
// memory (a QR code from encodeQr, an EAN-13 drawn bar by bar, real photos
// from the shared test data) go through a real QVideoSink into the
// CameraScanner, whose decoder thread runs the real ZXing adapter. Checks the
// same-code window (one scan per code held in view), the region of interest,
// the pixel formats cameras deliver, that frames are dropped (never queued or
// waited for) while the decoder is busy, and, with a real PosController on a
// demo terminal, that scanned items land in the cart.
#include "app/camera_scanner.h"
#include "app/pos_controller.h"
#include "app/qml_registration.h"
#include "core/timeutil.h"
#include "scan/barcode_reader.h"
#include "service/pos_service.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QThread>
#include <QVideoFrame>
#include <QVideoFrameFormat>
#include <QVideoSink>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

using namespace ocop;
namespace fs = std::filesystem;

namespace {

void ensureApp()
{
    if (QCoreApplication::instance())
        return;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "test_camera_scanner";
    static char* argv[] = {name, nullptr};
    new QGuiApplication(argc, argv); // lives for the whole test run
    spdlog::set_level(spdlog::level::warn);
}

// Lets queued results come back for `ms`.
void pump(int ms)
{
    QElapsedTimer t;
    t.start();
    do {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (t.elapsed() < ms)
            QThread::msleep(1);
    } while (t.elapsed() < ms);
}

template <typename Pred>
bool waitFor(Pred pred, int timeoutMs = 5000)
{
    QElapsedTimer t;
    t.start();
    while (!pred()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(1);
    }
    return true;
}

// --- pictures -------------------------------------------------------------

QImage blank(int w = 640, int h = 480)
{
    QImage img(w, h, QImage::Format_RGB32);
    img.fill(Qt::white);
    return img;
}

// A QR code with `module` px per module, its centre at (cx, cy).
QImage withQr(QImage img, const std::string& text, int cx, int cy, int module = 5)
{
    const scan::QrMatrix m = scan::encodeQr(text);
    const int side = m.size * module;
    QPainter p(&img);
    p.fillRect(cx - side / 2 - 4 * module, cy - side / 2 - 4 * module, side + 8 * module, side + 8 * module, Qt::white);
    for (int y = 0; y < m.size; ++y)
        for (int x = 0; x < m.size; ++x)
            if (m.dark(x, y))
                p.fillRect(cx - side / 2 + x * module, cy - side / 2 + y * module, module, module, Qt::black);
    return img;
}

QImage qrFrame(const std::string& text) { return withQr(blank(), text, 320, 240); }

// An EAN-13 symbol drawn from its digits (GS1 General Specifications 5.2):
// start guard, six left digits in L/G sets chosen by the first digit, centre
// guard, six right digits in the R set, end guard.
QImage withEan13(QImage img, const std::string& digits, int cx, int cy, int module = 3, int barHeight = 120)
{
    static const char* L[10] = {"0001101", "0011001", "0010011", "0111101", "0100011",
                                "0110001", "0101111", "0111011", "0110111", "0001011"};
    static const char* parity[10] = {"LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
                                     "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"};
    auto r = [](int d) {
        std::string s = L[d];
        for (char& c : s)
            c = c == '0' ? '1' : '0';
        return s;
    };
    std::string bits = "101";
    const int first = digits[0] - '0';
    for (int i = 1; i <= 6; ++i) {
        const int d = digits[static_cast<std::size_t>(i)] - '0';
        if (parity[first][i - 1] == 'L') {
            bits += L[d];
        } else {
            std::string g = r(d);
            std::reverse(g.begin(), g.end());
            bits += g;
        }
    }
    bits += "01010";
    for (int i = 7; i <= 12; ++i)
        bits += r(digits[static_cast<std::size_t>(i)] - '0');
    bits += "101";
    const int width = static_cast<int>(bits.size()) * module;
    QPainter p(&img);
    const int x0 = cx - width / 2;
    p.fillRect(x0 - 12 * module, cy - barHeight / 2 - 10, width + 24 * module, barHeight + 20, Qt::white);
    for (std::size_t i = 0; i < bits.size(); ++i)
        if (bits[i] == '1')
            p.fillRect(x0 + static_cast<int>(i) * module, cy - barHeight / 2, module, barHeight, Qt::black);
    return img;
}

// --- video frames ---------------------------------------------------------

QVideoFrame bgraFrame(const QImage& image)
{
    const QImage src = image.convertToFormat(QImage::Format_ARGB32); // B,G,R,A in memory (little-endian)
    QVideoFrame frame(QVideoFrameFormat(src.size(), QVideoFrameFormat::Format_BGRA8888));
    frame.map(QVideoFrame::WriteOnly);
    for (int y = 0; y < src.height(); ++y)
        std::memcpy(frame.bits(0) + y * frame.bytesPerLine(0), src.constScanLine(y),
                    static_cast<std::size_t>(src.width()) * 4);
    frame.unmap();
    return frame;
}

QVideoFrame rgbaFrame(const QImage& image)
{
    const QImage src = image.convertToFormat(QImage::Format_RGBA8888);
    QVideoFrame frame(QVideoFrameFormat(src.size(), QVideoFrameFormat::Format_RGBA8888));
    frame.map(QVideoFrame::WriteOnly);
    for (int y = 0; y < src.height(); ++y)
        std::memcpy(frame.bits(0) + y * frame.bytesPerLine(0), src.constScanLine(y),
                    static_cast<std::size_t>(src.width()) * 4);
    frame.unmap();
    return frame;
}

// ARGB8888 has no direct path: it goes through QVideoFrame::toImage.
QVideoFrame argbFrame(const QImage& image)
{
    const QImage src = image.convertToFormat(QImage::Format_ARGB32);
    QVideoFrame frame(QVideoFrameFormat(src.size(), QVideoFrameFormat::Format_ARGB8888));
    frame.map(QVideoFrame::WriteOnly);
    for (int y = 0; y < src.height(); ++y) {
        uchar* dst = frame.bits(0) + y * frame.bytesPerLine(0);
        const QRgb* s = reinterpret_cast<const QRgb*>(src.constScanLine(y));
        for (int x = 0; x < src.width(); ++x) { // A,R,G,B in memory
            dst[4 * x] = 255;
            dst[4 * x + 1] = static_cast<uchar>(qRed(s[x]));
            dst[4 * x + 2] = static_cast<uchar>(qGreen(s[x]));
            dst[4 * x + 3] = static_cast<uchar>(qBlue(s[x]));
        }
    }
    frame.unmap();
    return frame;
}

// NV12 / YUV420P: the luma plane from the picture, neutral chroma.
QVideoFrame yuvFrame(const QImage& image, QVideoFrameFormat::PixelFormat format)
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    QVideoFrame frame(QVideoFrameFormat(gray.size(), format));
    frame.map(QVideoFrame::WriteOnly);
    for (int y = 0; y < gray.height(); ++y)
        std::memcpy(frame.bits(0) + y * frame.bytesPerLine(0), gray.constScanLine(y),
                    static_cast<std::size_t>(gray.width()));
    for (int plane = 1; plane < frame.planeCount(); ++plane)
        std::memset(frame.bits(plane), 128, static_cast<std::size_t>(frame.mappedBytes(plane)));
    frame.unmap();
    return frame;
}

// YUYV (packed 4:2:2): Y0 U Y1 V.
QVideoFrame yuyvFrame(const QImage& image)
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    QVideoFrame frame(QVideoFrameFormat(gray.size(), QVideoFrameFormat::Format_YUYV));
    frame.map(QVideoFrame::WriteOnly);
    for (int y = 0; y < gray.height(); ++y) {
        uchar* dst = frame.bits(0) + y * frame.bytesPerLine(0);
        const uchar* s = gray.constScanLine(y);
        for (int x = 0; x < gray.width(); ++x) {
            dst[2 * x] = s[x];
            dst[2 * x + 1] = 128;
        }
    }
    frame.unmap();
    return frame;
}

// What a camera delivers while looking at one scene: a new frame each time
// (QVideoSink ignores the very same frame set twice), here two copies of
// the picture taking turns.
class Feed {
public:
    template <typename Make>
    explicit Feed(Make make) : m_frames{make(), make()}
    {
    }
    const QVideoFrame& next() { return m_frames[m_turn++ % 2]; }

private:
    QVideoFrame m_frames[2];
    unsigned m_turn = 0;
};

// A camera at `fps` looking at the scene for `ms`.
void show(QVideoSink& sink, Feed& feed, int ms, int fps = 30)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        sink.setVideoFrame(feed.next());
        pump(1000 / fps);
    }
}

struct Scans {
    explicit Scans(CameraScanner& scanner)
    {
        QObject::connect(&scanner, &CameraScanner::codeScanned, [this](const QString& text, const QString& id) {
            texts << text;
            ids << id;
        });
        QObject::connect(&scanner, &CameraScanner::scanSucceeded, [this] { ++succeeded; });
    }
    QStringList texts;
    QStringList ids;
    int succeeded = 0;
};

// Waits for the decoder to finish what it has, so the next frame is decoded.
void settle(CameraScanner& scanner)
{
    ASSERT_TRUE(waitFor([&] { return !scanner.decoderBusy(); }));
    pump(5);
}

} // namespace

// ---------------------------------------------------------------- RecentCodes

TEST(RecentCodes, CodeHeldInViewIsOneScan)
{
    RecentCodes r(1500);
    EXPECT_TRUE(r.accept("8935001800019", 0));
    // Seen every 100 ms for 10 s: each sighting refreshes the window.
    for (std::int64_t t = 100; t <= 10'000; t += 100)
        EXPECT_FALSE(r.accept("8935001800019", t)) << "at " << t;
}

TEST(RecentCodes, SameCodeAgainAfterAPause)
{
    RecentCodes r(1500);
    EXPECT_TRUE(r.accept("A", 0));
    EXPECT_FALSE(r.accept("A", 1499));
    EXPECT_TRUE(r.accept("A", 1499 + 1500)) << "out of sight for the whole window";
}

TEST(RecentCodes, DifferentCodeAtOnce)
{
    RecentCodes r(1500);
    EXPECT_TRUE(r.accept("A", 0));
    EXPECT_TRUE(r.accept("B", 10));
    EXPECT_FALSE(r.accept("A", 20)) << "A is still in view";
    EXPECT_FALSE(r.accept("B", 30));
}

TEST(RecentCodes, ForgetsOldCodes)
{
    RecentCodes r(100);
    for (int i = 0; i < 50; ++i)
        r.accept("code" + std::to_string(i), i * 200);
    EXPECT_LE(r.size(), 2u);
}

// ---------------------------------------------------------------- CameraScanner

class CameraScannerTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ensureApp();
        scanner = std::make_unique<CameraScanner>();
        scanner->setVideoSink(&sink);
        scanner->setDedupMs(500);
    }
    void TearDown() override { scanner.reset(); }

    QVideoSink sink;
    std::unique_ptr<CameraScanner> scanner;
};

TEST_F(CameraScannerTest, DefaultsSuitAShop)
{
    CameraScanner s;
    EXPECT_EQ(s.dedupMs(), 1500);
    EXPECT_TRUE(s.active());
    EXPECT_EQ(s.regionOfInterest(), QRectF(0.1, 0.25, 0.8, 0.5));
    EXPECT_EQ(s.videoSink(), nullptr);
}

TEST_F(CameraScannerTest, CodeHeldInViewIsScannedOnce)
{
    Scans scans(*scanner);
    // Three times the window: a code that stays in view is still one item.
    Feed code([] { return bgraFrame(qrFrame("OCOP-00042")); });
    show(sink, code, 1500);
    settle(*scanner);
    ASSERT_EQ(scans.texts, QStringList{QStringLiteral("OCOP-00042")});
    EXPECT_EQ(scans.ids.front(), QStringLiteral("]Q1"));
    EXPECT_EQ(scans.succeeded, 1);
    EXPECT_EQ(scanner->lastCode(), QStringLiteral("OCOP-00042"));
    EXPECT_GE(scanner->framesDecoded(), 5);
    EXPECT_EQ(scanner->framesReceived(), scanner->framesDecoded() + scanner->framesDropped());
}

TEST_F(CameraScannerTest, SameCodeAgainAfterItLeftTheView)
{
    Scans scans(*scanner);
    Feed code([] { return bgraFrame(qrFrame("OCOP-00042")); });
    Feed empty([] { return bgraFrame(blank()); });
    show(sink, code, 300);
    show(sink, empty, 100); // shorter than the window: the same scan
    show(sink, code, 300);
    settle(*scanner);
    EXPECT_EQ(scans.texts.size(), 1);
    show(sink, empty, 900); // longer than the window
    show(sink, code, 300);
    settle(*scanner);
    EXPECT_EQ(scans.texts, (QStringList{QStringLiteral("OCOP-00042"), QStringLiteral("OCOP-00042")}));
}

TEST_F(CameraScannerTest, DifferentCodeIsScannedAtOnce)
{
    Scans scans(*scanner);
    Feed a([] { return bgraFrame(qrFrame("OCOP-00042")); });
    Feed b([] { return bgraFrame(qrFrame("OCOP-00043")); });
    show(sink, a, 300);
    QElapsedTimer t;
    t.start();
    ASSERT_TRUE(waitFor(
        [&] {
            sink.setVideoFrame(b.next());
            pump(33);
            return scans.texts.size() == 2;
        },
        3000));
    EXPECT_LT(t.elapsed(), scanner->dedupMs()) << "not held back by the window of the first code";
    EXPECT_EQ(scans.texts, (QStringList{QStringLiteral("OCOP-00042"), QStringLiteral("OCOP-00043")}));
}

TEST_F(CameraScannerTest, Ean13InPlainView)
{
    Scans scans(*scanner);
    Feed ean([] { return bgraFrame(withEan13(blank(), "8935001800019", 320, 240)); });
    show(sink, ean, 500);
    settle(*scanner);
    ASSERT_EQ(scans.texts, QStringList{QStringLiteral("8935001800019")});
    EXPECT_EQ(scans.ids.front(), QStringLiteral("]E0"));
}

TEST_F(CameraScannerTest, CodesOutsideTheRegionOfInterestAreIgnored)
{
    Scans scans(*scanner);
    // Top-left corner: outside the default centre band (y 25..75 %).
    Feed corner([] { return bgraFrame(withQr(blank(), "OCOP-00042", 70, 70, 4)); });
    show(sink, corner, 600);
    settle(*scanner);
    EXPECT_GE(scanner->framesDecoded(), 5) << "the frames were looked at";
    EXPECT_TRUE(scans.texts.isEmpty()) << scans.texts.join(',').toStdString();
    // The whole frame: now it is seen.
    scanner->setRegionOfInterest(QRectF());
    show(sink, corner, 300);
    settle(*scanner);
    EXPECT_EQ(scans.texts, QStringList{QStringLiteral("OCOP-00042")});
    // A region around the corner only.
    scanner->forgetRecentCodes();
    scanner->setRegionOfInterest(QRectF(0, 0, 0.4, 0.4));
    show(sink, corner, 300);
    settle(*scanner);
    EXPECT_EQ(scans.texts.size(), 2);
}

TEST_F(CameraScannerTest, RegionOfInterestFollowsFrameRotation)
{
    Scans scans(*scanner);
    // The buffer holds the code at its top-left; displayed rotated by 90°
    // clockwise, that corner is the top-right. A region over the displayed
    // top-right finds it; one over the displayed top-left does not.
    Feed frame([] {
        QVideoFrame f = bgraFrame(withQr(blank(), "OCOP-ROT", 90, 90, 4));
        f.setRotationAngle(QVideoFrame::Rotation90);
        return f;
    });
    scanner->setRegionOfInterest(QRectF(0, 0, 0.5, 0.5));
    show(sink, frame, 300);
    settle(*scanner);
    EXPECT_TRUE(scans.texts.isEmpty());
    scanner->setRegionOfInterest(QRectF(0.5, 0, 0.5, 0.5));
    show(sink, frame, 300);
    settle(*scanner);
    EXPECT_EQ(scans.texts, QStringList{QStringLiteral("OCOP-ROT")});
}

TEST_F(CameraScannerTest, EveryCameraPixelFormat)
{
    const QImage picture = qrFrame("OCOP-FMT");
    std::vector<std::pair<const char*, Feed>> feeds = {
        {"BGRA8888", Feed([&] { return bgraFrame(picture); })},
        {"RGBA8888", Feed([&] { return rgbaFrame(picture); })},
        {"NV12", Feed([&] { return yuvFrame(picture, QVideoFrameFormat::Format_NV12); })},
        {"YUV420P", Feed([&] { return yuvFrame(picture, QVideoFrameFormat::Format_YUV420P); })},
        {"YUYV", Feed([&] { return yuyvFrame(picture); })},
        {"ARGB8888 (toImage)", Feed([&] { return argbFrame(picture); })},
    };
    for (auto& [name, feed] : feeds) {
        Scans scans(*scanner);
        scanner->forgetRecentCodes();
        show(sink, feed, 300);
        settle(*scanner);
        EXPECT_EQ(scans.texts, QStringList{QStringLiteral("OCOP-FMT")}) << name;
        QObject::disconnect(scanner.get(), &CameraScanner::codeScanned, nullptr, nullptr);
        QObject::disconnect(scanner.get(), &CameraScanner::scanSucceeded, nullptr, nullptr);
    }
}

TEST_F(CameraScannerTest, InactiveScannerIgnoresFrames)
{
    Scans scans(*scanner);
    Feed code([] { return bgraFrame(qrFrame("OCOP-00042")); });
    scanner->setActive(false);
    show(sink, code, 300);
    pump(50);
    EXPECT_EQ(scanner->framesReceived(), 0);
    EXPECT_TRUE(scans.texts.isEmpty());
    scanner->setActive(true);
    show(sink, code, 300);
    settle(*scanner);
    EXPECT_EQ(scans.texts.size(), 1);
}

TEST_F(CameraScannerTest, SinkGoneDetaches)
{
    auto own = std::make_unique<QVideoSink>();
    scanner->setVideoSink(own.get());
    EXPECT_EQ(scanner->videoSink(), own.get());
    own.reset();
    EXPECT_EQ(scanner->videoSink(), nullptr);
}

// Frames arriving faster than the decoder: they are dropped on arrival and
// the thread delivering them never waits for the decode.
TEST_F(CameraScannerTest, BusyDecoderDropsFramesWithoutWaiting)
{
    static constexpr int decodeMs = 300;
    scanner->setDecodeHook([] { std::this_thread::sleep_for(std::chrono::milliseconds(decodeMs)); });
    scanner->setRegionOfInterest(QRectF());
    Feed frame([] { return bgraFrame(withQr(blank(1280, 720), "OCOP-00042", 640, 360, 8)); });
    std::vector<double> dropped, taken; // ms per setVideoFrame
    QElapsedTimer t;
    for (int i = 0; i < 60; ++i) {
        const int before = scanner->framesDropped();
        t.start();
        sink.setVideoFrame(frame.next());
        const double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
        (scanner->framesDropped() > before ? dropped : taken).push_back(ms);
        QThread::msleep(5); // a 200 fps camera
    }
    ASSERT_TRUE(waitFor([&] { return !scanner->decoderBusy(); }));
    pump(20);
    std::sort(dropped.begin(), dropped.end());
    std::sort(taken.begin(), taken.end());
    double droppedTotal = 0;
    for (double ms : dropped)
        droppedTotal += ms;
    ASSERT_FALSE(dropped.empty());
    ASSERT_FALSE(taken.empty());
    std::printf("[ handoff  ] 1280x720 BGRA, %d ms decodes: %zu frames dropped (median %.3f ms, max %.3f ms, "
                "all together %.1f ms), %zu handed over (median %.3f ms, max %.3f ms)\n",
                decodeMs, dropped.size(), dropped[dropped.size() / 2], dropped.back(), droppedTotal, taken.size(),
                taken[taken.size() / 2], taken.back());
    EXPECT_EQ(scanner->framesReceived(), 60);
    EXPECT_GE(scanner->framesDropped(), 50) << "60 frames in ~0.3 s against 300 ms decodes";
    EXPECT_EQ(scanner->framesReceived(), scanner->framesDecoded() + scanner->framesDropped());
    EXPECT_LT(dropped[dropped.size() / 2], 1.0);
    // Waiting for the decoder would cost up to 300 ms per frame; dropping
    // ~55 frames must cost about nothing, whatever the scheduler does.
    EXPECT_LT(droppedTotal, decodeMs / 2.0) << "frames waited for the decoder";
}

// What one frame costs the delivering thread when the decoder is free (the
// region of interest copied out), for the common camera formats at 1080p.
TEST_F(CameraScannerTest, HandoffCostAt1080p)
{
    const QImage picture = withQr(blank(1920, 1080), "OCOP-00042", 960, 540, 8);
    std::vector<std::pair<const char*, Feed>> feeds = {
        {"NV12", Feed([&] { return yuvFrame(picture, QVideoFrameFormat::Format_NV12); })},
        {"YUYV", Feed([&] { return yuyvFrame(picture); })},
        {"BGRA8888", Feed([&] { return bgraFrame(picture); })},
    };
    for (auto& [name, frame] : feeds) {
        std::vector<double> handoff;
        for (int i = 0; i < 15; ++i) {
            settle(*scanner);
            QElapsedTimer t;
            t.start();
            sink.setVideoFrame(frame.next());
            handoff.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        }
        settle(*scanner);
        std::sort(handoff.begin(), handoff.end());
        std::printf("[ handoff  ] 1920x1080 %s, decoder idle (ROI copy): median %.3f ms, max %.3f ms, "
                    "decode %d ms\n",
                    name, handoff[handoff.size() / 2], handoff.back(), scanner->lastDecodeMs());
        EXPECT_LT(handoff[handoff.size() / 2], 10.0) << name;
    }
}

// Real photographs (ZXing-cpp's sample corpus): what one fast camera pass
// reads from a still is also what the pipeline reads from it as video.
TEST_F(CameraScannerTest, RealPhotosThroughTheSink)
{
    const fs::path root = fs::path(OCOP_SHARED_DIR) / "testdata" / "scan";
    if (!fs::exists(root))
        GTEST_SKIP() << "no " << root;
    scanner->setRegionOfInterest(QRectF());
    scan::DecodeOptions camera;
    camera.tryHarder = false;
    const scan::BarcodeReader reader(camera);
    for (const char* set : {"qrcode-3", "ean13-1"}) {
        int tried = 0, read = 0;
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(root / set))
            if (e.path().extension() == ".png" && fs::exists(fs::path(e.path()).replace_extension(".txt")))
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& png : files) {
            QImage img(QString::fromStdString(png.string()));
            ASSERT_FALSE(img.isNull()) << png;
            img = img.convertToFormat(QImage::Format_Grayscale8);
            const scan::ImageRef ref{img.constBits(), img.width(), img.height(), static_cast<int>(img.bytesPerLine()),
                                     scan::PixelFormat::Gray8};
            const auto direct = reader.decode(ref);
            if (direct.empty())
                continue; // one fast pass does not read this still; a camera would move
            ++tried;
            Scans scans(*scanner);
            scanner->forgetRecentCodes();
            for (const QVideoFrame& frame :
                 {yuvFrame(img, QVideoFrameFormat::Format_NV12), bgraFrame(img)}) {
                settle(*scanner);
                sink.setVideoFrame(frame);
                settle(*scanner);
                scanner->forgetRecentCodes();
            }
            const QString expected = QString::fromStdString(direct.front().text);
            EXPECT_EQ(scans.texts.count(expected), 2) << png << " read directly as " << direct.front().text;
            if (scans.texts.count(expected) == 2)
                ++read;
            QObject::disconnect(scanner.get(), &CameraScanner::codeScanned, nullptr, nullptr);
            QObject::disconnect(scanner.get(), &CameraScanner::scanSucceeded, nullptr, nullptr);
        }
        std::printf("[ photos   ] %s: %d of %zu stills read in one fast pass, %d of those through the sink "
                    "(NV12 and BGRA)\n",
                    set, tried, files.size(), read);
        EXPECT_GE(tried, 1) << set;
    }
}

// ---------------------------------------------------------------- the cart

// A demo terminal selling: frames showing a product's GTIN put it in the
// cart once however long it stays in view, and once more when it comes back.
TEST(CameraPipeline, ScannedItemsLandInTheCart)
{
    ensureApp();
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    auto service = PosService::initDemo(dir.path().toStdString(), DemoOptions{300, 2021});
    PosController controller(*service);
    Store& store = service->store();
    std::string cashier;
    for (const auto& u : store.users())
        if (u.active && u.role == Role::Cashier) {
            cashier = u.id;
            break;
        }
    ASSERT_FALSE(cashier.empty());
    if (!store.openShift())
        store.startShift(cashier, 1'000'000, nowMs());
    controller.startDemoSession(cashier);
    controller.setScreen(QStringLiteral("sell"));
    ASSERT_EQ(controller.screen(), QStringLiteral("sell"));

    // Two products with an EAN-13, in stock.
    std::vector<const Product*> picks;
    for (int group = 1; group <= 6 && picks.size() < 2; ++group)
        for (const Product* p : service->browse(group, 300))
            if (p->active && p->gtin.size() == 13 && store.onHand(p->code) >= 5) {
                picks.push_back(p);
                break;
            }
    ASSERT_EQ(picks.size(), 2u) << "the demo catalog has products with GTIN-13s";

    QVideoSink sink;
    CameraScanner scanner;
    scanner.setVideoSink(&sink);
    scanner.setDedupMs(500);
    routeCameraScans(&scanner, &controller);
    auto* cart = qobject_cast<QAbstractItemModel*>(controller.cart());
    ASSERT_NE(cart, nullptr);
    auto quantity = [&](int row) { return cart->data(cart->index(row, 0), CartModel::QuantityRole).toLongLong(); };
    auto code = [&](int row) { return cart->data(cart->index(row, 0), CartModel::CodeRole).toString().toStdString(); };

    Feed first([&] { return yuvFrame(withEan13(blank(), picks[0]->gtin, 320, 240), QVideoFrameFormat::Format_NV12); });
    Feed second([&] { return bgraFrame(qrFrame(picks[1]->gtin)); }); // a QR of the GTIN, as some labels carry
    Feed nothing([] { return yuvFrame(blank(), QVideoFrameFormat::Format_NV12); });

    show(sink, first, 1500); // three windows long: still one item
    settle(scanner);
    ASSERT_TRUE(controller.errorMessage().isEmpty()) << controller.errorMessage().toStdString();
    ASSERT_EQ(cart->rowCount(), 1);
    EXPECT_EQ(code(0), picks[0]->code);
    EXPECT_EQ(quantity(0), 1);
    EXPECT_GE(scanner.framesDecoded(), 10);

    show(sink, nothing, 800); // the product leaves the view...
    show(sink, first, 600);   // ...and is shown again: a second one
    settle(scanner);
    ASSERT_EQ(cart->rowCount(), 1);
    EXPECT_EQ(quantity(0), 2);

    show(sink, second, 400); // another product: a new line at once
    settle(scanner);
    ASSERT_EQ(cart->rowCount(), 2);
    EXPECT_EQ(code(1), picks[1]->code);
    EXPECT_EQ(quantity(1), 1);
    EXPECT_EQ(controller.itemCount(), 3);
}
