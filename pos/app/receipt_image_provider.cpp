#include "app/receipt_image_provider.h"

#include "app/pos_controller.h"
#include "core/errors.h"
#include "receipt/receipt_renderer.h"


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
        const int want = requestedSize.isValid() && requestedSize.width() > 0
                             ? std::min(requestedSize.width(),
                                        requestedSize.height() > 0 ? requestedSize.height() : requestedSize.width())
                             : 360;
        image = receiptQrImage(payload.toStdString(), want);
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
