import QtQuick
import QtQuick.Controls.Basic

// An amount in whole đồng: digits only (the on-screen keyboard shows its
// number pad), shown with thousands dots while not being edited.
TextField {
    id: field
    property real value: {
        const digits = text.replace(/[^0-9]/g, "")
        return digits.length ? Number(digits) : 0
    }
    function setValue(v) { text = v > 0 ? String(Math.round(v)) : "" }

    implicitHeight: Theme.touch
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontLarge
    inputMethodHints: Qt.ImhDigitsOnly
    validator: RegularExpressionValidator { regularExpression: /[0-9]{0,12}/ }
    horizontalAlignment: TextInput.AlignRight
    rightPadding: 36
    color: Theme.text
    background: Rectangle {
        radius: Theme.radius
        color: Theme.surface
        border.color: field.activeFocus ? Theme.primary : Theme.border
        border.width: field.activeFocus ? 2 : 1
        Text {
            anchors { right: parent.right; rightMargin: 12; verticalCenter: parent.verticalCenter }
            text: "₫"
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontLarge
            color: Theme.textMuted
        }
    }
}
