import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import OcopPos.Backend

// The receipt just made (or reprinted): its preview exactly as it prints,
// Print, New sale, and the recent receipts for a reprint.
Item {
    id: page
    objectName: "receiptPage"
    readonly property bool narrow: width < 1200

    RowLayout {
        anchors { fill: parent; margins: Theme.margin }
        spacing: Theme.margin

        Rectangle {
            Layout.preferredWidth: Math.min(page.narrow ? 380 : 460, page.width * 0.42)
            Layout.fillHeight: true
            radius: Theme.radius
            color: "#DDE3E0"
            Flickable {
                id: paper
                anchors { fill: parent; margins: 10 }
                clip: true
                contentWidth: width
                contentHeight: receiptImage.height
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar { width: 10 }
                Image {
                    id: receiptImage
                    objectName: "receiptImage"
                    width: paper.width
                    fillMode: Image.PreserveAspectFit
                    source: PosController.receiptImage
                    cache: false
                    smooth: true
                    mipmap: true
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacing

            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: doneColumn.implicitHeight + 2 * Theme.margin
                radius: Theme.radius * 1.5
                color: Theme.successLight
                border.color: "#B9DDBD"
                ColumnLayout {
                    id: doneColumn
                    anchors { fill: parent; margins: Theme.margin }
                    spacing: 4
                    Text {
                        Layout.fillWidth: true
                        text: "✓ " + PosController.receiptHeading
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle; font.bold: true
                        color: Theme.success
                        elide: Text.ElideRight
                    }
                    Text {
                        objectName: "receiptNo"
                        text: PosController.receiptTitle + " · " + PosController.receiptNo
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
                        color: Theme.text
                    }
                    RowLayout {
                        visible: PosController.receiptChangeText !== PosController.formatMoney(0)
                        Text {
                            text: qsTr("Change to give")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
                            color: Theme.text
                        }
                        Text {
                            objectName: "receiptChange"
                            text: PosController.receiptChangeText
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontHuge; font.bold: true
                            color: Theme.success
                        }
                    }
                }
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                PosButton {
                    objectName: "printButton"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touchLarge
                    text: "🖶 " + qsTr("Print")
                    fontSize: Theme.fontLarge
                    onClicked: PosController.printReceipt()
                }
                PosButton {
                    objectName: "newSaleButton"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touchLarge
                    kind: "primary"
                    fontSize: Theme.fontTitle
                    text: qsTr("New sale")
                    onClicked: PosController.newSale()
                }
            }

            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                radius: Theme.radius * 1.5
                color: Theme.surface
                border.color: Theme.border
                ColumnLayout {
                    anchors { fill: parent; margins: Theme.margin }
                    spacing: 6
                    Text {
                        text: qsTr("Recent receipts")
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge; font.bold: true
                        color: Theme.text
                    }
                    ListView {
                        id: history
                        objectName: "recentSales"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        model: PosController.recentSales
                        spacing: 2
                        delegate: Rectangle {
                            width: history.width
                            height: Theme.touch + 4
                            color: index % 2 ? Theme.surface : Theme.surfaceAlt
                            radius: 6
                            RowLayout {
                                anchors { fill: parent; leftMargin: 10; rightMargin: 4 }
                                spacing: 8
                                ColumnLayout {
                                    Layout.fillWidth: true
                                    spacing: 0
                                    Text {
                                        text: modelData.receiptNo
                                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                                        color: Theme.text
                                    }
                                    Text {
                                        Layout.fillWidth: true
                                        text: modelData.time + " · " + modelData.cashierName
                                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                                        color: Theme.textMuted
                                        elide: Text.ElideRight
                                    }
                                }
                                Text {
                                    text: modelData.totalText
                                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                                    color: Theme.text
                                }
                                PosButton {
                                    objectName: "reprint_" + index
                                    implicitHeight: Theme.touchMin
                                    text: qsTr("Reprint")
                                    onClicked: PosController.showReceipt(modelData.receiptNo, true)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
