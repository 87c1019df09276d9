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
                objectName: "receiptPaper"
                anchors { fill: parent; margins: 10; rightMargin: 26 } // room for the scroll bar
                clip: true
                contentWidth: width
                contentHeight: receiptImage.height
                boundsBehavior: Flickable.StopAtBounds
                readonly property bool scrollable: contentHeight > height + 1
                // A long receipt scrolls: drag it, or the always-visible bar.
                ScrollBar.vertical: ScrollBar {
                    parent: paper.parent
                    anchors { top: paper.top; bottom: paper.bottom; left: paper.right; leftMargin: 2 }
                    width: 14
                    policy: paper.scrollable ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
                }
                Image {
                    id: receiptImage
                    objectName: "receiptImage"
                    width: paper.width
                    // Scaled to the paper's width (aspect kept by this height), so
                    // the whole receipt scrolls and nothing is left blank below.
                    height: implicitWidth > 0 ? Math.round(implicitHeight * width / implicitWidth) : 0
                    source: PosController.receiptImage
                    cache: false
                    smooth: true
                    mipmap: true
                }
            }
            // More below: a soft edge and an arrow until the end is reached.
            Rectangle {
                visible: paper.scrollable && !paper.atYEnd
                anchors { left: paper.left; right: paper.right; bottom: paper.bottom }
                height: 36
                gradient: Gradient {
                    GradientStop { position: 0.0; color: "#00FFFFFF" }
                    GradientStop { position: 1.0; color: "#E6FFFFFF" }
                }
                Text {
                    anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom; bottomMargin: 2 }
                    text: "▼"
                    font.pixelSize: Theme.fontBody
                    color: Theme.textMuted
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
