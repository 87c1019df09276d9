import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import OcopPos.Backend

// Selling: OCOP group tabs, search, the product grid on the left; the cart,
// totals with VAT and the Pay button on the right. Scanning works anywhere
// on this screen (the keyboard-wedge filter adds the product directly).
Item {
    id: page
    objectName: "sellPage"
    readonly property bool narrow: width < 1200
    readonly property int cartWidth: Math.round(Math.min(Math.max(width * 0.36, 360), 560))
    // The camera viewfinder (CameraPanel) above the product grid.
    property bool cameraOpen: false

    RowLayout {
        anchors.fill: parent
        spacing: 0

        // ---------------------------------------------------------- catalog
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: Theme.margin
            Layout.rightMargin: Theme.spacing
            spacing: Theme.spacing

            TextField {
                id: search
                objectName: "searchField"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                placeholderText: qsTr("Search by name or code (with or without accents)…")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontLarge
                leftPadding: 48
                rightPadding: 108
                inputMethodHints: Qt.ImhNoPredictiveText
                text: PosController.products.searchText
                onTextChanged: PosController.products.searchText = text
                onAccepted: {
                    // A typed code + Enter adds it directly; otherwise the
                    // first result when there is exactly one.
                    if (text.trim().length === 0) return
                    if (grid.count === 1) {
                        if (PosController.addProduct(PosController.products.codeAt(0))) text = ""
                    } else if (PosController.addProduct(text.trim())) {
                        text = ""
                    }
                }
                background: Rectangle {
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: search.activeFocus ? Theme.primary : Theme.border
                    border.width: search.activeFocus ? 2 : 1
                    Text {
                        anchors { left: parent.left; leftMargin: 14; verticalCenter: parent.verticalCenter }
                        text: "⌕"
                        font.pixelSize: 26
                        color: Theme.textMuted
                    }
                }
                PosButton {
                    anchors { right: cameraButton.left; verticalCenter: parent.verticalCenter; rightMargin: 4 }
                    visible: search.text.length > 0
                    kind: "ghost"
                    implicitWidth: Theme.touchMin
                    implicitHeight: Theme.touchMin
                    text: "✕"
                    onClicked: search.text = ""
                }
                // Scan with the camera: opens and closes the viewfinder.
                PosButton {
                    id: cameraButton
                    objectName: "cameraButton"
                    anchors { right: parent.right; verticalCenter: parent.verticalCenter; rightMargin: 4 }
                    kind: "ghost"
                    checkedLook: page.cameraOpen
                    implicitWidth: Theme.touchMin
                    implicitHeight: Theme.touchMin
                    Accessible.name: qsTr("Scan with the camera")
                    onClicked: page.cameraOpen = !page.cameraOpen
                    contentItem: Item {
                        // A camera drawn in lines (no icon font needed).
                        Rectangle {
                            anchors.centerIn: parent
                            anchors.verticalCenterOffset: 2
                            width: 26; height: 18; radius: 4
                            color: "transparent"
                            border.width: 2
                            border.color: cameraButton.labelColor
                            Rectangle {
                                anchors.centerIn: parent
                                width: 9; height: 9; radius: 4.5
                                color: "transparent"
                                border.width: 2
                                border.color: cameraButton.labelColor
                            }
                            Rectangle {
                                x: 6; y: -4; width: 8; height: 4
                                color: cameraButton.labelColor
                            }
                        }
                    }
                }
            }

            Loader {
                id: cameraLoader
                objectName: "cameraLoader"
                Layout.fillWidth: true
                Layout.preferredHeight: active ? Math.round(page.height * 0.42) : 0
                visible: active
                active: page.cameraOpen
                source: "CameraPanel.qml"
                Connections {
                    target: cameraLoader.item
                    function onCloseRequested() { page.cameraOpen = false }
                }
            }

            ListView {
                id: tabs
                objectName: "groupTabs"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touchMin
                orientation: ListView.Horizontal
                spacing: 8
                clip: true
                boundsBehavior: Flickable.StopAtBounds
                model: PosController.groups
                delegate: PosButton {
                    objectName: "groupTab_" + modelData.key
                    height: tabs.height
                    implicitHeight: tabs.height
                    text: modelData.name
                    fontSize: page.narrow ? Theme.fontBody - 1 : Theme.fontBody
                    checkedLook: PosController.products.group === modelData.id
                    background: Rectangle {
                        radius: height / 2
                        color: parent.checkedLook ? Theme.groupColor(modelData.id) : Theme.surface
                        border.color: parent.checkedLook ? "transparent" : Theme.border
                        Rectangle {
                            visible: modelData.id > 0 && !parent.parent.checkedLook
                            width: 10; height: 10; radius: 5
                            anchors { left: parent.left; leftMargin: 12; verticalCenter: parent.verticalCenter }
                            color: Theme.groupColor(modelData.id)
                        }
                    }
                    leftPadding: modelData.id > 0 ? 30 : 18
                    rightPadding: 18
                    onClicked: PosController.products.group = modelData.id
                }
            }

            GridView {
                id: grid
                objectName: "productGrid"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                boundsBehavior: Flickable.StopAtBounds
                model: PosController.products
                readonly property int columns: Math.max(2, Math.floor(width / (page.narrow ? 200 : 220)))
                cellWidth: Math.floor(width / columns)
                cellHeight: page.narrow ? 148 : 152
                ScrollBar.vertical: ScrollBar { width: 10; policy: ScrollBar.AsNeeded }
                delegate: Item {
                    width: grid.cellWidth
                    height: grid.cellHeight
                    ProductTile {
                        objectName: "productTile_" + index
                        anchors { fill: parent; margins: 5 }
                        code: model.code
                        name: model.name
                        priceText: model.priceText
                        unit: model.unit
                        gtin: model.gtin
                        stars: model.stars
                        potentialFiveStar: model.potentialFiveStar
                        group: model.group
                        nameSize: page.narrow ? Theme.fontBody - 1 : Theme.fontBody
                        onTapped: PosController.addProduct(code)
                    }
                }
                Text {
                    anchors.centerIn: parent
                    visible: grid.count === 0
                    text: qsTr("No products match “%1”").arg(search.text)
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontLarge
                    color: Theme.textMuted
                }
            }
        }

        // ---------------------------------------------------------- cart
        Rectangle {
            Layout.preferredWidth: page.cartWidth
            Layout.fillHeight: true
            color: Theme.surface
            border.color: Theme.border

            ColumnLayout {
                anchors.fill: parent
                spacing: 0

                RowLayout {
                    Layout.fillWidth: true
                    Layout.preferredHeight: 56
                    Layout.leftMargin: Theme.margin
                    Layout.rightMargin: 8
                    Text {
                        Layout.fillWidth: true
                        text: qsTr("Cart")
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle; font.bold: true
                        color: Theme.text
                    }
                    Rectangle {
                        visible: PosController.itemCount > 0
                        Layout.preferredHeight: 30
                        Layout.preferredWidth: Math.max(30, itemsText.implicitWidth + 16)
                        radius: 15
                        color: Theme.primary
                        Text {
                            id: itemsText
                            objectName: "itemCount"
                            anchors.centerIn: parent
                            text: qsTr("%n item(s)", "", PosController.itemCount)
                            color: "white"
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall; font.bold: true
                        }
                    }
                    PosButton {
                        objectName: "clearCart"
                        kind: "ghost"
                        enabled: cartList.count > 0
                        text: qsTr("Clear")
                        implicitHeight: Theme.touchMin
                        onClicked: PosController.voidCart()
                    }
                }
                Rectangle { Layout.fillWidth: true; height: 1; color: Theme.border }

                ListView {
                    id: cartList
                    objectName: "cartList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    boundsBehavior: Flickable.StopAtBounds
                    model: PosController.cart
                    onCountChanged: positionViewAtEnd()
                    delegate: CartLineDelegate {
                        width: cartList.width
                        row: index
                        name: model.name
                        unitPriceText: model.unitPriceText
                        netText: model.netText
                        grossText: model.grossText
                        discountText: model.discountText
                        hasDiscount: model.hasDiscount
                        quantity: model.quantity
                        stars: model.stars
                        onIncrement: PosController.increment(index)
                        onDecrement: PosController.decrement(index)
                        onDiscountRequested: discountDialog.openFor(index, model.name)
                    }
                    ColumnLayout {
                        anchors.centerIn: parent
                        width: parent.width - 2 * Theme.margin
                        visible: cartList.count === 0
                        spacing: 6
                        Text {
                            Layout.fillWidth: true
                            text: qsTr("The cart is empty")
                            horizontalAlignment: Text.AlignHCenter
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge; font.bold: true
                            color: Theme.textMuted
                        }
                        Text {
                            Layout.fillWidth: true
                            text: qsTr("Scan a barcode or tap a product.")
                            horizontalAlignment: Text.AlignHCenter
                            wrapMode: Text.Wrap
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                            color: Theme.textMuted
                        }
                    }
                }

                Rectangle { Layout.fillWidth: true; height: 1; color: Theme.border }

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.margins: Theme.margin
                    Layout.topMargin: Theme.spacing
                    spacing: 2
                    SummaryRow {
                        visible: PosController.hasDiscount
                        label: qsTr("Subtotal"); value: PosController.grossText
                    }
                    SummaryRow {
                        visible: PosController.hasDiscount
                        label: qsTr("Discount"); value: PosController.discountText; valueColor: Theme.danger
                    }
                    SummaryRow {
                        label: qsTr("VAT included"); value: PosController.vatText; muted: true
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Layout.topMargin: 4
                        Text {
                            Layout.fillWidth: true
                            text: qsTr("Total")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle; font.bold: true
                            color: Theme.text
                        }
                        Text {
                            objectName: "cartTotal"
                            text: PosController.totalText
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontHuge; font.bold: true
                            color: Theme.primaryDark
                        }
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Layout.topMargin: Theme.spacing
                        spacing: 8
                        PosButton {
                            objectName: "cartDiscountButton"
                            Layout.preferredWidth: page.narrow ? 110 : 140
                            Layout.preferredHeight: Theme.touchLarge
                            enabled: cartList.count > 0
                            text: qsTr("Discount")
                            onClicked: discountDialog.openFor(-1, "")
                        }
                        PosButton {
                            objectName: "payButton"
                            Layout.fillWidth: true
                            Layout.preferredHeight: Theme.touchLarge
                            kind: "primary"
                            fontSize: Theme.fontTitle
                            enabled: cartList.count > 0
                            text: qsTr("Pay")
                            onClicked: PosController.startPayment()
                        }
                    }
                }
            }
        }
    }

    DiscountDialog {
        id: discountDialog
        objectName: "discountDialog"
    }

    TracePanel {
        id: tracePanel
        objectName: "tracePanel"
    }
}
