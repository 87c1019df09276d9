import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import OcopPos.Backend

// A line (row >= 0) or cart (row -1) discount, in percent or đồng. Above the
// shop's limit it asks for a manager's PIN before applying.
Popup {
    id: dialog
    property int row: -1
    property string lineName: ""
    property string kind: "percent"
    readonly property real value: valueField.value
    readonly property bool needsApproval: visible && value > 0
                                          && !PosController.isManager
                                          && PosController.discountNeedsApproval(row, kind, value)

    function openFor(r, name) {
        row = r
        lineName = name
        kind = "percent"
        valueField.text = ""
        pinField.text = ""
        open()
    }

    modal: true
    focus: true
    x: parent ? Math.round((parent.width - width) / 2) : 0
    y: parent ? Math.max(8, Math.round((parent.height - height) / 2)) : 0
    width: Math.min(520, (parent ? parent.width : 520) - 32)
    padding: Theme.margin * 1.5
    background: Rectangle { radius: Theme.radius * 1.5; color: Theme.surface; border.color: Theme.border }

    contentItem: ColumnLayout {
        spacing: Theme.spacing
        Text {
            Layout.fillWidth: true
            text: dialog.row < 0 ? qsTr("Discount on the whole sale") : qsTr("Discount on %1").arg(dialog.lineName)
            font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle; font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            PosButton {
                objectName: "discountPercent"
                Layout.fillWidth: true
                text: qsTr("Percent (%)")
                checkedLook: dialog.kind === "percent"
                onClicked: dialog.kind = "percent"
            }
            PosButton {
                objectName: "discountAmount"
                Layout.fillWidth: true
                text: qsTr("Amount (₫)")
                checkedLook: dialog.kind === "amount"
                onClicked: dialog.kind = "amount"
            }
        }
        MoneyField {
            id: valueField
            objectName: "discountValue"
            Layout.fillWidth: true
            placeholderText: dialog.kind === "percent" ? qsTr("e.g. 5") : qsTr("e.g. 20000")
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            visible: dialog.kind === "percent"
            Repeater {
                model: [5, 10, 15, 20]
                PosButton {
                    Layout.fillWidth: true
                    text: modelData + "%"
                    onClicked: valueField.setValue(modelData)
                }
            }
        }
        Text {
            Layout.fillWidth: true
            text: qsTr("Discounts above %1% need a manager's PIN.").arg(PosController.discountLimitPercent)
            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
            color: dialog.needsApproval ? Theme.danger : Theme.textMuted
            wrapMode: Text.Wrap
        }
        TextField {
            id: pinField
            objectName: "managerPin"
            visible: dialog.needsApproval
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch
            placeholderText: qsTr("Manager PIN")
            echoMode: TextInput.Password
            inputMethodHints: Qt.ImhDigitsOnly
            font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            PosButton {
                Layout.fillWidth: true
                text: qsTr("Remove discount")
                onClicked: {
                    if (PosController.applyDiscount(dialog.row, dialog.kind, 0, ""))
                        dialog.close()
                }
            }
            PosButton {
                Layout.fillWidth: true
                text: qsTr("Cancel")
                onClicked: dialog.close()
            }
            PosButton {
                objectName: "discountApply"
                Layout.fillWidth: true
                kind: "primary"
                text: qsTr("Apply")
                enabled: dialog.value > 0 && (!dialog.needsApproval || pinField.text.length >= 4)
                onClicked: {
                    if (PosController.applyDiscount(dialog.row, dialog.kind, dialog.value, pinField.text))
                        dialog.close()
                }
            }
        }
    }
}
