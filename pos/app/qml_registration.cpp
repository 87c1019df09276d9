#include "app/qml_registration.h"

#include "app/camera_scanner.h"
#include "app/models.h"
#include "app/pos_controller.h"
#include "app/receipt_image_provider.h"
#include "app/sync_status_model.h"
#include "app/wedge_key_filter.h"

#include <QGuiApplication>
#include <QQmlEngine>

namespace ocop {

static constexpr const char* kUri = "OcopPos.Backend";

void registerQmlTypes(PosController* controller, SyncStatusModel* syncStatus)
{
    static bool done = false;
    if (done)
        return;
    done = true;
    qmlRegisterSingletonInstance(kUri, 1, 0, "PosController", controller);
    qmlRegisterSingletonInstance(kUri, 1, 0, "SyncStatus", syncStatus);
    const QString reason = QStringLiteral("provided by PosController");
    qmlRegisterUncreatableType<ProductListModel>(kUri, 1, 0, "ProductListModel", reason);
    qmlRegisterUncreatableType<CartModel>(kUri, 1, 0, "CartModel", reason);
    qmlRegisterUncreatableType<PaymentListModel>(kUri, 1, 0, "PaymentListModel", reason);
    qmlRegisterUncreatableType<ReturnLinesModel>(kUri, 1, 0, "ReturnLinesModel", reason);
}

void attachToEngine(QQmlEngine* engine, PosController* controller)
{
    engine->addImageProvider(QStringLiteral("receipt"), new ReceiptImageProvider(controller));
    engine->addImageProvider(QStringLiteral("vietqr"), new VietQrImageProvider(controller));
    controller->addEngine(engine);
}

void installWedgeScanner(PosController* controller)
{
    static WedgeKeyFilter* filter = nullptr;
    if (filter)
        return;
    filter = new WedgeKeyFilter([controller](const QString& code) { return controller->handleScan(code); },
                                WedgeScanner::Config{}, controller);
    qApp->installEventFilter(filter);
}

void registerCameraScanner(CameraScanner* scanner)
{
    static bool done = false;
    if (done)
        return;
    done = true;
    qmlRegisterSingletonInstance(kUri, 1, 0, "CameraScanner", scanner);
}

QMetaObject::Connection routeCameraScans(CameraScanner* scanner, PosController* controller)
{
    // The symbology id tells GS1 element strings (]d2, ]Q3, ]C1) from text.
    return QObject::connect(scanner, &CameraScanner::codeScanned, controller,
                            [controller](const QString& text, const QString& symbologyId) {
                                controller->handleScan(text, symbologyId);
                            });
}

} // namespace ocop
