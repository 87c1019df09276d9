import QtQuick
import QtTest
import OcopPos
import OcopPos.Backend

// A cashier's day through the real screens: log in (wrong PIN, then right),
// open a shift, sell by tapping and by scanning, a discount approved by a
// manager, pay cash with change, see the receipt, return one line, close the
// shift. Functions run in name order and share the one terminal.
TestCase {
    id: tc
    name: "Flows"
    visible: true
    when: windowShown
    width: 1280
    height: 800

    property var shell: null

    Component {
        id: shellComponent
        PosShell { width: 1280; height: 800 }
    }

    function initTestCase() {
        shell = shellComponent.createObject(tc)
        verify(shell !== null)
        PosController.language = "vi"
    }

    function cleanupTestCase() {
        if (shell)
            shell.destroy()
    }

    function find(name) {
        const item = findChild(shell, name)
        verify(item !== null, "no item named " + name)
        return item
    }

    function tap(name) {
        const item = find(name)
        tryVerify(function() { return item.visible && item.enabled }, 3000, name + " is not tappable")
        mouseClick(item)
    }

    function typePin(pin) {
        for (let i = 0; i < pin.length; ++i)
            tap("pinKey_" + pin[i])
        tap("pinOk")
    }

    function test_1_login_wrong_then_right_pin() {
        compare(PosController.screen, "login")
        tap("userTile_U001")
        typePin("1234")
        tryVerify(function() { return PosController.errorMessage.length > 0 })
        verify(!PosController.loggedIn)
        verify(find("errorBanner").visible)
        typePin("1111")
        tryCompare(PosController, "loggedIn", true)
        compare(PosController.userId, "U001")
        compare(PosController.errorMessage, "")
        tryCompare(PosController, "screen", "shift")
    }

    function test_2_open_shift() {
        const field = find("floatField")
        field.text = "500000"
        tap("openShiftButton")
        tryCompare(PosController, "screen", "sell")
        verify(PosController.shiftOpen)
    }

    function test_3_add_by_tapping() {
        const grid = find("productGrid")
        tryVerify(function() { return grid.count > 3 })
        tap("productTile_0")
        tryCompare(PosController, "itemCount", 1)
        tap("productTile_1")
        tryCompare(PosController, "itemCount", 2)
        compare(find("cartList").count, 2)
        tap("plus_0")
        tryCompare(PosController, "itemCount", 3)
        tap("minus_0")
        tryCompare(PosController, "itemCount", 2)
    }

    function test_4_add_by_scanning_keeps_search_clean() {
        const search = find("searchField")
        search.forceActiveFocus()
        const tile = find("productTile_2")
        const code = tile.gtin.length > 0 ? tile.gtin : tile.code
        verify(code.length >= 6)
        // A wedge scanner types the code within milliseconds and ends with Enter.
        for (let i = 0; i < code.length; ++i)
            keyClick(code[i])
        keyClick(Qt.Key_Return)
        tryCompare(PosController, "itemCount", 3)
        compare(find("cartList").count, 3)
        wait(150) // longer than the scanner window: nothing may trickle in late
        compare(search.text, "")

        // A person typing in the search box is not a scan: the text arrives.
        keyClick("t"); wait(90)
        keyClick("r"); wait(90)
        keyClick("a")
        tryCompare(search, "text", "tra")
        search.text = ""
        compare(PosController.itemCount, 3)
    }

    function test_5_discount_needs_manager_pin() {
        const dialog = find("discountDialog")
        tap("cartDiscountButton")
        tryCompare(dialog, "opened", true)
        findChild(dialog.contentItem, "discountValue").text = "20"
        tryCompare(dialog, "needsApproval", true)
        findChild(dialog.contentItem, "managerPin").text = "9999"
        mouseClick(findChild(dialog.contentItem, "discountApply"))
        tryCompare(dialog, "opened", false)
        verify(PosController.hasDiscount)
        compare(PosController.errorMessage, "")
    }

    function test_6_pay_cash_with_change_and_receipt() {
        tap("payButton")
        tryCompare(PosController, "screen", "pay")
        verify(!find("completeButton").enabled)
        while (PosController.amountDue > 0)
            tap("quickCash_500000")
        tryVerify(function() { return PosController.canComplete })
        verify(PosController.change >= 0)
        const change = PosController.change
        tap("completeButton")
        tryCompare(PosController, "screen", "receipt")
        verify(PosController.receiptNo.length > 0)
        compare(PosController.receiptChangeText, PosController.formatMoney(change))
        const image = find("receiptImage")
        tryCompare(image, "status", Image.Ready)
        verify(image.implicitHeight > 300)
        compare(PosController.itemCount, 0)
    }

    function test_7_return_one_line() {
        const saleNo = PosController.receiptNo
        tap("newSaleButton")
        tryCompare(PosController, "screen", "sell")
        tap("returnsButton")
        tryCompare(PosController, "screen", "return")
        find("returnReceiptField").text = saleNo
        tap("returnFind")
        tryVerify(function() { return find("returnLines").count === 3 })
        compare(PosController.returnReceiptNo, saleNo)
        tap("returnPlus_0")
        tryVerify(function() { return PosController.canReturn })
        tap("returnConfirm")
        tryCompare(PosController, "screen", "receipt")
        verify(PosController.receiptNo !== saleNo)
        compare(PosController.errorMessage, "")
    }

    function test_8_close_shift_z_report() {
        tap("closeShiftButton")
        tryCompare(PosController, "screen", "shiftclose")
        tap("denomPlus_500000")
        tap("denomPlus_500000")
        tap("confirmCloseShift")
        tryVerify(function() { return PosController.zReport.closed === true })
        verify(!PosController.shiftOpen)
        compare(PosController.zReport.salesCount, 1)
        compare(PosController.zReport.returnsCount, 1)
        tap("zDone")
        tryCompare(PosController, "screen", "login")
    }
}
