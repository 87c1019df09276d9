import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import OcopPos.Backend

// A return: scan or type the receipt number, pick the lines and quantities
// going back, choose how the money goes back, confirm.
Item {
    id: page
    objectName: "returnPage"
    property string refundMethod: PosController.returnDefaultMethod
    readonly property bool narrow: width < 1200

    // No focus on open: a scanned receipt reaches PosController.handleScan
    // anyway, and a focused field would raise the on-screen keyboard over
    // the lines on a 1024x600 screen before the cashier asked for it.

    RowLayout {
        anchors { fill: parent; margins: Theme.margin }
        spacing: Theme.margin

        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            radius: Theme.radius * 1.5
            color: Theme.surface
            border.color: Theme.border

            ColumnLayout {
                anchors { fill: parent; margins: Theme.margin }
                spacing: Theme.spacing

                Text {
                    text: qsTr("Return goods")
                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle; font.bold: true
                    color: Theme.text
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: 8
                    TextField {
                        id: receiptField
                        objectName: "returnReceiptField"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.touch
                        placeholderText: qsTr("Receipt number, e.g. HK01-T1-000123 (or scan it)")
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
                        inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhPreferUppercase
                        onAccepted: PosController.lookupReturn(text)
                        Connections {
                            target: PosController
                            function onReturnChanged() {
                                if (PosController.returnReceiptNo.length > 0)
                                    receiptField.text = PosController.returnReceiptNo
                            }
                        }
                        Component.onCompleted: if (PosController.returnReceiptNo.length > 0) text = PosController.returnReceiptNo
                    }
                    PosButton {
                        objectName: "returnFind"
                        kind: "primary"
                        implicitWidth: 130
                        text: qsTr("Find")
                        enabled: receiptField.text.trim().length > 0
                        onClicked: PosController.lookupReturn(receiptField.text)
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    visible: PosController.returnReceiptNo.length > 0
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Text {
                            text: qsTr("Receipt %1").arg(PosController.returnReceiptNo)
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge; font.bold: true
                            color: Theme.text
                        }
                        Text {
                            Layout.fillWidth: true
                            text: PosController.returnSaleInfo
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                            color: Theme.textMuted
                            elide: Text.ElideRight
                        }
                    }
                    PosButton {
                        objectName: "returnAll"
                        text: qsTr("Return everything")
                        onClicked: PosController.returnAll()
                    }
                }
                Rectangle { Layout.fillWidth: true; height: 1; color: Theme.border }

                ListView {
                    id: lines
                    objectName: "returnLines"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: PosController.returnLines
                    boundsBehavior: Flickable.StopAtBounds
                    delegate: Rectangle {
                        width: lines.width
                        // Long product names wrap to a second line rather than lose their end.
                        height: Math.max(68, lineText.implicitHeight + 16)
                        color: model.picked > 0 ? Theme.primaryLight : (index % 2 ? Theme.surfaceAlt : Theme.surface)
                        radius: 6
                        RowLayout {
                            anchors { fill: parent; leftMargin: 12; rightMargin: 8 }
                            spacing: 8
                            ColumnLayout {
                                id: lineText
                                Layout.fillWidth: true
                                spacing: 0
                                Text {
                                    Layout.fillWidth: true
                                    text: model.name
                                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.weight: Font.DemiBold
                                    color: model.returnable > 0 ? Theme.text : Theme.textMuted
                                    wrapMode: Text.Wrap
                                    maximumLineCount: 2
                                    elide: Text.ElideRight
                                }
                                Text {
                                    Layout.fillWidth: true
                                    text: qsTr("Sold %1 · unit price %2 · can return %3").arg(model.sold).arg(model.unitPriceText).arg(model.returnable)
                                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                                    color: Theme.textMuted
                                    elide: Text.ElideRight
                                }
                            }
                            PosButton {
                                objectName: "returnMinus_" + index
                                implicitWidth: Theme.touchMin; implicitHeight: Theme.touchMin
                                text: "−"; fontSize: Theme.fontTitle
                                enabled: model.picked > 0
                                onClicked: PosController.setReturnQuantity(index, model.picked - 1)
                            }
                            Text {
                                objectName: "returnQty_" + index
                                Layout.preferredWidth: 34
                                text: model.picked
                                horizontalAlignment: Text.AlignHCenter
                                font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge; font.bold: true
                                color: Theme.text
                            }
                            PosButton {
                                objectName: "returnPlus_" + index
                                implicitWidth: Theme.touchMin; implicitHeight: Theme.touchMin
                                text: "+"; fontSize: Theme.fontTitle
                                enabled: model.picked < model.returnable
                                onClicked: PosController.setReturnQuantity(index, model.picked + 1)
                            }
                            Text {
                                Layout.preferredWidth: 110
                                text: model.refundText
                                horizontalAlignment: Text.AlignRight
                                font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                                color: model.picked > 0 ? Theme.text : Theme.textMuted
                            }
                        }
                    }
                    Text {
                        anchors.centerIn: parent
                        width: parent.width - 2 * Theme.margin
                        visible: lines.count === 0
                        horizontalAlignment: Text.AlignHCenter
                        wrapMode: Text.Wrap
                        text: qsTr("Scan the barcode on the receipt or type its number.")
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
                        color: Theme.textMuted
                    }
                }
            }
        }

        Rectangle {
            Layout.preferredWidth: page.narrow ? 320 : 400
            Layout.fillHeight: true
            radius: Theme.radius * 1.5
            color: Theme.surface
            border.color: Theme.border

            ColumnLayout {
                anchors { fill: parent; margins: Theme.margin }
                spacing: Theme.spacing
                Text {
                    text: qsTr("Refund by")
                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge; font.bold: true
                    color: Theme.text
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: 2
                    rowSpacing: 8
                    columnSpacing: 8
                    Repeater {
                        model: [
                            { key: "cash", name: qsTr("Cash") },
                            { key: "bank_transfer", name: qsTr("Bank transfer") },
                            { key: "card", name: qsTr("Card") },
                            { key: "ewallet", name: qsTr("E-wallet") }
                        ]
                        PosButton {
                            objectName: "refund_" + modelData.key
                            Layout.fillWidth: true
                            Layout.preferredWidth: 100
                            leftPadding: 6
                            rightPadding: 6
                            fontSize: page.narrow ? Theme.fontSmall + 1 : Theme.fontBody
                            text: modelData.name
                            checkedLook: page.refundMethod === modelData.key
                            onClicked: page.refundMethod = modelData.key
                        }
                    }
                }
                TextField {
                    id: reasonField
                    objectName: "returnReason"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    placeholderText: qsTr("Reason (optional)")
                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                }
                Item { Layout.fillHeight: true }
                Text {
                    text: qsTr("Refund")
                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
                    color: Theme.textMuted
                }
                Text {
                    objectName: "returnRefund"
                    text: PosController.returnRefundText
                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontHuge; font.bold: true
                    color: Theme.text
                }
                PosButton {
                    Layout.fillWidth: true
                    text: qsTr("Back to selling")
                    onClicked: PosController.newSale()
                }
                PosButton {
                    objectName: "returnConfirm"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touchLarge
                    kind: "danger"
                    fontSize: Theme.fontLarge
                    enabled: PosController.canReturn
                    text: qsTr("Refund %1").arg(PosController.returnRefundText)
                    onClicked: PosController.commitReturn(page.refundMethod, reasonField.text)
                }
            }
        }
    }
}
