#pragma once
// Application-wide key filter for keyboard-wedge barcode scanners. Holds back
// every text key a window receives until WedgeScanner has decided whether it
// is part of a scan; a scan is handed to `handler` and its keys never reach
// the focused item (the search box stays clean); a person's typing is
// replayed to the window unchanged, a few tens of milliseconds later.
#include "app/wedge_scanner.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

class QKeyEvent;
class QWindow;

namespace ocop {

class WedgeKeyFilter : public QObject {
    Q_OBJECT
public:
    // handler returns false when the current screen has no use for a scan;
    // the keys (and the Enter) are then replayed as typed.
    using Handler = std::function<bool(const QString& code)>;

    explicit WedgeKeyFilter(Handler handler, WedgeScanner::Config config = {}, QObject* parent = nullptr);
    ~WedgeKeyFilter() override;

    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void scanned(const QString& code);

private:
    struct Held {
        QPointer<QWindow> window;
        std::unique_ptr<QKeyEvent> event;
    };
    void replay();
    void onTimeout();
    std::int64_t now() const { return m_clock.elapsed(); }

    Handler m_handler;
    WedgeScanner m_scanner;
    QElapsedTimer m_clock;
    QTimer m_timer;
    std::vector<Held> m_held;
    bool m_replaying = false;
};

} // namespace ocop
