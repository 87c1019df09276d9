#pragma once
// The one object the touch UI talks to: session (who is logged in), shift,
// the cart, tendering, completing a sale, returns, receipts, language and the
// error line. It translates taps into calls on the PosService/Store and
// their answers into properties; the rules themselves live in core/store.
// Plain QObject: QML exposure is gathered in qml_registration.cpp.
#include "app/models.h"
#include "core/cart.h"
#include "core/payment.h"
#include "core/receipt.h"
#include "core/traceability.h"
#include "store/store.h"

#include <QHash>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTranslator>
#include <QVariant>

#include <functional>
#include <optional>

class QQmlEngine;

namespace ocop {

class PosService;
struct ScanResolution;

class PosController : public QObject {
    Q_OBJECT
    // --- look and language
    Q_PROPERTY(QString fontFamily READ fontFamily CONSTANT)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(QString shopName READ shopName CONSTANT)
    Q_PROPERTY(QString terminalLabel READ terminalLabel CONSTANT)
    // Whether the on-screen keyboard (Qt Virtual Keyboard) is usable here.
    Q_PROPERTY(bool virtualKeyboard READ virtualKeyboard NOTIFY virtualKeyboardChanged)
    // --- navigation: login, shift, sell, pay, receipt, return, shiftclose
    Q_PROPERTY(QString screen READ screen WRITE setScreen NOTIFY screenChanged)
    // --- messages
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(QString infoMessage READ infoMessage NOTIFY infoMessageChanged)
    // --- session
    Q_PROPERTY(QVariantList users READ users NOTIFY usersChanged)
    Q_PROPERTY(bool loggedIn READ loggedIn NOTIFY sessionChanged)
    Q_PROPERTY(QString userId READ userId NOTIFY sessionChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY sessionChanged)
    Q_PROPERTY(bool isManager READ isManager NOTIFY sessionChanged)
    // --- shift
    Q_PROPERTY(bool shiftOpen READ shiftOpen NOTIFY shiftChanged)
    Q_PROPERTY(QString shiftInfo READ shiftInfo NOTIFY shiftChanged)
    // The short form for narrow screens: "Shift since 07:30" (date too when not today).
    Q_PROPERTY(QString shiftInfoShort READ shiftInfoShort NOTIFY shiftChanged)
    Q_PROPERTY(QString shiftCashierName READ shiftCashierName NOTIFY shiftChanged)
    Q_PROPERTY(QVariantList denominations READ denominations CONSTANT)
    Q_PROPERTY(QVariantMap zReport READ zReport NOTIFY zReportChanged)
    // --- catalog and cart
    Q_PROPERTY(QVariantList groups READ groups NOTIFY languageChanged)
    Q_PROPERTY(QObject* products READ products CONSTANT)
    Q_PROPERTY(QObject* cart READ cart CONSTANT)
    Q_PROPERTY(int itemCount READ itemCount NOTIFY totalsChanged)
    Q_PROPERTY(qint64 total READ total NOTIFY totalsChanged)
    Q_PROPERTY(QString totalText READ totalText NOTIFY totalsChanged)
    Q_PROPERTY(QString grossText READ grossText NOTIFY totalsChanged)
    Q_PROPERTY(QString discountText READ discountText NOTIFY totalsChanged)
    Q_PROPERTY(bool hasDiscount READ hasDiscount NOTIFY totalsChanged)
    Q_PROPERTY(QString vatText READ vatText NOTIFY totalsChanged)
    Q_PROPERTY(QVariantList vatLines READ vatLines NOTIFY totalsChanged)
    Q_PROPERTY(int discountLimitPercent READ discountLimitPercent CONSTANT)
    // --- tendering
    Q_PROPERTY(QObject* payments READ payments CONSTANT)
    Q_PROPERTY(QVariantList quickCash READ quickCash CONSTANT)
    Q_PROPERTY(qint64 amountDue READ amountDue NOTIFY paymentsChanged)
    Q_PROPERTY(QString amountDueText READ amountDueText NOTIFY paymentsChanged)
    Q_PROPERTY(QString paidText READ paidText NOTIFY paymentsChanged)
    Q_PROPERTY(qint64 change READ change NOTIFY paymentsChanged)
    Q_PROPERTY(QString changeText READ changeText NOTIFY paymentsChanged)
    Q_PROPERTY(bool canComplete READ canComplete NOTIFY paymentsChanged)
    // --- receipts
    Q_PROPERTY(QString receiptNo READ receiptNo NOTIFY receiptChanged)
    Q_PROPERTY(QString receiptTitle READ receiptTitle NOTIFY receiptChanged)
    Q_PROPERTY(QString receiptHeading READ receiptHeading NOTIFY receiptChanged)
    Q_PROPERTY(QString receiptImage READ receiptImage NOTIFY receiptChanged)
    Q_PROPERTY(QString receiptChangeText READ receiptChangeText NOTIFY receiptChanged)
    Q_PROPERTY(QVariantList recentSales READ recentSales NOTIFY recentSalesChanged)
    // --- returns
    Q_PROPERTY(QVariantMap trace READ trace NOTIFY traceChanged)
    // The sales point's bank account for VietQR, when one is configured.
    Q_PROPERTY(bool vietQrAvailable READ vietQrAvailable NOTIFY shiftChanged)
    Q_PROPERTY(QString vietQrAccount READ vietQrAccount NOTIFY shiftChanged)
    // The amount whose VietQR the customer display shows (0: none), set by
    // the payment screen while it shows the code.
    Q_PROPERTY(qint64 customerQrAmount READ customerQrAmount WRITE setCustomerQrAmount NOTIFY customerQrAmountChanged)

    Q_PROPERTY(QObject* returnLines READ returnLines CONSTANT)
    Q_PROPERTY(QString returnReceiptNo READ returnReceiptNo NOTIFY returnChanged)
    Q_PROPERTY(QString returnSaleInfo READ returnSaleInfo NOTIFY returnChanged)
    Q_PROPERTY(QString returnRefundText READ returnRefundText NOTIFY returnChanged)
    Q_PROPERTY(bool canReturn READ canReturn NOTIFY returnChanged)
    Q_PROPERTY(QString returnDefaultMethod READ returnDefaultMethod NOTIFY returnChanged)

public:
    explicit PosController(PosService& service, QObject* parent = nullptr);
    ~PosController() override;

    PosService& service() { return m_service; }

    // Engines that show this controller: retranslated on a language switch.
    void addEngine(QQmlEngine* engine);

    QString fontFamily() const { return m_fontFamily; }
    QString language() const { return m_language; }
    void setLanguage(const QString& language);
    QString shopName() const;
    QString terminalLabel() const;

    bool virtualKeyboard() const { return m_virtualKeyboard; }
    void setVirtualKeyboard(bool on)
    {
        if (on != m_virtualKeyboard) {
            m_virtualKeyboard = on;
            emit virtualKeyboardChanged();
        }
    }

    QString screen() const { return m_screen; }
    void setScreen(const QString& screen);
    QString errorMessage() const { return m_error; }
    QString infoMessage() const { return m_info; }

    QVariantList users() const;
    bool loggedIn() const { return m_user.has_value(); }
    QString userId() const;
    QString userName() const;
    bool isManager() const;

    bool shiftOpen() const { return m_shift.has_value(); }
    QString shiftInfo() const;
    QString shiftInfoShort() const;
    QString shiftCashierName() const;
    QVariantList denominations() const;
    QVariantMap zReport() const { return m_zReport; }

    QVariantList groups() const;
    QObject* products() { return &m_products; }
    QObject* cart() { return &m_cartModel; }
    int itemCount() const;
    qint64 total() const;
    QString totalText() const;
    QString grossText() const;
    QString discountText() const;
    bool hasDiscount() const;
    QString vatText() const;
    QVariantList vatLines() const;
    int discountLimitPercent() const;

    QObject* payments() { return &m_paymentModel; }
    QVariantList quickCash() const;
    qint64 amountDue() const;
    QString amountDueText() const;
    QString paidText() const;
    qint64 change() const;
    QString changeText() const;
    bool canComplete() const;

    QString receiptNo() const { return m_receiptNo; }
    QString receiptTitle() const;
    QString receiptHeading() const;
    QString receiptImage() const;
    QString receiptChangeText() const;
    QVariantList recentSales() const;

    QObject* returnLines() { return &m_returnModel; }
    QString returnReceiptNo() const;
    QString returnSaleInfo() const;
    QString returnRefundText() const;
    bool canReturn() const;
    QVariantMap trace() const { return m_trace; }
    bool vietQrAvailable() const;
    qint64 customerQrAmount() const { return m_customerQrAmount; }
    void setCustomerQrAmount(qint64 amount)
    {
        if (amount != m_customerQrAmount) {
            m_customerQrAmount = amount;
            emit customerQrAmountChanged();
        }
    }
    QString vietQrAccount() const;
    // The dynamic VietQR payload for `amount` đồng of the sale being paid
    // (purpose: the receipt number it will get); empty without a bank.
    Q_INVOKABLE QString vietQrPayload(qint64 amount) const;
    // What the transfer says it is for ("OCOP HK01-T1-42"): also the default
    // payment reference, so the bank statement matches the receipt.
    Q_INVOKABLE QString vietQrPurpose() const;
    QString returnDefaultMethod() const;

    // For the receipt image provider (any thread): the rendered preview.
    QImage receiptPreview(const QString& id) const;

    // Session set up without a PIN, for screenshots of a demo state only.
    void startDemoSession(const std::string& userId);

    // --- what the UI calls
    Q_INVOKABLE QString formatMoney(qint64 amount) const;
    // The wall clock in Vietnam time ("21:05"), whatever the machine's zone.
    Q_INVOKABLE QString clockText() const;
    // After a catalog sync (GUI thread): PosService::reloadCatalog and the grid.
    void reloadCatalog();
    Q_INVOKABLE void clearError();
    Q_INVOKABLE void showError(const QString& message);

    Q_INVOKABLE bool login(const QString& userId, const QString& pin);
    Q_INVOKABLE void logout();

    Q_INVOKABLE bool openShift(qint64 openingFloat);
    Q_INVOKABLE void beginCloseShift();
    // counts: denomination (as string or number key) -> count
    Q_INVOKABLE bool closeShift(const QVariantMap& counts);
    Q_INVOKABLE qint64 sumCounts(const QVariantMap& counts) const;
    Q_INVOKABLE qint64 expectedCash() const;

    // Scanned or typed code (product code or GTIN); true when added.
    Q_INVOKABLE bool addProduct(const QString& code);
    // What a scan (keyboard wedge or camera) does on the current screen;
    // false when the screen has no use for it (wedge keys are then typed
    // normally). symbologyId is the reader's AIM id ("]Q3", ...) if known.
    // On the sell screen: a product barcode adds the product (with the lot
    // its GS1 code names); a traceability QR or link opens the trace panel;
    // an expired lot opens it asking for a manager; payment codes and
    // unknown codes are refused with a message.
    Q_INVOKABLE bool handleScan(const QString& code, const QString& symbologyId = QString());
    // The trace panel for a product of the catalog (no lot).
    Q_INVOKABLE void showTrace(const QString& productCode);
    // Adds the product shown in the trace panel; an expired lot needs a
    // manager: a manager's session, or a manager PIN (logged either way).
    Q_INVOKABLE bool addTracedProduct(const QString& managerPin);
    Q_INVOKABLE void closeTrace();
    Q_INVOKABLE void increment(int row);
    Q_INVOKABLE void decrement(int row);
    Q_INVOKABLE void setQuantity(int row, qint64 quantity);
    Q_INVOKABLE void removeLine(int row);
    Q_INVOKABLE void voidCart();
    // kind "amount" (đồng) or "percent"; row -1 for the cart discount.
    // Whether applying it needs a manager PIN (above the shop's limit).
    Q_INVOKABLE bool discountNeedsApproval(int row, const QString& kind, qint64 value) const;
    Q_INVOKABLE bool applyDiscount(int row, const QString& kind, qint64 value, const QString& managerPin);

    Q_INVOKABLE void startPayment();
    Q_INVOKABLE void backToSell();
    Q_INVOKABLE bool addPayment(const QString& method, qint64 amount, const QString& reference);
    Q_INVOKABLE bool payRemaining(const QString& method, const QString& reference);
    Q_INVOKABLE void removePayment(int row);
    Q_INVOKABLE bool completeSale();

    Q_INVOKABLE bool printReceipt();
    Q_INVOKABLE bool showReceipt(const QString& receiptNo, bool reprint);
    Q_INVOKABLE void newSale();
    Q_INVOKABLE void refreshRecentSales();

    Q_INVOKABLE void startReturn();
    Q_INVOKABLE bool lookupReturn(const QString& receiptNo);
    Q_INVOKABLE void setReturnQuantity(int row, qint64 quantity);
    Q_INVOKABLE void returnAll();
    Q_INVOKABLE bool commitReturn(const QString& refundMethod, const QString& reason);

signals:
    void languageChanged();
    void virtualKeyboardChanged();
    void screenChanged();
    void errorMessageChanged();
    void infoMessageChanged();
    void usersChanged();
    void sessionChanged();
    void shiftChanged();
    void zReportChanged();
    void totalsChanged();
    void paymentsChanged();
    void receiptChanged();
    void recentSalesChanged();
    void returnChanged();
    // A code was scanned and added (for a short highlight in the UI).
    void productAdded(const QString& name);
    void traceChanged();
    void customerQrAmountChanged();
    void catalogReloaded();

private:
    bool guarded(const std::function<void()>& action);
    void setError(const QString& message);
    void setInfo(const QString& message);
    void reloadShift();
    void cartChanged();
    void paymentsUpdated();
    void setReceipt(const Receipt& receipt);
    void updateReturnPicks();
    QString translateError(const QString& english) const;
    bool english() const { return m_language == QLatin1String("en"); }

    PosService& m_service;
    TerminalSettings m_settings;
    QString m_fontFamily;
    QString m_language = QStringLiteral("vi");
    QTranslator m_translator;
    bool m_translatorInstalled = false;
    QList<QPointer<QQmlEngine>> m_engines;

    bool m_virtualKeyboard = false;
    QString m_screen = QStringLiteral("login");
    QString m_error;
    QString m_info;

    std::optional<User> m_user;
    std::optional<Shift> m_shift;
    QVariantMap m_zReport;

    ProductListModel m_products;
    Cart m_cart;
    CartModel m_cartModel;
    std::string m_approvedBy;
    // The trace panel: what it shows, and the lot to add if asked.
    QVariantMap m_trace;
    qint64 m_customerQrAmount = 0;
    std::string m_traceProduct;
    std::optional<LotDates> m_traceLot;
    void openTrace(const Product& product, const std::optional<LotDates>& lot, bool fromScan);
    void addWithLot(const Product& product, const std::optional<LotDates>& lot, const std::string& approvedBy);
    QString scanProblemText(const ScanResolution& r) const;
    std::vector<Payment> m_payments;
    PaymentListModel m_paymentModel;

    std::optional<Receipt> m_lastReceipt;
    QString m_receiptNo;
    QString m_receiptTitle;
    bool m_receiptIsReturn = false;
    bool m_receiptReprint = false;
    Money m_receiptChange = 0;
    int m_receiptVersion = 0;
    mutable QMutex m_previewMutex;
    QImage m_preview;

    std::optional<Sale> m_returnSale;
    std::vector<ReturnPick> m_returnPicks;
    ReturnLinesModel m_returnModel;
};

} // namespace ocop
