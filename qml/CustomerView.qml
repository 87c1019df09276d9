import QtQuick
import QtQuick.Layouts
import OcopPos.Backend

// What the customer sees on a second screen facing them: the shop, the
// total to pay, and while the cashier takes a bank transfer, the VietQR code
// to scan with their banking app.
Rectangle {
    id: view
    readonly property bool showQr: PosController.customerQrAmount > 0
    color: Theme.primaryDark

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Math.round(Math.min(view.width, view.height) * 0.05)
        spacing: Theme.margin

        Text {
            Layout.fillWidth: true
            text: PosController.shopName
            font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle; font.bold: true
            color: Theme.textOnPrimary
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
        }
        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Image {
                id: qr
                objectName: "customerQr"
                visible: view.showQr
                anchors.centerIn: parent
                width: Math.min(parent.width, parent.height)
                height: width
                fillMode: Image.PreserveAspectFit
                smooth: false
                cache: false
                sourceSize: Qt.size(Math.max(200, width), Math.max(200, width))
                source: view.showQr ? "image://vietqr/" + PosController.customerQrAmount : ""
            }
            Text {
                visible: !view.showQr
                anchors.centerIn: parent
                width: parent.width
                text: PosController.itemCount > 0 ? PosController.totalText : qsTr("Welcome to the OCOP showroom")
                font.family: Theme.fontFamily
                font.pixelSize: PosController.itemCount > 0 ? Theme.fontHuge * 2 : Theme.fontHuge
                font.bold: true
                color: Theme.textOnPrimary
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
            }
        }
        Text {
            objectName: "customerCaption"
            Layout.fillWidth: true
            text: view.showQr
                  ? qsTr("Scan to pay %1 by bank transfer").arg(PosController.formatMoney(PosController.customerQrAmount))
                  : PosController.itemCount > 0 ? qsTr("%n item(s)", "", PosController.itemCount) : ""
            font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
            color: Theme.textOnPrimary
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
        }
    }
}
