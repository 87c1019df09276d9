import QtQuick

// OCOP rating: a gold pill with the number of stars (3, 4 or 5) and a mark
// for "potential 5-star" products.
Rectangle {
    id: badge
    property int stars: 3
    property bool potential: false
    property bool compact: false

    implicitWidth: row.implicitWidth + 12
    implicitHeight: compact ? 22 : 26
    radius: height / 2
    color: stars >= 5 ? "#7A4E00" : "#FFF6D6"
    border.color: Theme.star
    border.width: 1

    Row {
        id: row
        anchors.centerIn: parent
        spacing: 2
        Text {
            text: badge.stars
            font.family: Theme.fontFamily
            font.pixelSize: badge.compact ? 13 : 15
            font.bold: true
            color: badge.stars >= 5 ? "#FFFFFF" : "#6B4A00"
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            text: "★"
            font.pixelSize: badge.compact ? 14 : 16
            color: Theme.star
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            visible: badge.potential
            text: "+"
            font.family: Theme.fontFamily
            font.pixelSize: badge.compact ? 13 : 15
            font.bold: true
            color: badge.stars >= 5 ? "#FFFFFF" : "#6B4A00"
            anchors.verticalCenter: parent.verticalCenter
        }
    }
}
