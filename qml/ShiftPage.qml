import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import OcopPos.Backend

// Opening a shift with its cash float; closing it with a count of the
// drawer by banknote, then the Z report.
Item {
    id: page
    objectName: "shiftPage"
    readonly property bool closing: PosController.screen === "shiftclose"

    Loader {
        anchors.fill: parent
        sourceComponent: !page.closing ? openForm
                        : PosController.zReport.closed ? zView : closeForm
    }

    Component {
        id: openForm
        Item {
            objectName: "shiftOpenForm"
            Rectangle {
                anchors.centerIn: parent
                width: Math.min(parent.width - 2 * Theme.margin, 620)
                height: Math.min(parent.height - 2 * Theme.margin, openColumn.implicitHeight + 3 * Theme.margin)
                radius: Theme.radius * 1.5
                color: Theme.surface
                border.color: Theme.border

                ColumnLayout {
                    id: openColumn
                    anchors { fill: parent; margins: Theme.margin * 1.5 }
                    spacing: Theme.spacing

                    Text {
                        text: qsTr("Open shift")
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontHuge; font.bold: true
                        color: Theme.text
                    }
                    Text {
                        Layout.fillWidth: true
                        text: qsTr("%1, count the cash in the drawer and enter the opening float.").arg(PosController.userName)
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
                        color: Theme.textMuted
                        wrapMode: Text.Wrap
                    }
                    Text {
                        Layout.topMargin: Theme.spacing
                        text: qsTr("Opening float")
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                        color: Theme.text
                    }
                    MoneyField {
                        id: floatField
                        objectName: "floatField"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.touchLarge
                        font.pixelSize: Theme.fontHuge
                        text: "1000000"
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 8
                        Repeater {
                            model: [0, 500000, 1000000, 2000000]
                            PosButton {
                                Layout.fillWidth: true
                                text: PosController.formatMoney(modelData)
                                checkedLook: floatField.value === modelData
                                onClicked: floatField.setValue(modelData)
                            }
                        }
                    }
                    Item { Layout.fillHeight: true; Layout.minimumHeight: Theme.spacing }
                    PosButton {
                        objectName: "openShiftButton"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.touchLarge
                        kind: "primary"
                        fontSize: Theme.fontTitle
                        text: qsTr("Open shift with %1").arg(PosController.formatMoney(floatField.value))
                        onClicked: PosController.openShift(floatField.value)
                    }
                }
            }
        }
    }

    Component {
        id: closeForm
        Item {
            id: closeItem
            objectName: "shiftCloseForm"
            property var counts: ({})
            property real counted: 0
            function setCount(denom, n) {
                const c = Object.assign({}, counts)
                c[String(denom)] = Math.max(0, n)
                counts = c
                counted = PosController.sumCounts(counts)
            }
            readonly property real expected: PosController.zReport.expectedCashValue || 0
            readonly property bool narrow: width < 1200

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
                        spacing: 6
                        Text {
                            text: qsTr("Count the cash drawer")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle; font.bold: true
                            color: Theme.text
                        }
                        GridView {
                            id: denomGrid
                            objectName: "denominationGrid"
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            clip: true
                            model: PosController.denominations
                            cellWidth: Math.floor(width / 2)
                            cellHeight: closeItem.narrow ? 62 : 70
                            boundsBehavior: Flickable.StopAtBounds
                            delegate: Item {
                                width: denomGrid.cellWidth
                                height: denomGrid.cellHeight
                                readonly property int count: closeItem.counts[String(modelData.value)] || 0
                                RowLayout {
                                    anchors { fill: parent; margins: 4; rightMargin: 12 }
                                    spacing: 6
                                    Text {
                                        Layout.preferredWidth: closeItem.narrow ? 78 : 96
                                        text: modelData.text
                                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge; font.bold: true
                                        color: Theme.text
                                        horizontalAlignment: Text.AlignRight
                                    }
                                    PosButton {
                                        objectName: "denomMinus_" + modelData.value
                                        implicitWidth: Theme.touchMin; implicitHeight: Theme.touchMin
                                        text: "−"; fontSize: Theme.fontTitle
                                        onClicked: closeItem.setCount(modelData.value, count - 1)
                                    }
                                    TextField {
                                        objectName: "denomCount_" + modelData.value
                                        Layout.preferredWidth: closeItem.narrow ? 58 : 72
                                        Layout.preferredHeight: Theme.touchMin
                                        text: String(count)
                                        horizontalAlignment: TextInput.AlignHCenter
                                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
                                        inputMethodHints: Qt.ImhDigitsOnly
                                        validator: IntValidator { bottom: 0; top: 100000 }
                                        onEditingFinished: closeItem.setCount(modelData.value, Number(text) || 0)
                                    }
                                    PosButton {
                                        objectName: "denomPlus_" + modelData.value
                                        implicitWidth: Theme.touchMin; implicitHeight: Theme.touchMin
                                        text: "+"; fontSize: Theme.fontTitle
                                        onClicked: closeItem.setCount(modelData.value, count + 1)
                                    }
                                    Text {
                                        Layout.fillWidth: true
                                        text: PosController.formatMoney(modelData.value * count)
                                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                                        color: count > 0 ? Theme.text : Theme.textMuted
                                        horizontalAlignment: Text.AlignRight
                                        elide: Text.ElideLeft
                                    }
                                }
                            }
                        }
                    }
                }

                Rectangle {
                    Layout.preferredWidth: closeItem.narrow ? 330 : 420
                    Layout.fillHeight: true
                    radius: Theme.radius * 1.5
                    color: Theme.surface
                    border.color: Theme.border

                    ColumnLayout {
                        anchors { fill: parent; margins: Theme.margin }
                        spacing: Theme.spacing
                        Text {
                            text: qsTr("Close shift")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle; font.bold: true
                            color: Theme.text
                        }
                        Text {
                            Layout.fillWidth: true
                            text: PosController.shiftCashierName + " · " + qsTr("since %1").arg(PosController.zReport.openedAt || "")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                            color: Theme.textMuted
                            wrapMode: Text.Wrap
                        }
                        SummaryRow { label: qsTr("Sales"); value: (PosController.zReport.salesCount || 0) + " · " + (PosController.zReport.salesTotal || "") }
                        SummaryRow { label: qsTr("Opening float"); value: PosController.zReport.openingFloat || "" }
                        SummaryRow { label: qsTr("Expected cash"); value: PosController.zReport.expectedCash || ""; strong: true }
                        SummaryRow { objectName: "countedCash"; label: qsTr("Counted"); value: PosController.formatMoney(closeItem.counted); strong: true }
                        SummaryRow {
                            label: qsTr("Difference")
                            readonly property real diff: closeItem.counted - closeItem.expected
                            value: (diff > 0 ? "+" : "") + PosController.formatMoney(diff)
                            valueColor: diff === 0 ? Theme.success : Theme.danger
                            strong: true
                        }
                        Item { Layout.fillHeight: true }
                        PosButton {
                            Layout.fillWidth: true
                            text: qsTr("Back to selling")
                            onClicked: PosController.screen = "sell"
                        }
                        PosButton {
                            objectName: "confirmCloseShift"
                            Layout.fillWidth: true
                            Layout.preferredHeight: Theme.touchLarge
                            kind: "danger"
                            fontSize: Theme.fontLarge
                            text: qsTr("Close shift · Z report")
                            onClicked: PosController.closeShift(closeItem.counts)
                        }
                    }
                }
            }
        }
    }

    Component {
        id: zView
        Item {
            objectName: "zReportView"
            readonly property var report: PosController.zReport
            Rectangle {
                anchors { fill: parent; margins: Theme.margin }
                radius: Theme.radius * 1.5
                color: Theme.surface
                border.color: Theme.border

                ColumnLayout {
                    anchors { fill: parent; margins: Theme.margin * 1.5 }
                    spacing: Theme.spacing
                    RowLayout {
                        Layout.fillWidth: true
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Text {
                                text: qsTr("Z report — shift closed")
                                font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle; font.bold: true
                                color: Theme.text
                            }
                            Text {
                                Layout.fillWidth: true
                                text: report.cashierName + " · " + report.terminal + " · " + report.openedAt + " → " + report.closedAt
                                font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                                color: Theme.textMuted
                                elide: Text.ElideRight
                            }
                        }
                        PosButton {
                            objectName: "zDone"
                            kind: "primary"
                            text: qsTr("Done")
                            implicitWidth: 160
                            onClicked: PosController.logout()
                        }
                    }
                    Rectangle { Layout.fillWidth: true; height: 1; color: Theme.border }
                    GridLayout {
                        Layout.fillWidth: true
                        columns: 2
                        columnSpacing: 3 * Theme.margin
                        rowSpacing: 0
                        ColumnLayout {
                            Layout.fillWidth: true
                            Layout.alignment: Qt.AlignTop
                            spacing: 2
                            SummaryRow { label: qsTr("Sales"); value: report.salesCount + " · " + report.salesTotal }
                            SummaryRow { label: qsTr("Returns"); value: report.returnsCount + " · " + report.returnsTotal }
                            SummaryRow { label: qsTr("Discounts"); value: report.discounts }
                            SummaryRow { label: qsTr("VAT included"); value: report.vat }
                            Repeater {
                                model: report.methods
                                SummaryRow { label: modelData.name; value: modelData.sales; muted: true }
                            }
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            Layout.alignment: Qt.AlignTop
                            spacing: 2
                            SummaryRow { label: qsTr("Opening float"); value: report.openingFloat }
                            SummaryRow { label: qsTr("Expected cash"); value: report.expectedCash; strong: true }
                            SummaryRow { label: qsTr("Counted"); value: report.countedCash; strong: true }
                            SummaryRow {
                                label: qsTr("Difference"); value: report.variance; strong: true
                                valueColor: report.varianceValue === 0 ? Theme.success : Theme.danger
                            }
                            Repeater {
                                model: report.counts
                                SummaryRow { label: modelData.denomination + " × " + modelData.count; value: modelData.amount; muted: true }
                            }
                        }
                    }
                    Item { Layout.fillHeight: true }
                }
            }
        }
    }
}
