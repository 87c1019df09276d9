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
    readonly property bool showVietQr: method === "bank_transfer" && PosController.vietQrAvailable
                                       && amountField.value > 0
    // The customer display shows the same code while this page shows it.
    readonly property int customerQr: showVietQr && visible ? amountField.value : 0
    onCustomerQrChanged: PosController.customerQrAmount = customerQr
    readonly property bool narrow: width < 1200
    // 1024×600 leaves a 540 px page: everything below is sized to fit it.
    readonly property bool compactHeight: height < 640
    readonly property int methodHeight: compactHeight ? 72 : 88
    readonly property int keyHeight: compactHeight ? 50 : (height < 900 ? 60 : 72)
    // The field the number pad types into (the last one touched).
    property Item keypadTarget: amountField
    readonly property var methods: [
        { key: "cash", name: qsTr("Cash"), icon: "₫" },
        { key: "bank_transfer", name: qsTr("Bank transfer"), icon: "⇄" },
        { key: "card", name: qsTr("Card"), icon: "▭" },
        { key: "ewallet", name: qsTr("E-wallet"), icon: "◉" }
    ]

    function chooseMethod(key) {
        method = key
        referenceField.text = key === "bank_transfer" && PosController.vietQrAvailable
                              ? PosController.vietQrPurpose() : ""
        if (key !== "cash") {
            // The rest of the sale by default; the pad then types the reference.
            amountField.setValue(PosController.amountDue)
            keypadTarget = referenceField
        } else {
            amountField.text = ""
            keypadTarget = amountField
        }
    }

    function addEntered() {
        if (PosController.addPayment(page.method, amountField.value, referenceField.text)) {
            referenceField.text = ""
            if (page.method === "cash" || PosController.amountDue <= 0)
                amountField.text = ""
            else
                amountField.setValue(PosController.amountDue)
        }
    }

    RowLayout {
        anchors { fill: parent; margins: Theme.margin }
        spacing: Theme.margin

        // ------------------------------------------------ summary
        Rectangle {
            Layout.preferredWidth: page.narrow ? 330 : 460
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

            // How the customer pays: four fixed-height buttons, icon over label.
            RowLayout {
                objectName: "methodRow"
                Layout.fillWidth: true
                Layout.preferredHeight: page.methodHeight
                Layout.maximumHeight: page.methodHeight
                spacing: 8
                Repeater {
                    model: page.methods
                    PosButton {
                        id: methodButton
                        objectName: "method_" + modelData.key
                        Layout.fillWidth: true
                        Layout.preferredWidth: 100
                        Layout.preferredHeight: page.methodHeight
                        leftPadding: 4
                        rightPadding: 4
                        checkedLook: page.method === modelData.key
                        text: modelData.name
                        onClicked: page.chooseMethod(modelData.key)
                        contentItem: Item {
                            Column {
                                anchors.centerIn: parent
                                width: parent.width
                                spacing: page.compactHeight ? 0 : 4
                                Text {
                                    width: parent.width
                                    horizontalAlignment: Text.AlignHCenter
                                    text: modelData.icon
                                    font.family: Theme.fontFamily
                                    font.pixelSize: page.compactHeight ? 24 : 30
                                    font.bold: true
                                    color: methodButton.labelColor
                                }
                                Text {
                                    width: parent.width
                                    horizontalAlignment: Text.AlignHCenter
                                    text: modelData.name
                                    font.family: Theme.fontFamily
                                    font.pixelSize: page.narrow ? Theme.fontBody - 1 : Theme.fontBody
                                    font.bold: methodButton.checkedLook
                                    color: methodButton.labelColor
                                    elide: Text.ElideRight
                                }
                            }
                        }
                    }
                }
            }

            // The amount: notes and an entry for cash, amount and reference
            // for the others; the number pad types into either.
            Rectangle {
                objectName: "tenderPanel"
                Layout.fillWidth: true
                Layout.fillHeight: true
                radius: Theme.radius * 1.5
                color: Theme.surface
                border.color: Theme.border
                clip: true

                RowLayout {
                    anchors { fill: parent; margins: page.compactHeight ? Theme.spacing : Theme.margin }
                    spacing: page.compactHeight ? Theme.spacing : Theme.margin

                    ColumnLayout {
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        spacing: page.compactHeight ? 6 : Theme.spacing

                        GridLayout {
                            objectName: "quickCashGrid"
                            visible: page.method === "cash"
                            Layout.fillWidth: true
                            columns: 3
                            rowSpacing: 6
                            columnSpacing: 6
                            Repeater {
                                model: PosController.quickCash
                                PosButton {
                                    objectName: "quickCash_" + modelData.value
                                    Layout.fillWidth: true
                                    Layout.preferredWidth: 100
                                    Layout.preferredHeight: page.keyHeight
                                    leftPadding: 4
                                    rightPadding: 4
                                    text: modelData.text
                                    fontSize: page.narrow ? Theme.fontLarge - 1 : Theme.fontLarge
                                    font.bold: true
                                    onClicked: PosController.addPayment("cash", modelData.value, "")
                                }
                            }
                            PosButton {
                                objectName: "exactButton"
                                Layout.fillWidth: true
                                Layout.columnSpan: 3
                                Layout.preferredHeight: page.keyHeight
                                kind: "primary"
                                enabled: PosController.amountDue > 0
                                text: PosController.amountDue > 0 ? qsTr("Exact amount") + " · " + PosController.amountDueText
                                                                  : qsTr("Exact amount")
                                fontSize: Theme.fontLarge
                                onClicked: PosController.payRemaining("cash", "")
                            }
                        }

                        Text {
                            Layout.topMargin: page.compactHeight ? 0 : 4
                            text: page.method === "cash" ? qsTr("Other amount") : qsTr("Amount")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                            color: Theme.text
                        }
                        // Cash: [amount][Add]. Others: [amount] over [reference][Add].
                        GridLayout {
                            Layout.fillWidth: true
                            columns: 2
                            rowSpacing: page.compactHeight ? 6 : Theme.spacing
                            columnSpacing: 8
                            MoneyField {
                                id: amountField
                                objectName: "amountField"
                                Layout.row: 0
                                Layout.column: 0
                                Layout.columnSpan: page.method === "cash" ? 1 : 2
                                Layout.fillWidth: true
                                Layout.preferredHeight: Theme.touch
                                onActiveFocusChanged: if (activeFocus) page.keypadTarget = amountField
                                onAccepted: page.addEntered()
                            }
                            TextField {
                                id: referenceField
                                objectName: "referenceField"
                                visible: page.method !== "cash"
                                Layout.row: 1
                                Layout.column: 0
                                Layout.fillWidth: true
                                Layout.preferredHeight: Theme.touch
                                placeholderText: page.method === "card" ? qsTr("Card slip number")
                                                 : page.method === "bank_transfer" ? qsTr("Transfer reference")
                                                 : qsTr("E-wallet transaction ID")
                                font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
                                inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhPreferUppercase
                                onActiveFocusChanged: if (activeFocus) page.keypadTarget = referenceField
                                onAccepted: page.addEntered()
                                background: Rectangle {
                                    radius: Theme.radius
                                    color: Theme.surface
                                    border.color: referenceField.activeFocus || page.keypadTarget === referenceField ? Theme.primary : Theme.border
                                    border.width: referenceField.activeFocus || page.keypadTarget === referenceField ? 2 : 1
                                }
                            }
                            PosButton {
                                objectName: "addPaymentButton"
                                Layout.row: page.method === "cash" ? 0 : 1
                                Layout.column: 1
                                Layout.preferredWidth: page.narrow ? 120 : 170
                                Layout.preferredHeight: Theme.touch
                                kind: "primary"
                                enabled: amountField.value > 0
                                text: qsTr("Add")
                                fontSize: Theme.fontLarge
                                onClicked: page.addEntered()
                            }
                        }
                        Text {
                            objectName: "tenderHint"
                            Layout.fillWidth: true
                            visible: !page.compactHeight || page.method !== "cash"
                            text: page.method === "cash"
                                  ? qsTr("Tap the notes the customer hands over; they add up.")
                                  : qsTr("Check the money arrived, then type the reference from the slip or the app.")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                            wrapMode: Text.Wrap
                            maximumLineCount: 2
                            elide: Text.ElideRight
                        }
                        Item { Layout.fillHeight: true }
                    }

                    // Bank transfer: the customer scans the sales point's
                    // VietQR code for the amount with their bank app; it
                    // takes the number pad's place (the amount defaults to
                    // what is due and the reference to the code's own).
                    ColumnLayout {
                        id: vietQrPanel
                        objectName: "vietQrPanel"
                        visible: page.showVietQr
                        Layout.fillHeight: true
                        Layout.preferredWidth: numPad.Layout.preferredWidth + 60
                        Layout.alignment: Qt.AlignTop
                        spacing: 4
                        Image {
                            id: vietQrImage
                            objectName: "vietQrImage"
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            Layout.minimumHeight: 160
                            fillMode: Image.PreserveAspectFit
                            smooth: false
                            cache: false
                            // Fixed: a size that followed the layout would feed back into it.
                            sourceSize: Qt.size(480, 480)
                            source: vietQrPanel.visible ? "image://vietqr/" + amountField.value : ""
                        }
                        // One line each: wrapped lines under a fill-height image
                        // were laid out before they wrapped and overlapped.
                        Text {
                            Layout.fillWidth: true
                            horizontalAlignment: Text.AlignHCenter
                            text: qsTr("VietQR transfer")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                            color: Theme.primary
                            elide: Text.ElideRight
                        }
                        Text {
                            Layout.fillWidth: true
                            horizontalAlignment: Text.AlignHCenter
                            text: PosController.formatMoney(amountField.value)
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge; font.bold: true
                            color: Theme.text
                            elide: Text.ElideRight
                        }
                        Text {
                            Layout.fillWidth: true
                            horizontalAlignment: Text.AlignHCenter
                            text: PosController.vietQrAccount
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                            elide: Text.ElideRight
                        }
                    }

                    NumPad {
                        id: numPad
                        visible: !page.showVietQr
                        objectName: "numPad"
                        Layout.alignment: Qt.AlignTop
                        Layout.preferredWidth: page.narrow ? 236 : (page.keyHeight >= 72 ? 340 : 280)
                        Layout.fillWidth: false
                        keyHeight: page.keyHeight
                        target: page.keypadTarget
                        maxLength: page.keypadTarget === referenceField ? 40 : 12
                    }
                }
            }

            RowLayout {
                objectName: "payActions"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touchLarge
                spacing: Theme.spacing
                PosButton {
                    objectName: "backToCart"
                    Layout.preferredWidth: page.narrow ? 170 : 220
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
