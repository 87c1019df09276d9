#pragma once
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

} // namespace ocop
