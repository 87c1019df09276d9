#include "receipt/receipt_renderer.h"

#include "core/errors.h"
#include "core/money.h"
#include "scan/barcode_reader.h"
#include "receipt/fonts.h"

#include <QFont>
#include <QFontMetrics>
#include <QPainter>
#include <QTextLayout>
#include <QTextOption>

#include <algorithm>
#include <cmath>

namespace ocop {

namespace {

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

QString money(Money m)
{
    return QString::fromStdString(formatVndPlain(m));
}

// Sizes in printer dots (203 dpi: 8 dots per mm). The same physical text
// size suits both papers; 80 mm gets a little more air and slightly larger type.
struct Style {
    int width = 384;
    int margin = 6;
    int small = 20;    // facts, VAT, references, footer
    int body = 22;     // lines and totals
    int shop = 26;     // shop name
    int title = 28;    // HÓA ĐƠN BÁN HÀNG
    int total = 30;    // TỔNG CỘNG amount
    int gap = 12;      // minimum space between a label and its value
    int indent = 16;   // quantity rows under a product name
    int section = 8;   // space around rules

    static Style forPaper(PaperWidth w)
    {
        Style s;
        s.width = paperWidthDots(w);
        if (w == PaperWidth::Mm80) {
            s.margin = 12;
            s.small = 22;
            s.body = 24;
            s.shop = 30;
            s.title = 32;
            s.total = 34;
            s.gap = 16;
            s.indent = 24;
            s.section = 10;
        }
        return s;
    }
};

// Lays the receipt out top to bottom. Run once without a painter to measure
// the height, then again with a painter on an image of that height.
class Canvas {
public:
    Canvas(const Style& style, const QString& family, QPainter* painter)
        : style_(style), family_(family), painter_(painter)
    {
    }

    int y() const { return y_; }
    int left() const { return style_.margin; }
    int contentWidth() const { return style_.width - 2 * style_.margin; }

    QFont font(int pixelSize, bool bold = false) const
    {
        QFont f(family_);
        f.setPixelSize(pixelSize);
        f.setBold(bold);
        f.setHintingPreference(QFont::PreferFullHinting);
        f.setStyleStrategy(QFont::PreferAntialias);
        return f;
    }

    void space(int px) { y_ += px; }

    // A single unwrapped string at the left margin on the current line,
    // without advancing: the number in front of a wrapped product name.
    void label(const QString& s, const QFont& f)
    {
        if (painter_) {
            painter_->setFont(f);
            painter_->drawText(QPoint(left(), y_ + QFontMetrics(f).ascent()), s);
        }
    }

    // Wrapped paragraph; words too long for a line break anywhere.
    void text(const QString& s, const QFont& f, Qt::Alignment align = Qt::AlignLeft, int indent = 0)
    {
        if (s.isEmpty())
            return;
        const int x = left() + indent;
        const int w = contentWidth() - indent;
        qreal lastLineWidth = 0;
        const int h = layoutText(s, f, align, x, y_, w, &lastLineWidth);
        y_ += h;
    }

    // "label ........ value" with the value right-aligned. A label too long
    // for the space left by the value wraps, and the value sits on its last
    // line; a value too wide even for a line of its own goes under the label.
    void row(const QString& label, const QString& value, const QFont& labelFont, const QFont& valueFont,
             int indent = 0, bool leaders = false)
    {
        const QFontMetrics vm(valueFont);
        const int valueW = vm.horizontalAdvance(value);
        const int x = left() + indent;
        const int fullW = contentWidth() - indent;
        int labelW = fullW - valueW - style_.gap;
        if (labelW < fullW / 3) {
            // Value too wide to share the line: label, then value right-aligned below.
            text(label, labelFont, Qt::AlignLeft, indent);
            text(value, valueFont, Qt::AlignRight, indent);
            return;
        }
        // Lay the label out to learn its lines, then put the value on the last.
        const QFontMetrics lm(labelFont);
        qreal lastLineWidth = 0;
        int lastLineTop = 0;
        const int labelH = layoutText(label, labelFont, Qt::AlignLeft, x, y_, labelW, &lastLineWidth, &lastLineTop,
                                      /*draw=*/false);
        // Baselines of label and value coincide on the last line; a taller
        // value pushes the label down rather than poking above the row.
        const int shift = std::max(0, vm.ascent() - lm.ascent());
        const int labelTop = y_ + shift;
        const int baseline = labelTop + lastLineTop + lm.ascent();
        layoutText(label, labelFont, Qt::AlignLeft, x, labelTop, labelW, nullptr, nullptr, true);
        const int valueX = left() + contentWidth() - valueW;
        if (painter_) {
            painter_->setFont(valueFont);
            painter_->drawText(QPoint(valueX, baseline), value);
            if (leaders) {
                const QFontMetrics dm(labelFont);
                const int dotW = std::max(1, dm.horizontalAdvance(QLatin1Char('.')));
                const int step = dotW + std::max(2, dotW / 2);
                const int from = x + static_cast<int>(std::ceil(lastLineWidth)) + style_.gap / 2;
                const int to = valueX - style_.gap / 2 - dotW;
                painter_->setFont(labelFont);
                // On a fixed grid from the left so leaders line up row to row.
                for (int dx = left() + ((from - left() + step - 1) / step) * step; dx <= to; dx += step)
                    painter_->drawText(QPoint(dx, baseline), QStringLiteral("."));
            }
        }
        y_ = std::max(labelTop + labelH, baseline + std::max(lm.descent(), vm.descent()) + 1);
    }

    enum class Rule { Dashed, Solid, Double };
    void rule(Rule kind)
    {
        y_ += style_.section;
        const int x0 = left();
        const int x1 = left() + contentWidth();
        if (painter_) {
            painter_->save();
            painter_->setPen(Qt::NoPen);
            painter_->setBrush(Qt::black);
            if (kind == Rule::Dashed) {
                for (int x = x0; x < x1; x += 10)
                    painter_->drawRect(QRect(x, y_, std::min(6, x1 - x), 2));
            } else if (kind == Rule::Solid) {
                painter_->drawRect(QRect(x0, y_, x1 - x0, 2));
            } else {
                painter_->drawRect(QRect(x0, y_, x1 - x0, 2));
                painter_->drawRect(QRect(x0, y_ + 5, x1 - x0, 2));
            }
            painter_->restore();
        }
        y_ += (kind == Rule::Double ? 7 : 2) + style_.section;
    }

    // A black band with white text across the paper: the reprint marker.
    void banner(const QString& s, const QFont& f)
    {
        const QFontMetrics m(f);
        const int pad = 4;
        const int h = m.height() + 2 * pad;
        if (painter_) {
            painter_->fillRect(QRect(left(), y_, contentWidth(), h), Qt::black);
            painter_->setPen(Qt::white);
            painter_->setFont(f);
            painter_->drawText(QRect(left(), y_, contentWidth(), h), Qt::AlignCenter, s);
            painter_->setPen(Qt::black);
        }
        y_ += h;
    }

    void image(const QImage& img)
    {
        if (img.isNull())
            return;
        const int w = std::min(img.width(), contentWidth());
        const int h = img.width() > 0 ? img.height() * w / img.width() : 0;
        if (painter_)
            painter_->drawImage(QRect(left() + (contentWidth() - w) / 2, y_, w, h), img);
        y_ += h;
    }

private:
    // Lays out (and, when painting and draw is set, draws) wrapped text at
    // (x, top) within width w. Returns the height used; reports the natural
    // width and top offset of the last line.
    int layoutText(const QString& s, const QFont& f, Qt::Alignment align, int x, int top, int w,
                   qreal* lastLineWidth = nullptr, int* lastLineTop = nullptr, bool draw = true)
    {
        QTextLayout layout(s, f);
        QTextOption option(align);
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout.setTextOption(option);
        layout.setCacheEnabled(true);
        layout.beginLayout();
        qreal h = 0;
        qreal lastW = 0;
        qreal lastTop = 0;
        const qreal leading = QFontMetricsF(f).leading();
        for (;;) {
            QTextLine line = layout.createLine();
            if (!line.isValid())
                break;
            line.setLineWidth(w);
            if (h > 0)
                h += std::max<qreal>(0, leading);
            line.setPosition(QPointF(0, h));
            lastTop = h;
            lastW = line.naturalTextWidth();
            h += line.height();
        }
        layout.endLayout();
        if (painter_ && draw) {
            painter_->setPen(Qt::black);
            layout.draw(painter_, QPointF(x, top));
        }
        if (lastLineWidth)
            *lastLineWidth = lastW;
        if (lastLineTop)
            *lastLineTop = static_cast<int>(std::round(lastTop));
        return static_cast<int>(std::ceil(h));
    }

    const Style& style_;
    QString family_;
    QPainter* painter_;
    int y_ = 0;
};

void layoutReceipt(Canvas& c, const Style& st, const Receipt& r)
{
    const bool isReturn = r.kind == Receipt::Kind::Return;
    const QFont small = c.font(st.small);
    const QFont smallBold = c.font(st.small, true);
    const QFont body = c.font(st.body);
    const QFont bodyBold = c.font(st.body, true);

    c.space(st.section);

    // Shop header.
    c.text(qs(r.header.shopName), c.font(st.shop, true), Qt::AlignHCenter);
    c.space(2);
    c.text(qs(r.header.address), small, Qt::AlignHCenter);
    if (!r.header.phone.empty())
        c.text(QStringLiteral("ĐT: ") + qs(r.header.phone), small, Qt::AlignHCenter);
    if (!r.header.taxCode.empty())
        c.text(QStringLiteral("MST: ") + qs(r.header.taxCode), small, Qt::AlignHCenter);
    c.rule(Canvas::Rule::Solid);

    // Title and reprint marker.
    QString title = qs(r.title);
    if (title.isEmpty())
        title = isReturn ? QStringLiteral("PHIẾU TRẢ HÀNG") : QStringLiteral("HÓA ĐƠN BÁN HÀNG");
    c.text(title, c.font(st.title, true), Qt::AlignHCenter);
    if (r.reprint) {
        c.space(4);
        c.banner(QStringLiteral("(IN LẠI)"), bodyBold);
    }
    c.space(st.section);

    // Receipt facts.
    c.row(QStringLiteral("Số HĐ:"), qs(r.receiptNo), small, smallBold);
    if (isReturn || !r.originalReceiptNo.empty())
        c.row(QStringLiteral("HĐ gốc:"), qs(r.originalReceiptNo), small, small);
    QString till = qs(r.pointCode);
    if (!r.terminalCode.empty())
        till += (till.isEmpty() ? QString() : QStringLiteral(" / ")) + qs(r.terminalCode);
    if (!till.isEmpty())
        c.row(QStringLiteral("Quầy:"), till, small, small);
    if (!r.cashierName.empty())
        c.row(QStringLiteral("Thu ngân:"), qs(r.cashierName), small, small);
    if (!r.localTime.empty())
        c.row(QStringLiteral("Thời gian:"), qs(r.localTime), small, small);
    c.rule(Canvas::Rule::Dashed);

    // Lines.
    c.row(QStringLiteral("Mặt hàng"), isReturn ? QStringLiteral("Tiền trả") : QStringLiteral("Thành tiền"),
          smallBold, smallBold);
    c.space(4);
    std::int64_t units = 0;
    int n = 0;
    // Hanging indent: names wrap under themselves, not under the number, and
    // the quantity row lines up with the name.
    const int nameIndent =
        QFontMetrics(body).horizontalAdvance(QString::number(std::max<std::size_t>(r.lines.size(), 1)) +
                                             QStringLiteral(". "));
    for (const ReceiptLine& line : r.lines) {
        ++n;
        units += line.quantity;
        if (n > 1)
            c.space(4);
        c.label(QString::number(n) + QStringLiteral("."), body);
        c.text(qs(line.name), body, Qt::AlignLeft, nameIndent);
        c.row(QString::number(line.quantity) + QStringLiteral(" x ") + money(line.unitPrice), money(line.amount),
              body, body, nameIndent, /*leaders=*/true);
        if (line.discount != 0)
            c.row(QStringLiteral("Giảm giá"), money(-line.discount), small, small, nameIndent);
    }
    c.rule(Canvas::Rule::Dashed);

    // Totals.
    c.row(QStringLiteral("Tổng số lượng:"), QString::number(units), body, body);
    if (!isReturn || r.gross != r.total) {
        c.row(QStringLiteral("Tổng tiền hàng:"), money(r.gross), body, body);
        if (r.discount != 0)
            c.row(QStringLiteral("Giảm giá:"), money(-r.discount), body, body);
    }
    c.space(4);
    c.row(isReturn ? QStringLiteral("TỔNG HOÀN TRẢ") : QStringLiteral("TỔNG CỘNG"), money(r.total),
          c.font(st.body + 2, true), c.font(st.total, true));
    c.space(2);

    // VAT contained in the prices, by rate.
    if (!r.vatByRate.empty()) {
        c.text(QStringLiteral("Giá đã bao gồm thuế GTGT:"), small);
        for (const VatLine& v : r.vatByRate)
            c.row(QStringLiteral("Thuế GTGT ") + QString::number(v.rate) + QStringLiteral("%:"),
                  money(v.vat) + QStringLiteral(" trên ") + money(v.gross), small, small, st.indent);
    }

    // Payments (refunds on a return).
    if (!r.payments.empty() || r.paid != 0 || r.change != 0) {
        c.rule(Canvas::Rule::Dashed);
        c.text(isReturn ? QStringLiteral("Hoàn tiền:") : QStringLiteral("Thanh toán:"), smallBold);
        for (const ReceiptPayment& p : r.payments) {
            c.row(qs(p.method), money(p.amount), body, body, st.indent);
            if (!p.reference.empty())
                c.text(QStringLiteral("Mã GD: ") + qs(p.reference), small, Qt::AlignLeft, 2 * st.indent);
        }
        if (isReturn) {
            c.row(QStringLiteral("Đã hoàn trả:"), money(r.paid), body, bodyBold);
        } else {
            c.row(QStringLiteral("Khách đã trả:"), money(r.paid), body, body);
            c.row(QStringLiteral("Tiền thừa:"), money(r.change), bodyBold, bodyBold);
        }
    }

    // Optional QR code under the totals (see receiptQrImage).
    if (!r.qrPayload.empty()) {
        const QImage qr = receiptQrImage(r.qrPayload, std::min(c.contentWidth(), 280));
        if (!qr.isNull()) {
            c.space(st.section);
            c.image(qr);
            if (!r.qrCaption.empty())
                c.text(qs(r.qrCaption), c.font(st.small, false), Qt::AlignHCenter);
        }
    }

    // Footer.
    c.rule(Canvas::Rule::Dashed);
    c.text(qs(r.header.footer), c.font(st.small, false), Qt::AlignHCenter);
    c.space(2 * st.section);
}

} // namespace

QImage receiptQrImage(const std::string& payload, int maxSidePx)
{
    scan::QrMatrix qr;
    try {
        qr = scan::encodeQr(payload, 'M');
    } catch (const UserError&) {
        return {};
    }
    constexpr int kQuiet = 4;
    const int modules = qr.size + 2 * kQuiet;
    const int scale = std::max(2, maxSidePx / modules);
    QImage image(modules * scale, modules * scale, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    for (int y = 0; y < qr.size; ++y)
        for (int x = 0; x < qr.size; ++x)
            if (qr.dark(x, y))
                painter.fillRect((x + kQuiet) * scale, (y + kQuiet) * scale, scale, scale, Qt::black);
    return image;
}

QImage renderReceipt(const Receipt& receipt, PaperWidth width)
{
    const Style style = Style::forPaper(width);
    const QString family = ensureVietnameseFont();

    Canvas measure(style, family, nullptr);
    layoutReceipt(measure, style, receipt);
    const int height = std::max(1, measure.y());

    QImage image(style.width, height, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(Qt::black);
    Canvas paint(style, family, &painter);
    layoutReceipt(paint, style, receipt);
    painter.end();
    return image;
}

MonoBitmap toMonoBitmap(const QImage& image)
{
    if (image.isNull())
        return {};
    QImage flat;
    if (image.hasAlphaChannel()) {
        flat = QImage(image.size(), QImage::Format_RGB32);
        flat.fill(Qt::white);
        QPainter p(&flat);
        p.drawImage(0, 0, image);
        p.end();
    } else {
        flat = image;
    }
    const QImage gray = flat.convertToFormat(QImage::Format_Grayscale8);
    MonoBitmap bitmap = MonoBitmap::blank(gray.width(), gray.height());
    const int bpr = bitmap.bytesPerRow();
    for (int y = 0; y < gray.height(); ++y) {
        const uchar* src = gray.constScanLine(y);
        std::uint8_t* dst = bitmap.rows.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(bpr);
        for (int x = 0; x < gray.width(); ++x)
            if (src[x] < 128)
                dst[x >> 3] |= static_cast<std::uint8_t>(0x80u >> (x & 7));
    }
    return bitmap;
}

std::string renderReceiptEscPos(const Receipt& receipt, PaperWidth width, const EscPosOptions& options)
{
    return encodeEscPosRaster(toMonoBitmap(renderReceipt(receipt, width)), options);
}

bool saveReceiptPng(const QImage& image, const QString& path)
{
    if (image.isNull() || path.isEmpty())
        return false;
    return image.save(path, "PNG");
}

} // namespace ocop
