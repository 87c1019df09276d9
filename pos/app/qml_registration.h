#pragma once
// Everything QML sees from C++, in one place: the PosController singleton and
// the model types, under the module URI "OcopPos.Backend" 1.0, plus the
// receipt image provider and the keyboard-wedge filter for an engine.
class QQmlEngine;

namespace ocop {

class PosController;

// Registers the controller instance as the singleton `PosController` (call
// once per process, before the first engine loads QML).
void registerQmlTypes(PosController* controller);
// Per engine: the image://receipt provider and language switching.
void attachToEngine(QQmlEngine* engine, PosController* controller);
// Installs the application-wide keyboard-wedge scanner filter that hands
// scans to controller->handleScan (once per process).
void installWedgeScanner(PosController* controller);

} // namespace ocop
