<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi">
<context>
    <name>CameraPanel</name>
    <message>
        <source>No camera found</source>
        <translation>Không tìm thấy camera</translation>
    </message>
    <message>
        <source>Camera error: %1</source>
        <translation>Lỗi camera: %1</translation>
    </message>
    <message>
        <source>Connect a camera, or scan with the barcode scanner.</source>
        <translation>Hãy kết nối camera, hoặc quét bằng máy quét mã vạch.</translation>
    </message>
    <message>
        <source>Scanned: %1</source>
        <translation>Đã quét: %1</translation>
    </message>
    <message>
        <source>Hold the barcode inside the frame</source>
        <translation>Đưa mã vạch vào trong khung</translation>
    </message>
    <message>
        <source>Close camera</source>
        <translation>Đóng camera</translation>
    </message>
</context>
<context>
    <name>CartLineDelegate</name>
    <message>
        <source>Discount %1</source>
        <translation>Giảm giá %1</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <source>Discount on the whole sale</source>
        <translation>Giảm giá cho cả đơn hàng</translation>
    </message>
    <message>
        <source>Discount on %1</source>
        <translation>Giảm giá cho %1</translation>
    </message>
    <message>
        <source>Percent (%)</source>
        <translation>Phần trăm (%)</translation>
    </message>
    <message>
        <source>Amount (₫)</source>
        <translation>Số tiền (₫)</translation>
    </message>
    <message>
        <source>e.g. 5</source>
        <translation>ví dụ 5</translation>
    </message>
    <message>
        <source>e.g. 20000</source>
        <translation>ví dụ 20000</translation>
    </message>
    <message>
        <source>Discounts above %1% need a manager&apos;s PIN.</source>
        <translation>Giảm giá trên %1% cần mã PIN của quản lý.</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>Mã PIN quản lý</translation>
    </message>
    <message>
        <source>Remove discount</source>
        <translation>Bỏ giảm giá</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Who is selling?</source>
        <translation>Ai đang bán hàng?</translation>
    </message>
    <message>
        <source>Tap your name, then enter your PIN.</source>
        <translation>Chạm vào tên của bạn rồi nhập mã PIN.</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Quản lý</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <source>Choose a user</source>
        <translation>Chọn người dùng</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
</context>
<context>
    <name>CustomerView</name>
    <message>
        <source>Welcome to the OCOP showroom</source>
        <translation>Chào mừng quý khách đến điểm bán sản phẩm OCOP</translation>
    </message>
    <message>
        <source>Scan to pay %1 by bank transfer</source>
        <translation>Quét mã để chuyển khoản %1</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n sản phẩm</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>OCOP POS — customer display</source>
        <translation>OCOP POS — màn hình khách hàng</translation>
    </message>
    <message>
        <source>OCOP POS</source>
        <translation>Bán hàng OCOP</translation>
    </message>
</context>
<context>
    <name>PaymentPage</name>
    <message>
        <source>Cash</source>
        <translation>Tiền mặt</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>Chuyển khoản</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Thẻ</translation>
    </message>
    <message>
        <source>E-wallet</source>
        <translation>Ví điện tử</translation>
    </message>
    <message>
        <source>Amount to pay</source>
        <translation>Số tiền cần thanh toán</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n sản phẩm</numerusform>
        </translation>
    </message>
    <message>
        <source>VAT included %1</source>
        <translation>Đã gồm VAT %1</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Các khoản thanh toán</translation>
    </message>
    <message>
        <source>Ref. %1</source>
        <translation>Mã GD %1</translation>
    </message>
    <message>
        <source>No payment yet</source>
        <translation>Chưa có khoản thanh toán nào</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Đã trả</translation>
    </message>
    <message>
        <source>Still due</source>
        <translation>Còn thiếu</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Tiền thừa</translation>
    </message>
    <message>
        <source>Exact amount</source>
        <translation>Đủ tiền</translation>
    </message>
    <message>
        <source>Other amount</source>
        <translation>Số tiền khác</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <source>Card slip number</source>
        <translation>Số hóa đơn thẻ</translation>
    </message>
    <message>
        <source>Transfer reference</source>
        <translation>Mã giao dịch chuyển khoản</translation>
    </message>
    <message>
        <source>E-wallet transaction ID</source>
        <translation>Mã giao dịch ví điện tử</translation>
    </message>
    <message>
        <source>Back to cart</source>
        <translation>Quay lại giỏ hàng</translation>
    </message>
    <message>
        <source>Complete sale</source>
        <translation>Hoàn tất bán hàng</translation>
    </message>
    <message>
        <source>Still due %1</source>
        <translation>Còn thiếu %1</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>Tap the notes the customer hands over; they add up.</source>
        <translation>Chạm vào tờ tiền khách đưa; số tiền được cộng dồn.</translation>
    </message>
    <message>
        <source>Check the money arrived, then type the reference from the slip or the app.</source>
        <translation>Kiểm tra tiền đã về, rồi nhập mã giao dịch trên hóa đơn thẻ hoặc ứng dụng.</translation>
    </message>
    <message>
        <source>VietQR transfer</source>
        <translation>Chuyển khoản VietQR</translation>
    </message>
    <message>
        <source>The customer scans this with a banking app.</source>
        <translation>Khách quét mã này bằng ứng dụng ngân hàng.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>ReceiptPage</name>
    <message>
        <source>Change to give</source>
        <translation>Tiền thừa trả khách</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>In hóa đơn</translation>
    </message>
    <message>
        <source>New sale</source>
        <translation>Đơn hàng mới</translation>
    </message>
    <message>
        <source>Recent receipts</source>
        <translation>Hóa đơn gần đây</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>In lại</translation>
    </message>
</context>
<context>
    <name>ReturnPage</name>
    <message>
        <source>Return goods</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <source>Receipt number, e.g. HK01-T1-000123 (or scan it)</source>
        <translation>Số hóa đơn, ví dụ HK01-T1-000123 (hoặc quét mã)</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Tìm</translation>
    </message>
    <message>
        <source>Receipt %1</source>
        <translation>Hóa đơn %1</translation>
    </message>
    <message>
        <source>Return everything</source>
        <translation>Trả tất cả</translation>
    </message>
    <message>
        <source>Scan the barcode on the receipt or type its number.</source>
        <translation>Quét mã vạch trên hóa đơn hoặc nhập số hóa đơn.</translation>
    </message>
    <message>
        <source>Refund by</source>
        <translation>Hoàn tiền bằng</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Tiền mặt</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>Chuyển khoản</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Thẻ</translation>
    </message>
    <message>
        <source>E-wallet</source>
        <translation>Ví điện tử</translation>
    </message>
    <message>
        <source>Reason (optional)</source>
        <translation>Lý do (không bắt buộc)</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Hoàn tiền</translation>
    </message>
    <message>
        <source>Back to selling</source>
        <translation>Quay lại bán hàng</translation>
    </message>
    <message>
        <source>Refund %1</source>
        <translation>Hoàn tiền %1</translation>
    </message>
    <message>
        <source>Sold %1 · unit price %2 · can return %3</source>
        <translation>Đã bán %1 · đơn giá %2 · còn trả được %3</translation>
    </message>
</context>
<context>
    <name>SellPage</name>
    <message>
        <source>Scan with the camera</source>
        <translation>Quét bằng camera</translation>
    </message>
    <message>
        <source>Search by name or code (with or without accents)…</source>
        <translation>Tìm theo tên hoặc mã (có dấu hay không dấu)…</translation>
    </message>
    <message>
        <source>No products match “%1”</source>
        <translation>Không có sản phẩm nào khớp “%1”</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>Giỏ hàng</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n sản phẩm</numerusform>
        </translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Xóa hết</translation>
    </message>
    <message>
        <source>The cart is empty</source>
        <translation>Giỏ hàng trống</translation>
    </message>
    <message>
        <source>Scan a barcode or tap a product.</source>
        <translation>Quét mã vạch hoặc chạm vào sản phẩm.</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Tạm tính</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Giảm giá</translation>
    </message>
    <message>
        <source>VAT included</source>
        <translation>Đã gồm VAT</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Thanh toán</translation>
    </message>
</context>
<context>
    <name>ShiftPage</name>
    <message>
        <source>Open shift</source>
        <translation>Mở ca</translation>
    </message>
    <message>
        <source>%1, count the cash in the drawer and enter the opening float.</source>
        <translation>%1, hãy đếm tiền trong két và nhập tiền quỹ đầu ca.</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>Tiền quỹ đầu ca</translation>
    </message>
    <message>
        <source>Open shift with %1</source>
        <translation>Mở ca với %1</translation>
    </message>
    <message>
        <source>Count the cash drawer</source>
        <translation>Kiểm đếm tiền trong két</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>Đóng ca</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>từ %1</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Doanh thu</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>Tiền mặt dự kiến</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Tiền đếm được</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Chênh lệch</translation>
    </message>
    <message>
        <source>Back to selling</source>
        <translation>Quay lại bán hàng</translation>
    </message>
    <message>
        <source>Z report — shift closed</source>
        <translation>Báo cáo Z — đã đóng ca</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>Giảm giá</translation>
    </message>
    <message>
        <source>VAT included</source>
        <translation>Đã gồm VAT</translation>
    </message>
    <message>
        <source>Close shift · Z report</source>
        <translation>Đóng ca · Báo cáo Z</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>Not connected to a central server</source>
        <translation>Chưa kết nối máy chủ trung tâm</translation>
    </message>
    <message>
        <source>Everything is sent to the centre</source>
        <translation>Đã gửi hết dữ liệu về trung tâm</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) waiting to be sent</source>
        <translation>
            <numerusform>%n giao dịch đang chờ gửi</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline: the centre cannot be reached</source>
        <translation>Ngoại tuyến: không kết nối được máy chủ</translation>
    </message>
    <message numerus="yes">
        <source>The centre refused %n event(s)</source>
        <translation>
            <numerusform>Máy chủ đã từ chối %n giao dịch</numerusform>
        </translation>
    </message>
    <message>
        <source>This terminal&apos;s clock is wrong</source>
        <translation>Đồng hồ của máy bán hàng bị sai</translation>
    </message>
    <message>
        <source>The centre refused this terminal</source>
        <translation>Máy chủ từ chối máy bán hàng này</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>Bán hàng</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <source>Shift opened</source>
        <translation>Mở ca</translation>
    </message>
    <message>
        <source>Shift closed</source>
        <translation>Đóng ca</translation>
    </message>
    <message>
        <source>Stock movement</source>
        <translation>Nhập xuất kho</translation>
    </message>
    <message>
        <source>Cart cleared</source>
        <translation>Hủy giỏ hàng</translation>
    </message>
    <message>
        <source>Matches the centre</source>
        <translation>Khớp với máy chủ</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) behind the centre: set the date and time</source>
        <translation>
            <numerusform>Chậm %n phút so với máy chủ: hãy chỉnh ngày giờ</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ahead of the centre: set the date and time</source>
        <translation>
            <numerusform>Nhanh %n phút so với máy chủ: hãy chỉnh ngày giờ</numerusform>
        </translation>
    </message>
    <message>
        <source>Selling works as usual: every sale is kept on this terminal and will be sent once it is connected.</source>
        <translation>Bán hàng vẫn bình thường: mọi giao dịch được lưu trên máy này và sẽ được gửi đi khi đã kết nối.</translation>
    </message>
    <message>
        <source>To connect it, a manager gets a one-time enrolment code from the central server and runs on this terminal:</source>
        <translation>Để kết nối, quản lý lấy mã đăng ký dùng một lần từ máy chủ trung tâm rồi chạy lệnh sau trên máy này:</translation>
    </message>
    <message>
        <source>For example: ocop enroll https://ocop.hanoi.gov.vn 7KQ2-M4XD. The terminal starts syncing by itself within a minute.</source>
        <translation>Ví dụ: ocop enroll https://ocop.hanoi.gov.vn 7KQ2-M4XD. Máy sẽ tự bắt đầu đồng bộ trong vòng một phút.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Kết nối</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>Chưa kiểm tra</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Ngoại tuyến</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Đồng bộ gần nhất</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Chưa lần nào</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Chờ gửi</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n giao dịch</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Đồng hồ</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Lỗi gần nhất</translation>
    </message>
    <message>
        <source>Refused by the centre (kept here, not lost)</source>
        <translation>Bị máy chủ từ chối (vẫn lưu trên máy, không mất)</translation>
    </message>
    <message>
        <source>Refused by the centre</source>
        <translation>Bị máy chủ từ chối</translation>
    </message>
    <message>
        <source>None: the centre accepted everything it received.</source>
        <translation>Không có: máy chủ đã nhận mọi giao dịch được gửi.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Đang đồng bộ…</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Đồng bộ ngay</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>Returns</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>Đóng ca</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Not connected to a server</source>
        <translation>Chưa kết nối máy chủ</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Đã đồng bộ</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n chờ gửi</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Ngoại tuyến</translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n bị từ chối</numerusform>
        </translation>
    </message>
    <message>
        <source>Clock is off</source>
        <translation>Lệch giờ máy</translation>
    </message>
    <message>
        <source>Sync refused</source>
        <translation>Máy chủ từ chối</translation>
    </message>
</context>
<context>
    <name>TracePanel</name>
    <message>
        <source>Valid</source>
        <translation>Còn hiệu lực</translation>
    </message>
    <message>
        <source>Expires today</source>
        <translation>Hết hạn hôm nay</translation>
    </message>
    <message numerus="yes">
        <source>Expires in %n day(s)</source>
        <translation>
            <numerusform>Còn %n ngày là hết hạn</numerusform>
        </translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Đã hết hạn</translation>
    </message>
    <message>
        <source>Not stated</source>
        <translation>Không ghi</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 / %4</source>
        <translation>%1 · %2 · %3 / %4</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>Chủ thể sản xuất</translation>
    </message>
    <message>
        <source>Not in the catalog</source>
        <translation>Không có trong danh mục</translation>
    </message>
    <message>
        <source>OCOP certificate</source>
        <translation>Giấy chứng nhận OCOP</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>Cơ quan cấp</translation>
    </message>
    <message>
        <source>Validity</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 đến %2</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <source>Lot on this pack</source>
        <translation>Lô hàng trên bao bì</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Số lô</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>Ngày sản xuất</translation>
    </message>
    <message>
        <source>Best before</source>
        <translation>Sử dụng tốt nhất trước</translation>
    </message>
    <message>
        <source>Use by</source>
        <translation>Hạn sử dụng</translation>
    </message>
    <message>
        <source>%1 (end of month)</source>
        <translation>%1 (cuối tháng)</translation>
    </message>
    <message>
        <source>This lot is past its date. It can be sold only with a manager's approval, which is logged.</source>
        <translation>Lô hàng này đã quá hạn. Chỉ được bán khi quản lý duyệt, việc duyệt được ghi lại.</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>PIN quản lý</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Approve and add</source>
        <translation>Duyệt và thêm vào đơn</translation>
    </message>
    <message>
        <source>Add to sale</source>
        <translation>Thêm vào đơn</translation>
    </message>
</context>
<context>
    <name>ocop::PosController</name>
    <message>
        <source>The terminal database failed: %1</source>
        <translation>Lỗi cơ sở dữ liệu của máy bán hàng: %1</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Đã xảy ra lỗi: %1</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Quản lý</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <source>No shift open</source>
        <translation>Chưa mở ca</translation>
    </message>
    <message>
        <source>Shift since %1 · float %2</source>
        <translation>Ca từ %1 · quỹ đầu ca %2</translation>
    </message>
    <message>
        <source>Shift since %1</source>
        <translation>Ca từ %1</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tất cả</translation>
    </message>
    <message>
        <source>A discount above %1% needs a manager PIN</source>
        <translation>Giảm giá trên %1% cần mã PIN của quản lý</translation>
    </message>
    <message>
        <source>Unknown payment method %1</source>
        <translation>Phương thức thanh toán không hợp lệ: %1</translation>
    </message>
    <message>
        <source>Enter an amount above zero</source>
        <translation>Hãy nhập số tiền lớn hơn 0</translation>
    </message>
    <message>
        <source>Only cash can be more than the amount due (%1)</source>
        <translation>Chỉ tiền mặt mới được vượt số tiền còn thiếu (%1)</translation>
    </message>
    <message>
        <source>The sale is already paid</source>
        <translation>Đơn hàng đã được thanh toán đủ</translation>
    </message>
    <message>
        <source>No receipt printer is set up (setting &quot;printer&quot;)</source>
        <translation>Chưa cài đặt máy in hóa đơn (thiết lập &quot;printer&quot;)</translation>
    </message>
    <message>
        <source>Printing failed: %1</source>
        <translation>In không thành công: %1</translation>
    </message>
    <message>
        <source>Receipt %1 sent to the printer</source>
        <translation>Đã gửi hóa đơn %1 tới máy in</translation>
    </message>
    <message>
        <source>%1 · %2 · total %3</source>
        <translation>%1 · %2 · tổng %3</translation>
    </message>
    <message>
        <source>Pick at least one item to return</source>
        <translation>Hãy chọn ít nhất một sản phẩm để trả</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>In lại</translation>
    </message>
    <message>
        <source>Return complete</source>
        <translation>Đã trả hàng xong</translation>
    </message>
    <message>
        <source>Sale complete</source>
        <translation>Đã bán xong</translation>
    </message>
    <message>
        <source>This is a VietQR bank-transfer code, not a product</source>
        <translation>Đây là mã VietQR chuyển khoản, không phải sản phẩm</translation>
    </message>
    <message>
        <source>This is a payment code, not a product</source>
        <translation>Đây là mã thanh toán, không phải sản phẩm</translation>
    </message>
    <message>
        <source>No product with barcode %1 in this shop's catalog</source>
        <translation>Không có sản phẩm mã vạch %1 trong danh mục của điểm bán</translation>
    </message>
    <message>
        <source>This traceability code is for a product outside this shop's catalog</source>
        <translation>Mã truy xuất này thuộc sản phẩm không có trong danh mục của điểm bán</translation>
    </message>
    <message>
        <source>This link is not a product of this shop's catalog</source>
        <translation>Đường dẫn này không phải sản phẩm trong danh mục của điểm bán</translation>
    </message>
    <message>
        <source>The code could not be used: %1</source>
        <translation>Không dùng được mã này: %1</translation>
    </message>
    <message>
        <source>No product with code or barcode %1</source>
        <translation>Không có sản phẩm mã %1</translation>
    </message>
    <message>
        <source>Note: the OCOP certificate of %1 has expired</source>
        <translation>Lưu ý: giấy chứng nhận OCOP của %1 đã hết hạn</translation>
    </message>
</context>
</TS>
