#include "app/models.h"

#include "core/catalog.h"
#include "service/pos_service.h"

namespace ocop {

QString qs(const std::string& s) { return QString::fromStdString(s); }
QString moneyText(Money amount) { return QString::fromStdString(formatVnd(amount)); }

// ---------------------------------------------------------------- products

ProductListModel::ProductListModel(QObject* parent) : QAbstractListModel(parent) {}

void ProductListModel::setService(PosService* service)
{
    m_service = service;
    refresh();
}

void ProductListModel::setGroup(int group)
{
    if (group == m_group)
        return;
    m_group = group;
    emit groupChanged();
    refresh();
}

void ProductListModel::setSearchText(const QString& text)
{
    if (text == m_searchText)
        return;
    m_searchText = text;
    emit searchTextChanged();
    refresh();
}

void ProductListModel::refresh()
{
    const int before = static_cast<int>(m_rows.size());
    beginResetModel();
    m_rows.clear();
    if (m_service) {
        const auto query = m_searchText.trimmed().toStdString();
        m_rows = query.empty() ? m_service->browse(m_group, 400) : m_service->search(query, 100, m_group);
    }
    endResetModel();
    if (before != static_cast<int>(m_rows.size()))
        emit countChanged();
}

int ProductListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ProductListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount())
        return {};
    const Product& p = *m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return qs(p.nameVi);
    case CodeRole: return qs(p.code);
    case PriceRole: return QVariant::fromValue<qint64>(p.price);
    case PriceTextRole: return moneyText(p.price);
    case StarsRole: return p.stars;
    case PotentialFiveStarRole: return p.potentialFiveStar;
    case GroupRole: return static_cast<int>(p.group);
    case GroupKeyRole: return QString::fromUtf8(groupKey(p.group).data(), static_cast<int>(groupKey(p.group).size()));
    case UnitRole: return qs(p.unit);
    case GtinRole: return qs(p.gtin);
    }
    return {};
}

QHash<int, QByteArray> ProductListModel::roleNames() const
{
    return {{CodeRole, "code"},   {NameRole, "name"},       {PriceRole, "price"},
            {PriceTextRole, "priceText"}, {StarsRole, "stars"}, {PotentialFiveStarRole, "potentialFiveStar"},
            {GroupRole, "group"}, {GroupKeyRole, "groupKey"}, {UnitRole, "unit"},
            {GtinRole, "gtin"}};
}

QString ProductListModel::codeAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return qs(m_rows[static_cast<std::size_t>(row)]->code);
}

// ---------------------------------------------------------------- cart

CartModel::CartModel(QObject* parent) : QAbstractListModel(parent) {}

void CartModel::update(const Cart& cart)
{
    const auto before = m_lines.size();
    const auto after = cart.lines().size();
    const auto totals = cart.totals();
    if (before == after) {
        m_lines = cart.lines();
        m_totals = totals;
        if (after > 0)
            emit dataChanged(index(0), index(static_cast<int>(after) - 1));
        return;
    }
    beginResetModel();
    m_lines = cart.lines();
    m_totals = totals;
    endResetModel();
    emit countChanged();
}

int CartModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_lines.size());
}

QVariant CartModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount())
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const CartLine& l = m_lines[row];
    const LineTotals t = row < m_totals.lines.size() ? m_totals.lines[row] : LineTotals{};
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return qs(l.name);
    case CodeRole: return qs(l.productCode);
    case QuantityRole: return QVariant::fromValue<qint64>(l.quantity);
    case UnitRole: return qs(l.unit);
    case StarsRole: return l.stars;
    case UnitPriceTextRole: return moneyText(l.unitPrice);
    case GrossTextRole: return moneyText(t.gross);
    case NetTextRole: return moneyText(t.gross - t.lineDiscount);
    case DiscountTextRole:
        if (l.discount.kind == DiscountKind::Percent)
            return QStringLiteral("-%1% (−%2)").arg(l.discount.value).arg(moneyText(t.lineDiscount));
        return QStringLiteral("−%1").arg(moneyText(t.lineDiscount));
    case HasDiscountRole: return t.lineDiscount > 0;
    }
    return {};
}

QHash<int, QByteArray> CartModel::roleNames() const
{
    return {{CodeRole, "code"},       {NameRole, "name"},
            {QuantityRole, "quantity"}, {UnitRole, "unit"},
            {StarsRole, "stars"},     {UnitPriceTextRole, "unitPriceText"},
            {GrossTextRole, "grossText"}, {NetTextRole, "netText"},
            {DiscountTextRole, "discountText"}, {HasDiscountRole, "hasDiscount"}};
}

// ---------------------------------------------------------------- payments

PaymentListModel::PaymentListModel(QObject* parent) : QAbstractListModel(parent) {}

void PaymentListModel::update(const std::vector<Payment>& payments, bool english)
{
    beginResetModel();
    const bool countChange = payments.size() != m_payments.size();
    m_payments = payments;
    m_english = english;
    endResetModel();
    if (countChange)
        emit countChanged();
}

int PaymentListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_payments.size());
}

QVariant PaymentListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount())
        return {};
    const Payment& p = m_payments[static_cast<std::size_t>(index.row())];
    switch (role) {
    case MethodRole: {
        const auto k = paymentMethodKey(p.method);
        return QString::fromUtf8(k.data(), static_cast<int>(k.size()));
    }
    case Qt::DisplayRole:
    case MethodNameRole: {
        const auto n = m_english ? paymentMethodNameEn(p.method) : paymentMethodNameVi(p.method);
        return QString::fromUtf8(n.data(), static_cast<int>(n.size()));
    }
    case AmountRole: return QVariant::fromValue<qint64>(p.amount);
    case AmountTextRole: return moneyText(p.amount);
    case ReferenceRole: return qs(p.reference);
    }
    return {};
}

QHash<int, QByteArray> PaymentListModel::roleNames() const
{
    return {{MethodRole, "method"},
            {MethodNameRole, "methodName"},
            {AmountRole, "amount"},
            {AmountTextRole, "amountText"},
            {ReferenceRole, "reference"}};
}

// ---------------------------------------------------------------- returns

ReturnLinesModel::ReturnLinesModel(QObject* parent) : QAbstractListModel(parent) {}

void ReturnLinesModel::update(const std::vector<ReturnPick>& picks)
{
    if (picks.size() == m_picks.size()) {
        m_picks = picks;
        if (!m_picks.empty())
            emit dataChanged(index(0), index(rowCount() - 1));
        return;
    }
    beginResetModel();
    m_picks = picks;
    endResetModel();
    emit countChanged();
}

int ReturnLinesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_picks.size());
}

QVariant ReturnLinesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount())
        return {};
    const ReturnPick& p = m_picks[static_cast<std::size_t>(index.row())];
    switch (role) {
    case LineNoRole: return p.line.lineNo;
    case Qt::DisplayRole:
    case NameRole: return qs(p.line.name);
    case SoldRole: return QVariant::fromValue<qint64>(p.line.quantity);
    case ReturnableRole: return QVariant::fromValue<qint64>(p.returnable);
    case PickedRole: return QVariant::fromValue<qint64>(p.picked);
    case UnitPriceTextRole: return moneyText(p.line.unitPrice);
    case NetTextRole: return moneyText(p.line.net);
    case RefundTextRole: return moneyText(p.refund);
    }
    return {};
}

QHash<int, QByteArray> ReturnLinesModel::roleNames() const
{
    return {{LineNoRole, "lineNo"},       {NameRole, "name"},
            {SoldRole, "sold"},           {ReturnableRole, "returnable"},
            {PickedRole, "picked"},       {UnitPriceTextRole, "unitPriceText"},
            {NetTextRole, "netText"},     {RefundTextRole, "refundText"}};
}

} // namespace ocop
