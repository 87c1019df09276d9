import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import OcopPos.Backend

// Everything inside the window: the top bar, the current screen and the
// message banner. Kept apart from Main.qml so tests can instantiate it.
Rectangle {
    id: shell
    color: Theme.background

    readonly property string screen: PosController.screen
    readonly property Item page: pageLoader.item

    TopBar {
        id: topBar
        anchors { left: parent.left; right: parent.right; top: parent.top }
    }

    Loader {
        id: pageLoader
        objectName: "pageLoader"
        anchors { left: parent.left; right: parent.right; top: topBar.bottom; bottom: parent.bottom }
        source: {
            switch (shell.screen) {
            case "login": return "LoginPage.qml"
            case "shift": return "ShiftPage.qml"
            case "shiftclose": return "ShiftPage.qml"
            case "sell": return "SellPage.qml"
            case "pay": return "PaymentPage.qml"
            case "receipt": return "ReceiptPage.qml"
            case "return": return "ReturnPage.qml"
            }
            return "LoginPage.qml"
        }
    }

    // Sync details over any screen (the TopBar indicator opens it).
    SyncPanel {
        id: syncPanel
    }

    // Errors stay until dismissed or the next action succeeds.
    Rectangle {
        id: banner
        objectName: "errorBanner"
        visible: PosController.errorMessage.length > 0
        anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom; bottomMargin: Theme.margin }
        width: Math.min(parent.width - 2 * Theme.margin, bannerRow.implicitWidth + 2 * Theme.margin)
        height: Math.max(Theme.touch + 8, bannerRow.implicitHeight + 16)
        radius: Theme.radius
        color: Theme.danger
        z: 50

        RowLayout {
            id: bannerRow
            anchors { fill: parent; leftMargin: Theme.margin; rightMargin: 6 }
            spacing: Theme.spacing
            Text {
                text: "⚠"
                color: "white"
                font.pixelSize: Theme.fontTitle
            }
            Text {
                objectName: "errorText"
                Layout.fillWidth: true
                Layout.maximumWidth: shell.width - 200
                text: PosController.errorMessage
                color: "white"
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontLarge
                font.bold: true
                wrapMode: Text.Wrap
            }
            PosButton {
                objectName: "errorClose"
                kind: "ghost"
                text: "✕"
                implicitWidth: Theme.touch
                contentItem: Text {
                    text: "✕"; color: "white"; font.pixelSize: Theme.fontTitle
                    horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter
                }
                onClicked: PosController.clearError()
            }
        }
    }

    // Short confirmations (printed, etc.).
    Rectangle {
        id: toast
        visible: opacity > 0
        opacity: 0
        anchors { horizontalCenter: parent.horizontalCenter; top: topBar.bottom; topMargin: Theme.margin }
        width: toastText.implicitWidth + 2 * Theme.margin
        height: Theme.touchMin
        radius: height / 2
        color: Theme.primaryDark
        z: 40
        Text {
            id: toastText
            anchors.centerIn: parent
            color: "white"
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
        }
        SequentialAnimation {
            id: toastAnim
            NumberAnimation { target: toast; property: "opacity"; to: 1; duration: 120 }
            PauseAnimation { duration: 1800 }
            NumberAnimation { target: toast; property: "opacity"; to: 0; duration: 300 }
        }
        Connections {
            target: PosController
            function onInfoMessageChanged() {
                if (PosController.infoMessage.length > 0) {
                    toastText.text = PosController.infoMessage
                    toastAnim.restart()
                }
            }
        }
    }
}
