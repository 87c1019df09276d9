import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Window
import OcopPos.Backend

// The terminal's window: the shell with every screen, and the on-screen
// keyboard (Qt Virtual Keyboard) sliding up over the bottom when a text field
// has focus.
ApplicationWindow {
    id: window
    width: 1280
    height: 800
    minimumWidth: 1024
    minimumHeight: 600
    visible: true
    title: qsTr("OCOP POS")
    color: Theme.background
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontBody

    PosShell {
        id: shell
        objectName: "shell"
        anchors.fill: parent
        anchors.bottomMargin: keyboard.item && keyboard.item.active ? keyboard.item.height : 0
    }

    // A second screen, when one is attached, faces the customer: the total,
    // and the VietQR code while a bank transfer is being taken.
    Loader {
        objectName: "customerDisplayLoader"
        active: Qt.application.screens.length > 1
        sourceComponent: Window {
            screen: Qt.application.screens[1]
            visible: true
            visibility: Window.FullScreen
            title: qsTr("OCOP POS — customer display")
            CustomerView { anchors.fill: parent }
        }
    }

    // Loaded only where the Qt Virtual Keyboard module is complete
    // (PosController.virtualKeyboard is probed at start-up).
    Loader {
        id: keyboard
        objectName: "keyboardLoader"
        z: 99
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        active: PosController.virtualKeyboard
        source: "VirtualKeyboard.qml"
    }
}
