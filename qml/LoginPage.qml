import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import OcopPos.Backend

// Who is selling: tap your tile, type your PIN.
Item {
    id: page
    objectName: "loginPage"
    property string selectedId: ""
    property string selectedName: ""

    Component.onCompleted: {
        const users = PosController.users
        for (let i = 0; i < users.length; ++i)
            if (!users[i].manager) { selectedId = users[i].id; selectedName = users[i].name; break }
        pinPad.forceActiveFocus()
    }

    RowLayout {
        anchors { fill: parent; margins: page.width < 1200 ? Theme.margin : 2 * Theme.margin }
        spacing: page.width < 1200 ? Theme.margin : 2 * Theme.margin

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacing

            Text {
                text: qsTr("Who is selling?")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontHuge
                font.bold: true
                color: Theme.text
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("Tap your name, then enter your PIN.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontLarge
                color: Theme.textMuted
                wrapMode: Text.Wrap
            }

            GridView {
                id: users
                objectName: "userGrid"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.topMargin: Theme.spacing
                clip: true
                model: PosController.users
                readonly property int columns: Math.max(1, Math.floor(width / 320))
                cellWidth: Math.floor(width / columns)
                cellHeight: 120
                delegate: Item {
                    width: users.cellWidth
                    height: users.cellHeight
                    Rectangle {
                        objectName: "userTile_" + modelData.id
                        anchors { fill: parent; margins: 6 }
                        radius: Theme.radius * 1.5
                        readonly property bool selected: page.selectedId === modelData.id
                        color: selected ? Theme.primaryLight : Theme.surface
                        border.color: selected ? Theme.primary : Theme.border
                        border.width: selected ? 3 : 1

                        RowLayout {
                            anchors { fill: parent; margins: Theme.margin }
                            spacing: Theme.spacing
                            Rectangle {
                                Layout.preferredWidth: 60; Layout.preferredHeight: 60; radius: 30
                                color: modelData.manager ? Theme.accent : Theme.primary
                                Text {
                                    anchors.centerIn: parent
                                    text: modelData.initial
                                    font.family: Theme.fontFamily; font.pixelSize: 28; font.bold: true
                                    color: "white"
                                }
                            }
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 2
                                Text {
                                    Layout.fillWidth: true
                                    text: modelData.name
                                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge; font.bold: true
                                    color: Theme.text
                                    elide: Text.ElideRight
                                }
                                Text {
                                    text: modelData.manager ? qsTr("Manager") : qsTr("Cashier")
                                    font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                                    color: Theme.textMuted
                                }
                            }
                        }
                        TapHandler {
                            onTapped: {
                                page.selectedId = modelData.id
                                page.selectedName = modelData.name
                                PosController.clearError()
                                pinPad.pin = ""
                                pinPad.forceActiveFocus()
                            }
                        }
                    }
                }
            }
        }

        PinPad {
            id: pinPad
            objectName: "pinPad"
            Layout.alignment: Qt.AlignVCenter
            Layout.preferredWidth: page.width < 1200 ? 330 : 380
            Layout.maximumHeight: page.height - 2 * Theme.margin
            title: page.selectedName.length ? page.selectedName : qsTr("Choose a user")
            okText: qsTr("Log in")
            onAccepted: (pin) => {
                if (page.selectedId.length)
                    PosController.login(page.selectedId, pin)
            }
        }
    }
}
