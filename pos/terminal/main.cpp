// ocop-pos — the touch terminal.
//
//   ocop-pos [--data DIR] [--lang vi|en]
//   ocop-pos --screenshot FILE --screen NAME [--size WxH] [--data DIR] [--lang vi|en]
//   ocop-pos --self-test [--data DIR]
//
// A live terminal that is enrolled with a central server (`ocop enroll URL
// CODE`) runs the sync agent on a worker thread; its status reaches the UI
// through SyncStatusModel (the `SyncStatus` QML singleton). Screenshots and
// the self-test never start it: they make no network calls.
//
// Screenshots and the self-test never write to a shop's database: they work
// on a temporary copy of DIR/terminal.db, or on a fresh demo terminal in a
// temporary directory when DIR has none. Exit 0 on success, 2 on bad input
// (one-line reason on stderr), 1 on other failures.
#include "app/camera_scanner.h"
#include "app/pos_controller.h"
#include "app/qml_registration.h"
#include "app/sync_status_model.h"
#include "core/errors.h"
#include "core/timeutil.h"
#include "receipt/fonts.h"
#include "service/logging.h"
#include "service/pos_service.h"
#include "sync/agent/sync_session.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFont>
#include <QLibraryInfo>
#include <QGuiApplication>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

Q_IMPORT_QML_PLUGIN(OcopPosPlugin)

namespace fs = std::filesystem;
using namespace ocop;

namespace {

const char* const kScreens[] = {"login",   "shift",  "sell",       "trace",   "pay", "payqr",
                                "receipt", "return", "shiftclose", "zreport", "sync"};
const char* const kScreenList = "login shift sell trace pay payqr receipt return shiftclose zreport sync";

struct Options {
    std::optional<std::string> dataDir;
    std::string screenshot;
    std::string screen;
    int width = 1280;
    int height = 800;
    bool selfTest = false;
    std::string lang;
};

[[noreturn]] void badInput(const std::string& why)
{
    std::cerr << "ocop-pos: " << why << "\n";
    std::exit(2);
}

void usage()
{
    std::cout << "usage: ocop-pos [--data DIR] [--lang vi|en]\n"
                 "       ocop-pos --screenshot FILE.png --screen NAME [--size WxH] [--data DIR] [--lang vi|en]\n"
                 "       ocop-pos --self-test [--data DIR]\n"
                 "screens: " << kScreenList << "\n";
}

Options parse(int argc, char** argv)
{
    Options o;
    auto value = [&](int& i) -> std::string {
        if (i + 1 >= argc)
            badInput(std::string(argv[i]) + " needs a value");
        return argv[++i];
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--data")
            o.dataDir = value(i);
        else if (a == "--screenshot")
            o.screenshot = value(i);
        else if (a == "--screen")
            o.screen = value(i);
        else if (a == "--size") {
            const std::string s = value(i);
            int w = 0, h = 0;
            char x = 0;
            if (std::sscanf(s.c_str(), "%d%c%d", &w, &x, &h) != 3 || (x != 'x' && x != 'X') || w < 320 || h < 240 ||
                w > 7680 || h > 4320)
                badInput("--size must look like 1280x800");
            o.width = w;
            o.height = h;
        } else if (a == "--self-test")
            o.selfTest = true;
        else if (a == "--lang") {
            o.lang = value(i);
            if (o.lang != "vi" && o.lang != "en")
                badInput("--lang must be vi or en");
        } else if (a == "--help" || a == "-h") {
            usage();
            std::exit(0);
        } else if (a.rfind("-platform", 0) == 0 || a.rfind("-style", 0) == 0) {
            ++i; // Qt's own options: QGuiApplication reads them
        } else
            badInput("unknown option " + a + " (see --help)");
    }
    if (!o.screenshot.empty() && o.screen.empty())
        o.screen = "sell";
    if (!o.screen.empty()) {
        bool known = false;
        for (const char* s : kScreens)
            known = known || o.screen == s;
        if (!known)
            badInput("unknown screen " + o.screen + " (" + kScreenList + ")");
        if (o.screenshot.empty() && !o.selfTest)
            badInput("--screen goes with --screenshot FILE");
    }
    return o;
}

// Messages QML and Qt print while loading and showing screens: the self-test
// fails on any warning.
QStringList g_warnings;
QtMessageHandler g_previousHandler = nullptr;

void recordMessages(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    // What the self-test is for: QML load errors, binding loops, type errors,
    // missing properties. Environment chatter (XDG_RUNTIME_DIR...) is not.
    const QLatin1String category(context.category ? context.category : "");
    const bool qmlRelated = category == QLatin1String("qml") || category == QLatin1String("js") ||
                            category.startsWith(QLatin1String("qt.qml")) ||
                            category.startsWith(QLatin1String("qt.quick")) || message.contains(QLatin1String("qrc:/")) ||
                            message.contains(QLatin1String(".qml:"));
    if (type != QtDebugMsg && type != QtInfoMsg && qmlRelated)
        g_warnings << message;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

void wait(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// A believable state for a screen, built on the (temporary) terminal.
class DemoStage {
public:
    DemoStage(PosService& service, PosController& controller, SyncStatusModel& sync)
        : m_service(service), m_c(controller), m_sync(sync)
    {
    }

    void login() { m_c.setScreen(QStringLiteral("login")); }

    void closeSyncPanel() { m_sync.setPanelOpen(false); }

    // The sync panel over the sell screen of a terminal enrolled with a
    // centre that was reached 12 minutes ago, with one sale waiting and one
    // the centre refused. Only ever on the temporary copy of the database;
    // nothing is sent anywhere.
    void syncPanel()
    {
        receipt();
        newSaleAfterReceipt();
        Store& store = m_service.store();
        const auto now = nowMs();
        if (store.setting(sync::key::Token).value_or("").empty()) {
            store.setSetting(sync::key::ServerUrl, "https://ocop.hanoi.gov.vn");
            store.setSetting(sync::key::Token, "demo-screenshot-token");
            store.setSetting(sync::key::PointName, "Điểm bán OCOP Hoàn Kiếm");
        }
        store.setSetting(sync::key::LastSuccess, std::to_string(now - 12 * 60 * 1000));
        store.setSetting(sync::key::LastError, "could not connect to ocop.hanoi.gov.vn:443 (timeout after 10 s)");
        if (store.quarantinedEventCount() == 0) {
            const auto pending = store.pendingEvents(1000);
            for (auto it = pending.rbegin(); it != pending.rend(); ++it)
                if (it->type == "sale.completed") {
                    store.quarantineEvent(it->seq,
                                          "conflict: seq " + std::to_string(it->seq) +
                                              " is already stored with different content; the stored event is kept",
                                          now);
                    break;
                }
        }
        receipt(); // one more sale, still waiting to be sent
        sell();
        m_sync.reload();
        m_sync.setPanelOpen(true);
    }

    void shiftOpenForm()
    {
        session();
        m_c.setScreen(QStringLiteral("shift"));
    }

    void sell()
    {
        ensureShift();
        session();
        fillCart();
        m_c.setScreen(QStringLiteral("sell"));
    }

    // A pack's GS1 DataMatrix whose lot went past its date a week ago: the
    // trace panel asking for a manager.
    void trace()
    {
        sell();
        const Product* pick = nullptr;
        for (const Product* p : m_service.browse(1, 400))
            if (p->active && p->stars >= 4 && !p->gtin.empty()) {
                pick = p;
                break;
            }
        if (!pick)
            return;
        const auto expired = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) - std::chrono::days(7);
        const std::chrono::year_month_day ymd(expired);
        char yymmdd[8];
        std::snprintf(yymmdd, sizeof yymmdd, "%02d%02u%02u", static_cast<int>(ymd.year()) % 100,
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        const std::string gtin14 = std::string(14 - pick->gtin.size(), '0') + pick->gtin;
        m_c.handleScan(QString::fromStdString("01" + gtin14 + "11250310" + "10L2503-07\x1d" "17" + yymmdd),
                       QStringLiteral("]d2"));
    }

    // The payment screen with bank transfer chosen: the VietQR code (the
    // method button is pressed once the window is up, see pressAfterLoad).
    void payByTransfer()
    {
        sell();
        m_c.startPayment();
    }

    void pay()
    {
        sell();
        m_c.startPayment();
        m_c.addPayment(QStringLiteral("bank_transfer"), 150000, QStringLiteral("FT24318 9920"));
        const qint64 due = m_c.amountDue();
        m_c.addPayment(QStringLiteral("cash"), (due / 100000 + 1) * 100000, QString());
    }

    QString receipt()
    {
        sell();
        m_c.startPayment();
        const qint64 due = m_c.amountDue();
        m_c.addPayment(QStringLiteral("cash"), (due / 100000 + 1) * 100000, QString());
        m_c.completeSale();
        return m_c.receiptNo();
    }

    void returnScreen()
    {
        const QString no = receipt();
        m_c.startReturn();
        m_c.lookupReturn(no);
        m_c.setReturnQuantity(0, 1);
    }

    void shiftClose()
    {
        receipt();
        m_c.beginCloseShift();
    }

    void zReport()
    {
        shiftClose();
        // Count the drawer as expected, less one 10.000 note.
        qint64 left = m_c.expectedCash() - 10000;
        QVariantMap counts;
        for (const auto d : kDenominations) {
            const qint64 n = left > 0 ? left / d : 0;
            if (n > 0)
                counts.insert(QString::number(d), n);
            left -= n * d;
        }
        m_c.closeShift(counts);
    }

    bool failed() const { return !m_c.errorMessage().isEmpty(); }

private:
    void newSaleAfterReceipt() { m_c.newSale(); }

    std::string cashierId() const
    {
        for (const auto& u : m_service.store().users())
            if (u.active && u.role == Role::Cashier)
                return u.id;
        const auto users = m_service.store().users();
        return users.empty() ? std::string() : users.front().id;
    }

    void ensureShift()
    {
        if (!m_service.store().openShift())
            m_service.store().startShift(cashierId(), 1'000'000, nowMs());
    }

    void session()
    {
        if (!m_c.loggedIn())
            m_c.startDemoSession(cashierId());
    }

    void fillCart()
    {
        if (m_c.itemCount() > 0)
            return;
        // One product from each of four groups, preferring 4- and 5-star ones.
        int added = 0;
        for (int group : {1, 2, 3, 4, 5}) {
            const auto products = m_service.browse(group, 200);
            const Product* pick = nullptr;
            for (const Product* p : products)
                if (p->active && p->stars >= 4 && m_service.store().onHand(p->code) >= 3) {
                    pick = p;
                    break;
                }
            if (!pick)
                for (const Product* p : products)
                    if (p->active && m_service.store().onHand(p->code) >= 3) {
                        pick = p;
                        break;
                    }
            if (!pick)
                continue;
            m_c.addProduct(QString::fromStdString(pick->code));
            if (added == 0)
                m_c.addProduct(QString::fromStdString(pick->code));
            if (++added == 4)
                break;
        }
    }

    PosService& m_service;
    PosController& m_c;
    SyncStatusModel& m_sync;
};

void stage(DemoStage& s, const std::string& screen)
{
    s.closeSyncPanel();
    if (screen == "login")
        s.login();
    else if (screen == "shift")
        s.shiftOpenForm();
    else if (screen == "sell")
        s.sell();
    else if (screen == "trace")
        s.trace();
    else if (screen == "pay")
        s.pay();
    else if (screen == "payqr")
        s.payByTransfer();
    else if (screen == "receipt")
        s.receipt();
    else if (screen == "return")
        s.returnScreen();
    else if (screen == "shiftclose")
        s.shiftClose();
    else if (screen == "zreport")
        s.zReport();
    else if (screen == "sync")
        s.syncPanel();
}

// QML items hang off their visual parents, not always their QObject ones.
QQuickItem* findItem(QQuickItem* item, const QString& objectName)
{
    if (!item)
        return nullptr;
    if (item->objectName() == objectName)
        return item;
    for (QQuickItem* child : item->childItems())
        if (auto* found = findItem(child, objectName))
            return found;
    return nullptr;
}

// Copies the shop's database into `tmp` so a demo state never touches it.
bool copyDatabase(const fs::path& dataDir, const fs::path& tmp)
{
    std::error_code ec;
    const auto db = PosService::databasePath(dataDir);
    fs::copy_file(db, PosService::databasePath(tmp), ec);
    if (ec)
        return false;
    for (const char* suffix : {"-wal", "-shm"}) {
        const fs::path side = db.string() + suffix;
        if (fs::exists(side))
            fs::copy_file(side, PosService::databasePath(tmp).string() + suffix, ec);
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    const Options opt = parse(argc, argv);
    const bool offscreen = !opt.screenshot.empty() || opt.selfTest;
    if (offscreen && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // The on-screen keyboard, when its QML module is complete on this system
    // (Debian splits Qt.labs.folderlistmodel, which it needs, into its own package).
    const QString qmlDir = QLibraryInfo::path(QLibraryInfo::QmlImportsPath);
    const bool keyboardAvailable = QFile::exists(qmlDir + QStringLiteral("/QtQuick/VirtualKeyboard/qmldir")) &&
                                   QFile::exists(qmlDir + QStringLiteral("/Qt/labs/folderlistmodel/qmldir"));
    if (keyboardAvailable && qEnvironmentVariableIsEmpty("QT_IM_MODULE"))
        qputenv("QT_IM_MODULE", "qtvirtualkeyboard");
    if (opt.selfTest)
        g_previousHandler = qInstallMessageHandler(recordMessages);

    const fs::path dataDir = opt.dataDir ? fs::path(*opt.dataDir) : PosService::defaultDataDir();
    const bool haveDb = fs::exists(PosService::databasePath(dataDir));
    // Checked before Qt starts, so a missing database is reported even
    // where no display is available.
    if (!offscreen && !haveDb)
        badInput("no terminal database in " + dataDir.string() + "; create one with `ocop init --demo --data " +
                 dataDir.string() + "`");

    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("ocop-pos"));
    QGuiApplication::setOrganizationName(QStringLiteral("OCOP"));
    QQuickStyle::setStyle(QStringLiteral("Basic"));
    QGuiApplication::setFont(QFont(ensureVietnameseFont(), 12));

    QTemporaryDir tmp;
    std::unique_ptr<PosService> service;
    try {
        if (offscreen) {
            spdlog::set_level(spdlog::level::warn);
            if (!tmp.isValid())
                throw std::runtime_error("cannot create a temporary directory");
            const fs::path tmpDir = tmp.path().toStdString();
            if (haveDb) {
                if (!copyDatabase(dataDir, tmpDir))
                    throw std::runtime_error("cannot copy " + PosService::databasePath(dataDir).string());
                service = PosService::open(tmpDir, Store::OpenMode::OpenExisting);
            } else {
                if (opt.dataDir && !fs::exists(dataDir))
                    badInput("data directory " + dataDir.string() + " does not exist");
                service = PosService::initDemo(tmpDir, DemoOptions{});
            }
        } else {
            setupLogging(dataDir, "ocop-pos");
            service = PosService::open(dataDir, Store::OpenMode::OpenExisting);
        }
    } catch (const UserError& e) {
        badInput(e.what());
    } catch (const std::exception& e) {
        std::cerr << "ocop-pos: " << e.what() << "\n";
        return 1;
    }

    PosController controller(*service);
    controller.setVirtualKeyboard(keyboardAvailable && qgetenv("QT_IM_MODULE") == "qtvirtualkeyboard");
    if (!opt.lang.empty())
        controller.setLanguage(QString::fromStdString(opt.lang));
    SyncStatusModel syncStatus(*service);
    // Sales, returns and shifts add events to the outbox: count them at once.
    QObject::connect(&controller, &PosController::receiptChanged, &syncStatus, &SyncStatusModel::reload);
    QObject::connect(&controller, &PosController::shiftChanged, &syncStatus, &SyncStatusModel::reload);
    registerQmlTypes(&controller, &syncStatus);
    // Camera scanning (the CameraPanel on the sell screen): decodes on its own
    // thread and hands codes to the same entry as the wedge scanner.
    CameraScanner cameraScanner;
    registerCameraScanner(&cameraScanner);
    routeCameraScans(&cameraScanner, &controller);
    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/")); // the static OcopPos module lives at qrc:/OcopPos
    attachToEngine(&engine, &controller);
    installWedgeScanner(&controller);

    DemoStage demo(*service, controller, syncStatus);
    if (!opt.screenshot.empty())
        stage(demo, opt.screen);

    engine.load(QUrl(QStringLiteral("qrc:/OcopPos/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        std::cerr << "ocop-pos: the user interface failed to load\n";
        return 1;
    }
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
    if (!window) {
        std::cerr << "ocop-pos: Main.qml has no window\n";
        return 1;
    }
    if (offscreen)
        window->resize(opt.width, opt.height);

    if (!opt.screenshot.empty()) {
        if (demo.failed())
            std::cerr << "ocop-pos: warning while preparing the screen: " << controller.errorMessage().toStdString()
                      << "\n";
        controller.clearError();
        window->show();
        wait(200);
        if (opt.screen == "payqr")
            if (auto* button = findItem(window->contentItem(), QStringLiteral("method_bank_transfer")))
                QMetaObject::invokeMethod(button, "clicked");
        wait(200);
        const QImage shot = window->grabWindow();
        if (shot.isNull() || !shot.save(QString::fromStdString(opt.screenshot), "PNG")) {
            std::cerr << "ocop-pos: cannot write " << opt.screenshot << "\n";
            return 1;
        }
        std::cout << opt.screenshot << " (" << shot.width() << "x" << shot.height() << ", screen " << opt.screen
                  << ")\n";
        return 0;
    }

    if (opt.selfTest) {
        window->show();
        int loaded = 0;
        for (const char* lang : {"vi", "en"}) {
            controller.setLanguage(QString::fromLatin1(lang));
            for (const char* screen : kScreens) {
                controller.logout();
                stage(demo, screen);
                wait(60);
                const QImage shot = window->grabWindow();
                if (shot.isNull()) {
                    g_warnings << QStringLiteral("screen %1 rendered nothing").arg(QString::fromLatin1(screen));
                }
                if (demo.failed())
                    g_warnings << QStringLiteral("screen %1: %2").arg(QString::fromLatin1(screen), controller.errorMessage());
                ++loaded;
            }
        }
        if (!g_warnings.isEmpty()) {
            std::cerr << "ocop-pos: self-test failed with " << g_warnings.size() << " warning(s):\n";
            for (const auto& w : std::as_const(g_warnings))
                std::cerr << "  " << w.toStdString() << "\n";
            return 1;
        }
        std::cout << "ocop-pos: self-test passed (" << loaded << " screens loaded, no QML warnings)\n";
        return 0;
    }

    // The live terminal: the sync agent, once enrolled (checked again every
    // minute, so `ocop enroll` while the terminal runs takes effect).
    std::unique_ptr<sync::SyncAgent> agent;
    auto startAgentIfEnrolled = [&] {
        if (agent || !isEnrolled(*service))
            return;
        agent = makeSyncAgent(*service, &syncStatus, [&controller] { controller.reloadCatalog(); });
        agent->start();
        spdlog::info("sync agent started");
    };
    auto stopAgent = [&] {
        if (!agent)
            return;
        syncStatus.setSyncNowHandler({});
        agent->stop();
        agent.reset();
        spdlog::info("sync agent stopped");
    };
    startAgentIfEnrolled();
    QTimer enrolmentCheck;
    enrolmentCheck.setInterval(60'000);
    QObject::connect(&enrolmentCheck, &QTimer::timeout, [&] {
        startAgentIfEnrolled();
        if (agent)
            enrolmentCheck.stop();
    });
    if (!agent)
        enrolmentCheck.start();
    QObject::connect(&app, &QCoreApplication::aboutToQuit, stopAgent);

    const int rc = app.exec();
    stopAgent();
    return rc;
}
