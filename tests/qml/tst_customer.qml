import QtQuick
import QtTest
import OcopPos
import OcopPos.Backend

// The customer display: the VietQR code while the payment screen shows one,
// the welcome line otherwise.
TestCase {
    id: tc
    name: "CustomerView"
    visible: true
    when: windowShown
    width: 800
    height: 480

    Component {
        id: viewComponent
        CustomerView { width: 800; height: 480 }
    }

    function test_qr_follows_the_payment_screen() {
        const view = createTemporaryObject(viewComponent, tc)
        verify(view !== null)
        const before = PosController.customerQrAmount
        PosController.customerQrAmount = 125000
        const qr = findChild(view, "customerQr")
        tryCompare(qr, "visible", true)
        tryCompare(qr, "status", Image.Ready)
        verify(qr.width >= 200, "the code is large: " + qr.width)
        verify(findChild(view, "customerCaption").text.indexOf("125.000") >= 0)
        PosController.customerQrAmount = 0
        tryCompare(qr, "visible", false)
        PosController.customerQrAmount = before
    }
}
