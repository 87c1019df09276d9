import QtQuick
import QtQuick.Layouts

// One product in the grid: group colour strip, name, code, price, OCOP stars.
// Tapping adds one to the cart.
Rectangle {
    id: tile
    property string code
    property string name
    property string priceText
    property string unit
    property string gtin
    property int stars: 3
    property bool potentialFiveStar: false
    property int group: 1
    property int nameSize: Theme.fontBody
    signal tapped()

    radius: Theme.radius
    color: tap.pressed ? Theme.primaryLight : Theme.surface
    border.color: tap.pressed ? Theme.primary : Theme.border
    border.width: 1
    clip: true

    Rectangle {
        id: strip
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: 6
        color: Theme.groupColor(tile.group)
        radius: Theme.radius
        Rectangle { anchors { left: parent.left; right: parent.right; bottom: parent.bottom } height: 3; color: parent.color }
    }

    ColumnLayout {
        anchors { fill: parent; leftMargin: 12; rightMargin: 10; topMargin: 14; bottomMargin: 10 }
        spacing: 4
        RowLayout {
            Layout.fillWidth: true
            spacing: 6
            Text {
                Layout.fillWidth: true
                text: tile.code
                font.family: Theme.fontFamily
                font.pixelSize: 12
                color: Theme.textMuted
                elide: Text.ElideRight
            }
            StarBadge {
                stars: tile.stars
                potential: tile.potentialFiveStar
                compact: true
            }
        }
        Text {
            Layout.fillWidth: true
            Layout.fillHeight: true
            text: tile.name
            font.family: Theme.fontFamily
            font.pixelSize: tile.nameSize
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
            verticalAlignment: Text.AlignTop
            lineHeight: 0.95
        }
        RowLayout {
            Layout.fillWidth: true
            Text {
                text: tile.priceText
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.primaryDark
            }
            Text {
                Layout.fillWidth: true
                text: "/ " + tile.unit
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
                elide: Text.ElideRight
            }
        }
    }

    TapHandler {
        id: tap
        onTapped: tile.tapped()
    }
}
