import QtQuick
import QtQuick.Controls.Basic

// The one button of the terminal: big, flat, rounded, with a clear pressed
// and disabled state. kind: "primary", "secondary", "danger", "ghost", "success".
Button {
    id: control
    property string kind: "secondary"
    property int fontSize: Theme.fontBody
    property bool checkedLook: false

    implicitHeight: Theme.touch
    implicitWidth: Math.max(Theme.touch, implicitContentWidth + leftPadding + rightPadding)
    leftPadding: 16
    rightPadding: 16
    focusPolicy: Qt.NoFocus
    font.family: Theme.fontFamily
    font.pixelSize: fontSize
    font.bold: kind === "primary" || kind === "success" || kind === "danger"

    readonly property color baseColor: {
        if (checkedLook)
            return Theme.primary
        switch (kind) {
        case "primary": return Theme.primary
        case "success": return Theme.success
        case "danger": return Theme.danger
        case "ghost": return "transparent"
        }
        return Theme.surface
    }
    readonly property color labelColor: {
        if (!enabled)
            return kind === "ghost" || kind === "secondary" ? "#9AA6A1" : "#F4F6F5"
        if (checkedLook)
            return Theme.textOnPrimary
        switch (kind) {
        case "primary":
        case "success":
        case "danger": return Theme.textOnPrimary
        }
        return Theme.text
    }

    contentItem: Text {
        text: control.text
        font: control.font
        color: control.labelColor
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
        wrapMode: Text.Wrap
        maximumLineCount: 2
    }
    background: Rectangle {
        radius: Theme.radius
        color: !control.enabled ? (control.kind === "ghost" ? "transparent" : "#C9D2CE")
                                : control.down ? Qt.darker(control.baseColor === Qt.color("transparent") ? "#FFFFFF" : control.baseColor, 1.15)
                                               : control.baseColor
        border.width: control.kind === "secondary" && !control.checkedLook ? 1 : 0
        border.color: Theme.border
    }
}
