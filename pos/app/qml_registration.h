#pragma once
// Everything QML sees from C++, in one place: the PosController singleton and
// the SyncStatus singleton, the model types, under the module URI "OcopPos.Backend" 1.0, plus the
// receipt image provider and the keyboard-wedge filter for an engine.
#include <QMetaObject>

class QQmlEngine;

namespace ocop {

class CameraScanner;
class PosController;
class SyncStatusModel;

// Registers the controller instance as the singleton `PosController` and the
// sync status as the singleton `SyncStatus` (call once per process, before
// the first engine loads QML).
void registerQmlTypes(PosController* controller, SyncStatusModel* syncStatus);
// Per engine: the image://receipt provider and language switching.
void attachToEngine(QQmlEngine* engine, PosController* controller);
// Installs the application-wide keyboard-wedge scanner filter that hands
// scans to controller->handleScan (once per process).
void installWedgeScanner(PosController* controller);
// Registers the camera scanner as the singleton `CameraScanner` (once per
// process, before the first engine loads QML).
void registerCameraScanner(CameraScanner* scanner);
// Hands the camera's scans to the cashier flow (controller->handleScan),
// the way the wedge scanner does. Returns the connection.
QMetaObject::Connection routeCameraScans(CameraScanner* scanner, PosController* controller);

} // namespace ocop
