#include "app/camera_scanner.h"

#include "scan/barcode_reader.h"

#include <QImage>
#include <QMutexLocker>
#include <QtMath>
#include <QVideoFrameFormat>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <vector>

namespace ocop {

// ------------------------------------------------------------ RecentCodes

bool RecentCodes::accept(const std::string& text, std::int64_t nowMs)
{
    // Forget codes out of sight for longer than the window (keeps the map
    // to the handful of codes seen in the last moment).
    for (auto it = m_lastSeen.begin(); it != m_lastSeen.end();) {
        if (nowMs - it->second >= m_windowMs && it->first != text)
            it = m_lastSeen.erase(it);
        else
            ++it;
    }
    auto [it, inserted] = m_lastSeen.try_emplace(text, nowMs);
    if (inserted)
        return true;
    const bool fresh = nowMs - it->second >= m_windowMs;
    it->second = std::max(it->second, nowMs);
    return fresh;
}

// ------------------------------------------------------------ the frame in flight

// Pixels of the region of interest, copied out of the video frame. Written by
// processFrame only after it has set m_busy, read by the decoder until it
// clears m_busy: the flag hands the one buffer back and forth, so steady
// state allocates nothing.
struct CameraScanner::Job {
    std::vector<std::uint8_t> pixels;
    int width = 0;
    int height = 0;
    int rowStride = 0;
    scan::PixelFormat format = scan::PixelFormat::Gray8;
    qint64 frameMs = 0;
};

namespace {

// The Y (luma) samples of a frame as one byte each: where the first sits in
// a row and how far apart they are. Planar and semi-planar YUV keep Y in
// plane 0 (the usual camera formats: NV12, YUV420P...); packed 4:2:2 has it
// every other byte; 16-bit formats have its top 8 bits in the high byte.
struct LumaLayout {
    int offset = 0;
    int step = 1;
};

std::optional<LumaLayout> lumaLayout(QVideoFrameFormat::PixelFormat f)
{
    using F = QVideoFrameFormat;
    switch (f) {
    case F::Format_Y8:
    case F::Format_NV12:
    case F::Format_NV21:
    case F::Format_YUV420P:
    case F::Format_YUV422P:
    case F::Format_YV12:
    case F::Format_IMC1:
    case F::Format_IMC2:
    case F::Format_IMC3:
    case F::Format_IMC4: return LumaLayout{0, 1};
    case F::Format_YUYV: return LumaLayout{0, 2};
    case F::Format_UYVY: return LumaLayout{1, 2};
    case F::Format_Y16:
    case F::Format_P010:
    case F::Format_P016: return LumaLayout{1, 2}; // little-endian 16-bit, MSB-aligned
    default: return std::nullopt;
    }
}

// 32-bit formats the reader takes as they are (byte order in memory).
std::optional<scan::PixelFormat> directFormat(QVideoFrameFormat::PixelFormat f)
{
    using F = QVideoFrameFormat;
    switch (f) {
    case F::Format_BGRA8888:
    case F::Format_BGRA8888_Premultiplied:
    case F::Format_BGRX8888: return scan::PixelFormat::BGRX8888;
    case F::Format_RGBA8888:
    case F::Format_RGBX8888: return scan::PixelFormat::RGBX8888;
    default: return std::nullopt;
    }
}

// The normalized region of interest (as displayed) in the frame's buffer,
// in pixels: undoes the rotation (and mirroring) the display applies.
QRect bufferRegion(QRectF roi, const QVideoFrame& frame)
{
    const int w = frame.width();
    const int h = frame.height();
    roi = roi.normalized() & QRectF(0, 0, 1, 1);
    if (roi.width() <= 0 || roi.height() <= 0)
        return QRect(0, 0, w, h);
    const qreal x = roi.x(), y = roi.y(), rw = roi.width(), rh = roi.height();
    QRectF b;
    switch (frame.rotationAngle()) {
    case QVideoFrame::Rotation0: b = QRectF(x, y, rw, rh); break;
    case QVideoFrame::Rotation90: b = QRectF(y, 1 - x - rw, rh, rw); break;
    case QVideoFrame::Rotation180: b = QRectF(1 - x - rw, 1 - y - rh, rw, rh); break;
    case QVideoFrame::Rotation270: b = QRectF(1 - y - rh, x, rh, rw); break;
    }
    if (frame.mirrored())
        b.moveLeft(1 - b.x() - b.width());
    QRect r(QPoint(qFloor(b.left() * w), qFloor(b.top() * h)), QPoint(qCeil(b.right() * w) - 1, qCeil(b.bottom() * h) - 1));
    r &= QRect(0, 0, w, h);
    // A region too small to hold a code is a mistake: scan the whole frame.
    if (r.width() < 16 || r.height() < 16)
        return QRect(0, 0, w, h);
    return r;
}

} // namespace

// ------------------------------------------------------------ the decoder thread

class CameraDecoder : public QObject {
public:
    CameraDecoder(CameraScanner* scanner, CameraScanner::Job* job)
        : m_scanner(scanner), m_job(job), m_reader(cameraOptions())
    {
    }

    static scan::DecodeOptions cameraOptions()
    {
        scan::DecodeOptions o;
        using S = scan::Symbology;
        o.symbologies = {S::QrCode, S::Ean13, S::Ean8, S::UpcA, S::UpcE, S::Code128, S::DataMatrix};
        o.tryHarder = false;                      // one fast pass per frame: the next frame is the retry
        o.budget = std::chrono::milliseconds{0};
        return o; // region: the frame is already cropped
    }

    void setHook(std::function<void()> hook)
    {
        QMutexLocker lock(&m_hookMutex);
        m_hook = std::move(hook);
    }

    // On the decoder thread, with m_busy set: decode the job, post the
    // result back, then free the buffer for the next frame.
    void run()
    {
        {
            std::function<void()> hook;
            {
                QMutexLocker lock(&m_hookMutex);
                hook = m_hook;
            }
            if (hook)
                hook();
        }
        QElapsedTimer timer;
        timer.start();
        QList<CameraScanner::Found> found;
        try {
            const scan::ImageRef image{m_job->pixels.data(), m_job->width, m_job->height, m_job->rowStride,
                                       m_job->format};
            for (const auto& code : m_reader.decode(image))
                found.append({QString::fromStdString(code.text), QString::fromStdString(code.symbologyId)});
        } catch (const std::exception& e) {
            spdlog::warn("camera decoder: {}", e.what());
        }
        const int ms = static_cast<int>(timer.elapsed());
        const qint64 frameMs = m_job->frameMs;
        CameraScanner* scanner = m_scanner;
        QMetaObject::invokeMethod(
            scanner, [scanner, found, frameMs, ms] { scanner->onDecoded(found, frameMs, ms); }, Qt::QueuedConnection);
        m_scanner->m_busy.store(false, std::memory_order_release);
    }

private:
    CameraScanner* m_scanner;
    CameraScanner::Job* m_job;
    scan::BarcodeReader m_reader;
    QMutex m_hookMutex;
    std::function<void()> m_hook;
};

// ------------------------------------------------------------ CameraScanner

CameraScanner::CameraScanner(QObject* parent) : QObject(parent), m_job(std::make_unique<Job>())
{
    m_clock.start();
    m_recent.setWindowMs(1500);
    m_decoder = std::make_unique<CameraDecoder>(this, m_job.get());
    m_thread.setObjectName(QStringLiteral("camera-decoder"));
    m_decoder->moveToThread(&m_thread);
    m_thread.start();
}

CameraScanner::~CameraScanner()
{
    QObject::disconnect(m_frameConnection);
    QObject::disconnect(m_sinkGoneConnection);
    {
        // A frame being copied in another thread finishes first.
        QMutexLocker lock(&m_mutex);
        m_active.store(false);
    }
    m_thread.quit();
    m_thread.wait();
    m_decoder.reset(); // its thread has finished: safe to delete from here
}

void CameraScanner::setVideoSink(QVideoSink* sink)
{
    if (sink == m_sink)
        return;
    QObject::disconnect(m_frameConnection);
    QObject::disconnect(m_sinkGoneConnection);
    m_sink = sink;
    if (sink) {
        // Direct: the frame is looked at in the thread that delivers it and
        // never sits in an event queue. processFrame is thread-safe.
        m_frameConnection = connect(sink, &QVideoSink::videoFrameChanged, this, &CameraScanner::processFrame,
                                    Qt::DirectConnection);
        // The viewfinder went away (the panel closed) without saying so.
        m_sinkGoneConnection = connect(sink, &QObject::destroyed, this, [this] {
            QObject::disconnect(m_sinkGoneConnection);
            m_sink = nullptr;
            emit videoSinkChanged();
        });
    }
    emit videoSinkChanged();
}

QRectF CameraScanner::regionOfInterest() const
{
    QMutexLocker lock(&m_mutex);
    return m_roi;
}

void CameraScanner::setRegionOfInterest(const QRectF& roi)
{
    {
        QMutexLocker lock(&m_mutex);
        if (roi == m_roi)
            return;
        m_roi = roi;
    }
    emit regionOfInterestChanged();
}

void CameraScanner::setActive(bool active)
{
    if (m_active.exchange(active) != active)
        emit activeChanged();
}

void CameraScanner::setDedupMs(int ms)
{
    ms = std::max(0, ms);
    if (ms == dedupMs())
        return;
    m_recent.setWindowMs(ms);
    emit dedupMsChanged();
}

void CameraScanner::resetStats()
{
    m_received = 0;
    m_decoded = 0;
    m_dropped = 0;
    m_lastDecodeMs = 0;
    emit statsChanged();
}

void CameraScanner::forgetRecentCodes() { m_recent.clear(); }

void CameraScanner::setDecodeHook(std::function<void()> hook) { m_decoder->setHook(std::move(hook)); }

void CameraScanner::processFrame(const QVideoFrame& frame)
{
    if (!m_active.load(std::memory_order_relaxed) || !frame.isValid())
        return;
    m_received.fetch_add(1, std::memory_order_relaxed);
    // Busy: drop this frame. The next one is as good, and a camera never
    // waits for the decoder.
    if (m_busy.exchange(true, std::memory_order_acq_rel)) {
        m_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    bool ok = false;
    {
        QMutexLocker lock(&m_mutex);
        ok = m_active.load(std::memory_order_relaxed) && copyRegion(frame);
    }
    if (!ok) {
        m_busy.store(false, std::memory_order_release);
        return;
    }
    CameraDecoder* decoder = m_decoder.get();
    QMetaObject::invokeMethod(decoder, [decoder] { decoder->run(); }, Qt::QueuedConnection);
}

// With m_mutex held and m_busy set by this thread: the job buffer is ours.
bool CameraScanner::copyRegion(const QVideoFrame& source)
{
    QVideoFrame frame(source); // shallow: mapping needs a non-const frame
    const auto format = frame.pixelFormat();
    const QRect r = bufferRegion(m_roi, frame);
    Job& job = *m_job;
    job.frameMs = m_clock.elapsed();

    const auto luma = lumaLayout(format);
    const auto direct = directFormat(format);
    if (luma || direct) {
        if (!frame.map(QVideoFrame::ReadOnly))
            return false;
        const uchar* bits = frame.bits(0);
        const int stride = frame.bytesPerLine(0);
        if (!bits || stride <= 0) {
            frame.unmap();
            return false;
        }
        if (direct) {
            job.format = *direct;
            job.width = r.width();
            job.height = r.height();
            job.rowStride = r.width() * 4;
            job.pixels.resize(static_cast<std::size_t>(job.rowStride) * static_cast<std::size_t>(job.height));
            for (int y = 0; y < r.height(); ++y)
                std::memcpy(job.pixels.data() + static_cast<std::size_t>(y) * job.rowStride,
                            bits + static_cast<std::size_t>(r.y() + y) * stride + r.x() * 4,
                            static_cast<std::size_t>(job.rowStride));
        } else {
            job.format = scan::PixelFormat::Gray8;
            job.width = r.width();
            job.height = r.height();
            job.rowStride = r.width();
            job.pixels.resize(static_cast<std::size_t>(job.rowStride) * static_cast<std::size_t>(job.height));
            for (int y = 0; y < r.height(); ++y) {
                const uchar* src = bits + static_cast<std::size_t>(r.y() + y) * stride + luma->offset +
                                   static_cast<std::size_t>(r.x()) * luma->step;
                std::uint8_t* dst = job.pixels.data() + static_cast<std::size_t>(y) * job.rowStride;
                if (luma->step == 1) {
                    std::memcpy(dst, src, static_cast<std::size_t>(r.width()));
                } else {
                    for (int x = 0; x < r.width(); ++x)
                        dst[x] = src[x * luma->step];
                }
            }
        }
        frame.unmap();
        return true;
    }

    // Anything else (JPEG, ARGB...): Qt's own conversion, slower, so say so once.
    if (!m_warnedSlowFormat.exchange(true))
        spdlog::info("camera: frames in format {} are converted with QVideoFrame::toImage (slower)",
                     QVideoFrameFormat::pixelFormatToString(format).toStdString());
    QImage image = frame.toImage();
    if (image.isNull())
        return false;
    // toImage gives the frame as displayed (rotation and mirroring applied):
    // the ROI is already in its coordinates.
    QRectF roi = m_roi.normalized() & QRectF(0, 0, 1, 1);
    QRect ir = roi.isEmpty() ? image.rect()
                             : QRect(qFloor(roi.x() * image.width()), qFloor(roi.y() * image.height()),
                                     qCeil(roi.width() * image.width()), qCeil(roi.height() * image.height())) &
                                   image.rect();
    if (ir.width() < 16 || ir.height() < 16)
        ir = image.rect();
    const QImage gray = image.copy(ir).convertToFormat(QImage::Format_Grayscale8);
    job.format = scan::PixelFormat::Gray8;
    job.width = gray.width();
    job.height = gray.height();
    job.rowStride = gray.width();
    job.pixels.resize(static_cast<std::size_t>(job.rowStride) * static_cast<std::size_t>(job.height));
    for (int y = 0; y < gray.height(); ++y)
        std::memcpy(job.pixels.data() + static_cast<std::size_t>(y) * job.rowStride, gray.constScanLine(y),
                    static_cast<std::size_t>(job.rowStride));
    return true;
}

void CameraScanner::onDecoded(const QList<Found>& codes, qint64 frameMs, int decodeMs)
{
    m_decoded.fetch_add(1, std::memory_order_relaxed);
    m_lastDecodeMs.store(decodeMs, std::memory_order_relaxed);
    emit statsChanged();
    if (!active())
        return;
    for (const Found& code : codes) {
        if (code.text.isEmpty() || !m_recent.accept(code.text.toStdString(), frameMs))
            continue;
        m_lastCode = code.text;
        emit codeScanned(code.text, code.symbologyId);
        emit scanSucceeded();
    }
}

} // namespace ocop
