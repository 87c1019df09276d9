import QtQuick
import QtQuick.VirtualKeyboard

// The on-screen keyboard, shown while a text field has focus (search,
// amounts, receipt numbers). Vietnamese and English layouts.
InputPanel {
    id: inputPanel
    objectName: "inputPanel"
    visible: active
}
