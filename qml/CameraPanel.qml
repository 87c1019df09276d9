import QtQuick
import QtQuick.Controls.Basic
import QtMultimedia
import OcopPos.Backend

// The camera viewfinder on the sell screen: the default camera's picture,
// the region the scanner reads drawn as a frame, a green flash and a beep
// when a code is read (CameraScanner hands it to the cart like the wedge
// scanner does). Nothing here takes keyboard focus, so a wedge scanner keeps
// working while the panel is open. Without a camera it says so.
Rectangle {
    id: panel
    objectName: "cameraPanel"
    signal closeRequested()

    readonly property bool hasCamera: devices.videoInputs.length > 0
    readonly property string cameraError: viewfinder.item ? viewfinder.item.errorText : ""

    color: "#101614"
    radius: Theme.radius
    clip: true

    MediaDevices { id: devices }

    // Created only when there is a camera: no capture session otherwise.
    Loader {
        id: viewfinder
        objectName: "cameraViewfinder"
        anchors.fill: parent
        active: panel.hasCamera
        sourceComponent: Item {
            readonly property string errorText: camera.error === Camera.NoError ? "" : camera.errorString

            Camera {
                id: camera
                cameraDevice: devices.defaultVideoInput
                active: true
            }
            CaptureSession {
                camera: camera
                videoOutput: output
            }
            VideoOutput {
                id: output
                anchors.fill: parent
                fillMode: VideoOutput.PreserveAspectFit
            }

            // The region of interest, on the picture as shown.
            Rectangle {
                objectName: "cameraRegion"
                readonly property rect roi: CameraScanner.regionOfInterest
                readonly property rect area: output.contentRect.width > 0 ? output.contentRect
                                                                          : Qt.rect(0, 0, output.width, output.height)
                readonly property bool whole: roi.width <= 0 || roi.height <= 0
                x: area.x + (whole ? 0 : roi.x) * area.width
                y: area.y + (whole ? 0 : roi.y) * area.height
                width: (whole ? 1 : roi.width) * area.width
                height: (whole ? 1 : roi.height) * area.height
                color: "transparent"
                radius: 8
                border.width: 3
                border.color: flash.opacity > 0 ? Theme.success : "#FFFFFF"
            }

            Component.onCompleted: {
                CameraScanner.videoSink = output.videoSink
                CameraScanner.active = true
            }
            Component.onDestruction: {
                CameraScanner.active = false
                if (CameraScanner.videoSink === output.videoSink)
                    CameraScanner.videoSink = null
            }
        }
    }

    // Success: a green flash over the picture and a short beep.
    Rectangle {
        id: flash
        objectName: "cameraFlash"
        anchors.fill: parent
        radius: panel.radius
        color: Theme.success
        opacity: 0
        NumberAnimation on opacity {
            id: flashAnimation
            running: false
            from: 0.55
            to: 0
            duration: 350
            easing.type: Easing.OutQuad
        }
    }
    // Only where there is somewhere to play it (none on a headless test box).
    Loader {
        id: beep
        active: devices.audioOutputs.length > 0
        sourceComponent: SoundEffect {
            source: "sounds/beep.wav"
            volume: 0.8
        }
    }
    Connections {
        target: CameraScanner
        function onScanSucceeded() {
            flashAnimation.restart()
            if (beep.item)
                beep.item.play()
        }
    }

    // No camera, or the camera failed.
    Column {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        spacing: Theme.spacingSmall
        visible: !panel.hasCamera || panel.cameraError.length > 0
        Text {
            objectName: "cameraMessage"
            width: parent.width
            text: !panel.hasCamera ? qsTr("No camera found") : qsTr("Camera error: %1").arg(panel.cameraError)
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            color: "#FFFFFF"
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontLarge
            font.bold: true
        }
        Text {
            width: parent.width
            visible: !panel.hasCamera
            text: qsTr("Connect a camera, or scan with the barcode scanner.")
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            color: "#C9D2CE"
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
        }
    }

    // Caption: what to do, then what was read.
    Rectangle {
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: caption.implicitHeight + 2 * Theme.spacingSmall
        visible: panel.hasCamera && panel.cameraError.length === 0
        color: "#99000000"
        Text {
            id: caption
            objectName: "cameraCaption"
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                      leftMargin: Theme.margin; rightMargin: Theme.margin }
            text: CameraScanner.lastCode.length > 0 ? qsTr("Scanned: %1").arg(CameraScanner.lastCode)
                                                    : qsTr("Hold the barcode inside the frame")
            elide: Text.ElideRight
            color: "#FFFFFF"
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
        }
    }

    PosButton {
        objectName: "cameraClose"
        anchors { top: parent.top; right: parent.right; margins: Theme.spacingSmall }
        implicitWidth: Theme.touchMin
        implicitHeight: Theme.touchMin
        kind: "secondary"
        text: "✕"
        Accessible.name: qsTr("Close camera")
        onClicked: panel.closeRequested()
    }
}
