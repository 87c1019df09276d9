pragma Singleton
import QtQuick
import OcopPos.Backend

// Colours, sizes and fonts for every screen: one place to tune the look.
QtObject {
    // Brand: the deep green of rice fields, gold for OCOP stars.
    readonly property color primary: "#1E6B52"
    readonly property color primaryDark: "#134A38"
    readonly property color primaryLight: "#E3F1EB"
    readonly property color accent: "#E9A400"
    readonly property color star: "#F2B705"
    readonly property color background: "#EEF2F0"
    readonly property color surface: "#FFFFFF"
    readonly property color surfaceAlt: "#F7F9F8"
    readonly property color border: "#D5DDD9"
    readonly property color text: "#1B2420"
    readonly property color textMuted: "#5D6B65"
    readonly property color textOnPrimary: "#FFFFFF"
    readonly property color danger: "#C62828"
    readonly property color dangerLight: "#FDECEA"
    readonly property color success: "#2E7D32"
    readonly property color successLight: "#E8F5E9"
    readonly property color info: "#1565C0"
    readonly property color topBar: "#134A38"

    // One colour per Decision 148/2023 group (id 1..6), 0 = all.
    function groupColor(group) {
        switch (group) {
        case 1: return "#D9731A"   // food
        case 2: return "#1E7FC8"   // drinks
        case 3: return "#3E9A48"   // herbal
        case 4: return "#8B5E3C"   // handicraft
        case 5: return "#6E9B1E"   // ornamental plants
        case 6: return "#8E3FA8"   // community tourism
        }
        return primary
    }

    readonly property string fontFamily: PosController.fontFamily

    // Touch targets never below 48 px; the common ones bigger.
    readonly property int touchMin: 48
    readonly property int touch: 56
    readonly property int touchLarge: 72
    readonly property int radius: 10
    readonly property int spacing: 12
    readonly property int spacingSmall: 6
    readonly property int margin: 16

    readonly property int fontSmall: 14
    readonly property int fontBody: 17
    readonly property int fontLarge: 20
    readonly property int fontTitle: 24
    readonly property int fontHuge: 34
}
