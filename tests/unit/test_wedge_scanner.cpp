// The keyboard-wedge scanner's timing rules: fast keys ending in Enter are a
// scan, anything slower is a person typing and must be replayed untouched.
#include "app/wedge_key_filter.h"
#include "app/wedge_scanner.h"

#include <QGuiApplication>
#include <QKeyEvent>
#include <QWindow>

#include <gtest/gtest.h>

#include <string>

using namespace ocop;
using D = WedgeScanner::Decision;

namespace {

// Feeds `text` one character every `stepMs` from t0, checking each is held.
std::int64_t type(WedgeScanner& s, const std::string& text, std::int64_t t0, std::int64_t stepMs)
{
    std::int64_t t = t0;
    for (char c : text) {
        const auto d = s.onText(std::string(1, c), t);
        EXPECT_TRUE(d == D::Hold || d == D::FlushThenHold);
        t += stepMs;
    }
    return t - stepMs;
}

} // namespace

TEST(WedgeScanner, FastKeysEndingInEnterAreAScan)
{
    WedgeScanner s;
    const auto last = type(s, "8935001800019", 1000, 8);
    EXPECT_EQ(s.heldKeys(), 13u);
    EXPECT_EQ(s.onEnter(last + 8), D::Scan);
    EXPECT_EQ(s.code(), "8935001800019");
    EXPECT_EQ(s.heldKeys(), 0u) << "a scan leaves nothing to replay";
}

TEST(WedgeScanner, ProductCodesWithLettersScanToo)
{
    WedgeScanner s;
    const auto last = type(s, "OCOP-00042", 0, 12);
    EXPECT_EQ(s.onEnter(last + 15), D::Scan);
    EXPECT_EQ(s.code(), "OCOP-00042");
}

TEST(WedgeScanner, TooShortBurstIsTyping)
{
    WedgeScanner s;
    const auto last = type(s, "12345", 0, 5); // 5 < minLength 6
    EXPECT_EQ(s.onEnter(last + 5), D::FlushThenPass);
    EXPECT_EQ(s.heldKeys(), 0u);
}

TEST(WedgeScanner, SlowTypingIsReplayedKeyByKey)
{
    WedgeScanner s;
    EXPECT_EQ(s.onText("m", 0), D::Hold);
    // 150 ms later: a person. The held "m" must be replayed before "i" is held.
    EXPECT_EQ(s.onText("i", 150), D::FlushThenHold);
    EXPECT_EQ(s.held(), "i");
    EXPECT_EQ(s.onText("e", 320), D::FlushThenHold);
    EXPECT_EQ(s.onText("n", 480), D::FlushThenHold);
    EXPECT_EQ(s.onEnter(700), D::FlushThenPass) << "Enter after slow typing is the search box's";
}

TEST(WedgeScanner, PollFlushesAfterAPause)
{
    WedgeScanner s;
    s.onText("a", 0);
    EXPECT_FALSE(s.poll(20)) << "still inside the scan window";
    EXPECT_FALSE(s.poll(80));
    EXPECT_TRUE(s.poll(81));
    s.flushed();
    EXPECT_EQ(s.heldKeys(), 0u);
    EXPECT_FALSE(s.poll(500)) << "nothing held, nothing to flush";
}

TEST(WedgeScanner, ScanAfterTypingKeepsOnlyTheScannedPart)
{
    WedgeScanner s;
    s.onText("x", 0); // typed by hand
    // The scanner starts 300 ms later.
    EXPECT_EQ(s.onText("8", 300), D::FlushThenHold);
    const auto last = type(s, "935001800019", 310, 10);
    EXPECT_EQ(s.onEnter(last + 10), D::Scan);
    EXPECT_EQ(s.code(), "8935001800019");
}

TEST(WedgeScanner, SlowEnterAfterFastKeysIsNotAScan)
{
    WedgeScanner s;
    const auto last = type(s, "12345678", 0, 5);
    // A person pressing Enter half a second after pasting-speed input.
    EXPECT_EQ(s.onEnter(last + 500), D::FlushThenPass);
}

TEST(WedgeScanner, OtherKeysFlushFirst)
{
    WedgeScanner s;
    EXPECT_EQ(s.onOtherKey(0), D::Pass);
    s.onText("a", 10);
    EXPECT_EQ(s.onOtherKey(15), D::FlushThenPass);
    EXPECT_EQ(s.heldKeys(), 0u);
}

TEST(WedgeScanner, ConfigurableThresholds)
{
    WedgeScanner s(WedgeScanner::Config{100, 3});
    const auto last = type(s, "ABC", 0, 90);
    EXPECT_EQ(s.onEnter(last + 90), D::Scan);
    EXPECT_EQ(s.code(), "ABC");
}

// The Qt filter on real key events: a scan reaches the handler and no
// character reaches the window's items; typing comes through unchanged.
class KeyCatcher : public QWindow {
public:
    QString typed;
    int enters = 0;

protected:
    void keyPressEvent(QKeyEvent* e) override
    {
        if (e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter)
            ++enters;
        else
            typed += e->text();
    }
};

static void sendKey(QWindow* w, int key, const QString& text)
{
    QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier, text);
    QCoreApplication::sendEvent(w, &press);
}

TEST(WedgeKeyFilter, ScanIsSwallowedAndTypingIsReplayed)
{
    int argc = 1;
    char name[] = "test_wedge_scanner";
    char* argv[] = {name, nullptr};
    QGuiApplication app(argc, argv);

    QStringList scans;
    bool accept = true;
    WedgeKeyFilter filter([&](const QString& code) {
        scans << code;
        return accept;
    });
    app.installEventFilter(&filter);
    KeyCatcher window;

    for (const QChar c : QStringLiteral("8935001800019"))
        sendKey(&window, c.unicode(), QString(c));
    sendKey(&window, Qt::Key_Return, QStringLiteral("\r"));
    ASSERT_EQ(scans.size(), 1);
    EXPECT_EQ(scans.front(), QStringLiteral("8935001800019"));
    EXPECT_TRUE(window.typed.isEmpty()) << window.typed.toStdString();
    EXPECT_EQ(window.enters, 0);

    // A person types "tra" with pauses: every key arrives, in order.
    for (const QChar c : QStringLiteral("tra")) {
        sendKey(&window, c.unicode(), QString(c));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 120)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    EXPECT_EQ(window.typed, QStringLiteral("tra"));
    EXPECT_EQ(scans.size(), 1);

    // A scan nobody wants (handler says no) is typed as it came.
    accept = false;
    window.typed.clear();
    for (const QChar c : QStringLiteral("HK01-T1-000001"))
        sendKey(&window, c.unicode(), QString(c));
    sendKey(&window, Qt::Key_Return, QStringLiteral("\r"));
    EXPECT_EQ(window.typed, QStringLiteral("HK01-T1-000001"));
    EXPECT_EQ(window.enters, 1);
    app.removeEventFilter(&filter);
}
