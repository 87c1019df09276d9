import QtQuick
import QtTest
import QtMultimedia
import OcopPos
import OcopPos.Backend

// The camera panel on the sell screen: the toggle opens and closes it, it
// says so when there is no camera (as on a test machine), it flashes on a
// scan, its close button is a real touch target, and opening it does not
// take the keyboard focus a wedge scanner types into. The sell page is
// created on its own: the shared terminal's session is left alone.
TestCase {
    id: tc
    name: "CameraPanel"
    visible: true
    when: windowShown
    width: 1280
    height: 800

    property var page: null

    MediaDevices { id: devices }
    // The beep the panel plays (only where an audio output exists).
    SoundEffect { id: beepSound; source: "qrc:/OcopPos/sounds/beep.wav" }

    Component {
        id: pageComponent
        SellPage { width: 1280; height: 800 }
    }

    function init() {
        page = pageComponent.createObject(tc)
        verify(page !== null)
    }

    function cleanup() {
        page.destroy()
        page = null
        PosController.language = "vi"
    }

    function find(name) {
        tryVerify(function() { return findChild(page, name) !== null }, 3000, "no item named " + name)
        return findChild(page, name)
    }

    // Opens the panel and waits for the layout to give it its place.
    function openPanel() {
        mouseClick(find("cameraButton"))
        const panel = find("cameraPanel")
        tryVerify(function() { return panel.width > 300 && panel.height > 200 }, 3000, "panel laid out")
        return panel
    }

    function test_toggle_opens_and_closes_the_panel() {
        const loader = find("cameraLoader")
        verify(!loader.active)
        const button = find("cameraButton")
        verify(button.width >= 48 && button.height >= 48)
        const panel = openPanel()
        compare(loader.status, Loader.Ready)
        verify(panel.visible)
        mouseClick(button)
        tryCompare(loader, "active", false)
    }

    function test_no_camera_message_and_close_button() {
        const panel = openPanel()
        if (devices.videoInputs.length > 0)
            skip("this machine has a camera")
        verify(!panel.hasCamera)
        const message = find("cameraMessage")
        tryCompare(message, "text", "Không tìm thấy camera")
        verify(message.visible)
        PosController.language = "en"
        tryCompare(message, "text", "No camera found")
        const close = find("cameraClose")
        verify(close.width >= 48 && close.height >= 48, "close button " + close.width + "x" + close.height)
        mouseClick(close)
        tryCompare(find("cameraLoader"), "active", false)
    }

    function test_flash_on_scan() {
        openPanel()
        const flash = find("cameraFlash")
        compare(flash.opacity, 0)
        CameraScanner.scanSucceeded()
        tryVerify(function() { return flash.opacity > 0 }, 1000)
        tryCompare(flash, "opacity", 0, 2000)
    }

    // What the panel does with the camera's viewfinder: its sink feeds the scanner.
    Component {
        id: outputComponent
        VideoOutput { width: 320; height: 240 }
    }
    function test_viewfinder_sink_attaches_to_the_scanner() {
        const output = outputComponent.createObject(tc)
        verify(output.videoSink !== null)
        CameraScanner.videoSink = output.videoSink
        compare(CameraScanner.videoSink, output.videoSink)
        output.destroy()
        tryVerify(function() { return CameraScanner.videoSink === null }, 2000, "sink let go when the viewfinder goes")
    }

    function test_beep_is_shipped_and_decodes() {
        tryVerify(function() { return beepSound.status === SoundEffect.Ready || beepSound.status === SoundEffect.Error },
                  3000)
        compare(beepSound.status, SoundEffect.Ready)
    }

    function test_panel_leaves_the_keyboard_focus_alone() {
        const search = find("searchField")
        search.forceActiveFocus()
        verify(search.activeFocus)
        openPanel()
        verify(search.activeFocus, "the wedge scanner's keys still go where they went")
        mouseClick(find("cameraClose"))
        tryCompare(find("cameraLoader"), "active", false)
        verify(search.activeFocus)
    }
}
