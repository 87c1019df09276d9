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
    property string firstSaleNo: ""

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
        // Views create their delegates on the next polish: wait for it.
        tryVerify(function() { return findChild(shell, name) !== null }, 3000, "no item named " + name)
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

    // Every control of the pay screen on screen, out of the bottom action
    // row's way and at least 48 px, at the smallest, a common and the
    // largest supported size.
    function checkPayLayout(method) {
        const sizes = [[1024, 600], [1280, 800], [1920, 1080]]
        let names = ["method_cash", "method_bank_transfer", "method_card", "method_ewallet",
                     "amountField", "addPaymentButton", "numKey_0", "numKey_7", "numKey_back", "numKey_000"]
        if (method === "cash") {
            names.push("exactButton")
            const notes = PosController.quickCash
            for (let i = 0; i < notes.length; ++i)
                names.push("quickCash_" + notes[i].value)
        } else {
            names.push("referenceField")
        }
        for (const size of sizes) {
            shell.width = size[0]
            shell.height = size[1]
            const complete = find("completeButton")
            const back = find("backToCart")
            // Layouts settle on the next polish.
            tryVerify(function() {
                return Math.abs(complete.mapToItem(shell, 0, 0).y + complete.height - (size[1] - 16)) < 1
            }, 3000, "bottom row not at the bottom at " + size)
            const actionsTop = complete.mapToItem(shell, 0, 0).y
            for (const bottomItem of [complete, back]) {
                verify(bottomItem.visible)
                verify(bottomItem.height >= 48)
            }
            for (const n of names) {
                const item = find(n)
                function fits() {
                    const p = item.mapToItem(shell, 0, 0)
                    return item.visible && p.x >= 0 && p.x + item.width <= size[0] + 0.5
                           && p.y >= 60 && p.y + item.height <= actionsTop - 4
                           && item.height >= 48 && item.width >= 48
                }
                // Inner layouts may settle a frame later than the outer ones.
                tryVerify(fits, 2000, n + " at " + size + ": " + JSON.stringify(item.mapToItem(shell, 0, 0))
                          + " " + item.width + "x" + item.height + ", visible " + item.visible
                          + ", bottom row at " + actionsTop)
            }
            const method = find("method_cash")
            verify(method.height >= 72 && method.height <= 88, "method buttons are " + method.height + " px high at " + size)
        }
        shell.width = 1280
        shell.height = 800
    }

    function payments() { return PosController.payments }

    function test_6_pay_split_card_and_cash() {
        tap("payButton")
        tryCompare(PosController, "screen", "pay")
        verify(!find("completeButton").enabled)
        checkPayLayout("cash")
        const total = PosController.amountDue
        verify(total > 100000)

        // Card for 100.000 ₫: the amount and the slip number typed on the pad.
        tap("method_card")
        const amount = find("amountField")
        compare(amount.value, total) // what is due, by default
        checkPayLayout("card")
        mouseClick(amount)
        tap("numKey_clear")
        for (const k of ["1", "00", "000"])
            tap("numKey_" + k)
        compare(amount.value, 100000)
        const reference = find("referenceField")
        mouseClick(reference)
        for (const k of ["0", "0", "4", "2"])
            tap("numKey_" + k)
        tap("numKey_back")
        tap("numKey_7")
        compare(reference.text, "0047")
        tap("addPaymentButton")
        tryCompare(payments(), "count", 1)
        compare(PosController.amountDue, total - 100000)
        compare(amount.value, total - 100000) // the rest, ready for the next method
        compare(reference.text, "")
        const list = find("paymentList")
        tryVerify(function() { return list.itemAtIndex(0) !== null })

        // A card can never be more than what is due.
        amount.text = String(total)
        reference.text = "9999"
        tap("addPaymentButton")
        tryVerify(function() { return PosController.errorMessage.length > 0 })
        compare(payments().count, 1)
        PosController.clearError()

        // An e-wallet payment added by mistake, then taken back.
        tap("method_ewallet")
        reference.text = "MOMO 8812"
        tap("addPaymentButton")
        tryCompare(payments(), "count", 2)
        compare(PosController.amountDue, 0)
        tap("removePayment_1")
        tryCompare(payments(), "count", 1)
        compare(PosController.amountDue, total - 100000)

        // The rest in cash: one note too many gives change.
        tap("method_cash")
        compare(amount.text, "")
        while (PosController.amountDue > 0)
            tap("quickCash_500000")
        tryVerify(function() { return PosController.canComplete })
        compare(payments().count, 2) // card, then the notes on one cash line
        const paidCash = Math.ceil((total - 100000) / 500000) * 500000
        compare(PosController.change, paidCash - (total - 100000))
        const change = PosController.change
        tap("completeButton")
        tryCompare(PosController, "screen", "receipt")
        verify(PosController.receiptNo.length > 0)
        compare(PosController.receiptChangeText, PosController.formatMoney(change))
        const image = find("receiptImage")
        tryCompare(image, "status", Image.Ready)
        verify(image.implicitHeight > 300)
        compare(PosController.itemCount, 0)
        tc.firstSaleNo = PosController.receiptNo
    }

    function test_6b_quick_cash_and_exact() {
        // A second, cash-only sale: a note, then "exact" for the rest.
        tap("newSaleButton")
        tryCompare(PosController, "screen", "sell")
        tap("productTile_3")
        tryCompare(PosController, "itemCount", 1)
        tap("payButton")
        tryCompare(PosController, "screen", "pay")
        const total = PosController.amountDue
        tap("quickCash_10000")
        compare(PosController.amountDue, Math.max(0, total - 10000))
        if (PosController.amountDue > 0)
            tap("exactButton")
        tryVerify(function() { return PosController.canComplete })
        compare(PosController.change, 0)
        // Typed on the pad: an amount never starts with a zero.
        tap("method_cash")
        const amount = find("amountField")
        tap("numKey_0")
        compare(amount.text, "")
        tap("numKey_5")
        tap("numKey_000")
        compare(amount.value, 5000)
        tap("numKey_clear")
        compare(amount.text, "")
        tap("completeButton")
        tryCompare(PosController, "screen", "receipt")
        tap("newSaleButton")
        tryCompare(PosController, "screen", "sell")
        // Back to the first sale's receipt for the return that follows.
        verify(PosController.showReceipt(tc.firstSaleNo, false))
        tryCompare(PosController, "screen", "receipt")
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
        tap("refund_cash")
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
        compare(PosController.zReport.salesCount, 2)
        // Payments by method: cash, bank transfer, card, e-wallet.
        compare(PosController.zReport.methods[2].sales, PosController.formatMoney(100000))
        compare(PosController.zReport.methods[3].sales, PosController.formatMoney(0))
        compare(PosController.zReport.returnsCount, 1)
        tap("zDone")
        tryCompare(PosController, "screen", "login")
    }

    function test_9_sync_indicator_and_panel() {
        // A demo terminal is not enrolled: the top bar says so at a glance
        // and the panel explains how to enrol.
        const text = find("syncIndicatorText")
        verify(text.visible)
        compare(SyncStatus.state, "unenrolled")
        compare(text.text, "Chưa kết nối máy chủ")
        const indicator = find("syncIndicator")
        verify(indicator.height >= 48)
        const panel = find("syncPanel")
        verify(!panel.opened)
        mouseClick(indicator)
        tryCompare(panel, "opened", true)
        verify(SyncStatus.panelOpen)
        const command = findChild(panel.contentItem, "enrolCommand")
        verify(command.visible)
        verify(command.text.indexOf("ocop enroll") === 0)
        const syncNow = findChild(panel.contentItem, "syncNowButton")
        verify(syncNow.visible)
        verify(!syncNow.enabled)
        verify(SyncStatus.pending > 0) // the day's sales wait for a server
        mouseClick(findChild(panel.contentItem, "syncPanelClose"))
        tryCompare(panel, "opened", false)
        verify(!SyncStatus.panelOpen)

        // The clock is Vietnam time (UTC+7) whatever the machine's zone.
        const clock = find("clock")
        function vietnamHHmm(ms) {
            const vn = new Date(ms + 7 * 3600 * 1000)
            return String(vn.getUTCHours()).padStart(2, "0") + ":" + String(vn.getUTCMinutes()).padStart(2, "0")
        }
        const now = Date.now()
        const allowed = [vietnamHHmm(now - 60000), vietnamHHmm(now), vietnamHHmm(now + 60000)]
        verify(allowed.indexOf(clock.text) >= 0, clock.text + " is not Vietnam time " + allowed[1])
    }
}
