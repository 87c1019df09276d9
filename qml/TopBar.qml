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
                text: PosController.terminalLabel + (bar.loggedIn ? "  ·  " + PosController.shiftInfo : "")
                color: "#BFD8CD"
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
                elide: Text.ElideRight
            }
        }

        Text {
            id: clock
            visible: !bar.compact || !bar.loggedIn
            color: "white"
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontLarge
            text: Qt.formatTime(new Date(), "HH:mm")
            Timer {
                interval: 15000; running: true; repeat: true
                onTriggered: clock.text = Qt.formatTime(new Date(), "HH:mm")
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
