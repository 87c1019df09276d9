#include "receipt/fonts.h"
#include "receipt/receipt_renderer.h"
#include "scan/barcode_reader.h"

#include <QFileInfo>
#include <QFont>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cstdlib>

using namespace ocop;

namespace {

// One QGuiApplication for the whole test binary (offscreen platform).
void ensureApp()
{
    static int argc = 1;
    static char name[] = "test_receipt_renderer";
    static char* argv[] = {name, nullptr};
    if (QGuiApplication::instance() == nullptr) {
        ::setenv("QT_QPA_PLATFORM", "offscreen", 0);
        new QGuiApplication(argc, argv); // lives until exit
    }
}

class ReceiptRenderer : public ::testing::Test {
protected:
    void SetUp() override { ensureApp(); }
};

ShopHeader shop()
{
    ShopHeader h;
    h.shopName = "Điểm bán sản phẩm OCOP Hoàn Kiếm";
    h.address = "Số 2 Lê Thái Tổ, phường Hàng Trống, quận Hoàn Kiếm, Hà Nội";
    h.phone = "024 3825 1234";
    h.taxCode = "0101234567";
    return h;
}

ReceiptLine line(const char* name, std::int64_t qty, Money price, Money discount, int vat)
{
    return ReceiptLine{name, qty, price, qty * price, discount, vat};
}

// A realistic sale: five products, a line discount, two VAT rates, cash + card.
Receipt sampleSale(int lineCount = 5)
{
    Receipt r;
    r.kind = Receipt::Kind::Sale;
    r.header = shop();
    r.title = "HÓA ĐƠN BÁN HÀNG";
    r.receiptNo = "HK01-T01-000127";
    r.pointCode = "HK01";
    r.terminalCode = "T01";
    r.cashierName = "Nguyễn Thị Hường";
    r.localTime = "23/11/2026 21:05";
    const ReceiptLine all[] = {
        line("Chè Shan Tuyết cổ thụ Suối Giàng 100g", 2, 185'000, 0, 8),
        line("Mật ong bạc hà Mèo Vạc 500ml", 1, 250'000, 25'000, 8),
        line("Gạo nếp cái hoa vàng Đông Anh 2kg", 3, 95'000, 0, 5),
        line("Miến dong Bắc Kạn", 4, 45'000, 0, 5),
        line("Nón lá Làng Chuông (quà lưu niệm)", 1, 120'000, 0, 8),
    };
    for (int i = 0; i < lineCount; ++i)
        r.lines.push_back(all[i % 5]);
    for (const auto& l : r.lines) {
        r.gross += l.amount;
        r.discount += l.discount;
    }
    r.total = r.gross - r.discount;
    Money at5 = 0, at8 = 0;
    for (const auto& l : r.lines)
        (l.vatRate == 5 ? at5 : at8) += l.amount - l.discount;
    r.vatByRate = {{5, at5, vatIncluded(at5, 5)}, {8, at8, vatIncluded(at8, 8)}};
    const Money card = 500'000;
    r.payments = {{"Thẻ ngân hàng", card, "VCB 4321 / 081234"}, {"Tiền mặt", r.total - card + 47'000, ""}};
    r.paid = r.total + 47'000;
    r.change = 47'000;
    return r;
}

bool isBlack(QRgb c)
{
    return qGray(c) < 128;
}

int blackInRows(const QImage& img, int y0, int y1)
{
    int n = 0;
    for (int y = std::max(0, y0); y < std::min(img.height(), y1); ++y)
        for (int x = 0; x < img.width(); ++x)
            n += isBlack(img.pixel(x, y)) ? 1 : 0;
    return n;
}

int blackInColumns(const QImage& img, int x0, int x1)
{
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = x0; x < x1; ++x)
            n += isBlack(img.pixel(x, y)) ? 1 : 0;
    return n;
}

} // namespace

TEST_F(ReceiptRenderer, WidthIsExactlyThePrinterHead)
{
    const Receipt r = sampleSale();
    const QImage small = renderReceipt(r, PaperWidth::Mm58);
    const QImage wide = renderReceipt(r, PaperWidth::Mm80);
    EXPECT_EQ(small.width(), 384);
    EXPECT_EQ(wide.width(), 576);
    EXPECT_GT(small.height(), 400);
    EXPECT_GT(wide.height(), 400);
    EXPECT_TRUE(small.format() == QImage::Format_RGB32 || small.format() == QImage::Format_Grayscale8);
    // Wider paper wraps less, so the receipt is not taller than on 58 mm by much.
    EXPECT_LT(wide.height(), small.height() * 3 / 2);
}

TEST_F(ReceiptRenderer, HeightGrowsWithLines)
{
    const int h1 = renderReceipt(sampleSale(1), PaperWidth::Mm58).height();
    const int h5 = renderReceipt(sampleSale(5), PaperWidth::Mm58).height();
    const int h20 = renderReceipt(sampleSale(20), PaperWidth::Mm58).height();
    EXPECT_LT(h1, h5);
    EXPECT_LT(h5, h20);
    // Each extra line adds at least a name row and a quantity row.
    EXPECT_GT(h20 - h5, 15 * 40);
}

TEST_F(ReceiptRenderer, TextIsBlackOnWhiteInsideTheMargins)
{
    for (PaperWidth w : {PaperWidth::Mm58, PaperWidth::Mm80}) {
        const QImage img = renderReceipt(sampleSale(), w);
        const int total = blackInRows(img, 0, img.height());
        ASSERT_GT(total, 0);
        // Mostly paper: text covers well under half the area.
        EXPECT_LT(total, img.width() * img.height() / 4);
        // Header (shop name) near the top, footer near the bottom.
        EXPECT_GT(blackInRows(img, 0, 60), 200);
        EXPECT_GT(blackInRows(img, img.height() - 80, img.height()), 100);
        // Nothing printed into the outer edge: no text is cut off at the sides.
        EXPECT_EQ(blackInColumns(img, 0, 3), 0);
        EXPECT_EQ(blackInColumns(img, img.width() - 3, img.width()), 0);
        // Right-aligned amounts reach close to the right margin.
        EXPECT_GT(blackInColumns(img, img.width() - 20, img.width() - 3), 50);
        // Corners are paper white.
        EXPECT_EQ(img.pixel(0, 0), qRgb(255, 255, 255));
        EXPECT_EQ(img.pixel(img.width() - 1, img.height() - 1), qRgb(255, 255, 255));
    }
}

TEST_F(ReceiptRenderer, VietnameseFontCoversEveryLetter)
{
    const QString family = ensureVietnameseFont();
    ASSERT_FALSE(family.isEmpty());
    EXPECT_EQ(ensureVietnameseFont(), family); // registered once, cached
    if (QFileInfo::exists(QStringLiteral("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"))) {
        EXPECT_EQ(family, QStringLiteral("Noto Sans"));
    }

    const QString text = QStringLiteral(
        "Hóa đơn bán hàng Đặc sản Ước Lễ "
        "HÓA ĐƠN BÁN HÀNG PHIẾU TRẢ HÀNG (IN LẠI) Tiền thừa Thuế GTGT trên "
        "àáảãạ ăằắẳẵặ âầấẩẫậ đ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ "
        "ÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ Đ ÈÉẺẼẸ ÊỀẾỂỄỆ ÌÍỈĨỊ ÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ ÙÚỦŨỤ ƯỪỨỬỮỰ ỲÝỶỸỴ ₫");
    for (bool bold : {false, true}) {
        QFont font(family);
        font.setPixelSize(22);
        font.setBold(bold);
        const QFontMetrics fm(font);
        for (const char32_t cp : text.toUcs4())
            EXPECT_TRUE(fm.inFontUcs4(cp)) << "U+" << std::hex << static_cast<unsigned>(cp) << (bold ? " bold" : "");
    }
}

TEST_F(ReceiptRenderer, SavesAndReloadsPng)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    Receipt r = sampleSale();
    r.reprint = true;
    const QImage img = renderReceipt(r, PaperWidth::Mm58);
    const QString path = dir.filePath(QStringLiteral("receipt-58mm.png"));
    ASSERT_TRUE(saveReceiptPng(img, path));
    QImage back(path);
    ASSERT_FALSE(back.isNull());
    EXPECT_EQ(back.size(), img.size());
    EXPECT_EQ(back.convertToFormat(QImage::Format_RGB32), img.convertToFormat(QImage::Format_RGB32));

    EXPECT_FALSE(saveReceiptPng(QImage(), dir.filePath(QStringLiteral("null.png"))));
    EXPECT_FALSE(saveReceiptPng(img, dir.filePath(QStringLiteral("no/such/dir/x.png"))));
}

TEST_F(ReceiptRenderer, ReprintAddsAMarkerBand)
{
    Receipt r = sampleSale();
    const QImage plain = renderReceipt(r, PaperWidth::Mm58);
    r.reprint = true;
    const QImage reprint = renderReceipt(r, PaperWidth::Mm58);
    EXPECT_GT(reprint.height(), plain.height());
    // The "(IN LẠI)" marker is a black band: some row is black at both ends of the content.
    bool found = false;
    for (int y = 0; y < reprint.height() && !found; ++y)
        found = isBlack(reprint.pixel(12, y)) && isBlack(reprint.pixel(reprint.width() - 12, y)) &&
                isBlack(reprint.pixel(reprint.width() / 4, y));
    EXPECT_TRUE(found);
}

TEST_F(ReceiptRenderer, ReturnReceiptRenders)
{
    Receipt r;
    r.kind = Receipt::Kind::Return;
    r.header = shop();
    r.title = "PHIẾU TRẢ HÀNG";
    r.receiptNo = "HK01-T01-000131";
    r.originalReceiptNo = "HK01-T01-000127";
    r.cashierName = "Nguyễn Thị Hường";
    r.localTime = "24/11/2026 09:12";
    r.lines = {line("Mật ong bạc hà Mèo Vạc 500ml", 1, 250'000, 25'000, 8)};
    r.gross = r.total = 225'000;
    r.vatByRate = {{8, 225'000, vatIncluded(225'000, 8)}};
    r.payments = {{"Tiền mặt", 225'000, ""}};
    r.paid = 225'000;
    const QImage img = renderReceipt(r, PaperWidth::Mm80);
    EXPECT_EQ(img.width(), 576);
    EXPECT_GT(blackInRows(img, 0, img.height()), 1000);
}

TEST_F(ReceiptRenderer, LongUnbrokenTextWrapsInsideThePaper)
{
    Receipt r = sampleSale(1);
    r.header.shopName = std::string(120, 'W');
    r.lines[0].name = std::string(200, 'M');
    r.payments[0].reference = std::string(80, '9');
    const QImage img = renderReceipt(r, PaperWidth::Mm58);
    EXPECT_EQ(img.width(), 384);
    EXPECT_EQ(blackInColumns(img, 0, 3), 0);
    EXPECT_EQ(blackInColumns(img, img.width() - 3, img.width()), 0);
    EXPECT_GT(img.height(), renderReceipt(sampleSale(1), PaperWidth::Mm58).height() + 100);
}

TEST_F(ReceiptRenderer, EmptyReceiptStillRenders)
{
    const QImage img = renderReceipt(Receipt{}, PaperWidth::Mm58);
    EXPECT_EQ(img.width(), 384);
    EXPECT_GT(img.height(), 0);
}

// The QR code under the totals is printed whole and reads back as its text
// from the rendered receipt, on both paper widths.
TEST_F(ReceiptRenderer, QrPayloadIsPrintedAndReadsBack)
{
    Receipt r = sampleSale();
    r.qrPayload = "00020101021238570010A00000072701270006970436011300110012345670208QRIBFTTA53037045406"
                  "16400058"
                  "02VN62180814HK01T10000016304ABCD";
    r.qrCaption = "Chuyển khoản 164.000 ₫ · HK01T1000001";
    const QImage qr = receiptQrImage(r.qrPayload, 280);
    ASSERT_FALSE(qr.isNull());
    EXPECT_LE(qr.width(), 280);
    EXPECT_EQ(qr.width(), qr.height());
    scan::DecodeOptions still;
    still.tryHarder = true;
    const scan::BarcodeReader reader(still);
    for (const auto paper : {PaperWidth::Mm58, PaperWidth::Mm80}) {
        Receipt plain = r;
        plain.qrPayload.clear();
        const int without = renderReceipt(plain, paper).height();
        const QImage img = renderReceipt(r, paper).convertToFormat(QImage::Format_Grayscale8);
        EXPECT_GE(img.height(), without + qr.height());
        const auto codes = reader.decode(
            scan::ImageRef{img.constBits(), img.width(), img.height(), static_cast<int>(img.bytesPerLine()),
                           scan::PixelFormat::Gray8});
        ASSERT_EQ(codes.size(), 1u);
        EXPECT_EQ(codes[0].text, r.qrPayload);
    }
    // Text no QR code holds prints nothing rather than failing the receipt.
    EXPECT_TRUE(receiptQrImage(std::string(8000, 'x'), 280).isNull());
}

TEST_F(ReceiptRenderer, MonoBitmapThresholdsAtMidGrey)
{
    QImage img(10, 2, QImage::Format_ARGB32);
    img.fill(qRgba(255, 255, 255, 255));
    img.setPixel(0, 0, qRgb(0, 0, 0));       // black
    img.setPixel(1, 0, qRgb(100, 100, 100)); // dark grey -> black
    img.setPixel(2, 0, qRgb(160, 160, 160)); // light grey -> white
    img.setPixel(9, 1, qRgb(20, 20, 20));    // last pixel, padding byte
    img.setPixel(5, 1, qRgba(0, 0, 0, 0));   // transparent -> paper
    const MonoBitmap b = toMonoBitmap(img);
    EXPECT_EQ(b.width, 10);
    EXPECT_EQ(b.height, 2);
    EXPECT_EQ(b.rows.size(), 4u);
    EXPECT_TRUE(b.pixel(0, 0));
    EXPECT_TRUE(b.pixel(1, 0));
    EXPECT_FALSE(b.pixel(2, 0));
    EXPECT_TRUE(b.pixel(9, 1));
    EXPECT_FALSE(b.pixel(5, 1));
    EXPECT_EQ(b.rows[0], 0xC0);
    EXPECT_EQ(b.rows[3], 0x40);
    EXPECT_EQ(toMonoBitmap(QImage()).width, 0);
}

TEST_F(ReceiptRenderer, MonoBitmapMatchesTheRenderedImage)
{
    const QImage img = renderReceipt(sampleSale(), PaperWidth::Mm58);
    const MonoBitmap b = toMonoBitmap(img);
    ASSERT_EQ(b.width, img.width());
    ASSERT_EQ(b.height, img.height());
    int mismatches = 0;
    int black = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            black += b.pixel(x, y) ? 1 : 0;
            mismatches += b.pixel(x, y) != isBlack(img.pixel(x, y)) ? 1 : 0;
        }
    EXPECT_EQ(mismatches, 0);
    EXPECT_GT(black, 5000);
}

TEST_F(ReceiptRenderer, EscPosForAReceipt)
{
    const Receipt r = sampleSale();
    const QImage img = renderReceipt(r, PaperWidth::Mm58);
    const std::string bytes = renderReceiptEscPos(r, PaperWidth::Mm58);
    ASSERT_GT(bytes.size(), 10u);
    EXPECT_EQ(bytes.substr(0, 2), std::string("\x1B\x40", 2));
    EXPECT_EQ(bytes.substr(2, 6), std::string("\x1D\x76\x30\x00\x30\x00", 6)); // 48 bytes per row
    EXPECT_EQ(bytes.substr(bytes.size() - 4), std::string("\x1D\x56\x42\x00", 4));
    const int bands = (img.height() + 255) / 256;
    EXPECT_EQ(bytes.size(), 2 + static_cast<std::size_t>(bands) * 8 + 48u * img.height() + 3 + 4);
}
