#include "app/receipt_image_provider.h"

#include "app/pos_controller.h"
#include "core/errors.h"
#include "scan/barcode_reader.h"

#include <QPainter>

namespace ocop {

ReceiptImageProvider::ReceiptImageProvider(PosController* controller)
    : QQuickImageProvider(QQuickImageProvider::Image), m_controller(controller)
{
}

QImage ReceiptImageProvider::requestImage(const QString& id, QSize* size, const QSize& requestedSize)
{
    QImage image = m_controller ? m_controller->receiptPreview(id.section(QLatin1Char('?'), 0, 0)) : QImage();
    if (image.isNull()) {
        image = QImage(8, 8, QImage::Format_RGB32);
        image.fill(Qt::white);
    }
    if (requestedSize.isValid() && requestedSize.width() > 0 && requestedSize.width() < image.width())
        image = image.scaledToWidth(requestedSize.width(), Qt::SmoothTransformation);
    if (size)
        *size = image.size();
    return image;
}

VietQrImageProvider::VietQrImageProvider(PosController* controller)
    : QQuickImageProvider(QQuickImageProvider::Image), m_controller(controller)
{
}

QImage VietQrImageProvider::requestImage(const QString& id, QSize* size, const QSize& requestedSize)
{
    const QString payload = m_controller ? m_controller->vietQrPayload(id.section(QLatin1Char('?'), 0, 0).toLongLong())
                                         : QString();
    QImage image;
    if (!payload.isEmpty()) {
        try {
            const auto qr = scan::encodeQr(payload.toStdString(), 'M');
            // Whole pixels per module and a 4-module quiet zone: a phone
            // camera reads sharp squares from further away than smoothed ones.
            constexpr int kQuiet = 4;
            const int modules = qr.size + 2 * kQuiet;
            const int want = requestedSize.isValid() && requestedSize.width() > 0
                                 ? std::min(requestedSize.width(), requestedSize.height() > 0 ? requestedSize.height()
                                                                                               : requestedSize.width())
                                 : 360;
            const int scale = std::max(2, want / modules);
            image = QImage(modules * scale, modules * scale, QImage::Format_RGB32);
            image.fill(Qt::white);
            QPainter painter(&image);
            for (int y = 0; y < qr.size; ++y)
                for (int x = 0; x < qr.size; ++x)
                    if (qr.dark(x, y))
                        painter.fillRect((x + kQuiet) * scale, (y + kQuiet) * scale, scale, scale, Qt::black);
        } catch (const UserError&) {
            image = QImage();
        }
    }
    if (image.isNull()) {
        image = QImage(8, 8, QImage::Format_RGB32);
        image.fill(Qt::white);
    }
    if (size)
        *size = image.size();
    return image;
}

} // namespace ocop
