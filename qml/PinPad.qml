import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// A numeric PIN pad: dots for the digits typed, 0-9, erase and OK. Typing on
// a hardware keyboard works too. Emits accepted(pin) and clears itself.
Rectangle {
    id: pad
    property string pin: ""
    property int maxLength: 8
    property string title: ""
    property string okText: qsTr("OK")
    signal accepted(string pin)

    implicitWidth: 340
    implicitHeight: column.implicitHeight + 2 * Theme.margin
    radius: Theme.radius * 1.5
    color: Theme.surface
    border.color: Theme.border
    focus: true

    function press(ch) {
        if (pin.length < maxLength)
            pin += ch
    }
    function erase() { pin = pin.slice(0, -1) }
    function submit() {
        if (pin.length === 0)
            return
        const p = pin
        pin = ""
        accepted(p)
    }

    Keys.onPressed: (event) => {
        if (event.key >= Qt.Key_0 && event.key <= Qt.Key_9) {
            press(String(event.key - Qt.Key_0)); event.accepted = true
        } else if (event.key === Qt.Key_Backspace) {
            erase(); event.accepted = true
        } else if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
            submit(); event.accepted = true
        }
    }

    ColumnLayout {
        id: column
        anchors { fill: parent; margins: Theme.margin }
        spacing: Theme.spacing

        Text {
            Layout.fillWidth: true
            visible: pad.title.length > 0
            text: pad.title
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.text
            horizontalAlignment: Text.AlignHCenter
            elide: Text.ElideRight
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: 52
            radius: Theme.radius
            color: Theme.surfaceAlt
            border.color: Theme.border
            Row {
                anchors.centerIn: parent
                spacing: 14
                Repeater {
                    model: Math.max(4, pad.pin.length)
                    Rectangle {
                        width: 18; height: 18; radius: 9
                        color: index < pad.pin.length ? Theme.primary : "transparent"
                        border.color: Theme.primary
                        border.width: 2
                    }
                }
            }
        }

        GridLayout {
            Layout.fillWidth: true
            columns: 3
            rowSpacing: 8
            columnSpacing: 8
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
                PosButton {
                    objectName: modelData === "OK" ? "pinOk" : modelData === "⌫" ? "pinErase" : "pinKey_" + modelData
                    Layout.fillWidth: true
                    Layout.preferredWidth: 90
                    Layout.preferredHeight: 62
                    text: modelData === "OK" ? pad.okText : modelData
                    kind: modelData === "OK" ? "primary" : "secondary"
                    fontSize: modelData === "OK" ? Theme.fontBody : Theme.fontTitle
                    enabled: modelData !== "OK" || pad.pin.length > 0
                    onClicked: {
                        if (modelData === "OK") pad.submit()
                        else if (modelData === "⌫") pad.erase()
                        else pad.press(modelData)
                    }
                }
            }
        }
    }
}
