#include "app/wedge_key_filter.h"

#include <QCoreApplication>
#include <QKeyEvent>
#include <QWindow>

namespace ocop {

WedgeKeyFilter::WedgeKeyFilter(Handler handler, WedgeScanner::Config config, QObject* parent)
    : QObject(parent), m_handler(std::move(handler)), m_scanner(config)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setInterval(static_cast<int>(config.maxIntervalMs * 2 + 5));
    connect(&m_timer, &QTimer::timeout, this, &WedgeKeyFilter::onTimeout);
}

WedgeKeyFilter::~WedgeKeyFilter() = default;

static bool isEnter(int key) { return key == Qt::Key_Return || key == Qt::Key_Enter; }

bool WedgeKeyFilter::eventFilter(QObject* watched, QEvent* event)
{
    if (m_replaying || event->type() != QEvent::KeyPress)
        return QObject::eventFilter(watched, event);
    auto* window = qobject_cast<QWindow*>(watched);
    if (!window) // items get the same event after the window: decide once
        return QObject::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    const auto t = now();
    const bool modified = key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier);
    const QString text = key->text();

    if (isEnter(key->key())) {
        switch (m_scanner.onEnter(t)) {
        case WedgeScanner::Decision::Scan: {
            m_timer.stop();
            const QString code = QString::fromStdString(m_scanner.code());
            emit scanned(code);
            if (m_handler && m_handler(code)) {
                m_held.clear();
                return true; // handled: its keys never reach an item
            }
            replay(); // nobody wants a scan here: type it as it came
            return false; // and the Enter goes through
        }
        case WedgeScanner::Decision::FlushThenPass: replay(); return false;
        default: return false;
        }
    }

    if (!text.isEmpty() && text.at(0).isPrint() && !modified && !key->isAutoRepeat()) {
        const auto d = m_scanner.onText(text.toStdString(), t);
        if (d == WedgeScanner::Decision::FlushThenHold)
            replay();
        m_held.push_back(Held{window, std::make_unique<QKeyEvent>(key->type(), key->key(), key->modifiers(),
                                                                   key->nativeScanCode(), key->nativeVirtualKey(),
                                                                   key->nativeModifiers(), text, key->isAutoRepeat(),
                                                                   key->count())});
        m_timer.start();
        return true;
    }

    if (m_scanner.onOtherKey(t) == WedgeScanner::Decision::FlushThenPass)
        replay();
    return false;
}

void WedgeKeyFilter::replay()
{
    m_timer.stop();
    auto held = std::move(m_held);
    m_held.clear();
    m_replaying = true;
    for (auto& h : held)
        if (h.window)
            QCoreApplication::sendEvent(h.window, h.event.get());
    m_replaying = false;
}

void WedgeKeyFilter::onTimeout()
{
    if (m_held.empty())
        return;
    if (m_scanner.poll(now())) {
        m_scanner.flushed();
        replay();
    } else {
        m_timer.start();
    }
}

} // namespace ocop
