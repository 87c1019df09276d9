import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import OcopPos.Backend

// Taking the money: pick a method, tap cash notes or enter an amount (with a
// reference for non-cash), split across methods; Complete once covered.
Item {
    id: page
    objectName: "paymentPage"
    property string method: "cash"
    readonly property bool narrow: width < 1200
    readonly property var methods: [
        { key: "cash", name: qsTr("Cash"), icon: "₫" },
        { key: "bank_transfer", name: qsTr("Bank transfer"), icon: "⇄" },
        { key: "card", name: qsTr("Card"), icon: "▭" },
        { key: "ewallet", name: qsTr("E-wallet"), icon: "◉" }
    ]

    function chooseMethod(key) {
        method = key
        if (key !== "cash")
            amountField.setValue(PosController.amountDue)
        else
            amountField.text = ""
        referenceField.text = ""
    }

    RowLayout {
        anchors { fill: parent; margins: Theme.margin }
        spacing: Theme.margin

        // ------------------------------------------------ summary
        Rectangle {
            Layout.preferredWidth: page.narrow ? 360 : 460
            Layout.fillHeight: true
            radius: Theme.radius * 1.5
            color: Theme.surface
            border.color: Theme.border

            ColumnLayout {
                anchors { fill: parent; margins: Theme.margin }
                spacing: Theme.spacing

                Text {
                    text: qsTr("Amount to pay")
                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                    color: Theme.textMuted
                }
                Text {
                    objectName: "payTotal"
                    text: PosController.totalText
                    font.family: Theme.fontFamily; font.pixelSize: page.narrow ? 40 : 48; font.bold: true
                    color: Theme.text
                }
                Text {
                    Layout.fillWidth: true
                    text: qsTr("%n item(s)", "", PosController.itemCount) + " · " + qsTr("VAT included %1").arg(PosController.vatText)
                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                    color: Theme.textMuted
                    elide: Text.ElideRight
                }
                Rectangle { Layout.fillWidth: true; height: 1; color: Theme.border }
                Text {
                    text: qsTr("Payments")
                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                    color: Theme.text
                }
                ListView {
                    id: paymentList
                    objectName: "paymentList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: PosController.payments
                    spacing: 4
                    delegate: Rectangle {
                        width: paymentList.width
                        height: Theme.touch
                        radius: Theme.radius
                        color: Theme.surfaceAlt
                        RowLayout {
                            anchors { fill: parent; leftMargin: 12; rightMargin: 4 }
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 0
                                Text {
                                    Layout.fillWidth: true
                                    text: model.methodName
                                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                                    color: Theme.text
                                }
                                Text {
                                    visible: model.reference.length > 0
                                    Layout.fillWidth: true
                                    text: qsTr("Ref. %1").arg(model.reference)
                                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                                    color: Theme.textMuted
                                    elide: Text.ElideRight
                                }
                            }
                            Text {
                                text: model.amountText
                                font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge; font.bold: true
                                color: Theme.text
                            }
                            PosButton {
                                objectName: "removePayment_" + index
                                kind: "ghost"
                                implicitWidth: Theme.touchMin; implicitHeight: Theme.touchMin
                                text: "✕"
                                onClicked: PosController.removePayment(index)
                            }
                        }
                    }
                    Text {
                        anchors.centerIn: parent
                        visible: paymentList.count === 0
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        wrapMode: Text.Wrap
                        text: qsTr("No payment yet")
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                        color: Theme.textMuted
                    }
                }
                Rectangle { Layout.fillWidth: true; height: 1; color: Theme.border }
                SummaryRow { label: qsTr("Paid"); value: PosController.paidText }
                SummaryRow {
                    objectName: "amountDue"
                    label: qsTr("Still due"); value: PosController.amountDueText; strong: true
                    valueColor: PosController.amountDue > 0 ? Theme.danger : Theme.success
                }
                Rectangle {
                    Layout.fillWidth: true
                    Layout.preferredHeight: 64
                    radius: Theme.radius
                    color: PosController.change > 0 ? Theme.successLight : Theme.surfaceAlt
                    RowLayout {
                        anchors { fill: parent; leftMargin: 12; rightMargin: 12 }
                        Text {
                            Layout.fillWidth: true
                            text: qsTr("Change")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge; font.bold: true
                            color: Theme.text
                        }
                        Text {
                            objectName: "changeText"
                            text: PosController.changeText
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontHuge; font.bold: true
                            color: PosController.change > 0 ? Theme.success : Theme.textMuted
                        }
                    }
                }
            }
        }

        // ------------------------------------------------ tender
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacing

            GridLayout {
                Layout.fillWidth: true
                Layout.preferredHeight: page.narrow ? 64 : 80
                columns: 4
                columnSpacing: 8
                Repeater {
                    model: page.methods
                    PosButton {
                        objectName: "method_" + modelData.key
                        Layout.fillWidth: true
                        Layout.preferredWidth: 100
                        Layout.fillHeight: true
                        checkedLook: page.method === modelData.key
                        text: modelData.icon + "\n" + modelData.name
                        fontSize: page.narrow ? Theme.fontBody - 1 : Theme.fontBody
                        onClicked: page.chooseMethod(modelData.key)
                    }
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
                    spacing: Theme.spacing

                    GridLayout {
                        visible: page.method === "cash"
                        Layout.fillWidth: true
                        columns: 4
                        rowSpacing: 8
                        columnSpacing: 8
                        Repeater {
                            model: PosController.quickCash
                            PosButton {
                                objectName: "quickCash_" + modelData.value
                                Layout.fillWidth: true
                                Layout.preferredWidth: 100
                                Layout.preferredHeight: page.narrow ? 56 : 68
                                text: modelData.text
                                fontSize: Theme.fontLarge
                                font.bold: true
                                onClicked: PosController.addPayment("cash", modelData.value, "")
                            }
                        }
                        PosButton {
                            objectName: "exactButton"
                            Layout.fillWidth: true
                            Layout.preferredWidth: 208
                            Layout.columnSpan: 2
                            Layout.preferredHeight: page.narrow ? 56 : 68
                            kind: "secondary"
                            enabled: PosController.amountDue > 0
                            text: qsTr("Exact amount")
                            fontSize: Theme.fontLarge
                            onClicked: PosController.payRemaining("cash", "")
                        }
                    }

                    Text {
                        text: page.method === "cash" ? qsTr("Other amount") : qsTr("Amount")
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                        color: Theme.text
                    }
                    MoneyField {
                        id: amountField
                        objectName: "amountField"
                        Layout.fillWidth: true
                    }
                    TextField {
                        id: referenceField
                        objectName: "referenceField"
                        visible: page.method !== "cash"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.touch
                        placeholderText: page.method === "card" ? qsTr("Card slip number")
                                         : page.method === "bank_transfer" ? qsTr("Transfer reference")
                                         : qsTr("E-wallet transaction ID")
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
                    }
                    PosButton {
                        objectName: "addPaymentButton"
                        Layout.fillWidth: true
                        kind: "secondary"
                        enabled: amountField.value > 0
                        text: amountField.value > 0 ? qsTr("Add %1").arg(PosController.formatMoney(amountField.value)) : qsTr("Add payment")
                        onClicked: {
                            if (PosController.addPayment(page.method, amountField.value, referenceField.text)) {
                                amountField.text = ""
                                referenceField.text = ""
                            }
                        }
                    }
                    Item { Layout.fillHeight: true }
                }
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                PosButton {
                    objectName: "backToCart"
                    Layout.preferredWidth: page.narrow ? 150 : 200
                    Layout.preferredHeight: Theme.touchLarge
                    text: qsTr("Back to cart")
                    onClicked: PosController.backToSell()
                }
                PosButton {
                    objectName: "completeButton"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touchLarge
                    kind: "success"
                    fontSize: Theme.fontTitle
                    enabled: PosController.canComplete
                    text: PosController.canComplete ? qsTr("Complete sale") : qsTr("Still due %1").arg(PosController.amountDueText)
                    onClicked: PosController.completeSale()
                }
            }
        }
    }
}
