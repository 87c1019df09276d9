#include "app/pos_controller.h"

#include "app/vn_time.h"

#include "core/emvco.h"
#include "core/errors.h"
#include "core/printer.h"
#include "core/timeutil.h"
#include "receipt/fonts.h"
#include "receipt/receipt_renderer.h"
#include "service/pos_service.h"

#include <QCoreApplication>
#include <QMutexLocker>
#include <QQmlEngine>
#include <QRegularExpression>

#include <spdlog/spdlog.h>

namespace ocop {

namespace {

QString sv(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

// Every time shown goes through the one Vietnam-time helper (app/vn_time.h).
QString localTime(TimestampMs ms) { return vietnamDateTimeText(ms); }

std::optional<PaymentMethod> methodFromQString(const QString& key)
{
    return paymentMethodFromKey(key.toStdString());
}

PaperWidth paperWidth(const TerminalSettings& s) { return s.paperWidthMm == 58 ? PaperWidth::Mm58 : PaperWidth::Mm80; }

} // namespace

PosController::PosController(PosService& service, QObject* parent)
    : QObject(parent), m_service(service), m_settings(service.store().settings())
{
    m_fontFamily = ensureVietnameseFont();
    m_products.setService(&m_service);
    reloadShift();
    m_language.clear();
    setLanguage(m_settings.language == "en" ? QStringLiteral("en") : QStringLiteral("vi"));
    refreshRecentSales();
}

PosController::~PosController()
{
    if (m_translatorInstalled && QCoreApplication::instance())
        QCoreApplication::removeTranslator(&m_translator);
}

void PosController::addEngine(QQmlEngine* engine)
{
    m_engines.append(engine);
}

// ------------------------------------------------------------ language

void PosController::setLanguage(const QString& language)
{
    const QString lang = language == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("vi");
    if (lang == m_language)
        return;
    m_language = lang;
    if (m_translatorInstalled) {
        QCoreApplication::removeTranslator(&m_translator);
        m_translatorInstalled = false;
    }
    if (lang == QLatin1String("vi")) {
        if (m_translator.load(QStringLiteral(":/i18n/ocop_vi.qm")))
            m_translatorInstalled = QCoreApplication::installTranslator(&m_translator);
        else
            spdlog::warn("Vietnamese translation :/i18n/ocop_vi.qm not found");
    }
    for (const auto& engine : std::as_const(m_engines))
        if (engine)
            engine->retranslate();
    m_products.refresh();
    paymentsUpdated();
    emit languageChanged();
    emit usersChanged();
    emit shiftChanged();
}

QString PosController::shopName() const { return qs(m_settings.shopName); }

QString PosController::terminalLabel() const
{
    return qs(m_settings.pointCode) + QStringLiteral(" · ") + qs(m_settings.terminalCode);
}

// ------------------------------------------------------------ navigation and messages

void PosController::setScreen(const QString& screen)
{
    static const QStringList known{QStringLiteral("login"),   QStringLiteral("shift"),  QStringLiteral("sell"),
                                   QStringLiteral("pay"),     QStringLiteral("receipt"), QStringLiteral("return"),
                                   QStringLiteral("shiftclose")};
    if (!known.contains(screen)) {
        spdlog::warn("unknown screen {}", screen.toStdString());
        return;
    }
    QString target = screen;
    if (!m_user)
        target = QStringLiteral("login");
    else if (!m_shift && (target == QLatin1String("sell") || target == QLatin1String("pay") ||
                          target == QLatin1String("return")))
        target = QStringLiteral("shift");
    if (target == m_screen)
        return;
    m_screen = target;
    clearError();
    if (m_screen != QLatin1String("sell"))
        closeTrace();
    if (m_screen != QLatin1String("pay"))
        setCustomerQrAmount(0);
    emit screenChanged();
}

void PosController::clearError()
{
    if (m_error.isEmpty())
        return;
    m_error.clear();
    emit errorMessageChanged();
}

void PosController::showError(const QString& message) { setError(message); }

void PosController::setError(const QString& message)
{
    m_error = message;
    emit errorMessageChanged();
}

void PosController::setInfo(const QString& message)
{
    m_info = message;
    emit infoMessageChanged();
}

QString PosController::translateError(const QString& e) const
{
    if (english())
        return e;
    struct Rule {
        const char* pattern;
        const char* vi;
    };
    // The core speaks English; the cashier-facing messages read in Vietnamese.
    static const Rule rules[] = {
        {R"(^wrong PIN; (\d+) tries left$)", "Sai mã PIN, còn %1 lần thử"},
        {R"(^wrong PIN; too many tries.*$)", "Sai mã PIN quá nhiều lần, tài khoản bị khóa 5 phút"},
        {R"(^too many wrong PINs; locked for (\d+).*$)", "Nhập sai PIN quá nhiều lần, thử lại sau %1 phút"},
        {R"(^wrong manager PIN; approvals.*$)", "Sai PIN quản lý quá nhiều lần, tạm khóa duyệt 5 phút"},
        {R"(^wrong manager PIN.*$)", "Sai mã PIN quản lý"},
        {R"(^too many wrong manager PINs.*$)", "Sai PIN quản lý quá nhiều lần, tạm khóa duyệt"},
        {R"(^no product with code or barcode (.*)$)", "Không có sản phẩm mã %1"},
        {R"(^barcode (\S+) has a wrong check digit.*$)", "Mã vạch %1 sai số kiểm tra, hãy quét lại hoặc nhập mã"},
        {R"(^(.*) is no longer on sale$)", "%1 đã ngừng bán"},
        {R"(^only (-?\d+) (.+) of (.+) in stock$)", "Chỉ còn %1 %2 %3 trong kho"},
        {R"(^the cart is empty$)", "Giỏ hàng trống"},
        {R"(^no shift is open.*$)", "Chưa mở ca, hãy mở ca trước"},
        {R"(^the shift was closed.*$)", "Ca đã đóng, hãy mở ca mới"},
        {R"(^a discount above (\d+)% needs.*$)", "Giảm giá trên %1% cần quản lý duyệt"},
        {R"(^no sale with receipt (.*)$)", "Không tìm thấy hóa đơn %1"},
        {R"(^everything on (\S+) .*$)", "Hóa đơn %1 đã được trả hết"},
        {R"(^cannot return more than was sold.*$)", "Không thể trả nhiều hơn số đã bán"},
        {R"(^the opening float cannot be negative$)", "Tiền quỹ đầu ca không được âm"},
        {R"(^a shift is already open.*$)", "Đã có ca đang mở"},
        {R"(^this user is disabled$)", "Người dùng này đã bị vô hiệu hóa"},
        {R"(^no product code given$)", "Chưa nhập mã sản phẩm"},
        {R"(^an expired lot needs a manager's PIN$)", "Lô hàng quá hạn cần PIN của quản lý"},
    };
    for (const auto& r : rules) {
        const QRegularExpression re(QString::fromUtf8(r.pattern));
        const auto m = re.match(e);
        if (m.hasMatch()) {
            QString out = QString::fromUtf8(r.vi);
            for (int i = 1; i <= m.lastCapturedIndex(); ++i)
                out = out.arg(m.captured(i));
            return out;
        }
    }
    return e;
}

bool PosController::guarded(const std::function<void()>& action)
{
    try {
        action();
        clearError();
        return true;
    } catch (const UserError& e) {
        setError(translateError(QString::fromStdString(e.what())));
    } catch (const StorageError& e) {
        spdlog::error("storage: {}", e.what());
        setError(tr("The terminal database failed: %1").arg(QString::fromStdString(e.what())));
    } catch (const std::exception& e) {
        spdlog::error("unexpected: {}", e.what());
        setError(tr("Something went wrong: %1").arg(QString::fromStdString(e.what())));
    }
    return false;
}

QString PosController::formatMoney(qint64 amount) const { return moneyText(amount); }

QString PosController::clockText() const { return vietnamClockText(nowMs()); }

void PosController::reloadCatalog()
{
    guarded([&] {
        m_service.reloadCatalog();
        // The grid held pointers into the old catalog: re-read it now.
        m_products.refresh();
        emit catalogReloaded();
    });
}

// ------------------------------------------------------------ session

QVariantList PosController::users() const
{
    QVariantList out;
    for (const User& u : m_service.store().users()) {
        if (!u.active)
            continue;
        const QString name = qs(u.name);
        const QStringList words = name.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QVariantMap m;
        m.insert(QStringLiteral("id"), qs(u.id));
        m.insert(QStringLiteral("name"), name);
        m.insert(QStringLiteral("initial"), words.isEmpty() ? QString() : words.last().left(1).toUpper());
        m.insert(QStringLiteral("manager"), u.role == Role::Manager);
        m.insert(QStringLiteral("roleName"), u.role == Role::Manager ? tr("Manager") : tr("Cashier"));
        out.append(m);
    }
    return out;
}

QString PosController::userId() const { return m_user ? qs(m_user->id) : QString(); }
QString PosController::userName() const { return m_user ? qs(m_user->name) : QString(); }
bool PosController::isManager() const { return m_user && m_user->role == Role::Manager; }

bool PosController::login(const QString& userId, const QString& pin)
{
    return guarded([&] {
        m_user = m_service.store().authenticate(userId.toStdString(), pin.toStdString(), nowMs());
        reloadShift();
        emit sessionChanged();
        setScreen(m_shift ? QStringLiteral("sell") : QStringLiteral("shift"));
    });
}

void PosController::startDemoSession(const std::string& userId)
{
    m_user = m_service.store().user(userId);
    reloadShift();
    emit sessionChanged();
}

void PosController::logout()
{
    m_user.reset();
    m_cart.clear();
    m_payments.clear();
    m_approvedBy.clear();
    cartChanged();
    paymentsUpdated();
    emit sessionChanged();
    setScreen(QStringLiteral("login"));
}

// ------------------------------------------------------------ shift

void PosController::reloadShift()
{
    m_shift = m_service.store().openShift();
    emit shiftChanged();
}

QString PosController::shiftInfo() const
{
    if (!m_shift)
        return tr("No shift open");
    return tr("Shift since %1 · float %2").arg(localTime(m_shift->openedAt), moneyText(m_shift->openingFloat));
}

QString PosController::shiftInfoShort() const
{
    if (!m_shift)
        return tr("No shift open");
    const QDateTime opened = vietnamDateTime(m_shift->openedAt);
    const bool today = opened.date() == vietnamDateTime(nowMs()).date();
    return tr("Shift since %1").arg(today ? vietnamClockText(m_shift->openedAt) : vietnamDateTimeText(m_shift->openedAt));
}

QString PosController::shiftCashierName() const { return m_shift ? qs(m_shift->cashierName) : QString(); }

QVariantList PosController::denominations() const
{
    QVariantList out;
    for (const auto d : kDenominations) {
        QVariantMap m;
        m.insert(QStringLiteral("value"), QVariant::fromValue<qint64>(d));
        m.insert(QStringLiteral("text"), QString::fromStdString(formatVndPlain(d)));
        out.append(m);
    }
    return out;
}

bool PosController::openShift(qint64 openingFloat)
{
    if (!m_user)
        return false;
    return guarded([&] {
        m_service.store().startShift(m_user->id, openingFloat, nowMs());
        reloadShift();
        m_zReport.clear();
        emit zReportChanged();
        setScreen(QStringLiteral("sell"));
    });
}

static QVariantMap zReportMap(const ZReport& z, bool closed, bool english)
{
    QVariantMap m;
    m.insert(QStringLiteral("closed"), closed);
    m.insert(QStringLiteral("cashierName"), qs(z.cashierName));
    m.insert(QStringLiteral("terminal"), qs(z.pointCode) + QStringLiteral(" · ") + qs(z.terminalCode));
    m.insert(QStringLiteral("openedAt"), localTime(z.openedAt));
    m.insert(QStringLiteral("closedAt"), z.closedAt ? localTime(z.closedAt) : QString());
    m.insert(QStringLiteral("openingFloat"), moneyText(z.openingFloat));
    m.insert(QStringLiteral("salesCount"), QVariant::fromValue<qint64>(z.salesCount));
    m.insert(QStringLiteral("salesTotal"), moneyText(z.salesTotal));
    m.insert(QStringLiteral("returnsCount"), QVariant::fromValue<qint64>(z.returnsCount));
    m.insert(QStringLiteral("returnsTotal"), moneyText(z.returnsTotal));
    m.insert(QStringLiteral("discounts"), moneyText(z.discounts));
    m.insert(QStringLiteral("vat"), moneyText(z.vat));
    m.insert(QStringLiteral("expectedCash"), moneyText(z.expectedCash));
    m.insert(QStringLiteral("expectedCashValue"), QVariant::fromValue<qint64>(z.expectedCash));
    m.insert(QStringLiteral("countedCash"), moneyText(z.countedCash));
    m.insert(QStringLiteral("variance"),
             (z.variance > 0 ? QStringLiteral("+") : QString()) + moneyText(z.variance));
    m.insert(QStringLiteral("varianceValue"), QVariant::fromValue<qint64>(z.variance));
    QVariantList methods;
    for (const PaymentMethod pm : {PaymentMethod::Cash, PaymentMethod::BankTransfer, PaymentMethod::Card,
                                   PaymentMethod::EWallet}) {
        const auto sold = z.salesByMethod.count(pm) ? z.salesByMethod.at(pm) : 0;
        const auto refunded = z.refundsByMethod.count(pm) ? z.refundsByMethod.at(pm) : 0;
        QVariantMap row;
        row.insert(QStringLiteral("name"), sv(english ? paymentMethodNameEn(pm) : paymentMethodNameVi(pm)));
        row.insert(QStringLiteral("sales"), moneyText(sold));
        row.insert(QStringLiteral("refunds"), moneyText(refunded));
        methods.append(row);
    }
    m.insert(QStringLiteral("methods"), methods);
    QVariantList counts;
    for (const auto& [denom, count] : z.countedByDenomination) {
        if (count == 0)
            continue;
        QVariantMap row;
        row.insert(QStringLiteral("denomination"), QString::fromStdString(formatVndPlain(denom)));
        row.insert(QStringLiteral("count"), QVariant::fromValue<qint64>(count));
        row.insert(QStringLiteral("amount"), moneyText(denom * count));
        counts.prepend(row); // largest first
    }
    m.insert(QStringLiteral("counts"), counts);
    return m;
}

void PosController::beginCloseShift()
{
    if (!m_user)
        return;
    guarded([&] {
        reloadShift();
        if (m_shift)
            m_zReport = zReportMap(m_service.store().shiftReport(m_shift->id, nowMs()), false, english());
        emit zReportChanged();
        setScreen(QStringLiteral("shiftclose"));
    });
}

qint64 PosController::expectedCash() const
{
    return m_zReport.value(QStringLiteral("expectedCashValue")).toLongLong();
}

static std::map<std::int64_t, std::int64_t> countsFromMap(const QVariantMap& counts)
{
    std::map<std::int64_t, std::int64_t> out;
    for (auto it = counts.begin(); it != counts.end(); ++it) {
        bool ok = false;
        const qint64 denom = it.key().toLongLong(&ok);
        const qint64 n = it.value().toLongLong();
        if (ok && n != 0)
            out[denom] = n;
    }
    return out;
}

qint64 PosController::sumCounts(const QVariantMap& counts) const
{
    return sumDenominations(countsFromMap(counts));
}

bool PosController::closeShift(const QVariantMap& counts)
{
    if (!m_user || !m_shift)
        return false;
    return guarded([&] {
        const ZReport z = m_service.store().closeShift(m_shift->id, countsFromMap(counts), nowMs());
        m_zReport = zReportMap(z, true, english());
        reloadShift();
        emit zReportChanged();
    });
}

// ------------------------------------------------------------ catalog and cart

QVariantList PosController::groups() const
{
    QVariantList out;
    QVariantMap all;
    all.insert(QStringLiteral("id"), 0);
    all.insert(QStringLiteral("key"), QStringLiteral("all"));
    all.insert(QStringLiteral("name"), tr("All"));
    out.append(all);
    for (int g = 1; g <= 6; ++g) {
        const auto group = static_cast<OcopGroup>(g);
        QVariantMap m;
        m.insert(QStringLiteral("id"), g);
        m.insert(QStringLiteral("key"), sv(groupKey(group)));
        m.insert(QStringLiteral("name"), sv(english() ? groupNameEn(group) : groupNameVi(group)));
        out.append(m);
    }
    return out;
}

void PosController::cartChanged()
{
    m_cartModel.update(m_cart);
    if (m_cart.empty())
        m_approvedBy.clear();
    emit totalsChanged();
    paymentsUpdated();
}

int PosController::itemCount() const { return static_cast<int>(m_cart.totals().itemCount); }
qint64 PosController::total() const { return m_cart.totals().total; }
QString PosController::totalText() const { return moneyText(m_cart.totals().total); }
QString PosController::grossText() const { return moneyText(m_cart.totals().gross); }
QString PosController::discountText() const
{
    const auto d = m_cart.totals().discountTotal();
    return d > 0 ? QStringLiteral("−") + moneyText(d) : moneyText(0);
}
bool PosController::hasDiscount() const { return m_cart.totals().discountTotal() > 0; }
QString PosController::vatText() const { return moneyText(m_cart.totals().vat); }
QVariantList PosController::vatLines() const
{
    QVariantList out;
    for (const auto& v : m_cart.totals().vatByRate) {
        QVariantMap m;
        m.insert(QStringLiteral("rate"), v.rate);
        m.insert(QStringLiteral("vat"), moneyText(v.vat));
        out.append(m);
    }
    return out;
}
int PosController::discountLimitPercent() const { return m_settings.discountLimitPercent; }

bool PosController::addProduct(const QString& code)
{
    return guarded([&] {
        const Product& p = m_service.requireSellable(code.toStdString());
        m_cart.add(p, 1);
        cartChanged();
        emit productAdded(qs(p.nameVi));
    });
}

namespace {

// "2026-11-23" -> "23/11/2026"; anything else as it is.
QString dayText(const std::string& iso)
{
    if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-')
        return QString::fromStdString(iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4));
    return QString::fromStdString(iso);
}

} // namespace

bool PosController::vietQrAvailable() const
{
    return m_service.store().setting("bank_bin").value_or("").size() == 6 &&
           !m_service.store().setting("bank_account").value_or("").empty();
}

QString PosController::vietQrAccount() const
{
    if (!vietQrAvailable())
        return {};
    const Store& s = m_service.store();
    QString text = qs(s.setting("bank_account").value_or(""));
    if (const auto name = s.setting("bank_account_name"); name && !name->empty())
        text += QStringLiteral(" · ") + qs(*name);
    return text;
}

QString PosController::vietQrPurpose() const
{
    return qs(scan::vietQrPurpose("OCOP " + m_service.store().nextReceiptNo()));
}

QString PosController::vietQrPayload(qint64 amount) const
{
    if (!vietQrAvailable() || amount <= 0)
        return {};
    const Store& s = m_service.store();
    scan::VietQrRequest req;
    req.bankBin = *s.setting("bank_bin");
    req.account = *s.setting("bank_account");
    req.amount = amount;
    req.purpose = vietQrPurpose().toStdString();
    try {
        return qs(scan::buildVietQr(req));
    } catch (const UserError& e) {
        spdlog::warn("VietQR: {}", e.what());
        return {};
    }
}

QString PosController::scanProblemText(const ScanResolution& r) const
{
    const QString arg = QString::fromStdString(r.problemArg);
    switch (r.problemKind) {
    case ScanProblem::BankTransferCode:
        return tr("This is a VietQR bank-transfer code, not a product");
    case ScanProblem::PaymentCode:
        return tr("This is a payment code, not a product");
    case ScanProblem::UnknownBarcode:
        return tr("No product with barcode %1 in this shop's catalog").arg(arg);
    case ScanProblem::ForeignTraceCode:
        return tr("This traceability code is for a product outside this shop's catalog");
    case ScanProblem::ForeignLink:
        return tr("This link is not a product of this shop's catalog");
    case ScanProblem::Malformed:
        return tr("The code could not be used: %1").arg(arg);
    case ScanProblem::UnknownCode:
    case ScanProblem::None:
        break;
    }
    return tr("No product with code or barcode %1").arg(arg);
}

void PosController::openTrace(const Product& product, const std::optional<LotDates>& lot, bool fromScan)
{
    const std::string today = localIsoDate(nowMs());
    const TraceInfo t = m_service.traceFor(product, lot, today);
    m_traceProduct = product.code;
    m_traceLot = lot;
    QVariantMap m;
    auto put = [&m](const char* k, const QVariant& v) { m.insert(QString::fromLatin1(k), v); };
    put("open", true);
    put("fromScan", fromScan);
    put("code", qs(product.code));
    put("gtin", qs(product.gtin));
    put("name", qs(english() && !product.nameEn.empty() ? product.nameEn : product.nameVi));
    put("stars", product.stars);
    put("potentialFiveStar", product.potentialFiveStar);
    put("group", sv(english() ? groupNameEn(product.group) : groupNameVi(product.group)));
    put("priceText", moneyText(product.price));
    put("unit", qs(product.unit));
    put("active", product.active);
    put("traceUrl", qs(product.traceUrl));
    if (t.producer) {
        put("producer", qs(t.producer->name));
        put("producerKind", english() ? sv(producerKindKey(t.producer->kind)) : sv(producerKindNameVi(t.producer->kind)));
        QStringList place;
        for (const auto* part : {&t.producer->commune, &t.producer->district, &t.producer->province})
            if (!part->empty())
                place << qs(*part);
        put("origin", place.join(QStringLiteral(", ")));
    }
    put("certificateNo", qs(product.certificateNo));
    put("certificateIssuer", qs(product.certificateIssuer));
    put("certificateIssued", dayText(product.certificateIssued));
    put("certificateExpiry", dayText(product.certificateExpiry));
    put("certificateStatus", sv(validityKey(t.certificate)));
    put("certificateDaysLeft", t.certificateDaysLeft ? QVariant(*t.certificateDaysLeft) : QVariant());
    put("hasLot", t.lot.has_value());
    if (t.lot) {
        put("lot", qs(t.lot->lot));
        put("production", dayText(t.lot->production));
        put("bestBefore", dayText(t.lot->bestBefore));
        put("expiry", dayText(t.lot->expiry));
        put("expiryMonthOnly", t.lot->expiryMonthOnly);
        put("lotStatus", sv(validityKey(t.lotValidity)));
        put("lotDaysLeft", t.lotDaysLeft ? QVariant(*t.lotDaysLeft) : QVariant());
    }
    put("needsOverride", t.needsOverride());
    put("overrideNeedsPin", t.needsOverride() && !isManager());
    put("canAdd", m_screen == QLatin1String("sell") && product.active && m_user.has_value());
    m_trace = m;
    emit traceChanged();
}

void PosController::showTrace(const QString& productCode)
{
    if (const Product* p = m_service.productByCode(productCode.toStdString()))
        openTrace(*p, std::nullopt, false);
}

void PosController::closeTrace()
{
    if (m_trace.isEmpty())
        return;
    m_trace.clear();
    m_traceProduct.clear();
    m_traceLot.reset();
    emit traceChanged();
}

void PosController::addWithLot(const Product& product, const std::optional<LotDates>& lot, const std::string& approvedBy)
{
    if (!product.active)
        throw UserError(product.nameVi + " is no longer on sale");
    LotInfo info;
    if (lot) {
        info.lot = lot->lot;
        info.expiry = lot->limit();
        info.expiredApprovedBy = approvedBy;
    }
    m_cart.add(product, 1, info);
    cartChanged();
    emit productAdded(qs(product.nameVi));
}

bool PosController::addTracedProduct(const QString& managerPin)
{
    const Product* p = m_service.productByCode(m_traceProduct);
    if (!p)
        return false;
    return guarded([&] {
        std::string approvedBy;
        if (m_traceLot && traceInfo(*p, std::nullopt, m_traceLot, localIsoDate(nowMs())).needsOverride()) {
            if (isManager()) {
                approvedBy = m_user->id;
            } else {
                if (managerPin.isEmpty())
                    throw UserError("an expired lot needs a manager's PIN");
                approvedBy = m_service.store().authenticateManager(managerPin.toStdString(), nowMs()).id;
            }
        }
        addWithLot(*p, m_traceLot, approvedBy);
        if (!approvedBy.empty())
            spdlog::warn("expired lot {} of {} added with approval of {}", m_traceLot->lot, p->code, approvedBy);
        closeTrace();
    });
}

bool PosController::handleScan(const QString& code, const QString& symbologyId)
{
    if (m_screen == QLatin1String("sell")) {
        const auto r = m_service.resolveScan(code.toStdString(), symbologyId.toStdString(), localIsoDate(nowMs()));
        if (!r.product) {
            setError(scanProblemText(r));
            return true;
        }
        const std::string today = localIsoDate(nowMs());
        const bool expired = r.lot && traceInfo(*r.product, std::nullopt, r.lot, today).needsOverride();
        if (r.traceability || expired) {
            openTrace(*r.product, r.lot, true);
            clearError(); // the panel says what is wrong with the lot
            return true;
        }
        guarded([&] {
            addWithLot(*r.product, r.lot, {});
            if (validityOn(r.product->certificateExpiry, today, 0) == Validity::Expired)
                setInfo(tr("Note: the OCOP certificate of %1 has expired").arg(qs(r.product->nameVi)));
        });
        return true;
    }
    if (m_screen == QLatin1String("return")) {
        lookupReturn(code);
        return true;
    }
    return false;
}

void PosController::increment(int row)
{
    if (row < 0 || row >= static_cast<int>(m_cart.lines().size()))
        return;
    setQuantity(row, m_cart.lines()[static_cast<std::size_t>(row)].quantity + 1);
}

void PosController::decrement(int row)
{
    if (row < 0 || row >= static_cast<int>(m_cart.lines().size()))
        return;
    const auto q = m_cart.lines()[static_cast<std::size_t>(row)].quantity;
    if (q <= 1)
        removeLine(row);
    else
        setQuantity(row, q - 1);
}

void PosController::setQuantity(int row, qint64 quantity)
{
    guarded([&] {
        m_cart.setQuantity(static_cast<std::size_t>(row), quantity);
        cartChanged();
    });
}

void PosController::removeLine(int row)
{
    guarded([&] {
        m_cart.remove(static_cast<std::size_t>(row));
        cartChanged();
    });
}

void PosController::voidCart()
{
    if (m_cart.empty())
        return;
    guarded([&] {
        if (m_user)
            m_service.store().recordVoid(m_cart, m_user->id, "cleared at the terminal", nowMs());
        m_cart.clear();
        m_payments.clear();
        cartChanged();
    });
}

static Discount makeDiscount(const QString& kind, qint64 value)
{
    if (value <= 0)
        return {};
    if (kind == QLatin1String("percent"))
        return Discount::percent(static_cast<int>(std::min<qint64>(value, 100)));
    return Discount::amount(value);
}

bool PosController::discountNeedsApproval(int row, const QString& kind, qint64 value) const
{
    try {
        Cart trial = m_cart;
        if (row < 0)
            trial.setCartDiscount(makeDiscount(kind, value));
        else
            trial.setLineDiscount(static_cast<std::size_t>(row), makeDiscount(kind, value));
        return trial.totals().discountBasisPoints() > static_cast<std::int64_t>(m_settings.discountLimitPercent) * 100;
    } catch (const std::exception&) {
        return false;
    }
}

bool PosController::applyDiscount(int row, const QString& kind, qint64 value, const QString& managerPin)
{
    return guarded([&] {
        Cart trial = m_cart;
        if (row < 0)
            trial.setCartDiscount(makeDiscount(kind, value));
        else
            trial.setLineDiscount(static_cast<std::size_t>(row), makeDiscount(kind, value));
        const bool needs =
            trial.totals().discountBasisPoints() > static_cast<std::int64_t>(m_settings.discountLimitPercent) * 100;
        if (needs && !(m_user && m_user->role == Role::Manager)) {
            if (managerPin.isEmpty())
                throw UserError(tr("A discount above %1% needs a manager PIN")
                                    .arg(m_settings.discountLimitPercent)
                                    .toStdString());
            const User manager = m_service.store().authenticateManager(managerPin.toStdString(), nowMs());
            m_approvedBy = manager.id;
        } else if (needs) {
            m_approvedBy = m_user->id;
        }
        m_cart = trial;
        cartChanged();
    });
}

// ------------------------------------------------------------ tendering

QVariantList PosController::quickCash() const
{
    QVariantList out;
    for (const auto v : kQuickCashAmounts) {
        QVariantMap m;
        m.insert(QStringLiteral("value"), QVariant::fromValue<qint64>(v));
        m.insert(QStringLiteral("text"), QString::fromStdString(formatVndPlain(v)));
        out.append(m);
    }
    return out;
}

void PosController::paymentsUpdated()
{
    m_paymentModel.update(m_payments, english());
    emit paymentsChanged();
}

qint64 PosController::amountDue() const { return ocop::amountDue(m_cart.totals().total, m_payments); }
QString PosController::amountDueText() const { return moneyText(amountDue()); }
QString PosController::paidText() const
{
    Money paid = 0;
    for (const auto& p : m_payments)
        paid += p.amount;
    return moneyText(paid);
}
qint64 PosController::change() const
{
    try {
        return settle(m_cart.totals().total, m_payments).change;
    } catch (const std::exception&) {
        return 0;
    }
}
QString PosController::changeText() const { return moneyText(change()); }
bool PosController::canComplete() const
{
    if (m_cart.empty() || m_payments.empty())
        return false;
    try {
        settle(m_cart.totals().total, m_payments);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

void PosController::startPayment()
{
    if (m_cart.empty()) {
        setError(translateError(QStringLiteral("the cart is empty")));
        return;
    }
    m_payments.clear();
    paymentsUpdated();
    setScreen(QStringLiteral("pay"));
}

void PosController::backToSell()
{
    m_payments.clear();
    paymentsUpdated();
    setScreen(QStringLiteral("sell"));
}

bool PosController::addPayment(const QString& method, qint64 amount, const QString& reference)
{
    return guarded([&] {
        const auto m = methodFromQString(method);
        if (!m)
            throw UserError(tr("Unknown payment method %1").arg(method).toStdString());
        if (amount <= 0)
            throw UserError(tr("Enter an amount above zero").toStdString());
        const Money due = amountDue();
        if (*m != PaymentMethod::Cash && amount > due)
            throw UserError(tr("Only cash can be more than the amount due (%1)").arg(moneyText(due)).toStdString());
        if (*m != PaymentMethod::Cash && due == 0)
            throw UserError(tr("The sale is already paid").toStdString());
        // Taps of the same cash note add up on one line.
        if (*m == PaymentMethod::Cash && !m_payments.empty() && m_payments.back().method == PaymentMethod::Cash)
            m_payments.back().amount += amount;
        else
            m_payments.push_back(Payment{*m, amount, reference.trimmed().toStdString()});
        paymentsUpdated();
    });
}

bool PosController::payRemaining(const QString& method, const QString& reference)
{
    const Money due = amountDue();
    if (due <= 0)
        return true;
    return addPayment(method, due, reference);
}

void PosController::removePayment(int row)
{
    if (row < 0 || row >= static_cast<int>(m_payments.size()))
        return;
    m_payments.erase(m_payments.begin() + row);
    paymentsUpdated();
}

bool PosController::completeSale()
{
    if (!m_user || !m_shift)
        return false;
    return guarded([&] {
        SaleDraft draft;
        draft.cart = &m_cart;
        draft.payments = m_payments;
        draft.cashierId = m_user->id;
        draft.shiftId = m_shift->id;
        draft.approvedBy = m_approvedBy;
        const Sale sale = m_service.store().commitSale(draft, nowMs());
        spdlog::info("sale {} total {}", sale.receiptNo, sale.total);
        m_cart.clear();
        m_payments.clear();
        m_approvedBy.clear();
        cartChanged();
        setReceipt(m_service.saleReceipt(sale));
        m_receiptChange = sale.change;
        emit receiptChanged();
        refreshRecentSales();
        setScreen(QStringLiteral("receipt"));
    });
}

// ------------------------------------------------------------ receipts

void PosController::setReceipt(const Receipt& receipt)
{
    QImage image = renderReceipt(receipt, paperWidth(m_settings));
    {
        QMutexLocker lock(&m_previewMutex);
        m_preview = std::move(image);
    }
    m_lastReceipt = receipt;
    m_receiptNo = qs(receipt.receiptNo);
    m_receiptTitle = qs(receipt.title);
    m_receiptIsReturn = receipt.kind == Receipt::Kind::Return;
    m_receiptReprint = receipt.reprint;
    m_receiptChange = receipt.change;
    ++m_receiptVersion;
    emit receiptChanged();
}

QString PosController::receiptTitle() const { return m_receiptTitle; }

QString PosController::receiptHeading() const
{
    if (m_receiptReprint)
        return tr("Reprint");
    return m_receiptIsReturn ? tr("Return complete") : tr("Sale complete");
}

QString PosController::receiptImage() const
{
    if (m_receiptNo.isEmpty())
        return {};
    return QStringLiteral("image://receipt/%1?v=%2").arg(m_receiptNo).arg(m_receiptVersion);
}

QString PosController::receiptChangeText() const { return moneyText(m_receiptChange); }

QImage PosController::receiptPreview(const QString&) const
{
    QMutexLocker lock(&m_previewMutex);
    return m_preview;
}

bool PosController::printReceipt()
{
    if (!m_lastReceipt)
        return false;
    return guarded([&] {
        if (m_settings.printer.empty())
            throw UserError(tr("No receipt printer is set up (setting \"printer\")").toStdString());
        const std::string bytes = renderReceiptEscPos(*m_lastReceipt, paperWidth(m_settings));
        const PrintResult r = sendToPrinter(m_settings.printer, bytes);
        if (!r.ok)
            throw UserError(tr("Printing failed: %1").arg(QString::fromStdString(r.error)).toStdString());
        setInfo(tr("Receipt %1 sent to the printer").arg(m_receiptNo));
    });
}

bool PosController::showReceipt(const QString& receiptNo, bool reprint)
{
    return guarded([&] {
        const auto r = m_service.receiptFor(receiptNo.trimmed().toStdString(), reprint);
        if (!r)
            throw UserError("no sale with receipt " + receiptNo.trimmed().toStdString());
        setReceipt(*r);
        setScreen(QStringLiteral("receipt"));
    });
}

void PosController::newSale()
{
    setInfo({});
    setScreen(m_shift ? QStringLiteral("sell") : QStringLiteral("shift"));
}

void PosController::refreshRecentSales() { emit recentSalesChanged(); }

QVariantList PosController::recentSales() const
{
    QVariantList out;
    try {
        for (const auto& s : m_service.store().recentSales(12)) {
            QVariantMap m;
            m.insert(QStringLiteral("receiptNo"), qs(s.receiptNo));
            m.insert(QStringLiteral("time"), localTime(s.createdAt));
            m.insert(QStringLiteral("totalText"), moneyText(s.total));
            m.insert(QStringLiteral("items"), QVariant::fromValue<qint64>(s.items));
            m.insert(QStringLiteral("cashierName"), qs(s.cashierName));
            out.append(m);
        }
    } catch (const std::exception& e) {
        spdlog::warn("recent sales: {}", e.what());
    }
    return out;
}

// ------------------------------------------------------------ returns

void PosController::startReturn()
{
    m_returnSale.reset();
    m_returnPicks.clear();
    updateReturnPicks();
    setScreen(QStringLiteral("return"));
}

bool PosController::lookupReturn(const QString& receiptNo)
{
    return guarded([&] {
        const std::string no = receiptNo.trimmed().toStdString();
        auto sale = m_service.store().saleByReceipt(no);
        if (!sale)
            throw UserError("no sale with receipt " + no);
        const auto returned = m_service.store().returnedQuantities(sale->receiptSeq);
        m_returnPicks.clear();
        for (const auto& line : sale->lines) {
            ReturnPick p;
            p.line = line;
            const auto it = returned.find(line.lineNo);
            p.returnable = line.quantity - (it == returned.end() ? 0 : it->second);
            m_returnPicks.push_back(p);
        }
        m_returnSale = std::move(sale);
        updateReturnPicks();
    });
}

void PosController::updateReturnPicks()
{
    Money total = 0;
    for (auto& p : m_returnPicks) {
        p.refund = p.picked > 0 ? refundForQuantity(p.line, p.line.quantity - p.returnable, p.picked) : 0;
        total += p.refund;
    }
    m_returnModel.update(m_returnPicks);
    emit returnChanged();
}

void PosController::setReturnQuantity(int row, qint64 quantity)
{
    if (row < 0 || row >= static_cast<int>(m_returnPicks.size()))
        return;
    auto& p = m_returnPicks[static_cast<std::size_t>(row)];
    p.picked = std::clamp<qint64>(quantity, 0, p.returnable);
    updateReturnPicks();
}

void PosController::returnAll()
{
    for (auto& p : m_returnPicks)
        p.picked = p.returnable;
    updateReturnPicks();
}

QString PosController::returnReceiptNo() const { return m_returnSale ? qs(m_returnSale->receiptNo) : QString(); }

QString PosController::returnSaleInfo() const
{
    if (!m_returnSale)
        return {};
    return tr("%1 · %2 · total %3")
        .arg(localTime(m_returnSale->createdAt), qs(m_returnSale->cashierName), moneyText(m_returnSale->total));
}

QString PosController::returnRefundText() const
{
    Money total = 0;
    for (const auto& p : m_returnPicks)
        total += p.refund;
    return moneyText(total);
}

bool PosController::canReturn() const
{
    return std::any_of(m_returnPicks.begin(), m_returnPicks.end(), [](const ReturnPick& p) { return p.picked > 0; });
}

QString PosController::returnDefaultMethod() const
{
    if (!m_returnSale || m_returnSale->payments.empty())
        return QStringLiteral("cash");
    return sv(paymentMethodKey(m_returnSale->payments.front().method));
}

bool PosController::commitReturn(const QString& refundMethod, const QString& reason)
{
    if (!m_user || !m_shift || !m_returnSale)
        return false;
    return guarded([&] {
        ReturnDraft draft;
        draft.originalReceiptNo = m_returnSale->receiptNo;
        for (const auto& p : m_returnPicks)
            if (p.picked > 0)
                draft.lines.push_back(ReturnRequestLine{p.line.lineNo, p.line.productCode, p.picked});
        if (draft.lines.empty())
            throw UserError(tr("Pick at least one item to return").toStdString());
        draft.refundMethod = methodFromQString(refundMethod);
        draft.cashierId = m_user->id;
        draft.shiftId = m_shift->id;
        draft.reason = reason.trimmed().toStdString();
        const SaleReturn ret = m_service.store().commitReturn(draft, nowMs());
        spdlog::info("return {} of {} refund {}", ret.receiptNo, ret.originalReceiptNo, ret.total);
        m_returnSale.reset();
        m_returnPicks.clear();
        updateReturnPicks();
        setReceipt(receiptForReturn(ret, m_service.shopHeader()));
        m_receiptChange = 0;
        emit receiptChanged();
        setScreen(QStringLiteral("receipt"));
    });
}

} // namespace ocop
