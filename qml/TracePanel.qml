import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import OcopPos.Backend

// Where a product comes from, opened by scanning its traceability code (or
// from a product): the OCOP rating and certificate with its validity, the
// producer and its commune, and the lot and dates the code carried. An
// expired lot is added to the sale only with a manager's approval.
Popup {
    id: panel
    readonly property var info: PosController.trace
    readonly property bool hasInfo: info !== undefined && info.open === true

    function statusColor(status) {
        switch (status) {
            case "valid": return Theme.success
            case "expiring": return Theme.accent
            case "expired": return Theme.danger
        }
        return Theme.textMuted
    }
    function statusText(status, daysLeft) {
        switch (status) {
            case "valid": return qsTr("Valid")
            case "expiring": return daysLeft === 0 ? qsTr("Expires today") : qsTr("Expires in %n day(s)", "", daysLeft)
            case "expired": return qsTr("Expired")
        }
        return qsTr("Not stated")
    }

    visible: hasInfo
    modal: true
    focus: true
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    onClosed: PosController.closeTrace()
    x: parent ? Math.round((parent.width - width) / 2) : 0
    y: parent ? Math.max(8, Math.round((parent.height - height) / 2)) : 0
    width: Math.min(720, (parent ? parent.width : 720) - 32)
    height: Math.min(implicitHeight, (parent ? parent.height : 600) - 16)
    padding: Theme.margin * 1.5
    background: Rectangle { radius: Theme.radius * 1.5; color: Theme.surface; border.color: Theme.border }

    contentItem: ColumnLayout {
        spacing: Theme.spacing
        Flickable {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: column.implicitHeight
            clip: true
            contentHeight: column.implicitHeight
            boundsBehavior: Flickable.StopAtBounds

            ColumnLayout {
                id: column
                width: parent.width
                spacing: Theme.spacing

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    Text {
                        Layout.fillWidth: true
                        objectName: "traceName"
                        text: panel.hasInfo ? panel.info.name : ""
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle; font.bold: true
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                    StarBadge {
                        stars: panel.hasInfo ? panel.info.stars : 3
                        potential: panel.hasInfo && panel.info.potentialFiveStar
                    }
                }
                Text {
                    Layout.fillWidth: true
                    text: panel.hasInfo ? qsTr("%1 · %2 · %3 / %4").arg(panel.info.code).arg(panel.info.group)
                    .arg(panel.info.priceText).arg(panel.info.unit) : ""
                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                    color: Theme.textMuted
                    wrapMode: Text.Wrap
                }

                // Producer and origin.
                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: producerColumn.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    color: Theme.surfaceAlt
                    border.color: Theme.border
                    ColumnLayout {
                        id: producerColumn
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        spacing: 2
                        Text {
                            text: qsTr("Producer")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                        }
                        Text {
                            Layout.fillWidth: true
                            objectName: "traceProducer"
                            text: panel.hasInfo && panel.info.producer !== undefined
                            ? panel.info.producer + " (" + panel.info.producerKind + ")" : qsTr("Not in the catalog")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge; font.bold: true
                            color: Theme.text
                            wrapMode: Text.Wrap
                        }
                        Text {
                            Layout.fillWidth: true
                            visible: panel.hasInfo && panel.info.origin !== undefined
                            text: panel.hasInfo && panel.info.origin !== undefined ? panel.info.origin : ""
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                            color: Theme.text
                            wrapMode: Text.Wrap
                        }
                    }
                }

                // OCOP certificate.
                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: certGrid.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    color: Theme.surfaceAlt
                    border.color: panel.hasInfo ? panel.statusColor(panel.info.certificateStatus) : Theme.border
                    GridLayout {
                        id: certGrid
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        columns: 2
                        columnSpacing: Theme.spacing
                        rowSpacing: 2
                        Text {
                            Layout.columnSpan: 2
                            text: qsTr("OCOP certificate")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                        }
                        Text { text: qsTr("Number"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted }
                        Text {
                            Layout.fillWidth: true
                            text: panel.hasInfo ? panel.info.certificateNo : ""
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.text
                            wrapMode: Text.Wrap
                        }
                        Text { text: qsTr("Issued by"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted }
                        Text {
                            Layout.fillWidth: true
                            text: panel.hasInfo ? panel.info.certificateIssuer : ""
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.text
                            wrapMode: Text.Wrap
                        }
                        Text { text: qsTr("Validity"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted }
                        Text {
                            Layout.fillWidth: true
                            text: panel.hasInfo ? qsTr("%1 to %2").arg(panel.info.certificateIssued).arg(panel.info.certificateExpiry) : ""
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.text
                        }
                        Text { text: qsTr("Status"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted }
                        Text {
                            objectName: "traceCertificateStatus"
                            text: panel.hasInfo ? panel.statusText(panel.info.certificateStatus, panel.info.certificateDaysLeft) : ""
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                            color: panel.hasInfo ? panel.statusColor(panel.info.certificateStatus) : Theme.text
                        }
                    }
                }

                // The lot and dates the scanned code carried.
                Rectangle {
                    Layout.fillWidth: true
                    visible: panel.hasInfo && panel.info.hasLot
                    implicitHeight: lotGrid.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    color: panel.hasInfo && panel.info.lotStatus === "expired" ? Theme.dangerLight : Theme.surfaceAlt
                    border.color: panel.hasInfo ? panel.statusColor(panel.info.lotStatus) : Theme.border
                    GridLayout {
                        id: lotGrid
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        columns: 2
                        columnSpacing: Theme.spacing
                        rowSpacing: 2
                        Text {
                            Layout.columnSpan: 2
                            text: qsTr("Lot on this pack")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                        }
                        Text { text: qsTr("Lot"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted }
                        Text {
                            objectName: "traceLot"
                            Layout.fillWidth: true
                            text: panel.hasInfo && panel.info.lot ? panel.info.lot : "—"
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.text
                        }
                        Text {
                            visible: panel.hasInfo && !!panel.info.production
                            text: qsTr("Produced"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted
                        }
                        Text {
                            visible: panel.hasInfo && !!panel.info.production
                            text: panel.hasInfo && panel.info.production ? panel.info.production : ""
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.text
                        }
                        Text {
                            visible: panel.hasInfo && !!panel.info.bestBefore
                            text: qsTr("Best before"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted
                        }
                        Text {
                            visible: panel.hasInfo && !!panel.info.bestBefore
                            text: panel.hasInfo && panel.info.bestBefore ? panel.info.bestBefore : ""
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.text
                        }
                        Text {
                            visible: panel.hasInfo && !!panel.info.expiry
                            text: qsTr("Use by"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted
                        }
                        Text {
                            visible: panel.hasInfo && !!panel.info.expiry
                            text: panel.hasInfo && panel.info.expiry
                            ? (panel.info.expiryMonthOnly ? qsTr("%1 (end of month)").arg(panel.info.expiry) : panel.info.expiry) : ""
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.text
                        }
                        Text { text: qsTr("Status"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted }
                        Text {
                            objectName: "traceLotStatus"
                            text: panel.hasInfo && panel.info.hasLot ? panel.statusText(panel.info.lotStatus, panel.info.lotDaysLeft) : ""
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                            color: panel.hasInfo ? panel.statusColor(panel.info.lotStatus) : Theme.text
                        }
                    }
                }

            }
        }
        Text {
            Layout.fillWidth: true
            visible: panel.hasInfo && panel.info.needsOverride
            text: qsTr("This lot is past its date. It can be sold only with a manager's approval, which is logged.")
            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
            color: Theme.danger
            wrapMode: Text.Wrap
        }
        TextField {
            id: pinField
            objectName: "traceManagerPin"
            visible: panel.hasInfo && panel.info.overrideNeedsPin && panel.info.canAdd
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch
            placeholderText: qsTr("Manager PIN")
            echoMode: TextInput.Password
            inputMethodHints: Qt.ImhDigitsOnly
            font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
        }
        Text {
            Layout.fillWidth: true
            visible: PosController.errorMessage.length > 0
            text: PosController.errorMessage
            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
            color: Theme.danger
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            PosButton {
                objectName: "traceClose"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                text: qsTr("Close")
                onClicked: panel.close()
            }
            PosButton {
                objectName: "traceAdd"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                visible: panel.hasInfo && panel.info.canAdd
                kind: panel.hasInfo && panel.info.needsOverride ? "danger" : "primary"
                text: panel.hasInfo && panel.info.needsOverride ? qsTr("Approve and add") : qsTr("Add to sale")
                enabled: !(panel.hasInfo && panel.info.overrideNeedsPin) || pinField.text.length >= 4
                onClicked: {
                    if (PosController.addTracedProduct(pinField.text))
                    pinField.text = ""
                }
            }
        }
    }
}
