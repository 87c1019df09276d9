// Qt Quick Test runner for the touch UI: a fresh demo terminal in a temporary
// directory, the real PosController and QML module, offscreen.
#include "app/camera_scanner.h"
#include "app/pos_controller.h"
#include "app/qml_registration.h"
#include "app/sync_status_model.h"
#include "service/pos_service.h"

#include <QQmlEngine>
#include <QQuickStyle>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include <spdlog/spdlog.h>

#include <memory>

Q_IMPORT_QML_PLUGIN(OcopPosPlugin)

class Setup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable()
    {
        spdlog::set_level(spdlog::level::warn);
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        m_service = ocop::PosService::initDemo(m_dir.path().toStdString(), ocop::DemoOptions{300, 2021});
        m_controller = std::make_unique<ocop::PosController>(*m_service);
        // No agent: a demo terminal is not enrolled, and tests make no network calls.
        m_sync = std::make_unique<ocop::SyncStatusModel>(*m_service);
        ocop::registerQmlTypes(m_controller.get(), m_sync.get());
        m_camera = std::make_unique<ocop::CameraScanner>();
        ocop::registerCameraScanner(m_camera.get());
        ocop::routeCameraScans(m_camera.get(), m_controller.get());
        ocop::installWedgeScanner(m_controller.get());
    }
    void qmlEngineAvailable(QQmlEngine* engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/")); // the static OcopPos module lives at qrc:/OcopPos
        ocop::attachToEngine(engine, m_controller.get());
    }
    void cleanupTestCase()
    {
        m_camera.reset();
        m_sync.reset();
        m_controller.reset();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ocop::PosService> m_service;
    std::unique_ptr<ocop::PosController> m_controller;
    std::unique_ptr<ocop::SyncStatusModel> m_sync;
    std::unique_ptr<ocop::CameraScanner> m_camera;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml, Setup)

#include "tst_qml.moc"
