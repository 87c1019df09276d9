#pragma once
// Camera barcode scanning, in the manner of KDE Prison's VideoScanner: video
// frames from a QVideoSink (a QML VideoOutput's, or one a test feeds) are
// cropped to a region of interest and handed to a decoder on its own thread,
// which owns its own scan::BarcodeReader. While the decoder is busy, new
// frames are dropped on arrival, never queued: the thread that delivers
// frames (the UI thread, or a camera backend's) only copies the region of
// interest out of the frame and returns. Results come back to this object's
// thread, pass a short "same code again?" window, and are announced as
// codeScanned(text, symbologyId) plus scanSucceeded() for the beep and flash.
//
// No QML macros here: the instance is exposed as the `CameraScanner`
// singleton of "OcopPos.Backend" by qml_registration.cpp, which also routes
// codeScanned to the cashier flow. This class knows nothing of the cart.
#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QRectF>
#include <QString>
#include <QThread>
#include <QVideoFrame>
#include <QVideoSink>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

namespace ocop {

// One scan per code held in view. A code is accepted when it has not been
// seen for `windowMs`; every sighting (accepted or not) refreshes its time,
// so a code that stays in front of the camera is accepted once, and the same
// code shown again after a pause is accepted again. A different code is
// accepted at once. Pure logic with caller-supplied times, for unit tests.
class RecentCodes {
public:
    explicit RecentCodes(std::int64_t windowMs = 1500) : m_windowMs(windowMs) {}

    // Whether a sighting of `text` at `nowMs` is a new scan.
    bool accept(const std::string& text, std::int64_t nowMs);
    void clear() { m_lastSeen.clear(); }
    void setWindowMs(std::int64_t ms) { m_windowMs = ms; }
    std::int64_t windowMs() const { return m_windowMs; }
    std::size_t size() const { return m_lastSeen.size(); }

private:
    std::int64_t m_windowMs;
    std::unordered_map<std::string, std::int64_t> m_lastSeen;
};

class CameraDecoder; // lives on the decoder thread (camera_scanner.cpp)

class CameraScanner : public QObject {
    Q_OBJECT
    // The sink whose frames are scanned: VideoOutput.videoSink in QML, or a
    // test's own QVideoSink. Not owned.
    Q_PROPERTY(QVideoSink* videoSink READ videoSink WRITE setVideoSink NOTIFY videoSinkChanged)
    // Normalized (0..1) in the frame as displayed; an empty or invalid rect
    // means the whole frame. Default: a centred band (0.1, 0.25, 0.8, 0.5).
    Q_PROPERTY(QRectF regionOfInterest READ regionOfInterest WRITE setRegionOfInterest NOTIFY
                   regionOfInterestChanged)
    // Frames are ignored (not even counted) while inactive.
    Q_PROPERTY(bool active READ active WRITE setActive NOTIFY activeChanged)
    // The same code is ignored while it was last seen less than this ago.
    Q_PROPERTY(int dedupMs READ dedupMs WRITE setDedupMs NOTIFY dedupMsChanged)
    // For tests and a debug overlay (statsChanged fires as decodes finish).
    Q_PROPERTY(int framesReceived READ framesReceived NOTIFY statsChanged)
    Q_PROPERTY(int framesDecoded READ framesDecoded NOTIFY statsChanged)
    Q_PROPERTY(int framesDropped READ framesDropped NOTIFY statsChanged)
    Q_PROPERTY(int lastDecodeMs READ lastDecodeMs NOTIFY statsChanged)
    // The last accepted scan, for the panel's caption.
    Q_PROPERTY(QString lastCode READ lastCode NOTIFY scanSucceeded)

public:
    explicit CameraScanner(QObject* parent = nullptr);
    ~CameraScanner() override;

    QVideoSink* videoSink() const { return m_sink; }
    void setVideoSink(QVideoSink* sink);
    QRectF regionOfInterest() const;
    void setRegionOfInterest(const QRectF& roi);
    bool active() const { return m_active.load(std::memory_order_relaxed); }
    void setActive(bool active);
    int dedupMs() const { return static_cast<int>(m_recent.windowMs()); }
    void setDedupMs(int ms);

    int framesReceived() const { return m_received.load(std::memory_order_relaxed); }
    int framesDecoded() const { return m_decoded.load(std::memory_order_relaxed); }
    int framesDropped() const { return m_dropped.load(std::memory_order_relaxed); }
    int lastDecodeMs() const { return m_lastDecodeMs.load(std::memory_order_relaxed); }
    QString lastCode() const { return m_lastCode; }
    // Whether a frame is being decoded right now.
    bool decoderBusy() const { return m_busy.load(std::memory_order_acquire); }

    Q_INVOKABLE void resetStats();
    // Forget recently seen codes: the next sighting of any code is a scan.
    Q_INVOKABLE void forgetRecentCodes();

    // Test hook, run on the decoder thread before each decode (e.g. a sleep
    // to make decoding slower than the frame rate). Empty: none.
    void setDecodeHook(std::function<void()> hook);

public slots:
    // What the sink's videoFrameChanged calls (directly, in whatever thread
    // emits it). Thread-safe and never waits for the decoder: drops the frame
    // when the decoder is busy, else copies the region of interest and hands
    // it over.
    void processFrame(const QVideoFrame& frame);

signals:
    void videoSinkChanged();
    void regionOfInterestChanged();
    void activeChanged();
    void dedupMsChanged();
    void statsChanged();
    // A code that passed the same-code window; symbologyId is the AIM
    // identifier ("]Q1", "]E0", "]C1", "]d2"...).
    void codeScanned(const QString& text, const QString& symbologyId);
    // After codeScanned: for the beep and the flash.
    void scanSucceeded();

private:
    friend class CameraDecoder;
    struct Found {
        QString text;
        QString symbologyId;
    };
    struct Job; // the one frame in flight, owned here, read by the decoder while busy

    bool copyRegion(const QVideoFrame& frame);
    void onDecoded(const QList<Found>& codes, qint64 frameMs, int decodeMs);

    QPointer<QVideoSink> m_sink;
    QMetaObject::Connection m_frameConnection;
    QMetaObject::Connection m_sinkGoneConnection;
    mutable QMutex m_mutex; // the ROI, and the destructor against an in-flight frame
    QRectF m_roi{0.1, 0.25, 0.8, 0.5};
    std::atomic<bool> m_active{true};
    std::atomic<bool> m_busy{false};
    std::atomic<int> m_received{0};
    std::atomic<int> m_decoded{0};
    std::atomic<int> m_dropped{0};
    std::atomic<int> m_lastDecodeMs{0};
    std::atomic<bool> m_warnedSlowFormat{false};
    RecentCodes m_recent;
    QString m_lastCode;
    QElapsedTimer m_clock;
    std::unique_ptr<Job> m_job;
    QThread m_thread;
    std::unique_ptr<CameraDecoder> m_decoder;
};

} // namespace ocop
