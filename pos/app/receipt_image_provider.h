#pragma once
// Images QML asks for by URL.
// image://receipt/<receiptNo>?v=<n> — the receipt preview exactly as it
// prints (renderReceipt), for ReceiptPage.
#include <QQuickImageProvider>

namespace ocop {

class PosController;

class ReceiptImageProvider : public QQuickImageProvider {
public:
    explicit ReceiptImageProvider(PosController* controller);
    QImage requestImage(const QString& id, QSize* size, const QSize& requestedSize) override;

private:
    PosController* m_controller;
};

// image://vietqr/<amount> — the VietQR code of the sales point's bank account
// for that amount and the sale being paid, for the payment screen.
class VietQrImageProvider : public QQuickImageProvider {
public:
    explicit VietQrImageProvider(PosController* controller);
    QImage requestImage(const QString& id, QSize* size, const QSize& requestedSize) override;

private:
    PosController* m_controller;
};

} // namespace ocop
