import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// One cart line on two rows so it reads at any width: the name and the line
// amount, then unit price × quantity (and its discount) with − / + buttons.
// Tapping the text opens the line discount.
Rectangle {
    id: line
    property int row: -1
    property string name
    property string unitPriceText
    property string netText
    property string grossText
    property string discountText
    property bool hasDiscount: false
    property int quantity: 1
    property int stars: 3
    signal increment()
    signal decrement()
    signal discountRequested()

    implicitHeight: content.implicitHeight + 14
    color: row % 2 ? Theme.surfaceAlt : Theme.surface

    ColumnLayout {
        id: content
        anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; leftMargin: 12; rightMargin: 10 }
        spacing: 2

        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            Text {
                Layout.fillWidth: true
                text: line.name
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                font.weight: Font.DemiBold
                color: Theme.text
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
                TapHandler { onTapped: line.discountRequested() }
            }
            Text {
                Layout.alignment: Qt.AlignTop
                text: line.netText
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                font.bold: true
                color: Theme.text
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 6
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0
                Text {
                    Layout.fillWidth: true
                    text: line.unitPriceText + " × " + line.quantity
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontSmall
                    color: Theme.textMuted
                    elide: Text.ElideRight
                }
                Text {
                    Layout.fillWidth: true
                    visible: line.hasDiscount
                    text: qsTr("Discount %1").arg(line.discountText)
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontSmall
                    color: Theme.danger
                    elide: Text.ElideRight
                }
                TapHandler { onTapped: line.discountRequested() }
            }
            PosButton {
                objectName: "minus_" + line.row
                implicitWidth: Theme.touchMin
                implicitHeight: Theme.touchMin
                text: "−"
                fontSize: Theme.fontTitle
                onClicked: line.decrement()
            }
            Text {
                objectName: "qty_" + line.row
                Layout.preferredWidth: 36
                text: line.quantity
                horizontalAlignment: Text.AlignHCenter
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
            }
            PosButton {
                objectName: "plus_" + line.row
                implicitWidth: Theme.touchMin
                implicitHeight: Theme.touchMin
                text: "+"
                fontSize: Theme.fontTitle
                onClicked: line.increment()
            }
        }
    }
}
