import QtQuick
import QtQuick.Layouts

// "Label ........ value" on one line, for totals and reports.
RowLayout {
    id: row
    property string label
    property string value
    property bool strong: false
    property bool muted: false
    property color valueColor: Theme.text
    property int fontSize: strong ? Theme.fontLarge : Theme.fontBody

    Layout.fillWidth: true
    spacing: Theme.spacing
    Text {
        Layout.fillWidth: true
        text: row.label
        font.family: Theme.fontFamily
        font.pixelSize: row.muted ? Theme.fontSmall + 1 : row.fontSize
        color: row.muted ? Theme.textMuted : Theme.text
        elide: Text.ElideRight
    }
    Text {
        text: row.value
        font.family: Theme.fontFamily
        font.pixelSize: row.muted ? Theme.fontSmall + 1 : row.fontSize
        font.bold: row.strong
        color: row.muted ? Theme.textMuted : row.valueColor
    }
}
