import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import OcopPos.Backend

// Sync in detail, over whatever screen is showing: online or not, events
// waiting, events the centre refused and why, the last good sync (Vietnam
// time), the last error, clock drift, and a big "Sync now". On a terminal
// that is not enrolled: how to enrol it. Opened by the TopBar indicator
// (SyncStatus.panelOpen). Placed over the whole shell (its parent).
Popup {
    id: panel
    objectName: "syncPanel"
    modal: true
    dim: true
    focus: true
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    readonly property bool compact: parent ? parent.height < 700 : false
    readonly property string syncState: SyncStatus.state
    width: parent ? Math.min(parent.width - 2 * Theme.margin, 820) : 820
    height: parent ? Math.min(parent.height - 2 * Theme.margin, 760) : 600
    x: parent ? Math.round((parent.width - width) / 2) : 0
    y: parent ? Math.round((parent.height - height) / 2) : 0
    padding: compact ? Theme.spacing : Theme.margin + 4

    onClosed: SyncStatus.panelOpen = false
    Component.onCompleted: if (SyncStatus.panelOpen) open()
    Connections {
        target: SyncStatus
        function onPanelOpenChanged() {
            if (SyncStatus.panelOpen)
                panel.open()
            else
                panel.close()
        }
    }

    function stateColor(state) {
        switch (state) {
        case "synced": return Theme.success
        case "pending": return Theme.accent
        case "problem": return Theme.danger
        }
        return "#7D8A85"
    }
    function stateTitle(state) {
        switch (state) {
        case "unenrolled": return qsTr("Not connected to a central server")
        case "synced": return qsTr("Everything is sent to the centre")
        case "pending": return qsTr("%n event(s) waiting to be sent", "", SyncStatus.pending)
        case "offline": return qsTr("Offline: the centre cannot be reached")
        }
        if (SyncStatus.quarantined > 0)
            return qsTr("The centre refused %n event(s)", "", SyncStatus.quarantined)
        if (SyncStatus.clockDrift)
            return qsTr("This terminal's clock is wrong")
        return qsTr("The centre refused this terminal")
    }
    function eventName(type) {
        switch (type) {
        case "sale.completed": return qsTr("Sale")
        case "sale.returned": return qsTr("Return")
        case "shift.opened": return qsTr("Shift opened")
        case "shift.closed": return qsTr("Shift closed")
        case "stock.moved": return qsTr("Stock movement")
        case "cart.voided": return qsTr("Cart cleared")
        }
        return type
    }
    function driftText() {
        const minutes = Math.round(Math.abs(SyncStatus.clockOffsetMs) / 60000)
        if (!SyncStatus.clockDrift)
            return qsTr("Matches the centre")
        return SyncStatus.clockOffsetMs > 0 ? qsTr("%n minute(s) behind the centre: set the date and time", "", minutes)
                                            : qsTr("%n minute(s) ahead of the centre: set the date and time", "", minutes)
    }

    background: Rectangle {
        radius: Theme.radius * 1.5
        color: Theme.surface
        border.color: Theme.border
    }

    contentItem: ColumnLayout {
        spacing: panel.compact ? 8 : Theme.spacing

        // ------------------------------------------------ title and state
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Rectangle {
                Layout.preferredWidth: 22; Layout.preferredHeight: 22; radius: 11
                color: panel.stateColor(panel.syncState)
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0
                Text {
                    objectName: "syncStateTitle"
                    Layout.fillWidth: true
                    text: panel.stateTitle(panel.syncState)
                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle; font.bold: true
                    color: panel.syncState === "problem" ? Theme.danger : Theme.text
                    wrapMode: Text.Wrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
                Text {
                    Layout.fillWidth: true
                    visible: SyncStatus.enrolled
                    text: (SyncStatus.pointName.length ? SyncStatus.pointName + " · " : "") + SyncStatus.serverUrl
                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                    color: Theme.textMuted
                    elide: Text.ElideMiddle
                }
            }
            PosButton {
                objectName: "syncPanelClose"
                Layout.alignment: Qt.AlignTop
                kind: "ghost"
                implicitWidth: Theme.touch; implicitHeight: Theme.touch
                text: "✕"
                fontSize: Theme.fontTitle
                onClicked: panel.close()
            }
        }
        Rectangle { Layout.fillWidth: true; height: 1; color: Theme.border }

        // ------------------------------------------------ not enrolled: how to
        ColumnLayout {
            objectName: "enrolHelp"
            visible: !SyncStatus.enrolled
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacing
            Text {
                Layout.fillWidth: true
                text: qsTr("Selling works as usual: every sale is kept on this terminal and will be sent once it is connected.")
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge
                color: Theme.text
                wrapMode: Text.Wrap
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("To connect it, a manager gets a one-time enrolment code from the central server and runs on this terminal:")
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                color: Theme.textMuted
                wrapMode: Text.Wrap
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: enrolCommand.implicitHeight + 24
                radius: Theme.radius
                color: "#1B2420"
                Text {
                    id: enrolCommand
                    objectName: "enrolCommand"
                    anchors { fill: parent; margins: 12 }
                    text: "ocop enroll URL CODE"
                    font.family: "monospace"; font.pixelSize: Theme.fontLarge
                    color: "#E3F1EB"
                    verticalAlignment: Text.AlignVCenter
                    wrapMode: Text.WrapAnywhere
                }
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("For example: ocop enroll https://ocop.hanoi.gov.vn 7KQ2-M4XD. The terminal starts syncing by itself within a minute.")
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
                wrapMode: Text.Wrap
            }
            Item { Layout.fillHeight: true }
        }

        // ------------------------------------------------ enrolled: facts
        GridLayout {
            objectName: "syncFacts"
            visible: SyncStatus.enrolled
            Layout.fillWidth: true
            columns: panel.width > 700 ? 4 : 2
            columnSpacing: Theme.spacing
            rowSpacing: panel.compact ? 2 : 6

            Text { text: qsTr("Connection"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted }
            Text {
                objectName: "syncOnline"
                Layout.fillWidth: true
                text: !SyncStatus.known ? qsTr("Not checked yet") : SyncStatus.online ? qsTr("Online") : qsTr("Offline")
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                color: SyncStatus.known && !SyncStatus.online ? Theme.danger : Theme.text
            }
            Text { text: qsTr("Last sync"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted }
            Text {
                objectName: "syncLastSuccess"
                Layout.fillWidth: true
                text: SyncStatus.lastSuccess.length ? SyncStatus.lastSuccess : qsTr("Never")
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                color: Theme.text
            }
            Text { text: qsTr("Waiting"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted }
            Text {
                objectName: "syncPending"
                Layout.fillWidth: true
                text: qsTr("%n event(s)", "", SyncStatus.pending)
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                color: SyncStatus.pending > 0 ? Theme.accent : Theme.text
            }
            Text { text: qsTr("Refused"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted }
            Text {
                objectName: "syncQuarantined"
                Layout.fillWidth: true
                text: qsTr("%n event(s)", "", SyncStatus.quarantined)
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                color: SyncStatus.quarantined > 0 ? Theme.danger : Theme.text
            }
            Text { text: qsTr("Clock"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted }
            Text {
                objectName: "syncClock"
                Layout.fillWidth: true
                Layout.columnSpan: panel.width > 700 ? 3 : 1
                text: panel.driftText()
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: SyncStatus.clockDrift
                color: SyncStatus.clockDrift ? Theme.danger : Theme.text
                wrapMode: Text.Wrap
            }
            Text {
                visible: SyncStatus.lastError.length > 0
                text: qsTr("Last error"); font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; color: Theme.textMuted
            }
            Text {
                objectName: "syncLastError"
                visible: SyncStatus.lastError.length > 0
                Layout.fillWidth: true
                Layout.columnSpan: panel.width > 700 ? 3 : 1
                text: SyncStatus.lastError
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                color: Theme.danger
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
        }

        // ------------------------------------------------ refused events
        Text {
            visible: SyncStatus.enrolled
            Layout.topMargin: panel.compact ? 0 : 4
            text: SyncStatus.quarantined > 0 ? qsTr("Refused by the centre (kept here, not lost)") : qsTr("Refused by the centre")
            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
            color: Theme.text
        }
        ListView {
            id: refused
            objectName: "quarantinedList"
            visible: SyncStatus.enrolled
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 60
            clip: true
            spacing: 4
            boundsBehavior: Flickable.StopAtBounds
            model: SyncStatus.quarantinedEvents
            ScrollBar.vertical: ScrollBar { width: 10; policy: ScrollBar.AsNeeded }
            delegate: Rectangle {
                width: refused.width - 12
                height: eventColumn.implicitHeight + 14
                radius: Theme.radius
                color: Theme.dangerLight
                ColumnLayout {
                    id: eventColumn
                    anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; leftMargin: 12; rightMargin: 12 }
                    spacing: 2
                    Text {
                        Layout.fillWidth: true
                        text: panel.eventName(modelData.type) + (modelData.receipt.length ? " " + modelData.receipt : "")
                              + " · #" + modelData.seq + " · " + modelData.time
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
                        color: Theme.text
                        elide: Text.ElideRight
                    }
                    Text {
                        Layout.fillWidth: true
                        text: modelData.reason
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                        color: Theme.danger
                        wrapMode: Text.Wrap
                    }
                }
            }
            Text {
                anchors.centerIn: parent
                width: parent.width
                visible: refused.count === 0
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: qsTr("None: the centre accepted everything it received.")
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                color: Theme.textMuted
            }
        }

        // ------------------------------------------------ actions
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            PosButton {
                objectName: "syncPanelDone"
                Layout.preferredWidth: panel.compact ? 140 : 180
                Layout.preferredHeight: panel.compact ? Theme.touch : Theme.touchLarge
                text: qsTr("Close")
                onClicked: panel.close()
            }
            PosButton {
                objectName: "syncNowButton"
                Layout.fillWidth: true
                Layout.preferredHeight: panel.compact ? Theme.touch : Theme.touchLarge
                kind: "primary"
                fontSize: Theme.fontTitle
                enabled: SyncStatus.enrolled && !SyncStatus.syncing
                text: SyncStatus.syncing ? qsTr("Syncing…") : qsTr("Sync now")
                onClicked: SyncStatus.syncNow()
            }
        }
    }
}
