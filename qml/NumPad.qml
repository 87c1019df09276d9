import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// A touch number pad that types into `target` (a TextField: an amount or a
// reference) without taking the focus from it. ⌫ erases one character,
// C clears the field.
GridLayout {
    id: pad
    property Item target: null
    property int keyHeight: Theme.touch
    property int maxLength: 12

    columns: 4
    rowSpacing: 6
    columnSpacing: 6

    function press(key) {
        if (!target)
            return
        if (key === "back")
            target.text = target.text.slice(0, -1)
        else if (key === "clear")
            target.text = ""
        else {
            // An amount never starts with zeros; a reference may.
            const amount = (target.inputMethodHints & Qt.ImhDigitsOnly) !== 0
            if (amount && target.text.length === 0 && key.charAt(0) === "0")
                return
            if ((target.text + key).length <= maxLength)
                target.text = target.text + key
        }
    }

    Repeater {
        model: [
            { key: "7", span: 1 }, { key: "8", span: 1 }, { key: "9", span: 1 }, { key: "back", span: 1 },
            { key: "4", span: 1 }, { key: "5", span: 1 }, { key: "6", span: 1 }, { key: "clear", span: 1 },
            { key: "1", span: 1 }, { key: "2", span: 1 }, { key: "3", span: 1 }, { key: "00", span: 1 },
            { key: "0", span: 2 }, { key: "000", span: 2 }
        ]
        PosButton {
            objectName: "numKey_" + modelData.key
            Layout.fillWidth: true
            Layout.preferredWidth: modelData.span * 60
            Layout.columnSpan: modelData.span
            Layout.preferredHeight: pad.keyHeight
            leftPadding: 2
            rightPadding: 2
            enabled: pad.target !== null && pad.target.enabled
            kind: modelData.key === "back" || modelData.key === "clear" ? "ghost" : "secondary"
            text: modelData.key === "back" ? "⌫" : modelData.key === "clear" ? "C" : modelData.key
            fontSize: Theme.fontTitle
            font.bold: true
            background: Rectangle {
                radius: Theme.radius
                color: parent.down ? "#DCE4E0" : (parent.kind === "ghost" ? Theme.surfaceAlt : Theme.surface)
                border.width: 1
                border.color: Theme.border
            }
            onClicked: pad.press(modelData.key)
        }
    }
}
