import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import OcopPos.Backend

// Shop, terminal, who is logged in, the shift, the clock, and the actions
// that are always at hand: returns, closing the shift, language, log out.
Rectangle {
    id: bar
    implicitHeight: 60
    color: Theme.topBar

    readonly property bool loggedIn: PosController.loggedIn
    readonly property bool compact: width < 1200

    RowLayout {
        anchors { fill: parent; leftMargin: Theme.margin; rightMargin: 8 }
        spacing: Theme.spacing

        Rectangle {
            Layout.preferredWidth: 44
            Layout.preferredHeight: 44
            radius: 22
            color: Theme.star
            Text {
                anchors.centerIn: parent
                text: "OCOP"
                font.family: Theme.fontFamily
                font.pixelSize: 12
                font.bold: true
                color: Theme.primaryDark
            }
        }
        ColumnLayout {
            spacing: 0
            Layout.fillWidth: true
            Layout.minimumWidth: 120
            Text {
                Layout.fillWidth: true
                text: PosController.shopName
                color: "white"
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontLarge
                font.bold: true
                elide: Text.ElideRight
            }
            Text {
                Layout.fillWidth: true
                text: PosController.terminalLabel + (bar.loggedIn ? "  ·  " + (bar.compact ? PosController.shiftInfoShort : PosController.shiftInfo) : "")
                color: "#BFD8CD"
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
                elide: Text.ElideRight
            }
        }

        // Sync at a glance: green synced, amber waiting, grey offline or not
        // enrolled, red when the centre refused events or the clock drifts.
        // Tapping it opens the sync panel.
        Rectangle {
            id: syncIndicator
            objectName: "syncIndicator"
            readonly property string syncState: SyncStatus.state
            readonly property color dotColor: {
                switch (syncState) {
                case "synced": return "#4CC46A"
                case "pending": return Theme.star
                case "problem": return "#FF5A4F"
                }
                return "#A7B5AF"
            }
            Layout.preferredHeight: 48
            Layout.preferredWidth: syncRow.implicitWidth + 24
            Layout.maximumWidth: bar.compact ? 170 : 280
            radius: Theme.radius
            color: syncTap.pressed ? "#2A7559" : (syncState === "problem" ? "#7A2A24" : "#1F6149")
            border.color: syncState === "problem" ? "#FF5A4F" : (syncState === "pending" ? Theme.star : "transparent")
            border.width: 1
            RowLayout {
                id: syncRow
                anchors { fill: parent; leftMargin: 10; rightMargin: 12 }
                spacing: 8
                Rectangle {
                    Layout.preferredWidth: 14; Layout.preferredHeight: 14; radius: 7
                    color: syncIndicator.dotColor
                    border.color: "white"; border.width: syncIndicator.syncState === "unenrolled" ? 0 : 1
                    opacity: SyncStatus.syncing ? 0.5 : 1
                }
                Text {
                    id: syncText
                    objectName: "syncIndicatorText"
                    Layout.fillWidth: true
                    Layout.maximumWidth: bar.compact ? 130 : 240
                    text: {
                        switch (syncIndicator.syncState) {
                        case "unenrolled": return qsTr("Not connected to a server")
                        case "synced": return qsTr("Synced")
                        case "pending": return qsTr("%n waiting", "", SyncStatus.pending)
                        case "offline": return qsTr("Offline")
                        }
                        if (SyncStatus.quarantined > 0)
                            return qsTr("%n refused", "", SyncStatus.quarantined)
                        if (SyncStatus.clockDrift)
                            return qsTr("Clock is off")
                        return qsTr("Sync refused")
                    }
                    color: "white"
                    font.family: Theme.fontFamily
                    font.pixelSize: bar.compact ? Theme.fontSmall : Theme.fontBody
                    font.bold: syncIndicator.syncState === "problem"
                    wrapMode: Text.Wrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                    lineHeight: 0.9
                }
            }
            TapHandler {
                id: syncTap
                onTapped: SyncStatus.panelOpen = true
            }
        }

        Text {
            id: clock
            objectName: "clock"
            visible: !bar.compact || !bar.loggedIn
            color: "white"
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontLarge
            // Vietnam time whatever the machine's zone (PosController.clockText).
            text: PosController.clockText()
            Timer {
                interval: 1000; running: true; repeat: true
                onTriggered: clock.text = PosController.clockText()
            }
        }

        Rectangle {
            visible: bar.loggedIn
            Layout.preferredHeight: 44
            Layout.preferredWidth: userRow.implicitWidth + 20
            Layout.maximumWidth: bar.compact ? 130 : 280
            radius: 22
            color: "#1F6149"
            RowLayout {
                id: userRow
                anchors { fill: parent; leftMargin: 6; rightMargin: 12 }
                spacing: 8
                Rectangle {
                    Layout.preferredWidth: 32; Layout.preferredHeight: 32; radius: 16
                    color: PosController.isManager ? Theme.accent : "#8FC9B2"
                    Text {
                        anchors.centerIn: parent
                        text: PosController.userName.length ? PosController.userName.split(" ").pop().charAt(0) : ""
                        font.family: Theme.fontFamily; font.bold: true; font.pixelSize: 16
                        color: Theme.primaryDark
                    }
                }
                Text {
                    Layout.fillWidth: true
                    // Compact bars show the given name (the last word) only.
                    text: bar.compact ? PosController.userName.split(" ").pop() : PosController.userName
                    color: "white"
                    elide: Text.ElideRight
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontBody
                }
            }
        }

        PosButton {
            objectName: "returnsButton"
            visible: bar.loggedIn && PosController.shiftOpen
            kind: "ghost"
            text: qsTr("Returns")
            implicitHeight: 48
            contentItem: Text { text: parent.text; color: "white"; font: parent.font
                horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
            onClicked: PosController.startReturn()
        }
        PosButton {
            objectName: "closeShiftButton"
            visible: bar.loggedIn && PosController.shiftOpen
            kind: "ghost"
            text: qsTr("Close shift")
            implicitHeight: 48
            contentItem: Text { text: parent.text; color: "white"; font: parent.font
                horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
            onClicked: PosController.beginCloseShift()
        }
        PosButton {
            objectName: "languageButton"
            kind: "ghost"
            text: PosController.language === "vi" ? "EN" : "VI"
            implicitWidth: 56
            implicitHeight: 48
            background: Rectangle { radius: Theme.radius; color: "transparent"; border.color: "#5E8F7C"; border.width: 1 }
            contentItem: Text { text: parent.text; color: "white"; font: parent.font
                horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
            onClicked: PosController.language = (PosController.language === "vi" ? "en" : "vi")
        }
        PosButton {
            objectName: "logoutButton"
            visible: bar.loggedIn
            kind: "ghost"
            text: qsTr("Log out")
            implicitHeight: 48
            contentItem: Text { text: parent.text; color: "white"; font: parent.font
                horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
            onClicked: PosController.logout()
        }
    }
}
